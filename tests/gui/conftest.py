"""GUI tests run offscreen against real project files."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")


@pytest.fixture(scope="session")
def seed_project_template(tmp_path_factory):
    """The seed article plus three samples, pre-highlighted with the rule pipeline, built once."""
    from annotator.core.resources import resource
    from annotator.project import Project
    from tests.conftest import SEED

    if not SEED.is_file():
        pytest.skip("seed article not available")
    path = tmp_path_factory.mktemp("template") / "seed.annotator"
    with Project.create(path, annotator="alice") as project:
        project.import_paths([SEED])
        samples = tmp_path_factory.mktemp("samples") / "few.jsonl"
        import csv
        import json

        with resource("samples", "wikinews-samples.csv").open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))[:3]
        samples.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
        project.import_paths([samples])
        project.suggest(model="builtin")
    return path


@pytest.fixture
def seed_project_path(seed_project_template, tmp_path):
    import shutil

    target = tmp_path / "seed.annotator"
    shutil.copy(seed_project_template, target)
    return target


def settle(qtbot, window) -> None:
    """Wait until the worker thread has answered everything the window asked."""
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10_000)


@pytest.fixture
def open_window(qtbot):
    windows = []

    def make(path, annotator="alice"):
        from annotator.gui.main_window import MainWindow

        window = MainWindow(path, annotator, auto_suggest=False)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.ready, timeout=15_000):
            window.show()
        settle(qtbot, window)
        window.activateWindow()
        window.view.setFocus()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
