"""Statement models stored in the project file: the active one and its history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotator.store.database import utcnow


@dataclass(frozen=True)
class StoredModel:
    id: int
    uid: str
    created_at: str
    created_by: str
    layers: list[str]
    meta: dict[str, Any]
    active: bool
    size: int


_COLUMNS = "id, uid, created_at, created_by, layers, meta, active, length(data)"


def _stored(row: Any) -> StoredModel:
    mid, uid, created_at, created_by, layers, meta, active, size = row
    return StoredModel(mid, uid, created_at, created_by or "", json.loads(layers or "[]"),
                       json.loads(meta or "{}"), bool(active), size or 0)


def save(db: Database, uid: str, data: bytes, meta: dict[str, Any], layers: list[str],
         who: str, fmt: int, activate: bool = True, created_at: str | None = None) -> int:
    """Inside the caller's transaction. A model already stored (same uid) is not stored twice;
    activating it makes it the only active one."""
    row = db.execute("SELECT id FROM statement_models WHERE uid = ?", [uid]).fetchone()
    if row is None:
        db.execute(
            "INSERT INTO statement_models (uid, created_at, created_by, format, layers, meta,"
            " data, active) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
            [uid, created_at or utcnow(), who, fmt, json.dumps(layers),
             json.dumps(meta, ensure_ascii=False), data])
        row = db.execute("SELECT id FROM statement_models WHERE uid = ?", [uid]).fetchone()
    if activate:
        db.execute("UPDATE statement_models SET active = (id = ?)", [row[0]])
    return int(row[0])


def active(db: Database) -> tuple[StoredModel, bytes] | None:
    row = db.execute(f"SELECT {_COLUMNS}, data FROM statement_models WHERE active = 1"
                     " ORDER BY id DESC LIMIT 1").fetchone()
    return (_stored(row[:-1]), row[-1]) if row else None


def history(db: Database) -> list[StoredModel]:
    return [_stored(r) for r in db.execute(
        f"SELECT {_COLUMNS} FROM statement_models ORDER BY id")]


def data_of(db: Database, uid: str) -> bytes | None:
    row = db.execute("SELECT data FROM statement_models WHERE uid = ?", [uid]).fetchone()
    return row[0] if row else None


def deactivate_all(db: Database) -> None:
    db.execute("UPDATE statement_models SET active = 0")
