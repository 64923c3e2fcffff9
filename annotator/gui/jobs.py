"""Long jobs in the status bar: a progress bar with what it counts, a rate and a cancel button.

One long job runs at a time (each has its own connection, and SQLite has one writer). Work
asked for while a job runs is queued, shown as queued, and started when the running one ends:
an import asked for during pre-highlighting used to be refused with a passing status-bar
message and never ran. The same job queued twice runs once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from annotator.gui.tasks import BackgroundJob


@dataclass
class JobRequest:
    title: str
    path: Path
    annotator: str
    fn: Callable[..., Any]
    on_done: Callable[[Any], None]
    unit: str = "documents"


def progress_text(title: str, done: int, total: int, seconds: float, unit: str) -> str:
    """ "Importing: 1,204 of 4,000 documents · 850 documents/s": what is counted ("documents",
    "steps") is named, and the rate uses the same unit. An import counts its documents before
    it starts (`formats.counting`): it used to report bytes, which told an analyst nothing."""
    rate = done / seconds if seconds > 0 and done else 0.0
    text = f"{title}: {done:,} of {total:,} {unit}"
    return text + (f" · {rate:,.0f} {unit}/s" if rate else "")


class JobBar(QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__()
        self.window_ = window
        self.job: BackgroundJob | None = None
        self.queued: list[JobRequest] = []
        self.job_title = ""
        self.started = 0.0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(True)
        self.queue_label = QLabel("")
        self.queue_label.setStyleSheet("color: #666")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.label, self.bar, self.queue_label, self.cancel_button):
            layout.addWidget(widget)
        self.hide()

    @property
    def running(self) -> bool:
        """A job has started and its result has not been handled yet."""
        return self.job is not None

    @property
    def busy(self) -> bool:
        """A job runs or waits: tests and the smoke mode wait for both to be over."""
        return self.job is not None or bool(self.queued)

    def start(self, title: str, path: Path, annotator: str, fn: Callable[..., Any],
              on_done: Callable[[Any], None], unit: str = "documents") -> bool:
        """Run the job now, or after the running one (then False: it was queued)."""
        request = JobRequest(title, path, annotator, fn, on_done, unit)
        if self.job is not None:
            if not any(q.title == title for q in self.queued):
                self.queued.append(request)
            self._show_queue()
            self.window_.statusBar().showMessage(
                f"{title} will start when {self.job_title} has finished.", 5000)
            return False
        self._run(request)
        return True

    def _run(self, request: JobRequest) -> None:
        job = BackgroundJob(request.path, request.annotator, request.fn, self)
        self.job, self.job_title = job, request.title
        self.started = time.monotonic()
        self.label.setText(f"{request.title}: starting…")
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self._show_queue()
        self.show()

        def progress(done: int, total: int) -> None:
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)
            self.label.setText(progress_text(request.title, done, total,
                                             time.monotonic() - self.started, request.unit))

        def finished(result: Any) -> None:
            self._ended()
            if isinstance(result, dict) and result.get("cancelled"):
                self.window_.statusBar().showMessage(
                    f"{request.title} cancelled; work done so far is kept.", 8000)
            request.on_done(result)
            self._next()

        def failed(message: str) -> None:
            self._ended()
            self.window_.show_error(message)
            self._next()

        job.progress.connect(progress)
        job.succeeded.connect(finished)
        job.failed.connect(failed)
        job.start()

    def _ended(self) -> None:
        if self.job is not None:
            self.job.wait(5000)  # the thread emits its result last: it is about to end
        self.job = None
        self.hide()

    def _next(self) -> None:
        if self.job is None and self.queued:
            self._run(self.queued.pop(0))

    def _show_queue(self) -> None:
        titles = [q.title for q in self.queued]
        self.queue_label.setText(f"queued: {', '.join(titles)}" if titles else "")
        self.queue_label.setVisible(bool(titles))

    def cancel(self) -> None:
        """Cancels the running job; queued ones still run (they were asked for separately)."""
        if self.job is not None:
            self.job.cancel()
            self.label.setText(f"Cancelling {self.job_title.lower()}…")
            self.cancel_button.setEnabled(False)

    def cancel_all(self, wait: bool = False) -> None:
        self.queued.clear()
        if self.job is not None and self.job.isRunning():
            self.job.cancel()
            if wait:
                self.job.wait(60_000)
