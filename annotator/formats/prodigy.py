"""Prodigy's db-out span format: what `prodigy db-in` takes and `spans.manual` shows.

Only what Prodigy knows goes in (text, meta, tokens, spans with token indices, hashes, answer,
annotator); slots, span ids and timestamps stay in our JSONL. Prodigy files are read back by
the same reader as ours (`formats.span_lines`), ours being a superset.
"""

from __future__ import annotations

from typing import Any

from annotator.core.exchange import LayerRecord
from annotator.formats.export_base import (
    ANSWERS,
    TokenLinesWriter,
    doc_meta_fields,
    input_hash,
    prodigy_tokens,
    task_hash,
    token_fields,
)
from annotator.formats.tokens import Tokens


def prodigy_dict(record: LayerRecord, tokens: Tokens | None) -> dict[str, Any]:
    uid = record.uid or ""
    line: dict[str, Any] = {"text": record.text, "meta": doc_meta_fields(record),
                            "_input_hash": input_hash(uid), "_task_hash": task_hash(uid, record.spans)}
    if tokens is not None:
        line["tokens"] = prodigy_tokens(tokens, record.text)
    spans = []
    for span in record.spans:
        item: dict[str, Any] = {"start": span.start, "end": span.end, "text": span.text}
        item.update(token_fields(span, tokens))
        item["label"] = span.label
        spans.append(item)
    line["spans"] = spans
    line["_view_id"] = "spans_manual"  # spans may overlap: the spans.manual interface
    line["answer"] = ANSWERS.get(record.status or "todo", "ignore")
    line["_annotator_id"] = record.layer
    line["_session_id"] = record.layer
    return line


class ProdigyWriter(TokenLinesWriter):
    def to_dict(self, record: LayerRecord, tokens: Tokens | None) -> dict[str, Any]:
        return prodigy_dict(record, tokens)
