"""Span matching, statement units and slot alpha on hand-built annotations (no project file)."""

from __future__ import annotations

import krippendorff
import pytest

from annotator.core.models import Annotation
from annotator.core.resources import default_scheme_text
from annotator.core.scheme import parse_scheme
from annotator.review.agreement import DocumentLayers, agreement_report, count_spans, slot_alpha
from annotator.review.units import statement_units

SCHEME = parse_scheme(default_scheme_text())
_serial = iter(range(10**6))


def ann(layer: str, start: int, end: int, label: str, **attrs) -> Annotation:
    kind = "STATEMENT" if label == "COMMITMENT" else SCHEME.label(label).kind
    return Annotation(f"{layer}-{next(_serial)}", 1, layer, kind, start, end, "x" * (end - start),
                      label, attrs)


def test_overlap_matching_is_one_to_one_and_maximal():
    # A greedy pairing by largest overlap would take a1-b1 and leave a2 alone; two pairs exist.
    a = [ann("a", 0, 10, "PERSON"), ann("a", 0, 5, "PERSON")]
    b = [ann("b", 0, 10, "PERSON"), ann("b", 4, 9, "PERSON")]
    tally = count_spans(a, b)["PERSON"]
    assert (tally.exact, tally.overlap, tally.n_a, tally.n_b) == (1, 2, 2, 2)
    one_long = count_spans([ann("a", 0, 30, "GPE")], [ann("b", 0, 5, "GPE"), ann("b", 10, 15, "GPE")])
    assert one_long["GPE"].overlap == 1  # one long span cannot swallow two short ones


def test_touching_spans_do_not_overlap_and_labels_must_agree():
    tallies = count_spans([ann("a", 0, 5, "PERSON"), ann("a", 10, 20, "ORG")],
                          [ann("b", 5, 9, "PERSON"), ann("b", 10, 20, "GPE")])
    assert tallies["PERSON"].overlap == 0
    assert tallies["ORG"].overlap == 0 and tallies["GPE"].overlap == 0


def test_f1_is_symmetric_and_precision_recall_swap():
    a = [ann("a", 0, 5, "PERSON"), ann("a", 10, 15, "PERSON"), ann("a", 20, 25, "PERSON")]
    b = [ann("b", 0, 5, "PERSON")]
    doc_ab = DocumentLayers(1, "t", {"a": a, "b": b})
    forward = agreement_report([doc_ab], ["a", "b"], SCHEME)["spans"]["exact"]["labels"]["PERSON"]
    backward = agreement_report([doc_ab], ["b", "a"], SCHEME)["spans"]["exact"]["labels"]["PERSON"]
    assert forward["f1"] == backward["f1"] == 0.5
    assert (forward["precision"], forward["recall"]) == (1.0, pytest.approx(1 / 3))
    assert (backward["precision"], backward["recall"]) == (pytest.approx(1 / 3), 1.0)


def test_spans_of_different_documents_never_match():
    docs = [DocumentLayers(1, "one", {"a": [ann("a", 0, 5, "PERSON")], "b": []}),
            DocumentLayers(2, "two", {"a": [], "b": [ann("b", 0, 5, "PERSON")]})]
    report = agreement_report(docs, ["a", "b"], SCHEME)
    assert report["spans"]["exact"]["micro"]["f1"] == 0.0
    assert [d["f1_exact"] for d in report["per_document"]] == [0.0, 0.0]


def test_no_documents_gives_none_everywhere_not_zero():
    report = agreement_report([], ["a", "b"], SCHEME)
    assert report["documents"] == 0
    assert report["spans"]["exact"]["micro"]["f1"] is None
    assert report["spans"]["exact"]["macro"]["f1"] is None
    assert report["statement_type_kappa"]["kappa"] is None
    assert all(f["alpha"] is None for f in report["slot_alpha"].values())
    assert report["doc_label_kappa"]["relevance"]["reason"]


def test_a_report_needs_two_different_layers():
    with pytest.raises(ValueError):
        agreement_report([], ["a"], SCHEME)
    with pytest.raises(ValueError):
        agreement_report([], ["a", "a"], SCHEME)


def test_union_find_keeps_a_statement_the_first_layer_missed():
    layers = {
        "a": [ann("a", 0, 50, "COMMITMENT")],
        "b": [ann("b", 0, 40, "COMMITMENT"), ann("b", 100, 150, "DEMAND")],
        "c": [ann("c", 10, 50, "STANCE"), ann("c", 100, 150, "DEMAND")],
    }
    units = statement_units(1, layers)
    assert [sorted(u.members) for u in units] == [["a", "b", "c"], ["b", "c"]]
    assert not any(u.ambiguous for u in units)


