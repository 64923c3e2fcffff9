"""The type head: a second look at a statement's type, from the structure the rules name.

The statement model gives each sentence a score (is it a statement of any type?) and the
types' shares of it, from one multinomial regression over words and the rules' findings.
Those words carry the topic more than the type, and the majority type (STANCE) takes most of
the rest. The head re-weighs the types' shares with the features of `type_features` (the
frame verb and the reported clause's subject, modal or copula, condition): its logits are
added to the log type shares, and the statement score is left exactly as it was, so the
recall and hard negatives drawn at the threshold do not move.

It is "stacked": trained on the statements' *held-out* type shares (the folds' models in
`statement_model.train`), so that it learns what the regression misses on unseen sentences
rather than what it already fits on its own training data. With them it learns how far to
trust those shares (`scale`, their log's weight, 1 for a head stored without one): the
regression's shares are sharper on its own kind of text than they are right on another, and
a weight below 1 lets the structure speak where the words lean only a little. A project's head is regularised
towards the starter's (`prior`): with few statements it stays the starter's, and moves as the
project's labels show otherwise.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from annotator.nlp.statement_features import SentenceView
from annotator.nlp.type_features import type_feature_names

# by cross-validation on the starter's statements (5 folds by document; the head and the
# weight of the shares trained on the held-out type shares of the others; type accuracy over
# all statements after the written rules): 3e-3 0.743, 1e-2 0.745, 3e-2 0.749, 1e-1 0.745
# (docs/benchmarks.md, "The type head where no written rule decides"); the weight of the
# shares is held towards its start (1, or the prior's) as the weights are towards theirs
L2 = 3e-2
STEPS = 300
RATE = 0.05
MIN_COUNT = 2  # a structure seen in fewer training statements teaches nothing that carries
_EPS = 1e-9


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8"))


def hashed(views: Sequence[SentenceView]) -> tuple[np.ndarray, np.ndarray]:
    """The sentences' structure features as CSR ids without values (as `statement_features
    .hashed` gives the model's own)."""
    ids: list[int] = []
    indptr = [0]
    for view in views:
        ids.extend(sorted({_hash(f) for f in type_feature_names(view)}))
        indptr.append(len(ids))
    return np.asarray(ids, dtype=np.uint32), np.asarray(indptr, dtype=np.int64)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _log_shares(probs: np.ndarray) -> np.ndarray:
    """Each row's types' shares of its statement probability (column 0 is "none"), logged."""
    types = probs[:, 1:]
    return np.log(np.clip(types / np.maximum(types.sum(axis=1, keepdims=True), _EPS), _EPS,
                          1.0))


@dataclass
class TypeHead:
    types: list[str]  # the statement types, in the model's class order after "none"
    feature_ids: np.ndarray  # sorted uint32 hashed structure features
    weights: np.ndarray  # (len(feature_ids), len(types)) float32
    scale: float = 1.0  # the weight of the regression's log type shares beside the logits

    def arrays(self) -> dict[str, np.ndarray]:
        """The head as arrays of a stored model (`statement_model.StatementModel.to_bytes`)."""
        return {"type_ids": self.feature_ids, "type_weights": self.weights.astype(np.float32),
                "type_scale": np.asarray([self.scale], dtype=np.float64)}

    @classmethod
    def from_arrays(cls, types: list[str], arrays: dict[str, np.ndarray]) -> TypeHead:
        """The head of a stored model; one stored before the shares had a weight keeps 1."""
        scale = float(arrays["type_scale"][0]) if "type_scale" in arrays else 1.0
        return cls(types, arrays["type_ids"].astype(np.uint32),
                   arrays["type_weights"].astype(np.float32), scale)

    def logits(self, views: Sequence[SentenceView]) -> np.ndarray:
        ids, indptr = hashed(views)
        return self._logits(ids, indptr)

    def _logits(self, ids: np.ndarray, indptr: np.ndarray) -> np.ndarray:
        n = len(indptr) - 1
        out = np.zeros((n, len(self.types)), dtype=np.float64)
        if not (n and len(ids) and len(self.feature_ids)):
            return out
        pos = np.searchsorted(self.feature_ids, ids)
        pos[pos >= len(self.feature_ids)] = 0
        known = self.feature_ids[pos] == ids
        row = np.repeat(np.arange(n), np.diff(indptr))
        np.add.at(out, row[known], self.weights[pos[known]].astype(np.float64))
        return out

    def adjust(self, probs: np.ndarray, views: Sequence[SentenceView]) -> np.ndarray:
        """Class probabilities with the types' shares re-weighed and "none" unchanged."""
        if not len(probs):
            return probs
        shares = _softmax(self.scale * _log_shares(probs) + self.logits(views))
        out = probs.copy()
        out[:, 1:] = shares * (1.0 - probs[:, :1])
        return out

    def checksum(self) -> int:
        start = zlib.crc32(self.feature_ids.tobytes())
        if self.scale != 1.0:  # a head without a weight of the shares keeps its checksum
            start = zlib.crc32(np.float64(self.scale).tobytes(), start)
        return zlib.crc32(np.ascontiguousarray(self.weights, dtype=np.float32).tobytes(), start)


def fit_head(held_out: np.ndarray, views: Sequence[SentenceView],
             labels: Sequence[str | None], types: list[str], *,
             weights: Sequence[float] | None = None, prior: TypeHead | None = None,
             l2: float = L2, steps: int = STEPS, min_count: int = MIN_COUNT) -> TypeHead | None:
    """The head over these sentences' statements: softmax over the types of (their held-out
    log type shares x the learnt `scale` + the head's logits), L2-regularised towards
    `prior`'s weights and scale (zero and 1 without one), by full-batch Adam. None where there
    are no statements of two types and no prior to keep."""
    at = [i for i, label in enumerate(labels) if label in types]
    if len({labels[i] for i in at}) < 2:
        return prior if prior is not None and prior.types == types else None
    ids, indptr = hashed([views[i] for i in at])
    vocab, counts = np.unique(ids, return_counts=True)
    vocab = vocab[counts >= min_count]
    if prior is not None and prior.types == types:
        vocab = np.union1d(vocab, prior.feature_ids).astype(np.uint32)
        start, start_scale = _start(prior, vocab), prior.scale
    else:
        start, start_scale = np.zeros((len(vocab), len(types))), 1.0
    if not len(vocab):
        return prior
    x = np.zeros((len(at), len(vocab)))
    pos = np.searchsorted(vocab, ids)
    pos[pos >= len(vocab)] = 0
    known = vocab[pos] == ids
    row = np.repeat(np.arange(len(at)), np.diff(indptr))
    x[row[known], pos[known]] = 1.0
    offset = _log_shares(held_out[at])
    y = np.zeros((len(at), len(types)))
    y[np.arange(len(at)), [types.index(labels[i]) for i in at]] = 1.0
    sample = np.ones(len(at)) if weights is None else np.asarray([weights[i] for i in at])
    sample = sample / sample.sum()
    # the weights and, as their last row, the shares' scale (its "feature" is the offset)
    w = np.vstack([start, np.full((1, len(types)), start_scale)])
    anchor = w.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2 = 0.9, 0.999
    for step in range(1, steps + 1):
        g = (_softmax(w[-1, 0] * offset + x @ w[:-1]) - y) * sample[:, None]
        grad = np.vstack([x.T @ g, np.full((1, len(types)), (g * offset).sum())])
        grad += l2 * (w - anchor)
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= RATE * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + 1e-8)
    return TypeHead(list(types), vocab.astype(np.uint32), w[:-1].astype(np.float32),
                    round(float(w[-1, 0]), 6))


def _start(prior: TypeHead, vocab: np.ndarray) -> np.ndarray:
    """The prior's weights laid out over `vocab` (which holds all of its features)."""
    out = np.zeros((len(vocab), len(prior.types)))
    out[np.searchsorted(vocab, prior.feature_ids)] = prior.weights
    return out


def cross_fitted(held_out: np.ndarray, views: Sequence[SentenceView],
                 labels: Sequence[str | None], types: list[str], fold: np.ndarray, *,
                 weights: Sequence[float] | None = None,
                 prior: TypeHead | None = None) -> np.ndarray:
    """The held-out probabilities with each fold's types re-weighed by a head fit on the
    other folds: what the held-out figures of a model with a head are measured on."""
    out = held_out.copy()
    for k in np.unique(fold):
        rest = fold != k
        keep = [lab if r else None for lab, r in zip(labels, rest)]
        head = fit_head(held_out, views, keep, types, weights=weights, prior=prior)
        if head is None:
            continue
        at = np.flatnonzero(fold == k)
        out[at] = head.adjust(held_out[at], [views[i] for i in at])
    return out
