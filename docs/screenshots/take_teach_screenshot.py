"""Take the README's teach-mode screenshot from a real window under Xvfb, driven by keys.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/take_teach_screenshot.py

The project: the 30 shipped Wikinews articles, pre-highlighted with the rule pipeline; a
colleague has accepted the rule candidates of ten of them and marked those done, and a model is
trained on that. Then Review ▸ Teach (F8), four decisions (accept, a type changed and accepted,
reject, accept; the model retrains after four), and a slot key (`p`) that opens the proposal
in the inspector. Needs imagemagick's `import` for a true screen grab.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from annotator.core.resources import resource  # noqa: E402
from annotator.gui.app import application, open_window  # noqa: E402
from annotator.project import Project, teaching  # noqa: E402


def build_project(folder: Path) -> Path:
    with resource("samples", "wikinews-samples.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    source = folder / "samples.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    path = folder / "border-policy.annotator"
    with Project.create(path, annotator="alice") as project:
        ids = project.import_paths([source]).doc_ids
        project.suggest(model="builtin")
        for s in teaching.rule_scores(project).sentences:
            if s.doc_id in ids[:10]:
                project.annotate(s.doc_id, s.start, s.end, s.type,
                                 {"holder": s.holder} if s.holder else {})
        for doc_id in ids[:10]:
            project.set_status(doc_id, "done")
        project.train_model()
        project.set_setting(teaching.RETRAIN_EVERY_SETTING, 4)
    return path


def grab(name: str, window: object) -> None:
    target = HERE / name
    if shutil.which("import") and os.environ.get("DISPLAY"):
        subprocess.run(["import", "-window", "root", str(target)], check=True)
    else:
        window.grab().save(str(target))  # type: ignore[attr-defined]
    print("wrote", target)


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
    steps.append((lambda: True, lambda: grab("teach.png", teach())))
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
