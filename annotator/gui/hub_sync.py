"""Syncing the open project with its team hub in the background.

Only for a project cloned from a hub (`annotator hub clone`). A sync runs on a thread of its
own with its own connection to the project (`BackgroundJob`), every few minutes and on demand
(File ▸ Sync with the team hub); the window never waits for the network. The status bar says
when it last synced; when the hub cannot be reached it says so there — not in a dialog, and
the work goes on in the local file — and the next sync catches up.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from annotator.gui.tasks import BackgroundJob

SYNC_MINUTES = 5


def _hub_info(project: Any) -> tuple[str | None, str | None]:
    from annotator.hub.sync import hub_of, last_synced

    return hub_of(project), last_synced(project)


def _run_sync(project: Any, job: BackgroundJob) -> Any:
    from annotator.hub.sync import sync

    return sync(project)


def _fetch_status(project: Any, job: BackgroundJob) -> Any:
    from annotator.hub.connection import connect
    from annotator.hub.schema import require_current
    from annotator.hub.status import hub_status
    from annotator.hub.sync import hub_of

    conn = connect(hub_of(project))
    try:
        require_current(conn)
        return hub_status(conn)
    finally:
        conn.close()


def _clock(stamp: str | None) -> str:
    """An ISO time of ours (UTC) as the local wall clock, HH:MM."""
    if not stamp:
        return "never"
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")
    except ValueError:
        return stamp


class HubSyncer(QObject):
    """The status bar's hub label, the timer, and one sync at a time."""

    def __init__(self, window: Any, minutes: float = SYNC_MINUTES) -> None:
        super().__init__(window)
        self.window = window
        self.url: str | None = None
        self.last: str | None = None
        self.job: BackgroundJob | None = None
        self.status_job: BackgroundJob | None = None
        self.offline_since: float | None = None
        self.label = QLabel("")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(int(minutes * 60_000))
        self.timer.timeout.connect(self.sync_now)
        window.runner.submit(_hub_info, self._configured, lambda message: None)

    @property
    def running(self) -> bool:
        return self.job is not None

    def _configured(self, info: tuple[str | None, str | None]) -> None:
        self.url, self.last = info
        if self.url is None:
            return
        self._show(f"Hub: last synced {_clock(self.last)}")
        self.timer.start()
        QTimer.singleShot(0, self.sync_now)

    def sync_now(self) -> bool:
        """Start a sync unless one is running (or the project is no clone)."""
        if self.url is None:
            self.window.statusBar().showMessage(
                "This project is not a clone of a team hub (see `annotator hub clone`).", 6000)
            return False
        if self.job is not None:
            return False
        self.job = BackgroundJob(self.window.path, self.window.annotator, _run_sync, self)
        self.job.succeeded.connect(self._synced)
        self.job.failed.connect(self._failed)
        self._show(f"Hub: syncing… (last {_clock(self.last)})")
        self.job.start()
        return True

    def _ended(self) -> None:
        if self.job is not None:
            self.job.wait(5000)
        self.job = None

    def _synced(self, report: Any) -> None:
        self._ended()
        self.offline_since = None
        self.last = report.synced_at
        self._show(f"Hub: synced {_clock(self.last)}", tip=report.summary())
        if report.documents_added or report.added or report.updated or report.statuses \
                or report.labels:
            self.window.queue_panel.reload()
            if self.window.workspace is not None:
                self.window.workspace.reload()
        if report.conflicts:
            self.window.statusBar().showMessage(
                f"Sync: {len(report.conflicts)} annotation(s) were edited differently on both"
                " sides; ours are kept, theirs are stored beside them.", 15000)

    def _failed(self, message: str) -> None:
        """Unreachable or refused: said in the label, the window keeps working."""
        self._ended()
        if self.offline_since is None:
            self.offline_since = time.time()
        since = time.strftime("%H:%M", time.localtime(self.offline_since))
        self._show(f"Hub: offline since {since} (last synced {_clock(self.last)})", tip=message)

    def _show(self, text: str, tip: str = "") -> None:
        self.label.setText(text)
        self.label.setToolTip(tip)
        self.label.show()

    def show_status(self) -> None:
        """Fetch `hub status` off the UI thread and show it in a panel (Review menu)."""
        if self.url is None:
            self.sync_now()  # says that this project is no clone
            return
        job = BackgroundJob(self.window.path, self.window.annotator, _fetch_status, self)
        job.succeeded.connect(self._status_fetched)
        job.failed.connect(self.window.show_error)
        self.status_job = job
        job.start()

    def _status_fetched(self, status: dict[str, Any]) -> None:
        from annotator.gui.hub_panel import HubStatusPanel

        if self.status_job is not None:
            self.status_job.wait(5000)
            self.status_job = None
        panel = HubStatusPanel(self.open_document)
        panel.setWindowTitle("Team hub")
        panel.resize(760, 640)
        panel.set_report(status)
        panel.show()
        self.window.hub_panel = panel

    def open_document(self, uid: str, a: str, b: str) -> None:
        """The review window on layers a and b at this document (by its uid)."""
        from annotator.gui import dialogs

        review = dialogs.open_review(self.window, (a, b))
        self.window.runner.submit(lambda p: p.document(uid).id, review.load_document,
                                  self.window.show_error)

    def stop(self) -> None:
        self.timer.stop()
        if self.job is not None:
            self.job.wait(15_000)  # a sync ends within its connect timeout; its writes are whole
