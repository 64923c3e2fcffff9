"""The statement model: which sentences are statements, and of which type.

A multinomial logistic regression over the hashed features of `statement_features` (words with
actors as placeholders, and the rules' findings), with one class for "not a statement" and one
per statement type. Plain numpy: it trains on 2,000 sentences in seconds on one core, stores in
a few hundred kilobytes, and needs nothing downloaded. A sentence's score is the probability
that it is a statement of any type; a candidate is drawn above a threshold chosen on held-out
data (cross-validation by document) for a target precision.

A project's own model may start from the starter model: it is then trained on the starter's
training sentences (shipped beside it as features, `Rows`) together with the project's labels,
these weighted up (`PROJECT_WEIGHT`), and its threshold is chosen on the project's labels alone
(held out by document). Models stored by earlier versions learnt a correction on top of the
starter's scores and keep it as their `base`: they are still read and used.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from annotator.nlp import statement_features as features
from annotator.nlp.neighbours import Place, learn_weight, smoothed
from annotator.nlp.statement_features import (
    FEATURE_VERSION,
    SentenceView,
    hashed,
    looks_like_statement,
    trained_features,
)
from annotator.nlp.thresholds import choose_threshold, held_out_figures, threshold_for_share
from annotator.nlp.type_head import TypeHead, cross_fitted, fit_head
from annotator.nlp.type_modality import written_types
from annotator.nlp.type_rules import decide

FORMAT = 1  # the stored layout; a model of a later format is refused, not misread
NONE = "NONE"
DEFAULT_TARGET_PRECISION = 0.7
L2 = 3e-4  # regularisation strength of a model's weights
# A project's labels count this many times a starter sentence when both are learnt from: its
# own kind of text should weigh more, without drowning what a few hundred labels cannot teach
# (development gold set, own model from the starter, 4 folds by document: see PROJECT_WEIGHT
# in docs/benchmarks.md)
PROJECT_WEIGHT = 3.0
# Regularisation of a model trained on the starter's sentences (the starter itself, and a
# project's model that starts from it), by cross-validation by document on those 5,163
# sentences (statements drawn at 0.3 of the look-alike negatives drawn: 3e-4 0.65, 1e-3 0.645,
# 3e-3 0.62): 1e-3, as good as 3e-4 within the folds' noise, with its threshold (0.10) further
# from the crowded low end of the scores (0.06)
STARTER_L2 = 1e-3
# A model trained on the starter's sentences and a project's starts from the starter's weights
# (their optimum without the project): 40 steps at half the rate reach what 160 from zero do
# (development gold set, 2 folds: best F1 0.747 both, statements drawn at 0.3 of the hard
# negatives 0.734 against 0.739; 20 steps: 0.737 and 0.695), in a quarter of the time
WARM_STEPS = 40
WARM_RATE = 0.04
# A feature seen in fewer training sentences than this is left out: one sentence's words
# teach its own label more than anything that carries over (cross-validated on the starter's
# data, statements drawn at 0.3 of the look-alike negatives: all features 0.643, seen twice
# 0.664, three times 0.672 with type accuracy 0.722 -> 0.716; bench/statement_cv.py)
MIN_COUNT = 2
STEPS = 160  # full-batch Adam steps per fit
RATE = 0.08
# Statements of a rare type weigh more: by (statements / (types x statements of that type))
# to this power, so that the few ASSESSMENT and THREAT examples are not drowned by STANCE
# (cross-validated type accuracy of the starter's data 0.70 -> 0.71 with 0.5, 0.72 with 1,
# where 1 also cost recall; bench/statement_cv.py)
TYPE_BALANCE = 0.5

Progress = Callable[[int, int], None]


class TrainingCancelled(Exception):
    """Raised inside training when `should_stop` says so; nothing is stored."""


@dataclass(frozen=True)
class Prediction:
    score: float  # probability that the sentence is a statement (any type)
    type: str  # the most likely type
    type_scores: dict[str, float]  # each type's share of the statement probability


@dataclass(frozen=True)
class Example:
    view: SentenceView
    label: str | None  # statement type, or None: not a statement
    group: str = ""  # the document it comes from: held-out folds never split one
    weight: float = 1.0
    position: int = -1  # its place among the document's sentences, where not all are examples


@dataclass
class StatementModel:
    classes: list[str]  # NONE first, then the statement types
    feature_ids: np.ndarray  # sorted uint32 hashed feature ids
    weights: np.ndarray  # (len(feature_ids), len(classes)) float32
    meta: dict[str, Any] = field(default_factory=dict)
    base: StatementModel | None = None  # whose scores this model corrects, if any
    type_head: TypeHead | None = None  # re-weighs the types' shares (`type_head`), if any

    @property
    def threshold(self) -> float:
        return float(self.meta.get("threshold", 0.5))

    def retarget(self, target_precision: float) -> None:
        """Choose the threshold again for another target precision, on the held-out scores
        kept from training (no retraining). The starter model keeps those of the documents
        that hold a statement: precision depends on how many statements a text holds, and a
        team's documents are the news that holds them."""
        curve = self.meta.get("curve")
        if not curve or target_precision == self.meta.get("target_precision"):
            return
        scores = np.asarray([c[0] for c in curve], dtype=np.float64)
        gold = ["S" if c[1] else None for c in curve]
        self.meta["threshold"] = choose_threshold(scores, gold, target_precision)
        self.meta["target_precision"] = target_precision

    @property
    def types(self) -> list[str]:
        return self.classes[1:]

    @property
    def features(self) -> int:
        """The feature set it was trained with (`FEATURE_VERSION` when it was trained)."""
        return trained_features(self.meta)

    @property
    def version(self) -> str:
        """A short fingerprint of the weights: names the model in suggestion keys."""
        return str(self.meta.get("id") or fingerprint(self.weights, self.base))

    # ------------------------------------------------------------------ scoring
    def probabilities(self, views: Sequence[SentenceView],
                      places: Sequence[Place] | None = None) -> np.ndarray:
        """Class probabilities ("not a statement" first); a statement's score rises with its
        neighbours' in the document by the share learnt in training (`neighbours`). `places`:
        each sentence's document and position, where the views are not whole documents."""
        views = list(views)
        probs = written_types(self.shares(views), views, self.classes)
        return smoothed(probs, views, float(self.meta.get("neighbour_weight") or 0.0), places)

    def shares(self, views: Sequence[SentenceView]) -> np.ndarray:
        """Class probabilities of the regression and type head: no rules, no neighbours."""
        probs = _softmax(self._logits(*hashed(views)))
        return probs if self.type_head is None else self.type_head.adjust(probs, views)

    def _logits(self, ids: np.ndarray, indptr: np.ndarray) -> np.ndarray:
        n = len(indptr) - 1
        own = np.zeros((n, len(self.classes)), dtype=np.float64)
        if n and len(ids) and len(self.feature_ids):
            pos = np.searchsorted(self.feature_ids, ids)
            pos[pos >= len(self.feature_ids)] = 0
            known = self.feature_ids[pos] == ids
            contrib = np.where(known[:, None], self.weights[pos], 0.0)
            own = np.add.reduceat(contrib, indptr[:-1], axis=0)
        if self.base is not None:
            own = own + self.base.logits_as(self.classes, ids, indptr)
        return own

    def logits_as(self, classes: list[str], ids: np.ndarray, indptr: np.ndarray) -> np.ndarray:
        """This model's logits in another class order (0 for classes it does not know)."""
        mine = self._logits(ids, indptr)
        out = np.zeros((len(indptr) - 1, len(classes)), dtype=np.float64)
        index = {c: i for i, c in enumerate(self.classes)}
        for j, name in enumerate(classes):
            if name in index:
                out[:, j] = mine[:, index[name]]
        return out

    def predict(self, views: Sequence[SentenceView],
                places: Sequence[Place] | None = None) -> list[Prediction]:
        probs = self.probabilities(views, places)
        return [self._prediction(row) for row in probs]

    def _prediction(self, row: np.ndarray) -> Prediction:
        statement = row[1:]
        total = float(statement.sum()) or 1.0
        scores = {t: round(float(p) / total, 4) for t, p in zip(self.types, statement)}
        best = self.types[int(np.argmax(statement))]
        return Prediction(round(1.0 - float(row[0]), 4), best, scores)

    # ------------------------------------------------------------------ storage
    def to_bytes(self) -> bytes:
        """One compressed numpy archive; a base model goes in as its own bytes."""
        arrays = {"feature_ids": self.feature_ids, "weights": self.weights.astype(np.float32)}
        if self.base is not None:
            arrays["base"] = np.frombuffer(self.base.to_bytes(), dtype=np.uint8)
        if self.type_head is not None:  # read by versions that know it, ignored by others
            arrays.update(self.type_head.arrays())
        return _pack({"classes": self.classes, "meta": self.meta}, arrays)

    @classmethod
    def from_bytes(cls, data: bytes) -> StatementModel:
        header, arrays = _unpack(data, "statement model")
        base = cls.from_bytes(arrays["base"].tobytes()) if "base" in arrays else None
        classes = list(header["classes"])
        head = TypeHead.from_arrays(classes[1:], arrays) if "type_ids" in arrays else None
        return cls(classes, arrays["feature_ids"].astype(np.uint32),
                   arrays["weights"].astype(np.float32), dict(header.get("meta") or {}), base,
                   head)


