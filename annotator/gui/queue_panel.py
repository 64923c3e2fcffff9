"""The queue panel: search as you type, a status filter, the documents, how many there are.

Titles are what tell articles apart, so the title column takes the spare width, a row holds two
lines (a long title wraps, then elides), the source column starts hidden (it is in the
tooltip with the date and the full title). Search is debounced full-text search over title and
text, the last word matching as a prefix; Down goes from the box into the results, Enter opens
the selected (or first) one.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.models import STATUSES
from annotator.gui.queue_model import QueueModel

DEBOUNCE_MS = 250
SOURCE_COLUMN = 1


def search_words(query: str) -> list[str]:
    """The words a search matches, as the article view highlights them."""
    return [w for w in re.findall(r"\w+", query) if w]


class QueuePanel(QWidget):
    chosen = Signal(int)  # a document id to open

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = QTableView()
        self.view.setModel(model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.view.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() * 2 + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        for column, sample in ((1, "Wikinews"), (2, "2019-10-27"), (3, "flagged"), (4, "Labels")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, self.fontMetrics().horizontalAdvance(sample) + 16)
        self.view.setColumnHidden(SOURCE_COLUMN, True)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles and text (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._debounce.start())  # typed, pasted, cleared
        self.status_filter = QComboBox()
        self.status_filter.addItems(["all", *STATUSES])
        self.status_filter.currentTextChanged.connect(lambda _t: self.apply())
        self.count = QLabel("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.status_filter)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self._open_first = False
        self._select_first = False
        model.on_reset = self._reset

    # ------------------------------------------------------------------ filtering
    def status(self) -> str | None:
        text = self.status_filter.currentText()
        return None if text == "all" else text

    def query(self) -> str:
        """The text as searched: the last word unfinished while typing, so a prefix."""
        text = self.search.text().strip()
        return text + "*" if text and text[-1].isalnum() else text

    def apply(self) -> None:
        self._debounce.stop()
        self.model.reload(self.query(), self.status())

    def reload(self) -> None:
        self.model.reload(self.query(), self.status())

    def _reset(self, n: int) -> None:
        searching = bool(self.search.text().strip())
        self.count.setText(f"{n:,} document(s)" + (" found" if searching else ""))
        if self._open_first:
            self._open_first = False
            self._open_row(0)
        elif self._select_first:
            self._select_first = False
            if n:
                self.view.selectRow(0)

    # ------------------------------------------------------------------ keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down:
                self._into_results()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._debounce.isActive():  # typed faster than the debounce: search first
                    self._open_first = True
                    self.apply()
                else:
                    selected = self.view.selectionModel().selectedRows()
                    self._open_row(selected[0].row() if selected else 0)
                return True
        return super().eventFilter(watched, event)

    def _into_results(self) -> None:
        self.view.setFocus()
        if self._debounce.isActive():  # typed faster than the debounce: select when found
            self._select_first = True
            self.apply()
            return
        if self.model.rowCount() == 0:
            return
        selected = self.view.selectionModel().selectedRows()
        self.view.selectRow(selected[0].row() if selected else 0)
        self.view.setFocus()

    def _open_row(self, row: int) -> None:
        if row >= self.model.rowCount():
            return
        self.view.selectRow(row)
        self._activated(self.model.index(row, 0))

    def _activated(self, index: object) -> None:
        doc_id = self.model.data(index, Qt.ItemDataRole.UserRole)  # type: ignore[arg-type]
        if doc_id is not None:
            self.chosen.emit(int(doc_id))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
