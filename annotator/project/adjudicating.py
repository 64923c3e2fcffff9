"""Review: settle the disagreements between two annotators' layers into the gold layer.

The annotators' layers are never touched. Each decision is one event holding the decision and
the gold annotation it produced, so a reviewer's Ctrl+Z takes back exactly one decision, and
the log says who decided what, when, between which layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.models import GOLD_LAYER, Annotation
from annotator.project.base import ProjectBase
from annotator.review.align import AlignedItem, align
from annotator.store import annotations as ann_store
from annotator.store import exchange
from annotator.store.database import utcnow

DECISIONS = ("a", "b", "edited", "none")


class ReviewError(AnnotatorError):
    code = "E602"


@dataclass(frozen=True)
class ReviewItem:
    aligned: AlignedItem
    key: str  # stable across sessions: the ids of the two annotations
    decision: str | None
    gold: Annotation | None


def item_key(item: AlignedItem) -> str:
    return f"{item.a.id if item.a else ''}|{item.b.id if item.b else ''}"


class AdjudicateMixin(ProjectBase):
    def review_items(self, doc_id: int, layers: tuple[str, str]) -> list[ReviewItem]:
        a_layer, b_layer = self._check_layers(layers)
        aligned = align(ann_store.for_document(self.db, doc_id, a_layer),
                        ann_store.for_document(self.db, doc_id, b_layer))
        decided = {row[0]: (row[1], row[2]) for row in self.db.execute(
            "SELECT item, decision, gold_id FROM review_decisions WHERE doc_id = ? AND layers = ?",
            [doc_id, _pair(layers)])}
        items = []
        for item in aligned:
            key = item_key(item)
            decision, gold_id = decided.get(key, (None, None))
            gold = ann_store.get(self.db, gold_id) if gold_id else None
            items.append(ReviewItem(item, key, decision, gold if gold and not gold.deleted_at else None))
        return items

    def decide(self, doc_id: int, layers: tuple[str, str], key: str, decision: str) -> Annotation | None:
        """Take A's version, B's, an edited copy (of A's, else B's) or nothing into gold."""
        if decision not in DECISIONS:
            raise ReviewError(f"unknown decision {decision!r}", hint=f"Use one of {DECISIONS}.")
        item = self._item(doc_id, layers, key)
        chosen = {"a": item.aligned.a, "b": item.aligned.b, "none": None,
                  "edited": item.aligned.a or item.aligned.b}[decision]
        if decision in ("a", "b") and chosen is None:
            raise ReviewError(f"layer {layers[0 if decision == 'a' else 1]!r} has nothing here",
                              hint="Take the other version, or decide none (N).")
        now = utcnow()
        gold = None
        if chosen is not None:
            previous = item.gold
            gold = Annotation(
                id=previous.id if previous else ann_store.new_id(), doc_id=doc_id,
                layer=GOLD_LAYER, kind=chosen.kind, start=chosen.start, end=chosen.end,
                text=chosen.text, label=chosen.label, attrs=dict(chosen.attrs), origin="review",
                created_at=previous.created_at if previous else now, updated_at=now)
        state = {"decision": decision, "gold_id": gold.id if gold else None,
                 "reviewer": self.annotator, "decided_at": now,
                 "gold": ann_store.to_row(gold) if gold else None}
        self._record("review_decision", [doc_id, key, _pair(layers)], doc_id,  # type: ignore[attr-defined]
                     "set", state)
        return gold

    def accept_identical(self, doc_id: int, layers: tuple[str, str]) -> int:
        """Every item both layers agree on (span, label, slots), taken into gold in one go."""
        n = 0
        for item in self.review_items(doc_id, layers):
            if item.aligned.agreed and item.decision is None:
                self.decide(doc_id, layers, item.key, "a")
                n += 1
        return n

    def review_progress(self, layers: tuple[str, str]) -> dict[str, int]:
        """Decided and total items over the documents either layer has annotated."""
        total = decided = 0
        docs = [r[0] for r in self.db.execute(
            "SELECT DISTINCT doc_id FROM annotations WHERE layer IN (?, ?) AND deleted_at IS NULL",
            list(layers))]
        for doc_id in docs:
            for item in self.review_items(doc_id, layers):
                total += 1
                decided += item.decision is not None
        return {"documents": len(docs), "items": total, "decided": decided}

    def review_documents(self, layers: tuple[str, str]) -> list[dict[str, Any]]:
        """The documents either layer annotated, with their items and decisions counted."""
        self._check_layers(layers)
        docs = [r[0] for r in self.db.execute(
            "SELECT DISTINCT doc_id FROM annotations WHERE layer IN (?, ?) AND deleted_at IS NULL"
            " ORDER BY doc_id", list(layers))]
        out = []
        for doc_id in docs:
            items = self.review_items(doc_id, layers)
            title = self.db.execute("SELECT title FROM documents WHERE id = ?", [doc_id]).fetchone()
            out.append({"doc_id": doc_id, "title": title[0] if title else None,
                        "items": len(items), "decided": sum(i.decision is not None for i in items),
                        "disagreements": sum(not i.aligned.agreed for i in items)})
        return out

    # ------------------------------------------------------------------ checks
    def _check_layers(self, layers: tuple[str, str]) -> tuple[str, str]:
        if len(layers) != 2 or layers[0] == layers[1]:
            raise ReviewError("review compares two different layers")
        if GOLD_LAYER in layers:
            raise ReviewError("the gold layer is the outcome of review, not one of its inputs")
        known = set(exchange.layers(self.db))
        missing = [layer for layer in layers if layer not in known]
        if missing:
            raise ReviewError(f"no layer {missing[0]!r} in this project",
                              hint=f"Layers: {', '.join(sorted(known)) or 'none'}.")
        return layers[0], layers[1]

    def _item(self, doc_id: int, layers: tuple[str, str], key: str) -> ReviewItem:
        for item in self.review_items(doc_id, layers):
            if item.key == key:
                return item
        raise ReviewError(f"no review item {key!r} in document {doc_id}")


def _pair(layers: tuple[str, str]) -> str:
    return f"{layers[0]}|{layers[1]}"
