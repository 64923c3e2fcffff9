"""Undo and redo never throw away a later change: they apply only where the row still holds
what the event being taken back wrote, and otherwise refuse with E250 and leave the row alone."""

from __future__ import annotations

import json
import shutil

import pytest

from annotator.core.errors import AnnotatorError
from annotator.project import Project


def _project_with_one_document(tmp_path, name: str = "home.annotator"):
    path = tmp_path / name
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps({"text": "Seoul and Washington pledged support.",
                                  "title": "Pledge"}), encoding="utf-8")
    with Project.create(path, annotator="alice") as p:
        doc_id = p.import_paths([source]).doc_ids[0]
    return path, doc_id


def test_undo_after_a_merge_keeps_the_merged_status(tmp_path):
    """Alice marks a document done; a merge brings her later `flagged` from her other machine;
    Ctrl+Z must not set it back to todo (that would lose the merged work)."""
    home, doc_id = _project_with_one_document(tmp_path)
    laptop = tmp_path / "laptop.annotator"
    shutil.copy(home, laptop)
    with Project.open(home, annotator="alice") as p:
        p.set_status(doc_id, "done")
    with Project.open(laptop, annotator="alice") as other:
        other.set_status(doc_id, "flagged")  # later than the "done" at home
    with Project.open(home, annotator="alice") as p:
        assert p.merge(laptop).statuses == 1
        assert p.status(doc_id) == "flagged"
        events_before = p.db["events"].count
        with pytest.raises(AnnotatorError) as refused:
            p.undo()
        assert refused.value.code == "E250"
        assert "flagged" in str(refused.value) and "merge" in str(refused.value)
        assert p.status(doc_id) == "flagged"
        # the refusal is on record and takes the action off the undo list: the next Ctrl+Z
        # goes on to earlier actions instead of refusing forever
        last = p.history(limit=1)[0]
        assert last["op"] == "undo-refused" and "refused" in last["summary"]
        assert p.db["events"].count == events_before + 1
        assert not p.can_undo() and p.undo() is None
        assert not p.can_redo()


def test_undo_of_an_annotation_edited_since_by_a_merge_is_refused(tmp_path):
    home, doc_id = _project_with_one_document(tmp_path)
    with Project.open(home, annotator="alice") as p:
        mention = p.annotate(doc_id, 0, 5, "GPE")
    laptop = tmp_path / "laptop.annotator"
    shutil.copy(home, laptop)
    with Project.open(laptop, annotator="alice") as other:
        other.set_slot(mention.id, "actor_id", "KOR")
    with Project.open(home, annotator="alice") as p:
        assert p.merge(laptop).updated == 1
        with pytest.raises(AnnotatorError) as refused:
            p.undo()  # would delete the annotation the merge just updated
        assert refused.value.code == "E250"
        assert p.annotation(mention.id).attrs == {"actor_id": "KOR"}


def test_redo_is_refused_when_the_row_changed_after_the_undo(tmp_path):
    home, doc_id = _project_with_one_document(tmp_path)
    with Project.open(home, annotator="alice") as p:
        p.set_status(doc_id, "done")
        p.undo()
        assert p.status(doc_id) == "todo"
    with Project.open(home, annotator="bob") as bob:  # another layer: not in alice's way
        bob.set_status(doc_id, "skipped")
    laptop = tmp_path / "laptop.annotator"
    shutil.copy(home, laptop)
    with Project.open(laptop, annotator="alice") as other:
        other.set_status(doc_id, "flagged")
    with Project.open(home, annotator="alice") as p:
        p.merge(laptop)
        with pytest.raises(AnnotatorError) as refused:
            p.redo()
        assert refused.value.code == "E250"
        assert p.status(doc_id) == "flagged" and p.status(doc_id, "bob") == "skipped"


def test_undo_and_redo_still_apply_where_nothing_changed_since(tmp_path):
    home, doc_id = _project_with_one_document(tmp_path)
    with Project.open(home, annotator="alice") as p:
        p.set_status(doc_id, "done")
        p.set_doc_label(doc_id, "relevance", "RELEVANT")
        p.undo()
        p.undo()
        assert p.status(doc_id) == "todo" and p.doc_labels(doc_id) == {}
        p.redo()
        p.redo()
        assert p.status(doc_id) == "done" and p.doc_labels(doc_id) == {"relevance": "RELEVANT"}


def test_undo_of_a_review_decision_another_reviewer_changed_is_refused(tmp_path):
    home, doc_id = _project_with_one_document(tmp_path)
    for who, label in (("ann", "GPE"), ("ben", "ORG")):
        with Project.open(home, annotator=who) as p:
            p.annotate(doc_id, 0, 5, label)
    layers = ("ann", "ben")
    with Project.open(home, annotator="rita") as rita, \
            Project.open(home, annotator="sam") as sam:
        key = rita.review_items(doc_id, layers)[0].key
        rita.decide(doc_id, layers, key, "a")
        sam.decide(doc_id, layers, key, "b")  # a second reviewer settles it otherwise
        with pytest.raises(AnnotatorError) as refused:
            rita.undo()
        assert refused.value.code == "E250" and "sam" in str(refused.value)
        item = rita.review_items(doc_id, layers)[0]
        assert item.decision == "b" and item.gold.label == "ORG"
