"""`annotator gui article.txt`: the E201 said once, an offer to import, no claim of saving."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def _visible_boxes(qtbot):
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_an_article_given_as_project_is_refused_once_and_offered_for_import(
        qtbot, tmp_path, monkeypatch):
    from annotator.gui import app as gui_app
    from annotator.gui.main_window import MainWindow
    from annotator.project import Project

    article = tmp_path / "article.txt"
    article.write_text("Seoul and Washington reaffirmed their alliance on Tuesday.\n",
                       encoding="utf-8")
    window = MainWindow(article, "alice", auto_suggest=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.open_failed, timeout=10_000)
    qtbot.waitUntil(lambda: window.runner.pending == 0)
    qtbot.wait(100)
    boxes = _visible_boxes(qtbot)
    assert len(boxes) == 1
    shown = [boxes[0].text(), window.header.text(), window.statusBar().currentMessage(),
             window.save_label.text()]
    assert sum(text.count("[E201]") for text in shown) == 1
    assert window.save_label.text() == "No project open"
    assert not window.jobs.busy  # no pre-highlighting of a project that never opened

    # the offer: a new project next to the article, the article imported and pre-highlighted
    button = next(b for b in boxes[0].buttons() if b.text().startswith("Import into a new"))
    target = tmp_path / "article.annotator"
    monkeypatch.setattr("annotator.gui.dialogs.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    button.click()
    new = gui_app._windows[-1]
    qtbot.addWidget(new)
    try:
        qtbot.waitUntil(lambda: new.workspace is not None and not new.jobs.busy, timeout=30_000)
        qtbot.waitUntil(lambda: new.runner.pending == 0)
        with Project.open(target) as project:
            assert project.count_documents() == 1
            assert project.db.execute("SELECT COUNT(*) FROM suggestion_runs").fetchone()[0] >= 1
        assert new.save_label.text() == "All changes saved"
    finally:
        new.close()
        gui_app._windows.remove(new)
