"""The default JSONL export (no tokens) joins JSON that SQLite writes (`store.export_lines`);
every other export goes through `LayerRecord`s (`exchange.layer_records`, `record_dict`,
`json_line`). Both must write the same bytes for the same selection: the hard texts (control
characters, a line separator, emoji, CRLF, combining accents), nested metadata, several layers
and statuses, twin statements that only their slots tell apart, a deleted span, document
labels without spans. Our JSONL is UTF-8 (non-ASCII characters as they are) either way."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
import srsly
from hypothesis import given
from hypothesis import strategies as st

from annotator.formats.export_base import json_dumps, json_line, prodigy_tokens, unbroken
from annotator.formats.export_jsonl import _quote, built_from_parts, record_dict
from annotator.formats.export_options import ALL_LAYERS, ExportOptions
from annotator.project import Project
from annotator.store import exchange
from tests.formats.builders import TEXT_1, TEXT_2, add_gold, at, fresh_copy

HARD = ("Tab\there, \x01\x1f\x7f\x85 a back\\slash, \"quotes\", a/slash,\u2028 separator\u2029\r\n"
        "Cafe\u0301 \U0001F1F0\U0001F1F7 pledged support; Seoul \U0001F44D\U0001F3FD agreed.")
META = {"section": "world", "nested": {"list": [1, 2.5, None, True, {"é": "\"x\"\n"}],
                                       "big": 12345678901234567890, "empty": {}}}


def make_hard_project(path: Path) -> Project:
    source = path.with_suffix(".articles.jsonl")
    rows = [{"text": HARD, "title": "Caf\u00e9 \"one\"", "url": "http://x/1", **META},
            {"text": TEXT_1, "title": "Two", "published": "2012-10-25"},
            {"text": TEXT_2, "title": None},
            {"text": "Nobody annotated this one.\n"}]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    project = Project.create(path, annotator="alice")
    d1, d2, d3, _d4 = project.import_paths([source]).doc_ids
    statement = at(HARD, "Cafe\u0301 \U0001F1F0\U0001F1F7 pledged support;")
    project.annotate(d1, *statement, "COMMITMENT", {"holder": "USA", "polarity": "SUPPORT",
                                                    "note": "né \"q\", \\ \x01 \u2028"})
    project.annotate(d1, *statement, "COMMITMENT", {"holder": "KOR", "polarity": "SUPPORT"})
    project.annotate(d1, *at(HARD, "\U0001F1F0\U0001F1F7"), "GPE", {"actor_id": "KOR"})
    project.annotate(d1, *at(HARD, "Seoul"), "GPE", {"actor_id": "KOR"})
    project.annotate(d1, *at(HARD, "Seoul"), "PERSON")  # same span, another label and kind
    project.annotate(d1, *at(HARD, "agreed"), "CUE")
    gone = project.annotate(d1, *at(HARD, "Tab"), "CUE")
    project.delete_annotation(gone.id)
    project.set_status(d1, "done", add_seconds=42.5)
    project.set_doc_label(d1, "relevance", "RELEVANT")
    project.set_doc_label(d1, "tone", "COOPERATIVE")
    project.annotate(d2, *at(TEXT_1, "Japan"), "GPE", {"actor_id": "JPN"})
    project.set_status(d2, "flagged")
    project.set_status(d3, "skipped")
    with Project.open(path, annotator="bob") as bob:
        bob.annotate(d1, *at(HARD, "Seoul"), "GPE")
        bob.annotate(d3, *at(TEXT_2, "Beijing"), "GPE", {"actor_id": "CHN"})
        bob.set_status(d3, "done", add_seconds=3)
        bob.set_status(d1, "todo")
    with Project.open(path, annotator="carol") as carol:  # a layer with a label and no span
        carol.set_doc_label(d2, "relevance", "PARTIAL")
    add_gold(project, path)
    return project


@pytest.fixture(scope="module")
def hard(tmp_path_factory):
    with make_hard_project(tmp_path_factory.mktemp("hard") / "h.annotator") as project:
        yield project


def through_records(project: Project, options: ExportOptions) -> bytes:
    """What the export wrote before its lines came from SQLite, for the same selection."""
    layer = options.layer or project.annotator
    which = None if layer == ALL_LAYERS else layer
    with exchange.read_snapshot(project.db):
        ids = [d for d, _ in exchange.select_documents(project.db, which, options.status)]
        records = exchange.layer_records(project.db, ids, which, options.status, options.kinds,
                                         options.labels)
        return b"".join(json_line(record_dict(r, None, project.scheme.ref), ensure_ascii=False)
                        for r in records)


SELECTIONS = [dict(layer="all", status="any"), dict(layer="all"), dict(),
              dict(status="any"), dict(layer="bob", status="any"), dict(layer="carol", status="any"),
              dict(layer="gold"), dict(layer="all", status="any", kinds=("STATEMENT", "CUE")),
              dict(layer="all", status="any", labels=("GPE",)), dict(layer="alice", labels=("CUE",))]


def named(selection: dict) -> str:
    return ",".join(f"{k}={v}" for k, v in selection.items()) or "default"


@pytest.mark.parametrize("selection", SELECTIONS, ids=named)
def test_the_default_export_writes_the_bytes_the_records_path_writes(hard, tmp_path, selection):
    options = ExportOptions(**selection)
    assert built_from_parts(options)
    out = tmp_path / "out.jsonl"
    report = hard.export(out, options)
    written = out.read_bytes()
    assert written == through_records(hard, options)
    lines = [json.loads(line) for line in written.splitlines()]
    assert report.records == len(lines)
    assert report.spans == Counter(s["label"] for line in lines for s in line["spans"])


def test_the_hard_cases_are_in_the_lines_and_exact(hard, tmp_path):
    out = tmp_path / "all.jsonl"
    hard.export(out, ExportOptions(layer="all", status="any"))
    written = out.read_bytes()
    assert "\U0001F1F0\U0001F1F7 pledged".encode() in written  # UTF-8, not \\u escapes
    escapes = {b"\\u0001", b"\\u001f", b"\\u0085", b"\\u2028", b"\\u2029"}  # the only ones
    assert set(re.findall(rb"\\u[0-9a-f]{4}", written)) == escapes
    lines = [json.loads(line) for line in written.decode("utf-8").splitlines()]  # one line each
    assert [(x["meta"]["title"], x["meta"]["layer"], x["meta"]["status"]) for x in lines] == [
        ("Café \"one\"", "alice", "done"), ("Café \"one\"", "bob", "todo"),
        ("Two", "alice", "flagged"), ("Two", "carol", "todo"), (None, "alice", "skipped"),
        (None, "bob", "done"), (None, "gold", "done")]
    first = lines[0]
    assert first["text"] == HARD and first["doc_meta"] == META
    assert first["doc_labels"] == {"relevance": "RELEVANT", "tone": "COOPERATIVE"}
    assert first["provenance"] == {"annotator": "alice", "status_updated_at": first[
        "provenance"]["status_updated_at"], "seconds": 42.5}
    spans = first["spans"]
    assert [s["label"] for s in spans] == ["COMMITMENT", "COMMITMENT", "GPE", "GPE", "PERSON", "CUE"]
    assert spans[0]["attrs"]["holder"] == "KOR"  # twins: ordered by their stored slots
    assert spans[1]["attrs"]["note"] == "né \"q\", \\ \x01 \u2028"
    for line in lines:
        for span in line["spans"]:
            assert span["text"] == line["text"][span["start"] : span["end"]]  # code points
    assert lines[3]["spans"] == [] and lines[3]["doc_labels"] == {"relevance": "PARTIAL"}


def test_numbers_are_written_as_stored_where_srsly_rounded_them(tmp_path):
    source = tmp_path / "a.jsonl"
    source.write_text('{"text": "Seoul agreed.", "ratio": 0.30000000000000004, "n": 1e-07}\n')
    with Project.create(tmp_path / "p.annotator", annotator="alice") as project:
        (doc,) = project.import_paths([source]).doc_ids
        project.set_status(doc, "done", add_seconds=12.25)
        out = tmp_path / "out.jsonl"
        project.export(out)
        (line,) = [json.loads(x) for x in out.read_text().splitlines()]
        assert line["doc_meta"] == {"n": 1e-07, "ratio": 0.30000000000000004}
        assert line["provenance"]["seconds"] == 12.25
        # the records path rounds floats to 10 significant digits
        (before,) = [json.loads(x) for x in through_records(project, ExportOptions()).splitlines()]
        assert before["doc_meta"] == {"n": 1e-07, "ratio": 0.3}


def test_the_default_export_comes_back_through_import_unchanged(hard, tmp_path):
    options = ExportOptions(layer="all", status="any")
    first = tmp_path / "first.jsonl"
    hard.export(first, options)
    with fresh_copy(tmp_path / "copy.annotator", first) as copy:
        second = tmp_path / "second.jsonl"
        copy.export(second, options)
    assert second.read_bytes() == first.read_bytes()
    with Project.create(tmp_path / "texts.annotator") as texts:  # `annotator import` reads it too
        report = texts.import_paths([first])
        assert not report.problems
        assert {texts.document(d).text for d in report.doc_ids} == {
            json.loads(line)["text"] for line in first.read_bytes().splitlines()}


def test_our_jsonl_with_tokens_is_utf_8_too_and_prodigys_stays_ascii(hard, tmp_path):
    ours, prodigy = tmp_path / "ours.jsonl", tmp_path / "prodigy.jsonl"
    hard.export(ours, ExportOptions(layer="all", status="any", tokens=True))
    hard.export(prodigy, ExportOptions(format="prodigy", layer="all", status="any"))
    assert "Cafe\u0301 🇰🇷".encode() in ours.read_bytes()
    assert prodigy.read_bytes().isascii()  # as Prodigy's own db-out writes it
    with_tokens = [json.loads(line) for line in ours.read_text(encoding="utf-8").splitlines()]
    plain = [json.loads(line) for line in through_records(hard, ExportOptions(
        layer="all", status="any")).splitlines()]
    for line, without in zip(with_tokens, plain, strict=True):
        for span in line["spans"]:
            del span["token_start"], span["token_end"]
        assert "".join(t["text"] + " " * t["ws"] for t in line.pop("tokens")) == line["text"]
        assert line == without


TEXTS = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@given(TEXTS)
def test_sqlite_python_and_srsly_escape_a_string_alike(text):
    """SQLite writes the text and spans, Python's json module the few strings around them,
    srsly every other line: one escaping for all (quote, backslash, control characters)."""
    conn = sqlite3.connect(":memory:")
    quoted = unbroken(conn.execute("SELECT json_quote(?)", [text]).fetchone()[0])
    assert quoted == _quote(text) == json_dumps(text, ensure_ascii=False)
    assert json.loads(quoted) == text and len(quoted.splitlines()) == 1
    assert json_dumps(text) == srsly.json_dumps(text)


@given(st.lists(TEXTS.filter(str.strip), min_size=1, max_size=6))
def test_tokens_in_utf_8_are_the_ones_srsly_writes_without_escapes(words):
    from annotator.formats.tokens import align

    text = " ".join(words)
    starts, ends, at = [], [], 0
    for word in words:
        starts.append(at)
        ends.append(at + len(word))
        at += len(word) + 1
    tokens = align(text, starts, ends, [True] * (len(words) - 1) + [False], [])
    expected = [{"text": w, "start": s, "end": e, "id": i, "ws": i < len(words) - 1}
                for i, (w, s, e) in enumerate(zip(words, starts, ends))]
    assert prodigy_tokens(tokens, text, ensure_ascii=False) == json_dumps(expected, False)
    assert prodigy_tokens(tokens, text) == srsly.json_dumps(expected)
