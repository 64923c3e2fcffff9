"""Plain-text files: one article per file."""

from __future__ import annotations

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
from annotator.formats.scraped_page import parse_scraped_page


def read_txt(path: Path, options: ImportOptions, on_bytes: ByteProgress | None) -> Iterator[Record]:
    text = read_whole_text(path, on_bytes)
    if isinstance(text, ImportProblem):
        yield text
        return
    yield from draft_from_text(text, path)


def draft_from_text(text: str, path: Path) -> Iterator[Record]:
    if not text.strip():
        yield ImportProblem(str(path), None, "the file has no text", code="E304")
        return
    if "\x00" in text:  # refuse_binary only looks at the first 8 KB
        yield ImportProblem(str(path), None, "the text contains NUL characters", code="E308")
        return
    parts = parse_scraped_page(text)
    if parts is None:
        yield DocumentDraft(text=text, title=None, meta={"file": path.name}, origin=str(path))
        return
    meta = {"file": path.name, **parts.meta}
    # The date line itself is in meta already, so a false date loses nothing by being left out.
    published, warning = check_published(parts.published, str(path), parts.date_line,
                                         "date_line", raw=meta["date_line"])
    yield DocumentDraft(
        text=text[parts.body_start : parts.body_end],
        title=parts.title, source=parts.source, published=published,
        meta=meta, origin=str(path),
    )
    if warning:
        yield warning
