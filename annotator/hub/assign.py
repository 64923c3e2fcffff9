"""`hub assign`: hand the hub's documents out, each to one annotator and a share to two.

Deterministic: the same documents, annotators, overlap and seed give the same assignment.
Each document's rank and whether it is in the overlap come from a hash of the seed and its
uid, not from the order things happen, so adding documents or annotators later only hands
out what is not yet assigned: work already assigned (and perhaps done) never moves.
Balanced: each document goes to the annotator(s) with the fewest documents so far (ties
broken by the same hash, which spreads the overlap pairs over all pairs of annotators);
`per_annotator` caps anyone's total, leaving the rest for a later round.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.hub.connection import HubError


def _unit(*parts: str) -> float:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass
class Plan:
    new: list[tuple[str, str]] = field(default_factory=list)  # (doc uid, annotator)
    loads: dict[str, int] = field(default_factory=dict)  # annotator -> total after the plan
    unassigned: int = 0  # documents (or second copies) left for later: caps reached


def plan(uids: Iterable[str], existing: Iterable[tuple[str, str]], annotators: Sequence[str],
         *, overlap: float = 0.0, per_annotator: int | None = None, seed: str = "0") -> Plan:
    """Which (document, annotator) pairs to add to `existing` (pure: no database)."""
    if not annotators or len(set(annotators)) != len(annotators):
        raise HubError("name each annotator once", code="E969")
    if not 0.0 <= overlap <= 1.0:
        raise HubError(f"the overlap share must be between 0 and 1, not {overlap}", code="E969")
    if overlap > 0 and len(annotators) < 2:
        raise HubError("an overlap needs two or more annotators", code="E969")
    have: dict[str, set[str]] = {}
    loads: Counter[str] = Counter({name: 0 for name in annotators})
    for uid, name in existing:
        have.setdefault(uid, set()).add(name)
        loads[name] += 1
    result = Plan()
    order = sorted(uids, key=lambda uid: _unit(seed, "order", uid))
    for uid in order:
        holders = have.get(uid, set())
        need = (2 if _unit(seed, "overlap", uid) < overlap else 1) - len(holders)
        if need <= 0:
            continue
        free = [name for name in annotators if name not in holders
                and (per_annotator is None or loads[name] < per_annotator)]
        free.sort(key=lambda name: (loads[name], _unit(seed, "tie", uid, name)))
        chosen = free[:need]
        result.unassigned += need - len(chosen)
        for name in chosen:
            loads[name] += 1
            result.new.append((uid, name))
    result.loads = dict(loads)
    return result


def assign(conn: Any, annotators: Sequence[str], *, overlap: float = 0.0,
           per_annotator: int | None = None, seed: str = "0") -> Plan:
    """Plan and write the assignment in one transaction (members only, E970)."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("LOCK TABLE hub.assignments IN EXCLUSIVE MODE")
        cur.execute("SELECT annotator FROM hub.members")
        members = {row[0] for row in cur.fetchall()}
        unknown = [name for name in annotators if name not in members]
        if unknown:
            raise HubError(f"not a member of this hub: {', '.join(unknown)}", code="E970",
                           hint="Add each with `annotator hub member URL ROLE --annotator NAME`.")
        cur.execute("SELECT uid FROM hub.documents")
        uids = [row[0] for row in cur.fetchall()]
        cur.execute("SELECT doc_uid, annotator FROM hub.assignments")
        existing = cur.fetchall()
        cur.execute("SELECT COALESCE(MAX(round), 0) + 1 FROM hub.assignments")
        round_no = int(cur.fetchone()[0])
        result = plan(uids, existing, annotators, overlap=overlap, per_annotator=per_annotator,
                      seed=seed)
        with cur.copy("COPY hub.assignments (doc_uid, annotator, round) FROM STDIN") as copy:
            for uid, name in result.new:
                copy.write_row((uid, name, round_no))
    return result
