"""The annotation window's speed: opening an article, launching, a queue of 100,000 documents.

Every figure is printed next to a baseline measured in the same run, because these machines are
shared and noisy: a ratio from one run means more than a time compared with another day's.
Ours and the baseline alternate (and, in part 3, swap which goes first), so noise and warm-up
hit both alike. Times are medians, with p90.

"Painted" means: the event loop has processed what was posted (layout, update requests and the
paint they trigger); if nothing painted the widget after its content changed, it is repainted
synchronously. Each paint is counted once, and both sides are finished the same way.

1. Opening a ~20,000-character article (real news bodies, concatenated) with exactly 300 stored
   suggestions (MENTION, CUE, STATEMENT, plus the SENTENCES row). Ours: from
   `window.workspace.open(doc_id)` until `workspace.state_loaded` has fired and the article is
   painted. That includes the read on the worker thread (`load_doc_state`), the hop back by
   queued signal, `set_text`, `spans_for`, `set_spans`, and the window's other reactions to
   `state_loaded` (header, panels, queue selection). Aim: median under 30 ms.
   Floor: the same ArticleView in the same window (same size, font and wrapping), with
   `setPlainText(text)` and then painted, with no highlights, no database read and no signal
   handlers. No version of an open can be faster than that.
   The parts are also timed one at a time: the read (on the UI thread), `spans_for`,
   `set_text`, `set_spans` (right after `set_text` as in an open, and on text already shown,
   as in a redraw), and a repaint with and without the spans.
2. Launch to first paint (aim: under 1 s) and to `window.ready` (the first article shown). Each
   launch runs in a fresh interpreter and is timed from `time.time()` in this process just
   before `subprocess.Popen`, so interpreter start and every import count. There are three
   kinds, interleaved per round, and the first (warm-up) round is thrown away:
   * baseline: QApplication and an empty QMainWindow of the same size;
   * direct: `annotator.gui.app.application()` + `open_window(..., auto_suggest=False)`;
   * cli: `annotator gui PROJECT` through the real command line (click, every command module,
     and the background pre-highlighting check that a user gets).
   The project has the size of the sample: the 30 shipped Wikinews articles, pre-highlighted
   with the rule pipeline. First paint is the first QEvent.Paint of any widget. Ready paint is
   the first paint of the article viewport after `ready`.
3. A queue over 100,000 documents (short real texts, imported with `Project.import_paths`; the
   script prints how long the build took).
   * `window.queue.reload()` until `queue.on_reset` has run (count + first page), and then
     until the table is painted.
   * `queue_view.scrollToBottom()` until the last row's summary is loaded and painted.
   * Opening an article in this project.
   Baseline: the same Project calls the queue makes, `count_documents()` +
   `documents(limit=200)` and the last page by offset, called directly on a connection of this
   process, with no Qt. RSS is read from /proc/self/status.

Qt platform: QT_QPA_PLATFORM if it is set, else xcb when DISPLAY is set (run under
`xvfb-run -a`), else offscreen. User config goes to a temporary STANCE_ANNOTATOR_HOME.
Usage: python bench/gui.py [N_OPENS] [--only=open,launch,queue]   (default: 30, all three)
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import PySide6
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.models import Suggestion
from annotator.core.resources import resource as shipped
from annotator.gui.highlights import spans_for
from annotator.gui.state import load_doc_state
from annotator.project import Project
from annotator.store.suggestions import store_results
from bench.corpus_texts import article_bodies, n_texts

WORK = Path(tempfile.mkdtemp(prefix="bench-gui-"))
PIPELINE = "bench-synthetic@1"
STATEMENT_LABELS = ("COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT")
MENTION_LABELS = ("GPE", "ORG", "PERSON", "NORP")
ACTORS = ("USA", "GBR", "FRA", "RUS", "CHN", "DEU", "NATO", "UN", "EU", "IRN", "KOR", "JPN")
CUE_WORDS = r"said|says|told|will|would|should|must|urged|warned|announced|called|agreed|plans?"


# ---------------------------------------------------------------------- helpers
def ms(seconds: float) -> float:
    return seconds * 1000.0


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def p90(xs: list[float]) -> float:
    ordered = sorted(xs)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


ERRORS: list[str] = []
LOOPS: list[Any] = []


def refuse_dialog(*args: Any, **kwargs: Any) -> None:
    """An error box would block a headless run forever: record the message and stop waiting."""
    ERRORS.append(str(args[2] if len(args) > 2 else args))
    print(f"    the window reported an error: {ERRORS[-1]}", file=sys.stderr)
    for loop in LOOPS:
        loop.quit()


class PaintClock(QObject):
    """When a widget was last painted, so a paint is counted once: the one the event loop does."""

    def __init__(self, widget: Any) -> None:
        super().__init__(widget)
        self.widget = widget
        self.last = 0.0
        widget.installEventFilter(self)

    def eventFilter(self, obj: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.last = time.perf_counter()
        return False

    def settle(self, since: float) -> None:
        """Process the posted events (layout, update requests, paints); then, if nothing has
        painted the widget since `since`, paint it now, synchronously."""
        QApplication.processEvents()
        if self.last < since:
            self.widget.repaint()


class Poke(QObject):
    fired = Signal()


def spin_until(done: Callable[[], bool], signals: list[Any], timeout: float = 60.0) -> None:
    """Run the event loop (blocking in Qt, GIL released) until done(); signals wake the check."""
    if done():
        return
    loop = QEventLoop()

    def check(*_: Any) -> None:
        if done():
            loop.quit()

    for signal in signals:
        signal.connect(check)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(int(timeout * 1000))
    LOOPS.append(loop)
    if not done() and not ERRORS:
        loop.exec()
    LOOPS.remove(loop)
    guard.stop()
    for signal in signals:
        signal.disconnect(check)
    if ERRORS:
        raise SystemExit(f"the window reported an error: {ERRORS[0]}")
    if not done():
        raise SystemExit(f"timed out after {timeout:.0f} s")


def ready_window(path: Path) -> tuple[Any, float]:
    from annotator.gui.main_window import MainWindow

    started = time.perf_counter()
    window = MainWindow(path, "bench", auto_suggest=False)
    shown = {"ready": False}
    window.ready.connect(lambda: shown.__setitem__("ready", True))
    window.show()
    spin_until(lambda: shown["ready"], [window.ready])
    elapsed = time.perf_counter() - started
    spin_until(lambda: window.runner.pending == 0, [window.runner.busy_changed])
    QApplication.processEvents()
    return window, elapsed


def close_window(window: Any) -> None:
    window.close()
    window.deleteLater()
    QApplication.processEvents()


# ---------------------------------------------------------------------- 1. open an article
def long_article(bodies: list[tuple[str, str]]) -> str:
    parts: list[str] = []
    size = 0
    for _, text in bodies:
        parts.append(text.strip())
        size += len(parts[-1]) + 2
        if size >= 20_000:
            break
    return "\n\n".join(parts)


def synthetic_suggestions(text: str) -> list[Suggestion]:
    """300 suggestions on real text: 60 candidate statements (sentences), 160 mentions
    (capitalised names), 80 cues (reporting and modal verbs), plus the SENTENCES row."""
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^\s][^.!?\n]*[.!?]?", text)]
    long_ones = [s for s in sentences if s[1] - s[0] >= 40]
    names = [(m.start(), m.end()) for m in re.finditer(r"(?<![.!?]\s)\b[A-Z][a-z]+(?: [A-Z][a-z]+)*",
                                                        text)]
    cues = [(m.start(), m.end()) for m in re.finditer(rf"\b(?:{CUE_WORDS})\b", text)]
    if len(cues) < 80:
        taken = set(cues)
        cues += [(m.start(), m.end()) for m in re.finditer(r"\b[a-z]{7,}\b", text)
                 if (m.start(), m.end()) not in taken]

    def spread(items: list[tuple[int, int]], k: int) -> list[tuple[int, int]]:
        assert len(items) >= k, (len(items), k)
        return [items[i * len(items) // k] for i in range(k)]

    out: list[Suggestion] = []
    for i, (start, end) in enumerate(spread(long_ones, 60)):
        out.append(Suggestion(start, end, "STATEMENT", STATEMENT_LABELS[i % 5],
                              score=0.5 + (i % 5) / 10,
                              attrs={"holder": ACTORS[i % len(ACTORS)], "topics": ["NUCLEAR"]}))
    for i, (start, end) in enumerate(spread(names, 160)):
        ambiguous = i % 10 == 0
        out.append(Suggestion(start, end, "MENTION", MENTION_LABELS[i % 4],
                              actor_id=None if ambiguous else ACTORS[i % len(ACTORS)],
                              ambiguous=ambiguous,
                              attrs={"candidates": ["USA", "GBR"]} if ambiguous else {}))
    for start, end in spread(sorted(cues), 80):
        out.append(Suggestion(start, end, "CUE", "CUE"))
    assert len(out) == 300 and len({(s.kind, s.start, s.end) for s in out}) == 300
    out.append(Suggestion(0, len(text), "SENTENCES", "SENT", attrs={"bounds": sentences}))
    return out


def article_project(text: str) -> tuple[Path, int]:
    path = WORK / "article.annotator"
    source = WORK / "article.jsonl"
    source.write_text(json.dumps({"title": "Bench article (real news bodies)", "text": text}) + "\n",
                      encoding="utf-8")
    with Project.create(path, annotator="bench") as project:
        report = project.import_paths([source])
        doc_id = report.doc_ids[0]
        with project.db.atomic():
            stored = store_results(project.db, PIPELINE, [(doc_id, synthetic_suggestions(text))])
        assert stored == 301 and len(project.open_suggestions(doc_id)) == 300
    return path, doc_id


def bench_open(bodies: list[tuple[str, str]], n: int) -> None:
    text = long_article(bodies)
    path, doc_id = article_project(text)
    window, to_ready = ready_window(path)
    view, workspace = window.view, window.workspace
    scheme = window.scheme
    print(f"[1] open a {len(text):,}-character article with 300 suggestions "
          f"(window ready in {ms(to_ready):.0f} ms, view {view.viewport().width()}x"
          f"{view.viewport().height()})")

    loaded: dict[str, float] = {}
    workspace.state_loaded.connect(lambda _s: loaded.__setitem__("at", time.perf_counter()))
    redraws = {"n": 0}
    redraw = view.redraw

    def counted_redraw() -> None:  # how often an open rebuilds the 300 highlights
        redraws["n"] += 1
        redraw()

    view.redraw = counted_redraw
    clock = PaintClock(view.viewport())

    def ours() -> tuple[float, float]:
        loaded.clear()
        started = time.perf_counter()
        workspace.open(doc_id)
        spin_until(lambda: "at" in loaded, [workspace.state_loaded])
        clock.settle(loaded["at"])
        done = time.perf_counter()
        return done - started, loaded["at"] - started

    display = view.offsets.display_text

    def floor() -> float:
        view.setExtraSelections([])
        view.blockSignals(True)
        QApplication.processEvents()
        started = time.perf_counter()
        view.setPlainText(display)
        clock.settle(time.perf_counter())
        done = time.perf_counter()
        view.blockSignals(False)
        return done - started

    for _ in range(3):  # warm-up
        ours()
        floor()
    assert len(view.spans) == 300, len(view.spans)
    redraws["n"] = 0
    ours_t: list[float] = []
    signal_t: list[float] = []
    floor_t: list[float] = []
    for _ in range(n):
        total, to_signal = ours()
        ours_t.append(total)
        signal_t.append(to_signal)
        floor_t.append(floor())
    per_open = redraws["n"] / n
    view.redraw = redraw

    # the parts, one at a time
    with Project.open(path, annotator="bench") as project:
        read_t = []
        for _ in range(n):
            started = time.perf_counter()
            state = load_doc_state(project, doc_id)
            read_t.append(time.perf_counter() - started)
    spans_t, set_text_t, set_spans_t, redraw_t, repaint_t, plain_repaint_t = [], [], [], [], [], []
    view.blockSignals(True)  # each part alone: no caret-moved handler in the workspace
    for _ in range(n):
        started = time.perf_counter()
        spans = spans_for(state, scheme)
        spans_t.append(time.perf_counter() - started)
        started = time.perf_counter()
        view.set_text(state.document.text)
        set_text_t.append(time.perf_counter() - started)
        started = time.perf_counter()
        view.set_spans(spans, scheme)
        set_spans_t.append(time.perf_counter() - started)
        started = time.perf_counter()
        view.viewport().repaint()
        repaint_t.append(time.perf_counter() - started)
        started = time.perf_counter()
        view.set_spans(spans, scheme)
        redraw_t.append(time.perf_counter() - started)
        view.set_spans([], scheme)
        view.viewport().repaint()
        started = time.perf_counter()
        view.viewport().repaint()
        plain_repaint_t.append(time.perf_counter() - started)
    view.blockSignals(False)

    def line(name: str, xs: list[float], extra: str = "") -> None:
        print(f"    {name:<44} median {ms(median(xs)):7.2f} ms   p90 {ms(p90(xs)):7.2f} ms{extra}")

    line("ours: open -> state_loaded -> painted", ours_t,
         f"   (aim < 30 ms: {'met' if ms(median(ours_t)) < 30 else 'MISSED'})")
    line("  of which open -> state_loaded", signal_t)
    line("floor: setPlainText + repaint, no spans", floor_t)
    print(f"    ratio ours/floor (medians): {median(ours_t) / median(floor_t):.2f}x; "
          f"ArticleView.redraw calls per open: {per_open:.1f}")
    print("    parts:")
    line("  load_doc_state (read, UI thread)", read_t)
    line("  spans_for (300 spans)", spans_t)
    line("  view.set_text", set_text_t)
    line("  view.set_spans after set_text (the open)", set_spans_t)
    line("  view.set_spans on shown text (a redraw)", redraw_t)
    line("  viewport repaint with 300 spans", repaint_t)
    line("  viewport repaint without spans", plain_repaint_t)
    close_window(window)


# ---------------------------------------------------------------------- 2. launch
CHILD = r"""
import os, sys, time, json
T0 = float(sys.argv[1]); KIND = sys.argv[2]; PATH = sys.argv[3]
marks = {}
def mark(name):
    marks.setdefault(name, round((time.time() - T0) * 1000, 1))
