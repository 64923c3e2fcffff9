"""One entry point for every input format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.formats.csv_table import read_csv
from annotator.formats.html import read_html
from annotator.formats.jsonl import read_jsonl
from annotator.formats.reading import ByteProgress, ImportOptions, Record, detect_format
from annotator.formats.txt import read_txt

Reader = Callable[[Path, ImportOptions, ByteProgress | None], Iterator[Record]]
READERS: dict[str, Reader] = {
    "txt": read_txt, "html": read_html, "jsonl": read_jsonl, "csv": read_csv,
}


def read_records(
    path: Path, options: ImportOptions, on_bytes: ByteProgress | None = None
) -> Iterator[Record]:
    return READERS[detect_format(path, options.format)](path, options, on_bytes)
