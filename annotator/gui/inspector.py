"""The inspector: the selected annotation's label and slots, editable by mouse or keys.

Every edit is emitted as one (slot, value) change and saved at once by the window; the
widgets are refreshed from the stored annotation afterwards, so what is shown is what is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.models import Annotation
from annotator.core.scheme import Scheme, Slot
from annotator.gui.key_prompt import KeyPrompt

NONE = "—"
# How an annotation came to be, as its header says it: an accepted suggestion is the analyst's
# annotation now, and calling it a "suggestion" read as if it still waited for a decision.
ORIGINS = {"manual": "marked by you", "suggestion": "accepted", "review": "from review"}


class Inspector(QWidget):
    slot_changed = Signal(str, object)
    label_changed = Signal(str)
    prompt_closed = Signal()  # a registry search ended: focus goes back to the article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.scheme: Scheme | None = None
        self.annotation: Annotation | None = None
        self.all_actors: list[tuple[str, str, str]] = []
        self.aliases: dict[str, list[str]] = {}
        self.article_actors: list[str] = []
        self.actor_names: dict[str, str] = {}
        self._widgets: dict[str, QWidget] = {}
        self._actor_model: QStandardItemModel | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel("Nothing selected")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.title)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addWidget(self.form_host)
        # the key prompt goes below the form, so showing it never moves a field
        self.hint = KeyPrompt()
        self.hint.picked.connect(self._searched)
        self.hint.cancelled.connect(self._search_cancelled)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self._searching: str | None = None  # the actor slot the registry search fills

    # ------------------------------------------------------------------ setup
    def set_scheme(self, scheme: Scheme, actors: list[tuple[str, str, str]],
                   aliases: dict[str, list[str]] | None = None) -> None:
        self.scheme = scheme
        self.all_actors = actors
        self.aliases = aliases or {}
        self._actor_model = None
        self.show_annotation(None)

    def set_article_actors(self, actor_ids: list[str], names: dict[str, str]) -> None:
        self.article_actors = actor_ids
        self.actor_names = {**{a: n for a, n, _ in self.all_actors}, **names}
        self._actor_model = None

    def show_prompt(self, title: str, choices: list[tuple[str, str]], footer: str) -> None:
        self._searching = None
        self.hint.show_choices(title, choices, footer)

    def hide_prompt(self) -> None:
        if self.hint.isVisible():
            self._searching = None
            self.hint.close_prompt()

    def search_actor(self, name: str) -> None:
        """The registry search for an actor slot: this article's actors first, then the rest."""
        seen = set(self.article_actors)
        names = {a: n for a, n, _ in self.all_actors}
        candidates = [(a, self.actor_names.get(a, names.get(a, a)), self.aliases.get(a, ()))
                      for a in self.article_actors]
        candidates += [(a, n, self.aliases.get(a, ())) for a, n, _ in self.all_actors
                       if a not in seen]
        self._searching = name
        self.hint.show_search(f"<b>{name}</b>: search the registry", candidates)

    def _searched(self, actor_id: str) -> None:
        name, self._searching = self._searching, None
        if name is not None:
            self.slot_changed.emit(name, actor_id)
        self.prompt_closed.emit()

    def _search_cancelled(self) -> None:
        """Esc: nothing is saved and the slot shows what is stored again."""
        name, self._searching = self._searching, None
        box = self._widgets.get(name or "")
        if isinstance(box, QComboBox) and self.annotation is not None:
            stored = self.annotation.attrs.get(name or "")
            box.setCurrentIndex(max(box.findData(stored), 0) if stored else 0)
        self.prompt_closed.emit()

    # ------------------------------------------------------------------ display
    def show_annotation(self, annotation: Annotation | None, suggestion_text: str | None = None) -> None:
        self.annotation = annotation
        while self.form.rowCount():
            self.form.removeRow(0)
        self._widgets = {}
        if annotation is None or self.scheme is None:
            self.title.setText(suggestion_text or "Nothing selected")
            return
        colour = self.scheme.label(annotation.label).color if annotation.label in {
            lab.name for lab in self.scheme.labels} else "#777"
        excerpt = annotation.text if len(annotation.text) < 160 else annotation.text[:157] + "…"
        self.title.setText(
            f"<b style='color:{colour}'>{annotation.label}</b> "
            f"<span style='color:#666'>({annotation.kind.lower()}, "
            f"{ORIGINS.get(annotation.origin, annotation.origin)})</span>"
            f"<br><i>{_escape(excerpt)}</i>")
        label_box = QComboBox()
        label_box.addItems([lab.name for lab in self.scheme.labels_of(annotation.kind)])
        label_box.setCurrentText(annotation.label)
        label_box.currentTextChanged.connect(self.label_changed.emit)
        self.form.addRow("&Label", label_box)
        self._widgets["label"] = label_box
        if annotation.kind == "MENTION":
            self.form.addRow("Actor", self._actor_box("actor_id", annotation.attrs.get("actor_id")))
        elif annotation.kind == "STATEMENT":
            for slot in self.scheme.slots:
                self.form.addRow(self._row_label(slot), self._slot_widget(slot, annotation.attrs))

    def _row_label(self, slot: Slot) -> str:
        return f"{slot.name} [{slot.key}]" if slot.key else slot.name

    def _slot_widget(self, slot: Slot, attrs: dict[str, Any]) -> QWidget:
        value = attrs.get(slot.name)
        if slot.type == "actor":
            widget: QWidget = self._actor_box(slot.name, value)
        elif slot.type == "choice":
            box = QComboBox()
            box.addItem(NONE)
            box.addItems(slot.value_names())
            box.setCurrentText(value or NONE)
            box.currentTextChanged.connect(
                lambda text, name=slot.name: self.slot_changed.emit(name, None if text == NONE else text))
            widget = box
        elif slot.type == "multi":
            listing = QListWidget()
            listing.setUniformItemSizes(True)
            for name in slot.value_names():
                item = QListWidgetItem(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if name in (value or [])
                                   else Qt.CheckState.Unchecked)
                listing.addItem(item)
            # every value in view (twelve topics): a scrolled list hid the last ones
            rows = min(listing.count(), 14)
            listing.setFixedHeight(rows * listing.sizeHintForRow(0) + 2 * listing.frameWidth() + 2)
            listing.itemChanged.connect(lambda _item, name=slot.name, w=listing: self._multi_changed(name, w))
            widget = listing
        elif slot.type == "bool":
            check = QCheckBox()
            check.setChecked(bool(value))
            check.toggled.connect(lambda on, name=slot.name: self.slot_changed.emit(name, bool(on)))
            widget = check
        else:
            line = QLineEdit(value or "")
            line.editingFinished.connect(
                lambda name=slot.name, w=line: self.slot_changed.emit(name, w.text().strip() or None))
            widget = line
        widget.setToolTip(slot.definition)
        self._widgets[slot.name] = widget
        return widget

    def _multi_changed(self, name: str, listing: QListWidget) -> None:
        chosen = [listing.item(i).text() for i in range(listing.count())
                  if listing.item(i).checkState() == Qt.CheckState.Checked]
        self.slot_changed.emit(name, chosen or None)

    def _actor_box(self, name: str, value: str | None) -> QComboBox:
        """A picker over the one shared list of actors (this article's first). Filling a
        combo box and a completer with ~450 registry actors for each actor slot of each
        statement selected took ~15 ms of the UI thread a selection; sharing the model
        built once per article makes a selection a few ms."""
        model = self._actors()
        box = QComboBox()  # not editable: typing into it appended to the value shown;
        box.setModel(model)  # `/` (or the box's tooltip says so) opens the ranked search
        box.setToolTip("Press / in the article for a search of the registry by id, name or alias")
        index = box.findData(value) if value else 0
        if value and index < 0:  # an id the registry lacks: offered from now on, too
            model.appendRow(_actor_item(value, value))
            index = model.rowCount() - 1
        box.setCurrentIndex(max(index, 0))
        box.activated.connect(lambda i, b=box, n=name: self.slot_changed.emit(n, b.itemData(i)))
        self._widgets[name] = box
        return box

    def _actors(self) -> QStandardItemModel:
        if self._actor_model is None:
            model = QStandardItemModel(self)
            model.appendRow(_actor_item(NONE, None))
            for actor_id in self.article_actors:  # this article's actors first
                model.appendRow(_actor_item(
                    f"{actor_id} — {self.actor_names.get(actor_id, actor_id)}", actor_id))
            separator = QStandardItem()
            separator.setData("separator", Qt.ItemDataRole.AccessibleDescriptionRole)  # as Qt's own
            separator.setFlags(Qt.ItemFlag.NoItemFlags)
            model.appendRow(separator)
            seen = set(self.article_actors)
            for actor_id, actor_name, _kind in self.all_actors:
                if actor_id not in seen:
                    model.appendRow(_actor_item(f"{actor_id} — {actor_name}", actor_id))
            self._actor_model = model
        return self._actor_model

    def widget(self, name: str) -> QWidget | None:
        return self._widgets.get(name)


def _actor_item(text: str, actor_id: str | None) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(actor_id, Qt.ItemDataRole.UserRole)  # what QComboBox.itemData reads
    item.setEditable(False)
    return item


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
