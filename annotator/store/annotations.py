"""Annotation rows: create, change, soft-delete, read. Every change returns the row before and
after, so the caller can log it and undo can restore it."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlite_utils import Database

from annotator.core.models import Annotation
from annotator.store.database import utcnow

COLUMNS = ("id", "doc_id", "layer", "kind", "start", "end", "text", "label", "attrs", "origin",
           "created_at", "updated_at", "deleted_at")


def to_row(annotation: Annotation) -> dict[str, Any]:
    row = {c: getattr(annotation, c) for c in COLUMNS}
    row["attrs"] = json.dumps(annotation.attrs, ensure_ascii=False, sort_keys=True)
    return row


def from_row(row: dict[str, Any] | tuple) -> Annotation:
    item = dict(zip(COLUMNS, row)) if isinstance(row, tuple) else dict(row)
    item["attrs"] = json.loads(item["attrs"] or "{}")
    return Annotation(**item)


def new_id() -> str:
    return uuid.uuid4().hex


def get(db: Database, annotation_id: str) -> Annotation | None:
    row = db.execute(f"SELECT {', '.join(COLUMNS)} FROM annotations WHERE id = ?",
                     [annotation_id]).fetchone()
    return from_row(tuple(row)) if row else None


def write(db: Database, annotation: Annotation) -> None:
    """Insert or replace the whole row: used for create, update, delete and undo alike."""
    row = to_row(annotation)
    marks = ", ".join("?" * len(COLUMNS))
    quoted = ", ".join(f'"{c}"' for c in COLUMNS)
    db.execute(f"INSERT OR REPLACE INTO annotations ({quoted}) VALUES ({marks})",
               [row[c] for c in COLUMNS])


def for_document(db: Database, doc_id: int, layer: str | None = None,
                 include_deleted: bool = False) -> list[Annotation]:
    where = ["doc_id = ?"]
    params: list[Any] = [doc_id]
    if layer is not None:
        where.append("layer = ?")
        params.append(layer)
    if not include_deleted:
        where.append("deleted_at IS NULL")
    rows = db.execute(
        f"SELECT {', '.join(COLUMNS)} FROM annotations WHERE {' AND '.join(where)}"
        ' ORDER BY start, "end", created_at', params).fetchall()
    return [from_row(tuple(r)) for r in rows]


def now() -> str:
    return utcnow()
