"""Key prompts as a grid of key caps under the form; the registry search behind `/`; the
Inspector tab brought forward when a key acts on the selected item."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.gui.conftest import rows, settle


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier, widget=None):
    qtbot.keyClick(widget or window.view, key, modifier)
    settle(qtbot, window)


def accepted_statement(qtbot, window):
    """Accept the Parrilla candidate: a STANCE with holder CUB, target USA."""
    doc = window.workspace.state.document.text
    span = next(s for s in window.workspace.spans() if s.kind == "STATEMENT"
                and doc[s.start:s.end].startswith("Bruno Parrilla"))
    window.workspace.set_current(span)
    press(qtbot, window, Qt.Key.Key_Return)
    return next(a for a in window.workspace.state.annotations if a.kind == "STATEMENT")


def stored_attrs(path):
    return json.loads(rows(path, "SELECT attrs FROM annotations WHERE kind = 'STATEMENT'")[0][0])


def test_a_prompt_is_a_grid_of_key_caps_that_does_not_move_the_form(qtbot, open_window,
                                                                       gui_project_path):
    window = open_window(gui_project_path)
    window.resize(1400, 900)
    accepted_statement(qtbot, window)
    inspector = window.inspector
    settle(qtbot, window)
    qtbot.wait(50)
    fields = {name: inspector.widget(name).mapTo(inspector, inspector.widget(name).rect().topLeft())
              for name in ("label", "holder", "topic", "polarity", "note")}
    press(qtbot, window, Qt.Key.Key_O)  # topic: twelve values
    qtbot.wait(50)
    prompt = inspector.hint
    assert prompt.isVisible()
    caps = [w.text() for w in prompt.grid_host.findChildren(QLabel, "keycap")]
    assert caps == ["e", "n", "m", "c", "a", "x", "l", "s", "r", "i", "y", "z"]
    # each key cap sits in the grid beside its value, two pairs to a row
    grid = prompt.grid
    assert grid.itemAtPosition(0, 0).widget().text() == "e"
    assert grid.itemAtPosition(0, 1).widget().text() == "EXTENDED_DETERRENCE"
    assert grid.itemAtPosition(0, 3).widget().text() == "NUCLEAR"
    assert grid.rowCount() == 6
    after = {name: inspector.widget(name).mapTo(inspector, inspector.widget(name).rect().topLeft())
             for name in fields}
    assert after == fields  # the form did not move
    assert prompt.geometry().top() >= inspector.form_host.geometry().bottom()
    # nothing clipped: every value fits its label at 1400x900
    for label in prompt.grid_host.findChildren(QLabel):
        if label.objectName() != "keycap":
            assert label.width() >= label.sizeHint().width(), label.text()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not prompt.isVisible()


def test_a_key_on_the_selection_brings_the_inspector_forward(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    accepted_statement(qtbot, window)
    window.side_tabs.setCurrentIndex(window.side_tabs.count() - 1)  # the guidelines
    press(qtbot, window, Qt.Key.Key_P)
    assert window.side_tabs.currentWidget() is window.inspector
    assert window.inspector.hint.isVisible() and "OPPOSE" in window.inspector.hint.text()
    press(qtbot, window, Qt.Key.Key_Escape)
    window.side_tabs.setCurrentIndex(1)
    # Enter on a suggestion, too
    window.view.place_caret(0)
    window.workspace.clear_current()
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.side_tabs.currentWidget() is window.inspector


def test_registry_search_replaces_ranks_and_esc_restores(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    statement = accepted_statement(qtbot, window)
    assert statement.attrs["target"] == "USA"
    press(qtbot, window, Qt.Key.Key_T)
    press(qtbot, window, Qt.Key.Key_Slash)
    prompt = window.inspector.hint
    assert prompt.searching and prompt.search.hasFocus()
    assert prompt.search.text() == ""  # the search starts empty: typing replaces
    qtbot.keyClicks(prompt.search, "nato")
    assert prompt.search.text() == "nato"
    ids = prompt.result_ids()
    assert ids[0] == "NATO"
    assert ids.index("NATO") < ids.index("P_ANATOLY_SERDYUKOV")
    # Esc: nothing saved, the box shows the stored value, keys go back to the article
    qtbot.keyClick(prompt.search, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert not prompt.isVisible()
    assert stored_attrs(gui_project_path)["target"] == "USA"
    assert window.inspector.widget("target").currentData() == "USA"
    assert window.view.hasFocus()
    # again, and pick with Down + Enter: the second-ranked match
    press(qtbot, window, Qt.Key.Key_T)
    press(qtbot, window, Qt.Key.Key_Slash)
    qtbot.keyClicks(prompt.search, "korea")
    second = prompt.result_ids()[1]
    assert set(prompt.result_ids()[:2]) == {"KOR", "PRK"}
    qtbot.keyClick(prompt.search, Qt.Key.Key_Down)
    qtbot.keyClick(prompt.search, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert stored_attrs(gui_project_path)["target"] == second
    assert window.inspector.widget("target").currentData() == second
    assert window.view.hasFocus()
