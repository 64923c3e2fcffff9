"""Layer import and merge write in batches through `store.changes.apply`; on the same inputs
they store exactly what writing one record (one annotation) at a time stores: documents,
annotations, statuses, labels, the event log, history, and what undo then does."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.formats.export_options import LayerImportOptions
from annotator.project import Project

TEXTS = ["Seoul 🇰🇷 pledged support.\r\nJapan warned Pyongyang.",
         "Cafe\u0301 talks: Tokyo and Washington agreed on deterrence.",
         "Moscow said nothing. Beijing objected; Seoul replied.",
         "An article nobody has imported yet: Hanoi and Manila met."]
TIMES = ("ts", "created_at", "updated_at", "imported_at", "decided_at", "detected_at")


def _span(text: str, part: str, label: str, **extra) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "label": label, **extra}


def _layer_file(path: Path) -> Path:
    """Records that exercise every branch: new and known documents, a document twice, explicit
    ids (one repeated), slots, statuses, labels, a span already there, a record that refuses."""
    t0, t1, t2, t3 = TEXTS
    records = [
        {"text": t0, "spans": [_span(t0, "Seoul", "GPE", attrs={"actor_id": "KOR"}),
                               _span(t0, "Japan", "GPE")],
         "meta": {"layer": "bob", "status": "done", "status_updated_at": "2026-01-01T00:00:00"},
         "doc_labels": {"relevance": "RELEVANT"}},
        {"text": t1, "spans": [_span(t1, "Tokyo and Washington agreed", "COMMITMENT",
                                     attrs={"polarity": "SUPPORT", "topic": ["NUCLEAR"]},
                                     id="fixed-1", created_at="2025-01-01T00:00:00",
                                     updated_at="2025-02-01T00:00:00")],
         "meta": {"layer": "bob", "status": "flagged"}},
        {"text": t0, "spans": [_span(t0, "Pyongyang", "GPE")],  # the same document again
         "meta": {"layer": "bob", "status": "skipped"}, "doc_labels": {"tone": "NEUTRAL"}},
        {"text": t2, "spans": [_span(t2, "Moscow", "GPE"), _span(t2, "Beijing", "GPE"),
                               _span(t2, "Seoul", "GPE", id="fixed-2")],
         "meta": {"layer": "carol"}},
        {"text": t1, "spans": [_span(t1, "Tokyo and Washington agreed", "COMMITMENT",
                                     attrs={"polarity": "OPPOSE"}, id="fixed-1",
                                     created_at="2025-01-01T00:00:00",
                                     updated_at="2025-03-01T00:00:00")],
         "meta": {"layer": "bob"}},  # a later version of fixed-1
        {"text": t3, "spans": [_span(t3, "Hanoi", "GPE"), _span(t3, "Manila", "GPE")],
         "meta": {"layer": "bob", "status": "todo"}},
        {"text": t3, "spans": [_span(t3, "Manila", "GPE")],  # the new document again: its
         "meta": {"layer": "bob"}, "doc_labels": {"tone": "COOPERATIVE"}},  # Manila is there
        {"text": "  " + t2, "spans": [_span("  " + t2, "Moscow", "GPE")],  # same uid, and
         "meta": {"layer": "bob"}},  # the span does not fit the project's copy: E716
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    return path


def _base(tmp_path: Path) -> Path:
    """A project that already knows three of the documents, with some of bob's work in it."""
    path = tmp_path / "base.annotator"
    docs = tmp_path / "docs.jsonl"
    known = [TEXTS[0], TEXTS[1], TEXTS[2] + "   "]  # the last: stored with trailing spaces
    docs.write_text("\n".join(json.dumps({"text": t}) for t in known), encoding="utf-8")
    with Project.create(path, annotator="bob") as p:
        ids = p.import_paths([docs]).doc_ids
        p.annotate(ids[2], 0, 6, "GPE")  # "Moscow" is there already, under a manual id
        p.set_status(ids[1], "done")
    return path


def _strip(value):
    if isinstance(value, dict):  # a deletion's time aside, whether it is deleted
        return {k: (bool(v) if k == "deleted_at" else _strip(v)) for k, v in value.items()
                if k not in TIMES}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, str) and value.startswith("{"):
        try:
            return _strip(json.loads(value))
        except ValueError:
            return value
    return value


def snapshot(path: Path, who: str = "bob") -> dict:
    """Everything a project holds that a write path decides, timestamps aside."""
    with Project.open(path, annotator=who) as p:
        out = {}
        for table, order in (("documents", "id"), ("annotations", "id"),
                             ("doc_status", "doc_id, layer"), ("doc_labels", "doc_id, layer, name"),
                             ("merge_conflicts", "annotation_id, theirs")):
            out[table] = [_strip(dict(r)) for r in p.db.query(f"SELECT * FROM {table}"
                                                               f" ORDER BY {order}")]
        for row in out["merge_conflicts"]:
            row.pop("id")
        events = [_strip(dict(r)) for r in p.db.query("SELECT * FROM events")]
        for event in events:
            event.pop("id")
            if event["entity"] == "merge_conflict":
                event.pop("entity_id")  # the conflict row's id
        out["events"] = Counter(json.dumps(e, sort_keys=True, ensure_ascii=False)
                                for e in events)
        out["history"] = Counter(h["summary"] for h in p.history(limit=10_000))
    return out


