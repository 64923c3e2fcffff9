"""What the window does with an exception nobody caught on the UI thread.

A packaged app has no terminal, so Python's default hook (a traceback on stderr) tells the
user nothing. This hook writes the traceback to the owner-only crash log and shows a dialog
saying what happened, that the work is saved (every action is committed as it happens) and
where the log is. A second error while the dialog is open only goes to the log, so a fault
in a paint or a timer does not stack dialogs up.
"""

from __future__ import annotations

import contextlib
import sys
from types import TracebackType
from typing import Any

from annotator.crashlog import write_crash_log

CODE = "E900"
_state: dict[str, Any] = {"dialog": None, "previous": None}


def crash_message(exc: BaseException, log: Any) -> str:
    return (f"[{CODE}] an internal error occurred in the window ({type(exc).__name__}: {exc}). "
            "Everything you did before it is saved: each action is written to the project "
            f"file at once. Details were written to {log}; please report the problem with that "
            "file.")


def _hook(exc_type: type[BaseException], exc: BaseException,
          tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        previous = _state["previous"] or sys.__excepthook__
        previous(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    log = write_crash_log(exc, "window")
    print(crash_message(exc, log), file=sys.stderr)
    with contextlib.suppress(Exception):  # the log has it; the hook itself never raises
        _show(crash_message(exc, log))


def _show(message: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from annotator import APP_NAME

    app = QApplication.instance()
    if app is None:
        return
    dialog = _state["dialog"]
    if dialog is not None and dialog.isVisible():
        return
    parent = app.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.destroyed.connect(lambda *_: _state.update(dialog=None))
    box.open()  # not exec(): the hook runs inside some event handler and must return
    _state["dialog"] = box


def last_dialog() -> Any:
    """The crash dialog on screen, if any (tests read it)."""
    return _state["dialog"]


def install() -> None:
    """Idempotent: the hook is installed once per process, keeping the one before it for
    Ctrl+C in a terminal."""
    if sys.excepthook is not _hook:
        _state["previous"] = sys.excepthook
        sys.excepthook = _hook


def uninstall() -> None:
    if sys.excepthook is _hook:
        sys.excepthook = _state["previous"] or sys.__excepthook__
