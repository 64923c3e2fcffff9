"""Checking what a merge brings in, as an import checks a file, before anything is written.

A source file's rows are whatever its bytes say: text with a NUL in it (SQLite's `length()`
and `substr()` stop there, so offsets would disagree with Python's), bytes that are not UTF-8,
offsets outside the text, attrs that are not JSON, labels and slot values this project's
scheme does not have (every later edit of such an annotation would fail). Each becomes a
coded error naming the record (`[E233]`, `[E234]` for the scheme), and nothing is merged.
"""

from __future__ import annotations

import json
import math
from typing import Any

from annotator.core.errors import ProjectError, SchemeError
from annotator.core.models import KINDS, STATUSES
from annotator.core.scheme import Scheme
from annotator.core.text import bad_name, find_bad_text, text_uid
from annotator.store.merge_source import SourceBundle, bad_record

DOC_TEXT_FIELDS = ("title", "source", "url", "published", "origin")
MAX_MODEL_BYTES = 256 << 20  # a statement model unpacks to a few MB
ANNOTATION_TEXT_FIELDS = ("origin", "created_at", "updated_at", "deleted_at")


def check_bundle(bundle: SourceBundle, scheme: Scheme) -> None:
    """Raise ProjectError E233/E234 on the first row that may not come in; parse attrs and
    meta in place, so what is written is what was checked."""
    _check_models(bundle.name, bundle.models)
    texts = {uid: _check_document(bundle.name, uid, row) for uid, row in bundle.documents.items()}
    for row in bundle.annotations:
        _check_annotation(bundle.name, row, texts, scheme)
    for row in bundle.statuses:
        what = f"the status of layer {row.get('layer')!r} on document {_doc(row, bundle)}"
        _plain(bundle.name, what, row, ("layer", "status", "updated_at"))
        if row["status"] not in STATUSES:
            raise bad_record(bundle.name, what, f"is {row['status']!r}, not one of {STATUSES}")
        seconds = row.get("seconds")
        if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                                    or not math.isfinite(seconds) or seconds < 0):
            raise bad_record(bundle.name, what, f"has {seconds!r} seconds spent")
    for row in (*bundle.annotations, *bundle.statuses, *bundle.labels):
        problem = bad_name(row.get("layer"))
        if problem:
            raise bad_record(bundle.name, f"a row of layer {str(row.get('layer'))[:60]!r}",
                             f"cannot come in: the layer name {problem}")
    for row in bundle.labels:
        what = (f"document label {row.get('name')!r} of layer {row.get('layer')!r} on document"
                f" {_doc(row, bundle)}")
        _plain(bundle.name, what, row, ("layer", "name", "value", "updated_at"))
        try:
            values = [v.name for v in scheme.doc_label(row["name"]).values]
        except SchemeError as exc:
            raise _unknown(bundle.name, what, exc.message) from None
        if row["value"] not in values:
            raise _unknown(bundle.name, what, f"{row['value']!r} is not one of its values")


def _check_models(source: str, models: list[dict[str, Any]]) -> None:
    """A statement model's fields are stored as they come; its bytes are numpy arrays read
    without pickle, whose unpacked size is bounded here (a small file may unpack to gigabytes)."""
    for row in models:
        what = f"statement model {row.get('uid')!r}"
        _plain(source, what, row, ("uid", "created_at", "created_by"),
               optional=("created_at", "created_by"))
        row["meta"] = json.dumps(_json_object(source, what, "meta", row.get("meta")),
                                 ensure_ascii=False)
        layers = _json_value(source, what, "layers", row.get("layers") or "[]")
        if not isinstance(layers, list) or not all(isinstance(x, str) for x in layers):
            raise bad_record(source, what, "has layers that are not a list of names")
        problem = find_bad_text(layers, "its layers")
        if problem:
            raise bad_record(source, what, f"holds {problem}")
        fmt = row.get("format")
        if fmt is not None and (isinstance(fmt, bool) or not isinstance(fmt, int)):
            raise bad_record(source, what, f"has {fmt!r} as its format, not a number")
        data = row.get("data")
        if not isinstance(data, bytes):
            raise bad_record(source, what, "has no model data")
        unpacked = _unpacked_size(data)
        if unpacked is None or unpacked > MAX_MODEL_BYTES:
            raise bad_record(source, what, "has model data that is not a model this version"
                             f" reads, or unpacks to more than {MAX_MODEL_BYTES >> 20} MB")


