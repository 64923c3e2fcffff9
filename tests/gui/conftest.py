"""GUI tests run offscreen against real project files."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")


ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "gui" / "wikinews-us-cuba-flights.jsonl"


def _build_template(path: Path, first: Path, samples_dir: Path) -> Path:
    """`first` as document 1, then three shipped samples, pre-highlighted by the rule pipeline."""
    import csv
    import json

    from annotator.core.resources import resource
    from annotator.project import Project

    with Project.create(path, annotator="alice") as project:
        project.import_paths([first])
        samples = samples_dir / "few.jsonl"
        with resource("samples", "wikinews-samples.csv").open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))[:3]
        samples.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
        project.import_paths([samples])
        # the rules alone: these tests count the keys of the workspace's loop over known
        # candidates; suggestions with the statement model are tested in tests/learning
        project.set_setting("suggest_with_model", False)
        project.suggest(model="builtin")
    return path


@pytest.fixture(scope="session")
def gui_project_template(tmp_path_factory):
    """A Wikinews article kept in tests/ (CC BY 2.5, tests/fixtures/gui/README.md) plus three
    samples: the window's tests run on a checkout alone."""
    return _build_template(tmp_path_factory.mktemp("template") / "cuba.annotator", ARTICLE,
                           tmp_path_factory.mktemp("samples"))


@pytest.fixture
def gui_project_path(gui_project_template, tmp_path):
    target = tmp_path / "cuba.annotator"
    shutil.copy(gui_project_template, target)
    return target


@pytest.fixture(scope="session")
def seed_project_template(tmp_path_factory):
    """The seed article plus three samples, for the few assertions about the seed itself."""
    from tests.conftest import SEED

    if not SEED.is_file():
        pytest.skip("seed article not available (../shared/seed)")
    return _build_template(tmp_path_factory.mktemp("seed-template") / "seed.annotator", SEED,
                           tmp_path_factory.mktemp("seed-samples"))


@pytest.fixture
def seed_project_path(seed_project_template, tmp_path):
    target = tmp_path / "seed.annotator"
    shutil.copy(seed_project_template, target)
    return target


def rows(path, sql, params=()):
    """The rows a query returns from the project file, read by a connection of its own (so a
    test sees what another process would see, not what the window's connection holds)."""
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


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
