"""Reported words that commit to nothing, by the written rules' kinds of hard negative:
condolences, a bare attribution, and a piece of a quotation read as the speaker's words."""

from __future__ import annotations

from annotator.nlp.narration import NAMES
from annotator.nlp.statement_features import Mention, SentenceView, feature_names, with_context


def _features(text: str, *mentions: Mention) -> set[str]:
    return set(feature_names(SentenceView(text, (), mentions)))


def test_words_of_condolence_and_prayer():
    assert "nar:sympathy" in _features(
        '"Our thoughts and prayers are with the families," the senator said.')
    assert "nar:sympathy" in _features("The minister offered his condolences to the victims.")
    assert "nar:sympathy" not in _features('"We will rebuild the town," the senator said.')


def test_a_bare_attribution_reports_who_spoke_and_little_of_what():
    macron = Mention(0, 6, "PERSON", "FRA")
    assert "nar:short_report" in _features("Macron told the world on Thursday via Twitter.", macron)
    assert "nar:short_report" in _features("Lam said so on Monday.")
    # the words come before the verb, or there are many of them, or they are quoted
    assert "nar:short_report" not in _features("The plan will fail, Lam said on Monday.")
    assert "nar:short_report" not in _features(
        "Lam said the talks had failed, the plan was dropped and the budget would be cut.")
    assert "nar:short_report" not in _features('Lam said "no".')
    assert "nar:short_report" not in _features("The plan will fail.")  # reports no speech


def test_a_piece_of_a_quotation_is_read_as_the_speakers_words():
    views = with_context([SentenceView(t) for t in (
        "“We will not stop.", "It is a disgrace.", "We met on Tuesday.”", "It rained.")])
    piece = set(feature_names(views[1]))
    quoted = _features('"It is a disgrace," Lam said.')
    assert {"nar:piece", "inq:present", "ev:any", "ev:neg"} <= piece
    assert {"inq:present", "ev:any", "ev:neg"} <= quoted
    # a piece that narrates reads otherwise; quote marks of its own, or none open: no piece
    assert "ev:none" in feature_names(with_context([SentenceView("“We will not stop."),
                                                    SentenceView("We met on Tuesday.")])[1])
    assert "nar:piece" not in feature_names(views[2])
    assert not {f for f in feature_names(views[3]) if f.startswith(("nar:", "inq:", "ev:"))}


def test_they_are_detection_features():
    from annotator.nlp.speech_features import names
    from annotator.nlp.statement_features import DETECTION_ONLY, _hash

    assert set(NAMES) <= set(names())
    assert {_hash(n) for n in NAMES} <= DETECTION_ONLY
