"""The agreement panel: a report from `Project.agreement` as a bar chart and a table.

The chart is painted with QPainter because QtCharts lives in the PySide6 Add-ons wheel, which
the app does not ship (see the README's dependency table). It shows what a team looks at first
— span F1 per label and alpha per slot — and the table holds every figure with its n, so a
bar is never read without knowing how many items stand behind it. Undefined figures show as
n/a with their reason in the tooltip, never as a bar of length 0. The panel computes nothing:
the window passes it a report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

NA = "n/a"
COLUMNS = ("figure", "item", "value", "n / detail")
F1_COLOUR = QColor("#1f77b4")
ALPHA_COLOUR = QColor("#2ca02c")
NEGATIVE_COLOUR = QColor("#d62728")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    note: str = ""  # shown after the bar: n, or why the value is undefined


@dataclass(frozen=True)
class Section:
    title: str
    bars: tuple[Bar, ...]
    colour: QColor


def fmt(value: float | None) -> str:
    return NA if value is None else f"{value:.3f}"


class BarChart(QWidget):
    """Horizontal bars in sections, on a scale from min(0, lowest value) to 1.

    Alpha can be negative (systematic disagreement), so the zero line moves right when a
    value is below 0 and such bars grow leftwards in red.
    """

    ROW = 20
    HEADER = 26
    LABEL_WIDTH = 220
    NOTE_WIDTH = 110

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections: list[Section] = []
        self.setMinimumWidth(self.LABEL_WIDTH + self.NOTE_WIDTH + 120)

    def set_sections(self, sections: list[Section]) -> None:
        self.sections = sections
        self.setMinimumHeight(self._content_height())
        self.updateGeometry()
        self.update()

    def _content_height(self) -> int:
        return sum(self.HEADER + self.ROW * max(len(s.bars), 1) for s in self.sections) + 8

    def sizeHint(self) -> QSize:
        return QSize(560, self._content_height())

    def _low(self) -> float:
        values = [b.value for s in self.sections for b in s.bars if b.value is not None]
        return max(-1.0, min([0.0, *values]))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text_colour = palette.color(QPalette.ColorRole.Text)
        metrics = QFontMetrics(self.font())
        left = self.LABEL_WIDTH
        width = max(self.width() - left - self.NOTE_WIDTH - 8, 40)
        low = self._low()

        def x_of(value: float) -> float:
            return left + (value - low) / (1.0 - low) * width

        y = 4
        for section in self.sections:
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(text_colour)
            painter.drawText(QRectF(4, y, self.width() - 8, self.HEADER), Qt.AlignmentFlag.AlignVCenter,
                             section.title)
            font.setBold(False)
            painter.setFont(font)
            y += self.HEADER
            if not section.bars:
                painter.drawText(QRectF(left, y, width, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                                 "nothing to show")
            for bar in section.bars:
                label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, left - 12)
                painter.setPen(text_colour)
                painter.drawText(QRectF(4, y, left - 8, self.ROW),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, label)
                zero = x_of(0.0)
                if bar.value is not None:
                    end = x_of(max(low, min(1.0, bar.value)))
                    colour = NEGATIVE_COLOUR if bar.value < 0 else section.colour
                    painter.fillRect(QRectF(min(zero, end), y + 3, abs(end - zero), self.ROW - 6), colour)
                painter.setPen(palette.color(QPalette.ColorRole.Mid))
                painter.drawLine(int(zero), y + 1, int(zero), y + self.ROW - 1)
                painter.drawLine(int(x_of(1.0)), y + 1, int(x_of(1.0)), y + self.ROW - 1)
                painter.setPen(text_colour)
                note = f"{fmt(bar.value)}  {bar.note}".strip()
                painter.drawText(QRectF(left + width + 6, y, self.NOTE_WIDTH, self.ROW),
                                 Qt.AlignmentFlag.AlignVCenter, note)
                y += self.ROW
            if not section.bars:
                y += self.ROW
        painter.end()


class ReportPanel(QWidget):
    """A summary line, a `BarChart` and a table of (figure, item, value, detail) rows: the
    frame of every report panel (agreement, suggestion quality); each fills it from its own
    report."""

    chart_class: type[BarChart] = BarChart

    def __init__(self, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel(empty)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.chart = self.chart_class()
        scroll = QScrollArea()
        scroll.setWidget(self.chart)
        scroll.setWidgetResizable(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Interactive,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        self.table.setColumnWidth(1, 220)  # long document titles are elided, full in the tooltip
        scroll.setMinimumHeight(160)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(scroll)
        splitter.addWidget(self.table)
        splitter.setSizes([3000, 2000])  # 3:2 whatever the height; the chart is looked at first
        layout.addWidget(splitter, 1)

    def fill(self, summary: str, sections: list[Section],
             rows: list[tuple[str, str, str, str, str]]) -> None:
        """Rows are (figure, item, value, detail, tooltip); an empty tooltip shows the text."""
        self.summary.setText(summary)
        self.chart.set_sections(sections)
        self.table.setRowCount(len(rows))
        for row, (figure, item, value, detail, reason) in enumerate(rows):
            for column, text in enumerate((figure, item, value, detail)):
                cell = QTableWidgetItem(text)
                if column == 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setToolTip(reason or text)
                self.table.setItem(row, column, cell)


class AgreementPanel(ReportPanel):
    """A summary line, the chart and the table of one agreement report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("No agreement report yet.", parent)

    def set_report(self, report: dict[str, Any]) -> None:
        self.report = report
        a, b = report["pair"]
        self.fill(f"<b>{a}</b> (reference) vs <b>{b}</b> · layers {', '.join(report['layers'])} · "
                  f"{report['documents']} document(s), status {report.get('status', 'any')}",
                  chart_sections(report), table_rows(report))


