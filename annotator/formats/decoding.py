"""Bytes to text for the importers: the file's encoding, and its lines as the file ends them.

Analysts get files from many tools. Windows programs that save "Unicode" text write UTF-16 with a
byte-order mark (BOM), whose zero bytes used to make such a file look binary; Excel for Mac's
"CSV (Macintosh)" ends rows with a lone CR, which a reader splitting at LF saw as one huge line.
A file with a UTF-8, UTF-16 or UTF-32 BOM is decoded in that encoding (the BOM is not text);
without one it is UTF-8, as before: guessing other encodings would misread more than it saves.

Bytes that are not valid in the file's encoding never stop the reading: each one becomes a lone
surrogate in the decoded text (a character no valid text can hold), so a reader can report the
line it is in and go on with the next.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator

# Longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
WIDE = frozenset({"utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"})
_SURROGATE = re.compile("[\ud800-\udfff]")
_MARK = "annotator.mark-bad-bytes"


def _mark_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Each undecodable byte becomes U+DC00 + byte (like surrogateescape, which refuses bytes
    below 0x80 and so cannot serve UTF-16)."""
    assert isinstance(exc, UnicodeDecodeError)
    return "".join(chr(0xDC00 + b) for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(_MARK, _mark_bad_bytes)


def sniff_bom(head: bytes) -> tuple[str, int]:
    """(codec, length of its BOM) from the first bytes of a file; UTF-8 and 0 without a BOM."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    return "utf-8", 0


def label(codec: str) -> str:
    """What a user calls the encoding: UTF-16, not utf-16-le."""
    return codec[:6].upper()


def not_text(codec: str, byte: int | None = None) -> str:
    where = f" (byte {byte})" if byte is not None else ""
    return f"not valid {label(codec)}{where}; save the file as UTF-8 and import it again"


def decode_chunks(chunks: Iterable[bytes], codec: str) -> Iterator[str]:
    """Decoded text of a stream of byte chunks (a character may straddle two chunks); bytes that
    are not valid `codec` come out as lone surrogates, see `_mark_bad_bytes`."""
    decoder = codecs.getincrementaldecoder(codec)(_MARK)
    for chunk in chunks:
        text = decoder.decode(chunk)
        if text:
            yield text
    rest = decoder.decode(b"", final=True)  # a character cut short at the end of the file
    if rest:
        yield rest


def first_bad(text: str) -> int | None:
    """Index of the first character that stands for undecodable bytes, or None.

    A lone surrogate is what UTF-8 cannot encode; asking the encoder is ~50x faster than a
    regular expression, and most lines are ASCII, which is faster still to rule out.
    """
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def readable(text: str) -> str:
    """The text with undecodable bytes shown as U+FFFD (for parsing on past a bad line)."""
    return _SURROGATE.sub("\ufffd", text)


def _line_end(chunk: str, after_cr: bool) -> str | None:
    """The file's line end, from the first line break in `chunk`: "\\n" (also for "\\r\\n") or
    "\\r"; None while it cannot be told yet (no break, or a CR at the very end of the chunk)."""
    if after_cr:
        return "\n" if chunk.startswith("\n") else "\r"
    cr, lf = chunk.find("\r"), chunk.find("\n")
    if cr == -1 or (lf != -1 and lf < cr):
        return "\n" if lf != -1 else None
    if cr + 1 < len(chunk):
        return "\n" if chunk[cr + 1] == "\n" else "\r"
    return None


def split_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines with their line ends, split where the file's own first line ends: at LF (which
    covers CRLF), or at CR when the first line ends with a lone CR (old Mac files).

    Not at every CR as Python's universal newlines do: a record may hold a lone CR inside a line
    that ends in LF (srsly reads a raw CR inside a JSON string, a CSV cell may carry one), and
    cutting there would break records that import today.
    """
    newline: str | None = None
    held: list[str] = []  # the text since the end of the last whole line
    after_cr = False
    for chunk in chunks:
        if not chunk:
            continue
        if newline is None:
            newline = _line_end(chunk, after_cr)
            held.append(chunk)
            if newline is None:
                after_cr = chunk.endswith("\r")
                continue
            chunk, held = "".join(held), []
        parts = chunk.split(newline)
        if len(parts) == 1:
            held.append(chunk)
            continue
        held.append(parts[0])
        yield "".join(held) + newline
        for part in parts[1:-1]:
            yield part + newline
        held = [parts[-1]] if parts[-1] else []
    if held:
        yield "".join(held)
