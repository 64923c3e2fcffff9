"""The agreement panel renders a report: chart pixels and the figures in the table cells."""

from __future__ import annotations

from annotator.core.models import Annotation
from annotator.core.resources import default_scheme_text
from annotator.core.scheme import parse_scheme
from annotator.gui.agreement_panel import AgreementPanel, chart_sections
from annotator.review.agreement import DocumentLayers, agreement_report

SCHEME = parse_scheme(default_scheme_text())


def ann(layer, start, end, label, **attrs):
    return Annotation(f"{layer}{start}{label}", 1, layer, SCHEME.label(label).kind, start, end,
                      "x" * (end - start), label, attrs)


def report() -> dict:
    alice = [ann("alice", 0, 12, "PERSON"), ann("alice", 20, 30, "GPE"),
             ann("alice", 40, 90, "COMMITMENT", strength="FIRM", polarity="SUPPORT"),
             ann("alice", 100, 150, "STANCE", strength="QUALIFIED", polarity="OPPOSE")]
    bob = [ann("bob", 0, 12, "PERSON"), ann("bob", 20, 30, "ORG"),
           ann("bob", 40, 80, "COMMITMENT", strength="QUALIFIED", polarity="OPPOSE"),
           ann("bob", 100, 150, "STANCE", strength="FIRM", polarity="SUPPORT")]
    doc = DocumentLayers(1, "Seoul and Washington", {"alice": alice, "bob": bob},
                         {"alice": {"relevance": "RELEVANT"}, "bob": {"relevance": "RELEVANT"}})
    return agreement_report([doc], ["alice", "bob"], SCHEME)


def cell_texts(panel) -> list[list[str]]:
    table = panel.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_panel_shows_the_figures_and_paints_the_chart(qtbot):
    panel = AgreementPanel()
    qtbot.addWidget(panel)
    figures = report()
    panel.set_report(figures)
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)

    rows = cell_texts(panel)
    commitment = next(r for r in rows if r[:2] == ["span F1 (overlap)", "COMMITMENT"])
    assert commitment[2] == "1.000"
    exact_micro = next(r for r in rows if r[:2] == ["span F1 (exact)", "micro"])
    assert exact_micro[2] == "0.500"  # PERSON and STANCE of four spans each: 2·2 / 8
    polarity = next(r for r in rows if r[1] == "polarity")
    assert polarity[2] == f"{figures['slot_alpha']['polarity']['alpha']:.3f}"
    assert figures["slot_alpha"]["polarity"]["alpha"] < 0  # systematic disagreement
    assert "ordinal, 2 units" in next(r for r in rows if r[1] == "strength")[3]
    relevance = next(r for r in rows if r[:2] == ["Cohen's kappa", "doc relevance"])
    assert relevance[2] == "n/a"  # one category everywhere: undefined, not 0
    relevance_row = rows.index(relevance)
    assert "undefined" in panel.table.item(relevance_row, 2).toolTip()
    assert "alice" in panel.summary.text() and "1 document(s)" in panel.summary.text()

    pixmap = panel.grab()
    assert not pixmap.isNull() and pixmap.width() >= 900
    chart = panel.chart.grab().toImage()
    colours = {chart.pixel(x, y) for x in range(0, chart.width(), 3) for y in range(0, chart.height(), 3)}
    assert len(colours) > 5  # bars, text and lines, not a blank widget
    blue = sum(1 for x in range(0, chart.width(), 2) for y in range(0, chart.height(), 2)
               if chart.pixelColor(x, y).name() == "#1f77b4")
    red = sum(1 for x in range(0, chart.width(), 2) for y in range(0, chart.height(), 2)
              if chart.pixelColor(x, y).name() == "#d62728")
    assert blue > 50 and red > 10  # F1 bars, and the negative alpha drawn leftwards in red


def test_chart_leaves_out_topic_values_nobody_chose():
    sections = chart_sections(report())
    assert [s.title for s in sections] == ["Span F1 per label (overlap)", "Krippendorff's alpha per slot"]
    assert not any(bar.label.startswith("topic:") for bar in sections[1].bars)
    assert {bar.label for bar in sections[0].bars} == {"PERSON", "ORG", "GPE", "COMMITMENT", "STANCE"}
