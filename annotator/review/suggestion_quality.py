"""How good the suggestions are, measured against a gold layer (pure: no SQL, no Qt, no spaCy).

The unit is the statement a reader would mark: a suggested statement finds a gold statement
where it covers at least half of it. Suggestions are sentences while gold statements are often
a clause or two sentences, so exact boundaries would measure segmentation, not whether the
suggestion pointed the analyst at the right place.

- Detection: recall = gold statements found by some suggestion; precision = suggestions that
  find some gold statement. Per type, both sides must carry that type.
- Type, holder and target accuracy: over the gold statements found, each paired with the
  suggestion that overlaps it most. A slot the gold leaves empty (absent, null or "none")
  means "none": a gold statement is decided whole, so a suggestion proposing a holder or a
  target there is wrong, and one proposing none is right.
- Hard negatives (`meta.hard_negatives` of the gold documents, `[[start, end], ...]`:
  sentences with actors and cue-like words that state nothing) and, where the pipeline's
  sentence bounds are known, every sentence without a gold statement: the share that a
  suggestion draws, by the same half-coverage rule.
- Actor mentions: a suggested mention is right where a gold mention has the same offsets
  (labels are not compared: GPE against NORP is a scheme question); linking: same offsets and
  the same actor id. A gold layer with no actor mention at all did not label them, so
  precision is undefined there, not 0.

A figure with nothing to count is None, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Mentions that stand for an actor: the scheme's actor labels, or any mention linked to one.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
NO_ACTOR = frozenset({"", "none", "NONE"})


@dataclass(frozen=True)
class Statement:
    start: int
    end: int
    type: str
    holder: str | None = None
    target: str | None = None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    actor_id: str | None = None


@dataclass
class Case:
    """One gold document: what the gold layer says and what the suggestions say."""

    doc_id: int
    title: str | None
    gold: list[Statement]
    suggested: list[Statement]
    gold_mentions: list[Mention] = field(default_factory=list)
    suggested_mentions: list[Mention] = field(default_factory=list)
    hard_negatives: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] | None = None  # the pipeline's sentence bounds, if stored
    suggested_at_all: bool = True  # False: the pipeline never ran on this document


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def covers(suggestion: Statement | tuple[int, int], start: int, end: int) -> bool:
    """Whether the suggestion covers at least half of [start, end) (an empty span: never)."""
    s_start, s_end = ((suggestion.start, suggestion.end) if isinstance(suggestion, Statement)
                      else suggestion)
    return end > start and 2 * overlap(s_start, s_end, start, end) >= end - start


def no_actor(value: str | None) -> str | None:
    return None if value is None or value in NO_ACTOR else value


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf(found: int, support: int, correct: int, predicted: int) -> dict[str, Any]:
    """P/R/F1 where `found` of `support` gold items were found and `correct` of `predicted`
    suggestions found something (the two differ when one suggestion covers two statements)."""
    precision, recall = ratio(correct, predicted), ratio(found, support)
    return {"precision": precision, "recall": recall, "f1": f1(precision, recall),
            "support": support, "predicted": predicted, "found": found, "correct": correct}


def accuracy(right: int, n: int) -> dict[str, Any]:
    return {"value": ratio(right, n), "right": right, "n": n}


def best_match(gold: Statement, suggested: Sequence[Statement]) -> Statement | None:
    """The covering suggestion that overlaps this gold statement most (first on a tie)."""
    best, best_overlap = None, 0
    for s in suggested:
        if covers(s, gold.start, gold.end):
            o = overlap(s.start, s.end, gold.start, gold.end)
            if o > best_overlap:
                best, best_overlap = s, o
    return best


@dataclass
class _Tally:
    """Counts summed over documents."""

    found: dict[str, int] = field(default_factory=dict)  # per type (and "*": any type)
    support: dict[str, int] = field(default_factory=dict)
    correct: dict[str, int] = field(default_factory=dict)
    predicted: dict[str, int] = field(default_factory=dict)
    type_right: int = 0
    matched: int = 0
    holder_right: int = 0
    target_right: int = 0
    hard_drawn: int = 0
    hard_n: int = 0
    neg_drawn: int = 0
    neg_n: int = 0
    mention_gold: int = 0
    mention_suggested: int = 0
    mention_found: int = 0
    mention_correct: int = 0
    link_gold: int = 0
    link_suggested: int = 0
    link_found: int = 0
    link_correct: int = 0

    def add(self, counts: dict[str, int], key: str, n: int = 1) -> None:
        counts[key] = counts.get(key, 0) + n


def _statements(case: Case, t: _Tally) -> dict[str, Any]:
    """Count one document's statements into `t`; returns its own detection figures."""
    found_here = correct_here = 0
    for g in case.gold:
        t.add(t.support, "*")
        t.add(t.support, g.type)
        match = best_match(g, case.suggested)
        if match is None:
            continue
        found_here += 1
        t.add(t.found, "*")
        t.matched += 1
        t.type_right += match.type == g.type
        if any(s.type == g.type and covers(s, g.start, g.end) for s in case.suggested):
            t.add(t.found, g.type)
        t.holder_right += no_actor(match.holder) == no_actor(g.holder)
        t.target_right += no_actor(match.target) == no_actor(g.target)
    for s in case.suggested:
        t.add(t.predicted, "*")
        t.add(t.predicted, s.type)
        hits = [g for g in case.gold if covers(s, g.start, g.end)]
        if hits:
            correct_here += 1
            t.add(t.correct, "*")
        if any(g.type == s.type for g in hits):
            t.add(t.correct, s.type)
    return prf(found_here, len(case.gold), correct_here, len(case.suggested))


