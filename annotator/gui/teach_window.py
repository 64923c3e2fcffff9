"""Teach mode: one sentence at a time from the whole project, decided with one key.

Each sentence is shown in its paragraph with the statement the model proposes (type, holder,
target). Enter accepts it as a statement in one's own layer, a digit changes the type first,
the workspace's slot keys (h holder, t target, p polarity ...) and the inspector edit its slots
before it is accepted, X rejects it (a negative for the model), Space skips it, Ctrl+Z undoes the
last one. The keys are the workspace's own `KeyHandler`: this window answers the same calls
the workspace does, for the sentence on screen.

Nothing here waits for the file. Sentences are fetched a few ahead on the writer thread, so a
key shows the next one at once while its decision is written behind it; retraining and
re-scoring run on a connection of their own (`BackgroundJob`) every N decisions, and the new
order applies from the next fetch.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator import APP_NAME
from annotator.core.models import Annotation
from annotator.core.scheme import Scheme
from annotator.gui.article_view import ArticleView
from annotator.gui.highlights import Span
from annotator.gui.inspector import Inspector
from annotator.gui.keys import KeyHandler
from annotator.gui.tasks import BackgroundJob, TaskRunner
from annotator.gui.teach_panel import TeachPanel, TeachStats
from annotator.project import teaching
from annotator.project.teaching import TeachItem, TeachStream

EDIT_HINT = ("<b>Slots</b><br><span style='color:#666'>A slot key (h holder, t target, p"
             " polarity, g strength, v novelty, b attribution, o topic …) edits the proposal"
             " here before Enter accepts it.</span>")
AHEAD = 3  # sentences fetched ahead of the one on screen
LEGEND = ("<b>Enter</b> accept · <b>5–9</b> change the type · <b>X</b> reject (not a statement) ·"
          " <b>Space</b> skip · <b>Ctrl+Z</b> undo · slot keys (<b>h</b> holder, <b>t</b> target,"
          " <b>p</b> polarity …) edit before Enter")


@dataclass
class _Done:
    """One step of this session, for undo: the sentence and what was shown when it was decided."""

    item: TeachItem
    action: str  # accepted | rejected | skipped
    label: str
    attrs: dict[str, Any]


class TeachWindow(QMainWindow):
    shown = Signal(object)  # the TeachItem now on screen (None: nothing left)

    def __init__(self, runner: TaskRunner, scheme: Scheme, actors: list[tuple[str, str, str]],
                 path: Any, annotator: str, parent: QWidget | None = None, *,
                 seed: int | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.scheme = scheme
        self.path = path
        self.annotator = annotator
        self.seed = seed
        self.stream: TeachStream | None = None
        self.ahead: deque[TeachItem] = deque()
        self.current: TeachItem | None = None
        self.label = ""
        self.attrs: dict[str, Any] = {}
        self.done: list[_Done] = []
        self.stats = TeachStats()
        self.every = teaching.RETRAIN_EVERY
        self.fetching = False
        self.exhausted = False
        self.job: BackgroundJob | None = None
        self.job_kind = ""
        self.train_again = False
        self.types = {lab.name for lab in scheme.labels_of("STATEMENT")}
        self.setWindowTitle(f"{APP_NAME} — teach ({annotator})")
        self.resize(1400, 900)
        self._build(actors)
        self.keys = KeyHandler(self)  # type: ignore[arg-type]  # answers the workspace's calls
        self.view.key_handler = self._key
        self.runner.submit(teaching.settings, self._configured, self._cannot_start)

    # ------------------------------------------------------------------ layout
    def _build(self, actors: list[tuple[str, str, str]]) -> None:
        self.header = QLabel("Scoring the project's sentences…")
        self.header.setObjectName("teach-header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.view = ArticleView()
        self.proposal = QLabel("")
        self.proposal.setObjectName("teach-proposal")
        self.proposal.setWordWrap(True)
        self.proposal.setTextFormat(Qt.TextFormat.RichText)
        self.proposal.setStyleSheet("font-size: 13pt; padding: 6px; background: #fbf7ec;")
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #555;")
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.addWidget(self.header)
        column.addWidget(self.view, 1)
        column.addWidget(self.proposal)
        column.addWidget(legend)
        self.inspector = Inspector()
        self.inspector.set_scheme(self.scheme, actors)
        self.inspector.show_annotation(None, EDIT_HINT)
        self.editing = False  # whether the inspector shows the sentence on screen
        self.inspector.slot_changed.connect(self.set_slot)
        self.inspector.label_changed.connect(lambda label: self.label_selection(label))
        self.inspector.prompt_closed.connect(self.view.setFocus)
        self.panel = TeachPanel()
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.addWidget(self.panel)
        self.edit_button = QPushButton("Edit the proposal's slots")
        self.edit_button.setToolTip("Or press a slot key (h, t, p …)")
        self.edit_button.clicked.connect(self._fill_inspector)
        side_column.addWidget(self.edit_button)
        side_column.addWidget(self.inspector, 1)
        split = QSplitter()
        split.addWidget(centre)
        split.addWidget(side)
        split.setSizes([920, 480])
        self.setCentralWidget(split)
        undo = QAction("Undo", self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(self.undo)
        self.addAction(undo)

    # ------------------------------------------------------------------ starting
    def _configured(self, settings: tuple[float, int]) -> None:
        share, self.every = settings
        self.stream = TeachStream(random_share=share, seed=self.seed)
        self._refresh_panel()
        path, annotator = self.path, self.annotator
        self._start_job("score", lambda _project, worker: teaching.retrain_elsewhere(
            path, annotator, train=False, should_stop=lambda: worker.cancelled))

    def _cannot_start(self, message: str) -> None:
        self.header.setText(f"<b>Teach mode cannot start.</b><br>{_esc(message)}")

    def _scored(self, scores: teaching.Scores) -> None:
        stream = self.stream
        assert stream is not None
        self.exhausted = False
        self.panel.show_model(scores)
        self.runner.submit(lambda p: stream.rescore(scores), None, self._failed)
        self._fetch()

    # ------------------------------------------------------------------ the stream
    def _fetch(self) -> None:
        """Top up the sentences fetched ahead (on the writer thread, after any decision
        queued before, so what it reads as decided is up to date)."""
        stream = self.stream
        wanted = AHEAD - len(self.ahead) + (self.current is None)
        if stream is None or self.fetching or wanted <= 0 or self.exhausted:
            return
        self.fetching = True
        self.runner.submit(lambda p: (stream.take(p, wanted), stream.remaining), self._fetched,
                           self._failed)

    def _fetched(self, result: tuple[list[TeachItem], int]) -> None:
        items, remaining = result
        self.fetching = False
        self.exhausted = not items
        self.ahead.extend(items)
        self.panel.show_left(remaining + len(self.ahead) + (self.current is not None))
        if self.current is None:
            self._next()
        else:
            self._fetch()

    def _next(self) -> None:
        self.show_item(self.ahead.popleft() if self.ahead else None)
        self._fetch()

    def show_item(self, item: TeachItem | None, label: str | None = None,
                  attrs: dict[str, Any] | None = None) -> None:
        self.current = item
        self.keys.cancel()
        if item is None:
            self.view.set_text("")
            self.proposal.setText("")
            self.inspector.show_annotation(None)
            self.header.setText("<b>No sentences left to decide.</b> Import or pre-highlight more"
                                " documents, or close this window." if self.exhausted else
                                "Fetching the next sentence…")
            self.shown.emit(None)
            return
        self.label = label or item.type
        self.attrs = dict(item.attrs if attrs is None else attrs)
        if self.editing:
            self.editing = False
            self.inspector.show_annotation(None, EDIT_HINT)
        offset = item.paragraph_start
        spans = [Span(s - offset, e - offset, "MENTION", lab, "suggestion", ("m", s),
                      f"{lab} {actor or ''}".strip()) for s, e, lab, actor in item.mentions]
        sentence = Span(item.start - offset, item.end - offset, "STATEMENT", self.label,
                        "suggestion", "sentence", "the sentence to decide")
        self.view.set_text(item.paragraph)
        self.view.set_spans([sentence, *spans], self.scheme, sentence.key)
        self.view.place_caret(item.start - offset)
        why = (f"most uncertain (score {item.score:.2f})" if item.reason == "uncertain" else
               f"drawn at random (score {item.score:.2f})")
        self.header.setText(f"<span style='font-size:13pt; font-weight:600'>{_esc(item.title)}"
                            f"</span><br><span style='color:#666'>{why}</span>")
        self._show_proposal()
        self.shown.emit(item)

    def _show_proposal(self) -> None:
        item = self.current
        if item is None:
            return
        names = item.actor_names
        colour = self.scheme.label(self.label).color if self.label in self.types else "#777"
        slots = [f"{slot} <b>{_esc(v)}</b> <span style='color:#666'>{_esc(names.get(v, ''))}</span>"
                 for slot in ("holder", "target") if (v := self.attrs.get(slot))]
        others = ", ".join(f"{k}={'+'.join(v) if isinstance(v, list) else v}"
                           for k, v in self.attrs.items() if k not in ("holder", "target"))
        ranked = sorted(item.type_scores.items(), key=lambda kv: -kv[1])[:3]
        odds = " · ".join(f"{t} {p:.2f}" for t, p in ranked)
        self.proposal.setText(
            f"<b style='color:{colour}'>{self.label}</b> &nbsp; "
            + (" &nbsp;→&nbsp; ".join(slots) or "<i>no holder or target proposed</i>")
            + (f"<br><span style='font-size:10pt'>{_esc(others)}</span>" if others else "")
            + f"<br><span style='font-size:9pt; color:#666'>{odds}</span>")
        if self.editing:
            self._fill_inspector()

    def _fill_inspector(self) -> None:
        """The proposal in the inspector, to edit by mouse or slot keys. Filled only once a
        slot key asks for it: building its ~12 fields and laying them out took ~100 ms a
        sentence, twice the whole budget of a key."""
        item = self.current
        if item is None:
            return
        self.editing = True
        self.inspector.set_article_actors(list(item.actors), item.actor_names)
        self.inspector.show_annotation(self._provisional())

    def _provisional(self) -> Annotation | None:
        item = self.current
        if item is None:
            return None
        return Annotation("proposal", item.doc_id, self.annotator, "STATEMENT", item.start,
                          item.end, item.sentence, self.label, dict(self.attrs), "proposal", "",
                          "", None)

    # ------------------------------------------------------------------ deciding
    def accept_current(self) -> None:
        item, label, attrs = self.current, self.label, dict(self.attrs)
        if item is None:
            return
        self._decided("accepted")
        self.runner.submit(lambda p: teaching.accept(p, item, label, attrs), None, self._failed)

    def reject_current(self) -> None:
        item, label = self.current, self.label
        if item is None:
            return
        self._decided("rejected")
        self.runner.submit(lambda p: teaching.reject(p, item, label), None, self._failed)

    def skip(self) -> None:
        if self.current is not None:
            self._decided("skipped")

    def _decided(self, action: str) -> None:
        assert self.current is not None
        self.done.append(_Done(self.current, action, self.label, dict(self.attrs)))
        self.stats.add(action)
        self.current = None
        self._next()
        if self.stats.since_training >= self.every:
            self.retrain()
        self._refresh_panel()

    def undo(self) -> None:
        """Take back the last step of this session and show its sentence again, as it was."""
        self.keys.cancel()
        if not self.done:
            self.statusBar().showMessage("Nothing to undo in this teach session.", 4000)
            return
        last = self.done.pop()
        if self.current is not None:
            self.ahead.appendleft(self.current)
        if last.action != "skipped":
            self.stats.add(last.action, -1)
            self.runner.submit(lambda p: teaching.undo_decision(p, last.item), None,
                               lambda message: self._undo_refused(last, message))
        self.show_item(last.item, last.label, last.attrs)
        self.statusBar().showMessage(f"Undone: {last.action} “{last.item.sentence[:60]}”.", 4000)
        self._refresh_panel()

    def _undo_refused(self, last: _Done, message: str) -> None:
        """The undo was refused (E470: a later action of the annotator's elsewhere; E250: the
        row was changed since): the decision stands, so its sentence is not offered again."""
        self.done.append(last)
        self.stats.add(last.action)
        if self.current is last.item:
            self.current = None
            self._next()
        self._refresh_panel()
        self._failed(message)

    # ------------------------------------------------------------------ retraining
    def retrain(self) -> None:
        if self.job is not None and self.job.isRunning():
            self.train_again = self.job_kind == "retrain"
            return
        self.stats.since_training = 0
        self.train_again = False
        path, annotator = self.path, self.annotator
        self._start_job("retrain", lambda _project, worker: teaching.retrain_elsewhere(
            path, annotator, progress=worker.report, should_stop=lambda: worker.cancelled))

    def _start_job(self, kind: str, fn: Any) -> None:
        job = BackgroundJob(self.path, self.annotator, fn, self)
        self.job, self.job_kind = job, kind
        job.progress.connect(lambda done, total: self._refresh_panel(
            f"training… {100 * done // max(total, 1)}%"))
        job.succeeded.connect(lambda result: self._job_done(kind, result))
        job.failed.connect(lambda message: self._job_failed(kind, message))
        job.start()
        self._refresh_panel("scoring…" if kind == "score" else "training…")

    def _job_done(self, kind: str, result: Any) -> None:
        self.job = None
        if kind == "score":
            if isinstance(result, teaching.Retrained) and result.scores is not None:
                self._scored(result.scores)  # else cancelled: the window is closing
        elif isinstance(result, teaching.Retrained) and result.scores is not None:
            self.stats.f1s.append(result.f1)
            self._scored(result.scores)
            self.statusBar().showMessage(
                f"Retrained in {result.seconds:.1f} s: model {result.version}, held-out F1 "
                + ("—" if result.f1 is None else f"{result.f1:.2f}")
                + (f" ({result.note})" if result.note else "")
                + "; the sentences after the next few are in its order.", 8000)
        self._refresh_panel()
        if self.train_again:
            self.retrain()

    def _job_failed(self, kind: str, message: str) -> None:
        self.job = None
        if kind == "score":
            self._cannot_start(message)
            return
        self._refresh_panel(f"<span style='color:#a33'>not retrained: {_esc(message)}</span>")

    def _refresh_panel(self, training: str | None = None) -> None:
        self.panel.show_stats(self.stats, self.every, training)

    def stop_jobs(self, wait: bool = True) -> None:
        if self.job is not None and self.job.isRunning():
            self.job.cancel()
            if wait:
                self.job.wait(120_000)

    # ------------------------------------------------------------------ keys
    def _key(self, event: QKeyEvent) -> bool:
        idle = self.keys.pending is None and self.keys.pending_doc_label is None
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if idle and plain and event.key() == Qt.Key.Key_Space:
            self.skip()
            return True
        return self.keys(event)

    # The calls the workspace's KeyHandler makes, answered for the sentence on screen.
    def has_document(self) -> bool:
        return self.current is not None

    def label_selection(self, label: str, *, exact: bool = False) -> None:
        if label not in self.types:
            self.statusBar().showMessage(f"{label} is not a statement type; 5–9 choose one.", 4000)
            return
        if self.current is not None and label != self.label:
            self.label = label
            self.view.set_spans([Span(s.start, s.end, s.kind, label if s.ref == "sentence"
                                      else s.label, s.source, s.ref, s.tooltip)
                                 for s in self.view.spans], self.scheme, ("suggestion", "sentence"))
            self._show_proposal()

    def delete_current(self) -> None:
        self.reject_current()

    def current_statement_ready(self) -> bool:
        """Asked before a slot key starts: the proposal goes into the inspector then."""
        if self.current is not None and not self.editing:
            self._fill_inspector()
        return self.current is not None

    def set_slot(self, name: str, value: Any) -> None:
        if self.current is None or self.attrs.get(name) == value:
            return
        if value is None or value == []:
            self.attrs.pop(name, None)
        else:
            self.attrs[name] = value
        # the inspector may be inside the signal of the widget it is about to rebuild
        QTimer.singleShot(0, self._show_proposal)

    def toggle_slot(self, name: str) -> None:
        self.set_slot(name, not self.attrs.get(name, False))

    def toggle_multi(self, name: str, value: str, *, only: bool = False) -> None:
        chosen = [] if only else list(self.attrs.get(name) or [])
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
        self.set_slot(name, chosen or None)

    def focus_slot_widget(self, name: str) -> None:
        self.current_statement_ready()
        widget = self.inspector.widget(name)
        if widget is not None:
            widget.setFocus()

    def show_prompt(self, prompt: tuple[str, list[tuple[str, str]], str] | None) -> None:
        if prompt is None:
            self.inspector.hide_prompt()
        else:
            self.inspector.show_prompt(*prompt)

    def search_actor(self, name: str) -> None:
        self.inspector.search_actor(name)

    def want_inspector(self) -> None:
        """The inspector is always in view here."""

    def article_actors(self) -> list[str]:
        return list(self.current.actors) if self.current else []

    def actor_names(self) -> dict[str, str]:
        return self.current.actor_names if self.current else {}

    def set_doc_label(self, name: str, value: str | None) -> None:
        self.statusBar().showMessage("Document labels are set in the main window.", 4000)

    def move_current(self, step: int) -> None:
        """Tab, [ and ], S and Escape have nothing to move between here: one sentence is shown."""

    move_statement = move_current

    def select_sentence(self) -> None:
        pass

    def clear_current(self) -> None:
        self.keys.cancel()

    # ------------------------------------------------------------------ misc
    def _failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_jobs()
        parent = self.parent()
        if parent is not None and hasattr(parent, "teach_closed"):
            parent.teach_closed(retrained=bool(self.stats.f1s))
        event.accept()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