def finish():
    marks["files"] = sorted(m.__file__ for name, m in list(sys.modules.items())
                            if name.split(".")[0] == "annotator" and getattr(m, "__file__", None))
    print("MARKS " + json.dumps(marks), flush=True)
    os._exit(0)
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
            mark("first_paint")
            QApplication.instance().removeEventFilter(self)
            if KIND == "baseline":
                QTimer.singleShot(0, finish)
        return False
class ReadyPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "ready" in marks:
            mark("ready_paint")
            QTimer.singleShot(0, finish)
        return False
first, after_ready = FirstPaint(), ReadyPaint()
def hook(window):
    window.view.viewport().installEventFilter(after_ready)
    def ready():
        mark("ready")
        window.view.viewport().update()
        QTimer.singleShot(5000, finish)
    window.ready.connect(ready)
QTimer.singleShot(60000, finish)
if KIND == "baseline":
    app = QApplication(sys.argv[:1])
    app.installEventFilter(first)
    window = QMainWindow()
    window.resize(1360, 860)
    window.show()
    app.exec()
else:
    import annotator.gui.app as gapp
    original = gapp.open_window
    def open_window(*args, **kwargs):
        QApplication.instance().installEventFilter(first)
        if KIND == "direct":
            kwargs["auto_suggest"] = False
        window = original(*args, **kwargs)
        hook(window)
        return window
    gapp.open_window = open_window
    if KIND == "direct":
        app = gapp.application()
        gapp.open_window(PATH, "bench")
        app.exec()
    else:
        from annotator.cli import main
        sys.argv = ["annotator", "gui", PATH]
        main()
