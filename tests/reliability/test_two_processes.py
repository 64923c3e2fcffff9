"""Two processes, one file: no "database is locked" reaches the user, no write is lost, and a
reader sees one consistent snapshot.

The reader side uses `Project.export` (its own snapshot) and `read_snapshot` from the store.
The first two tests pin down the SQLite rule behind the `BEGIN IMMEDIATE` fix in
annotator/store/database.py: a deferred transaction that has read and then wants to write,
while another connection holds the write lock, gets SQLITE_BUSY at once, whatever the busy
timeout. Before the fix, an import (which reads the uids it already has, then inserts) failed
with "database is locked" whenever the GUI saved a label at the same moment, and so did two
processes creating one new project file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.errors import ProjectError
from annotator.core.exchange import ExportError
from annotator.formats.export_options import ExportOptions
from annotator.formats.reading import ImportOptions
from annotator.project import Project
from annotator.store import annotations as ann_store
from annotator.store.database import connect, read_snapshot
from tests.reliability.conftest import (
    SENTENCE,
    DriverServer,
    check_acks_in_log,
    copy_project,
    integrity_problems,
    write_jsonl,
)

HOLD = 0.4  # seconds the other writer keeps the lock


@contextmanager
def other_writer_holding_the_lock(path: Path, seconds: float = HOLD) -> Iterator[None]:
    """Another connection (as another process would) in the middle of a write transaction."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('other', '1')")

    def release() -> None:
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=release)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _read_then_write(db: Database) -> None:
    with db.atomic():
        db.execute("SELECT COUNT(*) FROM documents").fetchone()
        db.execute("INSERT INTO settings (key, value) VALUES ('mine', '1')")


def test_a_deferred_read_then_write_fails_at_once_under_another_writer(template, tmp_path):
    """Why the fix is needed: sqlite-utils' own atomic() opens with a deferred BEGIN."""
    path = copy_project(template, tmp_path / "p.annotator")
    plain = Database(sqlite3.connect(path, timeout=30))
    with other_writer_holding_the_lock(path):
        started = time.perf_counter()
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            _read_then_write(plain)
        assert time.perf_counter() - started < HOLD / 2, "the busy timeout was never consulted"
    plain.close()


def test_project_write_transactions_wait_for_another_writer(template, tmp_path):
    path = copy_project(template, tmp_path / "p.annotator")
    source = write_jsonl(tmp_path / "more.jsonl", ["A new article. " + SENTENCE])
    with Project.open(path, annotator="alice") as project:
        with other_writer_holding_the_lock(path):
            started = time.perf_counter()
            _read_then_write(project.db)  # the same sequence through our connection waits
            assert time.perf_counter() - started >= HOLD * 0.8
        with other_writer_holding_the_lock(path):
            report = project.import_paths([source], ImportOptions())
        assert report.imported == 1 and not report.problems
        with other_writer_holding_the_lock(path):
            annotation = project.annotate(report.doc_ids[0], 0, 5, "CUE")
        assert project.annotation(annotation.id).text == "A new"
        value = project.db.execute("SELECT value FROM settings WHERE key = 'other'").fetchone()
        assert value == ("1",), "the other writer's commit is kept too"


def test_a_write_that_waits_too_long_gets_a_coded_error_and_changes_nothing(template, tmp_path):
    """Past the busy timeout (30 s; shortened here) a write is refused with a coded message,
    never "database is locked", and the project is as it was; the next try succeeds."""
    path = copy_project(template, tmp_path / "p.annotator")
    with Project.open(path, annotator="alice") as project:
        project.db.execute("PRAGMA busy_timeout = 150")
        refused = pytest.raises(ProjectError,
                                match=r"^\[E202\] the project file is busy.*Nothing was changed")
        with other_writer_holding_the_lock(path, seconds=0.6), refused:
            project.annotate(1, 0, 5, "CUE")
        assert project.db["annotations"].count == 0 and not project.db.conn.in_transaction
        assert project.annotate(1, 0, 5, "CUE").text == "Story"


def test_read_snapshot_is_one_point_in_time(template, tmp_path):
    path = copy_project(template, tmp_path / "p.annotator")
    reader, writer = connect(path), connect(path)
    try:
        with read_snapshot(reader):
            before = reader.execute("SELECT COUNT(*) FROM settings").fetchone()[0]
            with writer.atomic():  # never blocked by the reader (WAL)
                writer.execute("INSERT INTO settings (key, value) VALUES ('late', '1')")
            assert reader.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == before
        assert reader.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == before + 1
        assert not reader.conn.in_transaction
    finally:
        reader.close()
        writer.close()


def _snapshot_is_consistent(db: Database, who: str) -> int:
    """Inside one snapshot, with a writer busy in another process: the count read first and
    the rows read 20 ms later agree, and every row is as the log says. Returns the count."""
    with read_snapshot(db):
        counted = db.execute("SELECT COUNT(*) FROM events WHERE who = ?", [who]).fetchone()[0]
        time.sleep(0.02)
        events = db.execute("SELECT entity, entity_id, after FROM events WHERE who = ?"
                            " AND entity = 'annotation' ORDER BY id", [who]).fetchall()
        assert db.execute("SELECT COUNT(*) FROM events WHERE who = ?",
                          [who]).fetchone()[0] == counted
        latest = {key: json.loads(after) for _, key, after in events}
        rows = {a.id: ann_store.to_row(a) for a in _all_annotations(db, who)}
        assert rows == latest
    return counted


