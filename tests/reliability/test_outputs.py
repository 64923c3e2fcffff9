"""Files written on the user's behalf (exports, the actor registry, the scheme, a new project):
never over the project or its SQLite files, never through a planted symlink, and whole or not at
all when the disk is full.

A full disk is made real with RLIMIT_FSIZE in a child process: a write that would grow a file
past the limit fails in the kernel (EFBIG), as it would with ENOSPC, while the project file, which
the child only reads, is untouched.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.project import Project
from tests.conftest import REPO
from tests.reliability.conftest import copy_project, integrity_problems

OUTPUTS = {  # command line writing OUT
    "export": ["export", "{P}", "{OUT}", "--status", "any", "--layer", "all", "--no-tokens"],
    "actors": ["actors", "{P}", "--export", "{OUT}"],
    "scheme": ["scheme", "{P}", "--export", "{OUT}"],
}


def annotator(*args: str, fsize: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-m", "annotator", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, preexec_fn=limit if fsize else None)


def in_process(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def annotated(template: Path, target: Path) -> Path:
    path = copy_project(template, target)
    with Project.open(path, annotator="alice") as project:
        for (doc_id,) in project.db.execute("SELECT id FROM documents").fetchall():
            project.annotate(doc_id, 0, 5, "PERSON")
    return path


def command(name: str, project: Path, out: Path) -> list[str]:
    return [part.format(P=project, OUT=out) for part in OUTPUTS[name]]


def snapshot(path: Path) -> tuple:
    conn = sqlite3.connect(path)
    try:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("documents", "events", "actors"))
    finally:
        conn.close()


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_no_output_is_the_project_or_one_of_its_sqlite_files(template, tmp_path, name):
    path = copy_project(template, tmp_path / "p.annotator")
    before = snapshot(path)
    (tmp_path / "link").symlink_to(path)
    os.link(path, tmp_path / "hard")
    (tmp_path / "to-journal").symlink_to(f"{path}-journal")
    holder = sqlite3.connect(path)  # someone has it open: its -wal and -shm exist
    holder.execute("SELECT COUNT(*) FROM documents").fetchone()
    try:
        assert Path(f"{path}-wal").exists()
        for out in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"),
                    tmp_path / "link", tmp_path / "hard", tmp_path / "to-journal"):
            code, output = in_process(*command(name, path, out))
            assert code == 1 and "[E203]" in output and "project file" in output, (out, output)
    finally:
        holder.close()
    assert not Path(f"{path}-journal").exists()
    assert snapshot(path) == before and integrity_problems(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "hard", "link", "p.annotator", "to-journal"]


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_a_planted_partial_symlink_is_never_followed(template, tmp_path, name):
    path = annotated(template, tmp_path / "p.annotator")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out.file"
    for planted in (tmp_path / "out.file.partial", tmp_path / ".out.file.partial"):
        planted.symlink_to(victim)
    code, output = in_process(*command(name, path, out))
    assert code == 0, output
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert out.stat().st_size > 0 and not out.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".out.file.partial", "out.file", "out.file.partial", "p.annotator", "victim.txt"]


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_a_full_disk_keeps_the_old_file_and_leaves_nothing(template, tmp_path, name):
    path = annotated(template, tmp_path / "p.annotator")
    out = tmp_path / "out.file"
    out.write_text("the old file", encoding="utf-8")
    holder = sqlite3.connect(path)  # -shm at full size already: the child writes nothing there
    holder.execute("SELECT COUNT(*) FROM documents").fetchone()
    try:
        result = annotator(*command(name, path, out), fsize=4096)
    finally:
        holder.close()
    assert result.returncode == 1, result.stdout
    assert "File too large" in result.stderr and "[E999]" not in result.stderr, result.stderr
    assert result.stderr.startswith(("Error: [E701]", "Error: [E204]")), result.stderr
    assert out.read_text(encoding="utf-8") == "the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.file", "p.annotator"]


def test_a_full_disk_while_creating_a_project_leaves_no_file(tmp_path):
    result = annotator("init", str(tmp_path / "new.annotator"), fsize=64 * 1024)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: [E20") and "[E999]" not in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_while_backing_up_before_an_upgrade_leaves_no_empty_backup(tmp_path):
    old = tmp_path / "old.annotator"
    old.write_bytes((REPO / "tests" / "fixtures" / "schemas" / "0001_initial.annotator").read_bytes())
    result = annotator("stats", str(old), fsize=64 * 1024)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: [E20") and "[E999]" not in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.annotator"]
    assert integrity_problems(old) == []
