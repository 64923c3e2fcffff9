"""Take the README's teach-mode screenshot from a real window under Xvfb, driven by keys.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/take_teach_screenshot.py

The project: the 30 shipped Wikinews articles, pre-highlighted with the rule pipeline; a
colleague has accepted the rule candidates of ten of them and marked those done, and a model is
trained on that. Then Review ▸ Teach (F8), four decisions (accept, a type changed and accepted,
reject, accept; the model retrains after four), and a slot key (`p`) that opens the proposal
in the inspector. Needs imagemagick's `import` for a true screen grab.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from annotator.gui.app import application, open_window  # noqa: E402
from bench.teach_project import taught_project  # noqa: E402
from docs.screenshots.take_screenshots import grab  # noqa: E402


def build_project(folder: Path) -> Path:
    path = folder / "border-policy.annotator"
    taught_project(path, annotator="alice", retrain_every=4)
    return path


def main() -> None:
    os.environ.setdefault("STANCE_ANNOTATOR_HOME", tempfile.mkdtemp())
    app = application()
    path = build_project(Path(tempfile.mkdtemp()))
    window = open_window(path, "maria", auto_suggest=False)
    window.move(0, 0)
    window.resize(1400, 900)
    state: dict = {}
    # each step: (condition to wait for, action)
    steps: list[tuple[Callable[[], bool], Callable[[], None]]] = []

    def teach():
        return state["teach"]

    def open_teach() -> None:
        from annotator.gui.dialogs import open_teach as show  # what Review ▸ Teach (F8) calls

        state["teach"] = show(window, seed=3)
        teach().move(0, 0)
        teach().resize(1400, 900)

    def key(k: Qt.Key) -> None:
        steps.append((lambda: teach().current is not None,
                      lambda: QTest.keyClick(teach().view, k)))

    steps.append((lambda: window.runner.pending == 0, open_teach))
    for k in (Qt.Key.Key_Return, Qt.Key.Key_7, Qt.Key.Key_Return, Qt.Key.Key_X,
              Qt.Key.Key_Return):
        key(k)
    steps.append((lambda: teach().job is None and bool(teach().stats.f1s), lambda: None))
    key(Qt.Key.Key_P)
    steps.append((lambda: True, lambda: grab("teach.png")))
    steps.append((lambda: True, lambda: (teach().close(), window.close(), app.quit())))

    def run_next() -> None:
        if not steps:
            return
        ready, action = steps[0]
        if window.runner.pending or not ready():
            QTimer.singleShot(100, run_next)
            return
        steps.pop(0)
        action()
        QTimer.singleShot(400, run_next)

    window.ready.connect(lambda: QTimer.singleShot(800, run_next))
    QTimer.singleShot(120_000, app.quit)
    app.exec()


if __name__ == "__main__":
    main()
