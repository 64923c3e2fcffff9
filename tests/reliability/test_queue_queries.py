"""The queue's listing and counting queries give the same answers as the obvious computation,
for every mix of search and status, after bench/scale.py made them fast at 100,000 documents
(counts no longer join the documents table; a status page walks the status rows)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from annotator.core.models import STATUSES
from annotator.project import Project

WORDS = ("deterrence", "alliance", "missile", "talks", "sanctions", "summit")


@pytest.fixture(scope="module")
def busy_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("queue")
    rng = random.Random(3)
    with (folder / "docs.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(300):
            words = " ".join(rng.sample(WORDS, rng.randint(0, 3)))
            fh.write(json.dumps({"title": f"Story {i}", "text": f"Story {i} about {words}."}) + "\n")
    path = folder / "p.annotator"
    with Project.create(path, annotator="alice") as alice:
        ids = alice.import_paths([folder / "docs.jsonl"]).doc_ids
        for doc_id in rng.sample(ids, 120):
            alice.set_status(doc_id, rng.choice(STATUSES))  # some set back to todo explicitly
            if rng.random() < 0.5:
                alice.annotate(doc_id, 0, 5, "CUE")
    with Project.open(path, annotator="bob") as bob:
        for doc_id in rng.sample(ids, 60):
            bob.set_status(doc_id, rng.choice(("done", "flagged")))
    return path


def _expected(project: Project, layer: str, search: str | None,
              status: str | None) -> list[tuple[int, str, int]]:
    statuses = dict(project.db.execute(
        "SELECT doc_id, status FROM doc_status WHERE layer = ?", [layer]).fetchall())
    words = search.lower().split() if search else []
    out = []
    for doc_id, text in project.db.execute("SELECT id, text FROM documents ORDER BY id"):
        state = statuses.get(doc_id, "todo")
        if words and not all(w in text.lower() for w in words):
            continue
        if status and state != status:
            continue
        out.append((doc_id, state, len(project.annotations(doc_id, layer))))
    return out


@pytest.mark.parametrize("layer", ["alice", "bob", "carol"])
@pytest.mark.parametrize("search", [None, "deterrence", "alliance talks", "nowhere", "  "])
@pytest.mark.parametrize("status", [None, *STATUSES])
def test_listing_and_counting_agree_with_the_obvious(busy_project, layer, search, status):
    with Project.open(busy_project, annotator=layer) as project:
        expected = _expected(project, layer, search.strip() or None if search else None, status)
        assert project.count_documents(search=search, status=status) == len(expected)
        listed = project.documents(search=search, status=status)
        assert [(d.id, d.status, d.n_annotations) for d in listed] == expected
        pages = [d.id for offset in range(0, len(expected) + 7, 7)
                 for d in project.documents(search=search, status=status, limit=7, offset=offset)]
        assert pages == [doc_id for doc_id, _, _ in expected]
