"""Plain records for datasets going out of and coming into a project, and their errors.

One `LayerRecord` is one document's annotations in one layer: a line of our JSONL, Prodigy or
doccano files, a Doc of a DocBin. The store builds them for export, the readers build them on
import, and the format modules only ever translate between them and bytes — so every format
sees the same data and a round trip has one place where it can lose something.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.core.errors import AnnotatorError

FORMAT_NAME = "stance-annotator"
FORMAT_VERSION = 1
FORMAT_TAG = f"{FORMAT_NAME}/{FORMAT_VERSION}"  # the "format" field of every line we write


class ExportError(AnnotatorError):
    """An export refused or failed: options that make no sense, a file that cannot be written.
    Nothing is left behind at OUT."""

    code = "E701"


class LayerImportError(AnnotatorError):
    """A whole layer import refused (unreadable file, --strict): nothing was written."""

    code = "E710"


@dataclass(slots=True)
class SpanRecord:
    """An annotation as it travels: the same field names as `core.models.Annotation`.
    (slots, not frozen: an export makes one per span, and this is 3x cheaper to build.)"""

    start: int
    end: int
    label: str
    kind: str | None = None  # None when the file does not say (Prodigy, doccano)
    text: str | None = None  # covered text, checked against the document on import
    id: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    origin: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


@dataclass(slots=True)
class LayerRecord:
    """One document with one layer's spans, status and document labels."""

    text: str
    uid: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    doc_meta: dict[str, Any] = field(default_factory=dict)  # the document's other metadata
    layer: str | None = None
    status: str | None = None
    status_updated_at: str | None = None
    seconds: float | None = None
    doc_labels: dict[str, str] = field(default_factory=dict)
    spans: list[SpanRecord] = field(default_factory=list)
    scheme: str | None = None  # "name/version" of the scheme the labels come from
    line: int | None = None  # where it was read from, for error messages
    doc_id: int | None = None  # the project's id, on export only
    # Set by a reader that saw the line it came from hold no NUL and no `\u` escape: then no
    # string in the record can be a NUL or a lone surrogate, and `bad_text` need not look.
    plain_text: bool = False


class LineParts(NamedTuple):
    """One line of our JSONL in pieces, as SQLite writes them (`store.export_lines`): `head`,
    each of `spans` and each of `doc_labels` are UTF-8 JSON already."""

    doc_id: int
    uid: str
    layer: str
    status: str | None
    status_updated_at: str | None
    seconds: float | None
    head: bytes  # '{"text":...,"meta":{...},"doc_meta":{...},"spans":['
    spans: list[bytes]  # each span's object, in the export's order
    span_keys: str  # "|start,end,label" per span: what `_task_hash` hashes
    labels: list[str]  # each span's label, for the report
    doc_labels: list[bytes]  # '"name":"value"' members, by name


@dataclass(frozen=True)
class ExportProblem:
    """Something the analyst must know about an export that still went through."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"
