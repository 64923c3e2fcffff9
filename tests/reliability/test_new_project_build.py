"""A project that an import creates is built under a temporary name in one write (rollback
journal in memory, no syncs, no WAL: `store.database.connect(building=True)`), switched to WAL,
synced, and only then linked into place (`Project._build_new`).

Checked here, on real files with odd text (emoji, CRLF, combining characters): the file built
so holds exactly what an import into an existing (WAL) project stores, is a WAL project
afterwards and passes SQLite's checks; a failed or interrupted import leaves neither the
project nor the temporary file; a project another process put at the name meanwhile is never
replaced; and an import into an existing project still runs in WAL as before."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import annotator.project as project_module
from annotator.cli import cli
from annotator.core.errors import AnnotatorError
from annotator.formats.export_options import LayerImportOptions
from annotator.formats.reading import ImportOptions
from annotator.project import Project, _put_in_place
from tests.reliability.conftest import integrity_problems
from tests.reliability.test_batched_writes import TEXTS, snapshot
from tests.reliability.test_bulk_layer_import import _doccano_file

OPTIONS = LayerImportOptions(format="doccano", layer="bob", doccano_offsets="utf-16")


def _journal_mode(path: Path) -> str:
    """The mode the file's header asks for, as a new connection finds it."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def _left_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("command", ["one pass", "import"])
def test_a_built_project_holds_what_an_import_into_a_wal_project_stores(
        tmp_path: Path, command: str) -> None:
    source = _doccano_file(tmp_path / "in.jsonl", "utf-16")

    def fill(p: Project):
        seen.append((p.db.execute("PRAGMA journal_mode").fetchone()[0],
                     p.db.execute("PRAGMA synchronous").fetchone()[0]))
        if command == "import":
            return p.import_paths([source], ImportOptions())
        return p.import_layer(source, OPTIONS)

    seen: list[tuple[str, int]] = []
    built, wal = tmp_path / "built.annotator", tmp_path / "wal.annotator"
    _, created = Project.create_with(built, fill, lambda report: True, annotator="bob")
    with Project.create(wal, annotator="bob") as p:  # an existing project: filled in WAL
        fill(p)
    assert created and seen == [("memory", 0), ("wal", 1)]
    assert _journal_mode(built) == "wal" and integrity_problems(built) == []
    assert _left_in(tmp_path) == {"in.jsonl", "built.annotator", "wal.annotator"}
    stored = snapshot(built)
    for side in (stored, snapshot(wal)):  # events name the file they came from
        side["events"] = {e.replace(str(built), "P").replace(str(wal), "P"): n
                          for e, n in side["events"].items()}
    assert stored == snapshot(wal) | {"events": stored["events"]}
    assert stored["documents"] and [d["text"] for d in stored["documents"]] == TEXTS
    if command == "one pass":
        assert len(stored["annotations"]) == 9
    with Project.open(built, annotator="bob") as p:  # searchable, and writable in WAL
        assert p.count_documents(search="Seoul") == 2
        p.annotate(1, 0, 5, "GPE")
        assert p.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_events_and_history_of_a_built_project_match(tmp_path: Path) -> None:
    """The event log and history, compared whole (timestamps aside) after the same one pass."""
    source = _doccano_file(tmp_path / "in.jsonl", "code-points")
    options = LayerImportOptions(format="doccano", layer="bob", doccano_offsets="code-points")
    Project.create_with(tmp_path / "a.annotator", lambda p: p.import_layer(source, options),
                        lambda r: True, annotator="bob")
    with Project.create(tmp_path / "b.annotator", annotator="bob") as p:
        p.import_layer(source, options)
    a, b = snapshot(tmp_path / "a.annotator"), snapshot(tmp_path / "b.annotator")
    assert a["events"] == b["events"] and a["history"] == b["history"]
    assert sum(a["events"].values()) > 9


class Boom(Exception):
    pass


@pytest.mark.parametrize("failure", [Boom, KeyboardInterrupt])
def test_a_failed_or_interrupted_import_leaves_no_project_and_no_temporary_file(
        tmp_path: Path, failure: type[BaseException]) -> None:
    source = _doccano_file(tmp_path / "in.jsonl", "utf-16")
    target = tmp_path / "p.annotator"

    def fill(p: Project) -> None:
        p.import_layer(source, OPTIONS)  # committed into the temporary file, then ...
        assert p.db["annotations"].count == 9
        raise failure()

    with pytest.raises(failure):
        Project.create_with(target, fill, lambda r: True, annotator="bob")
    assert _left_in(tmp_path) == {"in.jsonl"}


