"""Where each Doc's sentences start and where its tokens lie, for a whole batch at once.

Pre-highlighting needs both for every document: sentence starts for the candidate statements
and the stored sentence bounds, token boundaries for exports (`core.token_codec`, kept when
exports tokenize alike). Both come from spaCy's token arrays, one `Doc.to_array` call a Doc;
`Doc.sents` would make a Python Token for every token. Reading the arrays (`token_table`)
needs spaCy and the Docs; the arithmetic on them (`layouts`) needs only numpy, so it can run
in another process than the pipeline. It is done for the batch in one go: numpy costs per call,
not per element, and a dozen calls a Doc were about a quarter of what extraction added to the
pipeline (py-spy samples of `Project.suggest`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from typing import Any, NamedTuple

from annotator.core import token_codec

BLANK_LINE = re.compile(r"\n[^\S\n]*\n")  # two line ends with only spaces between: CRLF too


class Layout(NamedTuple):
    cuts: list[int]  # where spaCy starts a sentence, as code point offsets; [] for no tokens
    tokens: bytes | None  # the `core.token_codec` blob, when asked for


class TokenTable(NamedTuple):
    """A batch's token arrays, joined and packed: plain numpy, picklable, and small enough to
    cross to another process cheaply (an eighth of spaCy's three uint64 columns)."""

    packed: Any  # one number a token, in Doc order: length << 2 | space after << 1 | opens
    counts: list[int]  # tokens in each Doc


@cache
def _attrs() -> list[int]:
    from spacy.attrs import LENGTH, SENT_START, SPACY

    return [SENT_START, LENGTH, SPACY]


def token_arrays(doc: Any) -> Any:
    """One Doc's rows for `join_arrays`: the part of the work that needs the Doc."""
    return doc.to_array(_attrs())


def join_arrays(arrays: Sequence[Any]) -> TokenTable:
    import numpy

    if not arrays:
        return TokenTable(numpy.zeros(0, dtype=numpy.uint32), [])
    table = numpy.concatenate(arrays).view(numpy.int64)
    packed = table[:, 1] << 2 | table[:, 2] << 1 | (table[:, 0] == 1)
    if len(packed) and int(packed.max()) >= 1 << 32:  # a token of a billion code points
        return TokenTable(packed, [len(a) for a in arrays])
    return TokenTable(packed.astype(numpy.uint32), [len(a) for a in arrays])


def joined_arrays(docs: Sequence[Any]) -> Any:
    """The rows of Docs that are consecutive pieces of one text, as that text's Doc would
    have them (tokens cover a text without gaps, so they simply follow each other)."""
    import numpy

    return numpy.concatenate([token_arrays(doc) for doc in docs])


def token_table(docs: Sequence[Any]) -> TokenTable:
    return join_arrays([token_arrays(doc) for doc in docs])


def doc_layouts(docs: Sequence[Any], with_tokens: bool = False) -> list[Layout]:
    return layouts(token_table(docs), with_tokens)


def layouts(tokens: TokenTable, with_tokens: bool = False) -> list[Layout]:
    """One `Layout` per Doc, in order. spaCy's tokens cover a text without gaps, each followed
    by nothing or by one space it consumed, so a running sum of length + space flag gives every
    token's offset (see `core.token_codec`)."""
    import numpy

    if not tokens.counts:
        return []
    counts = numpy.array(tokens.counts, dtype=numpy.int64)
    firsts = numpy.cumsum(counts) - counts  # each Doc's first row in the joined table
    codes = tokens.packed.astype(numpy.int64)
    lengths, spaces = codes >> 2, codes >> 1 & 1
    steps = lengths + spaces
    offsets = numpy.cumsum(steps) - steps  # running over the batch: made per Doc below
    filled = counts > 0
    offsets -= numpy.repeat(offsets[firsts[filled]], counts[filled])
    opens = (codes & 1).astype(bool)
    opens[firsts[filled]] = True  # as Doc.sents: the first token opens a sentence, whatever it says
    where = numpy.flatnonzero(opens)
    cuts = offsets[where].tolist()
    bounds = [*numpy.searchsorted(where, firsts).tolist(), len(cuts)]
    n = len(tokens.counts)
    blobs = _blobs(steps + lengths, firsts, counts) if with_tokens else [None] * n
    return [Layout(cuts[bounds[i]:bounds[i + 1]], blobs[i]) for i in range(n)]


def _blobs(packed: Any, firsts: Any, counts: Any) -> list[bytes]:
    """Each Doc's token blob. Prose has no token of 128 code points or more, so nearly every
    batch packs into one byte a token in one pass; a batch that has one packs Doc by Doc, each
    Doc as wide as its own longest token needs."""
    import numpy

    spans = list(zip(firsts.tolist(), (firsts + counts).tolist()))
    if not len(packed) or int(packed.max()) < 256:
        body = packed.astype(numpy.uint8).tobytes()
        return [token_codec.with_header(1, body[a:b]) for a, b in spans]
    out = []
    for a, b in spans:
        part = packed[a:b]
        width = token_codec.width_for(int(part.max()) if b > a else 0)
        out.append(token_codec.with_header(width, part.astype(f"<u{width}").tobytes()))
    return out


def sentence_bounds(text: str, cuts: list[int]) -> tuple[list[int], list[int]]:
    """Each sentence's (start, end) without the whitespace around it, in text order; blank
    sentences left out. `cuts`: where spaCy starts a sentence (`layout.layouts`). Tokens
    cover the text without gaps, so a sentence runs to where the next one starts.

    A blank line also ends a sentence: a dateline or a heading has no full stop, and the
    sentencizer would join it to the paragraph after it ("Monday, January 7, 2019" + "United
    States President Donald Trump said ..."), making one candidate statement of both."""
    if not cuts:
        return [], []
    if "\n" in text:
        blank = [found.end() for found in BLANK_LINE.finditer(text)]
        if blank:
            cuts = sorted({*cuts, *blank})
    starts: list[int] = []
    ends: list[int] = []
    for start, end in pairwise([*cuts, len(text)]):
        kept = text[start:end].rstrip()  # string methods, not a loop a character
        if kept:
            end = start + len(kept)
            if kept[0].isspace():
                start = end - len(kept.lstrip())
            starts.append(start)
            ends.append(end)
    return starts, ends
