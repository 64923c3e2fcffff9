"""Commands run on the project the window has open lose nothing (see
tests/reliability/test_window_and_commands.py for why a process that holds a connection must
never open the file with anything but SQLite)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from PySide6.QtCore import Qt

from tests.conftest import REPO
from tests.gui.conftest import settle

TEXT = "Leon Panetta reaffirmed the commitment to South Korea. Seoul welcomed it."


def _seen_by_another_process(path) -> list[tuple[str, str]]:
    """(op, who) of every event, as a process that is not the window reads them."""
    script = ("import json, sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
              " print(json.dumps(c.execute('SELECT op, who FROM events ORDER BY id').fetchall()))")
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [tuple(row) for row in json.loads(out)]


def _annotator(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=60)


def test_stats_and_import_while_the_window_edits_lose_no_event(qtbot, open_window, tmp_path):
    from annotator.formats.export_options import ExportOptions
    from annotator.gui.export_dialog import export_dataset
    from annotator.project import Project

    path = tmp_path / "p.annotator"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps({"title": "One", "text": TEXT}), encoding="utf-8")
    second.write_text(json.dumps({"title": "Two", "text": "Pyongyang warned Seoul."}), encoding="utf-8")
    with Project.create(path, annotator="alice") as project:
        project.import_paths([first])
    window = open_window(path)

    def edit(text: str) -> None:
        start = window.workspace.state.document.text.index(text)
        window.view.select_span(start, start + len(text))
        qtbot.keyClick(window.view, Qt.Key.Key_1)
        settle(qtbot, window)

    edit("Leon Panetta")
    # a background job opens the file a second time, as an import or export from the window does
    export_dataset(window, str(tmp_path / "out.jsonl"), ExportOptions(layer="alice", status="any"))
    qtbot.waitUntil(lambda: hasattr(window, "last_export"), timeout=15_000)
    assert _annotator("stats", str(path)).returncode == 0
    assert (tmp_path / "p.annotator-wal").exists(), "the window's WAL was deleted under it"
    edit("South Korea")
    assert _annotator("--annotator", "carol", "import", str(path), str(second)).returncode == 0
    edit("Seoul")
    seen = _seen_by_another_process(path)
    assert [op for op, who in seen if who == "alice"][-3:] == ["create"] * 3, seen
    assert ("import", "carol") in seen
    window.close()
    settle(qtbot, window)

    conn = sqlite3.connect(path)
    try:
        labelled = [row[0] for row in conn.execute(
            "SELECT json_extract(after, '$.text') FROM events WHERE who = 'alice' AND op = 'create'"
            " ORDER BY id")]
        imports = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        after = conn.execute("SELECT op, who FROM events ORDER BY id").fetchall()
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    assert labelled == ["Leon Panetta", "South Korea", "Seoul"]
    assert imports == 2
    assert after == seen
    assert integrity == "ok"
