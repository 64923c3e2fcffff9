"""HTML pages through trafilatura: main text plus title, date, site and URL.

trafilatura parses the markup with lxml: scripts are never run and nothing remote (images,
iframes, stylesheets) is fetched; we only hand it the bytes of the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from annotator.core.models import DocumentDraft, ImportProblem
from annotator.formats.dates import check_published
from annotator.formats.reading import (
    ByteProgress,
    ImportOptions,
    Record,
    read_whole_text,
)


def read_html(path: Path, options: ImportOptions, on_bytes: ByteProgress | None) -> Iterator[Record]:
    markup = read_whole_text(path, on_bytes)
    if isinstance(markup, ImportProblem):
        yield markup
        return
    yield from draft_from_html(markup, path)


def draft_from_html(markup: str, path: Path) -> Iterator[Record]:
    import trafilatura  # deferred: ~0.3 s to import, only needed for HTML

    try:
        extracted = trafilatura.extract(
            markup, output_format="json", with_metadata=True, include_comments=False,
            include_images=False, include_links=False, include_tables=True, fast=False,
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        yield ImportProblem(str(path), None, f"the HTML could not be parsed ({exc})", code="E305")
        return
    if not extracted:
        yield ImportProblem(
            str(path), None, "no article text found in the HTML; is it a news page?", code="E304"
        )
        return
    found = json.loads(extracted)
    text = found.get("text") or ""
    if not text.strip():
        yield ImportProblem(str(path), None, "no article text found in the HTML", code="E304")
        return
    meta = {
        key: found[key]
        for key in ("author", "hostname", "sitename", "description", "categories", "tags",
                    "language", "excerpt")
        if found.get(key)
    }
    meta["file"] = path.name
    published, warning = check_published(found.get("date"), str(path), None, "date")
    if warning:  # trafilatura checks the dates it finds; this holds if one ever slips through
        meta["date"] = found["date"]
    yield DocumentDraft(
        text=text, title=found.get("title"), source=found.get("sitename") or found.get("hostname"),
        url=found.get("source") or found.get("url"), published=published, meta=meta,
        origin=str(path),
    )
    if warning:
        yield warning
