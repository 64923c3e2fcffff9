"""Ctrl+C at any moment ends a command quietly, however Python reports it.

Two ways the interpreter hides a KeyboardInterrupt, both seen in the start-up Ctrl+C sweep
(`tests/reliability/test_hostile_sweep.py`), about 1 run in 100 each under load:
- Python 3.11 wraps one that lands while a class is being created (a dataclass field's
  `__set_name__`, during a lazy import of our modules) in a RuntimeError; it ended in E999 with
  a crash log.
- One that lands in a callback Python cannot raise from (the import system's module-lock
  weakref callback) is printed as "Exception ignored ... Traceback ... KeyboardInterrupt" and
  dropped, so the command ran on as if Ctrl+C had not been pressed. It cannot be raised again
  from the hook that sees it (a re-sent signal is handled inside the hook and dropped once
  more), so the hook keeps quiet and remembers it, and the command ends as interrupted.
"""

from __future__ import annotations

import sys
from typing import Any

_dropped = False  # a Ctrl+C Python could not raise has come


def caused_by_interrupt(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt lies in this error's chain of causes."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _unraisable(info: Any) -> None:
    global _dropped
    if isinstance(info.exc_value, KeyboardInterrupt):
        _dropped = True
        return
    sys.__unraisablehook__(info)


def dropped() -> bool:
    """Whether Ctrl+C was pressed at a moment Python could not raise it."""
    return _dropped


def install() -> None:
    sys.unraisablehook = _unraisable
