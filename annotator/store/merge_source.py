"""Reading another annotator's project file for a merge, as the untrusted input it is.

The file is someone else's: a copy by mail, a file on a shared drive its owner may have open.
So it is read strictly read-only and nothing is left beside it: closed cleanly (no `-wal`
file) it is opened `immutable`, which takes no lock and creates no `-wal`/`-shm` (so it also
works from a read-only folder); with a `-wal` file beside it (its owner has it open, or their
program crashed) the committed changes in that file must be read too, which only SQLite's
shared-memory index allows, so it is opened read-only without `immutable`. Before the first
query its schema is checked (`schema_check`: a view or trigger under our names would run code
of the file's), and every query runs under a deadline (SQLite's progress handler), so no file
can hang a merge. Its rows are checked as an import checks a file (`check_bundle`) before any
of them is written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import ProjectError
from annotator.store.database import SQLITE_MAGIC
from annotator.store.schema_check import check_schema, damaged, is_damage

# Longest any one query on a source file may run, in seconds: reading 100,000 documents
# takes a few; a file that takes longer is not a project as we make them.
QUERY_SECONDS = 60.0
READ_TABLES = {"documents", "annotations", "doc_status", "doc_labels", "events"}
DOC_COLUMNS = ("id", "uid", "title", "source", "url", "published", "text", "meta", "origin")
ANNOTATION_COLUMNS = ("id", "doc_id", "layer", "kind", "start", "end", "text", "label", "attrs",
                      "origin", "created_at", "updated_at", "deleted_at")
STATE_COLUMNS = {"doc_status": ("doc_id", "layer", "status", "seconds", "updated_at"),
                 "doc_labels": ("doc_id", "layer", "name", "value", "updated_at")}


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
    models: list[dict[str, Any]] = field(default_factory=list)  # statement_models rows

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


def _text(value: bytes) -> str:
    """SQLite TEXT as Python text. Bytes that are not UTF-8 (or encode half a surrogate pair)
    become lone surrogates, which `check_bundle` reports with the record, instead of a decoding
    error that names nothing."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("utf-8", "surrogateescape")


