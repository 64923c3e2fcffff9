"""Agreement between annotator layers: how reliable is the scheme, label by label and slot by slot.

What is measured, and on what:

* **Spans** — precision / recall / F1 per label, with layer A as the reference and B as the
  prediction (F1 is symmetric, so the choice only decides which figure is called precision).
  *Exact*: same label, start and end. *Overlap*: same label and at least one shared character,
  paired one-to-one (a maximum matching, so the count does not depend on span order). Counted
  per document (spans of different documents never match), summed over the corpus; micro over
  all spans, macro as the mean over labels that either layer used, and micro per kind, because
  pre-highlighted mentions would otherwise hide how the statements fare.
* **Cohen's kappa** — for each document label over the documents both layers labelled, and for
  the statement type (the STATEMENT label) over statement spans the alignment matched (exact,
  same span with another label, or overlapping).
* **Krippendorff's alpha** — per statement slot over statement units (see `units.py` for how
  statements of several layers become one unit), for any number of layers, with missing
  values: nominal for categorical slots, ordinal for slots the scheme marks `ordered`
  (strength, in the scheme's value order), each topic value as its own present/absent
  variable. Alpha is also given across all layers for the statement type and document labels,
  which is what replaces kappa when there are more than two layers.

Missing values, deliberately: an unset choice or actor slot is missing (the annotator did not
say), an unset yes/no slot is "no" (the UI toggles it, so untouched means not negated), and a
statement with no topic at all is missing for every topic value rather than "absent" for each.
Yes/no slots read "no"/"yes" and topic values "absent"/"present" in the report.

Pairwise figures (spans, kappa) are given for the first two layers in full and for every pair
in summary; alpha is computed across all the layers at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from annotator.core.models import KINDS, Annotation
from annotator.core.scheme import Scheme, Slot
from annotator.review.align import align
from annotator.review.measures import cohen_kappa, krippendorff_alpha, mean, prf, ratio
from annotator.review.units import MATCHED, StatementUnit, statement_units

MODES = ("exact", "overlap")
YES_NO = ("no", "yes")  # how a yes/no slot's values read in reasons and counts
PRESENCE = ("absent", "present")  # one value of a multi-valued slot


@dataclass(frozen=True)
class DocumentLayers:
    """One document as the compared layers left it."""

    doc_id: int
    title: str | None
    annotations: Mapping[str, Sequence[Annotation]]  # layer -> its annotations here
    doc_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # layer -> labels


# ---------------------------------------------------------------------- spans
@dataclass
class _Tally:
    exact: int = 0
    overlap: int = 0
    n_a: int = 0
    n_b: int = 0

    def add(self, other: _Tally) -> None:
        self.exact += other.exact
        self.overlap += other.overlap
        self.n_a += other.n_a
        self.n_b += other.n_b

    def matched(self, mode: str) -> int:
        return self.exact if mode == "exact" else self.overlap


def count_spans(a_items: Sequence[Annotation], b_items: Sequence[Annotation]) -> dict[str, _Tally]:
    """Per label: spans in A, in B, and how many pair up exactly and by overlap (one document)."""
    spans: dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    for side, items in enumerate((a_items, b_items)):
        for item in items:
            spans.setdefault(item.label, ([], []))[side].append((item.start, item.end))
    tallies = {}
    for label, (a, b) in spans.items():
        exact = _multiset_overlap(a, b)
        tallies[label] = _Tally(exact, _max_overlap_matching(a, b), len(a), len(b))
    return tallies


def _multiset_overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    left = list(b)
    found = 0
    for span in a:
        if span in left:
            left.remove(span)
            found += 1
    return found


def _max_overlap_matching(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Most one-to-one pairs of overlapping spans (augmenting paths; a handful per label)."""
    edges = [[j for j, y in enumerate(b) if min(x[1], y[1]) > max(x[0], y[0])] for x in a]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(augment(i, set()) for i in range(len(a)))


