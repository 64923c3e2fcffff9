"""Is this file's schema ours? Checked before any query reads a table of a file that may come
from someone else (a colleague's project to merge, a project file received by mail).

A SELECT on a name runs whatever that name is: a view named `annotations` that recurses forever
hung `merge` and `stats` (memory growing without end), a generated column computes on every
read, a trigger runs on every write. So before the first query on a table, the names we use
must be the objects our migrations make: tables that are tables, with our columns, none of them
computed, and no trigger but the full-text index's own. The reference is our migrations run on
an empty database in memory, so it cannot drift from them. Reading `sqlite_master` and the
column lists runs nothing of the file's.

Damage (flipped bytes, a truncated copy) surfaces from SQLite as "file is not a database" or
"database disk image is malformed", at opening or at any later query; `damaged` turns it into
one coded message that says what to do.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from annotator.core.errors import ProjectError

# Words in SQLite's messages for a file whose bytes are not a sound database.
_DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "disk image")


@dataclass(frozen=True)
class SchemaObject:
    type: str  # table, index, trigger, view
    table: str  # what it belongs to (sqlite_master.tbl_name)
    columns: tuple[str, ...]  # tables only
    sql: str  # normalised; compared for triggers and virtual tables


def _normal(sql: str | None) -> str:
    return " ".join((sql or "").replace('"', "").replace("[", "").replace("]", "").split()).lower()


def _objects(conn: sqlite3.Connection) -> dict[str, tuple[str, str, str]]:
    """name -> (type, tbl_name, sql) of everything in the file's schema."""
    return {name: (kind, table, sql or "") for kind, name, table, sql in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master")}


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, int]]:
    """(name, hidden) of each column; hidden 2 and 3 are generated columns."""
    quoted = table.replace('"', '""')
    return [(row[1], row[6]) for row in conn.execute(f'PRAGMA table_xinfo("{quoted}")')]


@cache
def expected_schema() -> dict[str, SchemaObject]:
    """Every object our migrations make, by name (an empty database in memory, ~10 ms once)."""
    from sqlite_utils import Database

    from annotator.store.migrations import migrations

    db = Database(memory=True)
    migrations.apply(db)
    found = {}
    for name, (kind, table, sql) in _objects(db.conn).items():
        columns = tuple(c for c, _ in _columns(db.conn, name)) if kind == "table" else ()
        found[name] = SchemaObject(kind, table, columns, _normal(sql))
    db.close()
    return found


def check_schema(conn: sqlite3.Connection, path: str, *, tables: set[str] | None = None) -> None:
    """Refuse a file whose objects under our names are not what our migrations make.

    `tables`: the tables a reader is about to read, which must be present. Objects we do not
    know are left alone, except triggers: they would run on our writes. Raises ProjectError
    E231; SQLite's own errors (a damaged file) go to the caller, which knows what it was doing.
    """
    expected = expected_schema()
    present = _objects(conn)
    _require(path, expected, set(present), tables or set())
    for name, (kind, table, sql) in sorted(present.items()):
        want = expected.get(name)
        if kind == "trigger" and (want is None or want.sql != _normal(sql)):
            raise _foreign(path, f"it has a trigger {name!r} on {table!r} that Stance Annotator"
                                 " did not make (a trigger runs code on every change)")
        if want is None:
            continue
        if kind != want.type:
            raise _foreign(path, f"{name!r} is a {kind}, not a {want.type}")
        virtual = want.sql.startswith("create virtual table")
        if kind == "table" and (virtual or _normal(sql).startswith("create virtual table")):
            if _normal(sql) != want.sql:
                raise _foreign(path, f"{name!r} is not our full-text index")
        elif kind == "table":
            _check_columns(conn, path, name, want)


def check_complete(conn: sqlite3.Connection, path: str) -> None:
    """After migrating a file `check_schema` passed: every table and trigger of ours is there
    (a file may claim migrations it lacks the tables of)."""
    expected = expected_schema()
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    _require(path, expected, names, {n for n, o in expected.items() if o.type == "table"},
             triggers=True)


def _require(path: str, expected: dict[str, SchemaObject], present: set[str],
             tables: set[str], triggers: bool = False) -> None:
    for name in sorted(tables - present):
        raise _foreign(path, f"it has no table {name!r}")
    wanted = {n for n, o in expected.items() if o.type == "trigger"} if triggers else set()
    for name in sorted(wanted - present):
        raise _foreign(path, f"its full-text index lacks the trigger {name!r}")


def _check_columns(conn: sqlite3.Connection, path: str, name: str, want: SchemaObject) -> None:
    columns = _columns(conn, name)
    computed = [column for column, hidden in columns if hidden in (2, 3)]
    if computed:
        raise _foreign(path, f"column {computed[0]!r} of {name!r} is computed, not stored")
    missing = [column for column in want.columns if column not in {c for c, _ in columns}]
    if missing:
        raise _foreign(path, f"table {name!r} lacks the column {missing[0]!r}")


def _foreign(path: str, problem: str) -> ProjectError:
    return ProjectError(
        f"this is not a Stance Annotator project as this version makes them: {problem}",
        code="E231", path=path,
        hint="Nothing was read from it or changed. If it came from someone else, ask them for"
             " an export (`annotator export`) instead.")


def is_damage(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and any(
        word in str(exc).lower() for word in _DAMAGE_WORDS)


def as_damage(exc: Exception, path: Path | None) -> ProjectError | None:
    """The coded "damaged" error when a damaged project file is what failed: SQLite says so, or
    its quick check finds what a flipped bit did to a row (a NULL where none can be). For the
    command line and the window, after anything failed unexpectedly."""
    if is_damage(exc):
        return damaged(str(path) if path else None, exc)
    problem = integrity_problem(str(path)) if path and Path(path).is_file() else None
    return damaged(str(path), problem) if problem else None


def integrity_problem(path: str, seconds: float = 30.0) -> str | None:
    """What SQLite's quick check finds wrong with the file (read-only, bounded in time), or None.

    Asked after something failed unexpectedly on a file: a flipped bit in a row breaks no page
    structure SQLite reads, but it does break the row's NOT NULL constraints and the check
    finds that, so the user hears "damaged" instead of "internal error"."""
    import time

    until = time.monotonic() + seconds
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        conn.set_progress_handler(lambda: int(time.monotonic() > until), 10_000)
        rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc) if is_damage(exc) else None
    finally:
        conn.close()
    problems = [str(row[0]) for row in rows if row[0] != "ok"]
    return "; ".join(problems) or None


def damaged(path: str | None, exc: BaseException | str) -> ProjectError:
    where = f" {path}" if path else ""
    return ProjectError(
        f"the project file is damaged ({exc})", code="E230", path=path,
        hint=f"It was not changed. Use a backup copy (a `.bak` file beside it, or your own), or"
             f" save what can be read with `sqlite3{where} .recover | sqlite3 recovered.annotator`"
             " and open that.")