class _Deadline:
    """SQLite's progress handler: stops the running statement once it has run too long."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.until = time.monotonic() + seconds

    def arm(self) -> None:
        self.until = time.monotonic() + self.seconds

    def __call__(self) -> int:
        return 1 if time.monotonic() > self.until else 0


class SourceReader:
    """A read-only connection to a source file whose every query is bounded in time."""

    def __init__(self, path: Path, seconds: float | None = None) -> None:
        self.path = path
        self.deadline = _Deadline(QUERY_SECONDS if seconds is None else seconds)
        wal = Path(f"{path}-wal")
        self.immutable = not (wal.exists() and wal.stat().st_size > 0)
        mode = "ro&immutable=1" if self.immutable else "ro"
        try:
            self.conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
        except sqlite3.OperationalError as exc:
            raise self.error(exc) from exc
        self.conn.text_factory = _text
        self.conn.set_progress_handler(self.deadline, 10_000)

    def close(self) -> None:
        self.conn.close()

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        self.deadline.arm()
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self.error(exc) from exc

    def error(self, exc: sqlite3.DatabaseError) -> ProjectError:
        if "interrupted" in str(exc):
            return ProjectError(
                f"reading it took longer than {self.deadline.seconds:g} s for one query",
                code="E232", path=str(self.path),
                hint="Nothing was merged. A project file reads in seconds; this one may not be"
                     " a real project. Ask its owner for an export (`annotator export`).")
        if is_damage(exc):
            return damaged(str(self.path), exc)
        if "unable to open" in str(exc) and not self.immutable:
            return ProjectError(
                f"cannot open it read-only ({exc})", code="E235", path=str(self.path),
                hint="A -wal file beside it holds changes that SQLite can only read with a -shm"
                     " file it creates there. Copy the file with its -wal to a folder you can"
                     " write, or let its owner close it in Stance Annotator, and merge again.")
        return ProjectError(f"cannot read it as a project ({exc})", code="E231",
                            path=str(self.path), hint="Nothing was merged.")

    def check(self) -> None:
        """The schema is ours, and SQLite finds the file sound (flipped bytes in a page)."""
        self.deadline.arm()
        try:
            check_schema(self.conn, str(self.path), tables=READ_TABLES)
        except sqlite3.DatabaseError as exc:
            raise self.error(exc) from exc
        problems = self.rows("PRAGMA quick_check(3)")
        if problems and problems[0][0] != "ok":
            raise damaged(str(self.path), sqlite3.DatabaseError(
                "; ".join(str(row[0]) for row in problems)))


@contextmanager
def opened_source(path: Path, seconds: float | None = None) -> Iterator[SourceReader]:
    reader = SourceReader(path, seconds)
    try:
        reader.check()
        yield reader
    finally:
        reader.close()


def read_project(path: Path, layers: set[str] | None = None) -> SourceBundle:
    """The source's rows. Opened `immutable`, SQLite trusts that nobody changes the file while
    it reads, so a file that did change meanwhile (its owner opened it) is read again, then
    through its -wal file."""
    for _ in range(3):
        before = fingerprint(path)
        bundle, immutable = _read_project(path, layers)
        if not immutable or fingerprint(path) == before:
            return bundle
    raise ProjectError("it kept changing while it was read", code="E236", path=str(path),
                       hint="Nothing was merged. Merge again when its owner has closed it.")


def _read_project(path: Path, layers: set[str] | None) -> tuple[SourceBundle, bool]:
    bundle = SourceBundle(name=str(path))
    with opened_source(path) as source:
        source.rows("BEGIN")  # one consistent snapshot even if its owner is writing
        uid_of: dict[int, str] = {}
        for row in source.rows(f"SELECT {', '.join(DOC_COLUMNS)} FROM documents"):
            item = dict(zip(DOC_COLUMNS, row))
            uid_of[item["id"]] = item["uid"]
            bundle.documents[item["uid"]] = item
        for table, columns, target in (
                ("annotations", ANNOTATION_COLUMNS, bundle.annotations),
                ("doc_status", STATE_COLUMNS["doc_status"], bundle.statuses),
                ("doc_labels", STATE_COLUMNS["doc_labels"], bundle.labels)):
            quoted = ", ".join(f'"{c}"' for c in columns)
            for row in source.rows(f"SELECT {quoted} FROM {table}"):
                item = dict(zip(columns, row))
                bundle.all_layers.add(item["layer"])
                if layers and item["layer"] not in layers:
                    continue
                doc_id = item.pop("doc_id")
                if doc_id not in uid_of:
                    raise bad_record(path, f"a row of {table} ({item.get('id') or item['layer']})",
                                     f"names document {doc_id!r}, which the file does not hold")
                item["doc_uid"] = uid_of[doc_id]
                target.append(item)
        for event_id, entity_id, before, after in source.rows(
                "SELECT id, entity_id, before, after FROM events WHERE entity = 'annotation'"):
            states = bundle.history.setdefault(str(entity_id), set())
            for state in (before, after):
                if state:
                    states.add(_history_state(path, event_id, state))
        bundle.models = _models(source)
        source.rows("COMMIT")
    return bundle, source.immutable


def _history_state(path: Path, event_id: Any, state: Any) -> str:
    try:
        row = json.loads(state) if isinstance(state, str) else None
    except (ValueError, RecursionError):
        row = None
    if not isinstance(row, dict) or not isinstance(row.get("attrs", {}), (dict, str, type(None))):
        raise bad_record(path, f"event {event_id}", "holds a state that is not an annotation")
    try:
        return canonical(row)
    except (ValueError, RecursionError) as exc:
        raise bad_record(path, f"event {event_id}", f"holds attrs that are not JSON ({exc})") from exc


MODEL_COLUMNS = ("uid", "created_at", "created_by", "format", "layers", "meta", "data", "active")


def _models(source: SourceReader) -> list[dict[str, Any]]:
    """The source's statement models, where it has the table (files of schema 0005 on)
    with the columns we read; each model's bytes are checked by the merge before use."""
    kind = source.rows("SELECT type FROM sqlite_master WHERE name = 'statement_models'")
    if not kind or kind[0][0] != "table":
        return []
    have = {row[1] for row in source.rows("PRAGMA table_info(statement_models)")}
    if not set(MODEL_COLUMNS) <= have:
        return []
    return [dict(zip(MODEL_COLUMNS, row)) for row in source.rows(
        f"SELECT {', '.join(MODEL_COLUMNS)} FROM statement_models ORDER BY id")]


def bad_record(path: Path | str, record: str, problem: str) -> ProjectError:
    return ProjectError(f"{record} {problem}", code="E233", path=str(path),
                        hint="Nothing was merged. Fix or remove that record in the source (or"
                             " ask its owner for an export), then merge again.")


def fingerprint(path: Path) -> tuple[int, int, bool] | None:
    """(size, modification time, a -wal beside it) of a source: did it change while read?"""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, Path(f"{path}-wal").exists()
