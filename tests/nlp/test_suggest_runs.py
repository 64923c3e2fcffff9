"""Suggestion runs: resuming, pipeline choice and errors, a trained pipeline by path."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

pytest.importorskip("spacy")

from annotator.cli import cli
from annotator.core.errors import PipelineError
from annotator.project import Project


def _docs(project, tmp_path, n):
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"text": f"Article {i}. Japan pledged support to NATO on day {i}."})
             for i in range(n)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return project.import_paths([path]).doc_ids


def test_interrupted_run_resumes_where_it_stopped(project, tmp_path, monkeypatch):
    import annotator.project.suggesting as project_module

    monkeypatch.setattr(project_module, "SUGGEST_CHUNK", 5)
    ids = _docs(project, tmp_path, 17)
    calls = {"n": 0}

    def stop_after_two_chunks():
        calls["n"] += 1
        return calls["n"] > 2

    first = project.suggest(model="builtin", should_stop=stop_after_two_chunks)
    assert (first["documents"], first["remaining"]) == (10, 7)
    done = {r["doc_id"] for r in project.db["suggestion_runs"].rows}
    assert done == set(ids[:10])
    second = project.suggest(model="builtin")
    assert (second["documents"], second["remaining"]) == (7, 0)
    assert project.db["suggestion_runs"].count == 17
    # each document has exactly one set of suggestions
    per_doc = project.db.execute(
        "SELECT doc_id, COUNT(*) FROM suggestions WHERE kind = 'SENTENCES' GROUP BY doc_id"
    ).fetchall()
    assert len(per_doc) == 17 and {n for _, n in per_doc} == {1}


def test_unknown_model_lists_installed_and_how_to_install(project):
    with pytest.raises(PipelineError) as info:
        project.suggest(model="en_core_web_nonexistent")
    message = str(info.value)
    assert "[E401]" in message and "installed:" in message
    assert "python -m spacy download en_core_web_sm" in message and "builtin" in message


def test_cli_unknown_model_is_a_clear_error(tmp_path):
    path = tmp_path / "p.annotator"
    Project.create(path).close()
    result = CliRunner().invoke(cli, ["suggest", str(path), "--model", "xx_missing_model"])
    assert result.exit_code == 1 and "[E401]" in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def tiny_ner_model(tmp_path_factory):
    """Train a tiny statistical NER (tok2vec + ner + tagger) and save it: a real pipeline on disk."""
    import random

    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    nlp.add_pipe("tagger")
    ner = nlp.add_pipe("ner")
    train = [
        ("Zorblat visited Quenland on Monday.", [(0, 7, "PERSON"), (16, 24, "GPE")]),
        ("Officials in Quenland met Zorblat.", [(13, 21, "GPE"), (26, 33, "PERSON")]),
        ("Zorblat pledged aid to Quenland.", [(0, 7, "PERSON"), (23, 31, "GPE")]),
    ]
    for _, ents in train:
        for *_, label in ents:
            ner.add_label(label)
    tagger = nlp.get_pipe("tagger")
    tagger.add_label("NN")
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e, "tags": ["NN"] * len(nlp.make_doc(t))})
                for t, e in train]
    optimizer = nlp.initialize(lambda: examples)
    random.seed(0)
    for _ in range(40):
        nlp.update(examples, sgd=optimizer)
    nlp.meta["name"] = "tiny_ner"
    nlp.meta["version"] = "0.0.1"
    path = tmp_path_factory.mktemp("model") / "tiny_ner"
    nlp.to_disk(path)
    return path


def test_suggest_with_a_trained_pipeline_by_path(tmp_path, tiny_ner_model):
    path = tmp_path / "p.annotator"
    with Project.create(path) as project:
        data = tmp_path / "d.jsonl"
        data.write_text(json.dumps({"text": "Zorblat visited Quenland. Japan pledged support to NATO."}))
        project.import_paths([data])
    result = CliRunner().invoke(cli, ["suggest", str(path), "--model", str(tiny_ner_model)])
    assert result.exit_code == 0, result.output
    assert "en_tiny_ner 0.0.1" in result.output
    assert "tagger" not in result.output.split("\n")[0]  # not needed, so not run
    assert "1 document(s) pre-annotated with en_tiny_ner@0.0.1+rules@" in result.output
    shown = json.loads(CliRunner().invoke(cli, ["show", str(path), "1", "--json"]).output)
    mentions = {s["text"]: s for s in shown["suggestions"] if s["kind"] == "MENTION"}
    assert mentions["Zorblat"]["label"] == "PERSON" and mentions["Zorblat"]["actor_id"] is None
    assert mentions["Japan"]["actor_id"] == "JPN"  # the actor ruler runs before the model's NER
    assert all(s["pipeline"].startswith("en_tiny_ner@0.0.1") for s in shown["suggestions"])
