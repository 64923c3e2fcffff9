"""Errors and exit codes a script can trust: coded errors instead of E999, non-zero exits for
imports that refused records and exports that matched nothing, read-only folders, and no
empty project left by a failed import."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.project import Project

GOOD = {"title": "Pledge", "text": "Seoul welcomed the US pledge on extended deterrence."}


def run(*args: object):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def jsonl(path: Path, *lines: object) -> Path:
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines),
                    encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    with Project.create(path, annotator="alice") as p:
        p.import_paths([jsonl(tmp_path / "good.jsonl", GOOD)])
    return path


def test_huge_numbers_and_long_settings_get_coded_errors(project, _isolated_home):
    huge = 10**30
    for args in (["docs", project, "--limit", huge], ["show", project, huge],
                 ["history", project, "--limit", huge]):
        code, output = run(*args)
        assert code == 1 and "[E208] a number given is too large" in output, (args, output)
    code, output = run("settings", project, "pipeline", "x" * 5000)  # longer than a file name
    assert code == 1 and "[E401]" in output, output
    code, output = run("settings", project, "note", "x" * 20_000)
    assert code == 1 and "[E209]" in output, output
    assert not list(Path(_isolated_home).rglob("crash.log"))


def test_an_import_that_refused_records_exits_non_zero_after_the_good_ones(project, tmp_path):
    mixed = jsonl(tmp_path / "mixed.jsonl", {"text": "Tokyo said nothing new."}, "not json",
                  {"text": 5})
    code, output = run("import", project, mixed)
    assert code == 1, output
    assert "1 imported, 0 duplicates skipped, 2 errors" in output
    assert "[E320] 2 record(s) were refused (listed above) and 1 imported" in output
    with Project.open(project) as p:
        assert p.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
    layer = jsonl(tmp_path / "layer.jsonl", {"text": GOOD["text"], "spans": [], "meta": {}},
                  "not json")
    code, output = run("import-layer", project, layer, "--layer", "bob")
    assert code == 1 and "[E320] 1 record(s) were refused" in output, output


def test_an_export_that_matches_nothing_writes_no_file_and_says_how_to_widen_it(project, tmp_path):
    out = tmp_path / "out.jsonl"
    code, output = run("export", project, out)
    assert code == 1, output
    assert "[E207] no document is marked done in layer 'alice'" in output
    assert "--status any" in output
    assert not out.exists()
    out.write_text("an older export", encoding="utf-8")
    assert run("export", project, out)[0] == 1
    assert out.read_text(encoding="utf-8") == "an older export"
    assert run("export", project, out, "--status", "any")[0] == 0


def test_a_failed_import_into_a_new_project_leaves_nothing_and_creating_one_says_so(tmp_path):
    new = tmp_path / "new.annotator"
    bad = jsonl(tmp_path / "bad.jsonl", "not json")
    good = jsonl(tmp_path / "good.jsonl", GOOD)
    os.mkfifo(tmp_path / "fifo")
    for args in ([bad], [good, bad, "--strict"], [tmp_path / "fifo"], [tmp_path / "missing.txt"]):
        code, output = run("import", new, *args)
        assert code == 1, (args, output)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "fifo", "good.jsonl"]
    code, output = run("import", new, good)
    assert code == 0, output
    assert [line for line in output.splitlines() if "Created" in line] == [f"Created {new}."]


@pytest.fixture
def read_only_folder(tmp_path: Path, project: Path) -> Iterator[Path]:
    """The project in a folder nobody may write to: chmod for an ordinary user; root writes
    anywhere, so for root a read-only tmpfs mount (skipped where mounting is not allowed)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(project, folder / "p.annotator")
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder / "p.annotator"
        folder.chmod(0o755)
        return
    staging = tmp_path / "staging"
    staging.mkdir()
    shutil.move(str(folder / "p.annotator"), staging / "p.annotator")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("running as root and cannot mount a read-only folder")
    try:
        shutil.copy(staging / "p.annotator", folder / "p.annotator")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder / "p.annotator"
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_project_in_a_read_only_folder_can_be_read_exported_and_merged_from(
        read_only_folder, tmp_path):
    path = read_only_folder
    assert not os.access(path.parent, os.W_OK)
    for args in (["stats", path], ["docs", path], ["history", path], ["show", path, "1"],
                 ["export", path, tmp_path / "out.jsonl", "--status", "any"]):
        code, output = run(*args)
        assert code == 0, (args, output)
    other = tmp_path / "other.annotator"
    Project.create(other).close()
    code, output = run("merge", other, path)
    assert code == 0 and "1 document(s) added" in output, output
    for args in (["import", path, jsonl(tmp_path / "more.jsonl", {"text": "New text here."})],
                 ["settings", path, "pipeline", "builtin"],
                 ["actors", path, "--add", "XX1", "--name", "Someone"]):
        code, output = run(*args)
        assert code == 1 and "[E205]" in output and "read-only folder" in output, (args, output)
    assert sorted(p.name for p in path.parent.iterdir()) == ["p.annotator"]

