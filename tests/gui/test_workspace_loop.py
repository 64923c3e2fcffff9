"""The whole annotation loop by keyboard alone: on the tests' Wikinews article (the README's
worked example, which the sample project holds too), and on the seed article where present."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt

from tests.gui.conftest import rows, settle

EXPECTED = {
    "holder": "CUB", "target": "USA", "topic": ["SANCTIONS"], "polarity": "OPPOSE",
    "strength": "FIRM", "attribution": "DIRECT_QUOTE",
}
SEED_EXPECTED = {
    "holder": "USA", "target": "KOR", "topic": ["EXTENDED_DETERRENCE"], "polarity": "SUPPORT",
    "strength": "FIRM", "novelty": "REAFFIRMED",
}


class Keys:
    """Sends keys to the article view, waiting for the worker after each; counts them."""

    def __init__(self, qtbot, window):
        self.qtbot, self.window, self.count = qtbot, window, 0

    def __call__(self, key, modifier=Qt.KeyboardModifier.NoModifier, times=1):
        for _ in range(times):
            self.qtbot.keyClick(self.window.view, key, modifier)
            self.count += 1
            settle(self.qtbot, self.window)


def current(window):
    return window.workspace.current_span()


def statement_rows(path):
    return rows(path, "SELECT label, attrs, origin, text FROM annotations WHERE kind = 'STATEMENT'"
                      " AND deleted_at IS NULL")


def to_candidate(keys, window, doc_text, opening):
    """From the top of the article, `]` until the candidate statement that starts so."""
    window.view.place_caret(0)
    window.workspace.clear_current()
    keys.count = 0
    for _ in range(8):
        keys("]")
        span = current(window)
        if doc_text[span.start:span.end].startswith(opening):
            break
    assert span.kind == "STATEMENT" and span.source == "suggestion"
    return span


def test_annotation_loop_by_keyboard(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    assert window.windowTitle() == "Stance Annotator — cuba"
    doc_text = window.workspace.state.document.text
    assert doc_text.startswith("Sunday, October 27, 2019")
    keys = Keys(qtbot, window)

    # accept a suggested mention: Tab to the first suggested mention, Enter
    for _ in range(40):
        keys(Qt.Key.Key_Tab)
        span = current(window)
        if span.source == "suggestion" and span.kind == "MENTION":
            break
    mention_text = doc_text[span.start:span.end]
    keys(Qt.Key.Key_Return)
    accepted = [a for a in window.workspace.state.annotations if a.kind == "MENTION"]
    assert [a.text for a in accepted] == [mention_text] and accepted[0].origin == "suggestion"

    # the README's worked example, counted: ] to the candidate, Enter, then the slots
    to_candidate(keys, window, doc_text, "Bruno Parrilla, the foreign affairs minister")
    keys(Qt.Key.Key_Return)  # accept: STANCE with the proposed holder, target and polarity
    statement = next(a for a in window.workspace.state.annotations if a.kind == "STATEMENT")
    assert statement.label == "STANCE"
    assert "suggestion" not in window.inspector.title.text().lower()
    attrs = statement.attrs
    assert (attrs.get("holder"), attrs.get("target"), attrs.get("polarity")) == ("CUB", "USA", "OPPOSE")
    keys("o")
    keys(Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)  # only SANCTIONS
    keys("g")
    keys("f")
    keys("b")
    keys("d")
    print(f"statement keystrokes: {keys.count}")
    assert keys.count == 10, f"{keys.count} keystrokes for the statement"
    (label, stored, origin, text), = statement_rows(gui_project_path)
    assert label == "STANCE" and json.loads(stored) == EXPECTED and origin == "suggestion"
    assert text.startswith("Bruno Parrilla") and text.endswith("any concession from us.")

    # undo and redo go through the store
    keys(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = json.loads(statement_rows(gui_project_path)[0][1])
    assert "attribution" not in undone
    assert undone == {k: v for k, v in EXPECTED.items() if k != "attribution"}
    keys(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert json.loads(statement_rows(gui_project_path)[0][1]) == EXPECTED

    # done, and the next todo article opens
    first_id = window.current_doc_id()
    keys(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_doc_id() != first_id, timeout=5000)
    db = sqlite3.connect(gui_project_path)
    assert db.execute("SELECT status FROM doc_status WHERE doc_id = ? AND layer = 'alice'",
                      [first_id]).fetchone()[0] == "done"
    assert db.execute("SELECT COUNT(*) FROM annotations WHERE deleted_at IS NULL").fetchone()[0] == 2
    db.close()
    window.close()

    # reopening shows it
    again = open_window(gui_project_path)
    again.open_document(first_id)
    settle(qtbot, again)
    shown = {(s.kind, s.label) for s in again.view.spans if s.source == "annotation"}
    assert shown == {("MENTION", accepted[0].label), ("STATEMENT", "STANCE")}
    assert again.doc_panel.status.currentText() == "done"
    assert again.progress_label.text() == "1 of 4 done"


def test_the_seed_statement_in_a_dozen_keys(qtbot, open_window, seed_project_path):
    """Seed-specific: the Panetta sentence, COMMITMENT USA -> KOR, by keys alone."""
    window = open_window(seed_project_path)
    doc_text = window.workspace.state.document.text
    assert doc_text.startswith("WASHINGTON")
    keys = Keys(qtbot, window)
    to_candidate(keys, window, doc_text, "Panetta reaffirmed to his South Korean")
    keys(Qt.Key.Key_Return)
    statement = next(a for a in window.workspace.state.annotations if a.kind == "STATEMENT")
    assert statement.label == "COMMITMENT"
    attrs = statement.attrs
    if attrs.get("holder") != "USA":
        keys("h")
        keys(str(window.workspace.article_actors().index("USA") + 1))
    if attrs.get("target") != "KOR":
        keys("t")
        keys(str(window.workspace.article_actors().index("KOR") + 1))
    keys("o")
    keys(Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)  # only EXTENDED_DETERRENCE
    if attrs.get("strength") != "FIRM":
        keys("g")
        keys("f")
    if attrs.get("novelty") != "REAFFIRMED":
        keys("v")
        keys("r")
    keys("p")
    keys("s")
    assert keys.count <= 12, f"{keys.count} keystrokes for the statement"
    (label, stored, _origin, text), = statement_rows(seed_project_path)
    assert label == "COMMITMENT" and json.loads(stored) == SEED_EXPECTED
    assert text.startswith("Panetta reaffirmed") and text.endswith("missile defense capabilities.")


def test_the_readme_example_on_the_sample_project(qtbot, open_window, _isolated_home):
    """The README's worked example, on the sample project a first start creates: find the
    article from the queue, then the statement in ten keys."""
    from annotator.project import Project
    from annotator.samples import ensure_sample_project

    path = ensure_sample_project("alice")
    with Project.open(path, annotator="alice") as project:
        project.suggest()  # what the window runs on a first start: the project's pipeline
    window = open_window(path)
    search = window.queue_panel.search
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()
    qtbot.keyClicks(search, "flying Cuba")
    qtbot.keyClick(search, Qt.Key.Key_Down)
    settle(qtbot, window)
    qtbot.keyClick(window.queue_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace.state.document.title
                    == "US announces restrictions on flying to Cuba", timeout=5000)
    settle(qtbot, window)
    window.view.setFocus()
    keys = Keys(qtbot, window)
    for key in ("]", "]", "]", Qt.Key.Key_Return, "o"):
        keys(key)
    keys(Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    for key in ("g", "f", "b", "d"):
        keys(key)
    assert keys.count == 10
    (label, stored, _origin, text), = statement_rows(path)
    assert label == "STANCE" and json.loads(stored) == EXPECTED
    assert text.startswith("Bruno Parrilla")
