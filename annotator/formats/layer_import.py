"""Reading annotated files (our JSONL, Prodigy, doccano, DocBin) and checking each record
against the project's scheme before anything is written.

Each bad record becomes an `ImportProblem` with its file and line; the good ones go on. The
checks are exact: a span whose covered text differs from the document is refused, never
shifted, and labels and slot values must be the scheme's.
"""

from __future__ import annotations

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
from annotator.formats.docbin import read_docbin
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
        yield from read_docbin(path)
        return
    for item in iter_json_lines(path, None, code="E711", decode_code="E711"):
        if isinstance(item, ImportProblem):
            yield item
            continue
        number, _line, data = item
        try:
            if not isinstance(data, dict):
                raise BadRecord(f"expected a JSON object, got {type(data).__name__}")
            if options.format == "doccano" or (options.format == "auto" and _looks_doccano(data)):
                yield record_from_doccano(data, number, options.doccano_offsets)
            else:
                yield record_from_dict(data, number)
        except BadRecord as exc:
            yield problem(str(path), number, exc)


def _looks_doccano(data: dict[str, Any]) -> bool:
    return "spans" not in data and ("entities" in data or isinstance(data.get("label"), list))


def check_record(record: LayerRecord, scheme: Scheme, layer: str | None) -> tuple[str, list[SpanRecord]]:
    """(the layer it goes to, its spans with kind and covered text), or BadRecord."""
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
    spans = [_check_span(span, record.text, scheme) for span in record.spans]
    for label_name, value in record.doc_labels.items():
        try:
            doc_label = scheme.doc_label(label_name)
        except SchemeError as exc:
            raise BadRecord(exc.message, code="E714") from None
        if value not in {v.name for v in doc_label.values}:
            raise BadRecord(f"{value!r} is not a value of document label {label_name!r}", code="E714")
    return name, spans


def bad_text(record: LayerRecord) -> str | None:
    """A NUL or a lone surrogate anywhere in the record (`core.text.bad_character`): SQLite
    would store it, and then count and slice that text differently from Python."""
    fields = {name: getattr(record, name) for name in (
        "text", "uid", "title", "source", "url", "published", "doc_meta", "layer", "status",
        "status_updated_at", "doc_labels", "scheme")}
    fields["spans"] = [{name: getattr(span, name) for name in (
        "label", "kind", "text", "id", "attrs", "origin", "created_at", "updated_at")}
        for span in record.spans]
    return find_bad_text(fields)


def _check_span(span: SpanRecord, text: str, scheme: Scheme) -> SpanRecord:
    where = f"{span.label} span {span.start}-{span.end}"
    if not 0 <= span.start < span.end <= len(text):
        raise BadRecord(f"{where} is outside the text (0-{len(text)})", code="E712")
    covered = text[span.start : span.end]
    if span.text is not None and span.text != covered:
        raise BadRecord(f"{where}: its text {span.text!r} is not the document's {covered!r}",
                        code="E712")
    try:
        kind = scheme.label(span.label).kind
    except SchemeError as exc:
        raise BadRecord(f"{exc.message}; add it to the scheme or map the label", code="E713") from None
    if span.kind is not None and span.kind != kind:
        raise BadRecord(f"{where} is a {span.kind} but the scheme's {span.label} is a {kind}",
                        code="E713")
    attrs = span.attrs
    try:
        scheme.check_span_attrs(kind, attrs)
    except SchemeError as exc:
        raise BadRecord(f"{where}: {exc.message}", code="E714") from None
    return SpanRecord(start=span.start, end=span.end, label=span.label, kind=kind, text=covered,
                      id=span.id, attrs=dict(attrs), origin=span.origin or "import",
                      created_at=span.created_at,
                      updated_at=span.updated_at)
