"""Our JSONL (documented in docs/FORMAT.md): one line per document per layer, lossless.

It is a superset of Prodigy's span format (text, tokens, spans with token indices,
_input_hash, _task_hash, answer), so Prodigy and spaCy users read it as is, and it carries
everything a project knows about the layer — span ids, slots, provenance, document labels,
status — so importing it into another project and exporting again gives the same bytes.
"""

from __future__ import annotations

import math
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from annotator.core.exchange import FORMAT_TAG, LayerRecord, LineParts, SpanRecord
from annotator.formats.export_base import (
    ANSWERS,
    TokenLinesWriter,
    doc_meta_fields,
    input_hash,
    prodigy_tokens,
    task_hash,
    task_hash_of,
    tokens_wanted,
)
from annotator.formats.export_options import ExportOptions
from annotator.formats.tokens import Tokens


def span_dict(span: SpanRecord, tokens: Tokens | None) -> dict[str, Any]:
    if tokens is None:
        return {"id": span.id, "start": span.start, "end": span.end, "text": span.text,
                "label": span.label, "kind": span.kind, "attrs": span.attrs, "origin": span.origin,
                "created_at": span.created_at, "updated_at": span.updated_at}
    first, last = tokens.span_indices(span.start, span.end)
    return {"id": span.id, "start": span.start, "end": span.end, "text": span.text,
            "label": span.label, "kind": span.kind, "token_start": first, "token_end": last,
            "attrs": span.attrs, "origin": span.origin, "created_at": span.created_at,
            "updated_at": span.updated_at}


def record_dict(record: LayerRecord, tokens: Tokens | None, scheme_ref: str,
                with_text: bool = True) -> dict[str, Any]:
    """The line as a dict (its tokens already serialised: `prodigy_tokens`); without text and
    tokens it is what a DocBin keeps in user_data."""
    uid = record.uid or ""
    line: dict[str, Any] = {"text": record.text} if with_text else {}
    line["meta"] = doc_meta_fields(record)
    line["doc_meta"] = record.doc_meta
    if tokens is not None and with_text:
        line["tokens"] = prodigy_tokens(tokens, record.text)
    line["spans"] = [span_dict(s, tokens) for s in record.spans]
    line["doc_labels"] = record.doc_labels
    line["provenance"] = {"annotator": record.layer, "status_updated_at": record.status_updated_at,
                          "seconds": record.seconds}
    line["scheme"] = scheme_ref
    line["format"] = FORMAT_TAG
    line["_input_hash"] = input_hash(uid)
    line["_task_hash"] = task_hash(uid, record.spans)
    line["_annotator_id"] = record.layer
    line["answer"] = ANSWERS.get(record.status or "todo", "ignore")
    return line


class JsonlWriter(TokenLinesWriter):
    def to_dict(self, record: LayerRecord, tokens: Tokens | None) -> dict[str, Any]:
        return record_dict(record, tokens, self.context.scheme.ref)

    def write_parts(self, parts: LineParts) -> None:
        """A line whose JSON SQLite wrote in pieces (`store.export_lines`)."""
        self.fh.write(line_from_parts(parts, self.context.scheme.ref))


# Characters that Python's str.splitlines() and other line readers take as a line end, which
# JSON leaves unescaped (it escapes those below U+0020 only): lines in UTF-8 write them as
# `\\u` escapes, so that a line of ours is one line for every reader.
LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def built_from_parts(options: ExportOptions) -> bool:
    """Whether an export's lines come whole from SQLite (`store.export_lines`) rather than as
    records: our JSONL without tokens, the default export, 2-3x faster (docs/benchmarks.md)."""
    return options.format == "jsonl" and not tokens_wanted(options)


_TAIL = ('],"doc_labels":{%s},"provenance":{"annotator":%s,"status_updated_at":%s,"seconds":%s},'
         '"scheme":%s,"format":%s,"_input_hash":%d,"_task_hash":%d,"_annotator_id":%s,'
         '"answer":"%s"}\n')


def line_from_parts(parts: LineParts, scheme_ref: str) -> bytes:
    """The JSON that `record_dict` and `json_line` write for the same record (the same keys in
    the same order, compact), in UTF-8: non-ASCII characters as they are, but `LINE_BREAKS`.
    Numbers in slots and metadata are written as stored and `seconds` as Python's shortest
    exact form (srsly rounds floats to 10 significant digits)."""
    layer = _quote(parts.layer)
    seconds = parts.seconds
    tail = _TAIL % (
        ",".join(x.decode() for x in parts.doc_labels) if parts.doc_labels else "", layer,
        _quote(parts.status_updated_at),
        "null" if seconds is None or not math.isfinite(seconds) else repr(seconds),
        _quote(scheme_ref), _quote(FORMAT_TAG), input_hash(parts.uid),
        task_hash_of(parts.uid, parts.span_keys), layer,
        ANSWERS.get(parts.status or "todo", "ignore"))
    line = b"".join((parts.head, b",".join(parts.spans), tail.encode()))
    # `LINE_BREAKS` in UTF-8 end in one of these bytes; searching a single byte is fast, a
    # sequence is not (it was a third of the export's CPU), and few lines have any of them
    if b"\xa8" in line or b"\xa9" in line or b"\x85" in line:
        for raw, escaped in _BREAKS_UTF8:  # in UTF-8, each sequence is that character only
            if raw in line:
                line = line.replace(raw, escaped)
    return line


_BREAKS_UTF8 = [(char.encode(), f"\\u{ord(char):04x}".encode()) for char in LINE_BREAKS]


def _quote(value: str | None) -> str:
    """A string (or None) as JSON, escaped as SQLite's json_quote and srsly (with
    `ensure_ascii=False`) escape it: quote, backslash and control characters."""
    return "null" if value is None else encode_basestring(value)
