"""Where each Doc's sentences start and where its tokens lie, for a whole batch at once.

Pre-highlighting needs both for every document: sentence starts for the candidate statements
and the stored sentence bounds, token boundaries for exports (`core.token_codec`, kept when
exports tokenize alike). Both come from spaCy's token arrays, one `Doc.to_array` call a Doc;
`Doc.sents` would make a Python Token for every token. The arithmetic on those arrays is done
for the batch in one go: numpy costs per call, not per element, and a dozen calls a Doc were
about a quarter of what extraction added to the pipeline (py-spy samples of `Project.suggest`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from annotator.core import token_codec


class Layout(NamedTuple):
    cuts: list[int]  # where spaCy starts a sentence, as code point offsets; [] for no tokens
    tokens: bytes | None  # the `core.token_codec` blob, when asked for


@cache
def _attrs() -> list[int]:
    from spacy.attrs import LENGTH, SENT_START, SPACY

    return [SENT_START, LENGTH, SPACY]


def doc_layouts(docs: Sequence[Any], with_tokens: bool = False) -> list[Layout]:
    """One `Layout` per Doc, in order. spaCy's tokens cover a text without gaps, each followed
    by nothing or by one space it consumed, so a running sum of length + space flag gives every
    token's offset (see `core.token_codec`)."""
    import numpy

    arrays = [doc.to_array(_attrs()) for doc in docs]
    if not arrays:
        return []
    counts = numpy.array([len(a) for a in arrays], dtype=numpy.int64)
    firsts = numpy.cumsum(counts) - counts  # each Doc's first row in the joined table
    table = numpy.concatenate(arrays).view(numpy.int64)
    lengths, spaces = table[:, 1], table[:, 2]
    steps = lengths + spaces
    offsets = numpy.cumsum(steps) - steps  # running over the batch: made per Doc below
    filled = counts > 0
    offsets -= numpy.repeat(offsets[firsts[filled]], counts[filled])
    opens = table[:, 0] == 1
    opens[firsts[filled]] = True  # as Doc.sents: the first token opens a sentence, whatever it says
    where = numpy.flatnonzero(opens)
    cuts = offsets[where].tolist()
    bounds = [*numpy.searchsorted(where, firsts).tolist(), len(cuts)]
    blobs = _blobs(steps + lengths, firsts, counts) if with_tokens else [None] * len(arrays)
    return [Layout(cuts[bounds[i]:bounds[i + 1]], blobs[i]) for i in range(len(arrays))]


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
