"""Mapping between Python code-point offsets (our storage) and Qt text positions.

QPlainTextEdit counts UTF-16 code units (an emoji outside the BMP is two positions) and turns
"\\r\\n" into one paragraph break. Annotations are stored in code points of the original text,
so every highlight and every selection goes through this map. Pure Python, tested without Qt.
"""

from __future__ import annotations

from bisect import bisect_right


class OffsetMap:
    def __init__(self, text: str) -> None:
        if "\r" not in text and (not text or max(text) <= "\uffff"):
            # the common case: one code point is one Qt position, and the text is shown as is
            self.to_qt_table = range(len(text) + 1)  # type: ignore[assignment]
            self.display_text = text
            self.qt_length = len(text)
            return
        display: list[str] = []
        to_qt = [0] * (len(text) + 1)
        pos = 0
        i = 0
        n = len(text)
        while i < n:
            ch = text[i]
            to_qt[i] = pos
            if ch == "\r":
                if i + 1 < n and text[i + 1] == "\n":
                    # both code points of CRLF map onto the one Qt paragraph break
                    to_qt[i + 1] = pos
                    display.append("\n")
                    pos += 1
                    i += 2
                    continue
                display.append("\n")
                pos += 1
            else:
                display.append(ch)
                pos += 2 if ord(ch) > 0xFFFF else 1
            i += 1
        to_qt[n] = pos
        self.to_qt_table = to_qt
        self.display_text = "".join(display)
        self.qt_length = pos

    def to_qt(self, offset: int) -> int:
        return self.to_qt_table[max(0, min(offset, len(self.to_qt_table) - 1))]

    def from_qt(self, position: int) -> int:
        """The code-point offset at a Qt position (the first code point mapping there)."""
        table = self.to_qt_table
        index = bisect_right(table, position) - 1
        while index > 0 and table[index - 1] == table[index]:
            index -= 1
        return max(0, index)