def span_figures(tallies: Mapping[str, _Tally], scheme: Scheme) -> dict[str, Any]:
    """P/R/F1 per label, micro, macro and micro per kind, for both match modes."""
    order = [label.name for label in scheme.labels if label.name in tallies]
    order += sorted(set(tallies) - set(order))  # labels the scheme no longer has
    kind_of = {label.name: label.kind for label in scheme.labels}
    out: dict[str, Any] = {}
    for mode in MODES:
        labels = {name: prf(tallies[name].matched(mode), tallies[name].n_a, tallies[name].n_b)
                  for name in order}
        kinds = {}
        for kind in KINDS:
            names = [n for n in order if kind_of.get(n) == kind]
            if names:
                kinds[kind] = _micro([tallies[n] for n in names], mode)
        out[mode] = {
            "labels": labels,
            "micro": _micro(list(tallies.values()), mode),
            "macro": {
                "precision": mean(f["precision"] for f in labels.values()),
                "recall": mean(f["recall"] for f in labels.values()),
                "f1": mean(f["f1"] for f in labels.values()),
                "labels": len(labels),
            },
            "kinds": kinds,
        }
    return out


def _micro(tallies: Sequence[_Tally], mode: str) -> dict[str, Any]:
    total = _Tally()
    for tally in tallies:
        total.add(tally)
    return prf(total.matched(mode), total.n_a, total.n_b)


# ---------------------------------------------------------------------- kappa
def statement_type_pairs(a_items: Sequence[Annotation],
                         b_items: Sequence[Annotation]) -> list[tuple[str, str]]:
    """(type in A, type in B) for each statement span the alignment matched."""
    a_statements = [x for x in a_items if x.kind == "STATEMENT"]
    b_statements = [x for x in b_items if x.kind == "STATEMENT"]
    return [(item.a.label, item.b.label) for item in align(a_statements, b_statements)
            if item.relation in MATCHED and item.a is not None and item.b is not None]


def doc_label_names(docs: Sequence[DocumentLayers], scheme: Scheme) -> list[str]:
    names = [d.name for d in scheme.doc_labels]
    seen = {name for doc in docs for labels in doc.doc_labels.values() for name in labels}
    return names + sorted(seen - set(names))


# ---------------------------------------------------------------------- alpha
def slot_alpha(units: Sequence[StatementUnit], layers: Sequence[str],
               scheme: Scheme) -> dict[str, dict[str, Any]]:
    """Alpha per statement slot (per value for multi-valued slots); free-text slots are skipped."""
    out: dict[str, dict[str, Any]] = {}
    for slot in scheme.slots:
        if slot.type == "text":
            continue
        if slot.type == "multi":
            for value in slot.value_names():
                rows = [[_topic_value(unit.members.get(layer), slot.name, value) for layer in layers]
                        for unit in units]
                figure = krippendorff_alpha(rows, level="nominal", domain=list(PRESENCE))
                out[f"{slot.name}:{value}"] = {**figure, "slot": slot.name, "value": value}
            continue
        level = "ordinal" if slot.ordered else "nominal"
        rows = [[_slot_value(unit.members.get(layer), slot) for layer in layers] for unit in units]
        figure = krippendorff_alpha(rows, level=level, domain=_domain(slot, rows))
        out[slot.name] = {**figure, "slot": slot.name, "value": None}
    return out


def _domain(slot: Slot, rows: list[list[Any]]) -> list[Any] | None:
    """The scheme's values in the scheme's order (the order is the ordinal scale); values an
    older scheme allowed are appended for nominal slots and left out (missing) for ordinal."""
    if slot.type == "bool":
        return list(YES_NO)
    if slot.type != "choice":
        return None  # actors: whatever ids were given
    names = slot.value_names()
    if slot.ordered:
        return names
    extra = sorted({v for row in rows for v in row if v is not None and v not in names})
    return names + extra


def _slot_value(annotation: Annotation | None, slot: Slot) -> Any:
    if annotation is None:
        return None
    value = annotation.attrs.get(slot.name)
    if slot.type == "bool":
        return YES_NO[bool(value)]
    return value if value not in ("", []) else None


def _topic_value(annotation: Annotation | None, slot: str, value: str) -> str | None:
    if annotation is None:
        return None
    chosen = annotation.attrs.get(slot) or []
    return PRESENCE[value in chosen] if chosen else None


