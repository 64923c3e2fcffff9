"""Who does what to whom, from a dependency parse: the best evidence for holder and target.

With a parser in the pipeline (e.g. `en_core_web_sm`), each verb that has a subject gives a
clause: the verb's offset, its subject's span and its object's or complement's span (subtrees,
as code-point offsets). Extraction then takes as holder the actor named in the subject of the
cue's verb ("Panetta reaffirmed ...") and as target the actor named in its object or
complement. Without a parse there are no clauses and the positional heuristics apply.
Plain tuples: they cross to the extraction process with the rest of a document's facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECTS = frozenset({"dobj", "obj", "dative", "attr", "oprd", "iobj"})
COMPLEMENTS = frozenset({"xcomp", "ccomp", "prep", "advcl"})


class Clause(NamedTuple):
    verb: int  # start of the verb
    subject: tuple[int, int]
    object: tuple[int, int] | None


def _span(token: Any) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right)


def _object(verb: Any, depth: int = 0) -> tuple[int, int] | None:
    """The verb's object, else that of its complement ("pledged to defend Seoul"), else the
    object of a preposition ("commitment to the ROK")."""
    children = list(verb.children)
    for child in children:
        if child.dep_ in OBJECTS:
            return _span(child)
    for child in children:
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return _span(grand)
    if depth < 2:
        for child in children:
            if child.dep_ in COMPLEMENTS and child.dep_ != "prep":
                found = _object(child, depth + 1)
                if found:
                    return found
    return None


def clauses(doc: Any) -> list[Clause]:
    """Every verb with a subject, in text order; [] without a dependency parse."""
    if not doc.has_annotation("DEP"):
        return []
    out = []
    for token in doc:
        subjects = [c for c in token.children if c.dep_ in SUBJECTS]
        if subjects:
            out.append(Clause(token.idx, _span(subjects[0]), _object(token)))
    return out


def clause_for(found: Sequence[Clause], position: int, start: int, end: int) -> Clause | None:
    """The clause of the verb at `position` (a cue), else the nearest verb before it in the
    sentence [start, end), else the first clause of the sentence."""
    inside = [c for c in found if start <= c.verb < end]
    if not inside:
        return None
    for clause in inside:
        if clause.verb == position:
            return clause
    before = [c for c in inside if c.verb <= position]
    return before[-1] if before else inside[0]


def within(mentions: Sequence[Any], span: tuple[int, int] | None) -> list[Any]:
    """The mentions (with `start` and `end`) inside `span`, e.g. a clause's subject."""
    if span is None:
        return []
    return [m for m in mentions if span[0] <= m.start and m.end <= span[1]]
