"""The code layout rules hold for every module, including imports inside functions.

Layers, lowest first (a module imports its own package and lower layers only):
  0  core, and the package's own leaf modules (`annotator/__init__`, userconfig, crashlog)
  1  store, nlp, formats, review
  2  project (the facade)
  3  hub (sync with a team hub: drives a `Project`), samples (builds the sample project)
  4  cli, gui (the two faces), launch (the command line opening the window)
  5  __main__
Only `gui` imports Qt; `core` imports only the standard library; only `store` imports
sqlite-utils at run time (`annotator.store` hides numpy from it first: see its docstring).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "annotator"
LAYER = {
    "annotator": 0, "core": 0, "userconfig": 0, "crashlog": 0,
    "store": 1, "nlp": 1, "formats": 1, "review": 1,
    "project": 2,
    "hub": 3, "samples": 3,
    "cli": 4, "gui": 4, "launch": 4,
    "__main__": 5,
}
MAX_LINES = 500
# tomli is the standard library's tomllib for Python 3.10 (imported only there).
STDLIB_BACKPORTS = {"tomli"}


def part_of(path: Path) -> str:
    """'core' for annotator/core/x.py, 'crashlog' for annotator/crashlog.py."""
    rel = path.relative_to(PACKAGE)
    if len(rel.parts) > 1:
        return rel.parts[0]
    return "annotator" if rel.stem == "__init__" else rel.stem


def imports(path: Path, source: str | None = None) -> Iterator[tuple[str, int, bool]]:
    """(module imported, line, whether only for type checking) for every import of the module
    at `path` (its text read from there unless given)."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(inner) for child in node.body for inner in ast.walk(child))
    package = path.relative_to(REPO).with_suffix("").parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            names = [".".join(x for x in (base, node.module) if x)]
        else:
            continue
        for name in names:
            yield name, node.lineno, id(node) in typing_only


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(REPO)}:{line}"


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {part_of(path) for path in modules()}
    assert parts <= set(LAYER), f"give {sorted(parts - set(LAYER))} a layer in LAYER"


def test_no_module_imports_a_higher_layer() -> None:
    wrong = []
    for path in modules():
        mine = part_of(path)
        for name, line, _ in imports(path):
            if name == "annotator" or name.startswith("annotator."):
                theirs = name.split(".")[1] if "." in name else "annotator"
                if LAYER.get(theirs, 0) > LAYER[mine]:
                    wrong.append(f"{where(path, line)} ({mine}) imports {name}")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_only_the_gui_imports_qt() -> None:
    wrong = [f"{where(path, line)} imports {name}" for path in modules()
             if part_of(path) != "gui" for name, line, _ in imports(path)
             if name.split(".")[0] in ("PySide6", "shiboken6")]
    assert not wrong, "\n".join(wrong)


def test_core_imports_only_the_standard_library() -> None:
    wrong = []
    for path in (PACKAGE / "core").rglob("*.py"):
        for name, line, _ in imports(path):
            top = name.split(".")[0]
            if top == "annotator":
                if not (name == "annotator.core" or name.startswith("annotator.core.")):
                    wrong.append(f"{where(path, line)} imports {name}")
            elif top not in sys.stdlib_module_names and top not in STDLIB_BACKPORTS:
                wrong.append(f"{where(path, line)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_only_the_store_imports_sqlite_utils_at_run_time() -> None:
    wrong = [f"{where(path, line)} imports {name}; use annotator.store.database" for path in
             modules() if part_of(path) != "store" for name, line, typing in imports(path)
             if name.split(".")[0] == "sqlite_utils" and not typing]
    assert not wrong, "\n".join(wrong)


def test_modules_stay_small() -> None:
    """Small modules with one job: split a module before it passes the limit."""
    big = [f"{path.relative_to(REPO)}: {n} lines"
           for folder in (PACKAGE, REPO / "tests") for path in sorted(folder.rglob("*.py"))
           if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not big, f"modules over {MAX_LINES} lines:\n" + "\n".join(big)


def test_the_import_reader_sees_relative_lazy_and_typing_only_imports() -> None:
    module = PACKAGE / "store" / "example.py"  # never written: only its place in the package
    source = ("from typing import TYPE_CHECKING\nfrom . import events\nfrom ..core import errors\n"
              "if TYPE_CHECKING:\n    from sqlite_utils import Database\n"
              "def f():\n    import PySide6.QtCore\n")
    found = list(imports(module, source))
    assert ("annotator.store", 2, False) in found and ("annotator.core", 3, False) in found
    assert ("sqlite_utils", 5, True) in found and ("PySide6.QtCore", 7, False) in found
