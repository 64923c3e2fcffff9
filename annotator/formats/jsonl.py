"""JSON Lines: one document per line; `text` (or --text-field), other keys to meta."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import srsly

from annotator.core.models import ImportProblem
from annotator.formats.fields import draft_from_record
from annotator.formats.reading import ByteProgress, ImportOptions, Record, decode_utf8, iter_lines


def read_jsonl(path: Path, options: ImportOptions, on_bytes: ByteProgress | None) -> Iterator[Record]:
    seen_any = False
    for number, raw in iter_lines(path, on_bytes):
        line = decode_utf8(raw, path, number)
        if isinstance(line, ImportProblem):
            yield line
            continue
        if not line.strip():
            continue
        seen_any = True
        try:
            record = srsly.json_loads(line)
        except (ValueError, RecursionError) as exc:
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            yield ImportProblem(str(path), number, f"not valid JSON ({reason})", code="E309")
            continue
        if not isinstance(record, dict):
            yield ImportProblem(
                str(path), number, f"expected a JSON object, got {type(record).__name__}",
                code="E307",
            )
            continue
        yield draft_from_record(record, options.text_field, str(path), number)
    if not seen_any:
        yield ImportProblem(str(path), None, "the file has no records", code="E304")
