"""Project.agreement on real project files: alice, bob and carol on the seed and two samples,
with the disagreements listed in scenario.py and the figures worked out by hand."""

from __future__ import annotations

import json

import krippendorff
import pytest

from annotator.project import Project
from annotator.project.reviewing import AgreementError
from tests.review.scenario import built_once


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return built_once(tmp_path_factory)


@pytest.fixture(scope="module")
def reports(scenario):
    path, _ids = scenario
    with Project.open(path, annotator="alice") as p:
        return {
            "any": p.agreement(["alice", "bob"], status="any"),
            "done": p.agreement(["alice", "bob"], status="done"),
            "three": p.agreement(["alice", "bob", "carol"]),
        }


def test_span_figures_per_label_micro_and_macro(reports):
    spans = reports["any"]["spans"]
    exact, overlap = spans["exact"], spans["overlap"]
    # 9 spans by alice, 8 by bob; exact: Panetta, the cue, the Trump stance; overlap adds
    # "Kim Kwan" and the shorter Panetta commitment.
    assert exact["micro"]["matched"] == 3 and overlap["micro"]["matched"] == 5
    assert (exact["micro"]["support"], exact["micro"]["predicted"]) == (9, 8)
    assert exact["micro"]["precision"] == pytest.approx(3 / 8)
    assert exact["micro"]["recall"] == pytest.approx(3 / 9)
    assert exact["micro"]["f1"] == pytest.approx(6 / 17)
    assert overlap["micro"]["f1"] == pytest.approx(10 / 17)
    assert exact["labels"]["PERSON"]["f1"] == 0.5 and overlap["labels"]["PERSON"]["f1"] == 1.0
    assert exact["labels"]["COMMITMENT"]["f1"] == 0.0
    assert overlap["labels"]["COMMITMENT"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3),
                                               "support": 2, "predicted": 1, "matched": 1}
    gpe = exact["labels"]["GPE"]  # bob marked ROK as ORG and missed "United States"
    assert (gpe["precision"], gpe["recall"], gpe["f1"]) == (None, 0.0, 0.0)
    assert exact["labels"]["ORG"]["recall"] is None
    # nine labels in use: PERSON .5, CUE 1, STANCE 1, six at 0
    assert exact["macro"]["f1"] == pytest.approx(2.5 / 9) and exact["macro"]["labels"] == 9
    assert overlap["macro"]["f1"] == pytest.approx((3 + 2 / 3) / 9)
    assert exact["kinds"]["STATEMENT"]["f1"] == pytest.approx(2 / 8)
    assert overlap["kinds"]["MENTION"]["f1"] == pytest.approx(4 / 7)
    assert exact["kinds"]["CUE"]["f1"] == 1.0


def test_kappa_for_statement_type_and_document_labels(reports):
    report = reports["any"]
    # matched statements: COMMITMENT/COMMITMENT, ASSESSMENT/THREAT, STANCE/STANCE -> (2/3 - 2/9) / (1 - 2/9)
    kappa = report["statement_type_kappa"]
    assert kappa["n"] == 3 and kappa["kappa"] == pytest.approx(4 / 7)
    # relevance R/R, NO/NO, PARTIAL/RELEVANT -> (2/3 - 1/3) / (1 - 1/3) = 0.5
    assert report["doc_label_kappa"]["relevance"]["kappa"] == pytest.approx(0.5)
    # tone only where both labelled: COOPERATIVE/NEUTRAL, CONFLICTUAL/CONFLICTUAL -> 1/3
    tone = report["doc_label_kappa"]["tone"]
    assert tone["n"] == 2 and tone["kappa"] == pytest.approx(1 / 3)


def test_slot_alpha_on_matched_statements(reports):
    alpha = reports["any"]["slot_alpha"]
    # strength, ordinal FIRM < QUALIFIED < TENTATIVE: FIRM/QUALIFIED, FIRM/FIRM, TENTATIVE/QUALIFIED
    # D_o ∝ 2·6.25 + 2·2.25 = 17, D_e ∝ 2·(3·2·6.25 + 2·1·2.25 + 3·1·16) / 5 = 36 -> 1 - 17/36
    assert alpha["strength"]["level"] == "ordinal" and alpha["strength"]["units"] == 3
    assert alpha["strength"]["alpha"] == pytest.approx(1 - 17 / 36)
    assert alpha["polarity"] == {**alpha["polarity"], "alpha": 1.0, "level": "nominal", "units": 3}
    assert alpha["topic:EXTENDED_DETERRENCE"]["alpha"] == 1.0
    assert alpha["topic:CONVENTIONAL_FORCES"]["alpha"] == pytest.approx(0.0)
    assert alpha["topic:NUCLEAR"]["alpha"] is None and "present" in alpha["topic:NUCLEAR"]["reason"]
    assert alpha["holder"]["alpha"] is None and alpha["holder"]["units"] == 2  # bob alone on DPRK
    assert alpha["negated"]["alpha"] is None and alpha["negated"]["counts"] == {"no": 6}
    assert "note" not in alpha
    # statement type across layers: C/C, ASSESSMENT/THREAT, S/S -> 1 - 5·2 / (36 - 10)
    assert reports["any"]["statement_type_alpha"]["alpha"] == pytest.approx(1 - 10 / 26)


