"""bench/type_confusion.py counts gold type against proposed type over drawn statements only."""

from __future__ import annotations

from bench.type_confusion import confusion


def test_confusion_counts_drawn_statements_only():
    gold = ["STANCE", "STANCE", "ASSESSMENT", None, "DEMAND", "ASSESSMENT"]
    proposed = ["STANCE", "COMMITMENT", "STANCE", "STANCE", "STANCE", "ASSESSMENT"]
    drawn = [True, True, True, True, False, True]
    assert confusion(gold, proposed, drawn) == {
        "STANCE": {"STANCE": 1, "COMMITMENT": 1},
        "ASSESSMENT": {"STANCE": 1, "ASSESSMENT": 1},
    }
