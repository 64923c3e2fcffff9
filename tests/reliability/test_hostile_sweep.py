"""A hostile user against every command: odd paths and odd values, each answered with a coded
error that names what is wrong (never E999, a traceback or a hang), nothing half-written, and a
non-zero exit when something was refused.

Bugs these found: `export P /dev/null` (as root, or into any folder one may write) renamed a
regular file over the device node, so `/dev/null` stopped being one; a FIFO named as an output
was replaced by a file; a symbolic link that loops, named as the project, crashed `init` and
`import` with E999 and was called "no such file" elsewhere.
"""

from __future__ import annotations

import os
import stat
import threading
import time

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from tests.reliability.conftest import copy_project
from tests.reliability.test_outputs import OUTPUTS, annotated, command


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def assert_coded_refusal(code: int, output: str, expected: str) -> None:
    assert code == 1, output
    assert f"[{expected}]" in output and "E999" not in output and "Traceback" not in output, output


# ---------------------------------------------------------------- outputs that are not files
@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_an_output_fifo_is_written_as_a_stream_and_stays_a_fifo(template, tmp_path, name):
    project = annotated(template, tmp_path / "p.annotator")
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    code, output = run(*command(name, project, fifo))  # nobody reads: refused at once
    assert_coded_refusal(code, output, "E220")
    read_end = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader before the writer comes
    os.set_blocking(read_end, True)
    received: list[bytes] = []
    done = threading.Event()

    def drain() -> None:  # until the command has returned and the pipe is empty
        while (chunk := os.read(read_end, 65536)) or not done.is_set():
            received.append(chunk)
            if not chunk:
                time.sleep(0.01)  # no writer yet, or between writes

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        code, output = run(*command(name, project, fifo))
    finally:
        done.set()
        reader.join(10)
        os.close(read_end)
    assert code == 0, output
    assert b"".join(received), "the reader got nothing"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


@pytest.mark.skipif(os.geteuid() != 0, reason="making device nodes needs root")
@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_an_output_device_stays_a_device(template, tmp_path, name):
    """Device nodes made here (the null and full devices), never the system's own."""
    project = annotated(template, tmp_path / "p.annotator")
    null, full = tmp_path / "null", tmp_path / "full"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    code, output = run(*command(name, project, null))
    assert code == 0, output
    code, output = run(*command(name, project, full))  # every write: no space left
    assert_coded_refusal(code, output, "E701" if name == "export" else "E204")
    for device in (null, full):
        assert stat.S_ISCHR(os.lstat(device).st_mode), f"{device.name} is no longer a device"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


# ---------------------------------------------------------------- links that lead nowhere
LOOP_COMMANDS = {  # a link that points at itself, named where a project or an input goes
    "init": (["init", "{LOOP}"], "E201"),
    "stats": (["stats", "{LOOP}"], "E201"),
    "import into it": (["import", "{LOOP}", "{DOCS}"], "E201"),
    "import from it": (["import", "{P}", "{LOOP}"], "E301"),
}


@pytest.mark.parametrize("case", sorted(LOOP_COMMANDS))
def test_a_symlink_loop_is_named_as_one(template, tmp_path, case):
    project = copy_project(template, tmp_path / "p.annotator")
    docs = tmp_path / "docs.txt"
    docs.write_text("The minister reaffirmed the commitment to the ally.", encoding="utf-8")
    loop = tmp_path / "loop.annotator"
    loop.symlink_to(loop)
    args, expected = LOOP_COMMANDS[case]
    code, output = run(*(a.format(LOOP=loop, DOCS=docs, P=project) for a in args))
    assert_coded_refusal(code, output, expected)
    assert "leads nowhere" in output, output
    assert loop.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == [
        "docs.txt", "loop.annotator", "p.annotator"]
