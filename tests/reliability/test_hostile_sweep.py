"""A hostile user against every command: odd paths and odd values, each answered with a coded
error that names what is wrong (never E999, a traceback or a hang), nothing half-written, and a
non-zero exit when something was refused.

Bugs these found: `export P /dev/null` (as root, or into any folder one may write) renamed a
regular file over the device node, so `/dev/null` stopped being one; a FIFO named as an output
was replaced by a file, and so was a device or FIFO named as a new project (`init /dev/zero`);
a symbolic link that loops, named as the project, crashed `init` and `import` with E999 and was
called "no such file" elsewhere; a full disk under the project was E999; settings were stored
as text, so `suggest_with_model false` counted as true; `actors --add USA --alias X` retyped
USA and dropped its country; layer names could hold terminal escapes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.project import Project
from tests.conftest import REPO
from tests.reliability.conftest import SENTENCE, copy_project, integrity_problems, write_jsonl
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


# ---------------------------------------------------------------- a project that is not a file
PROJECT_COMMANDS = {  # each would create, open or write the project at {X}
    "init": ["init", "{X}"], "import into it": ["import", "{X}", "{DOCS}"],
    "import-layer into it": ["import-layer", "{X}", "{LAYER}"], "stats": ["stats", "{X}"],
    "merge into it": ["merge", "{X}", "{P}"],
}


@pytest.mark.parametrize("node", ["fifo", "device"])
@pytest.mark.parametrize("case", sorted(PROJECT_COMMANDS))
def test_a_device_or_fifo_named_as_the_project_is_refused_and_stays(template, tmp_path, case,
                                                                   node):
    """`init /dev/zero` as root used to rename a new project over the device node."""
    x = tmp_path / "x.annotator"
    if node == "fifo":
        os.mkfifo(x)
    elif os.geteuid() == 0:
        os.mknod(x, 0o666 | stat.S_IFCHR, os.makedev(1, 5))  # a zero device of our own
    else:
        pytest.skip("making device nodes needs root")
    project = copy_project(template, tmp_path / "p.annotator")
    docs = write_jsonl(tmp_path / "docs.jsonl", ["The minister reaffirmed the commitment."])
    layer = tmp_path / "layer.jsonl"
    layer.write_text(json.dumps({"text": "A text.", "meta": {"layer": "alice"}, "spans": []}) + "\n")
    args = [a.format(X=x, DOCS=docs, LAYER=layer, P=project) for a in PROJECT_COMMANDS[case]]
    code, output = run(*args)
    assert_coded_refusal(code, output, "E225")
    mode = os.lstat(x).st_mode
    assert stat.S_ISFIFO(mode) if node == "fifo" else stat.S_ISCHR(mode), "replaced"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".x.annotator")]


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


# ---------------------------------------------------------------- settings and the scheme file
BAD_SETTINGS = [
    ("suggest_target_precision", "abc"), ("suggest_target_precision", "7"),
    ("suggest_target_precision", "nan"), ("suggest_with_model", "maybe"),
    ("parser_slots", "2"), ("model_start", "bogus"), ("teach.retrain_every", "2.5"),
    ("teach.random_share", "1.5"),
]


@pytest.mark.parametrize("key, value", BAD_SETTINGS)
def test_a_setting_that_would_fail_where_it_is_used_is_refused_when_set(template, tmp_path, key,
                                                                        value):
    project = copy_project(template, tmp_path / "p.annotator")
    code, output = run("settings", project, key, value)
    assert_coded_refusal(code, output, "E221")
    assert key in output and "nothing was changed" in output
    with sqlite3.connect(project) as conn:
        assert conn.execute("SELECT count(*) FROM settings WHERE key = ?", [key]).fetchone() == (0,)


def test_settings_are_stored_as_their_type_and_read_back_checked(template, tmp_path):
    project = copy_project(template, tmp_path / "p.annotator")
    assert run("settings", project, "suggest_with_model", "false")[0] == 0
    assert run("settings", project, "suggest_target_precision", "0.9")[0] == 0
    with Project.open(project) as opened:  # "false" was stored as text, which counts as true
        assert opened.setting("suggest_with_model") is False
        assert opened.setting("suggest_target_precision") == 0.9
        assert opened._flag("suggest_with_model") is False
    code, output = run("settings", project, "nothing.reads.this", "1")
    assert code == 0 and "[W340]" in output
    code, output = run("settings", project, "hub.annotator", "alice")  # the hub's own
    assert code == 0 and "[W340]" not in output
    code, output = run("settings", project, "", "1")
    assert_coded_refusal(code, output, "E222")
    with sqlite3.connect(project) as conn:  # a file from before the check, or edited by hand
        conn.execute("UPDATE settings SET value = '\"false\"' WHERE key = 'suggest_with_model'")
        conn.execute("INSERT OR REPLACE INTO settings VALUES ('suggest_target_precision', '[1]')")
    with Project.open(project) as opened:
        assert opened._flag("suggest_with_model") is False  # as it says
    with sqlite3.connect(project) as conn:
        conn.execute("UPDATE settings SET value = '\"yes\"' WHERE key = 'suggest_with_model'")
    code, output = run("suggest", project)  # reads the target precision: E999 before
    assert_coded_refusal(code, output, "E221")
    assert "the stored value [1]" in output


SCHEMES = {  # each made the scheme reader crash with E999
    "nested 100,000 deep": "a = " + "[" * 100_000,
    "an integer of 5,000 digits": "version = " + "9" * 5000,
}


@pytest.mark.parametrize("case", sorted(SCHEMES))
def test_a_hostile_scheme_file_gets_a_scheme_error(template, tmp_path, case):
    project = copy_project(template, tmp_path / "p.annotator")
    scheme = tmp_path / "scheme.toml"
    scheme.write_text(SCHEMES[case], encoding="utf-8")
    code, output = run("scheme", project, "--set", scheme)
    assert_coded_refusal(code, output, "E101")
    code, output = run("init", tmp_path / "new.annotator", "--scheme", scheme)
    assert_coded_refusal(code, output, "E101")
    assert not (tmp_path / "new.annotator").exists()


# ---------------------------------------------------------------- the actor registry
def test_adding_to_an_existing_actor_keeps_what_was_not_given_and_logs_what_it_replaced(
        template, tmp_path):
    project = copy_project(template, tmp_path / "p.annotator")
    with Project.open(project) as opened:
        before = opened.actor_fields("USA")
    assert before and before["type"] == "STATE"
    code, output = run("actors", project, "--add", "USA", "--alias", "Uncle Sam")
    assert code == 0, output  # used to make USA a PERSON named "USA" with no country or note
    with Project.open(project) as opened:
        assert opened.actor_fields("USA") == before
        assert any(a.id == "USA" and "Uncle Sam" in a.aliases for a in opened.actors())
    assert run("actors", project, "--add", "USA", "--name", "America", "--type", "IO")[0] == 0
    with sqlite3.connect(project) as conn:
        logged = conn.execute("SELECT before FROM events WHERE entity = 'actor'"
                              " ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert json.loads(logged) == before  # what the edit replaced is in the log


@pytest.mark.parametrize("args", [
    ["--add", ""], ["--add", "A\x1b[2J"], ["--add", "X" * 201], ["--add", "NEWX", "--name", "a\x07"],
    ["--add", "NEWX", "--alias", "Evil\u202e"], ["--add", "NEWX", "--country", "K\tOR"],
], ids=["empty id", "escape in id", "201-character id", "bell in name", "bidi override in alias",
        "tab in country"])
def test_an_actor_that_terminals_and_texts_cannot_take_is_refused(template, tmp_path, args):
    project = copy_project(template, tmp_path / "p.annotator")
    with sqlite3.connect(project) as conn:
        count = conn.execute("SELECT count(*) FROM actors").fetchone()
    code, output = run("actors", project, *args)
    assert_coded_refusal(code, output, "E501")
    with sqlite3.connect(project) as conn:
        assert conn.execute("SELECT count(*) FROM actors").fetchone() == count


# ---------------------------------------------------------------- layer (annotator) names
BAD_LAYERS = {"escape": "bob\x1b[2J", "bell": "bob\x07", "bidi override": "bob\u202e",
              "newline": "bo\nb", "all": "all", "101 characters": "b" * 101}


@pytest.mark.parametrize("case", sorted(BAD_LAYERS))
def test_a_layer_name_no_table_can_show_is_refused_everywhere_it_can_come_in(template, tmp_path,
                                                                             case):
    """As --annotator, as a record's layer in import-layer, and as a layer of a merge source."""
    name = BAD_LAYERS[case]
    project = copy_project(template, tmp_path / "p.annotator")
    code, output = run("--annotator", name, "stats", project)
    assert_coded_refusal(code, output, "E223")
    with Project.open(project, annotator="alice") as opened:
        opened.annotate(1, 0, 5, "PERSON")
        opened.set_status(1, "done")
    exported = tmp_path / "alice.jsonl"
    assert run("--annotator", "alice", "export", project, exported, "--no-tokens")[0] == 0
    record = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])
    record["meta"]["layer"] = name
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(json.dumps(record) + "\n", encoding="utf-8")
    target = copy_project(template, tmp_path / "target.annotator")
    code, output = run("import-layer", target, hostile)
    assert code == 1 and "[E715]" in output and "the layer name" in output, output
    source = copy_project(template, tmp_path / "source.annotator")
    assert run("import-layer", source, exported)[0] == 0
    with sqlite3.connect(source) as conn:  # a colleague's file, edited
        for table in ("annotations", "doc_status"):
            conn.execute(f"UPDATE {table} SET layer = ?", [name])
    code, output = run("merge", target, source)
    assert_coded_refusal(code, output, "E233")
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM annotations").fetchone() == (0,)


