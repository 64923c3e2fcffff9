"""A sentence's statement score with its neighbours' in the document.

Statements come in runs: a speaker's quotation goes on over several sentences, and a
paragraph that reports a position holds it in more than one sentence, while the narration
around them does not. The statement model scores each sentence on its own words and a few
features of the sentences around it; here its log-odds of being a statement gains a share of
the mean log-odds of the sentences just before and after it in the same document. The share
is learnt, not set: by likelihood on the held-out scores of the training folds (a two-weight
logistic regression, a "stacked" second stage), so it is what the training data says
neighbours are worth. The type shares of a sentence are left as the model gave them.

Documents are told apart by the context `statement_features.with_context` gives each
sentence ("ctx:first" opens one); a sentence without that context (scored on its own) has no
neighbours and keeps its score.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

# the share is kept within these bounds: a few held-out sentences must not let a neighbour
# outweigh the sentence itself
MAX_WEIGHT = 1.0
# fewer held-out sentences with a neighbour than this: no share is learnt from them
MIN_SENTENCES = 200
_EPS = 1e-6


Place = tuple[str, int]  # (document, position among its sentences; -1 where not known)


def neighbour_links(views: Sequence[Any], places: Sequence[Place] | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(previous, next) index of each sentence's neighbour in its document, -1 for none. Two
    sentences in a row are neighbours where both carry a position in their document and the
    second does not open one; with `places`, only where both come from the same document and,
    where their positions are known, stand next to each other there (a project's labelled
    sentences of a document it has not finished are not all its sentences)."""
    n = len(views)
    prev = np.full(n, -1, dtype=np.int64)
    nxt = np.full(n, -1, dtype=np.int64)
    placed = [bool(v.context) and v.context[0] in ("ctx:first", "ctx:lead", "ctx:body")
              for v in views]
    for i in range(1, n):
        if not (placed[i] and placed[i - 1] and views[i].context[0] != "ctx:first"):
            continue
        if places is not None:
            (doc, at), (doc_before, at_before) = places[i], places[i - 1]
            if doc != doc_before or ((at >= 0 or at_before >= 0) and at != at_before + 1):
                continue
        prev[i] = i - 1
        nxt[i - 1] = i
    return prev, nxt


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


def _around(z: np.ndarray, prev: np.ndarray, nxt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean log-odds of the neighbours, whether there is any)."""
    has_prev, has_next = prev >= 0, nxt >= 0
    total = np.where(has_prev, z[prev], 0.0) + np.where(has_next, z[nxt], 0.0)
    count = has_prev.astype(float) + has_next
    return np.where(count > 0, total / np.maximum(count, 1), 0.0), count > 0


def smoothed(probs: np.ndarray, views: Sequence[Any], weight: float,
             places: Sequence[Place] | None = None) -> np.ndarray:
    """Class probabilities (column 0 "not a statement") with each sentence's statement
    log-odds raised by `weight` x its neighbours' mean; the types keep their shares."""
    if not weight or not len(probs):
        return probs
    prev, nxt = neighbour_links(views, places)
    statement = 1.0 - probs[:, 0]
    z = _logit(statement)
    mean, has = _around(z, prev, nxt)
    new = np.where(has, 1.0 / (1.0 + np.exp(-(z + weight * mean))), statement)
    out = probs.copy()
    share = probs[:, 1:] / np.maximum(statement, 1e-12)[:, None]
    out[:, 0] = 1.0 - new
    out[:, 1:] = share * new[:, None]
    return out


def learn_weight(scores: np.ndarray, positive: np.ndarray, views: Sequence[Any],
                 places: Sequence[Place] | None = None) -> float | None:
    """The neighbours' share that best predicts held-out labels: logistic regression of
    "is a statement" on (own log-odds, neighbours' mean log-odds, 1) over the sentences that
    have a neighbour, fit by Newton's method; the share is the ratio of the two weights,
    within [0, MAX_WEIGHT], rounded so that a rebuild gives the same model. None where too
    few sentences (`MIN_SENTENCES`) or only one kind have a neighbour to learn from."""
    prev, nxt = neighbour_links(views, places)
    z = _logit(np.asarray(scores, dtype=np.float64))
    mean, has = _around(z, prev, nxt)
    y = np.asarray(positive, dtype=np.float64)[has]
    if has.sum() < MIN_SENTENCES or y.all() or not y.any():
        return None
    x = np.c_[z[has], mean[has], np.ones(int(has.sum()))]
    w = np.zeros(3)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + 1e-3 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x / len(y) + 1e-3 * np.eye(3)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    if w[0] <= 0:
        return 0.0
    return round(float(min(max(w[1] / w[0], 0.0), MAX_WEIGHT)), 2)
