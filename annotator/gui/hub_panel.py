"""The reviewer's view of the team hub in the window: progress per annotator, agreement per
pair on the overlap, and the documents with the most disagreement, each one a double-click
away from the review window (the figures of `annotator hub status`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget


def _table(headers: list[str], rows: list[list[Any]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("-" if value is None else str(value)))
    table.resizeColumnsToContents()
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
             row["done"], f"{row['seconds'] / 3600:.1f}"] for row in status["annotators"]])
        layout.addWidget(self.annotators)
        layout.addWidget(QLabel("Agreement on the overlap both marked done"))
        self.pairs = _table(["pair", "documents", "exact span F1"], [
            [f"{p['a']} / {p['b']}", p["documents"], _f1(p["f1_exact"])]
            for p in status["pairs"]])
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