def _pack(header: dict[str, Any], arrays: dict[str, np.ndarray]) -> bytes:
    """Arrays and a JSON header (with our format number) as one compressed numpy archive."""
    buffer = io.BytesIO()
    text = json.dumps({"format": FORMAT, **header}, ensure_ascii=False).encode("utf-8")
    np.savez_compressed(buffer, header=np.frombuffer(text, dtype=np.uint8), **arrays)
    return buffer.getvalue()


def _unpack(data: bytes, what: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """(header, arrays) of `_pack`; a later format is refused, not misread."""
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    header = json.loads(arrays.pop("header").tobytes().decode("utf-8"))
    if header.get("format", 0) > FORMAT:
        raise ValueError(f"{what} format {header.get('format')} is newer than this version "
                         f"reads ({FORMAT})")
    return header, arrays


def fingerprint(weights: np.ndarray, base: StatementModel | None = None, salt: str = "") -> str:
    """The weights' checksum; `salt` names what else changes the scores (the neighbours'
    share), so that a model that scores differently never shares a version with another."""
    start = zlib.crc32(base.version.encode("ascii")) if base is not None else 0
    start = zlib.crc32(salt.encode("ascii"), start) if salt else start
    return f"{zlib.crc32(np.ascontiguousarray(weights, dtype=np.float32).tobytes(), start):08x}"


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------------- training
class Rows(NamedTuple):
    """Sentences as features (CSR ids without values, as `hashed` gives them), with their
    labels and weights. The starter model's training sentences ship as these beside it
    (`resources/models/statement-starter-data.npz`), so that a project's own model learns
    from them together with the project's labels: no text, nothing to run through the
    pipeline again."""

    ids: np.ndarray
    indptr: np.ndarray
    labels: tuple[str | None, ...]
    weights: np.ndarray
    version: str = ""  # the starter model they were the training data of

    def to_bytes(self) -> bytes:
        return _pack({"labels": list(self.labels), "version": self.version},
                     {"ids": self.ids.astype(np.uint32), "indptr": self.indptr.astype(np.int64),
                      "weights": self.weights.astype(np.float32)})

    @classmethod
    def from_bytes(cls, data: bytes) -> Rows:
        header, arrays = _unpack(data, "training rows")
        return cls(arrays["ids"].astype(np.uint32), arrays["indptr"].astype(np.int64),
                   tuple(header["labels"]), arrays["weights"].astype(np.float64),
                   str(header.get("version", "")))


def rows_of(examples: Sequence[Example], weight: float = 1.0) -> Rows:
    ids, indptr = hashed([e.view for e in examples])
    return Rows(ids, indptr, tuple(e.label for e in examples),
                np.asarray([e.weight * weight for e in examples], dtype=np.float64))


def join(first: Rows | None, second: Rows) -> Rows:
    if first is None:
        return second
    return Rows(np.concatenate([first.ids, second.ids]),
                np.concatenate([first.indptr, second.indptr[1:] + first.indptr[-1]]),
                first.labels + second.labels, np.concatenate([first.weights, second.weights]),
                first.version)


def fit(examples: Sequence[Example], *, extra: Rows | None = None,
        classes: list[str] | None = None, l2: float = L2, steps: int = STEPS,
        weight: float = 1.0, rate: float = RATE, init: StatementModel | None = None,
        tick: Callable[[], None] | None = None) -> StatementModel:
    """One model from these examples (weighted by `weight`) and `extra` rows (no held-out
    figures: see `train`). `tick` is called after every step; it may raise
    `TrainingCancelled`."""
    rows = join(extra, rows_of(examples, weight))
    return fit_rows(rows, classes or class_list(rows.labels), l2=l2, steps=steps, rate=rate,
                    init=init, tick=tick)


def fit_rows(data: Rows, classes: list[str], *, l2: float = L2, steps: int = STEPS,
             rate: float = RATE, init: StatementModel | None = None,
             min_count: int = MIN_COUNT,
             tick: Callable[[], None] | None = None) -> StatementModel:
    """Full-batch Adam on the softmax loss of these rows, L2-regularised, from zero or from
    the weights of `init`, over the features seen in at least `min_count` of them. The
    features of `DETECTION_ONLY` get weights for "not a statement" alone."""
    index = {c: i for i, c in enumerate(classes)}
    ids, indptr = _common(data.ids, data.indptr, min_count)
    vocab, local = np.unique(ids, return_inverse=True)
    n, k, f = len(data.labels), len(classes), len(vocab)
    y = np.zeros((n, k))
    y[np.arange(n), [index[label or NONE] for label in data.labels]] = 1.0
    sample = data.weights * type_weights(data.labels)
    sample = (sample / sample.sum()).astype(np.float32)
    y = y.astype(np.float32)
    rows = np.repeat(np.arange(n), np.diff(indptr))
    # weights by class then feature: each class's row is contiguous, which makes the gathers
    # and sums below three times faster than over (feature, class); float32 halves the rest
    w = np.zeros((k, f), dtype=np.float32) if init is None else _weights_as(init, classes, vocab)
    # features that tell a statement from none, not its type, move only the "none" score
    # (classes[0], as `class_list` puts it)
    detection = np.isin(vocab, np.fromiter(features.DETECTION_ONLY, dtype=np.uint32))
    w[1:, detection] = 0.0
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2 = 0.9, 0.999
    for step in range(1, steps + 1):
        z = np.add.reduceat(w[:, local], indptr[:-1], axis=1).T
        g_rows = np.ascontiguousarray(((_softmax(z) - y) * sample[:, None]).T)
        grad = np.stack([np.bincount(local, weights=g_rows[j][rows], minlength=f)
                         for j in range(k)])
        grad += l2 * w
        grad[1:, detection] = 0.0
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= rate * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + 1e-8)
        if tick:
            tick()
    return StatementModel(classes, vocab.astype(np.uint32), w.T.astype(np.float32))