def _unpacked_size(data: bytes) -> int | None:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _check_document(source: str, uid: Any, row: dict[str, Any]) -> str:
    what = f"document {row.get('title')!r} ({str(uid)[:12]})"
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_record(source, what, "has no text")
    _plain(source, what, row, ("text", *DOC_TEXT_FIELDS), optional=DOC_TEXT_FIELDS)
    if uid != text_uid(text):
        raise bad_record(source, what, "has a uid that does not match its text")
    meta = _json_object(source, what, "meta", row.get("meta"))
    row["meta"] = json.dumps(meta, ensure_ascii=False)
    return text


def _check_annotation(source: str, row: dict[str, Any], texts: dict[str, str],
                      scheme: Scheme) -> None:
    what = f"annotation {row.get('id')!r} of layer {row.get('layer')!r}"
    _plain(source, what, row, ("id", "layer", "kind", "label", "text", *ANNOTATION_TEXT_FIELDS),
           optional=ANNOTATION_TEXT_FIELDS)
    if row["kind"] not in KINDS:
        raise bad_record(source, what, f"is a {row['kind']!r}, not one of {KINDS}")
    start, end, text = row.get("start"), row.get("end"), texts[row["doc_uid"]]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not (
            0 <= start < end <= len(text)):
        raise bad_record(source, what, f"spans {start!r}-{end!r}, not a part of its document's"
                                       f" text (0-{len(text)})")
    if row["text"] != text[start:end]:
        raise bad_record(source, what, f"says it covers {row['text']!r}, but its document has"
                                       f" {text[start:end]!r} at {start}-{end}")
    attrs = _json_object(source, what, "attrs", row.get("attrs"))
    row["attrs"] = attrs
    if row.get("deleted_at"):  # not in use; it is checked against the scheme if restored
        return
    try:
        label = scheme.label(row["label"])
        if label.kind != row["kind"]:
            raise SchemeError(f"it is a {row['kind']}, but {label.name} is a {label.kind} here")
        scheme.check_span_attrs(label.kind, attrs)
    except SchemeError as exc:
        raise _unknown(source, what, exc.message) from None


def _plain(source: str, what: str, row: dict[str, Any], fields: tuple[str, ...],
           optional: tuple[str, ...] = ()) -> None:
    """Each field is text (or missing, when optional) that can be stored as text."""
    for name in fields:
        value = row.get(name)
        if value is None and name in optional:
            continue
        if not isinstance(value, str):
            raise bad_record(source, what, f"has {value!r} as its {name}, not text")
        problem = find_bad_text(value, f"its {name}")
        if problem:
            raise bad_record(source, what, f"holds {problem}")


def _json_value(source: str, what: str, name: str, value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except (ValueError, RecursionError) as exc:
            raise bad_record(source, what, f"has {name} that are not JSON ({exc})") from None
    return value


def _json_object(source: str, what: str, name: str, value: Any) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    value = _json_value(source, what, name, value)
    if not isinstance(value, dict):
        raise bad_record(source, what, f"has {name} that are not a JSON object")
    try:
        problem = find_bad_text(value, f"its {name}")
    except RecursionError:
        problem = f"nesting too deep to read in its {name}"
    if problem:
        raise bad_record(source, what, f"holds {problem}")
    return value


def _doc(row: dict[str, Any], bundle: SourceBundle) -> str:
    title = bundle.documents.get(row.get("doc_uid"), {}).get("title")
    return repr(title) if title else str(row.get("doc_uid"))[:12]


def _unknown(source: str, what: str, problem: str) -> ProjectError:
    return ProjectError(
        f"{what} does not fit this project's scheme: {problem}", code="E234", path=source,
        hint="Nothing was merged. Add the label or value to this project's scheme"
             " (`annotator scheme --set`), or merge only other layers (--layer).")
