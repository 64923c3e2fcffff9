"""Opening a project file: pragmas, permissions, migrations, backups.

WAL lets a reader (an export, the CLI) see a consistent snapshot while the GUI writes;
synchronous=NORMAL in WAL keeps every committed transaction across an application crash at
~0.05 ms a commit (FULL would also survive power loss of the last commit, at 8x the cost; the
integrity of the file is the same under both). The busy timeout turns a concurrent writer into a
short wait instead of "database is locked".

Every write transaction starts with `BEGIN IMMEDIATE` (see `ProjectDatabase.atomic`): a deferred
transaction that reads first and writes later (an import checks which texts exist, then inserts)
would have to upgrade its read lock to a write lock, and when another process is writing, SQLite
answers that upgrade with SQLITE_BUSY at once, without consulting the busy timeout (waiting could
deadlock, and the snapshot it read may already be stale). Taking the write lock up front makes
the wait an ordinary, timed-out wait. Readers that need several queries to agree use
`read_snapshot`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils.plugins
from sqlite_utils import Database

from annotator.core.errors import ProjectError
from annotator.store.migrations import migrations
from annotator.store.schema_check import check_complete, check_schema, damaged, is_damage

BUSY_TIMEOUT_MS = 30_000
# Page cache of a project being built (`connect(building=True)`), in KiB; SQLite's default is
# 2 MB. A bulk import's random-keyed indexes (annotation ids, text uids) touch pages all over
# their b-trees, and a page evicted from a small cache is written and read again: 283 MB
# written for a 115 MB file at 2 MB, 127 MB at 16 MB.
BUILD_CACHE_KIB = 16 * 1024
SQLITE_MAGIC = b"SQLite format 3\x00"  # for files this process holds no connection to


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class ProjectDatabase(Database):
    """sqlite-utils' Database whose outermost `atomic()` block takes the write lock at BEGIN.

    sqlite-utils opens `atomic()` with a deferred `BEGIN`; see the module docstring for why a
    write transaction here must be `BEGIN IMMEDIATE`. Nested blocks stay savepoints.
    """

    read_only = False
    file_name: str | None = None

    @contextmanager
    def atomic(self) -> Iterator[Database]:  # type: ignore[override]
        if self.read_only:
            raise read_only_error(self.file_name)
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise ProjectError(  # coded, not a traceback: nothing was written, nothing is lost
                f"the project file is busy: another program has been writing to it for"
                f" {BUSY_TIMEOUT_MS // 1000} s (a large import?)", code="E202",
                hint="Nothing was changed. Try again when it has finished.",
            ) from exc
        try:
            yield self
        except BaseException as exc:
            self.rollback()
            _raise_if_disk_full(exc, self.file_name)
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException as exc:
                self.rollback()
                _raise_if_disk_full(exc, self.file_name)
                raise


def _raise_if_disk_full(exc: BaseException, where: str | None) -> None:
    """A full disk (SQLITE_FULL) in a write transaction, said as such: the transaction was
    rolled back, so the file holds everything before it and nothing of it."""
    if isinstance(exc, sqlite3.OperationalError) and (
            getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            or "disk is full" in str(exc)):
        raise ProjectError(
            "the disk is full: this change was not written, everything before it is kept",
            path=where, code="E224",
            hint="Free some space on that disk (or move the project), then do it again.",
        ) from exc


# We use no sqlite-utils plugins, and do not want other packages' plugins running inside a
# project's connection. Loading them scans every installed distribution's entry points on the
# first Database(): 24 ms of a 0.2 s `annotator show` (bench/startup.py).
sqlite_utils.plugins._plugins_loaded = True


def connect(path: Path, *, read_only: bool = False, building: bool = False) -> ProjectDatabase:
    """`read_only`: the folder cannot be written (a read-only share, a CD, another account's
    folder), so SQLite could not create the -wal/-shm files beside it. With no WAL there (the
    file was closed cleanly) it is opened `immutable`, which needs neither; with one (its
    owner has it open) read-only through the existing shared-memory index. A write is refused
    as `[E205]`.

    `building`: a new project under a temporary name that no other program knows, put in place
    only once it is complete (`Project._build_new`); `finish_building` makes it an ordinary
    WAL project before it is closed. In WAL mode every page a transaction writes goes to the
    -wal file first and is copied into the database by the checkpoint after the commit: a
    10,000-article import wrote its 115 MB twice (428 MB in all with the pages the 2 MB page
    cache evicted and wrote again). A file nobody else can open needs neither WAL's readers
    nor a crash-safe journal (a crash leaves only the temporary file, removed or never put in
    place), so it is built with the rollback journal in memory (a failed file of a
    several-file import still rolls back), no syncs, and a larger page cache: 116 MB written,
    system time about halved, and the checkpoint gone from the commit
    (docs/benchmarks.md, "A new project built in one write")."""
    target = str(path)
    if read_only:
        wal = Path(f"{path}-wal")
        mode = "ro" if wal.exists() and wal.stat().st_size > 0 else "ro&immutable=1"
        target = f"{Path(path).resolve().as_uri()}?mode={mode}"
    conn = sqlite3.connect(target, uri=read_only, timeout=BUSY_TIMEOUT_MS / 1000,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if building:
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    else:
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = ProjectDatabase(conn)
    db.read_only = read_only
    db.file_name = str(path)
    return db


def finish_building(db: Database) -> None:
    """Make a project built with `connect(building=True)` an ordinary one before it is closed:
    WAL (recorded in the file's header, so every later connection opens it in WAL) and the
    usual synchronous setting. Its pages were written without syncs: `sync_file` after
    closing it, before it is put in place."""
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode != "wal":  # SQLite keeps the old mode when it cannot switch (a transaction open)
        raise ProjectError(f"the new project could not be switched to WAL (it stayed {mode})",
                           path=getattr(db, "file_name", None))
    db.execute("PRAGMA synchronous = NORMAL")


def sync_file(path: Path) -> None:
    """Push a closed file's pages to the disk (what the checkpoint of a WAL project does
    before it is put in place), so a power cut after the rename never finds a project whose
    pages were still only in memory. Only for a file this process holds no SQLite connection
    to: closing a descriptor drops the process's POSIX locks on the file (see `_not_a_project`).
    Opened for writing because Windows syncs only such handles."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def bulk_cache(db: Database) -> Iterator[None]:
    """A page cache of at least `BUILD_CACHE_KIB` for one bulk write into a project already in
    use (`import-layer` into a project that has the documents), put back as it was after.
    Each new annotation goes into the b-tree of its random 32-hex id, all over the index, and
    with SQLite's default 2 MB a page is evicted (written to the WAL) and read again many times
    over: for 95,806 spans the import's system time fell from about 0.55 s to 0.35 s and its
    CPU time by 6-9% (medians of 5-6 runs in turns; docs/benchmarks.md, "Annotations and their
    events"). SQLite takes pages only as it needs them, so a small import costs no memory."""
    before = int(db.execute("PRAGMA cache_size").fetchone()[0])
    kib = -before if before < 0 else before * int(
        db.execute("PRAGMA page_size").fetchone()[0]) // 1024
    if kib >= BUILD_CACHE_KIB:  # a project being built has it already
        yield
        return
    db.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {before}")