def test_a_strict_import_refused_mid_file_leaves_nothing(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({"text": t}) + "\r\n" for t in TEXTS) + "{broken\n",
                    encoding="utf-8")
    for command in ("import", "import-layer"):
        result = CliRunner().invoke(cli, [command, str(tmp_path / "p.annotator"), str(data),
                                          "--strict"])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert _left_in(tmp_path) == {"d.jsonl"}, command


def test_a_rolled_back_transaction_inside_the_build_leaves_no_trace(tmp_path: Path) -> None:
    """An import's transactions roll back in the temporary file too (its journal is in
    memory, not off): a file refused after its rows went in leaves none of them, the next
    file's go in, and the index and the event log agree."""
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS[:3]), encoding="utf-8")
    second.write_text(json.dumps({"text": TEXTS[3]}) + "\n", encoding="utf-8")
    target = tmp_path / "p.annotator"

    def fill(p: Project):
        with pytest.raises(Boom), p.db.atomic():
            assert p.import_paths([first], ImportOptions()).imported == 3
            raise Boom()
        return p.import_paths([second], ImportOptions())

    report, created = Project.create_with(target, fill, lambda r: r.imported > 0)
    assert created and report.imported == 1
    assert integrity_problems(target) == [] and _journal_mode(target) == "wal"
    with Project.open(target) as p:
        assert [r[0] for r in p.db.execute("SELECT text FROM documents")] == [TEXTS[3]]
        assert p.count_documents(search="Seoul") == 0 and p.count_documents(search="Hanoi") == 1
        assert [r[0] for r in p.db.execute("SELECT source FROM events WHERE entity = 'file'")] == [
            str(second)]


def test_a_project_put_at_the_name_meanwhile_is_never_replaced(tmp_path: Path) -> None:
    source = _doccano_file(tmp_path / "in.jsonl", "utf-16")
    target = tmp_path / "p.annotator"
    calls: list[Path] = []

    def fill(p: Project):
        calls.append(p.path)
        if len(calls) == 1:  # another process creates the project while this one imports
            with Project.create(target, annotator="eve") as theirs:
                theirs.import_paths([_one_text(tmp_path)], ImportOptions())
        return p.import_layer(source, OPTIONS)

    report, created = Project.create_with(target, fill, lambda r: True, annotator="bob")
    assert not created and calls[1] == target  # theirs was kept, and filled instead
    assert report.documents_added == len(TEXTS)
    with Project.open(target) as p:
        assert p.db["documents"].count == 5 and p.db["annotations"].count == 9
        assert p.db.execute("SELECT text FROM documents WHERE id = 1").fetchone()[0] == "Theirs."
    assert _left_in(tmp_path) == {"in.jsonl", "theirs.jsonl", "p.annotator"}


def _one_text(folder: Path) -> Path:
    path = folder / "theirs.jsonl"
    path.write_text(json.dumps({"text": "Theirs."}) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("windows", [False, True])
def test_without_hard_links_a_rename_never_replaces_a_project(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, windows: bool) -> None:
    """A file system without hard links (FAT, some shares): renamed instead, but never over a
    project that is there (POSIX: only when absent; Windows: its rename refuses)."""
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(project_module, "WINDOWS", windows)
    if windows:  # what Windows' rename does: refuse an existing target
        def refusing_rename(src: str | Path, dst: str | Path) -> None:
            if os.path.exists(dst):
                raise FileExistsError(errno.EEXIST, "exists", str(dst))
            os.replace(src, dst)

        monkeypatch.setattr(os, "rename", refusing_rename)
    target, temp = tmp_path / "p.annotator", tmp_path / ".p.annotator.x.new"
    temp.write_bytes(b"ours")
    target.write_bytes(b"theirs")
    assert _put_in_place(temp, target) is False and target.read_bytes() == b"theirs"
    target.unlink()
    assert _put_in_place(temp, target) is True and target.read_bytes() == b"ours"
    source = _doccano_file(tmp_path / "in.jsonl", "utf-16")
    new = tmp_path / "new.annotator"
    _, created = Project.create_with(new, lambda p: p.import_layer(source, OPTIONS),
                                     lambda r: True)
    assert created and integrity_problems(new) == [] and _journal_mode(new) == "wal"


def test_a_failed_build_says_the_name_the_user_gave(tmp_path: Path) -> None:
    """An error raised about the temporary file is reported with the project's name."""
    target = tmp_path / "p.annotator"

    def fill(p: Project) -> None:
        raise AnnotatorError("no room", path=str(p.path))

    with pytest.raises(AnnotatorError) as caught:
        Project.create_with(target, fill, lambda r: True)
    assert caught.value.path == str(target) and _left_in(tmp_path) == set()
