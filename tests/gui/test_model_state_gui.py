"""The status bar says when the project's own statement model is stale, and what to do."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from tests.learning.conftest import build, make_stale

pytest.importorskip("spacy")


def test_a_stale_own_model_shows_in_the_status_bar_until_trained_again(qtbot, open_window,
                                                                      tmp_path):
    path = tmp_path / "labelled.annotator"
    with build(path) as project:
        uid = make_stale(project)
    window = open_window(path)
    label = window.pipeline_label
    assert "starter model" in label.text() and f"own model {uid[:8]} is stale" in label.text()
    assert "annotator train" in label.toolTip() and "starter model meanwhile" in label.toolTip()
    assert "a04000" in label.styleSheet()
    window.start_training()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60_000)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "stale" not in label.text(), timeout=10_000)
    assert "own model" in label.text() and not label.toolTip() and not label.styleSheet()


def test_teach_modes_panel_names_the_model_in_use_and_a_stale_own_model(qtbot, open_window,
                                                                        tmp_path):
    """The Model row showed the starter's version while the own model was stale, without
    saying why; it says which model scores, that the own one is stale and what replaces it."""
    from annotator.project.learning import starter_model

    path = tmp_path / "labelled.annotator"
    with build(path) as project:
        uid = make_stale(project)
    window = open_window(path)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    teach = window.teach_window
    qtbot.waitUntil(lambda: teach.current is not None, timeout=30_000)
    row = teach.panel.model
    text = row.text()
    assert f"starter model {starter_model().version}" in text
    assert f"own model {uid[:8]} is stale" in text and "teach mode's next retraining" in text
    assert "annotator train" in row.toolTip() and "a04000" in row.styleSheet()
    teach.retrain()  # the next retraining replaces the stale model
    qtbot.waitUntil(lambda: teach.job is None, timeout=60_000)
    assert "stale" not in row.text() and not row.toolTip() and not row.styleSheet()
    assert "model" in row.text() and "threshold" in row.text()
