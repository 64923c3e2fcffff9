"""Cutting a text too long for one pass of the pipeline into pieces that join back exactly.

A piece ends only where spaCy's tokenizer would cut anyway: at the end of a run of whitespace,
before a character that is not whitespace. The tokenizer makes tokens of each stretch between
whitespace runs on its own, so the pieces' tokens, laid end to end, are the whole text's tokens,
and the token boundaries stored for exports (`store.doc_tokens`) stay exactly what an export
would make. Among those places a paragraph break is best, then a line break, then a sentence
end, then any space, in the second half of the stretch (so pieces are not tiny).
"""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s+")


def split_long(text: str, limit: int, reach: int | None = None) -> list[str]:
    """Consecutive pieces of `text` that join back to it exactly, each at most `limit`
    characters where the text allows it. A stretch with no whitespace at all goes on to the
    end of its token (at most `reach` characters, for the pipeline's own length limit); only
    a token longer than that is cut inside."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        cut = (_best_cut(text, start + limit // 2, start + limit)
               or _best_cut(text, start + 1, start + limit)
               or _next_cut(text, start + limit, start + max(reach or limit, limit))
               or start + limit)
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _clean(text: str, cut: int) -> bool:
    return 0 < cut < len(text) and text[cut - 1].isspace() and not text[cut].isspace()


def _best_cut(text: str, low: int, high: int) -> int | None:
    """The last clean cut in [low, high] of the best kind: 0 paragraph, 1 line, 2 sentence,
    3 any whitespace."""
    best: dict[int, int] = {}
    for run in _WHITESPACE.finditer(text, max(low - 1, 0), high):
        cut = run.end()
        if cut < low or not _clean(text, cut):
            continue
        breaks = run.group().count("\n") + run.group().count("\r") - run.group().count("\r\n")
        sentence = run.start() > 0 and text[run.start() - 1] in ".!?\u3002"
        kind = 0 if breaks >= 2 else 1 if breaks else 2 if sentence else 3
        best[kind] = cut
    return best[min(best)] if best else None


def _next_cut(text: str, low: int, high: int) -> int | None:
    run = _WHITESPACE.search(text, low, high)
    while run is not None:
        if _clean(text, run.end()) and run.end() <= high:
            return run.end()
        run = _WHITESPACE.search(text, run.end() + 1, high)
    return None
