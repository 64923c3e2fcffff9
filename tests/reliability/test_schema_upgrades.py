"""Schema upgrades: a project file from any earlier version opens, after a backup copy is
written, with every annotation, status, label and event kept and still usable.

The files in tests/fixtures/schemas/ are made by make_fixtures.py there (see its docstring for
what to do when adding a migration); they are committed so that what users have on disk stays
tested even after the code that wrote it is gone.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import ProjectError
from annotator.project import Project
from annotator.store.migrations import migrations
from tests.fixtures.schemas import make_fixtures
from tests.reliability.conftest import integrity_problems

FIXTURES = Path(make_fixtures.__file__).parent
NEWEST = migrations._migrations[-1].name
KEPT = ("documents", "annotations", "doc_status", "doc_labels", "events", "suggestions",
        "suggestion_runs", "actors", "aliases", "scheme", "settings")


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.annotator"))


def rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [table]).fetchone():
            return []
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        conn.close()


def version_of(path: Path) -> str:
    return rows(path, "_sqlite_migrations")[-1][2]


def test_every_earlier_schema_has_a_fixture() -> None:
    """Adding a migration without a fixture of the schema it leaves behind fails here."""
    have = {path.stem for path in fixture_files()}
    for version, _ in make_fixtures.older_versions():
        assert version in have, f"run tests/fixtures/schemas/make_fixtures.py for {version}"


@pytest.mark.parametrize("fixture", fixture_files(), ids=lambda p: p.stem)
def test_the_fixture_is_what_the_script_makes(fixture: Path, tmp_path: Path) -> None:
    if fixture.stem not in dict(make_fixtures.older_versions()):
        pytest.skip(f"{fixture.stem} is the newest schema now")
    made = make_fixtures.build(fixture.stem, tmp_path / fixture.name)
    # The stored scheme is the shipped one as it was then; it may have moved on since.
    for table in ("_sqlite_migrations", *KEPT):
        if table != "scheme":
            assert rows(made, table) == rows(fixture, table), table


@pytest.mark.parametrize("fixture", fixture_files(), ids=lambda p: p.stem)
def test_opening_an_old_file_backs_it_up_then_upgrades_keeping_everything(
        fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "project.annotator"
    shutil.copyfile(fixture, path)
    old_version = version_of(path)
    before = {table: rows(path, table) for table in KEPT}
    assert before["annotations"], "a fixture without annotations proves nothing"

    with Project.open(path, annotator="alice") as project:
        backup = project.migration_backup
        if old_version == NEWEST:
            assert backup is None
            return
        assert project.schema_version == NEWEST
        # The backup was taken first: it is the old file, old schema and all.
        assert backup is not None and backup.exists() and backup.parent == path.parent
        assert version_of(backup) == old_version
        for table in KEPT:
            assert rows(backup, table) == before[table], table
        # Nothing lost in the upgrade, column for column (new columns may only be added).
        for table in KEPT:
            after = rows(path, table)
            assert [row[: len(old)] for row, old in zip(after, before[table])] == before[table]
            assert len(after) == len(before[table]), table

        # ... and all of it still works on the upgraded file.
        assert [d.id for d in project.documents(search="deterrence")] == [1]
        statement = project.annotation("a0000000000000000000000000000002")
        assert statement.label == "COMMITMENT" and statement.attrs["strength"] == "FIRM"
        crlf = project.annotation("a0000000000000000000000000000004")
        assert crlf.text == project.document(1).text[crlf.start:crlf.end] and "\r\n" in crlf.text
        assert project.status(1) == "done" and project.seconds_spent(1) == 312.5
        assert project.doc_labels(1) == {"relevance": "RELEVANT", "tone": "COOPERATIVE"}
        restored = project.restore_annotation("a0000000000000000000000000000003")
        assert restored.text == "reaffirmed"
        assert project.undo()["annotation_id"] == restored.id  # undo history came along
        assert project.undo()["entity"] == "doc_label"  # the last action before the upgrade
        new = project.annotate(3, 0, 10, "CUE")
        assert project.annotation(new.id).text == "A document"
    assert integrity_problems(path) == []
    with Project.open(path, annotator="bob") as again:  # a second opening: nothing to do
        assert again.migration_backup is None
        assert [a.label for a in again.annotations(2)] == ["CUE", "CUE"]
    assert len(list(tmp_path.glob("*.bak"))) == 1


def test_a_failing_upgrade_leaves_the_file_as_it_was(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """All pending migrations run in one transaction: if one fails, none is kept, the user gets
    a coded error naming the backup, and the file still opens with the old version."""
    fixture = fixture_files()[0]
    path = tmp_path / "project.annotator"
    shutil.copyfile(fixture, path)
    before = {table: rows(path, table) for table in ("_sqlite_migrations", *KEPT)}

    def broken(db: Any) -> None:
        db["half_done"].create({"id": int}, pk="id")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrations, "_migrations",
                        [*migrations._migrations, migrations._Migration("9999_broken", broken)])
    with pytest.raises(ProjectError, match=r"\[E201\].*upgrading the project file failed.*"
                                           r"disk on fire.*A copy from before is at"):
        Project.open(path, annotator="alice")
    for table, old in before.items():
        assert rows(path, table) == old, table
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchall() == []
    conn.close()
    assert integrity_problems(path) == []
    assert len(list(tmp_path.glob("*.bak"))) == 1
