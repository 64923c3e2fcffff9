"""Understanding plain-text copies of news web pages.

Scraped pages carry a header (title, "Updated: 2012-10-25 09:58", "(English.news.cn)", rules of
pipes, a photo caption) and a tail of site navigation ("Most Viewed", link lists). Analysts
should annotate the article, not the chrome, but nothing may be thrown away: the header fields
become metadata and the tail is kept in meta. The body is a slice of the original string, so
line endings and every character inside it are exactly as in the file.

A text without a recognisable date line in its first lines is not treated as a page at all and
is imported as is: guessing structure in plain prose would cut real text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_DATE_LINE = re.compile(
    r"^\s*(?:updated|published|posted|last updated|date)\s*:?\s*"
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})(?:[ T]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^\s*(?:\((?P<paren>[^()]{2,80})\)|source\s*:\s*(?P<named>.{2,80}))\s*$",
                          re.IGNORECASE)
_RULE_LINE = re.compile(r"^[\s|\-_=*·•]*$")
# `[^\[\]]*`, not `[^\]]*`: each attempt stops at the next "[", so a hostile line of many
# "[photo/" costs linear, not quadratic, time (1.4 MB of them took minutes).
_CAPTION = re.compile(r"\[(?:photo|photos|image|file photo)\s*/[^\[\]]*\]\s*\|?\s*$",
                      re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")
HEADER_SCAN = 6


@dataclass
class PageParts:
    body_start: int
    body_end: int
    title: str | None = None
    published: str | None = None
    date_line: int | None = None  # its number in the file, counted from 1
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """(start, end-without-newline, content) for every line, offsets into the original."""
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        content = raw.rstrip("\r\n")
        out.append((pos, pos + len(content), content))
        pos += len(raw)
    return out


def _is_prose(line: str) -> bool:
    words = line.split()
    return len(words) >= 8 and bool(_SENTENCE_END.search(line)) and not line.lstrip().startswith("- ")


def parse_scraped_page(text: str) -> PageParts | None:
    """Split a scraped page into header, body and tail; None when it is not such a page."""
    lines = _lines_with_offsets(text)
    nonblank = [i for i, (_, _, c) in enumerate(lines) if c.strip()]
    if len(nonblank) < 3:
        return None
    date_index = next(
        (i for i in nonblank[:HEADER_SCAN] if _DATE_LINE.match(lines[i][2])), None
    )
    if date_index is None:
        return None
    parts = PageParts(body_start=0, body_end=len(text))
    match = _DATE_LINE.match(lines[date_index][2])
    assert match is not None
    year, month, day = re.split(r"[-/]", match.group("date"))
    parts.published = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"  # checked by the caller
    parts.date_line = date_index + 1
    parts.meta["date_line"] = lines[date_index][2].strip()
    header = [i for i in nonblank if i < date_index]
    if header:
        parts.title = " ".join(lines[i][2].strip() for i in header)

    # Walk forward from the date line over source, rules and caption to the first prose line.
    index = date_index + 1
    header_junk: list[str] = []
    while index < len(lines):
        content = lines[index][2]
        source = _SOURCE_LINE.match(content)
        if not content.strip() or _RULE_LINE.match(content):
            if content.strip():
                header_junk.append(content.strip())
        elif source and parts.source is None:
            parts.source = (source.group("paren") or source.group("named")).strip()
        elif _CAPTION.search(content):
            parts.meta["caption"] = content.strip().rstrip("|").strip()
        elif _is_prose(content) or len(content.split()) >= 8:
            break
        else:
            header_junk.append(content.strip())
        index += 1
    if index >= len(lines):
        return None
    parts.body_start = lines[index][0]
    if header_junk:
        parts.meta["header_extra"] = header_junk

    # The body ends at the last prose line; everything after it is the site's navigation.
    last = max((i for i in range(index, len(lines)) if _is_prose(lines[i][2])), default=index)
    parts.body_end = lines[last][1]
    tail = [lines[i][2].strip() for i in range(last + 1, len(lines)) if lines[i][2].strip()]
    if tail:
        parts.meta["trailing"] = tail
    return parts
