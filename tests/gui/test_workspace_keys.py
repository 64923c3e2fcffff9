"""Keys of the article view, one behaviour at a time, against a real project file."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.gui.conftest import rows, settle


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.view, key, modifier)
    settle(qtbot, window)


def select(window, text, occurrence=0):
    doc = window.workspace.state.document.text
    start = -1
    for _ in range(occurrence + 1):
        start = doc.index(text, start + 1)
    window.view.select_span(start, start + len(text))
    return start


def test_digit_labels_snap_to_tokens_and_alt_keeps_exact(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    start = select(window, "runo Parr")  # a sloppy selection
    press(qtbot, window, Qt.Key.Key_1)
    assert rows(gui_project_path, "SELECT text, label FROM annotations") == [
        ("Bruno Parrilla", "PERSON")]
    select(window, "ompe", occurrence=1)
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    texts = {r[0] for r in rows(gui_project_path, "SELECT text FROM annotations")}
    assert texts == {"Bruno Parrilla", "ompe"}
    assert start > 0


def test_sentence_key_then_statement_label(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    doc = window.workspace.state.document.text
    window.view.place_caret(doc.index("The new regulations") + 3)
    press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_6)
    ((text, label),) = rows(gui_project_path, "SELECT text, label FROM annotations")
    assert label == "STANCE"
    assert text == ("The new regulations do not apply to José Martí International Airport, for which "
                    "Pompeo requested an exemption.")
    # the new statement is current: slot keys act on it; k toggles negated
    press(qtbot, window, Qt.Key.Key_K)
    assert '"negated": true' in rows(gui_project_path, "SELECT attrs FROM annotations")[0][0]
    # Escape cancels a pending slot key without changing anything
    press(qtbot, window, Qt.Key.Key_P)
    assert window.inspector.hint.isVisible() and "SUPPORT" in window.inspector.hint.text()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not window.inspector.hint.isVisible()
    assert "polarity" not in rows(gui_project_path, "SELECT attrs FROM annotations")[0][0]


def test_reject_delete_and_tab(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    before = len(window.workspace.state.suggestions)
    press(qtbot, window, Qt.Key.Key_Tab)
    first = window.workspace.current_span()
    assert first.source == "suggestion"
    press(qtbot, window, Qt.Key.Key_X)
    assert len(window.workspace.state.suggestions) == before - 1
    assert rows(gui_project_path, "SELECT decision FROM suggestion_decisions") == [("rejected",)]
    press(qtbot, window, Qt.Key.Key_Backtab)
    press(qtbot, window, Qt.Key.Key_Return)
    assert len(rows(gui_project_path, "SELECT id FROM annotations WHERE deleted_at IS NULL")) == 1
    press(qtbot, window, Qt.Key.Key_Delete)
    assert rows(gui_project_path, "SELECT id FROM annotations WHERE deleted_at IS NULL") == []
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(rows(gui_project_path, "SELECT id FROM annotations WHERE deleted_at IS NULL")) == 1


def test_document_labels_by_key_and_navigation(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    first = window.current_doc_id()
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_R)
    assert rows(gui_project_path, "SELECT name, value FROM doc_labels") == [("relevance", "RELEVANT")]
    assert window.doc_panel.labels["relevance"].currentText() == "RELEVANT"
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_doc_id() != first)
    settle(qtbot, window)
    # undo reaches back into the previous article and opens it
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_doc_id() == first)
    assert rows(gui_project_path, "SELECT * FROM doc_labels") == []


def test_hover_shows_what_a_highlight_is(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    doc = window.workspace.state.document.text
    offset = doc.index("Mike Pompeo") + 2
    span = window.view.spans_at(offset)
    assert any("P_MIKE_POMPEO" in s.tooltip for s in span)
    rect = window.view.cursorRect(_cursor_at(window, offset))
    assert window.view.cursorForPosition(rect.center() + QPoint(1, 0)).position() >= 0


def _cursor_at(window, offset):
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.offsets.to_qt(offset))
    return cursor


def test_queue_search_and_status_filter(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    assert window.queue.rowCount() == 4
    window.search.setText("Parrilla")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.queue.rowCount() == 1
    assert window.queue_count.text() == "1 document(s) found"
    assert window.queue.data(window.queue.index(0, 0)) == "US announces restrictions on flying to Cuba"
    window.search.setText("")
    window.status_filter.setCurrentText("done")
    settle(qtbot, window)
    assert window.queue.rowCount() == 0


def test_import_from_the_window_with_progress(qtbot, open_window, gui_project_path, tmp_path):
    from annotator.gui import dialogs

    source = tmp_path / "new.jsonl"
    source.write_text('{"text": "Tokyo pledged support to NATO allies."}\n{"text": ""}\n',
                      encoding="utf-8")
    window = open_window(gui_project_path)
    dialogs.import_documents(window, [str(source)])
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=15_000)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.queue.rowCount() == 5, timeout=5000)
    assert "1 imported" in window.statusBar().currentMessage() or window.queue.rowCount() == 5


def test_pre_highlighting_after_an_import_through_the_extraction_process(
        qtbot, open_window, gui_project_path, tmp_path, monkeypatch, started_processes):
    """A large import is pre-highlighted by the extraction process, started from the window's
    job thread: every document gets its suggestions and the window says so."""
    import json

    import annotator.project.suggesting as suggesting
    from annotator.gui import dialogs
    from annotator.project import Project

    monkeypatch.setattr(suggesting, "PROCESS_FROM", 3)  # stands for 1,000: a large import
    source = tmp_path / "new.jsonl"
    source.write_text("\n".join(json.dumps({"text": f"Tokyo pledged support to NATO on day {i}."})
                                for i in range(4)), encoding="utf-8")
    window = open_window(gui_project_path)
    dialogs.import_documents(window, [str(source)])
    qtbot.waitUntil(lambda: "Pre-highlighted 4 document(s)" in window.statusBar().currentMessage(),
                    timeout=30_000)
    assert started_processes == ["stance-annotator-extraction"]
    with Project.open(gui_project_path) as project:
        assert project.db.execute("SELECT COUNT(*) FROM suggestion_runs").fetchone()[0] == 8


def test_export_from_the_window(qtbot, open_window, gui_project_path, tmp_path):
    import json

    from annotator.formats.export_options import ExportOptions
    from annotator.gui.export_dialog import ExportDialog, export_dataset

    window = open_window(gui_project_path)
    start = select(window, "Bruno Parrilla")
    press(qtbot, window, Qt.Key.Key_1)
    dialog = ExportDialog(window, ["alice"])
    dialog.status.setCurrentText("any")
    dialog.kinds.setText("mention")
    options = dialog.options()
    assert options.kinds == ("MENTION",) and options.layer == "alice"
    out = tmp_path / "out.jsonl"
    export_dataset(window, str(out), ExportOptions(layer="alice", status="any", tokens=False))
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=15_000)
    qtbot.waitUntil(lambda: hasattr(window, "last_export"), timeout=5000)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    spans = [s for line in lines for s in line["spans"]]
    assert [(s["start"], s["text"], s["label"]) for s in spans] == [(start, "Bruno Parrilla", "PERSON")]


def test_an_import_report_keeps_errors_apart_from_warnings(qtbot, open_window, gui_project_path,
                                                           tmp_path):
    """Lines left out are errors, under a warning icon; records that went in with something
    kept aside (a date that names no real day) are warnings. Only warnings: an information
    icon, so a good import does not look like a failed one. Every problem is in the details."""
    from PySide6.QtWidgets import QMessageBox

    from annotator.gui import dialogs

    window = open_window(gui_project_path)
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('{"text": "Tokyo pledged support.", "published": "2012-02-30"}\n'
                     '{"text": \n'
                     + "".join(f'{{"text": "Day {i}.", "published": "2012-13-{i:02}"}}\n'
                               for i in range(1, 13)), encoding="utf-8")
    dialogs.import_documents(window, [str(mixed)])
    qtbot.waitUntil(lambda: window.last_report is not None, timeout=15_000)
    box = window.last_report
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == "Import: 13 imported, 0 duplicates skipped, 1 errors, 13 warnings, " \
                         "from 1 file(s)."
    shown = box.informativeText()
    assert shown.startswith("Not imported (1): fix these lines")
    assert f"line 2 of {mixed}" in shown.split("Imported, with something to check (13):")[0]
    assert "... and 8 more (Show Details)" in shown
    assert box.detailedText().count("[W311]") == 13 and box.detailedText().count("[E") == 1
    box.close()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=15_000)

    window.last_report = None
    dated = tmp_path / "dated.jsonl"
    dated.write_text('{"text": "Seoul pledged support.", "published": "2012-02-30"}\n',
                     encoding="utf-8")
    dialogs.import_documents(window, [str(dated)])
    qtbot.waitUntil(lambda: window.last_report is not None, timeout=15_000)
    assert window.last_report.icon() == QMessageBox.Icon.Information
    assert "Not imported" not in window.last_report.informativeText()
    window.last_report.close()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=15_000)
