"""Annotating through the Project API: every action saved at once, undo/redo across restarts."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import AnnotatorError, SchemeError
from annotator.project import Project

TEXT = "Seoul 🇰🇷 pledged\r\nsupport. Cafe\u0301 talks: Japan warned Pyongyang."


@pytest.fixture
def doc(project, tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": TEXT, "title": "T"}), encoding="utf-8")
    return project.import_paths([path]).doc_ids[0]


def test_annotate_update_delete_with_codepoint_offsets(project, doc):
    start = TEXT.index("Japan")
    mention = project.annotate(doc, start, start + 5, "GPE", {"actor_id": "JPN"})
    assert mention.text == "Japan" and mention.kind == "MENTION" and mention.layer == "alice"
    emoji = project.annotate(doc, 6, 8, "CUE")
    assert emoji.text == "🇰🇷"
    cafe = TEXT.index("Cafe")
    combining = project.annotate(doc, cafe, cafe + 5, "CUE")
    assert combining.text == "Cafe\u0301"
    crlf = project.annotate(doc, 0, TEXT.index("support.") + 8, "COMMITMENT")
    assert crlf.text == "Seoul 🇰🇷 pledged\r\nsupport."
    changed = project.update_annotation(crlf.id, attrs={"holder": "KOR", "polarity": "SUPPORT",
                                                        "topic": ["ALLIANCE_GENERAL"]})
    assert changed.attrs == {"holder": "KOR", "polarity": "SUPPORT", "topic": ["ALLIANCE_GENERAL"]}
    cleared = project.set_slot(crlf.id, "polarity", None)
    assert "polarity" not in cleared.attrs
    project.delete_annotation(emoji.id)
    assert {a.text for a in project.annotations(doc)} == {"Japan", "Cafe\u0301", crlf.text}


def test_invalid_actions_are_refused(project, doc):
    with pytest.raises(AnnotatorError, match="outside the text"):
        project.annotate(doc, 5, 5000, "GPE")
    with pytest.raises(AnnotatorError, match="outside the text"):
        project.annotate(doc, 5, 3, "GPE")
    with pytest.raises(SchemeError, match="label 'WHATEVER'"):
        project.annotate(doc, 0, 5, "WHATEVER")
    with pytest.raises(SchemeError, match="'STRONG' is not a value"):
        project.annotate(doc, 0, 5, "COMMITMENT", {"strength": "STRONG"})
    with pytest.raises(AnnotatorError, match="has no slot 'holder'"):
        project.annotate(doc, 0, 5, "GPE", {"holder": "KOR"})
    a = project.annotate(doc, 0, 5, "GPE")
    with pytest.raises(AnnotatorError, match="is a STATEMENT label"):
        project.update_annotation(a.id, label="COMMITMENT")
    assert project.db["annotations"].count == 1


def test_each_annotator_writes_only_their_layer(project, doc, tmp_path):
    a = project.annotate(doc, 0, 5, "GPE")
    with Project.open(project.path, annotator="bob") as bob:
        with pytest.raises(AnnotatorError, match="belongs to 'alice'"):
            bob.delete_annotation(a.id)
        b = bob.annotate(doc, 0, 5, "ORG")
        assert [x.id for x in bob.annotations(doc)] == [b.id]
    with Project.open(project.path, annotator="gold") as gold, \
            pytest.raises(AnnotatorError, match="gold layer"):
        gold.annotate(doc, 0, 5, "GPE")


def test_status_labels_and_time(project, doc):
    assert project.status(doc) == "todo"
    project.set_status(doc, "done", add_seconds=12.5)
    project.set_status(doc, "done", add_seconds=2.5)
    assert project.status(doc) == "done" and project.seconds_spent(doc) == 15.0
    project.set_doc_label(doc, "relevance", "RELEVANT")
    project.set_doc_label(doc, "tone", "COOPERATIVE")
    project.set_doc_label(doc, "tone", None)
    assert project.doc_labels(doc) == {"relevance": "RELEVANT"}
    with pytest.raises(AnnotatorError):
        project.set_doc_label(doc, "relevance", "MAYBE")
    with pytest.raises(AnnotatorError, match="unknown status"):
        project.set_status(doc, "finished")
    assert project.documents(status="done")[0].id == doc


def test_undo_redo_every_kind_of_action(project, doc):
    a = project.annotate(doc, 0, 5, "GPE")
    project.set_slot(a.id, "actor_id", "KOR")
    project.set_status(doc, "flagged")
    project.set_doc_label(doc, "relevance", "PARTIAL")
    project.delete_annotation(a.id)
    assert project.annotations(doc) == []

    assert project.undo()["entity"] == "annotation"  # delete undone
    assert project.annotation(a.id).attrs == {"actor_id": "KOR"}
    project.undo()
    assert project.doc_labels(doc) == {}
    project.undo()
    assert project.status(doc) == "todo"
    project.undo()
    assert project.annotation(a.id).attrs == {}
    project.undo()
    assert project.annotations(doc) == []
    assert project.undo() is None and not project.can_undo()

    project.redo()
    project.redo()
    assert project.annotation(a.id).attrs == {"actor_id": "KOR"}
    project.redo()
    assert project.status(doc) == "flagged"
    # a new action clears the redo stack
    project.set_doc_label(doc, "tone", "NEUTRAL")
    assert not project.can_redo() and project.redo() is None


def test_undo_survives_a_restart(project, doc):
    a = project.annotate(doc, 0, 5, "GPE")
    project.set_slot(a.id, "actor_id", "KOR")
    path = project.path
    project.close()
    with Project.open(path, annotator="alice") as again:
        again.undo()
        assert again.annotation(a.id).attrs == {}
    with Project.open(path, annotator="alice") as third:
        third.redo()
        assert third.annotation(a.id).attrs == {"actor_id": "KOR"}
        third.undo()
        third.undo()
        assert third.annotations(doc) == []
    with Project.open(path, annotator="bob") as bob:
        assert not bob.can_undo()  # alice's history is alice's


def test_deleted_annotation_restored_from_log(project, doc):
    a = project.annotate(doc, 0, 5, "GPE", {"actor_id": "KOR"})
    project.delete_annotation(a.id)
    for i in range(3):
        project.annotate(doc, 6 + i, 7 + i, "CUE")
    restored = project.restore_annotation(a.id)
    assert restored.attrs == {"actor_id": "KOR"} and restored.deleted_at is None
    ops = [e["op"] for e in project.db["events"].rows_where("entity = 'annotation'")]
    assert ops.count("delete") == 1 and ops[-1] == "update"


def test_every_change_is_logged_with_before_and_after(project, doc):
    a = project.annotate(doc, 0, 5, "GPE")
    project.update_annotation(a.id, label="ORG")
    rows = list(project.db["events"].rows_where("entity = 'annotation'", order_by="id"))
    assert [r["op"] for r in rows] == ["create", "update"]
    assert rows[0]["before"] is None and json.loads(rows[0]["after"])["label"] == "GPE"
    assert json.loads(rows[1]["before"])["label"] == "GPE"
    assert json.loads(rows[1]["after"])["label"] == "ORG"
    assert all(r["who"] == "alice" and r["doc_id"] == doc for r in rows)


def test_linking_a_mention_adds_the_alias(project, doc):
    start = TEXT.index("Pyongyang")
    mention = project.annotate(doc, start, start + len("Pyongyang"), "GPE")
    project.link_mention(mention.id, "PRK")
    assert project.annotation(mention.id).attrs == {"actor_id": "PRK"}
    kinds = project.db.execute("SELECT kind FROM aliases WHERE alias = 'Pyongyang'"
                               " AND actor_id = 'PRK'").fetchall()
    assert kinds  # known before (ambiguous capital) or added now; never duplicated
    cafe = TEXT.index("Cafe")
    other = project.annotate(doc, cafe, cafe + 5, "ORG")
    project.link_mention(other.id, "KOR")
    assert project.db.execute("SELECT kind FROM aliases WHERE alias = ? AND actor_id = 'KOR'",
                              ["Cafe\u0301"]).fetchone() == ("name",)
    with pytest.raises(AnnotatorError):
        project.link_mention(other.id, "NO_SUCH_ACTOR")
    assert project.annotation(other.id).attrs == {"actor_id": "KOR"}


def test_a_scheme_that_drops_a_used_label_is_refused(project, doc):
    from annotator.core.resources import default_scheme_text

    project.annotate(doc, 0, 5, "GPE")
    without_norp = default_scheme_text().replace('name = "NORP"', 'name = "NATIONALITY"')
    project.set_scheme(without_norp)  # NORP is not used: fine
    without_gpe = default_scheme_text().replace('name = "GPE"', 'name = "STATE"')
    with pytest.raises(SchemeError, match=r"label 'GPE' \(removed\) is used by 1 annotation"):
        project.set_scheme(without_gpe)
    assert {lab.name for lab in project.scheme.labels} >= {"GPE", "NATIONALITY"}
