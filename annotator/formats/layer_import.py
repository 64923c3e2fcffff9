"""Reading annotated files (our JSONL, Prodigy, doccano, DocBin) and checking each record
against the project's scheme before anything is written.

Each bad record becomes an `ImportProblem` with its file and line; the good ones go on. The
checks are exact: a span whose covered text differs from the document is refused, never
shifted, and labels and slot values must be the scheme's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import SchemeError
from annotator.core.exchange import LayerImportError, LayerRecord, SpanRecord
from annotator.core.models import ImportProblem
from annotator.core.outputs import missing, require_regular_file
from annotator.core.scheme import Scheme
from annotator.core.text import bad_name, find_bad_text, text_uid
from annotator.formats.doccano import record_from_doccano
from annotator.formats.export_options import LAYER_FORMATS, LayerImportOptions
from annotator.formats.reading import iter_json_lines
from annotator.formats.span_lines import BadRecord, problem, record_from_dict


@dataclass
class LayerImportReport:
    records: int = 0
    documents_added: int = 0
    documents_matched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_newer: int = 0  # the project's copy was changed after the file's
    statuses: int = 0
    doc_labels: int = 0
    layers: Counter = field(default_factory=Counter)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        layers = ", ".join(f"{name} ({n})" for name, n in sorted(self.layers.items())) or "none"
        return (f"{self.records} record(s) into layer(s) {layers}: {self.created} annotation(s) "
                f"added, {self.updated} updated, {self.unchanged} unchanged, {self.kept_newer} kept "
                f"(newer in the project); {self.documents_added} new document(s), "
                f"{self.documents_matched} matched; {self.statuses} status(es) and "
                f"{self.doc_labels} document label(s) set; {len(self.problems)} error(s)")


def read_layer_file(path: Path, options: LayerImportOptions) -> Iterator[LayerRecord | ImportProblem]:
    if options.format not in LAYER_FORMATS:
        raise LayerImportError(f"unknown format {options.format!r}",
                               hint=f"Use one of {', '.join(LAYER_FORMATS)}.")
    require_regular_file(path)  # a FIFO or device: said so at once, not "no such file"
    if not path.is_file():
        raise LayerImportError(missing(path, "file"), path=str(path), hint="Check the path.")
    if options.format == "spacy" or (options.format == "auto" and path.suffix == ".spacy"):
        from annotator.formats.docbin import read_docbin  # here: a JSONL file needs none of it

        yield from read_docbin(path)
        return
    for item in iter_json_lines(path, None, code="E711", decode_code="E711"):
        if isinstance(item, ImportProblem):
            yield item
            continue
        number, line, data = item
        try:
            if not isinstance(data, dict):
                raise BadRecord(f"expected a JSON object, got {type(data).__name__}")
            if options.format == "doccano" or (options.format == "auto" and _looks_doccano(data)):
                record = record_from_doccano(data, number, options.doccano_offsets)
            else:
                record = record_from_dict(data, number)
            record.plain_text = (("\\u" not in line and "\x00" not in line)
                                 or not _MAY_BE_BAD.search(line))  # `in`: 20x the regex's speed
            yield record
        except BadRecord as exc:
            yield problem(str(path), number, exc)


# JSON spells a NUL only as \u0000 and a surrogate only as \uD800-\uDFFF (a raw NUL is not
# JSON; undecodable bytes were refused before parsing): a line without either cannot yield a
# string `bad_text` refuses. A false alarm (an escaped backslash) only costs the full check.
_MAY_BE_BAD = re.compile(r"\\u(?:0000|[dD][89a-fA-F])|\x00")


def _looks_doccano(data: dict[str, Any]) -> bool:
    return "spans" not in data and ("entities" in data or isinstance(data.get("label"), list))


def check_record(record: LayerRecord, scheme: Scheme, layer: str | None,
                 kinds: dict[str, str] | None = None) -> tuple[str, list[SpanRecord]]:
    """(the layer it goes to, its spans with kind and covered text), or BadRecord. The spans
    are the record's own, completed in place (a bulk import checks 100,000 of them). `kinds`:
    label -> kind of the scheme, for a caller that checks many records (`label_kinds`)."""
    problem = bad_text(record)
    if problem:
        raise BadRecord(f"the record holds {problem}, which cannot be stored as text",
                        code="E237")
    name = (layer or record.layer or "").strip()
    if not name:
        raise BadRecord("the record names no annotator; pass --layer NAME", code="E715")
    problem = bad_name(name)
    if problem:
        raise BadRecord(f"the layer name {name[:60]!r} {problem}; pass --layer NAME", code="E715")
    if record.uid and record.uid != text_uid(record.text):
        raise BadRecord("meta.uid does not match the text (was the text edited?)", code="E717")
    kinds = label_kinds(scheme) if kinds is None else kinds
    for span in record.spans:
        _check_span(span, record.text, scheme, kinds)
    for label_name, value in record.doc_labels.items():
        try:
            doc_label = scheme.doc_label(label_name)
        except SchemeError as exc:
            raise BadRecord(exc.message, code="E714") from None
        if value not in {v.name for v in doc_label.values}:
            raise BadRecord(f"{value!r} is not a value of document label {label_name!r}", code="E714")
    return name, record.spans


def label_kinds(scheme: Scheme) -> dict[str, str]:
    return {label.name: label.kind for label in scheme.labels}


def bad_text(record: LayerRecord) -> str | None:
    """A NUL or a lone surrogate anywhere in the record (`core.text.bad_character`): SQLite
    would store it, and then count and slice that text differently from Python."""
    if record.plain_text:
        return None
    fields = {name: getattr(record, name) for name in (
        "text", "uid", "title", "source", "url", "published", "doc_meta", "layer", "status",
        "status_updated_at", "doc_labels", "scheme")}
    fields["spans"] = [{name: getattr(span, name) for name in (
        "label", "kind", "text", "id", "attrs", "origin", "created_at", "updated_at")}
        for span in record.spans]
    return find_bad_text(fields)


def _check_span(span: SpanRecord, text: str, scheme: Scheme, kinds: dict[str, str]) -> None:
    """Check one span against the text and the scheme, and fill in its kind, covered text,
    own copy of its slots and origin."""
    start, end, label = span.start, span.end, span.label
    if not 0 <= start < end <= len(text):
        raise BadRecord(f"{label} span {start}-{end} is outside the text (0-{len(text)})",
                        code="E712")
    covered = text[start:end]
    if span.text is not None and span.text != covered:
        raise BadRecord(f"{label} span {start}-{end}: its text {span.text!r} is not the "
                        f"document's {covered!r}", code="E712")
    kind = kinds.get(label)
    if kind is None:
        try:
            kind = scheme.label(label).kind  # not in the scheme: its own message
        except SchemeError as exc:
            raise BadRecord(f"{exc.message}; add it to the scheme or map the label",
                            code="E713") from None
    if span.kind is not None and span.kind != kind:
        raise BadRecord(f"{label} span {start}-{end} is a {span.kind} but the scheme's {label}"
                        f" is a {kind}", code="E713")
    if span.attrs:  # no slots pass every kind's check
        try:
            scheme.check_span_attrs(kind, span.attrs)
        except SchemeError as exc:
            raise BadRecord(f"{label} span {start}-{end}: {exc.message}", code="E714") from None
        span.attrs = dict(span.attrs)
    span.kind, span.text, span.origin = kind, covered, span.origin or "import"
