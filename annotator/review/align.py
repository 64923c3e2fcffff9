"""Aligning the annotations of two layers on one document.

Every annotation ends up in exactly one item: an exact match (same kind, span and label), a
span match with another label, an overlap, or an annotation only one layer has. Matched
statements also carry the slots on which they differ. Overlaps pair greedily by the largest
shared extent, so one long span cannot swallow several short ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.models import Annotation

EXACT = "exact"  # same kind, start, end, label
RELABEL = "label"  # same kind and span, another label
OVERLAP = "overlap"  # same kind, overlapping spans
ONLY_A = "only_a"
ONLY_B = "only_b"


@dataclass(frozen=True)
class AlignedItem:
    relation: str
    a: Annotation | None
    b: Annotation | None
    slot_differences: tuple[str, ...] = field(default=())

    @property
    def agreed(self) -> bool:
        """Nothing to settle: same span, label and slots."""
        return self.relation == EXACT and not self.slot_differences

    @property
    def start(self) -> int:
        return min(x.start for x in (self.a, self.b) if x is not None)

    @property
    def kind(self) -> str:
        return (self.a or self.b).kind  # type: ignore[union-attr]


def _slots_differ(a: Annotation, b: Annotation) -> tuple[str, ...]:
    names = sorted(set(a.attrs) | set(b.attrs))
    return tuple(n for n in names if _norm(a.attrs.get(n)) != _norm(b.attrs.get(n)))


def _norm(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(sorted(value)) or None  # no topics and an unset topic slot are the same
    if value in (None, [], "", False):
        return None
    return value


def _overlap(a: Annotation, b: Annotation) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def align(a_items: list[Annotation], b_items: list[Annotation]) -> list[AlignedItem]:
    """Align layer A against layer B (both from one document), in text order."""
    out: list[AlignedItem] = []
    left = list(a_items)
    right = list(b_items)
    for relation, key in ((EXACT, lambda x: (x.kind, x.start, x.end, x.label)),
                          (RELABEL, lambda x: (x.kind, x.start, x.end))):
        index: dict[tuple, list[Annotation]] = {}
        for b in right:
            index.setdefault(key(b), []).append(b)
        unmatched = []
        for a in left:
            bucket = index.get(key(a))
            if bucket:
                b = bucket.pop(0)
                right.remove(b)
                out.append(AlignedItem(relation, a, b, _slots_differ(a, b)))
            else:
                unmatched.append(a)
        left = unmatched
    pairs = sorted(((_overlap(a, b), i, j) for i, a in enumerate(left)
                    for j, b in enumerate(right) if a.kind == b.kind and _overlap(a, b) > 0),
                   reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append(AlignedItem(OVERLAP, left[i], right[j], _slots_differ(left[i], right[j])))
    out.extend(AlignedItem(ONLY_A, a, None) for i, a in enumerate(left) if i not in used_a)
    out.extend(AlignedItem(ONLY_B, None, b) for j, b in enumerate(right) if j not in used_b)
    out.sort(key=lambda item: (item.start, item.kind))
    return out
