"""Reading another annotator's project file for a merge, without ever writing to it.

The file is opened read-only (SQLite URI mode=ro), so merging from a colleague's copy on a
shared drive cannot change it, migrate it or leave a WAL file behind.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import ProjectError
from annotator.store.database import SQLITE_MAGIC


@dataclass
class SourceBundle:
    """Everything a merge takes from a source, keyed by document uid."""

    name: str
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # uid -> columns
    annotations: list[dict[str, Any]] = field(default_factory=list)  # rows + "doc_uid"
    statuses: list[dict[str, Any]] = field(default_factory=list)
    labels: list[dict[str, Any]] = field(default_factory=list)
    history: dict[str, set[str]] = field(default_factory=dict)  # annotation id -> states
    all_layers: set[str] = field(default_factory=set)  # before any filtering, for messages

    def layers(self) -> set[str]:
        return {row["layer"] for row in (*self.annotations, *self.statuses, *self.labels)}


def is_project_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def canonical(row: dict[str, Any]) -> str:
    """One string per annotation state, comparable across files."""
    attrs = row.get("attrs")
    if isinstance(attrs, str):
        attrs = json.loads(attrs or "{}")
    keys = ("id", "layer", "kind", "start", "end", "text", "label", "origin", "deleted_at")
    return json.dumps({**{k: row.get(k) for k in keys}, "attrs": attrs or {}}, sort_keys=True,
                      ensure_ascii=False)


def read_project(path: Path, layers: set[str] | None = None) -> SourceBundle:
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        conn.execute("SELECT 1 FROM annotations LIMIT 1")
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"cannot read it as a project ({exc})", path=str(path)) from exc
    bundle = SourceBundle(name=str(path))
    try:
        conn.execute("BEGIN")  # one consistent snapshot even if its owner is writing
        uid_of: dict[int, str] = {}
        for row in conn.execute("SELECT id, uid, title, source, url, published, text, meta, origin"
                                " FROM documents"):
            uid_of[row["id"]] = row["uid"]
            bundle.documents[row["uid"]] = dict(row)
        for table, target in (("annotations", bundle.annotations), ("doc_status", bundle.statuses),
                              ("doc_labels", bundle.labels)):
            for row in conn.execute(f"SELECT * FROM {table}"):
                item = dict(row)
                bundle.all_layers.add(item["layer"])
                if layers and item["layer"] not in layers:
                    continue
                item["doc_uid"] = uid_of[item.pop("doc_id")]
                target.append(item)
        for entity_id, before, after in conn.execute(
                "SELECT entity_id, before, after FROM events WHERE entity = 'annotation'"):
            states = bundle.history.setdefault(entity_id, set())
            for state in (before, after):
                if state:
                    states.add(canonical(json.loads(state)))
        conn.execute("COMMIT")
    finally:
        conn.close()
    return bundle
