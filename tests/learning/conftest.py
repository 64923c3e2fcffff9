"""A small labelled project: statements and plain sentences in documents marked done."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from annotator.nlp.statement_features import FEATURE_VERSION
from annotator.project import Project

STATES = ["Japan", "France", "Germany", "Brazil", "India", "Canada", "Mexico", "Egypt"]
# Sentences the rules draw (a cue and an actor) that this team labels as no statement: visits
# announced with "pledge"-like words are reports of meetings here, not commitments.
TRAPS = ["{a} pledged a visit to {b} last week, officials recalled.",
         "{a} pledged to attend the trade fair in {b} last year, the organisers said."]
THREATS = ["{a} warned that it would strike {b} if the talks failed.",
           "{a} threatened to cut off gas supplies to {b}."]
PLAIN = ["The weather in {a} was mild on day {i}.",
         "A new bridge opened between {a} and {b} on day {i}."]


def sentences(i: int) -> list[tuple[str, str | None]]:
    a, b = STATES[i % len(STATES)], STATES[(i + 3) % len(STATES)]
    return [(TRAPS[i % 2].format(a=a, b=b), None), (THREATS[i % 2].format(a=a, b=b), "THREAT"),
            (PLAIN[i % 2].format(a=a, b=b, i=i), None)]


def build(path: Path, n_docs: int = 12, done: bool = True) -> Project:
    project = Project.create(path, annotator="alice")
    docs = []
    for i in range(n_docs):
        parts = sentences(i)
        docs.append({"text": " ".join(text for text, _ in parts), "title": f"Doc {i}"})
    source = path.with_suffix(".jsonl")
    source.write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    ids = project.import_paths([source]).doc_ids
    for i, doc_id in enumerate(ids):
        at = 0
        for text, label in sentences(i):
            if label:
                project.annotate(doc_id, at, at + len(text), label)
            at += len(text) + 1
        if done:
            project.set_status(doc_id, "done")
    return project


@pytest.fixture
def labelled(tmp_path: Path):
    with build(tmp_path / "labelled.annotator") as project:
        yield project


def make_stale(project: Project) -> str:
    """Train the project's own model, then store it as a version before feature sets were
    recorded stored it (no `features` in its meta); its uid."""
    from annotator.nlp.statement_model import StatementModel

    report = project.train_model(start_from="scratch")
    data = project.db.execute("SELECT data FROM statement_models WHERE uid = ?",
                              [report.version]).fetchone()[0]
    model = StatementModel.from_bytes(data)
    assert model.meta["features"] == FEATURE_VERSION  # recorded by training
    del model.meta["features"]
    uid = model.meta["id"] = f"{zlib.crc32(report.version.encode('ascii')):08x}"  # its own
    with project.db.atomic():
        project.db.execute("UPDATE statement_models SET uid = ?, data = ?, meta = ?"
                           " WHERE uid = ?", [uid, model.to_bytes(), json.dumps(model.meta),
                                              report.version])
    return uid
