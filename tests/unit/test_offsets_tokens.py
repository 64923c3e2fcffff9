from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.tokens import snap_to_tokens, token_spans
from annotator.gui.offsets import OffsetMap


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def test_offset_map_handles_emoji_crlf_and_combining_marks():
    text = "A 🇰🇷 b\r\nCafe\u0301 👍🏽 end\rx"
    m = OffsetMap(text)
    assert "\r" not in m.display_text
    for i in range(len(text) + 1):
        prefix = text[:i].replace("\r\n", "\n").replace("\r", "\n")
        if i and text[i - 1] == "\r" and i < len(text) and text[i] == "\n":
            continue  # inside a CRLF pair
        assert m.to_qt(i) == utf16_len(prefix)
        assert m.from_qt(m.to_qt(i)) == i
    assert m.qt_length == utf16_len(m.display_text)


PIECES = ["a", "b", " ", "\r", "\n", "🇰🇷", "e\u0301", "中"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_offset_map_round_trips(text):
    m = OffsetMap(text)
    assert m.qt_length == utf16_len(m.display_text)
    for i in range(len(text) + 1):
        j = m.from_qt(m.to_qt(i))
        assert m.to_qt(j) == m.to_qt(i) and j <= i


def test_snap_to_tokens():
    text = "US Defense Secretary Leon Panetta on Wednesday met Kim Kwan-jin, DPRK's envoy."
    start = text.index("fense")
    assert snap_to_tokens(text, start, start + 3) == (text.index("Defense"), text.index(" Secretary"))
    s = text.index("Kwan")
    assert text[slice(*snap_to_tokens(text, s + 1, s + 6))] == "Kwan-jin"
    s = text.index(" Leon")
    assert text[slice(*snap_to_tokens(text, s, s + 8))] == "Leon Panetta"
    assert snap_to_tokens(text, 2, 3) == (3, 3)  # only white space
    assert ("DPRK's" in [text[a:b] for a, b in token_spans(text)])
