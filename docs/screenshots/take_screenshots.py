"""Take the README's screenshots from a real window under Xvfb, driven by keys.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/take_screenshots.py

The project is the sample articles plus 200 Wikinews articles of ../shared/corpora/wikinews-cc-by
(CC BY 2.5; the samples alone where that folder is absent). The article shown is the README's
worked example, "US announces restrictions on flying to Cuba". Needs imagemagick's `import` for a
true screen grab (else the window's own rendering is saved).
"""

from __future__ import annotations

import csv
import json
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

CORPUS = REPO.parent / "shared" / "corpora" / "wikinews-cc-by"
EXAMPLE = "US announces restrictions on flying to Cuba"
CORPUS_ARTICLES = 200


def corpus_file(folder: Path) -> Path | None:
    """200 Wikinews articles (the ones the samples do not already hold) as JSONL."""
    rows: list[dict] = []
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        path = CORPUS / name
        if path.is_file():
            csv.field_size_limit(1 << 24)
            with path.open(newline="", encoding="utf-8") as fh:
                rows += list(csv.DictReader(fh))
    if not rows:
        return None
    out = folder / "wikinews-200.jsonl"
    out.write_text("\n".join(json.dumps({"title": r["title"], "text": r["text"], "url": r["url"],
                                         "published": r["date"], "source": "Wikinews"})
                             for r in rows[:CORPUS_ARTICLES]), encoding="utf-8")
    return out


def build_project(folder: Path) -> tuple[Path, int]:
    path = folder / "sanctions-study.annotator"
    with Project.create(path, annotator="maria") as project:
        sources = [resource("samples", "wikinews-samples.csv")]
        extra = corpus_file(folder)
        if extra is not None:
            sources.append(extra)
        project.import_paths(sources)
        project.suggest(model="builtin")
        example = next(d.id for d in project.documents(search="flying Cuba", limit=5)
                       if d.title == EXAMPLE)
        for doc_id in (3, 5, 8, 40, 41, 77):
            project.set_status(doc_id, "done", add_seconds=240)
        project.set_status(11, "flagged")
        project.set_status(14, "skipped")
    two_annotators(path, example)
    return path, example


def two_annotators(path: Path, doc: int) -> None:
    """alice and bob label the example article, disagreeing here and there, for the review shot."""
    text = Project.open(path).document(doc).text

    def at(word: str) -> tuple[int, int]:
        start = text.index(word)
        return start, start + len(word)

    quote = text.index("Bruno Parrilla, the")
    statement = (quote, text.index("from us.", quote) + len("from us."))
    shared = [(at("Mike Pompeo"), "PERSON", {}), (at("Havana"), "GPE", {}),
              (at("Elaine Chao"), "PERSON", {})]
    plans = {
        "alice": [*shared, (at("Venezuela"), "GPE", {}),
                  (statement, "STANCE", {"holder": "CUB", "target": "USA", "polarity": "OPPOSE",
                                         "strength": "FIRM"})],
        "bob": [*shared, (at("Nicolás Maduro"), "PERSON", {}),
                (statement, "STANCE", {"holder": "CUB", "target": "USA", "polarity": "OPPOSE",
                                       "strength": "QUALIFIED"})],
    }
    for who, items in plans.items():
        with Project.open(path, annotator=who) as project:
            for (start, end), label, attrs in items:
                project.annotate(doc, start, end, label, attrs)


def grab(name: str) -> None:
    target = HERE / name
    if shutil.which("import") and os.environ.get("DISPLAY"):
        subprocess.run(["import", "-window", "root", str(target)], check=True)
    else:
        app = application()
        app.activeWindow().grab().save(str(target))
    print("wrote", target)


