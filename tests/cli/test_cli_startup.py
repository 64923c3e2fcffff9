"""Light commands start fast because they import only what they use (issue: command start-up).

Timing is measured in bench/startup.py, not here; this holds the cause: which heavy packages a
light command loads. A module that starts importing spaCy, numpy, Qt or srsly at the top of a
module on the path of `show` fails this test instead of silently costing every call 0.1-0.5 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from annotator.cli import COMMAND_MODULES, LazyGroup, cli, register_module
from annotator.project import Project

HEAVY = ("spacy", "numpy", "PySide6", "trafilatura", "srsly", "krippendorff", "lxml", "thinc")

PROBE = """
import json, runpy, sys
watched = set(json.loads(sys.argv[2]))
sys.argv = ["annotator", *json.loads(sys.argv[1])]
try:
    runpy.run_module("annotator", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = sorted({m.split(".")[0] for m in sys.modules} & watched | set(sys.modules) & watched)
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def small_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "p.annotator"
    src = path.with_name("a.txt")
    src.write_text("Seoul and Washington reaffirmed their alliance.\n", encoding="utf-8")
    with Project.open(path, create=True) as project:
        project.import_paths([src])
        doc = project.documents()[0]
        project.set_status(doc.id, "done")
    return path


@pytest.mark.parametrize("argv", [
    ["show", "{p}", "1", "--json"], ["stats", "{p}"], ["docs", "{p}"], ["history", "{p}"],
])
def test_light_commands_import_no_heavy_package(small_project: Path, argv: list[str]) -> None:
    args = [a.replace("{p}", str(small_project)) for a in argv]
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)],
                          capture_output=True, text=True, timeout=120)
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result["code"] in (0, None), proc.stderr
    assert result["heavy"] == [], f"`annotator {argv[0]}` imported {result['heavy']}"


# What an import of a JSONL file needs no part of: spaCy and what only a DocBin reader or the
# pre-highlighting uses, the HTML extraction, Qt, agreement. srsly (and numpy, which srsly's
# msgpack part imports) stays: every JSON line is parsed by srsly's ujson, and srsly has no
# import path to it that skips its msgpack part.
NOT_FOR_JSONL = ("spacy", "thinc", "PySide6", "trafilatura", "lxml", "krippendorff",
                 "annotator.formats.docbin", "annotator.nlp")


def _doccano_file(folder: Path) -> Path:
    path = folder / "layer.jsonl"
    lines = [{"text": "Seoul and Washington reaffirmed their alliance.",
              "label": [[0, 5, "GPE"], [10, 20, "GPE"]]},
             {"text": "Tokyo said nothing.", "label": [[0, 5, "GPE"]]}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("argv", [
    ["import-layer", "{new}", "{file}", "--layer", "x"], ["import", "{new}", "{file}"],
])
def test_cold_import_of_jsonl_imports_only_what_jsonl_needs(tmp_path: Path,
                                                            argv: list[str]) -> None:
    """A cold `annotator import-layer NEW FILE` of 10,000 articles takes ~3 s of CPU, of
    which start-up is a sixth: it must not load what only other formats need."""
    source, new = _doccano_file(tmp_path), tmp_path / "new.annotator"
    args = [a.replace("{new}", str(new)).replace("{file}", str(source)) for a in argv]
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args),
                           json.dumps(NOT_FOR_JSONL)], capture_output=True, text=True, timeout=120)
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result["code"] in (0, None), proc.stderr
    assert new.exists()  # the records went in: the probe ran the whole command
    assert result["heavy"] == [], f"`annotator {argv[0]}` of a JSONL file imported {result['heavy']}"


NUMPY_PROBE = """
import json, os, runpy, sys
seen = {}
class Watch:  # notes the setting at the moment something first imports numpy
    def find_spec(self, name, path=None, target=None):
        if name == "numpy" and "at_numpy" not in seen:
            seen["at_numpy"] = os.environ.get("OPENBLAS_THREAD_TIMEOUT")
sys.meta_path.insert(0, Watch())
sys.argv = ["annotator", *json.loads(sys.argv[1])]
try:
    runpy.run_module("annotator", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(seen), file=sys.stderr)
"""


@pytest.mark.parametrize("own", [None, "20"])
def test_openblas_threads_sleep_when_idle_unless_the_user_says(tmp_path: Path,
                                                               own: str | None) -> None:
    """srsly loads numpy for a JSON file, and OpenBLAS's idle thread then spun for ~0.1 s of
    CPU; the command asks it to sleep before numpy loads, and a user's own value wins."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_THREAD_TIMEOUT"}
    if own is not None:
        env["OPENBLAS_THREAD_TIMEOUT"] = own
    args = ["import-layer", str(tmp_path / "new.annotator"), str(_doccano_file(tmp_path)),
            "--layer", "x"]
    proc = subprocess.run([sys.executable, "-c", NUMPY_PROBE, json.dumps(args)], env=env,
                          capture_output=True, text=True, timeout=120)
    seen = json.loads(proc.stderr.strip().splitlines()[-1])
    assert seen == {"at_numpy": own or "4"}, proc.stderr


def test_every_registered_command_is_in_the_lazy_table() -> None:
    """A command added to a module must be listed in COMMAND_MODULES, or `annotator NAME` would
    not find it; and every listed command must exist in the module the table names."""
    for module in sorted(set(COMMAND_MODULES.values())):
        group = LazyGroup()
        register_module(group, module)
        for name in group.commands:
            assert COMMAND_MODULES.get(name) == module, f"{name} (in cli/{module}.py) is not listed"
    for name, module in COMMAND_MODULES.items():
        group = LazyGroup()
        register_module(group, module)
        assert name in group.commands, f"{name} is not registered by cli/{module}.py"


def test_help_lists_every_command() -> None:
    ctx = click.Context(cli)
    assert set(COMMAND_MODULES) | {"gui"} <= set(cli.list_commands(ctx))


LAZY_REGEX_PROBE = """
import json, re, runpy, sys
sys.argv = ["annotator", *json.loads(sys.argv[1])]
try:
    runpy.run_module("annotator", run_name="__main__")
except SystemExit:
    pass
import sqlite_utils.db as db
pattern = db._virtual_table_using_re
compiled = isinstance(pattern, re.Pattern)
using = pattern.match("create virtual TABLE [t] USING fts5(a)").group("using")
print(json.dumps([compiled, using]), file=sys.stderr)
"""


def test_a_command_does_not_compile_sqlite_utils_virtual_table_regex(small_project: Path) -> None:
    """sqlite-utils compiled a case-insensitive pattern over U+0080-U+FFFF at import, 10 ms
    of every command's start-up for a method nothing here calls; it is compiled when first
    used, and then works as before."""
    proc = subprocess.run([sys.executable, "-c", LAZY_REGEX_PROBE,
                           json.dumps(["show", str(small_project), "1", "--json"])],
                          capture_output=True, text=True, timeout=120)
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == [False, "fts5"], proc.stderr
