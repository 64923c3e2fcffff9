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


INIT_TEMPLATE = '''from pathlib import Path
from spacy.util import load_model_from_init_py, get_model_meta

__version__ = get_model_meta(Path(__file__).parent)['version']


def load(**overrides):
    return load_model_from_init_py(__file__, **overrides)
'''


@pytest.fixture
def tiny_package(tmp_path, tiny_ner_model, monkeypatch):
    """The tiny pipeline installed as a package the way spaCy's pipelines are (module with the
    package template, meta.json, data folder, dist-info), with a senter shipped disabled, as
    en_core_web_sm has it."""
    import shutil

    import spacy
    from spacy.training import Example

    nlp = spacy.load(tiny_ner_model)
    senter = nlp.add_pipe("senter")
    doc = nlp.make_doc("Zorblat left. Quenland stayed.")
    senter.initialize(lambda: [Example.from_dict(doc, {"sent_starts": [1, 0, 0, 1, 0, 0]})], nlp=nlp)
    nlp.disable_pipe("senter")
    nlp.meta["name"] = "tiny_pkg"
    site = tmp_path / "site"
    package = site / "en_tiny_pkg"
    package.mkdir(parents=True)
    nlp.to_disk(package / "en_tiny_pkg-0.0.1")
    shutil.copy(package / "en_tiny_pkg-0.0.1" / "meta.json", package / "meta.json")
    (package / "__init__.py").write_text(INIT_TEMPLATE)
    info = site / "en_tiny_pkg-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: en_tiny_pkg\nVersion: 0.0.1\n")
    monkeypatch.syspath_prepend(str(site))
    return "en_tiny_pkg"


def test_an_installed_package_runs_only_the_needed_components(tiny_package):
    """Read from the package's meta: the tagger is left out and the shipped-disabled senter
    is switched on (before, every component ran and a sentencizer was added instead)."""
    from annotator.nlp.pipeline import load_pipeline

    loaded = load_pipeline(tiny_package, [])
    assert loaded.components == ["actor_ruler", "ner", "senter", "stance_cues"], loaded.components


def test_an_installed_statistical_package_stores_tokens_the_export_reads_back(tmp_path,
                                                                             tiny_package):
    """A pipeline made from spacy.blank("en") (as en_core_web_sm's tokenizer is: same key,
    measured in docs/benchmarks.md) stores its token boundaries under the exports' key, and
    an export that reads them has the tokens of one that tokenizes itself."""
    from annotator.formats.export_options import ExportOptions
    from annotator.formats.tokens import export_tokenizer_key
    from annotator.store import doc_tokens

    text = "Zorblat visited Quenland. Japan pledged support to NATO, U.S. officials said."
    outs = []
    for name, model in (("stored", tiny_package), ("plain", None)):
        with Project.create(tmp_path / f"{name}.annotator", annotator="alice") as project:
            data = tmp_path / "d.jsonl"
            data.write_text(json.dumps({"text": text}))
            project.import_paths([data])
            project.annotate(1, 26, 31, "GPE")
            project.set_status(1, "done")
            if model:
                project.suggest(model=model)
                assert doc_tokens.count(project.db, export_tokenizer_key()) == 1
            project.export(tmp_path / f"{name}.jsonl", ExportOptions(layer="alice", tokens=True))
            outs.append(json.loads((tmp_path / f"{name}.jsonl").read_text()))
    assert outs[0]["tokens"] == outs[1]["tokens"] and outs[0]["spans"][0]["token_start"] == 4
