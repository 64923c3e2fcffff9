"""The window and command-line runs on one project file lose nothing.

A process holding SQLite connections must never open and close the project file with anything
but SQLite: closing any descriptor of a file drops every POSIX lock the process holds on it, so
another process closing its connection believes it is the last one, checkpoints and deletes the
WAL the first process still writes to (its commits then go to a deleted file). These tests run
the real sequence with real processes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.reliability.conftest import DRIVER, copy_project

OPEN_AND_CLOSE = """
import sys
from annotator.project import Project
for _ in range(int(sys.argv[2])):
    Project.open(sys.argv[1]).close()
"""


def _events(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM events WHERE who = 'window'")}
    finally:
        conn.close()


def test_commands_on_a_file_the_window_holds_keep_its_commits_visible(template, tmp_path):
    path = copy_project(template, tmp_path / "p.annotator")
    holder = subprocess.Popen([sys.executable, str(DRIVER), "hold", str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, bufsize=1)
    assert holder.stdin and holder.stdout

    def ask(command: str) -> dict:
        holder.stdin.write(command + "\n")
        holder.stdin.flush()
        return json.loads(holder.stdout.readline())

    try:
        assert json.loads(holder.stdout.readline()) == {"ready": True}
        acked = {ask("write")["event"]}
        ask("open")  # the window opens the file once more (a background job) ...
        subprocess.run([sys.executable, "-c", OPEN_AND_CLOSE, str(path), "5"], check=True,
                       cwd=Path(__file__).resolve().parents[2])  # ... while another process comes and goes
        acked |= {ask("write")["event"] for _ in range(3)}
        assert acked <= _events(path), "the window's commits went to a WAL no other process sees"
        assert os.path.exists(f"{path}-wal")
        holder.stdin.write("quit\n")
        holder.stdin.flush()
        assert json.loads(holder.stdout.readline()) == {"finished": True}
        assert holder.wait(timeout=30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert acked <= _events(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
