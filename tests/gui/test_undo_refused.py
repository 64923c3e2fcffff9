"""The window's Ctrl+Z tells the analyst when an undo is refused because the row was changed
since (here by a merge), instead of silently losing the merged work."""

from __future__ import annotations

import json
import shutil

from annotator.project import Project
from tests.gui.conftest import settle


def test_refused_undo_is_shown_in_the_status_bar_and_a_message_box(qtbot, open_window, tmp_path):
    home = tmp_path / "home.annotator"
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps({"text": "Seoul and Washington pledged support.",
                                  "title": "Pledge"}), encoding="utf-8")
    with Project.create(home, annotator="alice") as p:
        doc_id = p.import_paths([source]).doc_ids[0]
    laptop = tmp_path / "laptop.annotator"
    shutil.copy(home, laptop)
    with Project.open(home, annotator="alice") as p:
        p.set_status(doc_id, "done")
    with Project.open(laptop, annotator="alice") as other:
        other.set_status(doc_id, "flagged")
    with Project.open(home, annotator="alice") as p:
        p.merge(laptop)

    window = open_window(home)
    window.undo_action.trigger()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "E250" in window.statusBar().currentMessage(), timeout=5000)
    assert "flagged" in window.statusBar().currentMessage()
    assert "E250" in window.last_error.text()
    with Project.open(home, annotator="alice") as p:
        assert p.status(doc_id) == "flagged"
