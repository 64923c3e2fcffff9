"""Our JSONL (documented in docs/FORMAT.md): one line per document per layer, lossless.

It is a superset of Prodigy's span format (text, tokens, spans with token indices,
_input_hash, _task_hash, answer), so Prodigy and spaCy users read it as is, and it carries
everything a project knows about the layer — span ids, slots, provenance, document labels,
status — so importing it into another project and exporting again gives the same bytes.
"""

from __future__ import annotations

from typing import Any

from annotator.core.exchange import FORMAT_TAG, LayerRecord, SpanRecord
from annotator.formats.export_base import (
    ANSWERS,
    TokenLinesWriter,
    doc_meta_fields,
    input_hash,
    prodigy_tokens,
    task_hash,
)
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