# ---------------------------------------------------------------------- the report
def pair_figures(docs: Sequence[DocumentLayers], a: str, b: str, scheme: Scheme) -> dict[str, Any]:
    """Span figures, kappas and per-document F1 of layer B against layer A."""
    totals: dict[str, _Tally] = {}
    type_pairs: list[tuple[str, str]] = []
    per_document = []
    for doc in docs:
        a_items, b_items = doc.annotations.get(a, ()), doc.annotations.get(b, ())
        tallies = count_spans(a_items, b_items)
        for label, tally in tallies.items():
            totals.setdefault(label, _Tally()).add(tally)
        type_pairs += statement_type_pairs(a_items, b_items)
        doc_total = _Tally()
        for tally in tallies.values():
            doc_total.add(tally)
        per_document.append({
            "doc_id": doc.doc_id, "title": doc.title,
            "f1_exact": ratio(2 * doc_total.exact, doc_total.n_a + doc_total.n_b),
            "f1_overlap": ratio(2 * doc_total.overlap, doc_total.n_a + doc_total.n_b),
            "disagreements": sum(1 for item in align(list(a_items), list(b_items))
                                 if not item.agreed),
            "spans": {a: len(a_items), b: len(b_items)},
        })
    doc_kappa = {}
    for name in doc_label_names(docs, scheme):
        pairs = [(doc.doc_labels.get(a, {})[name], doc.doc_labels.get(b, {})[name]) for doc in docs
                 if name in doc.doc_labels.get(a, {}) and name in doc.doc_labels.get(b, {})]
        doc_kappa[name] = cohen_kappa(pairs)
    return {"a": a, "b": b, "spans": span_figures(totals, scheme),
            "statement_type_kappa": cohen_kappa(type_pairs), "doc_label_kappa": doc_kappa,
            "per_document": per_document}


def agreement_report(docs: Sequence[DocumentLayers], layers: Sequence[str],
                     scheme: Scheme) -> dict[str, Any]:
    """Every figure for these layers over these documents, as a JSON-able dict."""
    layers = list(layers)
    if len(layers) < 2 or len(set(layers)) != len(layers):
        raise ValueError(f"agreement needs two or more different layers, not {layers}")
    pairs = [pair_figures(docs, a, b, scheme) for a, b in combinations(layers, 2)]
    first = pairs[0]
    units = [unit for doc in docs for unit in
             statement_units(doc.doc_id, {layer: doc.annotations.get(layer, ()) for layer in layers})]
    per_document = first["per_document"]
    if len(layers) > 2:
        for row_index, row in enumerate(per_document):
            row["pairs"] = {f"{p['a']}|{p['b']}": _doc_summary(p["per_document"][row_index])
                            for p in pairs}
    statement_labels = [label.name for label in scheme.labels_of("STATEMENT")]
    return {
        "layers": layers,
        "scheme": scheme.ref,
        "documents": len(docs),
        "pair": [first["a"], first["b"]],
        "spans": first["spans"],
        "statement_type_kappa": first["statement_type_kappa"],
        "doc_label_kappa": first["doc_label_kappa"],
        "slot_alpha": slot_alpha(units, layers, scheme),
        "statement_type_alpha": krippendorff_alpha(
            [[_label(unit, layer) for layer in layers] for unit in units], level="nominal",
            domain=statement_labels + sorted({u.label for unit in units for u in unit.members.values()}
                                             - set(statement_labels))),
        "doc_label_alpha": {
            name: krippendorff_alpha([[doc.doc_labels.get(layer, {}).get(name) for layer in layers]
                                      for doc in docs], level="nominal")
            for name in doc_label_names(docs, scheme)
        },
        "statement_units": {
            "units": len(units), "ambiguous": sum(1 for unit in units if unit.ambiguous),
            "grouping": "alignment" if len(layers) == 2 else "union-find over pairwise alignments",
        },
        "per_document": per_document,
        "pairs": [_pair_summary(p) for p in pairs],
    }


def _label(unit: StatementUnit, layer: str) -> str | None:
    member = unit.members.get(layer)
    return member.label if member is not None else None


def _doc_summary(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("f1_exact", "f1_overlap", "disagreements")}


def _pair_summary(pair: dict[str, Any]) -> dict[str, Any]:
    return {
        "a": pair["a"], "b": pair["b"],
        "f1_exact": pair["spans"]["exact"]["micro"]["f1"],
        "f1_overlap": pair["spans"]["overlap"]["micro"]["f1"],
        "statement_type_kappa": pair["statement_type_kappa"]["kappa"],
        "doc_label_kappa": {name: k["kappa"] for name, k in pair["doc_label_kappa"].items()},
    }