def _export_is_one_snapshot(project: Project, out: Path, who: str) -> bool:
    """`Project.export` while `who` writes from another process: the spans exported are exactly
    the live annotations of one moment, i.e. of some prefix of `who`'s event log."""
    try:
        project.export(out, ExportOptions(layer=who, status="any", tokens=False))
    except ExportError as exc:  # `who` has nothing live yet (or just deleted it all)
        assert exc.code == "E701"
        return False
    exported = {}
    with out.open(encoding="utf-8") as fh:
        for line in fh:
            for span in json.loads(line)["spans"]:
                exported[span["id"]] = (span["label"], span["start"], span["end"], span["attrs"])
    live: dict[str, tuple] = {}
    moments = [dict(live)]
    for key, after in project.db.execute(
            "SELECT entity_id, after FROM events WHERE who = ? AND entity = 'annotation'"
            " ORDER BY id", [who]):
        state = json.loads(after)
        live.pop(key, None)
        if state["deleted_at"] is None:
            live[key] = (state["label"], state["start"], state["end"], json.loads(state["attrs"]))
        moments.append(dict(live))
    assert exported in moments, "the export mixes two states of the project"
    return True


def _all_annotations(db: Database, who: str) -> list:
    ids = [r[0] for r in db.execute("SELECT id FROM annotations WHERE layer = ?", [who])]
    return [ann_store.get(db, i) for i in ids]


def _finish(server: DriverServer, pid: int, thread: threading.Thread,
            lines: list[str]) -> list[dict]:
    status = server.reap(pid)
    thread.join(timeout=30)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, server.stderr()
    return [json.loads(line) for line in lines]


def test_two_annotators_an_import_and_a_reader_at_once(template, tmp_path, driver_server):
    path = copy_project(template, tmp_path / "p.annotator")
    source = write_jsonl(tmp_path / "batch.jsonl",
                         [f"Bulletin {i}. " + SENTENCE * (1 + i % 5) for i in range(1500)])
    start_at = time.time() + 0.3  # once every child has opened the file
    children = {
        who: driver_server.start_drained(mode="annotate", project=str(path), who=who, seed=n,
                                         actions=1000, start_at=start_at)
        for n, who in enumerate(("alice", "bob"))
    }
    children["import"] = driver_server.start_drained(mode="import", project=str(path),
                                                     source=str(source), start_at=start_at)
    seen: set[int] = set()
    rounds = exports = 0
    with Project.open(path, annotator="carol") as reader:
        while any(thread.is_alive() for _, thread, _ in children.values()):
            rounds += 1
            if rounds % 3 == 1:
                exports += _export_is_one_snapshot(reader, tmp_path / "alice.jsonl", "alice")
            seen.add(_snapshot_is_consistent(reader.db, "alice"))
            figures = reader.stats()  # the queries the GUI and `annotator stats` run
            assert sum(figures["status"]["carol"].values()) == figures["documents"]
            reader.documents(limit=50, search="deterrence")
            reader.count_documents()
    acks = {name: _finish(driver_server, *child) for name, child in children.items()}
    assert len(seen) >= 3 and exports >= 2, "the reader never overlapped the writers"
    assert integrity_problems(path) == []
    with Project.open(path, annotator="alice") as project:
        for who in ("alice", "bob"):
            assert acks[who][-1] == {"finished": True}
            assert check_acks_in_log(project, who, acks[who]) == [], "an event nobody acked"
            assert len([a for a in acks[who] if "event" in a]) > 200
        assert acks["import"][-1] == {"done": True, "imported": 1500, "errors": 0}
        assert project.count_documents() == 1506


def test_processes_creating_one_new_project_at_once(tmp_path, driver_server):
    """Four processes open one new file at the same instant and import into it (what four
    `annotator import new.annotator ...` do): one creates and migrates, the others wait; every
    document goes in; the scheme and the actor registry are installed once. Before the fix
    most of them died with "database is locked"."""
    path = tmp_path / "new.annotator"
    sources = [write_jsonl(tmp_path / f"{i}.jsonl", [f"Source {i}. " + SENTENCE])
               for i in range(4)]
    start_at = time.time() + 0.2
    children = [driver_server.start_drained(mode="import", project=str(path), source=str(s),
                                            start_at=start_at, create=True) for s in sources]
    for child in children:
        assert _finish(driver_server, *child)[-1] == {"done": True, "imported": 1, "errors": 0}
    assert integrity_problems(path) == []
    with Project.open(path) as project:
        assert project.count_documents() == 4
        installs = project.db.execute("SELECT COUNT(*) FROM events WHERE entity IN"
                                      " ('scheme', 'actors')").fetchone()[0]
        assert installs == 2 and project.db["scheme"].count == 1
        assert project.migration_backup is None