def _common(ids: np.ndarray, indptr: np.ndarray, min_count: int) -> tuple[np.ndarray,
                                                                            np.ndarray]:
    """The rows without the features seen in fewer than `min_count` of them (a feature counts
    once a row). Every row keeps its bias feature, so none becomes empty."""
    if min_count <= 1 or not len(ids):
        return ids, indptr
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    keep = counts[inverse] >= min_count
    row = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    kept = np.bincount(row[keep], minlength=len(indptr) - 1)
    return ids[keep], np.concatenate([[0], np.cumsum(kept)]).astype(indptr.dtype)


def _weights_as(model: StatementModel, classes: list[str], vocab: np.ndarray) -> np.ndarray:
    """A model's weights laid out for other classes and features (zero where it has none)."""
    out = np.zeros((len(classes), len(vocab)), dtype=np.float32)
    if not len(model.feature_ids):
        return out
    pos = np.searchsorted(model.feature_ids, vocab)
    pos[pos >= len(model.feature_ids)] = 0
    known = model.feature_ids[pos] == vocab
    index = {c: i for i, c in enumerate(model.classes)}
    for j, name in enumerate(classes):
        if name in index:
            out[j, known] = model.weights[pos[known], index[name]]
    return out


def type_weights(labels: Sequence[str | None], power: float = TYPE_BALANCE) -> np.ndarray:
    """Each sentence's weight for the balance of types: 1 for a negative; a statement by how
    rare its type is among the statements (the statements' total weight is unchanged)."""
    counts: dict[str, int] = {}
    for label in labels:
        if label:
            counts[label] = counts.get(label, 0) + 1
    if not counts or not power:
        return np.ones(len(labels))
    raw = {t: (sum(counts.values()) / (len(counts) * n)) ** power for t, n in counts.items()}
    scale = sum(counts.values()) / sum(raw[t] * n for t, n in counts.items())
    return np.asarray([raw[label] * scale if label else 1.0 for label in labels])


