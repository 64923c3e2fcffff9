"""The default JSONL export (no tokens) joins JSON that SQLite writes (`store.export_lines`);
every other export goes through `LayerRecord`s (`exchange.layer_records`, `record_dict`,
srsly). For the same selection the default export must write exactly the bytes srsly writes
for those records without `\\u` escapes (UTF-8): the hard texts (control characters, line
separators, emoji, CRLF, combining accents), nested metadata, several layers and statuses,
twin statements that only their slots tell apart, a deleted span, document labels without
spans."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from srsly import ujson

from annotator.core.exchange import ExportError
from annotator.formats.export_jsonl import LINE_BREAKS, _quote, built_from_parts, record_dict
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


def utf_8_json(value: object) -> str:
    """srsly's JSON of `value` without `\\u` escapes for non-ASCII characters."""
    return ujson.dumps(value, indent=0, escape_forward_slashes=False, ensure_ascii=False)


def through_records(project: Project, options: ExportOptions) -> bytes:
    """What the records path (`record_dict`, srsly) writes for the same selection, in UTF-8
    with `LINE_BREAKS` escaped: the bytes the default export must write."""
    layer = options.layer or project.annotator
    which = None if layer == ALL_LAYERS else layer
    with exchange.read_snapshot(project.db):
        ids = [d for d, _ in exchange.select_documents(project.db, which, options.status)]
        records = exchange.layer_records(project.db, ids, which, options.status, options.kinds,
                                         options.labels)
        lines = "".join(utf_8_json(record_dict(r, None, project.scheme.ref)) + "\n"
                        for r in records)
    for char in LINE_BREAKS:
        lines = lines.replace(char, f"\\u{ord(char):04x}")
    return lines.encode("utf-8")


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


def test_with_tokens_the_same_records_come_out_as_srsly_writes_them(hard, tmp_path):
    """`--tokens` takes the records path: srsly's lines, non-ASCII as `\\u` escapes (as
    Prodigy's files); the same records as the default export plus the tokens."""
    ours, plain = tmp_path / "ours.jsonl", tmp_path / "plain.jsonl"
    hard.export(ours, ExportOptions(layer="all", status="any", tokens=True))
    hard.export(plain, ExportOptions(layer="all", status="any"))
    assert ours.read_bytes().isascii()
    with_tokens = [json.loads(line) for line in ours.read_bytes().splitlines()]
    without = [json.loads(line) for line in plain.read_bytes().splitlines()]
    for line, other in zip(with_tokens, without, strict=True):
        for span in line["spans"]:
            del span["token_start"], span["token_end"]
        assert "".join(t["text"] + " " * t["ws"] for t in line.pop("tokens")) == line["text"]
        assert line == other


@pytest.mark.parametrize("tokens", [False, True])
def test_a_stored_value_json_has_not_is_a_coded_error_naming_the_document(tmp_path, tokens):
    """An import refuses such a number now (E309); a project written before kept `Infinity`."""
    source = tmp_path / "a.jsonl"
    source.write_text('{"text": "Seoul agreed."}\n{"text": "Tokyo too.", "ratio": 1.5}\n')
    out = tmp_path / "out.jsonl"
    out.write_text("an older export\n")
    path = tmp_path / "p.annotator"
    with Project.create(path, annotator="alice") as project:
        for doc in project.import_paths([source]).doc_ids:
            project.set_status(doc, "done")
    with sqlite3.connect(path) as conn:  # what an import of an earlier version stored
        conn.execute("UPDATE documents SET meta = replace(meta, '1.5', 'Infinity') WHERE id = 2")
    conn.close()
    with (Project.open(path, annotator="alice") as project,
          pytest.raises(ExportError, match=r"\[E760\] document 2: its metadata holds a value")):
        project.export(out, ExportOptions(tokens=tokens))
    assert out.read_text() == "an older export\n" and len(list(tmp_path.iterdir())) == 3


TEXTS = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@given(TEXTS)
def test_sqlite_python_and_srsly_escape_a_string_alike(text):
    """SQLite writes the text and spans, Python's json module the few strings around them:
    one escaping (quote, backslash, control characters), srsly's without `ensure_ascii`."""
    conn = sqlite3.connect(":memory:")
    quoted = conn.execute("SELECT json_quote(?)", [text]).fetchone()[0]
    assert quoted == _quote(text) == utf_8_json(text)
    assert json.loads(quoted) == text
