"""What every dataset writer shares: its context, the fields common to several formats, and
the Prodigy-style hashes.

A writer turns `LayerRecord`s into bytes on an open binary file; it never decides which
documents go out or where the file lands (that is `formats.exporter`), so each format module
is a small translation that can be tested on plain records.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import srsly

from annotator.core.exchange import LayerRecord, SpanRecord
from annotator.core.scheme import Scheme
from annotator.formats.export_options import ExportOptions
from annotator.formats.tokens import Tokens

# Prodigy's answers for our document statuses; meta.status keeps the exact one.
ANSWERS = {"done": "accept", "flagged": "reject", "skipped": "ignore", "todo": "ignore"}
STATUS_OF_ANSWER = {"accept": "done", "reject": "flagged", "ignore": "skipped"}


@dataclass
class ExportContext:
    scheme: Scheme
    options: ExportOptions
    actor_names: dict[str, str] = field(default_factory=dict)
    notes: dict[str, int] = field(default_factory=dict)  # counters a writer wants reported

    def note(self, key: str, n: int = 1) -> None:
        self.notes[key] = self.notes.get(key, 0) + n


class FormatWriter:
    """One output file. `write` is called once per record, `close` once at the end."""

    needs_tokens = False

    def __init__(self, fh: BinaryIO, context: ExportContext) -> None:
        self.fh = fh
        self.context = context

    def write(self, record: LayerRecord, tokens: Tokens | None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Write whatever a format can only write at the end (a DocBin)."""


class JsonLinesWriter(FormatWriter):
    """A format whose file is one JSON object per record."""

    def write(self, record: LayerRecord, tokens: Tokens | None) -> None:
        self.fh.write(srsly.json_dumps(self.to_dict(record, tokens)).encode("utf-8") + b"\n")

    def to_dict(self, record: LayerRecord, tokens: Tokens | None) -> dict[str, Any]:
        raise NotImplementedError


def doc_meta_fields(record: LayerRecord) -> dict[str, Any]:
    """The `meta` object of our JSONL, Prodigy and doccano lines (Prodigy shows it as is)."""
    return {"uid": record.uid, "title": record.title, "source": record.source, "url": record.url,
            "published": record.published, "layer": record.layer, "status": record.status}


def _signed32(digest: bytes) -> int:
    return int.from_bytes(digest[:4], "big", signed=True)


def input_hash(uid: str) -> int:
    """Same document text (by uid, so across projects and line endings) -> same hash."""
    return _signed32(bytes.fromhex(uid[:8]))


def task_hash(uid: str, spans: list[SpanRecord]) -> int:
    """The question asked about the input: its text and the spans in it (Prodigy's notion)."""
    key = uid + "".join(f"|{s.start},{s.end},{s.label}" for s in spans)
    return _signed32(hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest())


def token_fields(span: SpanRecord, tokens: Tokens | None) -> dict[str, int]:
    if tokens is None:
        return {}
    first, last = tokens.span_indices(span.start, span.end)
    return {"token_start": first, "token_end": last}
