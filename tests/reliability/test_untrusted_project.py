"""A colleague's project file is untrusted input: merging it (or opening it) runs nothing of
the file's, creates nothing beside it, cannot hang, and brings in only values an import would
take. A damaged file gets a coded "damaged" message, never E999."""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.errors import AnnotatorError
from annotator.core.text import text_uid
from annotator.project import Project
from annotator.store import merge_source
from tests.reliability.conftest import copy_project

RECURSIVE_VIEW = (
    "CREATE VIEW annotations AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)"
    " SELECT n AS id, 1 AS doc_id, 'x' AS layer, 'MENTION' AS kind, 0 AS start, 1 AS \"end\","
    " 'S' AS text, 'PERSON' AS label, '{}' AS attrs, NULL AS origin, NULL AS created_at,"
    " NULL AS updated_at, NULL AS deleted_at FROM r")


@pytest.fixture
def theirs(template: Path, tmp_path: Path) -> Path:
    """Bob's project: the template's documents, a statement with slots, a status, a label."""
    folder = tmp_path / "from-bob"
    folder.mkdir()
    path = copy_project(template, folder / "bob.annotator")
    with Project.open(path, annotator="bob") as bob:
        doc = bob.documents()[0]
        bob.annotate(doc.id, 0, 5, "COMMITMENT",
                     {"polarity": "SUPPORT", "strength": "FIRM"})
        bob.annotate(doc.id, 9, 16, "PERSON")
        bob.set_status(doc.id, "done")
        bob.set_doc_label(doc.id, "tone", "COOPERATIVE")
    return path


@pytest.fixture
def ours(template: Path, tmp_path: Path) -> Path:
    return copy_project(template, tmp_path / "ours.annotator")


