"""spaCy tokens for exports, and spans made to fit them without moving a single offset.

Prodigy, the spaCy DocBin and token indices in our JSONL all need tokens, and they must be
the tokens spaCy itself would make, so we use the tokenizer of `spacy.blank("en")` (imported
on first use: the package stays importable without paying for spaCy).

An annotation may start or end inside a spaCy token ("U.S" of "U.S.", a span ending on a
space). Shifting it to the next token edge would change the data and dropping it would lose
it, so instead the token is split at the span's edge: the file's tokens then differ from
spaCy's at exactly that place, every span has exact token indices, and the exporter reports
each such span so the analyst can fix it or accept it.

A document's boundaries are usually read from the project (`store.doc_tokens`, made once by
pre-highlighting or `annotator tokens`) rather than computed: `boundaries` takes the stored
blob when there is one for this tokenizer and it fits the text, and tokenizes otherwise, so
both give the same tokens and an export the same bytes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from annotator.core.token_codec import decode, encode, tokenizer_key

Boundaries = tuple[list[int], list[int], list[bool]]  # starts, ends, ws


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


@lru_cache(maxsize=1)
def spacy_tokenizer() -> Any:
    import spacy  # deferred: ~1 s to import, needed only by exports with tokens

    return spacy.blank("en").tokenizer


@lru_cache(maxsize=1)
def export_tokenizer_key() -> str:
    """The key under which stored boundaries are valid for exports (`core.token_codec`)."""
    return tokenizer_key(spacy_tokenizer())


def spacy_boundaries(text: str) -> Boundaries:
    from spacy.attrs import IDX, LENGTH, SPACY

    doc = spacy_tokenizer()(text)
    if not len(doc):
        return [], [], []
    starts, lengths, spaces = doc.to_array([IDX, LENGTH, SPACY]).T.tolist()
    return starts, [s + n for s, n in zip(starts, lengths)], [bool(w) for w in spaces]


def spacy_encoded(text: str) -> bytes:
    """The blob of spaCy's tokens of `text`, as `store.doc_tokens` keeps it."""
    from spacy.attrs import LENGTH, SPACY

    doc = spacy_tokenizer()(text)
    if not len(doc):
        return encode([], [])
    lengths, spaces = doc.to_array([LENGTH, SPACY]).T.tolist()
    return encode(lengths, spaces)


def boundaries(text: str, stored: bytes | None = None) -> tuple[Boundaries, bool]:
    """(spaCy's token boundaries of `text`, whether they came from `stored`). A stored blob is
    used when it can be read and covers exactly this text; otherwise the text is tokenized."""
    if stored is not None:
        try:
            starts, ends, ws = decode(stored)
        except ValueError:
            pass
        else:
            if (ends[-1] + ws[-1] if ends else 0) == len(text):
                return (starts, ends, ws), True
    return spacy_boundaries(text), False


def tokenize(text: str, spans: Iterable[Any] = ()) -> Tokens:
    """spaCy's tokens of `text`, split where a span (anything with .start/.end) needs it."""
    return align(text, *spacy_boundaries(text), spans)


def align(text: str, starts: list[int], ends: list[int], ws: list[bool],
          spans: Iterable[Any] = ()) -> Tokens:
    """The tokens (sorted, not overlapping) split where `spans` need it; the lists given are
    not changed, and are the result's own when no span needs a split."""
    spans = list(spans)
    misaligned = [s for s in spans if not (_has(starts, s.start) and _has(ends, s.end))]
    if misaligned:
        starts, ends, ws = _split_around(
            starts, ends, ws, {s.start for s in misaligned if not _has(starts, s.start)},
            {s.end for s in misaligned if not _has(ends, s.end)})
    return Tokens(starts, ends, ws, misaligned)


def _has(ordered: list[int], value: int) -> bool:
    """`value in ordered` by bisection: a few spans against hundreds of tokens."""
    i = bisect_left(ordered, value)
    return i < len(ordered) and ordered[i] == value


def _split_around(starts: list[int], ends: list[int], ws: list[bool], need_start: set[int],
                  need_end: set[int]) -> tuple[list[int], list[int], list[bool]]:
    """`_split`, run only on the tokens a cut can change: for a cut at c, those that contain
    it, end at it or end one space before it. `_split` copies every other token as it is, so
    the result is the same, without a Python loop over every token of a long text."""
    windows: list[list[int]] = []  # [first, after] token ranges, in order, merged
    for cut in sorted(need_start | need_end):
        first, after = bisect_left(ends, cut - 1), bisect_left(starts, cut)
        if first >= after:
            continue
        if windows and first <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], after)
        else:
            windows.append([first, after])
    out_s: list[int] = []
    out_e: list[int] = []
    out_w: list[bool] = []
    copied = 0
    for first, after in windows:
        cut_s, cut_e, cut_w = _split(starts[first:after], ends[first:after], ws[first:after],
                                     need_start, need_end)
        out_s += starts[copied:first] + cut_s
        out_e += ends[copied:first] + cut_e
        out_w += ws[copied:first] + cut_w
        copied = after
    return out_s + starts[copied:], out_e + ends[copied:], out_w + ws[copied:]


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
