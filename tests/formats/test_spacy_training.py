"""A DocBin export is training data spaCy takes as is: train a tiny spancat for one epoch on a
train/dev split exported from a project (CPU, no downloads, a few seconds)."""

from __future__ import annotations

import json

from annotator.formats.export_options import ExportOptions, parse_split
from annotator.project import Project

SENTENCES = [
    ("Seoul", "pledged support to Washington."), ("Tokyo", "reaffirmed its alliance with Seoul."),
    ("Beijing", "urged restraint on both sides."), ("Pyongyang", "threatened to respond."),
    ("Moscow", "called for talks."), ("Washington", "promised extended deterrence."),
    ("Canberra", "backed the joint exercise."), ("Manila", "welcomed the agreement."),
]


def test_exported_docbin_trains_a_spancat_model(tmp_path):
    import spacy
    from spacy.cli.init_config import init_config
    from spacy.cli.train import train

    source = tmp_path / "docs.jsonl"
    source.write_text("".join(json.dumps({"text": f"{who} {what} Officials in {who} said so."})
                              + "\n" for who, what in SENTENCES), encoding="utf-8")
    with Project.create(tmp_path / "p.annotator", annotator="alice") as project:
        for doc_id, (who, what) in zip(project.import_paths([source]).doc_ids, SENTENCES):
            text = project.document(doc_id).text
            project.annotate(doc_id, 0, len(who), "GPE")
            project.annotate(doc_id, text.rindex(who), text.rindex(who) + len(who), "GPE")
            project.annotate(doc_id, 0, len(who) + 1 + len(what), "STANCE", {"holder": "KOR"})
            project.set_status(doc_id, "done")
        report = project.export(tmp_path / "corpus", ExportOptions(
            format="spacy", split=parse_split("train=0.75,dev=0.25"), seed=3))
    assert report.documents == {"train": 6, "dev": 2}

    config = init_config(lang="en", pipeline=["spancat"], optimize="efficiency")
    config["components"]["tok2vec"]["model"]["encode"].update(width=16, depth=1)
    config["components"]["tok2vec"]["model"]["embed"]["rows"] = [200, 50, 100, 100]
    config["components"]["spancat"]["model"]["reducer"]["hidden_size"] = 16
    config["components"]["spancat"]["suggester"]["sizes"] = [1, 2]
    config["training"].update(max_epochs=1, max_steps=0, eval_frequency=100, patience=0)
    config["paths"].update(train=str(tmp_path / "corpus" / "train.spacy"),
                           dev=str(tmp_path / "corpus" / "dev.spacy"))
    config.to_disk(tmp_path / "spancat.cfg")
    train(tmp_path / "spancat.cfg", tmp_path / "model")

    nlp = spacy.load(tmp_path / "model" / "model-last")
    assert nlp.pipe_names == ["tok2vec", "spancat"]
    assert nlp.get_pipe("spancat").labels == ("GPE", "STANCE")
    doc = nlp("Seoul pledged support.")
    assert "sc" in doc.spans
