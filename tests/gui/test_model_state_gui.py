"""The status bar says when the project's own statement model is stale, and what to do."""

from __future__ import annotations

import pytest

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
