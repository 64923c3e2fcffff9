"""Merging another annotator's project file: by uid, idempotent, conflicts kept both ways."""

from __future__ import annotations

import json
import shutil

import pytest

from annotator.core.errors import AnnotatorError
from annotator.project import Project


def _jsonl(path, texts):
    path.write_text("\n".join(json.dumps({"text": t, "title": t[:20]}) for t in texts),
                    encoding="utf-8")
    return path


@pytest.fixture
def two_projects(tmp_path):
    """A reviewer's project and alice's own copy, with overlapping and distinct documents."""
    shared = ["Seoul and Washington pledged support.", "Tokyo warned Pyongyang again."]
    reviewer = tmp_path / "review.annotator"
    alice = tmp_path / "alice.annotator"
    with Project.create(reviewer, annotator="rita") as r:
        r.import_paths([_jsonl(tmp_path / "r.jsonl", shared)])
    with Project.create(alice, annotator="alice") as a:
        a.import_paths([_jsonl(tmp_path / "a.jsonl", [*reversed(shared), "Only alice has this."])])
    return reviewer, alice


def _annotate(path, who, text_of_doc, start, end, label, attrs=None):
    with Project.open(path, annotator=who) as p:
        doc = next(d for d in p.documents() if p.document(d.id).text == text_of_doc)
        return p.annotate(doc.id, start, end, label, attrs)


def test_merge_matches_by_uid_adds_unknown_documents_and_is_idempotent(two_projects):
    reviewer, alice = two_projects
    a1 = _annotate(alice, "alice", "Seoul and Washington pledged support.", 0, 5, "GPE",
                   {"actor_id": "KOR"})
    _annotate(alice, "alice", "Only alice has this.", 0, 4, "PERSON")
    with Project.open(alice, annotator="alice") as a:
        doc = next(d for d in a.documents() if d.title.startswith("Tokyo"))
        a.set_status(doc.id, "done")
        a.set_doc_label(doc.id, "relevance", "RELEVANT")
    with Project.open(reviewer, annotator="rita") as r:
        before_docs = r.count_documents()
        report = r.merge(alice)
        assert (report.documents_added, report.added, report.statuses, report.labels) == (1, 2, 1, 1)
        assert report.layers == ["alice"] and not report.conflicts
        assert r.count_documents() == before_docs + 1
        merged = r.annotation(a1.id)
        assert merged.layer == "alice" and merged.attrs == {"actor_id": "KOR"}
        assert r.document(merged.doc_id).text == "Seoul and Washington pledged support."
        tokyo = next(d for d in r.documents(layer="alice") if d.title.startswith("Tokyo"))
        assert tokyo.status == "done" and r.doc_labels(tokyo.id, "alice") == {"relevance": "RELEVANT"}
        counts = {t: r.db[t].count for t in ("documents", "annotations", "doc_status", "doc_labels")}
        events = r.db["events"].count
        again = r.merge(alice)
        assert (again.added, again.updated, again.documents_added, again.unchanged) == (0, 0, 0, 2)
        assert {t: r.db[t].count for t in counts} == counts
        assert r.db["events"].count == events + 1  # only the merge summary
        sources = {e["source"] for e in r.db["events"].rows_where("op = 'merge'")}
        assert sources == {str(alice)}


def test_later_versions_fast_forward_and_newer_local_versions_stay(two_projects, tmp_path):
    reviewer, alice = two_projects
    a1 = _annotate(alice, "alice", "Seoul and Washington pledged support.", 0, 5, "GPE")
    with Project.open(reviewer, annotator="rita") as r:
        r.merge(alice)
    with Project.open(alice, annotator="alice") as a:
        a.update_annotation(a1.id, label="ORG")
    with Project.open(reviewer, annotator="rita") as r:
        report = r.merge(alice)
        assert report.updated == 1 and not report.conflicts
        assert r.annotation(a1.id).label == "ORG"


