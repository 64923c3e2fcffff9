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


def test_type_errors_keeps_one_cell_and_counts_what_the_rules_decide():
    from bench.type_errors import errors, rule_table

    gold = ["STANCE", "ASSESSMENT", "ASSESSMENT", None, "THREAT", "ASSESSMENT"]
    proposed = ["STANCE", "STANCE", "COMMITMENT", "STANCE", "STANCE", "STANCE"]
    drawn = [True, True, True, True, True, False]
    assert errors(gold, proposed, drawn) == [1, 2, 4]
    assert errors(gold, proposed, drawn, every=True) == [1, 2, 4, 5]
    assert errors(gold, proposed, drawn, gold="ASSESSMENT", wrong_as="STANCE") == [1]
    decided = ["STANCE", None, "ASSESSMENT", "THREAT", "THREAT", None]
    assert rule_table(gold, decided) == {"STANCE": {"STANCE": 1},
                                         "ASSESSMENT": {"ASSESSMENT": 1},
                                         "THREAT": {"none": 1, "THREAT": 1}}