# ---------------------------------------------------------------- a full disk, for real
@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB file system (tmpfs), so SQLite meets a real full disk (SQLITE_FULL)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_during_an_import_is_said_and_keeps_the_project_whole(template, tmp_path,
                                                                         small_disk):
    corpus = write_jsonl(tmp_path / "big.jsonl", [f"Story {i}. " + SENTENCE * 20 for i in range(1500)])
    project = copy_project(template, small_disk / "p.annotator")
    before = dump(project)
    code, output = run("import", project, corpus)  # E999 before: SQLite's "disk is full"
    assert_coded_refusal(code, output, "E224")
    assert dump(project) == before and not integrity_problems(project)
    code, output = run("import", small_disk / "new.annotator", corpus)
    assert_coded_refusal(code, output, "E224")  # E999 before: the index trigger, put back twice
    assert str(small_disk / "new.annotator") in output
    assert sorted(p.name for p in small_disk.iterdir()) == ["p.annotator"]


def dump(project) -> list:
    with sqlite3.connect(project) as conn:
        return [conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("documents", "documents_fts", "events")]


def test_evaluating_a_pipeline_that_never_ran_says_so(template, tmp_path):
    project = copy_project(template, tmp_path / "p.annotator")
    with Project.open(project, annotator="alice") as opened:
        opened.annotate(1, 0, 5, "PERSON")
        opened.set_status(1, "done")
    code, output = run("evaluate", project, "--gold", "alice", "--pipeline", "misspelt")
    assert_coded_refusal(code, output, "E226")  # used to print a table of n/a and exit 0
    assert "none yet" in output