def test_per_document_f1_and_disagreements(reports):
    rows = {row["doc_id"]: row for row in reports["any"]["per_document"]}
    seed, trump, mahan = rows.values()
    assert seed["title"] == "US, ROK focus on joint nuclear deterrence"
    assert seed["f1_exact"] == pytest.approx(4 / 14) and seed["f1_overlap"] == pytest.approx(8 / 14)
    # Kim, ROK, the Panetta commitment, ASSESSMENT/THREAT, alice's "committed", bob's DEMAND
    assert seed["disagreements"] == 6
    assert trump["f1_exact"] == pytest.approx(2 / 3) and trump["disagreements"] == 2
    assert (mahan["f1_exact"], mahan["f1_overlap"], mahan["disagreements"]) == (None, None, 0)


def test_status_done_keeps_documents_every_layer_finished(reports):
    done = reports["done"]
    assert done["documents"] == 2 and done["status"] == "done"
    assert [row["doc_id"] for row in done["per_document"]] == [1, 2]
    assert done["doc_label_kappa"]["relevance"]["kappa"] == 1.0
    tone = done["doc_label_kappa"]["tone"]  # one document, COOPERATIVE vs NEUTRAL
    assert tone["n"] == 1 and tone["kappa"] == 0.0


def test_three_layers_pairwise_f1_and_alpha_across_all(reports):
    report = reports["three"]
    assert report["layers"] == ["alice", "bob", "carol"] and report["pair"] == ["alice", "bob"]
    pairs = {(p["a"], p["b"]): p for p in report["pairs"]}
    assert set(pairs) == {("alice", "bob"), ("alice", "carol"), ("bob", "carol")}
    assert pairs["alice", "bob"]["f1_exact"] == pytest.approx(6 / 17)
    assert pairs["alice", "carol"]["f1_exact"] == pytest.approx(2 / 11)
    assert pairs["bob", "carol"]["f1_overlap"] == pytest.approx(4 / 10)
    assert pairs["alice", "carol"]["statement_type_kappa"] is None  # one matched pair, both COMMITMENT
    # the DEMAND only bob and carol marked is a unit: a pivot on alice would have lost it
    assert report["statement_units"] == {"units": 4, "ambiguous": 0,
                                         "grouping": "union-find over pairwise alignments"}
    rows = [("FIRM", "QUALIFIED", "FIRM"), ("FIRM", "FIRM", None), (None, "FIRM", "FIRM"),
            ("TENTATIVE", "QUALIFIED", None)]  # units in text order: Panetta, DPRK, DEMAND, Trump
    scale = ["FIRM", "QUALIFIED", "TENTATIVE", "UNDERSPECIFIED"]
    matrix = [[scale.index(v) if v else float("nan") for v in column] for column in zip(*rows)]
    expected = krippendorff.alpha(matrix, level_of_measurement="ordinal", value_domain=range(4))
    assert report["slot_alpha"]["strength"]["alpha"] == pytest.approx(expected)
    assert report["slot_alpha"]["strength"]["units"] == 4
    types = [("COMMITMENT",) * 3, ("ASSESSMENT", "THREAT", None), (None, "DEMAND", "DEMAND"),
             ("STANCE", "STANCE", None)]
    names = sorted({t for row in types for t in row if t})
    matrix = [[names.index(v) if v else float("nan") for v in column] for column in zip(*types)]
    assert report["statement_type_alpha"]["alpha"] == pytest.approx(
        krippendorff.alpha(matrix, level_of_measurement="nominal"))
    seed_row = report["per_document"][0]
    assert seed_row["pairs"]["bob|carol"]["f1_exact"] == pytest.approx(2 / 9)


def test_doc_ids_limit_and_the_report_is_json(scenario):
    path, ids = scenario
    with Project.open(path, annotator="bob") as p:
        report = p.agreement(["alice", "bob"], doc_ids=[ids["seed"]])
    assert report["documents"] == 1
    assert report["spans"]["exact"]["micro"]["f1"] == pytest.approx(4 / 14)
    assert json.loads(json.dumps(report, allow_nan=False))["layers"] == ["alice", "bob"]


def test_errors_name_the_layers_that_exist(scenario):
    path, _ids = scenario
    with Project.open(path, annotator="alice") as p:
        with pytest.raises(AgreementError) as error:
            p.agreement(["alice", "dave"])
        assert "'dave'" in str(error.value) and "alice, bob, carol" in str(error.value)
        assert str(error.value).startswith("[E620]")
        with pytest.raises(AgreementError):
            p.agreement(["alice"])
        with pytest.raises(AgreementError):
            p.agreement(["alice", "alice"])
        with pytest.raises(AgreementError):
            p.agreement(["alice", "bob"], doc_ids=[999])
        with pytest.raises(AgreementError):
            p.agreement(["alice", "bob"], status="finished")