def test_conflicting_edits_are_kept_both_ways_and_reported(two_projects, tmp_path):
    _reviewer, alice = two_projects
    a1 = _annotate(alice, "alice", "Seoul and Washington pledged support.", 0, 5, "GPE")
    laptop = tmp_path / "alice-laptop.annotator"
    shutil.copy(alice, laptop)  # the same layer edited in two copies
    with Project.open(alice, annotator="alice") as a:
        a.update_annotation(a1.id, label="ORG")
    with Project.open(laptop, annotator="alice") as b:
        b.update_annotation(a1.id, label="NORP")
    with Project.open(alice, annotator="alice") as a:
        report = a.merge(laptop)
        assert [c["annotation_id"] for c in report.conflicts] == [a1.id]
        assert a.annotation(a1.id).label == "ORG"  # ours, never overwritten
        (conflict,) = a.merge_conflicts()
        assert conflict["ours"]["label"] == "ORG" and conflict["theirs"]["label"] == "NORP"
        again = a.merge(laptop)
        assert len(a.merge_conflicts()) == 1 and again.conflicts[0]["new"] is False


def test_merge_refuses_bad_sources_and_changes_nothing(two_projects, tmp_path):
    reviewer, alice = two_projects
    with Project.open(reviewer, annotator="rita") as r:
        with pytest.raises(AnnotatorError, match="no layer 'bob'"):
            r.merge(alice, layers=["bob"])
        with pytest.raises(AnnotatorError, match="into itself"):
            r.merge(reviewer)
        junk = tmp_path / "junk.annotator"
        junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
        before = r.db["events"].count
        with pytest.raises(AnnotatorError):
            r.merge(junk)
        assert r.db["events"].count == before


def test_source_file_is_not_modified(two_projects):
    reviewer, alice = two_projects
    _annotate(alice, "alice", "Only alice has this.", 0, 4, "PERSON")
    before = alice.read_bytes()
    with Project.open(reviewer, annotator="rita") as r:
        r.merge(alice)
    assert alice.read_bytes() == before


def test_cli_merge_reports_and_is_idempotent(two_projects):
    from click.testing import CliRunner

    from annotator.cli import cli

    reviewer, alice = two_projects
    _annotate(alice, "alice", "Only alice has this.", 0, 4, "PERSON")
    first = CliRunner().invoke(cli, ["--annotator", "rita", "merge", str(reviewer), str(alice)])
    assert first.exit_code == 0, first.output
    assert "1 document(s) added, 1 annotation(s) added" in first.output
    second = CliRunner().invoke(cli, ["merge", str(reviewer), str(alice), "--json"])
    report = json.loads(second.output)
    assert (report["added"], report["documents_added"], report["unchanged"]) == (0, 0, 1)
    wrong = CliRunner().invoke(cli, ["merge", str(reviewer), str(alice), "--layer", "zed"])
    assert wrong.exit_code == 1 and "Its layers: alice" in wrong.output


def test_merge_from_our_jsonl_export(two_projects, tmp_path):
    from annotator.formats.export_options import ExportOptions

    reviewer, alice = two_projects
    a1 = _annotate(alice, "alice", "Seoul and Washington pledged support.", 0, 5, "GPE",
                   {"actor_id": "KOR"})
    export = tmp_path / "alice.jsonl"
    with Project.open(alice, annotator="alice") as a:
        a.export(export, ExportOptions(layer="alice", status="any", tokens=False))
    with Project.open(reviewer, annotator="rita") as r:
        first = r.merge(export)
        assert first.added == 1 and first.documents_added == 1
        assert r.annotation(a1.id).attrs == {"actor_id": "KOR"}
        again = r.merge(export)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    # alice changes her label and exports again: the later export fast-forwards
    with Project.open(alice, annotator="alice") as a:
        a.update_annotation(a1.id, label="ORG")
        a.export(export, ExportOptions(layer="alice", status="any", tokens=False))
    with Project.open(reviewer, annotator="rita") as r:
        later = r.merge(export)
        assert later.updated == 1 and not later.conflicts
        assert r.annotation(a1.id).label == "ORG"
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "x", "spans": [{"start": 0, "end": 9, "label": "GPE"}]}\n')
    with Project.open(reviewer, annotator="rita") as r, \
            pytest.raises(AnnotatorError, match="cannot be merged"):
        r.merge(broken)
