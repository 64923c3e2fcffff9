"""The main window: queue, article, inspector, panels, menus and status bar.

It paints at once with an empty article; the project opens on the worker thread, and a
pre-highlighting run for documents the pipeline has not seen starts in the background, so the
window is usable before spaCy has even loaded.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator import APP_NAME
from annotator.gui import layout_memory
from annotator.gui.article_view import ArticleView
from annotator.gui.hub_sync import HubSyncer
from annotator.gui.inspector import Inspector
from annotator.gui.jobs import JobBar
from annotator.gui.panels import CHEAT_SHEET, AnnotationList, DocPanel, guidelines_widget
from annotator.gui.queue_model import QueueModel
from annotator.gui.queue_panel import QueuePanel, search_words
from annotator.gui.state import DocState
from annotator.gui.tasks import TaskRunner
from annotator.gui.training import model_source, refresh_model_source, show_model_source
from annotator.gui.workspace import Workspace


def _open_project(path: Path, annotator: str) -> Any:
    """Runs on the worker: importing the storage stack (~0.5 s) never delays the first paint."""
    from annotator.project import Project

    return Project.open(path, annotator=annotator)


def _project_info(project: Any) -> dict[str, Any]:
    return {"scheme": project.scheme, "actors": project.find_actors("", limit=100_000),
            "aliases": project.actor_aliases(),
            "pipeline": model_source(project), "name": project.name,
            "first": project.next_document(None, status="todo") or project.next_document(
                None, status=None)}


class MainWindow(QMainWindow):
    ready = Signal()  # the project is open and the first article shown

    def __init__(self, path: Path, annotator: str, *, auto_suggest: bool = True) -> None:
        super().__init__()
        self.path = Path(path)
        self.annotator = annotator
        self.auto_suggest = auto_suggest
        self.workspace: Workspace | None = None
        self.open_failed = False  # the file given could not be opened as a project
        self.hub: HubSyncer | None = None  # the team hub's background sync, for a clone
        self.opened_at = time.monotonic()
        self.setWindowTitle(f"{APP_NAME} — {self.path.stem}")
        self.resize(1360, 860)
        self.runner = TaskRunner(lambda: _open_project(self.path, annotator), self)
        self.runner.error.connect(self.show_error)
        self.runner.busy_changed.connect(self._busy)
        self._build()
        self._fit_side_panel()
        self._restored = layout_memory.restore(self)  # before the first show, as Qt wants it
        QApplication.instance().focusChanged.connect(self._focus_moved)
        self.runner.submit(_project_info, self._project_opened, self._open_failed)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.view = ArticleView()
        self.header = QLabel("Opening…")
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setOpenExternalLinks(True)
        self.header.setMinimumWidth(200)  # its text never decides how wide the docks may be
        self.header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.header)
        column.addWidget(self.view, 1)
        self.setCentralWidget(centre)

        self.queue = QueueModel(self.runner, self)
        self.queue_panel = QueuePanel(self.queue)
        self.queue_panel.chosen.connect(self._queue_chosen)
        queue_box = self.queue_panel
        # the parts others reach for by name
        self.queue_view, self.search = self.queue_panel.view, self.queue_panel.search
        self.status_filter, self.queue_count = self.queue_panel.status_filter, self.queue_panel.count
        self.queue.on_reset = self._queue_reset
        queue_dock = self._dock("Queue", queue_box, Qt.DockWidgetArea.LeftDockWidgetArea, "queue")

        self.inspector = Inspector()
        self.annotation_list = AnnotationList()
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.inspector, "Inspector")
        self.side_tabs.addTab(self.annotation_list, "Annotations")
        side_dock = self._dock("Annotation", self.side_tabs, Qt.DockWidgetArea.RightDockWidgetArea,
                               "inspect")
        self.queue_dock, self.side_dock = queue_dock, side_dock
        self.side_tabs.tabBar().setUsesScrollButtons(False)  # every tab's name in view
        self.side_tabs.tabBar().setExpanding(False)

        self.jobs = JobBar(self)
        self.last_error: QMessageBox | None = None  # the open error box, if any (tests read it)
        self.last_report: QMessageBox | None = None  # the last import report box
        status = self.statusBar()
        self.who = QLabel(f"Annotator: <b>{self.annotator}</b>")
        self.pipeline_label = QLabel("Pipeline: …")
        self.progress_label = QLabel("")
        self.save_label = QLabel("All changes saved")
        self.save_label.setMinimumWidth(self.save_label.sizeHint().width())  # no relayout per read
        # permanent widgets stay visible while the left side shows passing messages
        for widget in (self.jobs, self.who, self.pipeline_label, self.progress_label,
                       self.save_label):
            status.addPermanentWidget(widget)
        self._menus()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea, name: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _menus(self) -> None:
        from annotator.gui import dialogs
        from annotator.gui import help as help_dialogs

        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&New project…", lambda: dialogs.new_project(self), QKeySequence.StandardKey.New)
        self._action(file, "&Open project…", lambda: dialogs.open_project(self),
                     QKeySequence.StandardKey.Open)
        self._action(file, "&Import documents…", lambda: dialogs.import_documents(self), "Ctrl+I")
        self._action(file, "&Export dataset…", self._export, "Ctrl+E")
        file.addSeparator()
        self.suggest_action = self._action(file, "&Pre-highlight new documents", self.start_suggest,
                                           "Ctrl+Shift+H")
        self._action(file, "Switch &annotator…", lambda: dialogs.switch_annotator(self))
        self._action(file, "S&ync with the team hub", self.sync_hub, "Ctrl+Shift+Y")
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu("&Edit")
        self.undo_action = self._action(edit, "&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit, "&Redo", self.redo, "Ctrl+Shift+Z")
        self._action(edit, "&Find in queue", self._focus_search, QKeySequence.StandardKey.Find)
        doc = bar.addMenu("&Document")
        self._action(doc, "Mark &done and next", lambda: self.finish("done"), "Ctrl+Return")
        self._action(doc, "&Skip and next", lambda: self.finish("skipped"), "Ctrl+Shift+Return")
        self._action(doc, "&Flag for discussion", lambda: self.finish("flagged", advance=False),
                     "Ctrl+Shift+G")
        self._action(doc, "Mark &todo", lambda: self.finish("todo", advance=False))
        doc.addSeparator()
        self._action(doc, "&Next article", lambda: self.step_document(1), "Ctrl+PgDown")
        self._action(doc, "&Previous article", lambda: self.step_document(-1), "Ctrl+PgUp")
        review = bar.addMenu("&Review")
        self._action(review, "&Compare two annotators…", lambda: dialogs.start_review(self),
                     "Ctrl+Shift+R")
        self._action(review, "&Agreement between annotators…", lambda: dialogs.show_agreement(self))
        self._action(review, "&Suggestion quality…", lambda: dialogs.show_suggestion_quality(self))
        self._action(review, "&Merge another project or export…", lambda: dialogs.merge(self))
        self._action(review, "Team &hub status…", lambda: self.hub and self.hub.show_status())
        review.addSeparator()
        self._action(review, "T&rain suggestion model", self.start_training)
        self._action(review, "&Teach: decide sentences one key at a time", lambda: dialogs.open_teach(self),
                     "F8")
        view = bar.addMenu("&View")
        self.gold_action = self._action(view, "Show the &gold layer (read-only)",
                                        lambda on: self.show_gold(on))
        self.gold_action.setCheckable(True)
        self._action(view, "Zoom &in", lambda: self.view.zoom(1), QKeySequence.StandardKey.ZoomIn)
        self._action(view, "Zoom &out", lambda: self.view.zoom(-1), QKeySequence.StandardKey.ZoomOut)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keys…", self.show_keys, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&Guidelines…", lambda: help_dialogs.show_guidelines(self))
        help_menu.addSeparator()
        self._action(help_menu, f"&About {APP_NAME}…", lambda: help_dialogs.show_about(self))

    # ------------------------------------------------------------------ opening
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not getattr(self, "_sized", False):
            self._sized = True
            layout_memory.apply_sizes(self, self._restored)
            # and once more when the restored geometry has taken effect (after this event)
            QTimer.singleShot(0, lambda: layout_memory.apply_sizes(self, self._restored))

    def _project_opened(self, info: dict[str, Any]) -> None:
        from annotator import userconfig

        self.scheme = info["scheme"]
        self.actors = info["actors"]
        self.inspector.set_scheme(self.scheme, info["actors"], info["aliases"])
        show_model_source(self, info["pipeline"])
        self.workspace = Workspace(self.runner, self.view, self.inspector, self.scheme)
        self.workspace.state_loaded.connect(self._state_loaded)
        self.workspace.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.workspace.changed.connect(self.queue.refresh_row)
        self.workspace.inspector_wanted.connect(
            lambda: self.side_tabs.setCurrentWidget(self.inspector))
        self.doc_panel = DocPanel(self.scheme)
        self.doc_panel.status_chosen.connect(lambda s: self.finish(s, advance=False))
        self.doc_panel.label_chosen.connect(self.workspace.set_doc_label)
        self.side_tabs.insertTab(1, self.doc_panel, "Document")
        self.side_tabs.addTab(guidelines_widget(self.scheme), "Guidelines")
        self._fit_side_panel()
        self.annotation_list.chosen.connect(self._jump_to_annotation)
        self.queue.reload()
        self.hub = HubSyncer(self)
        userconfig.update(last_project=str(self.path.resolve()))
        if info["first"] is not None:
            self.open_document(info["first"], then=self.ready.emit)
        else:
            self.header.setText("<b>No documents yet.</b> Import some with File ▸ Import (Ctrl+I).")
            self.ready.emit()
        if self.auto_suggest:
            QTimer.singleShot(0, lambda: self.start_suggest(quiet=True))

    def sync_hub(self) -> None:
        """Sync with the team hub now (it also syncs every few minutes by itself)."""
        if self.hub is not None:
            self.hub.sync_now()

    def _open_failed(self, message: str) -> None:
        """Said once, in a dialog (which, for an article given in place of a project, offers
        to import it into a new project); the header only points to what to do next, and
        the status bar no longer claims that changes were saved to a project never opened."""
        from annotator.gui.dialogs import open_failed_box

        self.open_failed = True
        self.header.setText("<b>No project is open.</b> File ▸ Open project (Ctrl+O) or "
                            "File ▸ New project (Ctrl+N).")
        self._busy(False)
        self.last_error = open_failed_box(self, message)
        self.last_error.open()

    # ------------------------------------------------------------------ documents
    def open_document(self, doc_id: int, then: Any = None) -> None:
        if self.workspace is None:
            return
        self.opened_at = time.monotonic()
        self.view.set_search_words(search_words(self.search.text()))
        self.workspace.open(doc_id, then)
        self.view.setFocus()

    def _state_loaded(self, state: DocState) -> None:
        doc = state.document
        meta = " · ".join(_esc(x) for x in (doc.source, doc.published) if x)
        if doc.url:  # a link, shortened: one long URL cannot wrap and would widen the column
            shown = _short_url(doc.url)
            link = f"<a href='{_esc(doc.url)}'>{_esc(shown)}</a>"
            meta = f"{meta} · {link}" if meta else link
        title = doc.title or f"Document {doc.id}"
        self.header.setText(f"<span style='font-size:15pt; font-weight:600'>{_esc(title)}</span>"
                            f"<br><span style='color:#666'>{meta}</span>")
        self.doc_panel.show_values(state.status, state.doc_labels)
        self.annotation_list.show_annotations(state.annotations, self.scheme)
        self.progress_label.setText(f"{state.done:,} of {state.total:,} done")
        row = self.queue.row_of(doc.id)
        if row is not None:
            self.queue_view.selectRow(row)

    def _queue_chosen(self, doc_id: int) -> None:
        self.open_document(doc_id)

    def _queue_reset(self, n: int) -> None:
        self.queue_panel._reset(n)
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """"n of N done" after anything that changes either: imports, merges, a status."""
        if self.workspace is None:
            return
        self.runner.submit(lambda p: (p.count_documents(status="done"), p.count_documents()),
                           lambda counts: self.progress_label.setText(
                               f"{counts[0]:,} of {counts[1]:,} done"))

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        """A dialog of this window closed: the keys go to the article again, not to whatever
        had focus before (often nothing), so the next key works without a click."""
        if old is None or not isinstance(old.window(), QDialog):
            return
        if old.window().parentWidget() is None or old.window().parentWidget().window() is not self:
            return
        if new is None or new.window() is self:
            QTimer.singleShot(0, self._refocus_article)

    def _refocus_article(self) -> None:
        if isinstance(QApplication.activeModalWidget(), QDialog) or not self.isVisible():
            return  # another dialog is up: its own close brings us back here
        active = QApplication.activeWindow()
        if active is None or active is self:
            self.activateWindow()
            self.view.setFocus()

    def _fit_side_panel(self) -> None:
        """Wide enough for every tab's name and the widest slot value (EXTENDED_DETERRENCE)
        with its check box, so nothing is clipped at 1400x900."""
        tabs = self.side_tabs.tabBar().sizeHint().width() + 8
        self.side_tabs.setMinimumWidth(max(layout_memory.SIDE_MIN, tabs))

    def _jump_to_annotation(self, annotation_id: str) -> None:
        if self.workspace is None:
            return
        span = next((s for s in self.view.spans if s.ref == annotation_id), None)
        if span is not None:
            self.workspace.set_current(span)
            self.view.setFocus()

    def current_doc_id(self) -> int | None:
        ws = self.workspace
        return ws.state.document.id if ws and ws.state else None

    def finish(self, status: str, *, advance: bool = True) -> None:
        """Set this article's status (with the time spent), then open the next todo one."""
        if self.workspace is None or self.workspace.state is None:
            return
        seconds = time.monotonic() - self.opened_at
        self.opened_at = time.monotonic()
        doc_id = self.current_doc_id()

        def then(_result: Any) -> None:
            if advance:
                self.runner.submit(lambda p: p.next_document(doc_id, status="todo"),
                                   self._advance_to)

        self.workspace.set_status(status, seconds, then)

    def _advance_to(self, doc_id: int | None) -> None:
        if doc_id is None:
            self.statusBar().showMessage("Every article is done. Well done.", 8000)
            return
        self.open_document(doc_id)

    def step_document(self, step: int) -> None:
        current = self.current_doc_id()
        self.runner.submit(lambda p: p.next_document(current, status=None, step=step),
                           lambda d: d is not None and self.open_document(d))

    def _export(self) -> None:
        from annotator.gui.export_dialog import export_dataset

        export_dataset(self)

    def show_gold(self, on: bool) -> None:
        if self.workspace is None:
            return
        self.workspace.show_layer("gold" if on else None)
        self.who.setText(f"Annotator: <b>{self.annotator}</b>" + (" · viewing <b>gold</b> (read-only)"
                                                                   if on else ""))

    # ------------------------------------------------------------------ undo / redo
    def undo(self) -> None:
        self.runner.submit(lambda p: p.undo(), lambda r: self._after_history(r, "Undone"))

    def redo(self) -> None:
        self.runner.submit(lambda p: p.redo(), lambda r: self._after_history(r, "Redone"))

    def _after_history(self, result: dict[str, Any] | None, verb: str) -> None:
        if result is None:
            self.statusBar().showMessage(f"Nothing to {verb.lower()[:-2]}.", 4000)
            return
        self.statusBar().showMessage(f"{verb}: {result['op']} of {result['entity'].replace('_', ' ')}.",
                                     5000)
        if result["doc_id"] != self.current_doc_id():
            self.open_document(result["doc_id"])
        elif self.workspace is not None:
            self.workspace.reload()
        self.queue.refresh_row(result["doc_id"])

    # ------------------------------------------------------------------ background jobs
    def start_suggest(self, quiet: bool = False) -> None:
        def job(project: Any, worker: Any) -> Any:
            suggester = project.load_suggester()
            return project.suggest(suggester=suggester, progress=worker.report)

        def finished(result: Any) -> None:
            if isinstance(result, dict) and result.get("cancelled"):
                return  # the job bar has said so; what was done is kept
            if isinstance(result, dict) and result.get("documents"):
                self.statusBar().showMessage(
                    f"Pre-highlighted {result['documents']} document(s) with {result['pipeline']}.",
                    8000)
                if self.workspace is not None:
                    self.workspace.reload()
            elif not quiet:
                self.statusBar().showMessage("Every document is already pre-highlighted.", 5000)

        self.jobs.start("Pre-highlighting", self.path, self.annotator, job, finished)

    def start_training(self) -> None:
        from annotator.gui.training import start_training

        start_training(self)

    def import_finished(self, report: Any) -> None:
        self.queue_panel.reload()
        if self.current_doc_id() is None and getattr(report, "doc_ids", None):
            self.open_document(report.doc_ids[0])
        self.start_suggest(quiet=True)

    # ------------------------------------------------------------------ misc
    def _status_filter(self) -> str | None:
        return self.queue_panel.status()

    def _search(self) -> None:
        self.queue_panel.apply()

    def _focus_search(self) -> None:
        self.queue_panel.focus_search()

    def _busy(self, busy: bool) -> None:
        if self.open_failed:
            self.save_label.setText("No project open")
            return
        self.save_label.setText("Saving…" if busy else "All changes saved")

    def show_error(self, message: str) -> None:
        """Non-blocking: errors arrive from callbacks, which must return to the event loop."""
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message, QMessageBox.StandardButton.Ok,
                          self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_error = box

    def show_keys(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Keys")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(CHEAT_SHEET)
        box.open()

    def teach_closed(self, retrained: bool = False) -> None:
        """What teach mode wrote shows in the article and the queue; a model it retrained
        pre-highlights the documents again (a new model is a new suggestion key)."""
        if self.workspace is not None:
            self.workspace.reload()
        self.queue_panel.reload()
        if retrained:
            refresh_model_source(self)  # a stale own model is replaced
            self.start_suggest(quiet=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        layout_memory.save(self)
        teach = getattr(self, "teach_window", None)
        if teach is not None:
            teach.stop_jobs()
        self.jobs.cancel_all(wait=True)
        if self.hub is not None:
            self.hub.stop()
        self.runner.shutdown()
        event.accept()


def _short_url(url: str, tail: int = 24) -> str:
    """"en.wikinews.org/…/build_border_wall": the host and the end of the path."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not parts.netloc or len(parts.netloc) + len(path) <= tail + 12:
        return url.removeprefix("https://").removeprefix("http://")
    last = path.rsplit("/", 1)[-1]
    last = last if len(last) <= tail else "…" + last[-tail:]
    return f"{parts.netloc}/…/{last}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
