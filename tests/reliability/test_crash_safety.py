"""Crash safety: a process killed with SIGKILL at a random moment loses nothing that had
returned and leaves a file SQLite finds whole.

The victims are children of driver.py's fork server (real processes with their own SQLite
connection); each acknowledges every returned action on a FIFO before doing the next one. The
kill moments are drawn from a fixed seed, so a failure can be replayed; `RELIABILITY_SEED`
overrides it to explore other moments.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path
from typing import IO, Any

import pytest

from annotator.project import Project
from tests.reliability.conftest import (
    SENTENCE,
    DriverServer,
    check_acks_in_log,
    copy_project,
    integrity_problems,
    write_jsonl,
)

SEED = int(os.environ.get("RELIABILITY_SEED", "20240607"))
ANNOTATION_RUNS = 36
ACTIONS = 300
IMPORT_DOCS = 8000  # long enough that kills at 0-95% of the reading land before the commit


def _read_acks(stream: IO[str], until: Any = None) -> list[dict[str, Any]]:
    """Lines until `until(lines)` is true or EOF. A last line without its newline was cut by
    the kill in the middle of a write: that action was never acknowledged."""
    lines: list[dict[str, Any]] = []
    for line in stream:
        if not line.endswith("\n"):
            break
        lines.append(json.loads(line))
        if until is not None and until(lines):
            break
    return lines


def _kill_at_random(server: DriverServer, rng: random.Random, pid: int, acks: IO[str],
                    until: Any) -> tuple[list[dict[str, Any]], bool]:
    """Wait for a random point, then SIGKILL; returns every ack and whether it died by the kill."""
    lines = _read_acks(acks, until)
    time.sleep(rng.random() * 0.003)  # land between acks too, not only right after one
    server.kill(pid)
    lines += _read_acks(acks)
    acks.close()
    status = server.reap(pid)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert killed or os.WEXITSTATUS(status) == 0, "the driver failed; see its stderr"
    return lines, killed


def _check_annotation_run(path: Path, acks: list[dict[str, Any]]) -> None:
    assert integrity_problems(path) == []
    # Opening recovers the write-ahead log exactly as the next start of the app would.
    with Project.open(path, annotator="alice") as project:
        floor = max([a["event"] for a in acks if "event" in a]
                    or [a.get("last_event", 0) for a in acks[:1]] or [0])
        unacked = check_acks_in_log(project, "alice", acks)
        # At most the one action in flight at the kill went in without its ack.
        assert len([e for e in unacked if e > floor]) <= 1
        if project.can_undo():  # undo history is the log: it survives the kill too
            assert project.undo() is not None


def test_sigkill_during_annotation_keeps_every_returned_action(
        template: Path, tmp_path: Path, driver_server: DriverServer) -> None:
    rng = random.Random(SEED)
    killed_runs = acked_total = 0
    for run in range(ANNOTATION_RUNS):
        path = copy_project(template, tmp_path / f"annotate-{run}.annotator")
        pid, acks = driver_server.start(mode="annotate", project=str(path), who="alice",
                                        seed=rng.randrange(10**6), actions=ACTIONS)
        wait_for = rng.choice([0, 1, *range(2, ACTIONS // 3)])
        lines, killed = _kill_at_random(driver_server, rng, pid, acks,
                                        lambda got, n=wait_for: len(got) > n)
        killed_runs += killed
        acked_total += sum("event" in line for line in lines)
        _check_annotation_run(path, lines)
    assert killed_runs >= ANNOTATION_RUNS * 0.8, "most runs must die mid-way to prove anything"
    assert acked_total > ANNOTATION_RUNS * 20


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    return write_jsonl(folder / "big.jsonl",
                       [f"Dispatch {i}. " + SENTENCE * (1 + i % 7) for i in range(IMPORT_DOCS)])


def test_sigkill_during_import_leaves_all_or_none_of_the_file(
        template: Path, big_jsonl: Path, tmp_path: Path, driver_server: DriverServer) -> None:
    rng = random.Random(SEED + 1)
    outcomes = {"none": 0, "all": 0}
    # Kill after a share of the file was read (percent), at the last progress line before the
    # commit (100), or once the import has returned (101: the commit and the moments after it).
    # Each phase is covered every time; the exact moment within it is random.
    thresholds = [0, 5, 20, 35, 50, 65, 80, 95, 100, 100, 100, 101, 101, 101, 101]
    rng.shuffle(thresholds)
    for run, threshold in enumerate(thresholds):
        path = copy_project(template, tmp_path / f"import-{run}.annotator")
        pid, acks = driver_server.start(mode="import", project=str(path), source=str(big_jsonl))
        def reached(got: list[dict[str, Any]], t: int = threshold) -> bool:
            last = got[-1]
            return bool(last.get("done")) or last.get("progress", -1) >= t or (
                t == 0 and bool(last.get("ready")))

        lines, _ = _kill_at_random(driver_server, rng, pid, acks, reached)
        assert integrity_problems(path) == []
        with Project.open(path, annotator="alice") as project:
            n = project.db.execute("SELECT COUNT(*) FROM documents WHERE origin LIKE ?",
                                   [f"{big_jsonl}:%"]).fetchone()[0]
            logged = project.db.execute("SELECT COUNT(*) FROM events WHERE op = 'import'"
                                        " AND source = ?", [str(big_jsonl)]).fetchone()[0]
            others = project.db.execute("SELECT COUNT(*) FROM documents WHERE origin NOT LIKE ?",
                                        [f"{big_jsonl}:%"]).fetchone()[0]
            found = project.count_documents(search=f"Dispatch {IMPORT_DOCS - 1}")
        assert others == 6, "documents from before the import are untouched"
        assert n in (0, IMPORT_DOCS), f"run {run}: a half import of {n} documents"
        assert logged == (n == IMPORT_DOCS), "the import's event commits with its documents"
        assert found == (n == IMPORT_DOCS), "the full-text index follows the documents"
        if any(line.get("done") for line in lines):
            assert n == IMPORT_DOCS, "an import that returned is all there"
        outcomes["all" if n else "none"] += 1
    assert outcomes["none"] >= 3 and outcomes["all"] >= 4, outcomes
