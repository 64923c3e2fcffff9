"""CSV of statements: one row per STATEMENT span with its slots, for spreadsheets and R.

Columns follow the project's scheme (one per slot, in scheme order; actor slots get a
`<slot>_name` column with the registry's name beside the id), so a team that adapts its
scheme gets matching columns. Multi-valued slots are joined with ";", booleans are yes/no.
Written as UTF-8 with a byte-order mark and CRLF rows, which is what Excel needs to show
non-ASCII text correctly.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is one a spreadsheet
runs as a formula (`=HYPERLINK(...)`, `=cmd|...`) when the file is opened: an imported article
or a note can carry one. Such a cell gets a leading `'` (OWASP's rule for CSV injection), which
spreadsheets show as text; the export says how many. `ExportOptions.raw_cells` (`--raw-cells`)
writes every cell exactly as stored, for programs that read CSV as data.
"""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO

from annotator.core.exchange import LayerRecord
from annotator.formats.export_base import ExportContext, FormatWriter
from annotator.formats.tokens import Tokens

LEADING = ("uid", "title", "published", "source", "layer", "status", "statement_id", "type",
           "start", "end", "text")
TRAILING = ("origin", "created_at", "updated_at")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISED_NOTE = "CSV cell(s) that a spreadsheet would run as a formula were written as text" \
    " (a leading ')"


class CsvStatementWriter(FormatWriter):
    def __init__(self, fh: BinaryIO, context: ExportContext) -> None:
        super().__init__(fh, context)
        self.slots = context.scheme.slots
        header = list(LEADING)
        for slot in self.slots:
            header.append(slot.name)
            if slot.type == "actor":
                header.append(f"{slot.name}_name")
        header.extend(TRAILING)
        self.buffer = io.StringIO()
        self.csv = csv.writer(self.buffer, lineterminator="\r\n")
        self.fh.write("\ufeff".encode())
        self._row(header)

    def _row(self, row: list[Any]) -> None:
        if not self.context.options.raw_cells:
            row = [self._neutralise(cell) for cell in row]
        self.csv.writerow(row)
        self.fh.write(self.buffer.getvalue().encode("utf-8"))
        self.buffer.seek(0)
        self.buffer.truncate()

    def write(self, record: LayerRecord, tokens: Tokens | None) -> None:
        names = self.context.actor_names
        for span in record.spans:
            if span.kind != "STATEMENT":
                continue
            row: list[Any] = [record.uid, record.title, record.published, record.source,
                              record.layer, record.status, span.id, span.label, span.start,
                              span.end, span.text]
            for slot in self.slots:
                value = span.attrs.get(slot.name)
                row.append(_cell(value))
                if slot.type == "actor":
                    row.append(names.get(value, "") if isinstance(value, str) else "")
            row.extend([span.origin, span.created_at, span.updated_at])
            self._row(row)


    def _neutralise(self, cell: Any) -> Any:
        if isinstance(cell, str) and cell.startswith(FORMULA_START):
            self.context.note(NEUTRALISED_NOTE)
            return "'" + cell
        return cell


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value
