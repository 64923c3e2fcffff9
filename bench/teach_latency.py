"""Teach mode: the time from a key to the next sentence on screen, with and without a retraining
running in the background. Aim: median under 50 ms with retraining running.

The project: the 30 shipped Wikinews articles, pre-highlighted with the rule pipeline; another
annotator has accepted the rule candidates of ten of them and marked those done, and a
statement model is trained on that, so teach mode streams by the model's scores. Then, in the
real main window, Review ▸ Teach (F8) is opened and keys are pressed on its article view, in
turn Enter (accept), X (reject) and Space (skip), with a pause of THINK ms between keys (the
event loop runs meanwhile, as it does while a person reads; a person takes seconds).

Ours: from just before the key press (`QTest.keyClick` on the view) until the next sentence
is shown and the view has painted it (the event loop has processed what was posted; if nothing
painted the view, it is repainted synchronously, as in bench/gui.py). It includes the key
handling, the decision handed to the writer thread, the new paragraph with its highlights, the
proposal line, the inspector rebuilt for the new statement and the panel. Where the sentences
fetched ahead had run out, the wait for the next fetch counts too ("dry" keys).
Floor: the same view in the same window given the next paragraph's text with `set_text` and
painted, with nothing else; measured alternately with ours.

Two phases: idle (no retraining), then retraining (a retraining is started whenever none is
running, so every key lands while one trains and re-scores on its own connection; only keys
whose press and paint both fell inside a running retraining are counted).

Usage: python bench/teach_latency.py [N_KEYS]   (default 60 a phase)
Qt platform: QT_QPA_PLATFORM if set, else xcb with DISPLAY (xvfb-run -a), else offscreen.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "xcb" if os.environ.get("DISPLAY") else "offscreen"
os.environ.setdefault("STANCE_ANNOTATOR_HOME", tempfile.mkdtemp(prefix="bench-teach-home-"))

import PySide6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.gui import PaintClock, median, ms, p90, ready_window, spin_until
from bench.teach_project import taught_project

THINK = 150  # ms of event loop between two keys
KEYS = (Qt.Key.Key_Return, Qt.Key.Key_X, Qt.Key.Key_Space)


def build_project(folder: Path) -> Path:
    path = folder / "teach.annotator"
    report = taught_project(path, retrain_every=10**6)  # the bench retrains by itself
    print(f"project: 30 articles, model {report.version} trained in {report.seconds} s")
    return path


def phase(teach: Any, clock: PaintClock, n: int, retraining: bool) -> dict[str, Any]:
    ours: list[float] = []
    floor: list[float] = []
    dry = skipped = trainings = 0
    view = teach.view
    while len(ours) < n:
        if retraining and teach.job is None:
            teach.retrain()
            trainings += 1
        QTest.qWait(THINK)
        spin_until(lambda: teach.current is not None, [teach.shown], timeout=30)
        training_at_press = teach.job is not None and teach.job.isRunning()
        before = teach.current
        key = KEYS[len(ours) % len(KEYS)]
        started = time.perf_counter()
        QTest.keyClick(view, key)
        if teach.current is None:  # the sentences fetched ahead had run out
            dry += 1
            spin_until(lambda: teach.current is not None, [teach.shown], timeout=30)
        clock.settle(started)
        elapsed = time.perf_counter() - started
        assert teach.current is not before
        if retraining and not (training_at_press and teach.job is not None
                               and teach.job.isRunning()):
            skipped += 1
            continue
        ours.append(elapsed)
        QTest.qWait(THINK)
        paragraph = teach.ahead[0].paragraph if teach.ahead else before.paragraph
        saved = view.text
        started = time.perf_counter()
        view.set_text(paragraph)
        clock.settle(started)
        floor.append(time.perf_counter() - started)
        view.set_text(saved)  # what teach mode shows, for the next key
        teach.show_item(teach.current, teach.label, teach.attrs)
    return {"ours": ours, "floor": floor, "dry": dry, "skipped": skipped,
            "trainings": trainings}


def report(name: str, result: dict[str, Any]) -> None:
    ours, floor = result["ours"], result["floor"]
    print(f"\n{name}: {len(ours)} keys (dry {result['dry']}"
          + (f", {result['trainings']} retrainings started, {result['skipped']} keys outside one"
             " not counted" if result["trainings"] else "") + ")")
    print(f"  key -> next sentence painted: median {ms(median(ours)):6.1f} ms,"
          f" p90 {ms(p90(ours)):6.1f} ms, max {ms(max(ours)):6.1f} ms")
    print(f"  floor (set_text + paint):     median {ms(median(floor)):6.1f} ms,"
          f" p90 {ms(p90(floor)):6.1f} ms")
    print(f"  ratio ours/floor (medians):   {median(ours) / median(floor):.2f}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(f"Python {platform.python_version()}, PySide6 {PySide6.__version__},"
          f" platform {QApplication.platformName()}, {os.cpu_count()} cores")
    path = build_project(Path(tempfile.mkdtemp(prefix="bench-teach-")))
    window, _ = ready_window(path)
    from annotator.gui import dialogs

    started = time.perf_counter()
    teach = dialogs.open_teach(window, seed=1)
    teach.move(0, 0)
    spin_until(lambda: teach.current is not None, [teach.shown])
    print(f"teach mode open, first sentence shown after {time.perf_counter() - started:.2f} s")
    clock = PaintClock(teach.view.viewport())
    idle = phase(teach, clock, n, retraining=False)
    busy = phase(teach, clock, n, retraining=True)
    spin_until(lambda: teach.job is None, [], timeout=120)
    report("Idle", idle)
    report("While retraining", busy)
    print(f"\nretrainings finished: {len(teach.stats.f1s)}, held-out F1s"
          f" {[None if f is None else round(f, 2) for f in teach.stats.f1s]}")
    print(f"ratio retraining/idle (medians of ours): "
          f"{median(busy['ours']) / median(idle['ours']):.2f}")
    teach.close()
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
