"""Light commands start fast because they import only what they use (issue: command start-up).

Timing is measured in bench/startup.py, not here; this holds the cause: which heavy packages a
light command loads. A module that starts importing spaCy, numpy, Qt or srsly at the top of a
module on the path of `show` fails this test instead of silently costing every call 0.1-0.5 s.
"""

from __future__ import annotations

import json
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
heavy = sorted({m.split(".")[0] for m in sys.modules} & watched)
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