# ---------------------------------------------------------------- Ctrl+C at any moment
def test_ctrl_c_while_the_program_starts_prints_no_traceback(template, tmp_path):
    """Interrupts at moments spread over start-up (loading click and our modules) and the
    command itself: a quiet end (130) or the command's own "Interrupted" line, never a
    traceback from inside an import. (The interpreter's own start, before any of our code
    runs, is not ours to handle: from 0.1 s on, or later on a machine so loaded that the bare
    interpreter takes longer to get as far as our first line.)"""
    project = copy_project(template, tmp_path / "p.annotator")
    earliest = max(0.1, 2 * bare_start_seconds())
    rng = random.Random(7)
    for _ in range(12):
        child = subprocess.Popen([sys.executable, "-m", "annotator", "stats", str(project)], cwd=REPO,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(earliest + rng.uniform(0, 0.4))
        child.send_signal(signal.SIGINT)
        output = child.communicate(timeout=60)[0]
        assert "Traceback" not in output and "E999" not in output, output
        # 130: stopped; 1: click's "Aborted!" between parsing and the command; -SIGINT: in
        # the interpreter's own start or shutdown; 0: done before the signal came
        assert child.returncode in (0, 1, 130, -signal.SIGINT), (child.returncode, output)
    assert not integrity_problems(project)


def bare_start_seconds() -> float:
    """How long the interpreter takes, now, to start and load what our first line needs (the
    slowest of three: the machine's load is what this measures)."""
    def once() -> float:
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import os, signal"], check=True, timeout=60)
        return time.perf_counter() - began
    return max(once() for _ in range(3))


def test_importing_the_command_line_leaves_ctrl_c_as_it_was():
    """In a process of its own whose Ctrl+C is the default (a test run started in the
    background inherits an ignored one, which Python keeps)."""
    check = ("import signal, annotator.cli; "
             "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler")
    done = subprocess.run([sys.executable, "-c", check], cwd=REPO, capture_output=True,
                          text=True, timeout=60,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------- someone else's SQLite file
FOREIGN = [(command, kind) for kind in ("another program's", "empty", "0 bytes")
           for command in (["stats"], ["docs"], ["import", "{DOCS}"], ["settings"])
           if (kind, command[0]) != ("0 bytes", "import")]  # that makes it a new project


@pytest.mark.parametrize("command, kind", FOREIGN)
def test_an_sqlite_file_that_is_not_a_project_is_refused_unchanged(tmp_path, command, kind):
    """`stats places.sqlite` used to switch the file to WAL, write our tables into it (with a
    backup beside it), then end in E999 for want of a scheme. (An import into a 0-byte file
    makes it a project, as a file a save dialog created should.)"""
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        if kind == "empty":
            conn.execute("PRAGMA user_version = 1")  # a file of one page, no table
        elif kind == "0 bytes":
            pass
        else:
            conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
            conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.close()
    before = other.read_bytes()
    docs = write_jsonl(tmp_path / "docs.jsonl", ["The minister reaffirmed the commitment."])
    code, output = run(command[0], other, *(a.format(DOCS=docs) for a in command[1:]))
    assert_coded_refusal(code, output, "E227")
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.jsonl", "other.sqlite"]
