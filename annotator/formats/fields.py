"""Mapping a flat record (a JSON object, a CSV row) onto a document.

Well-known keys fill the document's columns; everything else goes to meta, so nothing a
source file carried is lost.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from annotator.core.models import DocumentDraft, ImportProblem
from annotator.formats.dates import check_published
from annotator.formats.decoding import sniff_bom
from annotator.formats.reading import EXTENSIONS, HEAD, Record

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
) -> Iterator[Record]:
    """The draft of one record, or the problem that keeps it out; then a warning for a value
    left out of its column (a published date that is no real date), which stays in meta."""
    if text_key not in record:
        keys = ", ".join(sorted(map(str, record))[:8]) or "none"
        yield ImportProblem(
            path, line, f"no {text_key!r} field (fields: {keys}); pass --text-field/--text-column",
            code="E306",
        )
        return
    text = record[text_key]
    if not isinstance(text, str):
        yield ImportProblem(
            path, line, f"{text_key!r} must be text, not {type(text).__name__}", code="E307"
        )
        return
    if not text.strip():
        yield ImportProblem(path, line, f"{text_key!r} is empty", code="E304")
        return
    if "\x00" in text:
        yield ImportProblem(path, line, "the text contains NUL characters", code="E308")
        return
    meta = {k: v for k, v in record.items() if k != text_key}
    columns: dict[str, str | None] = {}
    warnings: list[ImportProblem] = []
    for name, keys in (("title", TITLE_KEYS), ("source", SOURCE_KEYS), ("url", URL_KEYS),
                       ("published", DATE_KEYS)):
        key, value = _first(meta, keys)
        if name == "published" and key is not None:
            value, warning = check_published(value, path, line, key)
            if warning:  # the key stays in meta with what the source said
                warnings.append(warning)
                key = None
        columns[name] = value
        if key is not None:
            meta.pop(key)
    nested = meta.pop("meta", None)
    if isinstance(nested, dict):
        for name in ("title", "source", "url", "published"):
            value = nested.get(name)
            if columns[name] is not None or not isinstance(value, str):
                continue
            if name == "published":
                kept_as = "meta.published" if "published" in meta else "published"  # below
                value, warning = check_published(value, path, line, "meta.published",
                                                 kept_as=kept_as)
                if warning:  # left in the nested meta, which joins the document's meta
                    warnings.append(warning)
                    continue
            columns[name] = value
            nested.pop(name)
        # The nested meta joins the record's own; a key in both keeps both values: the
        # record's at the top, the nested one under "meta" (as the source nested it).
        clashes = {key: value for key, value in nested.items() if key in meta}
        if clashes and "meta" in nested:  # its own "meta" goes along rather than be overwritten
            clashes["meta"] = nested["meta"]
        meta = {**{k: v for k, v in nested.items() if k not in clashes}, **meta}
        if clashes:
            meta["meta"] = clashes
    elif nested is not None:
        meta["meta"] = nested
    if columns["source"] is None and columns["url"]:
        columns["source"] = urlparse(columns["url"]).hostname  # "en.wikinews.org"
    yield DocumentDraft(text=text, meta=meta, origin=f"{path}:{line}", line=line, **columns)
    yield from warnings


def field_names(path: Path) -> list[str]:
    """The columns of a CSV file's header, or the keys of a JSONL file's first record with a
    text value: what a user can choose as the text when the default (`text`) is missing.
    Empty when there is nothing to offer (other formats, an unreadable file)."""
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt not in ("csv", "jsonl"):
        return []
    try:
        with path.open("rb") as handle:
            codec, _bom = sniff_bom(handle.read(HEAD))
        with path.open(encoding=codec, errors="replace", newline="") as text:
            if fmt == "csv":
                header = next(csv.reader(text), [])
                return [name.strip().lstrip("\ufeff") for name in header if name.strip()]
            for line in text:
                line = line.strip().lstrip("\ufeff")
                if line:
                    record = json.loads(line)
                    return [k for k, v in record.items() if isinstance(v, str)] \
                        if isinstance(record, dict) else []
    except (OSError, ValueError, csv.Error):
        pass
    return []