"""


def sample_project() -> Path:
    path = WORK / "sample.annotator"
    with Project.create(path, annotator="bench") as project:
        project.import_paths([shipped("samples", "wikinews-samples.csv")])
        project.suggest(model="builtin")
    return path


def launch_once(kind: str, path: Path) -> dict[str, float]:
    t0 = time.time()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, repr(t0), kind, str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=120)
    found = [line for line in out.splitlines() if line.startswith("MARKS ")]
    if not found:
        raise SystemExit(f"launch child {kind} failed:\n{out}\n{err}")
    return json.loads(found[-1][6:])


def compile_ms(files: list[str]) -> float:
    """What compiling these sources costs: paid at every start when no .pyc can be used."""
    started = time.perf_counter()
    for name in files:
        compile(Path(name).read_text(encoding="utf-8"), name, "exec")
    return ms(time.perf_counter() - started)


def bench_launch(rounds: int = 4) -> None:
    path = sample_project()
    with Project.open(path) as project:
        docs = project.count_documents()
        n_sugg = sum(project.stats()["suggestions"].values())
    kinds = ("baseline", "direct", "cli")
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    for r in range(rounds + 1):
        order = kinds if r % 2 else kinds[::-1]
        for kind in order:
            marks = launch_once(kind, path)
            if r:  # round 0 warms the disk cache
                runs[kind].append(marks)
    print(f"[2] launch in a fresh interpreter ({docs} sample articles, {n_sugg:,} suggestions; "
          f"median of {rounds}, p90 in brackets)")

    def col(kind: str, key: str) -> str:
        xs = [m[key] for m in runs[kind] if key in m]
        if len(xs) < len(runs[kind]):
            return "       n/a"
        return f"{median(xs):5.0f} [{p90(xs):4.0f}]"

    print(f"    {'':<48} {'first paint':>12} {'ready':>12} {'ready paint':>12}")
    labels = {"baseline": "baseline: QApplication + empty QMainWindow",
              "direct": "direct: application() + MainWindow, no suggest",
              "cli": "cli: `annotator gui PROJECT`"}
    for kind in kinds:
        cells = [col(kind, "first_paint")] + (
            [col(kind, "ready"), col(kind, "ready_paint")] if kind != "baseline" else [])
        print(f"    {labels[kind]:<48} " + " ".join(f"{c:>12}" for c in cells))
    base = median([m["first_paint"] for m in runs["baseline"]])
    for kind in ("direct", "cli"):
        first = median([m["first_paint"] for m in runs[kind]])
        ready = median([m["ready"] for m in runs[kind]])
        print(f"    {kind}: first paint {first / base:.2f}x baseline "
              f"(aim < 1 s: {'met' if first < 1000 else 'MISSED'}); ready {ready / base:.2f}x")
    files = runs["direct"][-1]["files"]
    pyc = any((Path(f).parent / "__pycache__").is_dir() for f in files)
    print(f"    direct launch loads {len(files)} annotator modules; compiling them from source takes "
          f"{compile_ms(files):.0f} ms" + ("" if pyc else
          " (paid by every launch here: no __pycache__"
          + (", PYTHONDONTWRITEBYTECODE=1" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "")
          + "; an installed wheel has .pyc files)"))


# ---------------------------------------------------------------------- 3. a 100k queue
def big_project(n: int) -> tuple[Path, float]:
    source = WORK / "big.jsonl"
    seen: set[str] = set()
    with source.open("w", encoding="utf-8") as fh:
        for i, (title, text) in enumerate(n_texts(n)):
            marker = re.search(r"\n\n\[copy \d+\]$", text)
            short = text[:300] + (marker.group(0) if marker else "")
            if short in seen:
                short += f" [{i}]"
            seen.add(short)
            fh.write(json.dumps({"title": title, "text": short}) + "\n")
    path = WORK / "big.annotator"
    started = time.perf_counter()
    with Project.create(path, annotator="bench") as project:
        report = project.import_paths([source])
    assert report.imported == n, report.summary()
    return path, time.perf_counter() - started


def bench_queue(n: int = 100_000, reps: int = 9) -> None:
    path, build = big_project(n)
    rss_before = rss_mb()
    window, to_ready = ready_window(path)
    queue, table = window.queue, window.queue_view
    rss_ready = rss_mb()
    print(f"[3] queue over {n:,} documents (built by import_paths in {build:.1f} s, "
          f"{n / build:,.0f} docs/s; window ready in {ms(to_ready):.0f} ms)")
    poke = Poke()
    reset: dict[str, float] = {}
    original = queue.on_reset

    def on_reset(count: int) -> None:
        original(count)
        reset["at"] = time.perf_counter()
        reset["count"] = count
        poke.fired.emit()

    queue.on_reset = on_reset
    table_clock = PaintClock(table.viewport())
    view_clock = PaintClock(window.view.viewport())

    def reload() -> tuple[float, float]:
        reset.clear()
        started = time.perf_counter()
        queue.reload()
        spin_until(lambda: "at" in reset, [poke.fired])
        table_clock.settle(reset["at"])
        return reset["at"] - started, time.perf_counter() - started

    last = n - 1

    def scroll() -> float:
        reload()
        table.scrollToTop()
        QApplication.processEvents()
        started = time.perf_counter()
        table.scrollToBottom()
        QApplication.processEvents()  # the view paints, asking the model for the rows it shows
        spin_until(lambda: queue.summary(last) is not None, [queue.dataChanged])
        table_clock.settle(time.perf_counter())
        return time.perf_counter() - started

    loaded: dict[str, float] = {}
    window.workspace.state_loaded.connect(lambda _s: loaded.__setitem__("at", time.perf_counter()))
    doc_id = n // 2

    def open_doc() -> float:
        loaded.clear()
        started = time.perf_counter()
        window.workspace.open(doc_id)
        spin_until(lambda: "at" in loaded, [window.workspace.state_loaded])
        view_clock.settle(loaded["at"])
        return time.perf_counter() - started

    with Project.open(path, annotator="bench") as project:
        def first_page() -> float:
            started = time.perf_counter()
            project.count_documents()
            project.documents(limit=200)
            return time.perf_counter() - started

        def last_page() -> float:
            started = time.perf_counter()
            rows = project.documents(limit=200, offset=(last // 200) * 200)
            assert rows[-1].id == n
            return time.perf_counter() - started

        def read_doc() -> float:
            started = time.perf_counter()
            load_doc_state(project, doc_id)
            return time.perf_counter() - started

        reset_t, painted_t, base_t, scroll_t, last_t, open_t, read_t = [], [], [], [], [], [], []
        def ours_reload() -> None:
            to_reset, to_paint = reload()
            reset_t.append(to_reset)
            painted_t.append(to_paint)

        pairs = ((ours_reload, lambda: base_t.append(first_page())),
                 (lambda: scroll_t.append(scroll()), lambda: last_t.append(last_page())),
                 (lambda: open_t.append(open_doc()), lambda: read_t.append(read_doc())))
        for rep in range(reps):  # interleaved, and which side goes first alternates
            for a, b in pairs:
                for step in ((a, b) if rep % 2 else (b, a)):
                    step()
    assert reset["count"] == n
    rss_after = rss_mb()

    def line(name: str, xs: list[float]) -> None:
        print(f"    {name:<52} median {ms(median(xs)):8.1f} ms   p90 {ms(p90(xs)):8.1f} ms")

    line("ours: reload() -> on_reset (count + first page)", reset_t)
    line("ours: reload() -> table painted", painted_t)
    line("baseline: count_documents() + documents(limit=200)", base_t)
    print(f"    ratio reload->on_reset / baseline: {median(reset_t) / median(base_t):.2f}x")
    line("ours: scrollToBottom() -> last row loaded + painted", scroll_t)
    line("baseline: documents(limit=200, offset=last page)", last_t)
    print(f"    ratio scroll / baseline: {median(scroll_t) / median(last_t):.2f}x")
    line("ours: open an article in this project -> painted", open_t)
    line("baseline: load_doc_state on the UI thread", read_t)
    print(f"    ratio open / read: {median(open_t) / median(read_t):.2f}x")
    print(f"    RSS: {rss_before:.0f} MB before the window, {rss_ready:.0f} MB when ready, "
          f"{rss_after:.0f} MB after {reps} reloads + scrolls to the end "
          f"(+{rss_after - rss_ready:.1f} MB; {len(queue._pages)} page(s) of 200 rows held); "
          f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    close_window(window)


# ---------------------------------------------------------------------- main
def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--only=")]
    only = next((a[7:].split(",") for a in sys.argv[1:] if a.startswith("--only=")),
                ["open", "launch", "queue"])
    n = int(args[0]) if args else 30
    os.environ["STANCE_ANNOTATOR_HOME"] = str(WORK / "home")  # inherited by the launch children
    os.environ["ANNOTATOR_NAME"] = "bench"
    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    QMessageBox.warning = refuse_dialog  # type: ignore[method-assign]
    QMessageBox.critical = refuse_dialog  # type: ignore[method-assign]
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    load = os.getloadavg()[0]
    print(f"Qt platform {app.platformName()}, PySide6 {PySide6.__version__}, "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load {load:.1f}, {date.today()}")
    try:
        if "open" in only:
            bench_open(article_bodies(), n)
        if "launch" in only:
            bench_launch()
        if "queue" in only:
            bench_queue()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"total {time.perf_counter() - started:.0f} s, load {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
