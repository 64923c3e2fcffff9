"""spaCy tokens for exports, and spans made to fit them without moving a single offset.

Prodigy, the spaCy DocBin and token indices in our JSONL all need tokens, and they must be
the tokens spaCy itself would make, so we use the tokenizer of `spacy.blank("en")` (imported
on first use: the package stays importable without paying for spaCy).

An annotation may start or end inside a spaCy token ("U.S" of "U.S.", a span ending on a
space). Shifting it to the next token edge would change the data and dropping it would lose
it, so instead the token is split at the span's edge: the file's tokens then differ from
spaCy's at exactly that place, every span has exact token indices, and the exporter reports
each such span so the analyst can fix it or accept it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any


@dataclass
class Tokens:
    """Token boundaries of one text: `starts[i]:ends[i]` is the token, `ws[i]` its space."""

    starts: list[int]
    ends: list[int]
    ws: list[bool]
    misaligned: list[Any]  # the spans whose edges split a spaCy token

    def __len__(self) -> int:
        return len(self.starts)

    def span_indices(self, start: int, end: int) -> tuple[int, int]:
        """(token_start, token_end) with token_end inclusive, as Prodigy writes them. Every
        span given to `tokenize` starts and ends on a token edge, so both are exact hits."""
        first, last = bisect_left(self.starts, start), bisect_left(self.ends, end)
        if self.starts[first] != start or self.ends[last] != end:  # pragma: no cover - a bug
            raise ValueError(f"span {start}-{end} is not on token edges")
        return first, last

    def words(self, text: str) -> list[str]:
        return [text[s:e] for s, e in zip(self.starts, self.ends)]

    def as_prodigy(self, text: str) -> list[dict[str, Any]]:
        return [{"text": text[s:e], "start": s, "end": e, "id": i, "ws": w}
                for i, (s, e, w) in enumerate(zip(self.starts, self.ends, self.ws))]


@lru_cache(maxsize=1)
def spacy_tokenizer() -> Any:
    import spacy  # deferred: ~1 s to import, needed only by exports with tokens

    return spacy.blank("en").tokenizer


def spacy_boundaries(text: str) -> tuple[list[int], list[int], list[bool]]:
    from spacy.attrs import IDX, LENGTH, SPACY

    doc = spacy_tokenizer()(text)
    if not len(doc):
        return [], [], []
    starts, lengths, spaces = doc.to_array([IDX, LENGTH, SPACY]).T.tolist()
    return starts, [s + n for s, n in zip(starts, lengths)], [bool(w) for w in spaces]


def tokenize(text: str, spans: Iterable[Any] = ()) -> Tokens:
    """spaCy's tokens of `text`, split where a span (anything with .start/.end) needs it."""
    return align(text, *spacy_boundaries(text), spans)


def align(text: str, starts: list[int], ends: list[int], ws: list[bool],
          spans: Iterable[Any] = ()) -> Tokens:
    spans = list(spans)
    start_set, end_set = set(starts), set(ends)
    misaligned = [s for s in spans if s.start not in start_set or s.end not in end_set]
    if misaligned:
        starts, ends, ws = _split(starts, ends, ws,
                                  {s.start for s in misaligned} - start_set,
                                  {s.end for s in misaligned} - end_set)
    return Tokens(starts, ends, ws, misaligned)


def _split(starts: Sequence[int], ends: Sequence[int], ws: Sequence[bool], need_start: set[int],
           need_end: set[int]) -> tuple[list[int], list[int], list[bool]]:
    """Cut tokens so each missing start becomes a token start and each missing end a token
    end. A token's trailing space becomes a token of its own when a span starts on it or
    ends just after it; everything else keeps its place, so the text is rebuilt exactly."""
    cuts = sorted(need_start | need_end)
    out_s: list[int] = []
    out_e: list[int] = []
    out_w: list[bool] = []
    k = 0  # cuts before k lie before the current token
    for s, e, w in zip(starts, ends, ws):
        while k < len(cuts) and cuts[k] <= s:
            k += 1
        points = [s]
        while k < len(cuts) and cuts[k] < e:
            points.append(cuts[k])
            k += 1
        points.append(e)
        for a, b in pairwise(points):
            out_s.append(a)
            out_e.append(b)
            out_w.append(False)
        if w:
            if e in need_start or (e + 1) in need_end:
                out_s.append(e)
                out_e.append(e + 1)
                out_w.append(False)
            else:
                out_w[-1] = True
    return out_s, out_e, out_w