def chart_sections(report: dict[str, Any]) -> list[Section]:
    """F1 per label (overlap match, the figure that forgives boundary differences) and alpha
    per slot. Topic values no matched statement had are left out: an empty bar says nothing."""
    overlap = report["spans"]["overlap"]["labels"]
    f1 = tuple(Bar(name, f["f1"], f"A{f['support']} B{f['predicted']}") for name, f in overlap.items())
    alphas = []
    for name, figure in report["slot_alpha"].items():
        if figure.get("value") is not None and not figure.get("counts", {}).get("present"):
            continue
        alphas.append(Bar(name, figure["alpha"], f"{figure['units']} units"))
    return [Section("Span F1 per label (overlap)", f1, F1_COLOUR),
            Section("Krippendorff's alpha per slot", tuple(alphas), ALPHA_COLOUR)]


def table_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(figure, item, value, detail, reason) for every figure of the report."""
    rows = []
    for mode in ("exact", "overlap"):
        spans = report["spans"][mode]
        for name, f in [*spans["labels"].items(), ("micro", spans["micro"])]:
            detail = (f"P {fmt(f['precision'])} R {fmt(f['recall'])}"
                      f" · A {f['support']} B {f['predicted']}")
            rows.append((f"span F1 ({mode})", name, fmt(f["f1"]), detail, ""))
        rows.append((f"span F1 ({mode})", "macro", fmt(spans["macro"]["f1"]),
                     f"{spans['macro']['labels']} labels", ""))
    kappas = [("statement type", report["statement_type_kappa"]),
              *((f"doc {n}", k) for n, k in report["doc_label_kappa"].items())]
    for name, k in kappas:
        rows.append(("Cohen's kappa", name, fmt(k["kappa"]), f"n={k['n']}", k["reason"] or ""))
    alphas = [*report["slot_alpha"].items(), ("statement type", report["statement_type_alpha"]),
              *((f"doc {n}", f) for n, f in report["doc_label_alpha"].items())]
    for name, f in alphas:
        rows.append(("Krippendorff's alpha", name, fmt(f["alpha"]), f"{f['level']}, {f['units']} units",
                     f["reason"] or ""))
    for row in report["per_document"]:
        rows.append(("per document", f"{row['doc_id']} {row['title'] or ''}".strip(),
                     fmt(row["f1_overlap"]),
                     f"F1 exact {fmt(row['f1_exact'])} · {row['disagreements']} disagreements", ""))
    return rows
