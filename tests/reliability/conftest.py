"""What the reliability tests share: a ready project, the driver process, and the checks that
say a project file is whole."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from annotator.project import Project
from annotator.store import states

DRIVER = Path(__file__).with_name("driver.py")
SENTENCE = ("Panetta reaffirmed to his South Korean counterpart the continued US commitment to "
            "provide and strengthen extended deterrence for the ROK. ")


def write_jsonl(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": i, "title": f"Article {i}", "text": text}) + "\n")
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a few documents, made once per module and copied per run: creating one
    installs the scheme and the actor registry, which would dominate short runs."""
    folder = tmp_path_factory.mktemp("template")
    source = write_jsonl(folder / "docs.jsonl",
                         [f"Story {i}. " + SENTENCE * (5 + i) for i in range(6)])
    path = folder / "template.annotator"
    with Project.create(path, annotator="setup") as project:
        assert project.import_paths([source]).imported == 6
    return path


def copy_project(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)  # closed cleanly: no -wal file to carry along
    return target


def integrity_problems(path: Path) -> list[str]:
    """Everything SQLite can check about a file: pages, indexes, foreign keys, the FTS index."""
    conn = sqlite3.connect(path)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        problems = [] if problems == ["ok"] else problems
        problems += [f"foreign key: {row}" for row in conn.execute("PRAGMA foreign_key_check")]
        try:
            conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"full-text index: {exc}")
        return problems
    finally:
        conn.close()


def check_acks_in_log(project: Project, who: str, acks: list[dict[str, Any]]) -> list[int]:
    """Every acknowledged action of `who` is in the file as it returned, and every row it
    touched is exactly as its last logged event left it (a change and its event commit
    together). Returns the ids of logged events that were never acknowledged."""
    logged = {row[0]: (row[1], row[2], json.loads(row[3]) if row[3] else None)
              for row in project.db.execute(
                  "SELECT id, entity, entity_id, after FROM events WHERE who = ?"
                  " AND op NOT LIKE '%-refused'", [who])}  # a refusal writes no row
    acked = [a for a in acks if "event" in a]
    for ack in acked:
        assert logged.get(ack["event"]) == (ack["entity"], ack["key"], ack["after"]), ack
    latest: dict[tuple[str, str], Any] = {}
    for event_id in sorted(logged):
        entity, key, after = logged[event_id]
        latest[(entity, key)] = after
    for (entity, key), after in latest.items():
        row_key = states.key_of(entity, key)
        state = states.read_many(project.db, entity, [row_key]).get(row_key)
        assert state == after, (entity, key)
    return sorted(set(logged) - {a["event"] for a in acked})


class DriverServer:
    """The fork server of driver.py, started once per test: children cost a fork, not an
    interpreter start, so dozens of SIGKILLed runs fit in a few seconds."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER), "serve"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        )
        self.runs = 0

    def _ask(self, command: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"driver server died: {self.stderr()}")
        return json.loads(line)

    def start(self, **command: Any) -> tuple[int, IO[str]]:
        """Fork a child; returns its pid and the read end of its acknowledgement FIFO."""
        self.runs += 1
        fifo = self.workdir / f"acks-{self.runs}.fifo"
        os.mkfifo(fifo)
        pid = self._ask({**command, "fifo": str(fifo)})["pid"]
        return pid, fifo.open("r", encoding="utf-8")  # blocks until the child opens its end

    def start_drained(self, **command: Any) -> tuple[int, threading.Thread, list[str]]:
        """Fork a child whose acks a thread collects, for children that run side by side."""
        pid, stream = self.start(**command)
        lines: list[str] = []

        def drain() -> None:
            with stream:
                lines.extend(stream)

        thread = threading.Thread(target=drain, daemon=True)
        thread.start()
        return pid, thread, lines

    def kill(self, pid: int) -> None:
        """SIGKILL our own child, by pid; it may have finished already."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def reap(self, pid: int) -> int:
        return int(self._ask({"reap": pid})["status"])

    def stderr(self) -> str:
        return self.proc.stderr.read() if self.proc.stderr and self.proc.poll() is not None else ""

    def close(self) -> str:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        return self.proc.stderr.read() if self.proc.stderr else ""


@pytest.fixture
def driver_server(tmp_path: Path) -> Iterator[DriverServer]:
    server = DriverServer(tmp_path)
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            server.close()
