"""Mapping a flat record (a JSON object, a CSV row) onto a document.

Well-known keys fill the document's columns; everything else goes to meta, so nothing a
source file carried is lost.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from annotator.core.models import DocumentDraft, ImportProblem

TITLE_KEYS = ("title", "headline", "Headline")
SOURCE_KEYS = ("source", "outlet", "publisher", "sitename")
URL_KEYS = ("url", "link", "URL")
DATE_KEYS = ("published", "date", "pubdate", "published_at")


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> tuple[str | None, str | None]:
    for key in keys:
        value = record.get(key)
        if isinstance(value, (str, int, float)) and str(value).strip():
            return key, str(value).strip()
    return None, None


def draft_from_record(
    record: dict[str, Any], text_key: str, path: str, line: int
) -> DocumentDraft | ImportProblem:
    if text_key not in record:
        keys = ", ".join(sorted(map(str, record))[:8]) or "none"
        return ImportProblem(
            path, line, f"no {text_key!r} field (fields: {keys}); pass --text-field/--text-column",
            code="E306",
        )
    text = record[text_key]
    if not isinstance(text, str):
        return ImportProblem(
            path, line, f"{text_key!r} must be text, not {type(text).__name__}", code="E307"
        )
    if not text.strip():
        return ImportProblem(path, line, f"{text_key!r} is empty", code="E304")
    if "\x00" in text:
        return ImportProblem(path, line, "the text contains NUL characters", code="E308")
    meta = {k: v for k, v in record.items() if k != text_key}
    columns: dict[str, str | None] = {}
    for name, keys in (("title", TITLE_KEYS), ("source", SOURCE_KEYS), ("url", URL_KEYS),
                       ("published", DATE_KEYS)):
        key, value = _first(meta, keys)
        columns[name] = value
        if key is not None:
            meta.pop(key)
    nested = meta.pop("meta", None)
    if isinstance(nested, dict):
        for name in ("title", "source", "url", "published"):
            if columns[name] is None and isinstance(nested.get(name), str):
                columns[name] = nested.pop(name)
        meta = {**nested, **meta}
    elif nested is not None:
        meta["meta"] = nested
    if columns["source"] is None and columns["url"]:
        columns["source"] = urlparse(columns["url"]).hostname  # "en.wikinews.org"
    return DocumentDraft(text=text, meta=meta, origin=f"{path}:{line}", line=line, **columns)
