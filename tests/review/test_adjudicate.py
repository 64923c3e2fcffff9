"""Adjudication into gold: take A, take B, edit, none, identical ones in one step, undo."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import AnnotatorError
from annotator.project import Project
from annotator.review.align import EXACT, ONLY_A, ONLY_B, OVERLAP, RELABEL

TEXT = "Seoul and Washington pledged support to NATO. Tokyo warned Pyongyang."


@pytest.fixture
def reviewed(tmp_path):
    path = tmp_path / "p.annotator"
    source = tmp_path / "d.jsonl"
    source.write_text(json.dumps({"text": TEXT}), encoding="utf-8")
    with Project.create(path, annotator="alice") as p:
        doc = p.import_paths([source]).doc_ids[0]
        p.annotate(doc, 0, 5, "GPE")                      # same in both
        p.annotate(doc, 10, 20, "GPE")                    # bob says ORG
        p.annotate(doc, 0, 44, "COMMITMENT", {"polarity": "SUPPORT"})  # bob: other polarity
        p.annotate(doc, 46, 51, "GPE")                    # only alice
    with Project.open(path, annotator="bob") as p:
        p.annotate(doc, 0, 5, "GPE")
        p.annotate(doc, 10, 20, "ORG")
        p.annotate(doc, 0, 44, "COMMITMENT", {"polarity": "OPPOSE"})
        p.annotate(doc, 59, 68, "GPE")                    # only bob
        p.annotate(doc, 38, 45, "ORG")                    # overlaps nothing of alice's ORG kind
    return path, doc


def test_alignment_relations(reviewed):
    path, doc = reviewed
    with Project.open(path, annotator="rita") as p:
        items = p.review_items(doc, ("alice", "bob"))
    relations = sorted(i.aligned.relation for i in items)
    assert relations == sorted([EXACT, RELABEL, EXACT, ONLY_A, ONLY_B, ONLY_B])
    statement = next(i for i in items if i.aligned.kind == "STATEMENT")
    assert statement.aligned.slot_differences == ("polarity",)
    assert not statement.aligned.agreed


def test_decisions_go_to_gold_and_annotators_layers_stay(reviewed):
    path, doc = reviewed
    with Project.open(path, annotator="rita") as p:
        layers = ("alice", "bob")
        before = {a.id: a for layer in layers for a in p.annotations(doc, layer)}
        assert p.accept_identical(doc, layers) == 1
        items = {i.aligned.relation + i.aligned.kind: i for i in p.review_items(doc, layers)}
        p.decide(doc, layers, items["labelMENTION"].key, "b")
        gold = p.decide(doc, layers, items["exactSTATEMENT"].key, "edited")
        p.update_annotation(gold.id, attrs={"polarity": "MIXED"}, review=True)
        p.decide(doc, layers, items["only_aMENTION"].key, "none")
        gold_layer = {(a.start, a.end, a.label, json.dumps(a.attrs)) for a in p.annotations(doc, "gold")}
        assert gold_layer == {(0, 5, "GPE", "{}"), (10, 20, "ORG", "{}"),
                              (0, 44, "COMMITMENT", '{"polarity": "MIXED"}')}
        after = {a.id: a for layer in layers for a in p.annotations(doc, layer)}
        assert after == before
        rows = list(p.db["review_decisions"].rows)
        assert {r["decision"] for r in rows} == {"a", "b", "edited", "none"}
        assert all(r["reviewer"] == "rita" and r["layers"] == "alice|bob" for r in rows)
        progress = p.review_progress(layers)
        assert progress == {"documents": 1, "items": 6, "decided": 4}
        # changing one's mind replaces that item's gold annotation
        p.decide(doc, layers, items["labelMENTION"].key, "a")
        assert {a.label for a in p.annotations(doc, "gold") if a.start == 10} == {"GPE"}
        # undo takes back exactly one decision
        p.undo()
        assert {a.label for a in p.annotations(doc, "gold") if a.start == 10} == {"ORG"}


def test_review_refuses_what_makes_no_sense(reviewed):
    path, doc = reviewed
    with Project.open(path, annotator="rita") as p:
        with pytest.raises(AnnotatorError, match="no layer 'carol'"):
            p.review_items(doc, ("alice", "carol"))
        with pytest.raises(AnnotatorError, match="gold layer"):
            p.review_items(doc, ("alice", "gold"))
        only_b = next(i for i in p.review_items(doc, ("alice", "bob"))
                      if i.aligned.relation == ONLY_B)
        with pytest.raises(AnnotatorError, match="'alice' has nothing here"):
            p.decide(doc, ("alice", "bob"), only_b.key, "a")
        exact = next(i for i in p.review_items(doc, ("alice", "bob")) if i.aligned.agreed)
        gold = p.decide(doc, ("alice", "bob"), exact.key, "a")
    with Project.open(path, annotator="alice") as alice:
        # annotators see gold read-only: their edits of it are refused
        assert [a.id for a in alice.annotations(doc, "gold")] == [gold.id]
        with pytest.raises(AnnotatorError, match="belongs to 'gold'"):
            alice.update_annotation(gold.id, label="ORG")
        with pytest.raises(AnnotatorError, match="belongs to 'gold'"):
            alice.delete_annotation(gold.id)


def test_overlap_relation(tmp_path):
    path = tmp_path / "o.annotator"
    source = tmp_path / "d.jsonl"
    source.write_text(json.dumps({"text": TEXT}), encoding="utf-8")
    with Project.create(path, annotator="alice") as p:
        doc = p.import_paths([source]).doc_ids[0]
        p.annotate(doc, 0, 44, "COMMITMENT")
    with Project.open(path, annotator="bob") as p:
        p.annotate(doc, 10, 45, "COMMITMENT")
        (item,) = p.review_items(doc, ("alice", "bob"))
    assert item.aligned.relation == OVERLAP
