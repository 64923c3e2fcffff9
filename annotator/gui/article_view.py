"""The article text with its highlights: display, selection in code points, hover, zoom.

Keys are not handled here: a key handler (keys.py) gets first refusal on every key press, so
this widget stays a view. Highlights are extra selections, not document formats, so redrawing
never touches the text and 300 spans redraw in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotator.core.scheme import Scheme
from annotator.gui.highlights import Span, format_for
from annotator.gui.offsets import OffsetMap


class ArticleView(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setObjectName("article")
        font = self.font()
        font.setPointSize(12)
        self.setFont(font)
        self.offsets = OffsetMap("")
        self.text = ""
        self.spans: list[Span] = []
        self.current: tuple[str, object] | None = None
        self.scheme: Scheme | None = None
        self.key_handler: Callable[[QKeyEvent], bool] | None = None

    # ------------------------------------------------------------------ content
    def set_text(self, text: str) -> None:
        self.text = text
        self.offsets = OffsetMap(text)
        self.setPlainText(self.offsets.display_text)
        self.spans = []
        self.current = None

    def set_spans(self, spans: list[Span], scheme: Scheme,
                  current: tuple[str, object] | None = None) -> None:
        self.spans = spans
        self.scheme = scheme
        self.current = current
        self.redraw()

    def redraw(self) -> None:
        if self.scheme is None:
            return
        selections = []
        document = self.document()
        ordered = sorted(self.spans, key=lambda s: s.key == self.current)  # current on top
        for span in ordered:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(self.offsets.to_qt(span.start))
            cursor.setPosition(self.offsets.to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = format_for(span, self.scheme, span.key == self.current)
            selections.append(selection)
        self.setExtraSelections(selections)

    # ------------------------------------------------------------------ positions
    def selection_offsets(self) -> tuple[int, int]:
        cursor = self.textCursor()
        return (self.offsets.from_qt(cursor.selectionStart()),
                self.offsets.from_qt(cursor.selectionEnd()))

    def caret_offset(self) -> int:
        return self.offsets.from_qt(self.textCursor().position())

    def select_span(self, start: int, end: int, *, ensure_visible: bool = True) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if ensure_visible:
            self.ensureCursorVisible()

    def place_caret(self, offset: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_qt(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def spans_at(self, offset: int) -> list[Span]:
        return [s for s in self.spans if s.start <= offset < s.end]

    # ------------------------------------------------------------------ events
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.key_handler is not None and self.key_handler(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            cursor = self.cursorForPosition(event.pos())
            offset = self.offsets.from_qt(cursor.position())
            tips = [s.tooltip for s in self.spans_at(offset)]
            if tips:
                QToolTip.showText(event.globalPos(), "\n".join(tips), self)
            else:
                QToolTip.hideText()
            return True
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            event.accept()
            return True
        return super().event(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab moves between highlights, not between widgets

    def zoom(self, steps: int) -> None:
        if steps > 0:
            self.zoomIn(steps)
        else:
            self.zoomOut(-steps)
