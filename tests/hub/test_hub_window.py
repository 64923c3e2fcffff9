"""The window syncs a hub clone in the background, says when, and works on without the hub."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # as tests/gui: no display needed

import json
from pathlib import Path

import pytest

from annotator.hub import sync as hub_sync
from annotator.project import Project
from tests.hub.helpers import make_team, role_url, span

pytest.importorskip("pytestqt")


def _window(qtbot, path: Path, annotator: str):
    from annotator.gui.main_window import MainWindow

    window = MainWindow(path, annotator, auto_suggest=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=15_000):
        window.show()
    return window


def test_the_window_syncs_shows_when_and_keeps_working_offline(hub_db: str, tmp_path: Path,
                                                                 qtbot):
    make_team(hub_db, tmp_path)
    a_path, b_path = tmp_path / "alice.annotator", tmp_path / "bob.annotator"
    hub_sync.clone(role_url(hub_db, "alice"), a_path, "alice")
    hub_sync.clone(role_url(hub_db, "bob"), b_path, "bob")
    for path, name, label in ((b_path, "bob", "PERSON"), (a_path, "alice", "ORG")):
        with Project.open(path, annotator=name) as p:
            doc_id = p.documents()[0].id
            span(p, doc_id, p.document(doc_id).text.split()[0], label)
            p.set_status(doc_id, "done")
            hub_sync.sync(p)

    window = _window(qtbot, a_path, "alice")
    try:  # the first sync starts by itself once the window is open
        qtbot.waitUntil(lambda: window.hub is not None and "Hub: synced" in window.hub.label.text(),
                        timeout=20_000)
        with Project.open(a_path, annotator="alice") as a:
            assert len(a.annotations(doc_id, "bob")) == 1
        synced = window.hub.label.text()
        assert window.hub.timer.isActive()

        # the reviewer's panel: the pair disagrees on the first document; it opens for review
        window.hub.show_status()
        qtbot.waitUntil(lambda: getattr(window, "hub_panel", None) is not None, timeout=20_000)
        panel = window.hub_panel
        assert panel.pairs.rowCount() == 1 and panel.documents.rowCount() == 1
        panel.open_row(0)
        qtbot.waitUntil(lambda: getattr(window, "review_window", None) is not None
                        and window.review_window.doc_id == doc_id, timeout=10_000)
        panel.close()
        window.review_window.close()

        # the hub goes away: the label says so, no dialog, and annotating goes on
        with Project.open(a_path, annotator="alice") as a:
            a.db.execute("UPDATE settings SET value = ? WHERE key = 'hub.url'",
                         [json.dumps(f"host={tmp_path} dbname=gone user=alice")])
            a.db.conn.commit()
        window.hub.url = f"host={tmp_path} dbname=gone user=alice"
        assert window.hub.sync_now()
        qtbot.waitUntil(lambda: "offline" in window.hub.label.text(), timeout=20_000)
        assert "E960" in window.hub.label.toolTip()
        assert synced.split("synced ")[1] in window.hub.label.text()  # last good sync shown
        assert window.last_error is None
        done = []
        window.runner.submit(lambda p: p.set_status(doc_id, "flagged"), done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    finally:
        window.close()
    with Project.open(a_path, annotator="alice") as a:
        assert a.status(doc_id) == "flagged"
