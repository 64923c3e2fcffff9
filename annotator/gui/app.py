"""Starting the window: a display check first, then Qt, the annotator's name, the project."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError

_windows: list[Any] = []  # open windows, kept alive


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

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("stance-annotator")
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
    if ask_name:
        name = ask_annotator(None, name) or name
    open_window(path, name)
    return app.exec()
