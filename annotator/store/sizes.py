"""Where a project file's bytes go: text, full-text index, event log, token boundaries, ...

Read from SQLite's `dbstat` table (every page of the file, by the table or index that owns it),
so the figures are the file's own, not estimates. The parts are the ones a user can act on or
ask about; each table and index belongs to the part of the data it serves.
"""

from __future__ import annotations

import sqlite3

from annotator.store.database import Database

# (part, table-name prefixes that belong to it); the first match wins, in this order.
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("full-text index", ("documents_fts",)),
    ("documents (text and metadata)", ("documents", "sqlite_autoindex_documents")),
    ("token boundaries", ("doc_tokens", "sqlite_autoindex_doc_tokens")),
    ("suggestions", ("suggestion",)),
    ("annotations", ("annotations", "sqlite_autoindex_annotations")),
    ("event log", ("events",)),
    ("actors", ("actors", "aliases", "sqlite_autoindex_actors", "sqlite_autoindex_aliases")),
    ("statuses, labels, review", ("doc_status", "doc_labels", "review_", "merge_conflicts",
                                  "sqlite_autoindex_doc_", "sqlite_autoindex_review")),
)


def _part_of(name: str, table: str | None) -> str:
    for part, prefixes in PARTS:
        if name.startswith(prefixes) or (table and table.startswith(prefixes)):
            return part
    return "other (schema, settings, ...)"


def file_sizes(db: Database) -> dict[str, int]:
    """Bytes per part, plus "free pages" (space SQLite reuses before it grows the file) and
    "total" (the main file; the -wal file is counted apart by the caller if wanted). Empty when
    this SQLite was built without dbstat."""
    owners = dict(db.execute("SELECT name, tbl_name FROM sqlite_master").fetchall())
    try:
        rows = db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:  # no SQLITE_ENABLE_DBSTAT_VTAB in this build
        return {}
    sizes: dict[str, int] = {}
    for name, size in rows:
        part = _part_of(name, owners.get(name))
        sizes[part] = sizes.get(part, 0) + int(size)
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    sizes["free pages"] = db.execute("PRAGMA freelist_count").fetchone()[0] * page_size
    sizes["total"] = db.execute("PRAGMA page_count").fetchone()[0] * page_size
    return sizes
