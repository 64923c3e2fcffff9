"""Keyboard-first annotation: what each key does in the article view.

Digits apply the scheme's labels to the selection (snapped to tokens; with Alt, exactly as
selected). Enter accepts the highlighted suggestion, X rejects it, Tab / Shift+Tab walk the
highlights, ] / [ jump between statements, S selects the sentence at the caret, Delete
removes. A slot key (from the scheme: h holder, t target, o topic, p polarity, g strength,
v novelty, b attribution ...) waits for one more key naming the value; the choices are shown
in the inspector. Letters have no modifier, so nothing clashes with desktop shortcuts; keys
with Ctrl are menu actions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from annotator.core.keys import (
    CLEAR_KEY,
    NEXT_STATEMENT_KEY,
    PREVIOUS_STATEMENT_KEY,
    REJECT_KEY,
    SEARCH_KEY,
    SENTENCE_KEY,
    doc_label_key,
)
from annotator.core.scheme import Scheme, Slot

if TYPE_CHECKING:
    from annotator.gui.workspace import Workspace

NAV_KEYS = {"Tab", "Backtab"}


Prompt = tuple[str, list[tuple[str, str]], str]  # title, (key, value) choices, footer


def slot_prompt(slot: Slot, article_actors: list[str], names: dict[str, str]) -> Prompt | None:
    """What the key prompt shows while a slot key waits for its value."""
    if slot.type == "actor":
        choices = [(str(i), f"{a} {names.get(a, '')}".strip())
                   for i, a in enumerate(article_actors[:9], start=1)]
        title = f"<b>{slot.name}</b>" + ("" if choices else ": no actors in this article")
        return title, choices, "/ search the registry · - none · Esc cancels"
    if slot.type in ("choice", "multi"):
        choices = [(v.key, v.name) for v in slot.values if v.key]
        how = " — keys toggle; Shift+key: only this one" if slot.type == "multi" else ""
        return f"<b>{slot.name}</b>{how}", choices, "- clears · Esc cancels"
    return None


class KeyHandler:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.pending: Slot | None = None
        self.pending_doc_label: str | None = None

    @property
    def scheme(self) -> Scheme:
        return self.ws.scheme

    def label_keys(self) -> dict[str, str]:
        return {lab.key: lab.name for lab in self.scheme.labels if lab.key}

    def slot_keys(self) -> dict[str, Slot]:
        return {slot.key: slot for slot in self.scheme.slots if slot.key}

    def doc_label_keys(self) -> dict[str, str]:
        return {doc_label_key(d.name): d.name for d in self.scheme.doc_labels}

    def cancel(self) -> None:
        self.pending = None
        self.pending_doc_label = None
        self.ws.show_prompt(None)

    def __call__(self, event: QKeyEvent) -> bool:
        if not self.ws.has_document():
            return False
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        text = event.text()
        if self.pending is not None or self.pending_doc_label is not None:
            return self._pending_key(key, mods, text)
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier):
            return False
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        digit = _digit(key)
        if digit is not None and digit in self.label_keys():
            self.ws.label_selection(self.label_keys()[digit], exact=alt)
            return True
        if alt:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not shift:
            self.ws.accept_current()
            return True
        if key == Qt.Key.Key_Tab:
            self.ws.move_current(1)
            return True
        if key == Qt.Key.Key_Backtab:
            self.ws.move_current(-1)
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.ws.delete_current()
            return True
        if text == NEXT_STATEMENT_KEY:
            self.ws.move_statement(1)
            return True
        if text == PREVIOUS_STATEMENT_KEY:
            self.ws.move_statement(-1)
            return True
        if key == Qt.Key.Key_Escape:
            self.ws.clear_current()
            return True
        if shift and text and text.upper() in self.doc_label_keys():
            name = self.doc_label_keys()[text.upper()]
            self.pending_doc_label = name
            doc_label = self.scheme.doc_label(name)
            self.ws.show_prompt((f"<b>{name}</b> (document)",
                                 [(v.key, v.name) for v in doc_label.values if v.key],
                                 "- clears · Esc cancels"))
            return True
        lower = text.lower() if text else ""
        if not shift and lower == REJECT_KEY:
            self.ws.reject_current()
            return True
        if not shift and lower == SENTENCE_KEY:
            self.ws.select_sentence()
            return True
        if not shift and lower in self.slot_keys():
            return self._start_slot(self.slot_keys()[lower])
        return False

    def _start_slot(self, slot: Slot) -> bool:
        if not self.ws.current_statement_ready():
            return True
        self.ws.want_inspector()
        if slot.type == "bool":
            self.ws.toggle_slot(slot.name)
            return True
        if slot.type == "text":
            self.ws.focus_slot_widget(slot.name)
            return True
        self.pending = slot
        self.ws.show_prompt(slot_prompt(slot, self.ws.article_actors(), self.ws.actor_names()))
        return True

    def _pending_key(self, key: int, mods: Qt.KeyboardModifier, text: str) -> bool:
        if key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            return True  # a modifier alone: still waiting
        if key == Qt.Key.Key_Escape:
            self.cancel()
            return True
        if self.pending_doc_label is not None:
            name = self.pending_doc_label
            self.cancel()
            if text == CLEAR_KEY:
                self.ws.set_doc_label(name, None)
            else:
                value = {v.key: v.name for v in self.scheme.doc_label(name).values}.get(text.lower())
                if value:
                    self.ws.set_doc_label(name, value)
            return True
        slot = self.pending
        assert slot is not None
        self.cancel()
        if text == CLEAR_KEY:
            self.ws.set_slot(slot.name, None)
            return True
        if slot.type == "actor":
            actors = self.ws.article_actors()
            digit = _digit(key)
            if digit is not None and digit != "0" and int(digit) <= len(actors):
                self.ws.set_slot(slot.name, actors[int(digit) - 1])
            elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and actors:
                self.ws.set_slot(slot.name, actors[0])
            elif text == SEARCH_KEY:
                self.ws.search_actor(slot.name)
            return True
        value = {v.key: v.name for v in slot.values if v.key}.get(text.lower()) if text else None
        if value is None:
            return True
        if slot.type == "multi":
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            self.ws.toggle_multi(slot.name, value, only=shift)
        else:
            self.ws.set_slot(slot.name, value)
        return True


def _digit(key: int) -> str | None:
    if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
        return str(key - Qt.Key.Key_0)
    return None
