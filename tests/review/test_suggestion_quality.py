"""Suggestion quality, pure: hand-made cases whose every figure is worked out by hand."""

from __future__ import annotations

import pytest

from annotator.review.suggestion_quality import (
    Case,
    Mention,
    Statement,
    covers,
    parse_hard_negatives,
    quality_report,
)

TYPES = ["COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT"]


def test_half_coverage_decides_a_match():
    assert covers(Statement(0, 10, "STANCE"), 5, 15)  # 5 of 10: exactly half
    assert not covers(Statement(0, 10, "STANCE"), 5, 16)  # 5 of 11: under half
    assert covers(Statement(0, 10, "STANCE"), 4, 15)  # 6 of 11
    assert not covers(Statement(0, 4, "STANCE"), 0, 10)  # 4 of 10
    assert not covers((0, 10), 3, 3)  # an empty span is never covered


def test_detection_types_and_slots_by_hand():
    # Document 1: two gold statements; one suggestion finds the first with the wrong type and
    # the right holder, one finds the second with the right type and wrong target, and one
    # finds nothing.
    gold = [Statement(0, 40, "COMMITMENT", "USA", "KOR"), Statement(41, 80, "THREAT", "PRK", None)]
    suggested = [Statement(0, 40, "STANCE", "USA", "KOR"), Statement(41, 90, "THREAT", "PRK", "USA"),
                 Statement(100, 140, "DEMAND", "CHN", None)]
    # Document 2: one gold statement missed, no suggestion.
    cases = [Case(1, "one", gold, suggested), Case(2, "two", [Statement(0, 20, "DEMAND", "RUS")], [])]
    report = quality_report(cases, TYPES)
    st = report["statements"]
    d = st["detection"]
    assert (d["support"], d["found"], d["predicted"], d["correct"]) == (3, 2, 3, 2)
    assert d["recall"] == pytest.approx(2 / 3) and d["precision"] == pytest.approx(2 / 3)
    assert d["f1"] == pytest.approx(2 / 3)
    assert st["types"]["THREAT"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1,
                                     "predicted": 1, "found": 1, "correct": 1}
    assert st["types"]["COMMITMENT"]["recall"] == 0.0 and st["types"]["COMMITMENT"]["precision"] is None
    assert st["types"]["STANCE"]["precision"] == 0.0 and st["types"]["STANCE"]["recall"] is None
    assert st["types"]["DEMAND"]["recall"] == 0.0 and st["types"]["DEMAND"]["precision"] == 0.0
    assert st["types"]["ASSESSMENT"]["f1"] is None  # nothing to count: n/a, not 0
    # macro F1 over types with gold support: COMMITMENT 0 (P undefined -> F1 undefined), THREAT 1,
    # DEMAND 0.
    assert st["macro_f1"] == pytest.approx(0.5)
    assert st["type_accuracy"] == {"value": 0.5, "right": 1, "n": 2}
    assert st["holder_accuracy"] == {"value": 1.0, "right": 2, "n": 2}
    assert st["target_accuracy"] == {"value": 0.5, "right": 1, "n": 2}  # None vs "USA" is wrong
    assert [row["found"] for row in report["per_document"]] == [2, 0]


def test_best_match_pairs_the_suggestion_that_overlaps_most():
    gold = [Statement(10, 30, "STANCE", "USA")]
    suggested = [Statement(0, 21, "THREAT", "RUS"), Statement(12, 40, "STANCE", "USA")]
    st = quality_report([Case(1, None, gold, suggested)], TYPES)["statements"]
    assert st["type_accuracy"]["value"] == 1.0 and st["holder_accuracy"]["value"] == 1.0
    # Both suggestions cover half of it: both are correct for detection precision.
    assert st["detection"]["correct"] == 2


