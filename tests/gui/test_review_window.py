"""A review by keyboard: take A, take B, edit one, accept the identical ones."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt

from annotator.project import Project
from tests.gui.conftest import settle


def _layers(path, seed_doc_text_index):
    """alice and bob annotate the first article with known differences."""
    with Project.open(path, annotator="alice") as p:
        doc = 1
        text = p.document(doc).text
        quote = text.index("Bruno Parrilla, the")
        end = text.index("from us.", quote) + len("from us.")
        p.annotate(doc, text.index("Mike Pompeo"), text.index("Mike Pompeo") + 11, "PERSON")  # same
        p.annotate(doc, text.index("Havana"), text.index("Havana") + 6, "GPE")              # same
        p.annotate(doc, text.index("Elaine Chao"), text.index("Elaine Chao") + 11, "PERSON")
        p.annotate(doc, quote, end, "STANCE", {"polarity": "OPPOSE", "strength": "FIRM"})
        p.annotate(doc, text.index("Venezuela"), text.index("Venezuela") + 9, "GPE")     # only A
    with Project.open(path, annotator="bob") as p:
        p.annotate(doc, text.index("Mike Pompeo"), text.index("Mike Pompeo") + 11, "PERSON")
        p.annotate(doc, text.index("Havana"), text.index("Havana") + 6, "GPE")
        p.annotate(doc, text.index("Elaine Chao"), text.index("Elaine Chao") + 11, "ORG")
        p.annotate(doc, quote, end, "STANCE", {"polarity": "OPPOSE", "strength": "QUALIFIED"})
    return doc


def test_review_by_keyboard(qtbot, open_window, gui_project_path):
    from annotator.gui.dialogs import open_review

    doc = _layers(gui_project_path, 0)
    window = open_window(gui_project_path, annotator="rita")
    review = open_review(window, ("alice", "bob"))
    qtbot.addWidget(review)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: review.doc_id == doc and bool(review.items), timeout=5000)
    settle(qtbot, window)
    assert len(review.items) == 5
    view = review.view

    def key(k):
        qtbot.keyClick(view, k)
        settle(qtbot, window)
        settle(qtbot, window)

    def current():
        return review.items[review.index]

    # the first undecided disagreement in text order is the Elaine Chao label difference
    assert current().aligned.relation == "label"
    key(Qt.Key.Key_B)  # bob's ORG
    assert current().aligned.relation == "only_a"  # moved on to the next disagreement
    key(Qt.Key.Key_A)  # alice's Venezuela
    assert current().aligned.kind == "STATEMENT"
    key(Qt.Key.Key_E)  # an editable copy of alice's statement...
    qtbot.waitUntil(lambda: review.items[review.index].gold is not None)
    strength = review.inspector.widget("strength")
    strength.setCurrentText("TENTATIVE")  # ...edited in the inspector
    settle(qtbot, window)
    settle(qtbot, window)
    key(Qt.Key.Key_I)  # the two identical ones in one step
    db = sqlite3.connect(gui_project_path)
    gold = db.execute("SELECT label, text, attrs FROM annotations WHERE layer = 'gold'"
                      " AND deleted_at IS NULL ORDER BY start").fetchall()
    decisions = dict(db.execute("SELECT decision, COUNT(*) FROM review_decisions"
                                " GROUP BY decision").fetchall())
    untouched = db.execute("SELECT COUNT(*) FROM annotations WHERE layer IN ('alice', 'bob')"
                           " AND deleted_at IS NULL").fetchone()[0]
    db.close()
    by_text = {text[:12]: (label, json.loads(attrs)) for label, text, attrs in gold}
    assert by_text["Elaine Chao"] == ("ORG", {})
    assert by_text["Mike Pompeo"] == ("PERSON", {})
    assert by_text["Havana"] == ("GPE", {})
    assert by_text["Venezuela"] == ("GPE", {})
    assert by_text["Bruno Parril"] == ("STANCE", {"polarity": "OPPOSE", "strength": "TENTATIVE"})
    assert len(gold) == 5
    assert decisions == {"a": 3, "b": 1, "edited": 1}
    assert untouched == 9
    assert "5 of 5 items decided" in review.progress.text()


def test_agreement_panel_from_the_window(qtbot, open_window, gui_project_path):
    from annotator.gui.dialogs import show_agreement

    _layers(gui_project_path, 0)
    window = open_window(gui_project_path, annotator="rita")
    show_agreement(window, ("alice", "bob"))
    settle(qtbot, window)
    panel = window.agreement_panel
    qtbot.addWidget(panel)
    assert "alice" in panel.windowTitle() and not panel.grab().isNull()


def test_review_lists_are_not_clipped_at_1400x900(qtbot, open_window, gui_project_path):
    from PySide6.QtCore import QRect

    from annotator.gui.dialogs import open_review

    doc = _layers(gui_project_path, 0)
    window = open_window(gui_project_path, annotator="rita")
    review = open_review(window, ("alice", "bob"))
    qtbot.addWidget(review)
    review.resize(1400, 900)
    qtbot.waitExposed(review)
    qtbot.waitUntil(lambda: review.doc_id == doc and bool(review.items), timeout=5000)
    settle(qtbot, window)
    docs = review.docs
    item = docs.item(0)
    title = "US announces restrictions on flying to Cuba"
    assert item.text() == f"· 0/5  {title}"  # the counts first: a wrapped title never hides them
    assert title in item.toolTip() and "0 of 5 items decided" in item.toolTip()
    assert docs.horizontalScrollBar().maximum() == 0  # nothing cut at the pane's right edge
    width = docs.viewport().width()
    needed = docs.fontMetrics().boundingRect(QRect(0, 0, width - 8, 10_000),
                                             int(Qt.TextFlag.TextWordWrap), item.text())
    assert docs.visualItemRect(item).height() >= needed.height() > docs.fontMetrics().height()
    statement = next(i for i in range(review.list.count())
                     if review.list.item(i).toolTip().startswith("Bruno Parrilla"))
    assert review.list.horizontalScrollBar().maximum() == 0
    assert "from us." in review.list.item(statement).toolTip()  # the whole text, where it is cut