def grab_review_panel(app, window, action: str, attribute: str,
                      geometry: tuple[int, int, int, int], name: str) -> None:
    """Open Review ▸ `action` as a user would, wait until the window holds the panel it opens
    (`attribute`), place it at `geometry` (x, y, width, height), grab `name` and quit."""

    def open_panel() -> None:
        review = next(a for a in window.menuBar().actions() if a.text() == "&Review")
        next(a for a in review.menu().actions() if a.text() == action).trigger()
        QTimer.singleShot(300, when_shown)

    def when_shown() -> None:
        panel = getattr(window, attribute, None)
        if panel is None:
            QTimer.singleShot(200, when_shown)
            return
        panel.move(*geometry[:2])
        panel.resize(*geometry[2:])
        panel.raise_()
        panel.activateWindow()
        QTimer.singleShot(800, lambda: (grab(name), app.quit()))

    open_panel()


def main() -> None:
    os.environ.setdefault("STANCE_ANNOTATOR_HOME", tempfile.mkdtemp())
    app = application()
    path, _example = build_project(Path(tempfile.mkdtemp()))
    window = open_window(path, "maria", auto_suggest=False)
    window.move(0, 0)
    window.resize(1400, 900)
    view = window.view
    steps: list = []

    def key(k, mod=Qt.KeyboardModifier.NoModifier, widget=None):
        steps.append(lambda: QTest.keyClick(widget or view, k, mod))

    def do(fn):
        steps.append(fn)

    # the queue of a real corpus; then the example found by a search as one types
    do(lambda: window.queue_view.setFocus())
    do(lambda: window.queue_view.selectRow(1))
    do(lambda: grab("queue.png"))
    do(lambda: window.queue_panel.focus_search())
    do(lambda: QTest.keyClicks(window.search, "flying Cuba"))
    do(lambda: None)
    do(lambda: QTest.keyClick(window.search, Qt.Key.Key_Down))
    do(lambda: QTest.keyClick(window.queue_view, Qt.Key.Key_Return))
    do(lambda: grab("search.png"))
    # the worked example: ] to the candidate, Enter, then a prompt open for the screenshot,
    # then the slots

    def to_candidate() -> None:
        for _ in range(8):
            QTest.keyClick(view, Qt.Key.Key_BracketRight)
            span = window.workspace.current_span()
            text = window.workspace.state.document.text
            if span is not None and text[span.start:span.end].startswith("Bruno Parrilla"):
                return

    do(to_candidate)
    key(Qt.Key.Key_Return)
    key(Qt.Key.Key_O)
    do(lambda: grab("key-prompt.png"))
    key(Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    key(Qt.Key.Key_G)
    key(Qt.Key.Key_F)
    key(Qt.Key.Key_B)
    key(Qt.Key.Key_D)
    do(lambda: grab("workspace.png"))
    # two adjacent statements: the first two sentences, one after the other
    do(lambda: (view.place_caret(window.workspace.state.document.text.index("On Friday") + 3),
                window.workspace.clear_current()))
    key(Qt.Key.Key_S)
    key(Qt.Key.Key_5)  # COMMITMENT
    do(lambda: (view.place_caret(window.workspace.state.document.text.index("The new policy") + 3),
                window.workspace.clear_current()))
    key(Qt.Key.Key_S)
    key(Qt.Key.Key_5)
    do(lambda: (view.place_caret(0), window.workspace.clear_current()))
    do(lambda: grab("adjacent-statements.png"))
    state: dict = {}

    def open_review() -> None:
        from annotator.gui.dialogs import open_review as show

        review = show(window, ("alice", "bob"))
        review.move(0, 0)
        review.resize(1400, 900)
        review.view.setFocus()
        state["review"] = review

    do(open_review)
    do(lambda: QTest.keyClick(state["review"].view, Qt.Key.Key_B))
    do(lambda: QTest.keyClick(state["review"].view, Qt.Key.Key_I))
    do(lambda: grab("review.png"))
    do(lambda: state["review"].close())

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

    do(import_with_problems)
    do(when_reported)
    do(lambda: (window.last_report.close(), window.jobs.cancel_all(wait=True), window.close(),
                app.quit()))

    def run_next():
        if window.runner.pending:
            QTimer.singleShot(50, run_next)
            return
        if steps:
            steps.pop(0)()
            QTimer.singleShot(400, run_next)

    window.ready.connect(lambda: QTimer.singleShot(800, run_next))
    QTimer.singleShot(120_000, app.quit)
    app.exec()


if __name__ == "__main__":
    main()