def _edit(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{path}{suffix}").exists()


def _merge_error(ours: Path, source: Path) -> AnnotatorError:
    with Project.open(ours, annotator="rita") as p:
        before = p.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        with pytest.raises(AnnotatorError) as caught:
            p.merge(source)
        assert p.db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
    return caught.value


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real command in a process of its own, so a hang fails the test instead of the run."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


# ------------------------------------------------------------------ read-only, nothing beside it
def test_merge_leaves_nothing_beside_the_source_and_works_from_a_read_only_folder(ours, theirs):
    folder = theirs.parent
    before = sorted(os.listdir(folder))
    content = theirs.read_bytes()
    folder.chmod(0o555)
    try:
        with Project.open(ours, annotator="rita") as p:
            report = p.merge(theirs)
    finally:
        folder.chmod(0o755)
    assert report.added == 2 and report.statuses == 1 and report.labels == 1
    assert sorted(os.listdir(folder)) == before  # no -wal, no -shm
    assert theirs.read_bytes() == content


def test_merge_reads_what_the_owner_committed_into_their_wal(ours, theirs):
    with Project.open(theirs, annotator="bob") as bob:  # bob still has it open
        bob.db.execute("PRAGMA wal_autocheckpoint = 0")
        doc = bob.documents()[1]
        bob.annotate(doc.id, 0, 5, "ORG")
        assert Path(f"{theirs}-wal").stat().st_size > 0
        with Project.open(ours, annotator="rita") as p:
            report = p.merge(theirs)
        assert report.added == 3


# ------------------------------------------------------------------ schema: tables that are tables
@pytest.mark.parametrize("hostile", [
    pytest.param(("DROP TABLE doc_status", "CREATE VIEW doc_status AS SELECT * FROM doc_labels"),
                 id="view"),
    pytest.param(("CREATE TRIGGER spy AFTER INSERT ON events BEGIN"
                  " DELETE FROM annotations; END",), id="foreign-trigger"),
    pytest.param(("DROP TABLE doc_labels",
                  "CREATE TABLE doc_labels (doc_id, layer, name, value, updated_at,"
                  " x AS (zeroblob(100000000)))"), id="generated-column"),
    pytest.param(("ALTER TABLE doc_status RENAME TO doc_status_old",), id="missing-table"),
])
def test_a_file_that_is_not_our_schema_is_refused_before_any_query(ours, theirs, hostile):
    _edit(theirs, *hostile)
    started = time.monotonic()
    error = _merge_error(ours, theirs)
    assert error.code == "E231", str(error)
    assert time.monotonic() - started < 10


def test_stats_and_merge_on_a_recursive_view_answer_at_once(ours, theirs):
    """Both hung, memory growing without end: the view ran on the first SELECT."""
    _edit(theirs, "DROP TABLE annotations", RECURSIVE_VIEW)
    for args in (("stats", str(theirs)), ("merge", str(ours), str(theirs))):
        try:
            result = _cli(*args, timeout=40)
        except subprocess.TimeoutExpired:
            pytest.fail(f"`annotator {args[0]}` hung on a recursive view")
        assert result.returncode == 1
        assert "[E231]" in result.stderr and "'annotations' is a view" in result.stderr


def test_every_query_on_a_source_is_bounded_in_time(theirs):
    with merge_source.opened_source(theirs, seconds=0.3) as source:
        started = time.monotonic()
        with pytest.raises(AnnotatorError) as caught:
            source.rows("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)"
                        " SELECT COUNT(*) FROM r")
    assert caught.value.code == "E232"
    assert time.monotonic() - started < 5


# ------------------------------------------------------------------ values, as an import checks them
def _with_nul_text(path: Path) -> None:
    conn = sqlite3.connect(path)
    doc_id, text = conn.execute("SELECT id, text FROM documents ORDER BY id LIMIT 1").fetchone()
    hostile = text[:3] + "\x00" + text[3:]  # SQLite's length() stops at the NUL
    conn.execute("UPDATE documents SET text = ?, uid = ? WHERE id = ?",
                 [hostile, text_uid(hostile), doc_id])
    conn.commit()
    conn.close()


@pytest.mark.parametrize("change, code, words", [
    (_with_nul_text, "E233", "NUL character"),
    ("UPDATE annotations SET text = text || char(0) WHERE label = 'PERSON'", "E233", "NUL"),
    ("UPDATE annotations SET label = CAST(X'4649524DEDA080' AS TEXT) WHERE label = 'PERSON'",
     "E233", "surrogate"),
    ("UPDATE doc_labels SET value = CAST(X'41FF' AS TEXT)", "E233", "not UTF-8"),
    ("UPDATE annotations SET \"end\" = 1000000 WHERE label = 'PERSON'", "E233", "not a part"),
    ("UPDATE annotations SET start = -3 WHERE label = 'PERSON'", "E233", "not a part"),
    ("UPDATE annotations SET attrs = '{\"polarity\": ' WHERE label = 'COMMITMENT'", "E233",
     "not JSON"),
    ("UPDATE annotations SET attrs = '[1, 2]' WHERE label = 'COMMITMENT'", "E233", "JSON object"),
    ("UPDATE events SET after = 'not json' WHERE entity = 'annotation'", "E233", "event"),
    ("UPDATE documents SET meta = '{\"a\": \"\\u0000\"}'", "E233", "NUL"),
    ("UPDATE doc_status SET status = 'approved'", "E233", "approved"),
    ("UPDATE annotations SET attrs = '{\"a\": ' || replace(hex(zeroblob(3000)), '00', '[')"
     " WHERE label = 'COMMITMENT'", "E233", "not JSON"),
    ("UPDATE annotations SET start = 'zero' WHERE label = 'PERSON'", "E233", "not a part"),
    ("UPDATE annotations SET label = X'50' WHERE label = 'PERSON'", "E233", "not text"),
    ("UPDATE annotations SET attrs = '{\"polarity\": \"LOVE\"}' WHERE label = 'COMMITMENT'",
     "E234", "LOVE"),
    ("UPDATE annotations SET label = 'GADGET' WHERE label = 'PERSON'", "E234", "GADGET"),
    ("UPDATE annotations SET kind = 'CUE' WHERE label = 'PERSON'", "E234", "MENTION"),
    ("UPDATE doc_labels SET value = 'HOSTILE'", "E234", "HOSTILE"),
])
def test_every_value_brought_in_is_checked_and_named(ours, theirs, change, code, words):
    if callable(change):
        change(theirs)
    else:
        _edit(theirs, change)
    error = _merge_error(ours, theirs)
    assert error.code == code, str(error)
    assert words in str(error)
    assert str(theirs) in str(error)


def test_the_cli_names_a_bad_record_instead_of_e999(ours, theirs):
    _edit(theirs, "UPDATE annotations SET attrs = '{oops' WHERE label = 'COMMITMENT'")
    result = CliRunner().invoke(cli, ["merge", str(ours), str(theirs)])
    assert result.exit_code == 1
    assert "[E233]" in result.output and "annotation" in result.output
    assert "E999" not in result.output


# ------------------------------------------------------------------ damage
def _flip(path: Path, target: Path, seed: int) -> Path:
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    page = 4096
    for _ in range(rng.randint(1, 40)):
        at = rng.randrange(100, len(data))
        if rng.random() < 0.5:
            at = max(at // page, 1) * page + rng.randrange(0, 12)  # a page header
        data[at] ^= 1 << rng.randrange(8)
    target.write_bytes(bytes(data))
    return target


def test_a_damaged_file_says_damaged_never_e999(ours, theirs, tmp_path):
    """Flipped bits in copies of a real project: every command that reads it either works or
    says the file is damaged (or not ours), with what to do."""
    seen = set()
    for seed in range(40):
        damaged = _flip(theirs, tmp_path / f"damaged-{seed}.annotator", seed)
        for args in (["stats", str(damaged)], ["merge", str(ours), str(damaged)],
                     ["docs", str(damaged)]):
            result = CliRunner().invoke(cli, args)
            assert "E999" not in result.output, (seed, args, result.output)
            if result.exit_code:
                code = re.search(r"\[(E\d+)\]", result.output).group(1)
                seen.add(code)
                if code == "E230":
                    assert "damaged" in result.output and "backup" in result.output
    assert "E230" in seen


def test_a_damaged_source_is_refused_before_anything_is_merged(ours, theirs, tmp_path):
    data = bytearray(theirs.read_bytes())
    page = 4096
    for at in range(page, len(data), page):  # every page header after the first
        data[at : at + 8] = b"\xff" * 8
    damaged = tmp_path / "damaged.annotator"
    damaged.write_bytes(bytes(data))
    error = _merge_error(ours, damaged)
    assert error.code == "E230" and "damaged" in str(error)


def test_our_own_projects_and_old_schemas_still_open_and_merge(ours, tmp_path):
    fixtures = Path(__file__).parents[1] / "fixtures" / "schemas"
    for fixture in sorted(fixtures.glob("*.annotator")):
        copy = tmp_path / fixture.name
        copy.write_bytes(fixture.read_bytes())
        with Project.open(ours, annotator="rita") as p:  # as it is, read-only: an old schema
            p.merge(copy)
        with Project.open(copy, annotator="rita") as p:
            assert p.stats()["documents"] >= 1
    with Project.open(ours, annotator="rita") as p:
        assert json.loads(json.dumps(p.stats()))["documents"] > 6


# ------------------------------------------------------------------ the same checks on import-layer
@pytest.mark.parametrize("text", ["Seoul and Washington\\u0000 pledged support.",
                                  "Seoul \\ud800 and Washington pledged support."])
def test_import_layer_refuses_nul_and_lone_surrogates_with_a_code(ours, tmp_path, text):
    """A Prodigy line with a NUL was stored (SQLite then saw a shorter text than Python), one
    with half a surrogate pair ended in E999."""
    line = ('{"text": "' + text + '", "spans": [{"start": 0, "end": 5, "label": "GPE"}],'
            ' "_annotator_id": "bob", "answer": "accept"}')
    data = tmp_path / "prodigy.jsonl"
    data.write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import-layer", str(ours), str(data), "--format", "prodigy"])
    assert "[E237]" in result.output and "line 1" in result.output, result.output
    assert "E999" not in result.output
    with Project.open(ours, annotator="rita") as p:
        assert p.stats()["documents"] == 6  # nothing of the record went in


# ------------------------------------------------------------------ statement models it carries
def _npz() -> bytes:
    import io

    import numpy

    out = io.BytesIO()
    numpy.savez_compressed(out, weights=numpy.zeros(1000, dtype=numpy.float32))
    return out.getvalue()


@pytest.mark.parametrize("meta, layers, data, words", [
    ("{not json", "[]", None, "not JSON"),
    ("{}", '["bob", 7]', None, "list of names"),
    ('{"note": "\\u0000"}', "[]", None, "NUL"),
    ("{}", "[]", b"not a zip at all", "not a model"),
    ("{}", "[]", "small", "unpacks to more than"),
])
def test_a_statement_model_it_carries_is_checked_too(ours, theirs, monkeypatch, meta, layers,
                                                    data, words):
    from annotator.store import source_checks

    if data == "small":
        monkeypatch.setattr(source_checks, "MAX_MODEL_BYTES", 100)
    conn = sqlite3.connect(theirs)
    conn.execute("INSERT INTO statement_models (uid, created_at, created_by, format, layers, meta,"
                 " data, active) VALUES ('m1', 'now', 'bob', 1, ?, ?, ?, 1)",
                 [layers, meta, data if isinstance(data, bytes) else _npz()])
    conn.commit()
    conn.close()
    error = _merge_error(ours, theirs)
    assert error.code == "E233" and "statement model 'm1'" in str(error), str(error)
    assert words in str(error), str(error)
