"""What tells a statement from reported speech: tense and mood of the reported words, the
reporting verb against the quotation, attribution against commitment, the document's kind."""

from __future__ import annotations

from annotator.nlp.speech_features import political_context, tense_and_mood
from annotator.nlp.statement_features import Mention, SentenceView, feature_names, with_context


def _features(text: str, *mentions: Mention) -> set[str]:
    return set(feature_names(SentenceView(text, (), mentions)))


def test_the_reported_words_have_their_own_tense_and_person():
    quote = _features('"We will never give up," Lam said on Monday.')
    assert {"inq:future", "inq:first", "inq:neg", "qp:rv_after", "time:weekday"} <= quote
    narration = _features("Lam said the talks had failed and the plan was dropped.")
    assert {"rep:pluperfect", "rep:pastbe", "att:neutral_only", "att:neutral_no_cue"} <= narration
    assert not {f for f in narration if f.startswith(("inq:", "qp:"))}  # no quote marks


def test_commitment_verbs_against_attribution():
    assert "tm:commit_to" in _features("Japan vowed to defend the islands.")
    assert "tm:commit_to" not in _features("Japan defended the islands.")
    assert "tm:perfect_report" in _features("Lam had said so before.")
    assert {"qp:rv_before", "qp:short", "qp:phrase"} <= _features(
        'Lam said the plan was "a disaster" for the region and for its farmers alike.')


def test_tense_and_mood_of_a_few_words():
    assert tense_and_mood("x", ["we", "are", "going", "to", "stay"]) == [
        "x:future", "x:present", "x:first"]
    assert tense_and_mood("x", ["they", "need", "to", "act", "?"]) == ["x:oblig", "x:question"]
    assert tense_and_mood("x", ["it", "has", "risen"]) == ["x:perfect"]


def test_a_documents_political_share_reaches_every_sentence():
    assert political_context([]) == ()
    assert political_context([True, False, False, False]) == ("ctx:pol>=0.15", "ctx:pol>=0.25")
    assert political_context([False] * 9 + [True]) == ()
    lam = Mention(15, 18, "PERSON", None)  # "Lam"
    politics = with_context([SentenceView(t) for t in (
        "The senator spoke.", "The governor agreed.", "It rained.")] +
        [SentenceView('"We will win," Lam said.', (), (lam,))])
    sport = with_context([SentenceView(t) for t in ("The match began.", "It rained.")] +
                         [SentenceView('"We will win," Lam said.', (), (lam,))])
    assert "ctx:pol>=0.45" in politics[2].context  # a sentence without the words carries it too
    quoted_politics, quoted_sport = feature_names(politics[3]), feature_names(sport[2])
    assert {"pol0.45+q", "pol0.45+rv", "pol0.45+first", "pol0.45+person"} <= set(quoted_politics)
    assert not {f for f in quoted_sport if f.startswith(("pol", "ctx:pol"))}


def test_they_move_whether_a_sentence_is_a_statement_not_its_type():
    import numpy as np

    from annotator.nlp.statement_features import DETECTION_ONLY
    from annotator.nlp.statement_model import Example, fit

    texts = [('"We will build it," the senator said.', "COMMITMENT"),
             ('"They must leave," the senator said.', "DEMAND"),
             ("The senator had said it was over.", None),
             ('He was "tired" on Monday, the senator said.', None)] * 3
    model = fit([Example(SentenceView(t), label, str(i)) for i, (t, label) in enumerate(texts)],
                steps=20)
    detection = np.isin(model.feature_ids, np.fromiter(DETECTION_ONLY, dtype=np.uint32))
    assert detection.sum() >= 5
    assert not model.weights[detection, 1:].any()  # no type learns them
    assert model.weights[detection, 0].any()  # "not a statement" does


def test_every_feature_of_the_module_is_kept_off_the_types():
    from annotator.nlp.speech_features import names, political_features, speech_features
    from annotator.nlp.statement_features import REPORTING, tokens

    texts = ['"We will not go, and I must say: would you?" Lam said on Monday in 2019.',
             "Lam had said the plan, which has failed, was over.", "He vowed to act, she told us.",
             'The senator said the bill was "dead".']
    views = with_context([SentenceView(t) for t in texts])
    made = set()
    for view in views:
        toks = tokens(view)
        made |= set(speech_features(view.text, toks, REPORTING, False))
        made |= set(political_features(view.text, {t for _, t in toks}, view.context,
                                       REPORTING, True))
        made |= {f for f in view.context if f.startswith("ctx:pol")}
    assert len(made) >= 25
    assert made <= set(names())
