"""A sentence's statement score with its neighbours' (`annotator/nlp/neighbours.py`)."""

from __future__ import annotations

import numpy as np

from annotator.nlp.neighbours import learn_weight, neighbour_links, smoothed
from annotator.nlp.statement_features import SentenceView, with_context


def _document(*texts: str) -> list[SentenceView]:
    return with_context([SentenceView(t) for t in texts])


def _probs(statement: list[float]) -> np.ndarray:
    """Two classes' worth of probabilities: "none", then one type carrying the rest."""
    s = np.asarray(statement)
    return np.c_[1.0 - s, 0.75 * s, 0.25 * s]


def test_neighbours_stay_inside_their_document():
    views = _document("One.", "Two.", "Three.") + _document("Four.", "Five.")
    prev, nxt = neighbour_links(views)
    assert prev.tolist() == [-1, 0, 1, -1, 3]
    assert nxt.tolist() == [1, 2, -1, 4, -1]
    # sentences scored on their own (no context) have none
    alone = [SentenceView("One."), SentenceView("Two.")]
    assert [x.tolist() for x in neighbour_links(alone)] == [[-1, -1], [-1, -1]]
    # with documents named, two sentences of different documents are not neighbours
    prev, _ = neighbour_links(_document("A.", "B."), [("d1", -1), ("d2", -1)])
    assert prev.tolist() == [-1, -1]
    # nor, where positions are known, two sentences that do not stand next to each other
    views = _document("A.", "B.", "C.", "D.", "E.")
    kept = [views[i] for i in (0, 1, 3)]
    prev, nxt = neighbour_links(kept, [("d", 0), ("d", 1), ("d", 3)])
    assert prev.tolist() == [-1, 0, -1] and nxt.tolist() == [1, -1, -1]


def test_a_sentence_between_statements_scores_higher_than_between_narration():
    views = _document("A.", "B.", "C.", "D.", "E.", "F.")
    probs = _probs([0.9, 0.3, 0.9, 0.05, 0.3, 0.05])
    out = smoothed(probs, views, 0.4)
    assert out[1, 0] < probs[1, 0] and out[4, 0] > probs[4, 0]  # same score, other company
    assert 1.0 - out[1, 0] > 1.0 - out[4, 0]
    # the types keep their shares and the rows stay probabilities
    assert np.allclose(out[:, 1] / out[:, 2], 3.0)
    assert np.allclose(out.sum(axis=1), 1.0)
    # no share, or no neighbours: nothing moves
    assert np.array_equal(smoothed(probs, views, 0.0), probs)
    alone = [SentenceView(v.text) for v in views]
    assert np.allclose(smoothed(probs, alone, 0.4), probs)


def test_the_share_is_learnt_where_statements_come_in_runs_and_not_from_few():
    rng = np.random.default_rng(0)
    views, labels, scores = [], [], []
    for _ in range(60):  # documents whose statements come in runs of three
        run = rng.integers(0, 4)
        labels += [k in (run, run + 1, run + 2) for k in range(8)]
        views += _document(*(f"S{k}." for k in range(8)))
    noisy = np.clip(np.asarray(labels) * 0.4 + 0.3 + rng.normal(0, 0.2, len(labels)), 0.01,
                    0.99)
    scores = noisy.tolist()
    share = learn_weight(np.asarray(scores), np.asarray(labels), views)
    assert share is not None and 0.1 < share <= 1.0
    # shuffled labels teach nothing about neighbours
    order = rng.permutation(len(labels))
    flat = learn_weight(np.asarray(scores)[order], np.asarray(labels)[order], views)
    assert flat is not None and flat < share
    # too few sentences with a neighbour: no share learnt from them
    assert learn_weight(np.asarray(scores[:16]), np.asarray(labels[:16]), views[:16]) is None


def test_a_model_scores_with_the_share_it_learnt_and_a_small_project_keeps_the_starters():
    from annotator.nlp.statement_features import Mention
    from annotator.nlp.statement_model import Example, train

    japan = (Mention(0, 5, "GPE", "JPN"),)
    examples = []
    for d in range(12):
        views = with_context([SentenceView(f"Japan vowed to help {d}.", (), japan),
                              SentenceView(f"It will send ships {d}."),
                              SentenceView(f"Football scores {d}.")])
        examples += [Example(v, lab, f"doc{d}")
                     for v, lab in zip(views, ("COMMITMENT", "COMMITMENT", None))]
    model = train(examples, k=2, steps=40)
    assert model.meta["neighbour_weight"] == 0.0  # 36 sentences: too few to learn it from
    views = [e.view for e in examples[:3]]
    plain = model.probabilities(views)
    model.meta["neighbour_weight"] = 0.5
    moved = model.probabilities(views)
    assert moved[2, 0] < plain[2, 0]  # the football line sits next to a statement
    assert np.allclose(model.probabilities(views[2:]), plain[2:])  # alone: unmoved
    own = train(examples, k=2, steps=40, init=model)
    assert own.meta["neighbour_weight"] == 0.5  # too few labels: the starter's share


def test_an_unfinished_documents_statements_do_not_lift_one_another():
    """A project's labels of a document not marked done are its statements and rejected
    suggestions only: listed one after another they are not neighbours, or every labelled
    statement would seem to stand among statements and the learnt share would grow."""
    from annotator.nlp.statement_model import Example, places_of

    views = with_context([SentenceView(f"Sentence {k}.") for k in range(12)])
    examples = [Example(views[k], "STANCE", "doc", position=k) for k in (1, 5, 9)]
    prev, _ = neighbour_links([e.view for e in examples], places_of(examples))
    assert prev.tolist() == [-1, -1, -1]


def test_a_projects_examples_know_where_they_stand(tmp_path):
    from annotator.nlp.statement_model import places_of
    from tests.learning.conftest import build

    with build(tmp_path / "p.annotator", n_docs=3, done=False) as project:
        examples, _ = project.learning.examples(["alice"])
    # documents not done: only their statements (the second sentence of each) are examples
    assert [e.position for e in examples] == [1, 1, 1]
    prev, _ = neighbour_links([e.view for e in examples], places_of(examples))
    assert prev.tolist() == [-1, -1, -1]
