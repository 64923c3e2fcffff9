"""Long jobs in the status bar: a progress bar with a rate and a cancel button."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from annotator.gui.tasks import BackgroundJob


class JobBar(QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__()
        self.window_ = window
        self.job: BackgroundJob | None = None
        self.started = 0.0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self.hide()

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.isRunning()

    def start(self, title: str, path: Path, annotator: str, fn: Callable[..., Any],
              on_done: Callable[[Any], None]) -> bool:
        if self.running:
            self.window_.statusBar().showMessage("Another job is running; wait or cancel it.", 5000)
            return False
        job = BackgroundJob(path, annotator, fn, self)
        self.job = job
        self.started = time.monotonic()
        self.label.setText(f"{title}: starting…")
        self.bar.setRange(0, 0)
        self.show()

        def progress(done: int, total: int) -> None:
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)
            rate = done / max(time.monotonic() - self.started, 1e-6)
            self.label.setText(f"{title}: {done:,}/{total:,}" + (
                f" · {rate:,.1f}/s" if done else ""))

        def finished(result: Any) -> None:
            self.hide()
            if isinstance(result, dict) and result.get("cancelled"):
                self.window_.statusBar().showMessage(f"{title} cancelled; work done so far is kept.",
                                                     8000)
            on_done(result)

        def failed(message: str) -> None:
            self.hide()
            self.window_.show_error(message)

        job.progress.connect(progress)
        job.succeeded.connect(finished)
        job.failed.connect(failed)
        job.start()
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.label.setText("Cancelling…")

    def cancel_all(self, wait: bool = False) -> None:
        if self.job is not None and self.job.isRunning():
            self.job.cancel()
            if wait:
                self.job.wait(60_000)
