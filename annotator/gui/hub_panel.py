"""The reviewer's view of the team hub in the window: progress per annotator, agreement per
pair on the overlap, and the documents with the most disagreement, each one a double-click
away from the review window (the figures of `annotator hub status`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def _table(headers: list[str], rows: list[list[Any]], *, fit_rows: bool = False,
           stretch: int = -1) -> QTableWidget:
    """A read-only table whose `stretch` column (a title, a name) takes the spare width and
    elides in the middle, full text in a tooltip: document titles used to run off the panel's edge
    behind a scroll bar. Numbers are right-aligned. `fit_rows`: no taller than its rows, so
    a table of three annotators does not take a third of the panel in blank space."""
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    table.verticalHeader().hide()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("-" if value is None else str(value))
            if isinstance(value, (int, float)) or (isinstance(value, str)
                                                   and value.replace(".", "", 1).isdigit()):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            else:
                item.setToolTip(item.text())
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(stretch % len(headers),
                                                  QHeaderView.ResizeMode.Stretch)
    if fit_rows:
        frame = 2 * table.frameWidth()
        table.setMaximumHeight(table.horizontalHeader().sizeHint().height()
                               + table.verticalHeader().length() + frame + 2)
    return table


def _f1(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


class HubStatusPanel(QWidget):
    """Filled by `set_report(status)`; `open_document(uid, a, b)` is called on a double-click."""

    def __init__(self, open_document: Callable[[str, str, str], None]) -> None:
        super().__init__()
        self.open_document = open_document
        self.report: dict[str, Any] = {}
        self.setLayout(QVBoxLayout())

    def set_report(self, status: dict[str, Any]) -> None:
        self.report = status
        layout = self.layout()
        layout.addWidget(QLabel(f"<b>{status['documents']}</b> document(s),"
                                f" <b>{status['assigned']}</b> assigned"))
        self.annotators = _table(["annotator", "assigned", "done", "hours"], [
            [row["annotator"] + (" (reviewer)" if row["reviewer"] else ""), row["assigned"],
             row["done"], f"{row['seconds'] / 3600:.1f}"] for row in status["annotators"]],
            fit_rows=True, stretch=0)
        layout.addWidget(self.annotators)
        layout.addWidget(QLabel("Agreement on the overlap both marked done"))
        self.pairs = _table(["pair", "documents", "exact span F1"], [
            [f"{p['a']} / {p['b']}", p["documents"], _f1(p["f1_exact"])]
            for p in status["pairs"]], fit_rows=True, stretch=0)
        layout.addWidget(self.pairs)
        layout.addWidget(QLabel("Most disagreement first (double-click to review)"))
        self.documents = _table(["spans without a match", "pair", "document"], [
            [row["disagreements"], f"{row['a']} / {row['b']}", row["title"] or row["uid"][:12]]
            for row in status["most_disagreement"]])
        self.documents.cellDoubleClicked.connect(lambda r, _c: self.open_row(r))
        layout.addWidget(self.documents, 1)

    def open_row(self, row: int) -> None:
        item = self.report["most_disagreement"][row]
        self.open_document(item["uid"], item["a"], item["b"])
