"""Keeping SQLite and spaCy off the UI thread.

`TaskRunner` owns one worker thread with the one Project connection that writes: every read and
write the window asks for is a function `fn(project) -> result` queued to that thread, and its
result (or error) comes back by signal to a callback on the UI thread. Requests run in order,
so the window never sees a write overtaken by an older read.

`BackgroundJob` runs a long job (import, pre-highlighting) on a thread of its own with its own
connection, reporting progress and stopping when asked; SQLite's busy timeout serialises its
short transactions with the runner's.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from annotator.core.errors import AnnotatorError
from annotator.crashlog import write_crash_log

Task = Callable[[Any], Any]
Callback = Callable[[Any], None]
ErrorCallback = Callable[[str], None]


class Cancelled(Exception):
    """Raised inside a background job's progress callback when the user cancels."""


def describe_error(exc: BaseException, path: Path | None = None) -> str:
    if isinstance(exc, AnnotatorError):
        return str(exc)
    from annotator.store.schema_check import as_damage

    damage = as_damage(exc, path) if isinstance(exc, Exception) else None
    if damage is not None:  # the project file, not the program: say so and what to do
        return str(damage)
    log = write_crash_log(exc, "worker thread")
    return f"[E999] an internal error occurred ({type(exc).__name__}); details are in {log}"


class _Worker(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, opener: Callable[[], Any]) -> None:
        super().__init__()
        self._opener = opener
        self.project: Any = None

    @Slot(int, object)
    def run(self, request: int, fn: Task) -> None:
        try:
            if self.project is None:
                self.project = self._opener()
            result = fn(self.project)
        except BaseException as exc:
            self.failed.emit(request, describe_error(
                exc, getattr(self.project, "path", None)))
            return
        self.done.emit(request, result)

    @Slot()
    def close(self) -> None:
        if self.project is not None:
            self.project.close()
            self.project = None


class TaskRunner(QObject):
    """One worker thread, one Project; results delivered on the UI thread."""

    _submit = Signal(int, object)
    _close = Signal()
    busy_changed = Signal(bool)
    error = Signal(str)  # failures without an error callback of their own

    def __init__(self, opener: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callback | None, ErrorCallback | None]] = {}
        self._thread = QThread()
        self._thread.setObjectName("project-writer")
        self._worker = _Worker(opener)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._close.connect(self._worker.close)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def submit(self, fn: Task, on_done: Callback | None = None,
               on_error: ErrorCallback | None = None) -> int:
        request = next(self._ids)
        self._callbacks[request] = (on_done, on_error)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
        self._submit.emit(request, fn)
        return request

    def _finish(self, request: int) -> tuple[Callback | None, ErrorCallback | None]:
        callbacks = self._callbacks.pop(request, (None, None))
        if not self._callbacks:
            self.busy_changed.emit(False)
        return callbacks

    def _on_done(self, request: int, result: Any) -> None:
        on_done, _ = self._finish(request)
        if on_done is not None:
            on_done(result)

    def _on_failed(self, request: int, message: str) -> None:
        _, on_error = self._finish(request)
        if on_error is not None:
            on_error(message)
        else:
            self.error.emit(message)

    def shutdown(self) -> None:
        """Finish queued work (every action is already committed), close, stop the thread."""
        self._close.emit()
        self._thread.quit()
        self._thread.wait(30_000)


class BackgroundJob(QThread):
    """A long job with its own Project connection: progress(done, total), cancellable."""

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, path: Path, annotator: str, job: Callable[..., Any],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._annotator = annotator
        self._job = job
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    @property
    def cancelled(self) -> bool:
        return self._cancel

    def report(self, done: int, total: int) -> None:
        """The job's progress callback; raises Cancelled once the user has cancelled."""
        self.progress.emit(int(done), int(total))
        if self._cancel:
            raise Cancelled()

    def run(self) -> None:
        from annotator.project import Project

        try:
            with Project.open(self._path, annotator=self._annotator) as project:
                result = self._job(project, self)
        except Cancelled:
            self.succeeded.emit({"cancelled": True})
        except BaseException as exc:
            self.failed.emit(describe_error(exc, self._path))
        else:
            self.succeeded.emit(result)
