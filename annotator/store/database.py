"""Opening a project file: pragmas, permissions, migrations, backups.

WAL lets a reader (an export, the CLI) see a consistent snapshot while the GUI writes;
synchronous=NORMAL in WAL keeps every committed transaction across an application crash at
~0.05 ms a commit (FULL would also survive power loss of the last commit, at 8x the cost; the
integrity of the file is the same under both). The busy timeout turns a concurrent writer into a
short wait instead of "database is locked".
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from annotator.core.errors import ProjectError
from annotator.store.migrations import migrations

BUSY_TIMEOUT_MS = 30_000
SQLITE_MAGIC = b"SQLite format 3\x00"


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def connect(path: Path) -> Database:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return Database(conn)


def _check_is_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise ProjectError(f"cannot read the project file ({exc.strerror})", path=str(path)) from exc
    if head and head != SQLITE_MAGIC:
        raise ProjectError(
            "this is not a Stance Annotator project file (not SQLite)", path=str(path),
            hint="Open a .annotator file, or give a new file name to create a project.",
        )


def _create_owner_only(path: Path) -> None:
    """Create the empty file with mode 0600 before SQLite touches it: annotations are research data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def backup_copy(db: Database, path: Path, reason: str) -> Path:
    """A consistent copy made with SQLite's backup API (safe while WAL holds uncheckpointed pages)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{reason}-{stamp}.bak")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{reason}-{stamp}-{n}.bak")
        n += 1
    _create_owner_only(target)
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target


def open_database(path: str | Path, *, create: bool) -> tuple[Database, Path | None]:
    """Open (or create) and migrate. Returns the database and the backup written, if any."""
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists:
        if not create:
            raise ProjectError(
                "no project file here", path=str(path),
                hint="Create one with `annotator init PATH` or import into a new file.",
            )
        if not path.exists():
            _create_owner_only(path)
    else:
        _check_is_sqlite(path)
    try:
        db = connect(path)
        pending = migrations.pending(db)
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"the project file cannot be opened ({exc})", path=str(path)) from exc
    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(db)}
    if applied - known:
        raise ProjectError(
            f"the project file was written by a newer Stance Annotator ({sorted(applied - known)[-1]})",
            path=str(path), hint="Upgrade Stance Annotator to open it.",
        )
    backup = None
    if pending and exists:
        backup = backup_copy(db, path, "pre-migration")
    if pending:
        migrations.apply(db)
    return db, backup


def schema_version(db: Database) -> str | None:
    applied = migrations.applied(db)
    return applied[-1].name if applied else None
