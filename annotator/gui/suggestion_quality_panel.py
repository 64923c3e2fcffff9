"""Review ▸ Suggestion quality: a report from `Project.evaluate` as a bar chart and a table.

The chart is the agreement panel's QPainter `BarChart` (QtCharts is in the PySide6 Add-ons
wheel, which the app does not ship). It shows what tells a team whether to trust the
highlights: statements found and how many of the drawn ones are right, F1 per type, whether
type, holder and target of a found statement are right, and how many sentences that state
nothing get drawn anyway (lower is better, so those bars are orange). Every bar carries its n;
an undefined figure is n/a, never a bar of length 0. The panel computes nothing.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from annotator.gui.agreement_panel import F1_COLOUR, Bar, BarChart, ReportPanel, Section, fmt
from annotator.gui.training import STALE_COLOUR
from annotator.project.model_state import ModelState, drawn_words

SLOT_COLOUR = QColor("#9467bd")
DRAWN_COLOUR = QColor("#ff7f0e")
MENTION_COLOUR = QColor("#2ca02c")


class QualityChart(BarChart):
    """The agreement chart with room for counts such as "gold 28 sugg 39" after each bar."""

    NOTE_WIDTH = 190


class SuggestionQualityPanel(ReportPanel):
    """A summary line, the chart and the table of one evaluation report."""

    chart_class = QualityChart

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("No evaluation yet.", parent)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

    def set_report(self, report: dict[str, Any]) -> None:
        self.report = report
        self.fill(summary_html(report), chart_sections(report),
                  [(*row, "") for row in table_rows(report)])


def summary_html(report: dict[str, Any]) -> str:
    d = report["statements"]["detection"]
    missing = report["documents_without_suggestions"]
    warning = (f"<br><span style='color:#d62728'>{missing} of these documents have no "
               "suggestions yet: pre-highlight them (File ▸ Pre-highlight), or their statements "
               "count as missed.</span>") if missing else ""
    return (f"Suggestions of <b>{report['pipeline'] or 'no pipeline yet'}</b>{model_html(report)}"
            " against layer "
            f"<b>{report['gold_layer']}</b> · {report['documents']} document(s), status "
            f"{report['status']} · {d['support']} gold statement(s), {d['predicted']} "
            f"suggested: recall <b>{fmt(d['recall'])}</b>, precision <b>{fmt(d['precision'])}"
            f"</b>, F1 <b>{fmt(d['f1'])}</b>{warning}")


def model_html(report: dict[str, Any]) -> str:
    """Which statement model drew the suggestions and, where the project's own model is
    stale, that it was set aside (amber, the whole note as tooltip), in `model_state`'s words."""
    model = report.get("statement_model")
    if not model:
        return ""
    drawn = drawn_words(model["suggested_by"], report["pipeline"])
    stale = ModelState.from_json(model).stale_words()
    parts = ([f"drawn by {html.escape(drawn, quote=False)}"] if drawn else []) + (
        [f"<span style='color:{STALE_COLOUR}' title='{html.escape(model['note'])}'>"
         f"{html.escape(stale, quote=False)}</span>"] if stale else [])
    return f" ({'; '.join(parts)})" if parts else ""


def _n(figure: dict[str, Any]) -> str:
    return f"{figure['right']}/{figure['n']}"


def chart_sections(report: dict[str, Any]) -> list[Section]:
    st = report["statements"]
    d = st["detection"]
    found = (Bar("recall (gold found)", d["recall"], f"{d['found']}/{d['support']}"),
             Bar("precision (drawn right)", d["precision"], f"{d['correct']}/{d['predicted']}"),
             Bar("F1", d["f1"]))
    per_type = tuple(Bar(name, f["f1"], f"gold {f['support']} sugg {f['predicted']}")
                     for name, f in st["types"].items() if f["support"] or f["predicted"])
    slots = tuple(Bar(f"{name} right", st[f"{name}_accuracy"]["value"],
                      _n(st[f"{name}_accuracy"])) for name in ("type", "holder", "target"))
    drawn = tuple(Bar(title, report[key]["share_drawn"],
                      f"{report[key]['drawn']}/{report[key]['sentences']}")
                  for key, title in (("hard_negatives", "hard negatives"),
                                     ("negative_sentences", "all statement-free sentences")))
    m = report["mentions"]
    mentions = (Bar("precision", m["spans"]["precision"], f"{m['spans']['correct']}/"
                    f"{m['spans']['predicted']}"),
                Bar("recall", m["spans"]["recall"], f"{m['spans']['found']}/{m['spans']['support']}"),
                Bar("linked to the right actor (P)", m["linked"]["precision"],
                    f"{m['linked']['correct']}/{m['linked']['predicted']}"),
                Bar("linked to the right actor (R)", m["linked"]["recall"],
                    f"{m['linked']['found']}/{m['linked']['support']}"))
    return [Section("Statements (a suggestion covering half a gold statement finds it)", found,
                    F1_COLOUR),
            Section("F1 per type", per_type, F1_COLOUR),
            Section("Slots of the statements found", slots, SLOT_COLOUR),
            Section("Sentences stating nothing, drawn anyway (lower is better)", drawn,
                    DRAWN_COLOUR),
            Section("Actor mentions (same offsets)", mentions, MENTION_COLOUR)]


def table_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, item, value, detail) for every figure of the report."""
    st = report["statements"]
    rows = []
    for name, f in [*st["types"].items(), ("all types", st["detection"])]:
        rows.append(("statement F1", name, fmt(f["f1"]),
                     f"P {fmt(f['precision'])} R {fmt(f['recall'])} · gold {f['support']} "
                     f"suggested {f['predicted']}"))
    rows.append(("statement F1", "macro (types with gold)", fmt(st["macro_f1"]), ""))
    for name in ("type", "holder", "target"):
        a = st[f"{name}_accuracy"]
        rows.append(("accuracy", name, fmt(a["value"]), f"{a['right']} of {a['n']} found"))
    for key, title in (("hard_negatives", "hard negatives"),
                       ("negative_sentences", "statement-free sentences")):
        n = report[key]
        rows.append(("share drawn", title, fmt(n["share_drawn"]),
                     f"{n['drawn']} of {n['sentences']}"))
    for name, f in report["mentions"].items():
        rows.append(("actor mentions", name, fmt(f["f1"]),
                     f"P {fmt(f['precision'])} R {fmt(f['recall'])} · gold {f['support']} "
                     f"suggested {f['predicted']}"))
    for doc in report["per_document"]:
        rows.append(("per document", f"{doc['doc_id']} {doc['title'] or ''}".strip(),
                     fmt(doc["f1"]), f"found {doc['found']} of {doc['gold']} · "
                     f"{doc['correct']} of {doc['suggested']} drawn right · hard negatives drawn "
                     f"{doc['hard_negatives_drawn']} of {doc['hard_negatives']}"))
    return rows
