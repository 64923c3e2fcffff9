"""What a killed build of a new project leaves behind, and the folder synced after the link.

A build (`Project._build_new`) runs under a hidden `.NAME.xxxxxxxx.new` beside the target. Real
builder processes are killed here with SIGKILL mid-build (after the switch to WAL, so a `-wal`
and `-shm` are left too): the next build at the same name removes what they left, never the
temporary file of a build another live process is running, and still makes a correct project.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.outputs import project_parts
from annotator.formats.reading import ImportOptions
from annotator.project import Project
from annotator.store import build_files
from tests.reliability.conftest import integrity_problems
from tests.reliability.test_batched_writes import TEXTS
from tests.reliability.test_bulk_layer_import import _doccano_file

held_by_flock = pytest.mark.skipif(not build_files.LOCKS,
                                   reason="a live build is told by its flock (Linux)")

# A builder that imports, switches to WAL and writes (a -wal and -shm appear), says so, and
# waits mid-build until it is killed.
BUILDER = """
import sys, time
from pathlib import Path
from annotator.formats.reading import ImportOptions
from annotator.project import Project
from annotator.store.database import finish_building

def fill(p):
    p.import_paths([Path(sys.argv[2])], ImportOptions())
    finish_building(p.db)
    p.db.execute("CREATE TABLE scratch (x)")
    p.db.execute("INSERT INTO scratch VALUES (1)")
    p.db.conn.commit()
    Path(sys.argv[3]).write_text(str(p.path))
    time.sleep(120)

Project.create_with(Path(sys.argv[1]), fill, lambda r: True)
"""


def _start_builder(target: Path, source: Path, tag: str) -> tuple[subprocess.Popen, Path]:
    """A real process building `target`; returns it and its temporary file once it is mid-build."""
    ready = target.parent / f"ready-{tag}"
    child = subprocess.Popen([sys.executable, "-c", BUILDER, str(target), str(source), str(ready)],
                             cwd=Path(__file__).resolve().parents[2])
    deadline = time.monotonic() + 60
    while not (ready.exists() and ready.read_text()):
        assert child.poll() is None, "the builder ended before it was mid-build"
        assert time.monotonic() < deadline, "the builder never got mid-build"
        time.sleep(0.05)
    temp = Path(ready.read_text())
    ready.unlink()
    return child, temp


def _kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)


def _source(folder: Path) -> Path:
    path = folder / "in.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n"
                            for t in ["Seoul said so.\r\n", "Hanoi 🙂 said no."]), encoding="utf-8")
    return path


def _present(temp: Path) -> set[str]:
    return {part.name for part in project_parts(temp) if part.exists()}


@held_by_flock
def test_a_killed_builds_leftovers_are_removed_by_the_next_build(tmp_path: Path) -> None:
    source, target = _source(tmp_path), tmp_path / "p.annotator"
    child, temp = _start_builder(target, source, "dead")
    _kill(child)
    suffix = temp.name.removeprefix(".p.annotator.")
    assert _present(temp) == {temp.name, f"{temp.name}-wal", f"{temp.name}-shm"}
    assert temp.stat().st_size > 0 and not target.exists()
    other = tmp_path / f".other.annotator.{suffix}"  # another project's build: not this NAME
    other.write_bytes(b"x")
    layer = _doccano_file(tmp_path / "layer.jsonl", "utf-16")

    report, created = Project.create_with(
        target, lambda p: p.import_paths([layer], ImportOptions()), lambda r: r.imported > 0)
    assert created and report.imported == len(TEXTS)
    assert _present(temp) == set() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["in.jsonl", "layer.jsonl", "p.annotator", other.name])
    assert integrity_problems(target) == []
    with Project.open(target) as p:
        assert [r[0] for r in p.db.execute("SELECT text FROM documents ORDER BY id")] == TEXTS


@held_by_flock
def test_a_build_another_live_process_is_running_is_never_removed(tmp_path: Path) -> None:
    """Beside a killed build's leftovers, a live builder's file: the next build removes the
    first and leaves the second, which the live builder can still finish into a project."""
    source, target = _source(tmp_path), tmp_path / "p.annotator"
    dead, dead_temp = _start_builder(target, source, "dead")
    _kill(dead)
    live, live_temp = _start_builder(target, source, "live")
    try:
        Project.create(tmp_path / "p.annotator").close()  # the next build at the same NAME
        assert _present(dead_temp) == set()
        assert _present(live_temp) == {live_temp.name, f"{live_temp.name}-wal",
                                       f"{live_temp.name}-shm"}
        assert live.poll() is None
        # the live builder's file is still whole: SQLite reads its committed rows
        assert integrity_problems(live_temp) == []
    finally:
        _kill(live)
    Project.create(tmp_path / "q.annotator").close()  # another NAME: leaves p's leftovers
    assert _present(live_temp) != set()
    target.unlink()
    Project.create(target).close()  # dead now, so removed by the next build at its name
    assert _present(live_temp) == set()


@held_by_flock
def test_a_build_in_this_process_is_never_touched_by_another_build(tmp_path: Path) -> None:
    """Two builds of one NAME in one process (two windows): the second removes a killed
    build's leftovers but leaves the first's file alone (never even opened: that would drop
    this process's SQLite locks on it), and both finish (the first fills the project there)."""
    target = tmp_path / "p.annotator"
    dead, dead_temp = _start_builder(target, _source(tmp_path), "dead")
    _kill(dead)
    seen: list[set[str]] = []

    def fill(p: Project) -> int:
        if not seen:
            seen.append(set())
            Project.create(target, annotator="eve").close()  # runs a build meanwhile
            seen[0] = _present(p.path)
        return p.db["documents"].count

    _, created = Project.create_with(target, fill, lambda r: True)
    assert not created and seen and seen[0] and all(".new" in n for n in seen[0])
    assert _present(dead_temp) == set()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "p.annotator"]


@pytest.mark.skipif(os.name == "nt", reason="Windows cannot open a folder to sync it")
def test_the_folder_is_synced_after_the_new_name_is_linked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "p.annotator"
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        info = os.fstat(fd)
        what = "folder" if os.path.samestat(info, os.stat(tmp_path)) else "file"
        synced.append((what, target.exists()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    Project.create(target).close()
    assert ("file", False) in synced and ("folder", True) in synced
    assert synced.index(("file", False)) < synced.index(("folder", True))
