"""Where a statement model draws: the threshold for a target precision or for a share of
look-alike negatives, and the held-out figures at a threshold (kept apart from the model's
training so that each stays small)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np


def choose_threshold(scores: np.ndarray, gold: Sequence[str | None], target: float) -> float:
    """The lowest threshold whose held-out precision reaches `target` (most recall for that
    precision), cut just under a statement: sentences below the last statement it draws add
    no recall, only wrong candidates (with a target below what the model reaches, the lowest
    such threshold drew every negative down to that precision). Where none reaches `target`,
    the one with the best F1."""
    positive = np.asarray([g is not None for g in gold])
    if not positive.any() or positive.all():
        return 0.5
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(positive[order])
    drawn = np.arange(1, len(order) + 1)
    precision = hits / drawn
    recall = hits / positive.sum()
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-9)
    # only cut between distinct scores
    distinct = np.r_[scores[order][1:] < scores[order][:-1], True]
    ok = np.flatnonzero(distinct & (precision >= target) & positive[order])
    at = ok[-1] if len(ok) else int(np.argmax(np.where(distinct, f1, -1)))
    return math.floor(float(scores[order][at]) * 10_000) / 10_000  # down: it must still draw it


def threshold_for_share(scores: np.ndarray, lookalike: np.ndarray, share: float) -> float:
    """The lowest threshold that draws at most `share` of the look-alike negatives."""
    if not lookalike.any():
        return 0.5
    ranked = np.sort(scores[lookalike])[::-1]
    allowed = math.floor(share * len(ranked))  # how many of them may be drawn
    if allowed >= len(ranked):
        return math.floor(float(ranked[-1]) * 10_000) / 10_000
    # just above the first look-alike that may not be drawn
    return math.ceil(float(ranked[allowed]) * 10_000 + 1e-9) / 10_000


def held_out_figures(scores: np.ndarray, types: Sequence[str], gold: Sequence[str | None],
                     threshold: float) -> dict[str, Any]:
    drawn = scores >= threshold
    positive = np.asarray([g is not None for g in gold])
    tp = int((drawn & positive).sum())
    precision = tp / max(int(drawn.sum()), 1)
    recall = tp / max(int(positive.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    right_type = sum(1 for d, t, g in zip(drawn, types, gold) if d and g is not None and t == g)
    per_type: dict[str, dict[str, float]] = {}
    for name in sorted({g for g in gold if g} | {t for t, d in zip(types, drawn) if d}):
        pred = drawn & np.asarray([t == name for t in types])
        is_gold = np.asarray([g == name for g in gold])
        hit = int((pred & is_gold).sum())
        p = hit / max(int(pred.sum()), 1)
        r = hit / max(int(is_gold.sum()), 1)
        per_type[name] = {"precision": round(p, 3), "recall": round(r, 3),
                          "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                          "support": int(is_gold.sum())}
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "type_accuracy": round(right_type / max(tp, 1), 3), "positives": int(positive.sum()),
            "negatives": int((~positive).sum()), "drawn": int(drawn.sum()), "per_type": per_type}
