"""Two accepted statements side by side keep a visible boundary; an accepted suggestion's
header no longer calls it a suggestion."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCursor

from annotator.project import Project
from tests.gui.conftest import settle


def test_adjacent_statements_are_bracketed(qtbot, open_window, gui_project_path):
    with Project.open(gui_project_path, annotator="alice") as project:
        text = project.document(1).text
        first = text.index("On Friday, the United States")
        second = text.index("The new policy, which")
        end = text.index("in Havana.", second) + len("in Havana.")
        project.annotate(1, first, second - 1, "COMMITMENT")  # up to the space between them
        project.annotate(1, second - 1, end, "COMMITMENT")
    window = open_window(gui_project_path)
    window.resize(1400, 900)
    settle(qtbot, window)
    qtbot.wait(50)
    view = window.view
    assert len(view.statement_brackets()) == 2
    image = view.viewport().grab().toImage()
    colour = QColor(window.scheme.label("COMMITMENT").color)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(second - 1))
    rect = view.cursorRect(cursor)
    column = [QColor(image.pixel(x, rect.center().y())) for x in range(rect.left() - 1,
                                                                          rect.left() + 3)]

    def near(a: QColor, b: QColor) -> bool:
        return all(abs(x - y) < 40 for x, y in ((a.red(), b.red()), (a.green(), b.green()),
                                                 (a.blue(), b.blue())))

    assert any(near(c, colour) for c in column), [c.name() for c in column]
    # the band alone, a little to the right, is much paler than the bracket
    band = QColor(image.pixel(rect.left() + 12, rect.top() + 2))
    assert not near(band, colour)


def test_an_accepted_suggestion_is_no_longer_called_one(qtbot, open_window, gui_project_path):
    from PySide6.QtCore import Qt

    window = open_window(gui_project_path)
    span = next(s for s in window.workspace.spans() if s.kind == "STATEMENT")
    window.workspace.set_current(span)
    assert "Suggestion" in window.inspector.title.text()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    settle(qtbot, window)
    header = window.inspector.title.text()
    assert "accepted" in header and "suggestion" not in header.lower()
