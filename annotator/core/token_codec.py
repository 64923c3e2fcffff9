"""A compact, versioned encoding of one text's spaCy token boundaries, to keep in the project.

Tokenizing is most of what an export with tokens costs, and a document's text never changes
once imported, so its boundaries are computed once and stored (`store.doc_tokens`). spaCy's
tokens cover a text without gaps: the first starts at 0 and each is followed by nothing or by
one consumed space, so start[i+1] == end[i] + ws[i]. Lengths and space flags therefore rebuild
every offset, and each token packs into one integer, length * 2 + flag: one byte for a token
under 128 characters, which is nearly every token of prose.

Layout: a format byte (`FORMAT`), a width byte (1, 2, 4 or 8: bytes per packed token, the
smallest that holds the largest, so a 100,000-character token costs width, not correctness),
then the packed tokens, little-endian. Decoding is C-level work (`bytes.translate`, `array`,
`itertools.accumulate`, `map`); only a text with a token of 128 characters or more pays a
Python loop to unpack. Stored boundaries are only valid for the tokenizer that made them: see
`tokenizer_key`. Standard library only: spaCy is never imported here.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Sequence
from itertools import accumulate
from operator import add
from typing import Any

FORMAT = 1
_TYPECODES = {array(code).itemsize: code for code in "QLIHB"}  # width -> typecode, smallest wins
_WIDTHS = (1, 2, 4, 8)
# translate tables, packed byte -> its token's length, its space flag, the two added up
_LENGTH = bytes(v >> 1 for v in range(256))
_FLAG = bytes(v & 1 for v in range(256))
_STEP = bytes((v >> 1) + (v & 1) for v in range(256))


def encode(lengths: Sequence[int], spaces: Sequence[bool]) -> bytes:
    """Boundaries given as each token's length (in code points) and whether one space follows."""
    if len(lengths) != len(spaces):
        raise ValueError(f"{len(lengths)} lengths but {len(spaces)} space flags")
    if lengths and min(lengths) < 0:
        raise ValueError("a token length is negative")
    packed = [n + n + bool(w) for n, w in zip(lengths, spaces)]
    width = width_for(max(packed, default=0))
    values = array(_TYPECODES[width], packed)
    if width > 1 and sys.byteorder == "big":
        values.byteswap()
    return with_header(width, values.tobytes())


def width_for(top: int) -> int:
    """Bytes per packed token for a text whose largest packed value is `top`."""
    return next(w for w in _WIDTHS if top < 1 << (8 * w))


def with_header(width: int, body: bytes) -> bytes:
    """The blob of packed tokens (length * 2 + space flag, `width` bytes each, little-endian)
    that a caller packed itself, e.g. with numpy straight from spaCy's token arrays."""
    return bytes((FORMAT, width)) + body


def decode(blob: bytes) -> tuple[list[int], list[int], list[bool]]:
    """(starts, ends, ws) of the tokens `encode` was given. ValueError for a blob this version
    cannot read (another format, a truncated row): the caller tokenizes instead."""
    if len(blob) < 2 or blob[0] != FORMAT or blob[1] not in _TYPECODES:
        raise ValueError("not a token boundary blob of format 1")
    width = blob[1]
    body = bytes(blob[2:])
    if len(body) % width:
        raise ValueError("token boundary blob of the wrong length")
    if width == 1:
        lengths: Any = body.translate(_LENGTH)
        flags: Any = body.translate(_FLAG)
        steps: Any = body.translate(_STEP)
    else:
        values = array(_TYPECODES[width], body)
        if sys.byteorder == "big":
            values.byteswap()
        lengths = [v >> 1 for v in values]
        flags = [v & 1 for v in values]
        steps = list(map(add, lengths, flags))
    starts = list(accumulate(steps, initial=0))  # each token's start, then the text's length
    starts.pop()
    return starts, list(map(add, starts, lengths)), list(map(bool, flags))


def tokenizer_key(tokenizer: Any) -> str:
    """A fingerprint of a spaCy tokenizer: stored boundaries are used only under the same key.

    spaCy's version (its tokenizing algorithm changes between releases) and a hash of the
    tokenizer's rules (`to_bytes` without the vocabulary: prefixes, suffixes, infixes, special
    cases, URL pattern, heuristics). Those bytes are the same for two tokenizers built alike,
    in any process and under any hash seed (tests/unit/test_token_codec.py checks it).
    """
    from importlib import metadata  # here: 10 ms that every export without tokens would pay

    try:
        version = metadata.version("spacy")
    except metadata.PackageNotFoundError:  # pragma: no cover - a tokenizer without spaCy
        version = "unknown"
    digest = hashlib.sha256(tokenizer.to_bytes(exclude=["vocab"])).hexdigest()[:16]
    return f"spacy-{version}/{digest}"
