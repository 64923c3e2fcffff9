"""Files the user names as input: a folder import reads only regular files inside the folder,
and a FIFO or device named directly is refused at once instead of hanging."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.formats.reading import ImportOptions
from annotator.project import Project
from tests.conftest import REPO
from tests.reliability.conftest import copy_project

GUARD = """
import json, resource, signal, sys
from click.testing import CliRunner
from annotator.cli import cli
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # reading /dev/zero: MemoryError, not OOM
def alarm(*_):
    raise TimeoutError("hung reading a FIFO or device")
signal.signal(signal.SIGALRM, alarm)
results = []
for argv in json.loads(sys.argv[1]):
    signal.alarm(10)
    try:
        result = CliRunner().invoke(cli, argv)
        results.append([result.exit_code, result.output + repr(result.exception or "")])
    except BaseException as exc:
        results.append([-1, repr(exc)])
    signal.alarm(0)
print(json.dumps(results))
"""


def run_guarded(*commands: list[str]) -> list[tuple[int, str]]:
    """CLI runs in one child process with a memory cap and a timer per command: before the
    fix a FIFO hung the read forever and /dev/zero filled the memory."""
    done = subprocess.run([sys.executable, "-c", GUARD, json.dumps(commands)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return [tuple(item) for item in json.loads(done.stdout.splitlines()[-1])]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("Seoul welcomed the pledge.", encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text("Tokyo said nothing.", encoding="utf-8")
    secret = tmp_path / "private.txt"
    secret.write_text("My bank password is hunter2.", encoding="utf-8")
    (corpus / "notes.txt").symlink_to(secret)  # leads outside the folder
    (corpus / "again.txt").symlink_to(corpus / "sub" / "b.txt")  # stays inside: fine
    (corpus / "zeros.txt").symlink_to("/dev/zero")
    (corpus / "gone.txt").symlink_to(corpus / "nowhere.txt")
    os.mkfifo(corpus / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(corpus / "sock.txt"))
    try:
        yield corpus
    finally:
        server.close()


def test_a_folder_import_reads_only_regular_files_inside_it(template, tmp_path, folder):
    path = copy_project(template, tmp_path / "p.annotator")
    linked = copy_project(template, tmp_path / "linked.annotator")
    (code, output), (code_linked, output_linked) = run_guarded(
        ["import", str(path), str(folder)], ["import", str(linked), str(folder), "--follow-links"])
    assert code == 0, output
    assert "2 imported, 1 duplicates skipped" in output
    left_out = {line.split(" ", 1)[0] + " " + Path(line.split(" ", 2)[1].rstrip(":")).name
                for line in output.splitlines() if line.startswith("[W32")}
    assert left_out == {"[W320] notes.txt", "[W320] zeros.txt", "[W323] gone.txt",
                        "[W321] pipe.txt", "[W321] sock.txt"}, output
    with Project.open(path) as project:
        assert not project.db.execute("SELECT 1 FROM documents WHERE text LIKE '%hunter2%'").fetchall()
    # --follow-links: the file outside is read, a device never
    assert code_linked == 0, output_linked
    assert "[W321]" in output_linked and "zeros.txt: not imported: a device" in output_linked
    with Project.open(linked) as project:
        assert project.db.execute("SELECT COUNT(*) FROM documents WHERE text LIKE '%hunter2%'"
                                  ).fetchone()[0] == 1


def test_the_project_itself_is_never_imported(template, tmp_path):
    path = copy_project(template, tmp_path / "p.jsonl")  # a project named like a dataset
    with Project.open(path) as project:
        report = project.import_paths([tmp_path], ImportOptions())
        assert report.imported == 0 and [p.code for p in report.problems] == ["W322"]
        with pytest.raises(Exception, match=r"\[E203\]"):
            project.import_paths([path])


DIRECT = (["import", "{P}", "{F}"], ["merge", "{P}", "{F}"], ["actors", "{P}", "--import", "{F}"],
          ["scheme", "{P}", "--set", "{F}"], ["import-layer", "{P}", "{F}"],
          ["init", "{N}", "--scheme", "{F}"])


def test_a_fifo_or_device_given_directly_is_refused_at_once(template, tmp_path):
    path = copy_project(template, tmp_path / "p.annotator")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    commands = [[a.format(P=path, F=special, N=tmp_path / "new.annotator") for a in args]
                for special in (fifo, "/dev/zero") for args in DIRECT]
    for argv, (code, output) in zip(commands, run_guarded(*commands)):
        assert code == 1, (argv, output)
        assert "[E206]" in output and "not a file" in output, (argv, output)
        assert "no such file" not in output
    assert not (tmp_path / "new.annotator").exists()
