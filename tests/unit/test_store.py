"""The project file: pragmas, permissions, tables, migrations with a backup first."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from annotator.core.errors import ProjectError
from annotator.project import Project
from annotator.store.database import connect, open_database
from annotator.store.migrations import migrations

TABLES = {"documents", "documents_fts", "annotations", "suggestions", "suggestion_runs",
          "doc_status", "doc_labels", "actors", "aliases", "scheme", "settings", "events"}


def test_new_project_file_layout(project):
    names = set(project.db.table_names())
    assert names >= TABLES
    assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert project.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert stat.S_IMODE(project.path.stat().st_mode) == 0o600
    assert project.schema_version == migrations._migrations[-1].name
    assert project.scheme.ref == "stance-commitment/1.0"


def test_foreign_keys_are_enforced(project):
    with pytest.raises(sqlite3.IntegrityError):
        project.db.execute(
            "INSERT INTO annotations (id, doc_id, layer, kind, start, end, text, label)"
            " VALUES ('x', 999, 'alice', 'MENTION', 0, 1, 'a', 'PERSON')")


def test_events_record_scheme_and_settings(project):
    project.set_setting("pipeline", "builtin")
    ops = [(e["op"], e["entity"]) for e in project.db["events"].rows]
    assert ("set", "scheme") in ops and ("set", "setting") in ops


def test_migrating_an_existing_file_writes_a_backup_first(tmp_path):
    path = tmp_path / "old.annotator"
    db = connect(path)
    migrations.apply(db, stop_before=migrations._migrations[0].name)
    db["marker"].insert({"note": "written by an older version"})
    db.close()

    db, backup = open_database(path, create=False)
    assert backup is not None and backup.exists()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    old = sqlite3.connect(backup)
    assert old.execute("SELECT note FROM marker").fetchone()[0] == "written by an older version"
    assert "documents" not in {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
    assert "documents" in db.table_names()
    db.close()
    # Opening again: nothing pending, no second backup.
    db, again = open_database(path, create=False)
    assert again is None
    db.close()


def test_new_file_gets_no_backup(tmp_path):
    with Project.create(tmp_path / "n.annotator") as project:
        assert project.migration_backup is None
    assert not list(tmp_path.glob("*.bak"))


def test_not_a_project_file(tmp_path):
    bogus = tmp_path / "notes.annotator"
    bogus.write_text("hello")
    with pytest.raises(ProjectError, match="not a Stance Annotator project file"):
        Project.open(bogus)


def test_missing_project_without_create(tmp_path):
    with pytest.raises(ProjectError, match=r"\[E201\].*no project file here"):
        Project.open(tmp_path / "nope.annotator")


def test_newer_file_is_refused(tmp_path):
    path = tmp_path / "future.annotator"
    Project.create(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
               " VALUES ('annotator', '9999_future', 'x')")
    db.commit()
    db.close()
    with pytest.raises(ProjectError, match="newer Stance Annotator"):
        Project.open(path)
