"""`annotator evaluate` as a user meets it: a gold file imported the documented way, stored
suggestions, figures checked by hand, coded errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.models import Suggestion
from annotator.project import Project
from annotator.project.learning import starter_model
from annotator.store import suggestions as suggestion_store
from tests.learning.conftest import build, make_stale

# Emoji (two code points for the flag) and CRLF line ends: offsets are code points.
T1 = ("🇰🇷 South Korea reaffirmed its commitment to defend Japan.\r\n"
      "The weather in Seoul was mild.\r\n"
      "North Korea said it had warned China last year.\r\n")
T2 = "Russia warned Ukraine that it would respond. Officials met on Monday."
PIPE = "test@1"


def at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def gold_file(tmp_path: Path) -> Path:
    a, hard = at(T1, "South Korea reaffirmed its commitment to defend Japan."), at(
        T1, "North Korea said it had warned China last year.")
    b = at(T2, "Russia warned Ukraine that it would respond.")
    korea = at(T1, "South Korea")
    records = [
        {"text": T1, "meta": {"title": "one", "layer": "gold", "status": "done",
                              "hard_negatives": [list(hard)]},
         "spans": [{"start": a[0], "end": a[1], "label": "COMMITMENT",
                    "attrs": {"holder": "KOR", "target": "JPN"}},
                   {"start": korea[0], "end": korea[1], "label": "GPE", "attrs": {"actor_id": "KOR"}}]},
        {"text": T2, "meta": {"title": "two", "layer": "gold", "status": "done"},
         "spans": [{"start": b[0], "end": b[1], "label": "THREAT",
                    "attrs": {"holder": "RUS", "target": "UKR"}}]},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode())
    return path


def store(project_path: Path) -> None:
    """The suggestions a pipeline would have stored: document 1 finds its statement (right
    type, holder and target) and draws the hard negative; document 2 draws its statement as a
    STANCE with the wrong holder."""
    bounds1 = [at(T1, s) for s in ("🇰🇷 South Korea reaffirmed its commitment to defend Japan.",
                                   "The weather in Seoul was mild.",
                                   "North Korea said it had warned China last year.")]
    with Project.open(project_path) as p, p.db.atomic():
        suggestion_store.store_results(p.db, PIPE, [
            (1, [Suggestion(*bounds1[0], "STATEMENT", "COMMITMENT", "KOR",
                            attrs={"holder": "KOR", "target": "JPN"}),
                 Suggestion(*bounds1[2], "STATEMENT", "THREAT", "PRK", attrs={"holder": "PRK"}),
                 Suggestion(*at(T1, "South Korea"), "MENTION", "GPE", "KOR"),
                 Suggestion(*at(T1, "North Korea"), "MENTION", "GPE", "PRK"),
                 Suggestion(0, len(T1), "SENTENCES", "SENT", attrs={"bounds": bounds1})]),
            (2, [Suggestion(0, 44, "STATEMENT", "STANCE", "UKR", attrs={"holder": "UKR",
                                                                        "target": "RUS"})]),
        ])


def test_evaluate_a_gold_layer_imported_the_documented_way(tmp_path):
    project = str(tmp_path / "p.annotator")
    gold = gold_file(tmp_path)
    assert run("import", project, str(gold)).exit_code == 0
    assert run("import-layer", project, str(gold), "--layer", "gold").exit_code == 0
    store(Path(project))

    report = json.loads(run("evaluate", project, "--gold", "gold", "--json").output)
    assert report["documents"] == 2 and report["pipeline"] == PIPE
    st = report["statements"]
    assert (st["detection"]["recall"], st["detection"]["precision"]) == (1.0, 2 / 3)
    assert st["types"]["COMMITMENT"]["f1"] == 1.0
    assert st["types"]["THREAT"]["recall"] == 0.0 and st["types"]["THREAT"]["precision"] == 0.0
    assert st["types"]["STANCE"]["precision"] == 0.0
    assert st["type_accuracy"] == {"value": 0.5, "right": 1, "n": 2}
    assert st["holder_accuracy"]["value"] == 0.5 and st["target_accuracy"]["value"] == 0.5
    assert report["hard_negatives"] == {"sentences": 1, "drawn": 1, "share_drawn": 1.0}
    assert report["negative_sentences"] == {"sentences": 2, "drawn": 1, "share_drawn": 0.5}
    assert report["mentions"]["spans"]["precision"] == 0.5
    assert report["mentions"]["spans"]["recall"] == 1.0

    text = run("evaluate", project).output
    assert "against layer gold: 2 document(s), status done" in text
    assert "Hard negatives drawn        1.000  (1 of 1)" in text
    assert "Type accuracy       0.500  (1 of 2 found statements)" in text
    assert "ASSESSMENT" not in text  # a type with neither gold nor suggestions is left out


def test_evaluate_errors_are_coded(tmp_path):
    project = tmp_path / "p.annotator"
    gold = gold_file(tmp_path)
    run("import", str(project), str(gold))
    result = CliRunner().invoke(cli, ["evaluate", str(project), "--gold", "nobody"])
    assert result.exit_code == 1 and "[E450]" in result.output and "import-layer" in result.output
    record = json.loads(gold.read_text(encoding="utf-8").splitlines()[1])
    record["meta"]["status"] = "todo"
    todo = tmp_path / "todo.jsonl"
    todo.write_text(json.dumps(record) + "\n", encoding="utf-8")
    run("import-layer", str(project), str(todo), "--layer", "draft")
    result = CliRunner().invoke(cli, ["evaluate", str(project), "--gold", "draft"])
    assert result.exit_code == 1 and "[E452]" in result.output and "--status any" in result.output
    # With --status any the labelled but unfinished document counts; it has no suggestions yet.
    result = CliRunner().invoke(cli, ["evaluate", str(project), "--gold", "draft", "--status", "any"])
    assert result.exit_code == 0
    assert "1 of these document(s) have no suggestions yet" in result.output


def test_malformed_hard_negatives_name_the_document(tmp_path):
    project = tmp_path / "p.annotator"
    gold = gold_file(tmp_path)
    record = json.loads(gold.read_text(encoding="utf-8").splitlines()[0])
    record["meta"]["hard_negatives"] = [[5, 9999]]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    run("import", str(project), str(bad))
    run("import-layer", str(project), str(bad), "--layer", "gold")
    result = CliRunner().invoke(cli, ["evaluate", str(project)])
    assert result.exit_code == 1 and "[E453]" in result.output and "document 1" in result.output


def test_evaluate_names_the_model_that_drew_the_suggestions_and_a_stale_own_model(tmp_path):
    """Which statement model the evaluated suggestions came from, and that the project's own
    model was set aside as stale (it is not what drew them), in JSON and in the table."""
    pytest.importorskip("spacy")
    path = tmp_path / "labelled.annotator"
    with build(path) as project:
        uid = make_stale(project)
        project.suggest(model="builtin")
    starter = starter_model().version
    model = json.loads(run("evaluate", str(path), "--gold", "alice", "--json").output)[
        "statement_model"]
    assert model["in_use"] == "starter" and model["stale"] and model["own"] == uid
    assert "annotator train" in model["note"]
    assert model["suggested_by"] == [{"version": starter, "model": "starter", "in_use": True}]
    text = run("evaluate", str(path), "--gold", "alice").output
    assert f"Drawn by:    the shipped starter model {starter[:8]}\n" in text
    assert "Model now:   the shipped starter model" in text and "Warning:" in text
    assert uid[:8] in text and "annotator train" in text
    # trained again: the suggestions evaluated are still the starter's, no longer in use
    with Project.open(path) as project:
        project.train_model(start_from="scratch")
    model = json.loads(run("evaluate", str(path), "--gold", "alice", "--json").output)[
        "statement_model"]
    assert not model["stale"] and model["in_use"] == "own"
    assert model["suggested_by"] == [{"version": starter, "model": "starter", "in_use": False}]
    assert "annotator suggest" in run("evaluate", str(path), "--gold", "alice").output
