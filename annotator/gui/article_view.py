"""The article text with its highlights: display, selection in code points, hover, zoom.

Keys are not handled here: a key handler (keys.py) gets first refusal on every key press, so
this widget stays a view. Highlights are extra selections, not document formats, so redrawing
never touches the text and 300 spans redraw in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPen,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotator.core.scheme import Scheme
from annotator.gui.highlights import Span, colour_of, format_for
from annotator.gui.offsets import OffsetMap

DRAW_MARGIN = 4000  # Qt positions drawn beyond each edge of the visible text
SEARCH_FORMAT = QTextCharFormat()
SEARCH_FORMAT.setBackground(QColor(255, 236, 120))
SEARCH_FORMAT.setFontWeight(QFont.Weight.DemiBold)


def find_words(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the search's words occur, as a word or the start of one (the search matches the
    last word as a prefix; FTS matches whole words, and a word's start is what the eye finds)."""
    if not words or not text:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*",
                         re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


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
        self.search_words: list[str] = []
        self.search_marks: list[tuple[int, int]] = []
        self._drawn = (0, 0)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # ------------------------------------------------------------------ content
    def set_search_words(self, words: list[str]) -> None:
        """The queue search's words, marked in each article opened while it is active."""
        self.search_words = [w.casefold() for w in words if w]
        self.search_marks = find_words(self.text, self.search_words)

    def set_text(self, text: str) -> None:
        self.text = text
        self.search_marks = find_words(text, self.search_words)
        self.offsets = OffsetMap(text)
        self.spans = []
        self.current = None
        self.blockSignals(True)  # no caret-moved redraw of the old document's highlights
        self.setPlainText(self.offsets.display_text)
        self.blockSignals(False)

    def set_spans(self, spans: list[Span], scheme: Scheme,
                  current: tuple[str, object] | None = None) -> None:
        self.spans = spans
        self.scheme = scheme
        self.current = current
        self.redraw()

    def _visible_range(self) -> tuple[int, int]:
        viewport = self.viewport()
        first = self.cursorForPosition(QPoint(0, 0)).position()
        last = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        return first, last

    def _scrolled(self) -> None:
        first, last = self._visible_range()
        low, high = self._drawn
        if first < low or last > high:
            self.redraw()

    def redraw(self) -> None:
        """Only the highlights near the visible part are handed to Qt (plus a margin of a few
        screens): extra selections make Qt lay out every line they touch, which for 300
        spans over a long article cost most of the time to open it (bench/gui.py)."""
        if self.scheme is None:
            return
        first, last = self._visible_range()
        low, high = max(0, first - DRAW_MARGIN), last + DRAW_MARGIN
        self._drawn = (low, high) if low > 0 or high < self.offsets.qt_length else (0, 1 << 62)
        selections = []
        document = self.document()
        formats: dict[tuple, object] = {}  # ~15 distinct looks for hundreds of spans
        ordered = sorted(self.spans, key=lambda s: s.key == self.current)  # current on top
        to_qt = self.offsets.to_qt

        def add(start: int, end: int, look: object) -> None:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = look
            selections.append(selection)

        for start, end in self.search_marks:  # under the highlights: found words stay legible
            if to_qt(end) >= low and to_qt(start) <= high:
                add(to_qt(start), to_qt(end), SEARCH_FORMAT)
        for span in ordered:
            if to_qt(span.end) < low or to_qt(span.start) > high:
                continue
            current = span.key == self.current
            look = (span.source, span.kind, span.label, current)
            if look not in formats:
                formats[look] = format_for(span, self.scheme, current)
            add(to_qt(span.start), to_qt(span.end), formats[look])
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

    def paintEvent(self, event: object) -> None:
        """The text and its highlights, then a bracket at each end of every statement in view:
        two statements side by side share a band colour, and without the brackets they read
        as one."""
        super().paintEvent(event)  # type: ignore[arg-type]
        if self.scheme is None:
            return
        statements = [s for s in self.spans if s.kind == "STATEMENT" and s.source == "annotation"]
        if not statements:
            return
        first, last = self._visible_range()
        to_qt = self.offsets.to_qt
        painter = QPainter(self.viewport())
        try:
            for span in statements:
                start, end = to_qt(span.start), to_qt(span.end)
                if end < first or start > last:
                    continue
                colour = colour_of(self.scheme, span.label)
                colour.setAlpha(230)
                painter.setPen(QPen(colour, 2))
                for position, opening in ((start, True), (end, False)):
                    cursor = QTextCursor(self.document())
                    cursor.setPosition(position)
                    rect = self.cursorRect(cursor)
                    x = rect.left() + (0 if opening else 1)
                    serif = 3 if opening else -3
                    painter.drawLine(x, rect.top(), x, rect.bottom())
                    painter.drawLine(x, rect.top(), x + serif, rect.top())
                    painter.drawLine(x, rect.bottom(), x + serif, rect.bottom())
        finally:
            painter.end()

    def statement_brackets(self) -> list[tuple[int, int]]:
        """The Qt positions bracketed by paintEvent (tests read them)."""
        return [(self.offsets.to_qt(s.start), self.offsets.to_qt(s.end)) for s in self.spans
                if s.kind == "STATEMENT" and s.source == "annotation"]

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab moves between highlights, not between widgets

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.spans:
            self._scrolled()

    def zoom(self, steps: int) -> None:
        if steps > 0:
            self.zoomIn(steps)
        else:
            self.zoomOut(-steps)
