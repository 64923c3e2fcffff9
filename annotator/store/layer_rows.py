"""Rows a layer import reads and writes besides annotations: documents by uid, a layer's
status and document labels. The caller holds the transaction and logs the events."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def find_document(db: Database, uid: str) -> tuple[int, str] | None:
    row = db.execute("SELECT id, text FROM documents WHERE uid = ?", [uid]).fetchone()
    return (int(row[0]), row[1]) if row else None


def status_row(db: Database, doc_id: int, layer: str) -> dict[str, Any] | None:
    row = db.execute("SELECT status, seconds, updated_at FROM doc_status WHERE doc_id = ?"
                     " AND layer = ?", [doc_id, layer]).fetchone()
    return {"status": row[0], "seconds": row[1], "updated_at": row[2]} if row else None


def write_status(db: Database, doc_id: int, layer: str, state: dict[str, Any]) -> None:
    db.execute("INSERT OR REPLACE INTO doc_status (doc_id, layer, status, seconds, updated_at)"
               " VALUES (?, ?, ?, ?, ?)",
               [doc_id, layer, state["status"], state["seconds"], state["updated_at"]])


def doc_labels(db: Database, doc_id: int, layer: str) -> dict[str, str]:
    rows = db.execute("SELECT name, value FROM doc_labels WHERE doc_id = ? AND layer = ?",
                      [doc_id, layer])
    return dict(rows.fetchall())


def write_doc_label(db: Database, doc_id: int, layer: str, name: str, value: str,
                    updated_at: str) -> None:
    db.execute("INSERT OR REPLACE INTO doc_labels (doc_id, layer, name, value, updated_at)"
               " VALUES (?, ?, ?, ?, ?)", [doc_id, layer, name, value, updated_at])
