"""Review ▸ Train suggestion model: in the background, with progress and Cancel."""

from __future__ import annotations

import pytest

from tests.gui.conftest import settle
from tests.learning.conftest import build

pytest.importorskip("spacy")


@pytest.fixture
def labelled_path(tmp_path):
    path = tmp_path / "labelled.annotator"
    build(path).close()
    return path


def _menu_action(window, text):
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu action {text!r}")


def test_training_from_the_window_stores_a_model_and_suggests_with_it(qtbot, open_window,
                                                                       labelled_path):
    from annotator.project import Project

    window = open_window(labelled_path)
    _menu_action(window, "Train suggestion model").trigger()
    assert window.jobs.running and "Training" in window.jobs.label.text()
    window.view.setFocus()  # the window stays usable while it trains
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60_000)
    settle(qtbot, window)
    report = window.last_train_report
    assert report.model_id is not None and report.positives == {"THREAT": 12}
    with Project.open(labelled_path, annotator="alice") as project:
        assert project.statement_model().version == report.version
        keys = {r[0] for r in project.db.execute("SELECT pipeline FROM suggestion_runs")}
    assert any(f"model@{report.version}" in key for key in keys)  # suggested with it


def test_cancel_keeps_the_model_in_use(qtbot, open_window, labelled_path):
    from annotator.project import Project

    window = open_window(labelled_path)
    window.start_training()
    qtbot.waitUntil(lambda: window.jobs.bar.maximum() > 1, timeout=30_000)  # progress arrived
    window.jobs.cancel_button.click()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=30_000)
    assert "cancelled" in window.statusBar().currentMessage()
    with Project.open(labelled_path, annotator="alice") as project:
        assert project.db["statement_models"].count == 0