def test_union_find_marks_a_layer_with_two_statements_in_one_unit_as_ambiguous():
    # a's long span pairs with b1; c pairs with b2 via a, chaining both b statements into one unit.
    layers = {
        "a": [ann("a", 0, 100, "COMMITMENT")],
        "b": [ann("b", 0, 60, "COMMITMENT"), ann("b", 60, 100, "COMMITMENT")],
        "c": [ann("c", 50, 100, "COMMITMENT")],
    }
    units = statement_units(1, layers)
    assert len(units) == 1 and units[0].ambiguous
    assert set(units[0].members) == {"a", "b", "c"}


ORDERED_SCHEME = parse_scheme("""
[scheme]
name = "ordered-test"
version = "1"
[[labels]]
name = "COMMITMENT"
kind = "STATEMENT"
color = "#d62728"
[[slots]]
name = "strength"
type = "choice"
ordered = true
values = ["WEAK", "MEDIUM", "STRONG"]
[[slots]]
name = "polarity"
type = "choice"
values = ["SUPPORT", "OPPOSE"]
""")


def test_slot_alpha_matches_the_package_on_the_same_matrix_and_uses_the_scheme_order():
    layers = ["a", "b", "c"]  # three layers, missing values; WEAK < MEDIUM < STRONG is not alphabetical
    rows = [("WEAK", "MEDIUM", "WEAK"), ("STRONG", "STRONG", None), ("MEDIUM", None, "MEDIUM"),
            ("STRONG", "MEDIUM", "STRONG"), ("WEAK", "WEAK", "MEDIUM")]
    by_layer: dict[str, list[Annotation]] = {layer: [] for layer in layers}
    for i, row in enumerate(rows):
        for layer, value in zip(layers, row):
            attrs = {"strength": value} if value else {}
            by_layer[layer].append(ann(layer, i * 100, i * 100 + 50, "COMMITMENT", **attrs))
    units = statement_units(1, by_layer)
    assert len(units) == 5
    figures = slot_alpha(units, layers, ORDERED_SCHEME)

    def package(order):
        matrix = [[order.index(v) if v else float("nan") for v in column] for column in zip(*rows)]
        return krippendorff.alpha(matrix, level_of_measurement="ordinal", value_domain=range(3))

    assert figures["strength"]["level"] == "ordinal" and figures["strength"]["units"] == 5
    assert figures["strength"]["alpha"] == pytest.approx(package(["WEAK", "MEDIUM", "STRONG"]))
    assert figures["strength"]["alpha"] != pytest.approx(package(sorted(["WEAK", "MEDIUM", "STRONG"])))
    assert figures["polarity"]["level"] == "nominal"
    assert figures["polarity"]["units"] == 0 and figures["polarity"]["alpha"] is None  # never set


def test_bool_unset_is_no_and_topics_unset_are_missing():
    a = [ann("a", 0, 10, "STANCE", negated=True, topic=["NUCLEAR"]), ann("a", 20, 30, "STANCE")]
    b = [ann("b", 0, 10, "STANCE", topic=["NUCLEAR", "SANCTIONS"]), ann("b", 20, 30, "STANCE")]
    units = statement_units(1, {"a": a, "b": b})
    figures = slot_alpha(units, ["a", "b"], SCHEME)
    assert figures["negated"]["counts"] == {"no": 3, "yes": 1} and figures["negated"]["units"] == 2
    assert figures["topic:SANCTIONS"]["units"] == 1  # the second statement has no topic at all
    assert figures["topic:SANCTIONS"]["counts"] == {"absent": 1, "present": 1}
    assert figures["topic:NUCLEAR"]["alpha"] is None  # present everywhere: no variation
    assert "note" not in figures


def test_an_empty_topic_list_is_no_disagreement():
    # align's slot comparison once counted topic=[] against an unset topic as a difference,
    # which inflated the per-document disagreement count.
    a = [ann("a", 0, 10, "STANCE", topic=[])]
    b = [ann("b", 0, 10, "STANCE")]
    report = agreement_report([DocumentLayers(1, "t", {"a": a, "b": b})], ["a", "b"], SCHEME)
    assert report["per_document"][0]["disagreements"] == 0
