"""Ranking actors for a typed query: what the registry search (`/`) lists first.

"NATO" must find the alliance before Anatoly Serdyukov, whose id merely contains the letters.
Tiers, best first: the query is the actor's id, name or an alias exactly; one of them starts
with it; a word of one of them starts with it; one of them contains it. Within a tier the
given order is kept (the window passes this article's actors first, then the registry).
Case and accents are ignored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

EXACT, PREFIX, WORD, CONTAINS = range(4)


def fold(text: str) -> str:
    """Lower case without accents: "São Tomé" is found by "sao tome"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]


def match_tier(query: str, names: Iterable[str]) -> int | None:
    """The best tier at which `query` (already folded) matches any of `names`, or None."""
    best: int | None = None
    for name in names:
        folded = fold(name)
        if folded == query:
            return EXACT
        if folded.startswith(query):
            tier = PREFIX
        elif any(w.startswith(query) for w in _words(folded)):
            tier = WORD
        elif query in folded:
            tier = CONTAINS
        else:
            continue
        best = tier if best is None else min(best, tier)
    return best


def rank_actors(query: str, actors: Sequence[tuple[str, str, Sequence[str]]],
                limit: int = 50) -> list[str]:
    """Ids of the actors (id, name, aliases) matching `query`, best first. An empty query
    keeps the given order."""
    wanted = fold(query.strip())
    if not wanted:
        return [actor_id for actor_id, _, _ in actors[:limit]]
    scored = []
    for position, (actor_id, name, aliases) in enumerate(actors):
        tier = match_tier(wanted, (actor_id, name, *aliases))
        if tier is not None:
            scored.append((tier, position, actor_id))
    scored.sort()
    return [actor_id for _, _, actor_id in scored[:limit]]
