"""`find_bad_text` skips its walk when a C-speed check shows no NUL or lone surrogate can be
there; it must still find every one, wherever it is nested, and say where."""

from __future__ import annotations

import pytest

from annotator.core.text import find_bad_text

LONG = "é" * 300  # long strings of a dict are checked apart from the rest


@pytest.mark.parametrize("value, where", [
    ({"spans": [{"label": "GPE", "attrs": {"note": "a\x00b"}}]}, "spans[0].attrs.note"),
    ({"spans": [[1, 2, "\ud800"]]}, "spans[0][2]"),
    ({"k\x00": LONG}, " (a key)"),
    ({"text": LONG + "\x00"}, "text"),
    ({"text": LONG + "\udfff", "title": "t"}, "text"),
    (("x", ["\ud83d"]), "[1][0]"),
])
def test_every_bad_string_is_found_and_placed(value, where):
    found = find_bad_text(value)
    assert found is not None and found.endswith(f"in {where}")


@pytest.mark.parametrize("value", [
    {"text": LONG + " 🇰🇷 Cafe\u0301", "spans": [[0, 5, "GPE"]], "meta": {"n": 1.5, "x": None}},
    {"text": r"a literal \x00 and \ud800 in the text", "spans": []},  # a false alarm: walked
    {"t": "\\" + LONG},
])
def test_clean_values_pass(value):
    assert find_bad_text(value) is None