def test_an_empty_gold_slot_means_none_in_every_spelling():
    gold = [Statement(0, 10, "STANCE", None, "none"), Statement(20, 30, "STANCE", "", None),
            Statement(40, 50, "STANCE", "USA", None)]
    suggested = [Statement(0, 10, "STANCE", "USA", None), Statement(20, 30, "STANCE", "none", ""),
                 Statement(40, 50, "STANCE", "USA", "KOR")]
    st = quality_report([Case(1, None, gold, suggested)], TYPES)["statements"]
    assert st["holder_accuracy"] == {"value": 2 / 3, "right": 2, "n": 3}  # USA for no holder: wrong
    assert st["target_accuracy"] == {"value": 2 / 3, "right": 2, "n": 3}  # KOR for none: wrong


def test_hard_negatives_and_negative_sentences_drawn_with_emoji_and_crlf_offsets():
    # Offsets are code points: the emoji is one, CRLF is two.
    text = "🇰🇷 Seoul said it would act.\r\nPyongyang said the talks were over.\r\nThe US vowed to defend KOR."
    s1 = (0, text.index("\r\n"))
    s2 = (s1[1] + 2, text.index("\r\n", s1[1] + 2))
    s3 = (s2[1] + 2, len(text))
    assert text[s3[0]:s3[1]] == "The US vowed to defend KOR."
    gold = [Statement(*s3, "COMMITMENT", "USA", "KOR")]
    suggested = [Statement(*s2, "STANCE", "PRK"), Statement(*s3, "COMMITMENT", "USA", "KOR")]
    case = Case(1, None, gold, suggested, hard_negatives=[s1, s2], sentences=[s1, s2, s3])
    report = quality_report([case], TYPES)
    assert report["hard_negatives"] == {"sentences": 2, "drawn": 1, "share_drawn": 0.5}
    assert report["negative_sentences"] == {"sentences": 2, "drawn": 1, "share_drawn": 0.5}
    assert report["statements"]["detection"]["precision"] == 0.5
    assert parse_hard_negatives([list(s1), list(s2)], len(text)) == [s1, s2]


def test_no_hard_negatives_or_bounds_give_undefined_shares():
    report = quality_report([Case(1, None, [Statement(0, 5, "STANCE")], [])], TYPES)
    assert report["hard_negatives"]["share_drawn"] is None
    assert report["negative_sentences"]["share_drawn"] is None
    assert report["statements"]["detection"]["precision"] is None
    assert report["statements"]["type_accuracy"]["value"] is None


@pytest.mark.parametrize("value, fragment", [
    ({"a": 1}, "must be a list"), ([[1]], "not a [start, end] pair"), ([[True, 3]], "not a"),
    ([[5, 3]], "outside the text"), ([[0, 99]], "outside the text"),
])
def test_bad_hard_negatives_are_refused(value, fragment):
    with pytest.raises(ValueError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        parse_hard_negatives(value, 20)


def test_actor_mentions_precision_recall_and_linking():
    gold = [Mention(0, 5, "GPE", "KOR"), Mention(10, 15, "PERSON", None), Mention(20, 25, "GPE", "USA")]
    suggested = [Mention(0, 5, "NORP", "KOR"), Mention(20, 25, "GPE", "PRK"), Mention(30, 34, "ORG"),
                 Mention(40, 44, "DATE")]  # a date is no actor mention: not counted
    m = quality_report([Case(1, None, [], [], gold, suggested)], TYPES)["mentions"]
    assert (m["spans"]["precision"], m["spans"]["recall"]) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert (m["linked"]["precision"], m["linked"]["recall"]) == (0.5, 0.5)


def test_a_gold_layer_without_mentions_leaves_mention_precision_undefined():
    case = Case(1, None, [Statement(0, 5, "STANCE")], [], [], [Mention(0, 3, "GPE", "USA")])
    m = quality_report([case], TYPES)["mentions"]
    assert m["spans"]["precision"] is None and m["spans"]["recall"] is None
    assert m["linked"]["precision"] is None
    assert m["spans"]["predicted"] == 1 and m["spans"]["f1"] is None
