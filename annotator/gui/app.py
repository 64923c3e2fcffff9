"""Starting the window: a display check first, then Qt, the annotator's name, the project."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError

_windows: list[Any] = []  # open windows, kept alive
# Diagnostic mode for the packaging smoke test: "1", or a PNG path for a screenshot.
SMOKE_ENV = "STANCE_ANNOTATOR_SMOKE"


class NoDisplay(AnnotatorError):
    code = "E801"


def check_display() -> None:
    """Qt aborts the process without a display; say what to do instead."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise NoDisplay(
            "no display is available for the window",
            hint="Run it on a desktop session, under Xvfb (`xvfb-run annotator`), or headless with "
                 "QT_QPA_PLATFORM=offscreen; every task also has a command (`annotator --help`).",
        )


def application() -> Any:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from annotator import APP_NAME, __version__
    from annotator.core.resources import resource
    from annotator.gui import excepthook

    app = QApplication.instance() or QApplication(sys.argv[:1])
    excepthook.install()  # errors on the UI thread: a dialog and the crash log, not stderr
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("stance-annotator")
    app.setDesktopFileName("stance-annotator")  # Wayland app id = packaging/stance-annotator.desktop
    icon = resource("icons", "stance-annotator.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def open_window(path: Path, annotator: str, *, replace: Any = None, auto_suggest: bool = True) -> Any:
    from annotator.gui.main_window import MainWindow

    window = MainWindow(path, annotator, auto_suggest=auto_suggest)
    window.show()
    _windows.append(window)
    if replace is not None:
        replace.close()
        if replace in _windows:
            _windows.remove(replace)
    return window


def run(path: Path, annotator: str | None, *, ask_name: bool) -> int:
    check_display()
    app = application()
    from annotator import userconfig
    from annotator.gui.dialogs import ask_annotator

    name = annotator or userconfig.default_annotator()
    smoke = os.environ.get(SMOKE_ENV)
    if ask_name and not smoke:
        name = ask_annotator(None, name) or name
    window = open_window(path, name)
    if smoke:
        smoke_test(app, window, smoke)
    return app.exec()


def smoke_test(app: Any, window: Any, target: str, timeout_ms: int = 120_000) -> None:
    """Diagnostic mode (packaging/smoke.sh): once the first article is shown and pre-highlighting
    has finished, print what was rendered, save a screenshot when `target` is a path (not "1"),
    and quit: 0, or 1 as soon as an error is shown, 2 on timeout."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    app.setQuitOnLastWindowClosed(False)
    shown: list[bool] = []
    window.ready.connect(lambda: shown.append(True))

    def finish(code: int, message: str) -> None:
        timer.stop()
        deadline.stop()
        print(f"smoke: {message}", file=sys.stderr if code else sys.stdout, flush=True)
        window.close()  # stops the worker threads cleanly
        app.exit(code)

    def check() -> None:
        errors = [w.text() for w in app.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if errors:
            finish(1, f"error shown: {errors[0]}")
        elif shown and not window.jobs.busy and window.runner.pending == 0:
            spans = window.view.spans
            suggested = sum(1 for s in spans if s.source == "suggestion")
            shot = ""
            if target != "1":
                window.grab().save(target, "PNG")
                shot = f"; screenshot {target}"
            state = window.workspace.state
            title = state.document.title if state is not None else "(no documents)"
            finish(0, f"rendered {len(spans)} highlights ({suggested} suggested) in {title!r}; "
                      f"{window.pipeline_label.text()}; status bar: "
                      f"{window.statusBar().currentMessage()!r}{shot}")

    timer, deadline = QTimer(window), QTimer(window)
    timer.timeout.connect(check)
    timer.start(100)
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: finish(2, f"timed out after {timeout_ms // 1000} s"))
    deadline.start(timeout_ms)