def _negatives(case: Case, t: _Tally) -> tuple[int, int]:
    """Hard negatives drawn, and (where bounds are known) every gold-free sentence drawn."""
    hard_drawn = sum(any(covers(s, a, b) for s in case.suggested) for a, b in case.hard_negatives)
    t.hard_n += len(case.hard_negatives)
    t.hard_drawn += hard_drawn
    if case.sentences is not None:
        for a, b in case.sentences:
            if any(overlap(g.start, g.end, a, b) for g in case.gold):
                continue
            t.neg_n += 1
            t.neg_drawn += any(covers(s, a, b) for s in case.suggested)
    return hard_drawn, len(case.hard_negatives)


def _is_actor(m: Mention) -> bool:
    return m.label in ACTOR_LABELS or bool(m.actor_id)


def _mentions(case: Case, t: _Tally) -> None:
    gold = {(m.start, m.end): m for m in case.gold_mentions if _is_actor(m)}
    suggested = {(m.start, m.end): m for m in case.suggested_mentions if _is_actor(m)}
    same = gold.keys() & suggested.keys()
    t.mention_gold += len(gold)
    t.mention_suggested += len(suggested)
    t.mention_found += len(same)
    t.mention_correct += len(same)
    linked_gold = {k: m.actor_id for k, m in gold.items() if m.actor_id}
    linked_suggested = {k: m.actor_id for k, m in suggested.items() if m.actor_id}
    right = sum(1 for k, actor in linked_suggested.items() if linked_gold.get(k) == actor)
    t.link_gold += len(linked_gold)
    t.link_suggested += len(linked_suggested)
    t.link_found += right
    t.link_correct += right


def quality_report(cases: Iterable[Case], types: Sequence[str]) -> dict[str, Any]:
    """Every figure of the module docstring as a JSON-able dict. `types`: the scheme's
    statement types, in its order (types found only in the data are appended)."""
    t = _Tally()
    per_document = []
    n_docs = unsuggested = 0
    for case in cases:
        n_docs += 1
        unsuggested += not case.suggested_at_all
        figures = _statements(case, t)
        hard_drawn, hard_n = _negatives(case, t)
        _mentions(case, t)
        per_document.append({
            "doc_id": case.doc_id, "title": case.title, "gold": len(case.gold),
            "suggested": len(case.suggested), "found": figures["found"],
            "correct": figures["correct"], "precision": figures["precision"],
            "recall": figures["recall"], "f1": figures["f1"], "hard_negatives": hard_n,
            "hard_negatives_drawn": hard_drawn, "suggested_at_all": case.suggested_at_all})
    seen = [k for k in (*t.support, *t.predicted) if k != "*"]
    all_types = list(types) + [k for k in dict.fromkeys(seen) if k not in types]
    per_type = {name: prf(t.found.get(name, 0), t.support.get(name, 0), t.correct.get(name, 0),
                          t.predicted.get(name, 0)) for name in all_types}
    defined = [f["f1"] for f in per_type.values() if f["support"] and f["f1"] is not None]
    return {
        "documents": n_docs,
        "documents_without_suggestions": unsuggested,
        "statements": {
            "detection": prf(t.found.get("*", 0), t.support.get("*", 0), t.correct.get("*", 0),
                             t.predicted.get("*", 0)),
            "types": per_type,
            "macro_f1": sum(defined) / len(defined) if defined else None,
            "type_accuracy": accuracy(t.type_right, t.matched),
            "holder_accuracy": accuracy(t.holder_right, t.matched),
            "target_accuracy": accuracy(t.target_right, t.matched),
        },
        "hard_negatives": {"sentences": t.hard_n, "drawn": t.hard_drawn,
                           "share_drawn": ratio(t.hard_drawn, t.hard_n)},
        "negative_sentences": {"sentences": t.neg_n, "drawn": t.neg_drawn,
                               "share_drawn": ratio(t.neg_drawn, t.neg_n)},
        "mentions": {
            "spans": _labelled(prf(t.mention_found, t.mention_gold, t.mention_correct,
                                   t.mention_suggested)),
            "linked": _labelled(prf(t.link_found, t.link_gold, t.link_correct,
                                    t.link_suggested)),
        },
        "per_document": per_document,
    }


def _labelled(figures: dict[str, Any]) -> dict[str, Any]:
    """A gold layer with no such mention at all did not label them: precision (and F1) are
    undefined there, not 0; the suggested count stays."""
    if not figures["support"]:
        figures.update(precision=None, f1=None)
    return figures


def parse_hard_negatives(value: Any, text_length: int) -> list[tuple[int, int]]:
    """`meta.hard_negatives` as (start, end) pairs; ValueError naming what is wrong."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("meta.hard_negatives must be a list of [start, end] pairs")
    pairs = []
    for item in value:
        if (not isinstance(item, list | tuple) or len(item) != 2
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in item)):
            raise ValueError(f"meta.hard_negatives holds {item!r}, not a [start, end] pair")
        start, end = item
        if not 0 <= start < end <= text_length:
            raise ValueError(f"meta.hard_negatives pair {start}-{end} is outside the text "
                             f"(0-{text_length})")
        pairs.append((start, end))
    return pairs