@pytest.mark.parametrize("strict", [False, True])
def test_layer_import_in_batches_stores_what_one_by_one_stores(tmp_path, strict):
    base = _base(tmp_path)
    source = _layer_file(tmp_path / "layer.jsonl")
    results = {}
    for batch in (1, 2, 1000):
        path = tmp_path / f"b{batch}.annotator"
        shutil.copy(base, path)
        with Project.open(path, annotator="bob") as p:
            try:
                reports = [p.import_layer(source, LayerImportOptions(strict=strict), batch=batch)
                           for _ in range(2)]  # the second time: everything is unchanged
                summary = [r.summary() for r in reports]
                problems = [[(x.line, x.code) for x in r.problems] for r in reports]
            except AnnotatorError as exc:  # strict refuses: the same error each way
                summary, problems = str(exc), None
        results[batch] = (summary, problems, snapshot(path))
    assert results[2] == results[1]
    assert results[1000] == results[1]
    summary, problems, snap = results[1]
    if strict:
        assert "E716" in summary and snap == snapshot(base)  # nothing was imported
    else:
        assert problems == [[(8, "E716")], [(8, "E716")]]
        assert "9 annotation(s) added, 1 updated, 1 unchanged" in summary[0]
        assert "0 annotation(s) added" in summary[1]
        assert len(snap["annotations"]) == 10 and len(snap["documents"]) == 4


def test_undo_after_a_batched_import_matches_one_by_one(tmp_path):
    base = _base(tmp_path)
    source = _layer_file(tmp_path / "layer.jsonl")
    outcomes = []
    for batch in (1, 1000):
        path = tmp_path / f"u{batch}.annotator"
        shutil.copy(base, path)
        with Project.open(path, annotator="bob") as p:
            p.import_layer(source, batch=batch)
            try:  # bob's own "done" of document 2 was overwritten by nothing: it undoes
                first = p.undo()
                second = p.undo()  # the manual Moscow: still as bob wrote it
                third = p.undo()
            except AnnotatorError as exc:  # the refusal names when the row changed: time aside
                first = second = third = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "<time>", str(exc))
            outcomes.append((_strip([first, second, third]), snapshot(path)))  # times aside
    assert outcomes[0] == outcomes[1]


def _two_copies(tmp_path: Path) -> tuple[Path, Path]:
    """Ours and theirs, from one project: each side changed some of the same things since."""
    ours = _base(tmp_path)
    with Project.open(ours, annotator="bob") as p:
        p.import_layer(_layer_file(tmp_path / "layer.jsonl"))
    theirs = tmp_path / "theirs.annotator"
    shutil.copy(ours, theirs)
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"text": "Only they have this: Ankara and Baku."}),
                     encoding="utf-8")
    with Project.open(theirs, annotator="bob") as t:
        new_doc = t.import_paths([extra]).doc_ids[0]
        t.annotate(new_doc, 21, 27, "GPE", {"actor_id": "TUR"})
        moscow = next(a for a in t.annotations(3) if a.text == "Moscow")
        t.set_slot(moscow.id, "actor_id", "RUS")  # theirs later: an update
        t.set_status(3, "flagged")
        t.set_doc_label(3, "relevance", "PARTIAL")
        pyongyang = next(a for a in t.annotations(1) if a.text == "Pyongyang")
        t.delete_annotation(pyongyang.id)
        japan = next(a for a in t.annotations(1) if a.text == "Japan")
        t.set_slot(japan.id, "actor_id", "JPN")
    with Project.open(ours, annotator="bob") as o:
        japan = next(a for a in o.annotations(1) if a.text == "Japan")
        o.set_slot(japan.id, "actor_id", "PRK")  # both changed it: a conflict
        o.annotate(1, 0, 5, "ORG")
    return ours, theirs


@pytest.mark.parametrize("export_first", [False, True])
def test_merge_in_batches_stores_what_one_by_one_stores(tmp_path, export_first):
    ours, theirs = _two_copies(tmp_path)
    source = theirs
    if export_first:  # a JSONL export: no history, timestamps decide
        from annotator.formats.export_options import ExportOptions

        with Project.open(theirs, annotator="bob") as t:
            t.export(tmp_path / "theirs.jsonl", ExportOptions(layer="all", status="any"))
        source = tmp_path / "theirs.jsonl"
    results = {}
    for batch in (1, 2, 1000):
        path = tmp_path / f"m{batch}.annotator"
        shutil.copy(ours, path)
        with Project.open(path, annotator="bob") as p:
            reports = [p.merge(source, batch=batch).summary() for _ in range(2)]
            undone = p.undo()  # bob's own last action here, still in place
        results[batch] = (reports, undone, snapshot(path))
    assert results[2] == results[1]
    assert results[1000] == results[1]
    reports, _, snap = results[1]
    assert "1 document(s) added" in reports[0] and " 0 conflict(s)" not in reports[0]
    assert len(snap["documents"]) == 5 and snap["merge_conflicts"]
    assert "0 document(s) added, 0 annotation(s) added, 0 updated" in reports[1]
