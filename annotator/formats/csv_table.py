"""CSV: one document per row; --text-column (default `text`), other columns to meta.

Quoted fields may hold newlines (news bodies do), so rows are parsed by the csv module over a
stream of decoded lines that keep their line ends (what it needs, as from a file opened with
newline=""); a row that is not valid text is reported with its line, not the file. Lines end
as the file ends them, a lone CR included (Excel for Mac), and a BOM names the encoding: see
`annotator.formats.decoding`.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.core.models import ImportProblem
from annotator.formats.decoding import not_text
from annotator.formats.fields import draft_from_record
from annotator.formats.reading import ByteProgress, ImportOptions, Record, iter_text_lines

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv(path: Path, options: ImportOptions, on_bytes: ByteProgress | None) -> Iterator[Record]:
    bad_lines: set[int] = set()
    codec = "utf-8"

    def decoded() -> Iterator[str]:
        nonlocal codec
        for line in iter_text_lines(path, on_bytes):
            codec = line.codec
            if line.bad_byte is not None:
                bad_lines.add(line.number)
            yield line.text

    reader = csv.reader(decoded(), strict=False)
    try:
        header = next(reader)
    except StopIteration:
        yield ImportProblem(str(path), None, "the file is empty", code="E304")
        return
    except csv.Error as exc:
        if 1 in bad_lines:  # not valid text is the real news, not what the csv module tripped on
            yield ImportProblem(str(path), 1, not_text(codec), code="E303")
            return
        yield ImportProblem(str(path), 1, f"the header is not CSV ({exc})", code="E310")
        return
    if 1 in bad_lines:
        yield ImportProblem(str(path), 1, not_text(codec), code="E303")
        return
    header = [h.strip() for h in header]
    if options.text_column not in header:
        # A few columns, each cut short: a 10 MB first line must not become a 10 MB message.
        shown = ", ".join(h if len(h) <= 40 else h[:40] + "…" for h in header[:8])
        more = f" and {len(header) - 8} more" if len(header) > 8 else ""
        yield ImportProblem(
            str(path), 1,
            f"no column {options.text_column!r} (columns: {shown}{more}); pass --text-column",
            code="E306",
        )
        return
    row_start = reader.line_num + 1
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield ImportProblem(str(path), row_start, f"not valid CSV ({exc})", code="E310")
            row_start = reader.line_num + 1
            continue
        line, row_start = row_start, reader.line_num + 1
        if _blank(row):
            continue
        rows += 1
        if any(n in bad_lines for n in range(line, row_start)):
            yield ImportProblem(str(path), line, not_text(codec), code="E303")
            continue
        if len(row) != len(header):
            yield ImportProblem(
                str(path), line, f"{len(row)} fields where the header has {len(header)}",
                code="E310",
            )
            continue
        yield from draft_from_record(dict(zip(header, row)), options.text_column, str(path), line)
    if rows == 0:
        yield ImportProblem(str(path), None, "the file has a header but no rows", code="E304")


def _blank(row: list[str]) -> bool:
    """A row of empty or blank cells is skipped, not a record (spreadsheets leave them)."""
    return not any(cell.strip() for cell in row)


def count_rows(text: Iterable[str]) -> int:
    """Records `read_csv` will find in the decoded lines of a file (ends kept, as from a file
    opened with newline=""): the non-blank rows after the header. Only for progress: a file
    the csv module cannot parse to the end counts the rows before the fault."""
    rows = 0
    reader = csv.reader(text, strict=False)
    try:
        next(reader, None)  # the header
        for row in reader:
            rows += not _blank(row)
    except csv.Error:
        pass  # the import reports the bad row
    return rows
