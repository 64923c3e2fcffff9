"""One entry point for every input format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.models import DocumentDraft, ImportProblem
from annotator.formats.csv_table import read_csv
from annotator.formats.html import read_html
from annotator.formats.jsonl import read_jsonl
from annotator.formats.reading import ByteProgress, ImportOptions, Record, detect_format
from annotator.formats.txt import read_txt

Reader = Callable[[Path, ImportOptions, ByteProgress | None], Iterator[Record]]
READERS: dict[str, Reader] = {
    "txt": read_txt, "html": read_html, "jsonl": read_jsonl, "csv": read_csv,
}


# A document longer than this is imported with a warning (W402): a long news article has
# 20,000 characters, so this is a book, or many articles run together by mistake. It is
# pre-highlighted in pieces (`nlp.suggest.PIECE_CHARS`) and slow to show in the window.
LONG_DOCUMENT_CHARS = 200_000


def read_records(
    path: Path, options: ImportOptions, on_bytes: ByteProgress | None = None
) -> Iterator[Record]:
    for record in READERS[detect_format(path, options.format)](path, options, on_bytes):
        yield record
        if isinstance(record, DocumentDraft) and len(record.text) > LONG_DOCUMENT_CHARS:
            yield ImportProblem(
                str(path), record.line,
                f"the document {record.title or ''!r} is {len(record.text):,} characters long"
                f" (more than {LONG_DOCUMENT_CHARS:,}); it was imported, is pre-highlighted in"
                " pieces and is slow to show in the window: split it if it is several articles",
                code="W402")
