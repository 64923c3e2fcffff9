"""Pieces of the statement model: context features, type balance, the look-alike threshold."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.nlp.statement_features import (
    Cue,
    Mention,
    SentenceView,
    feature_names,
    looks_like_statement,
    with_context,
)
from annotator.nlp.statement_model import (
    Example,
    choose_threshold,
    threshold_for_share,
    train,
    type_weights,
)


def _views(*texts: str) -> list[SentenceView]:
    return [SentenceView(t) for t in texts]


def test_a_piece_of_a_quotation_knows_it_is_one():
    views = with_context(_views(
        "Sunday, January 6, 2019",
        'Lam said: "The bill is dead.',
        "It will not come back.",
        'We will listen," she added.',
        "The weather was mild."))
    inside = ["ctx:in_quote" in v.context for v in views]
    assert inside == [False, False, True, True, False]
    assert "ctx:first" in views[0].context and "ctx:body" in views[4].context
    assert "ctx:prev_rv" in views[2].context and "ctx:next_rv" in views[2].context
    # the context reaches the model's features
    assert "ctx:in_quote" in feature_names(views[2])


def test_curly_quotes_and_a_stray_mark():
    views = with_context(_views("“We are ready.", "Talks go on,” he said.", "Then a pause.",
                                'A stray " mark.', "One.", "Two.", "Three.", "Four.", "Five."))
    inside = ["ctx:in_quote" in v.context for v in views]
    assert inside[:3] == [False, True, False]
    assert inside[4:8] == [True, True, True, True] and not inside[8]  # gives up after four


def test_stems_join_a_verbs_forms():
    a, b = (set(feature_names(SentenceView(t))) for t in ("Japan pledged aid.", "Japan pledges aid."))
    assert {f for f in a if f.startswith("s:")} & {f for f in b if f.startswith("s:")}


def test_looks_like_a_statement():
    japan = (Mention(0, 5, "GPE", "JPN"),)
    assert looks_like_statement(SentenceView("Japan said it was ready.", (), japan))
    assert looks_like_statement(SentenceView("Japan pledged aid.", (Cue(6, 13, "pledge",
                                                                         "COMMITMENT"),), japan))
    assert not looks_like_statement(SentenceView("Japan won the match.", (), japan))
    assert not looks_like_statement(SentenceView("He said it was ready."))  # no actor named


def test_rare_types_weigh_more_and_the_statements_total_stays():
    labels = ["STANCE"] * 8 + ["THREAT"] * 2 + [None] * 5
    w = type_weights(labels, 0.5)
    assert w[-1] == 1.0 and w[8] > 1.0 > w[0]
    assert w[:10].sum() == pytest.approx(10)
    assert (type_weights(labels, 0) == 1).all()


def test_threshold_draws_at_most_the_share_of_lookalikes():
    scores = np.asarray([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05])
    lookalike = np.asarray([False, True, False, True, False, True, False, True, False, True])
    th = threshold_for_share(scores, lookalike, 0.4)  # 2 of the 5 may be drawn
    assert ((scores >= th) & lookalike).sum() == 2 and th > 0.4
    assert ((scores >= threshold_for_share(scores, lookalike, 0.0)) & lookalike).sum() == 0
    assert threshold_for_share(scores, lookalike, 1.0) <= 0.05


def test_the_threshold_for_a_precision_is_cut_just_under_a_statement():
    scores = np.asarray([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    gold = ["S", "S", None, None, "S", None]
    # precision 0.5 is held down to 0.4 (3 of 6), but the last statement is at 0.5: below it
    # only wrong candidates would be added
    assert choose_threshold(scores, gold, 0.5) == 0.5
    assert choose_threshold(scores, gold, 0.7) == 0.8  # 2 of 2; 3 of 5 is 0.6
    assert choose_threshold(scores, gold, 0.3) == 0.5


def test_train_with_a_lookalike_share_keeps_the_documents_with_statements_for_retarget():
    japan = (Mention(0, 5, "GPE", "JPN"),)
    examples = []
    for d in range(10):
        examples += [Example(SentenceView(f"Japan vowed to help {d}.", (), japan), "COMMITMENT",
                             f"doc{d}"),
                     Example(SentenceView(f"Japan said it rained {d}.", (), japan), None, f"doc{d}"),
                     Example(SentenceView(f"Football scores {d}."), None, f"other{d}")]
    model = train(examples, lookalike_share=0.3, k=2, steps=40)
    assert model.meta["threshold_rule"].startswith("held-out look-alike")
    assert model.meta["target_precision"] is None
    assert len(model.meta["curve"]) == 20  # the sentences of the documents with statements
    model.retarget(0.9)
    assert model.meta["target_precision"] == 0.9

