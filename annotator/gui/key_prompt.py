"""The key prompt under the inspector's form: which key sets which value, as a grid of key caps.

A slot key (p, o, h ...) waits for one more key; this shows the choices while it waits. It
sits below the form and keeps the form where it is. For an actor slot, `/` turns it into a
registry search: the typed text replaces any value (it starts empty), the list is ranked by
`rank_actors` (exact id or alias, then prefixes, then the rest), Up/Down choose, Enter picks,
Esc leaves the stored value as it was.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actor_search import rank_actors

COLUMNS = 2
SEARCH_ROWS = 8
KEY_CAP = ("QLabel#keycap { border: 1px solid #9a9a9a; border-bottom: 2px solid #7a7a7a;"
           " border-radius: 3px; background: #ffffff; color: #222; padding: 0px 5px;"
           " font-family: monospace; font-weight: bold; }")
Candidate = tuple[str, str, Sequence[str]]  # id, name, aliases

def key_cap(key: str) -> QLabel:
    label = QLabel(key)
    label.setObjectName("keycap")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMinimumWidth(22)
    return label

class KeyPrompt(QFrame):
    picked = Signal(object)  # an actor id chosen in the registry search
    cancelled = Signal()  # Esc in the registry search

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyprompt")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#keyprompt { background: #f6f3ea; border: 1px solid #d8d0b8;"
                           " border-radius: 4px; } " + KEY_CAP)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self.title = QLabel("")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self._layout.addWidget(self.title)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 2, 0, 2)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        self._layout.addWidget(self.grid_host)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type an id, a name or an alias")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._refresh_results)
        self.search.installEventFilter(self)
        self.results = QListWidget()
        self.results.setUniformItemSizes(True)
        self.results.itemActivated.connect(lambda item: self._pick(item))
        self.results.itemClicked.connect(lambda item: self._pick(item))
        self._layout.addWidget(self.search)
        self._layout.addWidget(self.results)
        self.footer = QLabel("")
        self.footer.setStyleSheet("color: #666")
        self.footer.setWordWrap(True)
        self._layout.addWidget(self.footer)
        self._candidates: Sequence[Candidate] = ()
        self._plain = ""
        self.hide()

    # ------------------------------------------------------------------ choices
    def show_choices(self, title: str, choices: Sequence[tuple[str, str]], footer: str) -> None:
        """A grid of key caps and values, filled row by row over two columns."""
        self._clear_grid()
        self.title.setText(title)
        caps = [key_cap(key) for key, _ in choices]
        values = [QLabel(value) for _, value in choices]
        columns = self._columns(caps, values)
        for i, (cap, text) in enumerate(zip(caps, values, strict=True)):
            row, column = divmod(i, columns)
            text.setToolTip(text.text())
            self.grid.addWidget(cap, row, column * 2)
            self.grid.addWidget(text, row, column * 2 + 1)
        for column in range(COLUMNS):
            self.grid.setColumnStretch(column * 2 + 1, 1 if column < columns else 0)
        self.grid_host.setVisible(bool(choices))
        self.search.hide()
        self.results.hide()
        self.footer.setText(footer)
        self._plain = " ".join([_strip_tags(title), *(f"[{k}] {v}" for k, v in choices), footer])
        self.show()

    def _columns(self, caps: list[QLabel], values: list[QLabel]) -> int:
        """Two pairs to a row where both fit the panel's width, else one: a value is never
        cut ("EXTENDED_DETERREN")."""
        if not values:
            return COLUMNS
        host = self.parentWidget()
        own = self._layout.contentsMargins()
        available = self.width() - own.left() - own.right() - 2
        if host is not None and host.layout() is not None:
            outer = host.layout().contentsMargins()
            available = (host.contentsRect().width() - outer.left() - outer.right()
                         - own.left() - own.right() - 2)
        pair = max(c.sizeHint().width() for c in caps) + max(v.sizeHint().width() for v in values)
        spacing = self.grid.horizontalSpacing()
        needed = COLUMNS * pair + (2 * COLUMNS - 1) * spacing
        return COLUMNS if available >= needed else 1

    def _clear_grid(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    # ------------------------------------------------------------------ registry search
    def show_search(self, title: str, candidates: Sequence[Candidate]) -> None:
        self._clear_grid()
        self.grid_host.hide()
        self._candidates = candidates
        self.title.setText(title)
        self.footer.setText("↑ ↓ choose · Enter picks · Esc keeps the stored value")
        self.search.blockSignals(True)
        self.search.clear()  # typing replaces: the search never starts from the stored value
        self.search.blockSignals(False)
        self._refresh_results("")
        self.search.show()
        self.results.show()
        self.show()
        self.search.setFocus()
        self._plain = _strip_tags(title)

    def _refresh_results(self, query: str) -> None:
        names = {actor_id: name for actor_id, name, _ in self._candidates}
        self.results.clear()
        for actor_id in rank_actors(query, self._candidates, limit=50):
            item = QListWidgetItem(f"{actor_id} — {names[actor_id]}")
            item.setData(Qt.ItemDataRole.UserRole, actor_id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        rows = min(max(self.results.count(), 1), SEARCH_ROWS)
        self.results.setFixedHeight(rows * self.results.sizeHintForRow(0) + 6
                                    if self.results.count() else 24)

    def result_ids(self) -> list[str]:
        return [self.results.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.results.count())]

    def _pick(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        actor_id = item.data(Qt.ItemDataRole.UserRole)
        self.close_prompt()
        self.picked.emit(actor_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.close_prompt()
                self.cancelled.emit()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._pick(self.results.currentItem())
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    @property
    def searching(self) -> bool:
        return self.isVisible() and self.search.isVisible()

    # ------------------------------------------------------------------ state
    def close_prompt(self) -> None:
        self._clear_grid()
        self._candidates = ()
        self._plain = ""
        self.hide()

    def text(self) -> str:
        """What the prompt says, as plain text (tests and accessibility)."""
        return self._plain

def _strip_tags(html: str) -> str:
    out, inside = [], False
    for c in html:
        if c == "<":
            inside = True
        elif c == ">":
            inside = False
        elif not inside:
            out.append(c)
    return "".join(out)