def read_only_error(path: str | None = None) -> ProjectError:
    return ProjectError(
        "the project is in a read-only folder: it can be read, exported and merged from, but"
        " not changed", path=path, code="E205",
        hint="Nothing was changed. Copy it to a folder you can write to and work on the copy.")


@contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    """Run several reads against one snapshot of the file (an export, figures that must add up).

    Outside a transaction every SELECT sees the latest commit, so a writer in another process
    can slip in between two queries. In WAL mode a read transaction pins the snapshot at its
    first read, never blocks the writer and is never blocked by it. Read only: a write inside
    would have to upgrade the lock (see the module docstring). Inside an open transaction it
    simply joins it.
    """
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN")
    try:
        db.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # pin the snapshot now
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")


def _refuse_foreign_sqlite(path: Path) -> None:
    """Refuse an SQLite file that is not a project: one without our migrations table (another
    program's database, or an empty one). Asked through a read-only SQLite connection before
    the real one, which would switch the file to WAL, and before the migrations, which would
    write our tables into someone else's file (`stats places.sqlite` used to do both, then end
    in E999). SQLite's own errors (not a database, damaged) are left to the real opening."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return
    try:
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 50")]
    except sqlite3.DatabaseError:
        return
    finally:
        conn.close()
    if "_sqlite_migrations" in names:
        return
    held = f" (it holds {', '.join(map(repr, names[:5]))})" if names else " (it is empty)"
    raise ProjectError(f"this SQLite file is not a Stance Annotator project{held}",
                       path=str(path), code="E227",
                       hint="It was not changed. Open a .annotator file, or give a new file"
                            " name to create a project.")


def _not_a_project(path: Path, exc: sqlite3.DatabaseError) -> ProjectError:
    """SQLite's own verdict on a file, in words: the file is never read with anything else.

    A process that holds a connection to the file (the window holds two) must never open and
    close it outside SQLite: closing any descriptor of a file drops every POSIX lock the
    process holds on it, and another process closing its connection then believes it is the
    last one, checkpoints and deletes the WAL this one still writes to.
    """
    if "not a database" in str(exc):
        return ProjectError(
            "this is not a Stance Annotator project file (not SQLite)", path=str(path),
            hint="Open a .annotator file, or give a new file name to create a project.",
        )
    return ProjectError(f"the project file cannot be opened ({exc})", path=str(path))


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
    try:
        dest = sqlite3.connect(str(target))
        try:
            db.conn.backup(dest)
        finally:
            dest.close()
    except (OSError, sqlite3.Error) as exc:  # a full disk: no empty or half copy left behind
        for part in (target, Path(f"{target}-journal")):
            part.unlink(missing_ok=True)
        raise ProjectError(
            f"cannot write the backup copy to take before upgrading ({exc}); the project was"
            " left as it was", path=str(target), code="E204",
            hint="Free some space on that disk, then open the project again.",
        ) from exc
    return target


def open_database(path: str | Path, *, create: bool,
                  building: bool = False) -> tuple[Database, Path | None]:
    """Open (or create) and migrate. Returns the database and the backup written, if any.
    `building`: a new file under a temporary name (see `connect`)."""
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists:
        if not create and path.is_file():  # a 0-byte file: there, but not a project
            raise ProjectError("this file is empty (0 bytes), not a project", path=str(path),
                               code="E227", hint="It was not changed. Create a project with"
                               " `annotator init PATH`, or import into it.")
        if not create:
            raise ProjectError(
                "no project file here", path=str(path),
                hint="Create one with `annotator init PATH` or import into a new file.",
            )
        if not path.exists():
            with suppress(FileExistsError):  # another process created it a moment ago
                _create_owner_only(path)
    # A folder that cannot be written: open to read (see `connect`); a file that is read-only
    # itself SQLite opens read-only on its own.
    read_only = exists and not os.access(path.parent, os.W_OK)
    if exists:
        _refuse_foreign_sqlite(path)
    db = None
    try:
        db = connect(path, read_only=read_only, building=building)
        # Before any query on a table: the file may be someone else's (schema_check).
        check_schema(db.conn, str(path))
        pending = migrations.pending(db)
    except BaseException as exc:
        if db is not None:
            db.close()
        if not isinstance(exc, sqlite3.DatabaseError):
            raise
        if is_damage(exc) and "not a database" not in str(exc):
            raise damaged(str(path), exc) from exc
        raise _not_a_project(path, exc) from exc
    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(db)}
    if applied - known:
        raise ProjectError(
            f"the project file was written by a newer Stance Annotator ({sorted(applied - known)[-1]})",
            path=str(path), hint="Upgrade Stance Annotator to open it.",
        )
    backup = None
    if pending and read_only:
        db.close()
        raise ProjectError("the project file needs an upgrade to this version, which cannot be"
                           " written in its read-only folder", path=str(path), code="E205",
                           hint="Copy it to a folder you can write to and open the copy.")
    if pending:
        # The backup first (SQLite's backup API cannot read through a connection that holds
        # the write lock), then the migrations under the write lock, checked again once we hold
        # it: when two processes open an old file at once, one migrates and the other finds
        # nothing left to do. One transaction for all of them: a crash leaves the file as it was.
        if exists:
            backup = backup_copy(db, path, "pre-migration")
        try:
            with db.atomic():
                still_pending = bool(migrations.pending(db))
                if still_pending:
                    migrations.apply(db)
        except Exception as exc:  # rolled back: the file is as it was before we opened it
            db.close()
            raise ProjectError(
                f"upgrading the project file failed ({type(exc).__name__}: {exc}); it was left"
                " as it was", path=str(path),
                hint=(f"A copy from before is at {backup}. " if backup else "")
                + "Please report this with the file.",
            ) from exc
        if not still_pending and backup is not None:
            backup.unlink()
            backup = None
    try:
        check_complete(db.conn, str(path))
    except BaseException:
        db.close()
        raise
    return db, backup


def schema_version(db: Database) -> str | None:
    applied = migrations.applied(db)
    return applied[-1].name if applied else None
