"""The open document: what is highlighted, what is current, and every action on it.

Actions go to the worker thread as Project calls; when one returns, the document's state is
read again and redrawn, so the screen always shows what is stored. The caret's "current" item
(an annotation or a suggestion) is what Enter, X, Delete and the slot keys act on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from annotator.core.scheme import Scheme
from annotator.core.tokens import snap_to_tokens
from annotator.gui.article_view import ArticleView
from annotator.gui.highlights import Span, spans_for
from annotator.gui.inspector import Inspector
from annotator.gui.keys import KeyHandler
from annotator.gui.state import DocState, load_doc_state
from annotator.gui.tasks import TaskRunner


class Workspace(QObject):
    state_loaded = Signal(object)  # DocState
    message = Signal(str)  # for the status bar
    changed = Signal(int)  # doc id whose labels/status changed
    inspector_wanted = Signal()  # a key acts on the selected item: show the inspector

    def __init__(self, runner: TaskRunner, view: ArticleView, inspector: Inspector,
                 scheme: Scheme) -> None:
        super().__init__()
        self.runner = runner
        self.view = view
        self.inspector = inspector
        self.scheme = scheme
        self.state: DocState | None = None
        self.current: tuple[str, Any] | None = None
        self.shown_layer: str | None = None  # another layer, read-only; None: one's own
        self.keys = KeyHandler(self)
        view.key_handler = self.keys
        view.cursorPositionChanged.connect(self._caret_moved)
        inspector.slot_changed.connect(self.set_slot)
        inspector.label_changed.connect(self.relabel_current)
        inspector.prompt_closed.connect(view.setFocus)

    # ------------------------------------------------------------------ loading
    def has_document(self) -> bool:
        return self.state is not None

    def open(self, doc_id: int, then: Callable[[], None] | None = None) -> None:
        def shown(state: DocState) -> None:
            self._show(state, new_document=True)
            if then:
                then()

        layer = self.shown_layer
        self.runner.submit(lambda p: load_doc_state(p, doc_id, layer), shown)

    @property
    def read_only(self) -> bool:
        return self.shown_layer is not None

    def show_layer(self, layer: str | None) -> None:
        """Show another layer (gold) read-only, or one's own again."""
        self.shown_layer = layer
        self.current = None
        self.reload()

    def reload(self, then: Callable[[], None] | None = None) -> None:
        if self.state is None:
            return
        doc_id = self.state.document.id
        layer = self.shown_layer

        def shown(state: DocState) -> None:
            self._show(state, new_document=False)
            if then:
                then()

        self.runner.submit(lambda p: load_doc_state(p, doc_id, layer), shown)

    def _show(self, state: DocState, *, new_document: bool) -> None:
        self.state = state
        if new_document:
            self.view.set_text(state.document.text)
            self.current = None
            self.keys.cancel()
        self.inspector.set_article_actors(state.article_actors, state.actor_names)
        spans = spans_for(state, self.scheme)
        if self.current and self.current not in {s.key for s in spans}:
            self.current = None
        self.view.set_spans(spans, self.scheme, self.current)
        self._show_current()
        self.state_loaded.emit(state)

    # ------------------------------------------------------------------ current item
    def spans(self) -> list[Span]:
        return sorted(self.view.spans, key=lambda s: (s.start, -s.end, s.source))

    def current_span(self) -> Span | None:
        return next((s for s in self.view.spans if s.key == self.current), None)

    def set_current(self, span: Span | None, *, select: bool = True) -> None:
        self.current = span.key if span else None
        self.view.current = self.current
        self.view.redraw()
        if span is not None and select:
            # the caret goes to the item without selecting it: a selection would paint over
            # the item's own colours, and the current item is what label keys act on anyway
            self.view.blockSignals(True)
            self.view.place_caret(span.start)
            self.view.blockSignals(False)
        self._show_current()

    def clear_current(self) -> None:
        self.keys.cancel()
        self.set_current(None, select=False)

    def _show_current(self) -> None:
        span = self.current_span()
        if span is None or self.state is None:
            self.inspector.show_annotation(None)
            return
        if span.source == "annotation":
            annotation = next(a for a in self.state.annotations if a.id == span.ref)
            self.inspector.show_annotation(annotation)
        else:
            self.inspector.show_annotation(None, f"<b>Suggestion</b><br>{span.tooltip}")

    def _caret_moved(self) -> None:
        """Moving the caret onto a highlight makes it current (innermost first)."""
        cursor = self.view.textCursor()
        if cursor.hasSelection():
            return
        offset = self.view.caret_offset()
        here = sorted(self.view.spans_at(offset), key=lambda s: (s.end - s.start,
                                                                 s.source != "annotation"))
        if here and here[0].key != self.current:
            self.set_current(here[0], select=False)

    def move_current(self, step: int) -> None:
        spans = self.spans()
        if not spans:
            return
        keys = [s.key for s in spans]
        if self.current in keys:
            index = (keys.index(self.current) + step) % len(spans)
        else:
            caret = self.view.caret_offset()
            after = [i for i, s in enumerate(spans) if s.start >= caret]
            index = (after[0] if after else 0) if step > 0 else (
                (after[0] - 1) if after else len(spans) - 1)
        self.set_current(spans[index])

    def move_statement(self, step: int) -> None:
        statements = [s for s in self.spans() if s.kind == "STATEMENT"]
        if not statements:
            self.message.emit("No statements or candidate statements in this article.")
            return
        caret = self.view.caret_offset()
        current = self.current_span()
        pivot = current.start if current and current.kind == "STATEMENT" else caret
        if step > 0:
            later = [s for s in statements if s.start > pivot or ((
                current is None or current.kind != "STATEMENT") and s.start >= pivot)]
            target = later[0] if later else statements[0]
        else:
            earlier = [s for s in statements if s.start < pivot]
            target = earlier[-1] if earlier else statements[-1]
        self.set_current(target)

    def select_sentence(self) -> None:
        if self.state is None:
            return
        caret = self.view.caret_offset()
        for start, end in self.state.sentences:
            if start <= caret < end or caret == end:
                self.set_current(None, select=False)
                self.view.select_span(start, end)
                return

    # ------------------------------------------------------------------ actions
    def _act(self, fn: Callable[[Any], Any], done: Callable[[Any], None] | None = None,
             status: str | None = None) -> None:
        """Run one action on the worker, then redraw from what is stored."""
        if self.read_only:
            self.message.emit(f"The {self.shown_layer} layer is read-only here "
                              "(View ▸ My annotations to go back).")
            return
        doc_id = self.state.document.id if self.state else None

        def finished(result: Any) -> None:
            if done:
                done(result)
            if doc_id is not None:
                self.changed.emit(doc_id)  # the queue's label count and status
            self.reload()
            if status:
                self.message.emit(status)

        self.runner.submit(fn, finished, self.message.emit)

    def label_selection(self, label: str, *, exact: bool = False) -> None:
        if self.state is None:
            return
        start, end = self.view.selection_offsets()
        if start == end:
            span = self.current_span()
            if span is not None and span.source == "annotation":
                self.relabel_current(label)
                return
            if span is not None and span.source == "suggestion":
                start, end = span.start, span.end
            else:
                self.message.emit("Select some text first (Shift+arrows, S for the sentence).")
                return
        if not exact:
            start, end = snap_to_tokens(self.state.document.text, start, end)
            if start == end:
                return
        doc_id = self.state.document.id
        self._act(lambda p: p.annotate(doc_id, start, end, label),
                  lambda a: self._make_current("annotation", a.id), f"{label} added.")

    def _make_current(self, source: str, ref: Any) -> None:
        self.current = (source, ref)

    def relabel_current(self, label: str) -> None:
        span = self.current_span()
        if span is None or span.source != "annotation" or span.label == label:
            return
        self._act(lambda p: p.update_annotation(span.ref, label=label))

    def accept_current(self) -> None:
        span = self.current_span()
        if span is None or span.source != "suggestion":
            self.message.emit("Tab to a suggestion, then Enter accepts it.")
            return
        self.inspector_wanted.emit()
        self._act(lambda p: p.accept_suggestion(span.ref),
                  lambda a: self._make_current("annotation", a.id), "Suggestion accepted.")

    def reject_current(self) -> None:
        span = self.current_span()
        if span is None or span.source != "suggestion":
            return
        following = self._next_after(span)
        self._act(lambda p: p.reject_suggestion(span.ref),
                  lambda _: self._make_current(*following) if following else None,
                  "Suggestion rejected.")

    def _next_after(self, span: Span) -> tuple[str, Any] | None:
        spans = self.spans()
        keys = [s.key for s in spans]
        i = keys.index(span.key)
        return spans[i + 1].key if i + 1 < len(spans) else None

    def delete_current(self) -> None:
        span = self.current_span()
        if span is None:
            return
        if span.source == "suggestion":
            self.reject_current()
            return
        self._act(lambda p: p.delete_annotation(span.ref), None, "Annotation deleted (Ctrl+Z undoes).")

    def current_statement_ready(self) -> bool:
        span = self.current_span()
        if span is not None and span.source == "annotation" and span.kind == "STATEMENT":
            return True
        self.message.emit("Slot keys work on a statement: accept a candidate (Enter) or mark one.")
        return False

    def _current_annotation(self) -> Any:
        span = self.current_span()
        if span is None or span.source != "annotation" or self.state is None:
            return None
        return next((a for a in self.state.annotations if a.id == span.ref), None)

    def set_slot(self, name: str, value: Any) -> None:
        annotation = self._current_annotation()
        if annotation is None:
            return
        if annotation.attrs.get(name) == value:
            return
        if annotation.kind == "MENTION" and name == "actor_id":
            self._act(lambda p: p.link_mention(annotation.id, value), None,
                      f"Linked to {value}; “{annotation.text}” is now an alias of it."
                      if value else "Link removed.")
            return
        self._act(lambda p: p.set_slot(annotation.id, name, value), None,
                  f"{name} = {value if value is not None else '—'}")

    def toggle_slot(self, name: str) -> None:
        annotation = self._current_annotation()
        if annotation is not None:
            self.set_slot(name, not annotation.attrs.get(name, False))

    def toggle_multi(self, name: str, value: str, *, only: bool = False) -> None:
        annotation = self._current_annotation()
        if annotation is None:
            return
        chosen = list(annotation.attrs.get(name) or [])
        if only:
            chosen = [value]
        elif value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
        self.set_slot(name, chosen or None)

    def set_doc_label(self, name: str, value: str | None) -> None:
        if self.state is None:
            return
        doc_id = self.state.document.id
        self._act(lambda p: p.set_doc_label(doc_id, name, value),
                  lambda _: self.changed.emit(doc_id), f"{name} = {value or '—'}")

    def set_status(self, status: str, seconds: float,
                   then: Callable[[Any], None] | None = None) -> None:
        if self.state is None:
            return
        doc_id = self.state.document.id

        def done(result: Any) -> None:
            self.changed.emit(doc_id)
            if then:
                then(result)

        self._act(lambda p: p.set_status(doc_id, status, add_seconds=seconds), done,
                  f"Marked {status}.")

    def focus_slot_widget(self, name: str) -> None:
        widget = self.inspector.widget(name)
        if widget is not None:
            widget.setFocus()

    # ------------------------------------------------------------------ helpers for keys
    def want_inspector(self) -> None:
        self.inspector_wanted.emit()

    def show_prompt(self, prompt: tuple[str, list[tuple[str, str]], str] | None) -> None:
        if prompt is None:
            self.inspector.hide_prompt()
            return
        self.inspector_wanted.emit()  # a prompt on a hidden tab would be no prompt at all
        self.inspector.show_prompt(*prompt)

    def search_actor(self, name: str) -> None:
        self.inspector_wanted.emit()
        self.inspector.search_actor(name)

    def article_actors(self) -> list[str]:
        return self.state.article_actors if self.state else []

    def actor_names(self) -> dict[str, str]:
        return self.state.actor_names if self.state else {}
