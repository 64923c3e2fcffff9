"""Take the README's screenshots from a real window under Xvfb, driven by keys.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/take_screenshots.py

Needs ../shared/seed (the example article) and imagemagick's `import` for a true screen grab.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from annotator.core.resources import resource  # noqa: E402
from annotator.gui.app import application, open_window  # noqa: E402
from annotator.project import Project  # noqa: E402

SEED = REPO.parent / "shared" / "seed" / "xinhua-2012-10-25-us-rok-deterrence.txt"


def build_project(folder: Path) -> Path:
    path = folder / "deterrence-study.annotator"
    with Project.create(path, annotator="maria") as project:
        project.import_paths([SEED, resource("samples", "wikinews-samples.csv")])
        project.suggest(model="builtin")
        for doc_id in (3, 5, 8):
            project.set_status(doc_id, "done", add_seconds=240)
        project.set_status(11, "flagged")
        project.set_status(14, "skipped")
    two_annotators(path)
    return path


def two_annotators(path: Path) -> None:
    """alice and bob label the seed article, disagreeing here and there, for the review shot."""
    text = Project.open(path).document(1).text

    def at(word: str, n: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(n + 1):
            start = text.index(word, start + 1)
        return start, start + len(word)

    pan = text.index("Panetta reaffirmed")
    statement = (pan, text.index("capabilities.", pan) + len("capabilities."))
    shared = [(at("Leon Panetta"), "PERSON", {}), (at("Pentagon"), "ORG", {}),
              (at("Japan"), "GPE", {}), (at("ROK"), "GPE", {})]
    plans = {
        "alice": [*shared, (at("Kim Kwan-jin"), "PERSON", {}), (at("DPRK"), "GPE", {}),
                           (statement, "COMMITMENT", {"holder": "USA", "target": "KOR",
                                                      "polarity": "SUPPORT", "strength": "FIRM"}),
                           (at("Washington", 1), "GPE", {})],
        "bob": [*shared, (at("Kim Kwan-jin"), "ORG", {}),
                         (statement, "COMMITMENT", {"holder": "USA", "target": "KOR",
                                                    "polarity": "SUPPORT", "strength": "QUALIFIED"}),
                         (at("Security Consultative Meeting"), "ORG", {})],
    }
    for who, items in plans.items():
        with Project.open(path, annotator=who) as project:
            for (start, end), label, attrs in items:
                project.annotate(1, start, end, label, attrs)


def grab(name: str) -> None:
    target = HERE / name
    if shutil.which("import") and os.environ.get("DISPLAY"):
        subprocess.run(["import", "-window", "root", str(target)], check=True)
    else:
        app = application()
        app.activeWindow().grab().save(str(target))
    print("wrote", target)


def main() -> None:
    os.environ.setdefault("STANCE_ANNOTATOR_HOME", tempfile.mkdtemp())
    app = application()
    path = build_project(Path(tempfile.mkdtemp()))
    window = open_window(path, "maria", auto_suggest=False)
    window.move(0, 0)
    window.resize(1400, 900)
    view = window.view
    steps: list = []

    def key(k, mod=Qt.KeyboardModifier.NoModifier):
        steps.append(lambda: QTest.keyClick(view, k, mod))

    def wait_then(fn):
        steps.append(fn)

    # accept the first suggested mention, then the Panetta statement, then fill its slots
    for _ in range(2):
        key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Return)
    wait_then(lambda: (view.place_caret(0), window.workspace.clear_current()))
    for _ in range(4):
        key(Qt.Key.Key_BracketRight)
    key(Qt.Key.Key_Return)
    key(Qt.Key.Key_O)
    key(Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)
    key(Qt.Key.Key_O)
    key(Qt.Key.Key_N)
    key(Qt.Key.Key_P)
    key(Qt.Key.Key_S)
    key(Qt.Key.Key_B)
    key(Qt.Key.Key_P)
    wait_then(lambda: grab("workspace.png"))
    wait_then(lambda: window.resizeDocks([window.queue_dock, window.side_dock], [700, 330],
                                         Qt.Orientation.Horizontal))
    wait_then(lambda: window.queue_view.setFocus())
    wait_then(lambda: grab("queue.png"))
    state: dict = {}

    def open_review() -> None:
        from annotator.gui.dialogs import open_review as show

        review = show(window, ("alice", "bob"))
        review.move(0, 0)
        review.resize(1400, 900)
        review.view.setFocus()
        state["review"] = review

    wait_then(open_review)
    wait_then(lambda: QTest.keyClick(state["review"].view, Qt.Key.Key_B))
    wait_then(lambda: QTest.keyClick(state["review"].view, Qt.Key.Key_I))
    wait_then(lambda: grab("review.png"))
    wait_then(lambda: state["review"].close())

    def import_with_problems() -> None:
        """A feed export with a cut-off line and dates that name no real day."""
        from annotator.gui import dialogs

        feed = Path(tempfile.mkdtemp()) / "wire-feed-2019.jsonl"
        lines = ['{"title": "Seoul and Washington extend cost-sharing talks", "text": "Seoul '
                 'pledged to keep talks going.", "published": "2019-02-30"}',
                 '{"title": "Tokyo reaffirms alliance", "text": "Japan reaffirmed',
                 *(f'{{"title": "Brief {i}", "text": "NATO allies met on day {i}.", '
                   f'"published": "2019-13-{i:02}"}}' for i in range(1, 9))]
        feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
        dialogs.import_documents(window, [str(feed)])

    def when_reported() -> None:
        if window.last_report is None or not window.last_report.isVisible():
            steps.insert(0, when_reported)  # the import runs off the UI thread: look again
            return
        grab("import-report.png")

    wait_then(import_with_problems)
    wait_then(when_reported)
    wait_then(lambda: (window.last_report.close(), window.close(), app.quit()))

    def run_next():
        if window.runner.pending:
            QTimer.singleShot(50, run_next)
            return
        if steps:
            steps.pop(0)()
            QTimer.singleShot(350, run_next)

    window.ready.connect(lambda: QTimer.singleShot(800, run_next))
    QTimer.singleShot(60_000, app.quit)
    app.exec()


if __name__ == "__main__":
    main()
