"""Review ▸ Suggestion quality: evaluated off the UI thread, shown as a chart and a table."""

from __future__ import annotations

import pytest

from annotator.gui.suggestion_quality_panel import SuggestionQualityPanel, chart_sections
from annotator.project.learning import starter_model
from annotator.review.suggestion_quality import Case, Statement, quality_report
from tests.cli.test_cli_evaluate import gold_file, run, store
from tests.gui.conftest import settle
from tests.learning.conftest import build, make_stale

TYPES = ["COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT"]


def report() -> dict:
    gold = [Statement(0, 40, "COMMITMENT", "USA", "KOR"), Statement(50, 90, "THREAT", "PRK")]
    suggested = [Statement(0, 40, "COMMITMENT", "USA", "JPN"), Statement(100, 140, "STANCE", "CHN")]
    case = Case(1, "Seoul and Washington", gold, suggested, hard_negatives=[(100, 140), (150, 190)])
    figures = quality_report([case], TYPES)
    figures.update(gold_layer="gold", status="done", pipeline="builtin@1")
    return figures


def cell_texts(panel) -> list[list[str]]:
    table = panel.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_panel_shows_the_figures_and_paints_the_chart(qtbot):
    panel = SuggestionQualityPanel()
    qtbot.addWidget(panel)
    panel.set_report(report())
    panel.resize(1000, 760)
    panel.show()
    qtbot.waitExposed(panel)
    rows = cell_texts(panel)
    assert ["statement F1", "all types", "0.500",
            "P 0.500 R 0.500 · gold 2 suggested 2"] in rows
    assert next(r for r in rows if r[:2] == ["accuracy", "target"])[2:] == ["0.000", "0 of 1 found"]
    assert next(r for r in rows if r[:2] == ["share drawn", "hard negatives"])[2:] == ["0.500", "1 of 2"]
    assert next(r for r in rows if r[:2] == ["statement F1", "ASSESSMENT"])[2] == "n/a"
    assert "recall <b>0.500</b>" in panel.summary.text()

    chart = panel.chart.grab().toImage()
    counts = {"#1f77b4": 0, "#9467bd": 0, "#ff7f0e": 0}
    for x in range(0, chart.width(), 2):
        for y in range(0, chart.height(), 2):
            name = chart.pixelColor(x, y).name()
            if name in counts:
                counts[name] += 1
    assert all(n > 20 for n in counts.values()), counts  # F1, slot and "drawn" bars painted


def test_chart_shows_only_types_with_something_to_count():
    sections = chart_sections(report())
    per_type = next(s for s in sections if s.title == "F1 per type")
    assert [bar.label for bar in per_type.bars] == ["COMMITMENT", "STANCE", "THREAT"]
    slots = next(s for s in sections if s.title.startswith("Slots"))
    assert [(b.label, b.value, b.note) for b in slots.bars] == [
        ("type right", 1.0, "1/1"), ("holder right", 1.0, "1/1"), ("target right", 0.0, "0/1")]


def test_suggestion_quality_from_the_window(qtbot, open_window, tmp_path):
    project = tmp_path / "p.annotator"
    gold = gold_file(tmp_path)
    run("import", str(project), str(gold))
    run("import-layer", str(project), str(gold), "--layer", "gold")
    store(project)
    window = open_window(project)
    action = next(a for a in window.menuBar().actions() if a.text() == "&Review")
    quality = next(a for a in action.menu().actions() if a.text() == "&Suggestion quality…")
    quality.trigger()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: getattr(window, "quality_panel", None) is not None, timeout=10_000)
    panel = window.quality_panel
    qtbot.addWidget(panel)
    assert panel.windowTitle() == "Suggestion quality against gold"
    assert "2 document(s)" in panel.summary.text() and "test@1" in panel.summary.text()
    assert ["share drawn", "hard negatives", "1.000", "1 of 1"] in cell_texts(panel)


def test_a_gold_layer_with_nothing_done_is_offered_every_labelled_document(qtbot, open_window,
                                                                         tmp_path):
    """A gold layer made in the review window has no statuses: the window asks to measure on
    every labelled document instead of telling the user to pass a command-line flag."""
    from annotator.gui.dialogs import show_suggestion_quality

    project = tmp_path / "p.annotator"
    gold = gold_file(tmp_path)
    gold.write_text(gold.read_text(encoding="utf-8").replace('"status": "done"',
                                                             '"status": "todo"'), encoding="utf-8")
    run("import", str(project), str(gold))
    run("import-layer", str(project), str(gold), "--layer", "gold")
    store(project)
    window = open_window(project)
    show_suggestion_quality(window)
    qtbot.waitUntil(lambda: getattr(window, "last_question", None) is not None, timeout=10_000)
    question = window.last_question
    assert "No document of layer 'gold' is marked done" in question.text()
    assert getattr(window, "last_error", None) is None  # not the E452 dead end
    question.defaultButton().click()
    qtbot.waitUntil(lambda: getattr(window, "quality_panel", None) is not None, timeout=10_000)
    panel = window.quality_panel
    qtbot.addWidget(panel)
    assert "2 document(s), status any" in panel.summary.text()


def test_the_summary_names_the_model_that_drew_and_a_stale_own_model(qtbot, tmp_path):
    pytest.importorskip("spacy")
    path = tmp_path / "labelled.annotator"
    with build(path) as project:
        uid = make_stale(project)
        project.suggest(model="builtin")
        figures = project.evaluate("alice")
    panel = SuggestionQualityPanel()
    qtbot.addWidget(panel)
    panel.set_report(figures)
    summary = panel.summary.text()
    assert f"drawn by the shipped starter model {starter_model().version[:8]}" in summary
    assert f"own model {uid[:8]} is stale" in summary and "a04000" in summary
