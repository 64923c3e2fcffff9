"""Reading a line of our JSONL or of a Prodigy file into a `LayerRecord`.

Ours is a superset of Prodigy's span format, so one reader serves both: what a Prodigy line
lacks (kinds, span ids, slots, timestamps) is filled in later from the project's scheme.
Only the shape is checked here; whether labels and slots fit the scheme is `layer_import`'s job.
"""

from __future__ import annotations

from typing import Any

from annotator.core.exchange import FORMAT_NAME, FORMAT_VERSION, LayerRecord, SpanRecord
from annotator.core.models import STATUSES, ImportProblem
from annotator.formats.export_base import STATUS_OF_ANSWER


class BadRecord(Exception):
    """Raised inside a reader, turned into an ImportProblem with the file and line."""

    def __init__(self, reason: str, code: str = "E711") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def problem(path: str, line: int | None, exc: BadRecord) -> ImportProblem:
    return ImportProblem(path, line, exc.reason, code=exc.code)


def text_of(data: dict[str, Any]) -> str:
    text = data.get("text")
    if not isinstance(text, str) or not text:
        raise BadRecord('the record has no "text" (a non-empty string)')
    return text


def optional_str(value: Any, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise BadRecord(f"{what} must be a string, not {type(value).__name__}")


def an_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRecord(f"{what} must be a whole number, not {value!r}")
    return value


def a_dict(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadRecord(f"{what} must be an object, not {type(value).__name__}")
    return value


def check_format(value: Any) -> None:
    if value is None:
        return
    name, _, version = str(value).partition("/")
    if name != FORMAT_NAME or not version.isdigit():
        raise BadRecord(f"unknown format {value!r}", code="E718")
    if int(version) > FORMAT_VERSION:
        raise BadRecord(f"written by a newer Stance Annotator (format {value}); this one reads "
                        f"{FORMAT_NAME}/{FORMAT_VERSION}. Upgrade to import it", code="E718")


def status_of(meta: dict[str, Any], answer: Any) -> str | None:
    status = meta.get("status")
    if status is None and isinstance(answer, str):
        status = STATUS_OF_ANSWER.get(answer)
    if status is not None and status not in STATUSES:
        raise BadRecord(f"unknown status {status!r} (use {', '.join(STATUSES)})")
    return status


def doc_labels_of(value: Any) -> dict[str, str]:
    labels = a_dict(value, '"doc_labels"')
    for name, chosen in labels.items():
        if not isinstance(chosen, str):
            raise BadRecord(f"document label {name!r} must be a string, not {chosen!r}")
    return dict(labels)


def span_of(item: Any, number: int) -> SpanRecord:
    where = f"span {number + 1}"
    if not isinstance(item, dict):
        raise BadRecord(f"{where} must be an object")
    label = item.get("label")
    if not isinstance(label, str) or not label:
        raise BadRecord(f"{where} has no label")
    return SpanRecord(
        start=an_int(item.get("start"), f"{where}: start"),
        end=an_int(item.get("end"), f"{where}: end"),
        label=label,
        kind=optional_str(item.get("kind"), f"{where}: kind"),
        text=optional_str(item.get("text"), f"{where}: text"),
        id=optional_str(item.get("id"), f"{where}: id"),
        attrs=dict(a_dict(item.get("attrs"), f"{where}: attrs")),
        origin=optional_str(item.get("origin"), f"{where}: origin"),
        created_at=optional_str(item.get("created_at"), f"{where}: created_at"),
        updated_at=optional_str(item.get("updated_at"), f"{where}: updated_at"),
    )


def record_from_dict(data: dict[str, Any], line: int | None = None) -> LayerRecord:
    """Our JSONL line, a Prodigy task, or a DocBin's user_data (with the text put back)."""
    check_format(data.get("format"))
    text = text_of(data)
    meta = a_dict(data.get("meta"), '"meta"')
    provenance = a_dict(data.get("provenance"), '"provenance"')
    raw_spans = data.get("spans") or []
    if not isinstance(raw_spans, list):
        raise BadRecord('"spans" must be a list')
    seconds = provenance.get("seconds")
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))):
        raise BadRecord(f"provenance.seconds must be a number, not {seconds!r}")
    layer = meta.get("layer") or provenance.get("annotator") or data.get("_annotator_id")
    return LayerRecord(
        text=text,
        uid=optional_str(meta.get("uid"), "meta.uid"),
        title=optional_str(meta.get("title"), "meta.title"),
        source=optional_str(meta.get("source"), "meta.source"),
        url=optional_str(meta.get("url"), "meta.url"),
        published=optional_str(meta.get("published"), "meta.published"),
        doc_meta=dict(a_dict(data.get("doc_meta"), '"doc_meta"')),
        layer=optional_str(layer, "the layer"),
        status=status_of(meta, data.get("answer")),
        status_updated_at=optional_str(provenance.get("status_updated_at"),
                                       "provenance.status_updated_at"),
        seconds=seconds,
        doc_labels=doc_labels_of(data.get("doc_labels")),
        spans=[span_of(item, i) for i, item in enumerate(raw_spans)],
        scheme=optional_str(data.get("scheme"), '"scheme"'),
        line=line,
    )
