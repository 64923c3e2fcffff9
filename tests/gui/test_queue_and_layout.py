"""The queue: titles that can be told apart, search as you type with keys into the results, the
matched words marked in the article, the done count following changes. The layout: nothing
clipped at 1400x900 or 1920x1080, and remembered between sessions."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import settle


def test_search_as_you_type_then_down_and_enter_open_the_article(qtbot, open_window,
                                                                   gui_project_path):
    window = open_window(gui_project_path)
    first = window.current_doc_id()
    panel = window.queue_panel
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "Parri")  # an unfinished word: a prefix
    qtbot.waitUntil(lambda: window.queue.rowCount() == 1, timeout=5000)  # no Enter needed
    settle(qtbot, window)
    assert window.queue_count.text() == "1 document(s) found"
    qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(panel.search, "illa")
    qtbot.waitUntil(lambda: window.queue.rowCount() == 1, timeout=5000)
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)  # typed faster than the debounce
    assert window.queue_view.hasFocus()
    settle(qtbot, window)
    assert [i.row() for i in window.queue_view.selectionModel().selectedRows()] == [0]
    window.step_document(1)  # somewhere else first
    qtbot.waitUntil(lambda: window.current_doc_id() != first, timeout=5000)
    settle(qtbot, window)
    qtbot.keyClick(window.queue_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_doc_id() == first, timeout=5000)
    settle(qtbot, window)
    # the matched word is marked in the opened article
    text = window.workspace.state.document.text
    marked = [text[a:b] for a, b in window.view.search_marks]
    assert marked == ["Parrilla"]
    assert any(s.format.background().color().name() == "#ffec78"
               for s in window.view.extraSelections())


def test_enter_in_the_search_box_opens_the_first_result(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    window.step_document(1)
    settle(qtbot, window)
    other = window.current_doc_id()
    panel = window.queue_panel
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "Havana")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)  # before the debounce: searched, then opened
    qtbot.waitUntil(lambda: window.current_doc_id() not in (None, other), timeout=5000)
    settle(qtbot, window)
    assert "Havana" in window.workspace.state.document.text


def test_titles_get_the_width_and_the_full_title_is_a_tooltip(qtbot, open_window,
                                                                gui_project_path):
    window = open_window(gui_project_path)
    window.resize(1400, 900)
    qtbot.wait(50)
    view = window.queue_view
    assert view.isColumnHidden(1)  # the source is in the tooltip
    others = sum(view.columnWidth(c) for c in range(2, 5))
    assert view.columnWidth(0) > others  # the title column takes the spare width
    assert view.rowHeight(0) >= 2 * view.fontMetrics().lineSpacing()  # two lines for a title
    tip = window.queue.data(window.queue.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("US announces restrictions on flying to Cuba") and "2019-10-27" in tip


def test_done_count_follows_status_changes_and_imports(qtbot, open_window, gui_project_path,
                                                       tmp_path):
    from annotator.gui import dialogs

    window = open_window(gui_project_path)
    assert window.progress_label.text() == "0 of 4 done"
    window.finish("done", advance=False)
    qtbot.waitUntil(lambda: window.progress_label.text() == "1 of 4 done", timeout=5000)
    source = tmp_path / "more.jsonl"
    source.write_text("\n".join(json.dumps({"text": f"Seoul spoke on day {i}."}) for i in range(3)),
                      encoding="utf-8")
    dialogs.import_documents(window, [str(source)])
    qtbot.waitUntil(lambda: window.progress_label.text() == "1 of 7 done", timeout=30_000)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=30_000)


@pytest.mark.parametrize("size", [(1400, 900), (1920, 1080)])
def test_nothing_clipped_in_the_right_panel(qtbot, open_window, gui_project_path, size):
    window = open_window(gui_project_path)
    window.resize(*size)
    qtbot.wait(50)
    bar = window.side_tabs.tabBar()
    assert bar.width() >= bar.sizeHint().width() - 1  # no scroll arrows: every tab in view
    assert window.side_tabs.width() >= 410
    doc = window.workspace.state.document.text
    span = next(s for s in window.workspace.spans() if s.kind == "STATEMENT")
    window.workspace.set_current(span)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    settle(qtbot, window)
    topic = window.inspector.widget("topic")
    widest = max(topic.visualItemRect(topic.item(i)).right() for i in range(topic.count()))
    text_width = max(topic.fontMetrics().horizontalAdvance(topic.item(i).text())
                     for i in range(topic.count()))
    assert topic.viewport().width() >= text_width + 24, "topic values cut"
    assert widest <= topic.viewport().width() + 1 and doc


def test_the_layout_is_remembered(qtbot, open_window, gui_project_path):
    """The window's size and the docks' widths come back on the next start. (The offscreen
    screen is 800x600, which clamps a restored window: the docks are checked at full size.)"""
    from annotator.gui import layout_memory

    window = open_window(gui_project_path)
    window.resize(1400, 900)
    qtbot.wait(50)
    window.resizeDocks([window.queue_dock], [360], Qt.Orientation.Horizontal)
    qtbot.wait(50)
    widths = (window.queue_dock.width(), window.side_dock.width())
    assert widths[0] == 360
    window.close()
    again = open_window(gui_project_path)
    assert again._restored
    again.resize(1400, 900)
    layout_memory.apply_sizes(again, again._restored)
    qtbot.wait(50)
    assert (again.queue_dock.width(), again.side_dock.width()) == widths
