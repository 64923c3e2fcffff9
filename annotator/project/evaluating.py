"""Suggestion quality against a gold layer: a composed service of the Project.

It decides which documents count and reads each one's gold annotations, its suggestions and
its hard negatives; the figures come from `annotator.review.suggestion_quality` (no SQL).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.models import STATUSES, Annotation, Suggestion
from annotator.core.scheme import Scheme
from annotator.review.suggestion_quality import (
    Case,
    Mention,
    Statement,
    parse_hard_negatives,
    quality_report,
)
from annotator.store import annotations as ann_store
from annotator.store import exchange
from annotator.store import suggestions as suggestion_store
from annotator.store.database import Database


class EvaluationError(AnnotatorError):
    code = "E450"


class Evaluation:
    """Reads only: safe on any connection, including the GUI's worker."""

    def __init__(self, db: Database, scheme: Scheme) -> None:
        self.db = db
        self.scheme = scheme

    def evaluate(self, gold_layer: str, pipeline: str | None = None, *,
                 status: str | None = "done",
                 doc_ids: Sequence[int] | None = None) -> dict[str, Any]:
        """The suggestions against `gold_layer`, as a JSON-able report.

        `pipeline`: whose suggestions (default: per document, the pipeline that ran last on
        it). `status`: the gold layer's documents with this status count ("done": every
        sentence decided, so a sentence without a statement is a negative); "any" or None:
        every document with a gold annotation or status.
        """
        known = exchange.layers(self.db)
        if gold_layer not in known:
            raise EvaluationError(f"no layer {gold_layer!r} in this project",
                                  hint=f"Layers here: {', '.join(known) or 'none yet'}; import "
                                  "a gold layer with `annotator import-layer --layer gold`.")
        if status not in (None, "any", *STATUSES):
            raise EvaluationError(f"unknown status {status!r}", code="E451",
                                  hint=f"Use one of {', '.join(('any', *STATUSES))}.")
        ids = self._doc_ids(gold_layer, None if status == "any" else status, doc_ids)
        if not ids:
            raise EvaluationError(
                f"no document of layer {gold_layer!r} has status {status!r}", code="E452",
                hint="Mark the gold documents done, or pass --status any to count every "
                     "document the layer has labelled.")
        if pipeline is not None and not self.db.execute(
                "SELECT 1 FROM suggestion_runs WHERE pipeline = ? UNION ALL"
                " SELECT 1 FROM suggestions WHERE pipeline = ? LIMIT 1",
                [pipeline, pipeline]).fetchone():
            ran = [r[0] for r in self.db.execute(
                "SELECT DISTINCT pipeline FROM suggestion_runs ORDER BY 1 LIMIT 20")]
            shown = ", ".join(ran) or "none yet (run `annotator suggest`)"
            raise EvaluationError(  # a misspelt key used to report all n/a and exit 0
                f"no pre-highlighting run of pipeline {pipeline!r} in this project", code="E226",
                hint=f"Pipelines that ran here: {shown}; or leave out --pipeline.")
        types = [label.name for label in self.scheme.labels_of("STATEMENT")]
        report = quality_report(self._cases(ids, gold_layer, pipeline), types)
        report.update(gold_layer=gold_layer, status=status or "any",
                      pipeline=pipeline or self._pipelines(ids))
        return report

    def _doc_ids(self, layer: str, status: str | None,
                 doc_ids: Sequence[int] | None) -> list[int]:
        if status is not None:
            ids = [row[0] for row in self.db.execute(
                "SELECT doc_id FROM doc_status WHERE layer = ? AND status = ? ORDER BY doc_id",
                [layer, status])]
        else:
            ids = [row[0] for row in self.db.execute(
                "SELECT doc_id FROM annotations WHERE layer = ? AND deleted_at IS NULL UNION "
                "SELECT doc_id FROM doc_status WHERE layer = ? ORDER BY 1", [layer, layer])]
        if doc_ids is not None:
            wanted = set(doc_ids)
            ids = [i for i in ids if i in wanted]
        return ids

    def _pipelines(self, ids: list[int]) -> str | None:
        """The pipelines that made the suggestions counted, for the report's header."""
        names = sorted({s.pipeline for doc_id in ids[:1000]
                        for s in suggestion_store.suggestions_for(self.db, doc_id)[:1]})
        return ", ".join(names) or None

    def _cases(self, ids: list[int], layer: str, pipeline: str | None) -> Iterator[Case]:
        for doc_id in ids:
            title, meta, text_length = self.db.execute(
                "SELECT title, meta, length(text) FROM documents WHERE id = ?", [doc_id]).fetchone()
            try:
                hard = parse_hard_negatives(json.loads(meta or "{}").get("hard_negatives"),
                                            text_length)
            except ValueError as exc:
                raise EvaluationError(f"document {doc_id}: {exc}", code="E453",
                                      hint="Fix the document's meta in the gold file and "
                                           "import it again.") from None
            gold = ann_store.for_document(self.db, doc_id, layer)
            suggested = suggestion_store.suggestions_for(self.db, doc_id, pipeline)
            yield Case(
                doc_id, title,
                gold=[_gold_statement(a) for a in gold if a.kind == "STATEMENT"],
                suggested=[_suggested_statement(s) for s in suggested if s.kind == "STATEMENT"],
                gold_mentions=[Mention(a.start, a.end, a.label, a.attrs.get("actor_id") or None)
                               for a in gold if a.kind == "MENTION"],
                suggested_mentions=[Mention(s.start, s.end, s.label, s.actor_id)
                                    for s in suggested if s.kind == "MENTION"],
                hard_negatives=hard,
                sentences=_sentence_bounds(suggested),
                suggested_at_all=bool(suggested) or self._ran(doc_id, pipeline),
            )

    def _ran(self, doc_id: int, pipeline: str | None) -> bool:
        sql = "SELECT 1 FROM suggestion_runs WHERE doc_id = ?"
        params: list[Any] = [doc_id]
        if pipeline is not None:
            sql += " AND pipeline = ?"
            params.append(pipeline)
        return self.db.execute(sql, params).fetchone() is not None


def _gold_statement(a: Annotation) -> Statement:
    return Statement(a.start, a.end, a.label, a.attrs.get("holder"), a.attrs.get("target"))


def _suggested_statement(s: Suggestion) -> Statement:
    return Statement(s.start, s.end, s.label, s.attrs.get("holder") or s.actor_id,
                     s.attrs.get("target"))


def _sentence_bounds(suggested: list[Suggestion]) -> list[tuple[int, int]] | None:
    for s in suggested:
        if s.kind == "SENTENCES":
            return [(a, b) for a, b in s.attrs.get("bounds", [])]
    return None