def places_of(examples: Sequence[Example]) -> list[Place]:
    """Each example's document and position: neighbours are sentences next to each other."""
    return [(e.group, e.position) for e in examples]


def class_list(*labels: Sequence[str | None]) -> list[str]:
    return [NONE, *sorted({label for some in labels for label in some if label})]


def folds_of(examples: Sequence[Example], k: int) -> np.ndarray:
    """A fold per example, fixed by its document (by sentence where there is one document)."""
    groups = [e.group for e in examples]
    if len(set(groups)) < k:
        groups = [f"{e.group}#{i}" for i, e in enumerate(examples)]
    return np.asarray([zlib.crc32(g.encode("utf-8")) % k for g in groups])


def train(examples: Sequence[Example], *, target_precision: float = DEFAULT_TARGET_PRECISION,
          starter: Rows | None = None, init: StatementModel | None = None,
          weight: float = PROJECT_WEIGHT, k: int = 5,
          progress: Progress | None = None, should_stop: Callable[[], bool] | None = None,
          steps: int = STEPS, l2: float = L2, lookalike_share: float | None = None,
          meta: dict[str, Any] | None = None) -> StatementModel:
    """Held-out figures by k-fold cross-validation (folds by document), the threshold chosen
    on them, then the model fit on everything. Raises `TrainingCancelled` when stopped.

    The threshold is the lowest with a held-out precision of `target_precision`, or, with
    `lookalike_share` (the starter model, trained on a mix of corpora whose share of
    statements says nothing of a team's documents), the lowest that draws at most that share
    of the held-out sentences that look like statements and are not (`looks_like_statement`):
    it does not depend on how many statements the training texts hold. Then only the
    documents that hold a statement are kept for `retarget`.

    With `starter` (the starter model's training rows), every fit learns from those rows and
    from these examples weighted by `weight`; the folds split only these examples, so the
    held-out figures and the threshold are the examples' own. With `init` (the starter model
    the rows belong to) every fit starts from its weights and takes `WARM_STEPS`."""
    classes = class_list([e.label for e in examples], starter.labels if starter else ())
    rate = RATE
    if init is not None:
        steps, rate = min(steps, WARM_STEPS), WARM_RATE
    if starter is not None:
        l2 = STARTER_L2
    total = (k + 1) * steps
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if should_stop and should_stop():
            raise TrainingCancelled
        if progress and done % 10 == 0:
            progress(done, total)

    fold = folds_of(examples, k)
    shares, held_out = np.zeros((2, len(examples), len(classes)))
    for i in range(k):
        train_part = [e for e, f in zip(examples, fold) if f != i]
        test_at = np.flatnonzero(fold == i)
        if not len(test_at) or not train_part:
            done += steps
            continue
        model = fit(train_part, extra=starter, weight=weight, classes=classes, steps=steps,
                    l2=l2, rate=rate, init=init, tick=tick)
        part = [examples[j].view for j in test_at]
        shares[test_at] = found = model.shares(part)  # the regression's own type shares;
        held_out[test_at] = decide(found, part, classes[1:])  # the head learns on these
    final = fit(examples, extra=starter, weight=weight, classes=classes, steps=steps, l2=l2,
                rate=rate, init=init, tick=tick)
    gold = [e.label for e in examples]
    # the type head, on the held-out type shares (a project's towards the starter's head)
    views, places = [e.view for e in examples], places_of(examples)
    prior, sample = (init.type_head if init is not None else None), [e.weight for e in examples]
    final.type_head = fit_head(held_out, views, gold, classes[1:], weights=sample, prior=prior)
    if final.type_head is not None:  # the held-out figures with a head fit on the other folds
        shares = cross_fitted(held_out, views, gold, classes[1:], fold, weights=sample, prior=prior)
    held_out = written_types(shares, views, classes)  # as `probabilities` types, head or not
    # the neighbours' share, learnt on the held-out scores (the starter's where too few)
    around = learn_weight(1.0 - held_out[:, 0], [g is not None for g in gold], views, places)
    if around is None:
        around = float(init.meta.get("neighbour_weight") or 0.0) if init is not None else 0.0
    held_out = smoothed(held_out, views, around, places)
    scores = 1.0 - held_out[:, 0]
    types = [classes[1 + int(np.argmax(row[1:]))] for row in held_out]
    keep = np.ones(len(examples), dtype=bool)
    stored_target: float | None = target_precision
    if lookalike_share is None:
        threshold = choose_threshold(scores, gold, target_precision)
        rule = f"held-out precision >= {target_precision}"
    else:
        lookalike = np.asarray([e.label is None and looks_like_statement(e.view)
                                for e in examples])
        threshold = threshold_for_share(scores, lookalike, lookalike_share)
        rule = f"held-out look-alike negatives drawn <= {lookalike_share}"
        with_statements = {e.group for e in examples if e.label}
        keep = np.asarray([e.group in with_statements for e in examples])
        stored_target = None
    figures = held_out_figures(scores, types, gold, threshold)
    final.meta = {
        **(meta or {}), "format": FORMAT, "features": FEATURE_VERSION, "threshold": threshold,
        "target_precision": stored_target, "threshold_rule": rule, "held_out": figures,
        "cross_validation": k, "classes": classes, "neighbour_weight": around,
        "prior": starter.version if starter is not None else None,
        "project_weight": weight if starter is not None else None,
        # held-out (score, is a statement) pairs: the threshold for another target precision
        "curve": sorted([round(float(sc), 4), int(g is not None)]
                        for sc, g, k in zip(scores, gold, keep) if k),
    }
    salt = f"around={around}" if around else ""
    salt += f"types={final.type_head.checksum():08x}" if final.type_head is not None else ""
    # the same weights over other features score otherwise: never the same version
    salt += f"features={FEATURE_VERSION}"
    final.meta["id"] = fingerprint(final.weights, salt=salt)
    if progress:
        progress(total, total)
    return final
