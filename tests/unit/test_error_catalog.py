"""docs/errors.md lists exactly the codes the program raises, so the catalog stays true.

A code is any string in `annotator/` that is a code (`code="E204"`, `BAD_DATE = "W311"`) or
starts a message with one (`"[E208] a number given..."`). Docstrings and comments are prose
(they mention ranges such as "E960-E989") and are not read.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "docs" / "errors.md"
CODE = re.compile(r"^([EW]\d{3})$")
IN_MESSAGE = re.compile(r"\[([EW]\d{3})\]")
ROW = re.compile(r"^\| `([EW]\d{3})` \|(.*)$")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            found.add(id(body[0].value))
    return found


def codes_in(source: str) -> Iterator[str]:
    tree = ast.parse(source)
    prose = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            yield from CODE.findall(node.value)
            yield from IN_MESSAGE.findall(node.value)


def source_codes() -> dict[str, list[str]]:
    """Each code raised in `annotator/`, with the files that raise it."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "annotator").rglob("*.py")):
        for code in set(codes_in(path.read_text(encoding="utf-8"))):
            found.setdefault(code, []).append(str(path.relative_to(REPO)))
    return found


def catalog_rows() -> list[tuple[str, list[str]]]:
    rows = []
    for line in CATALOG.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", match.group(2))]
            rows.append((match.group(1), [c for c in cells if c]))
    return rows


def test_the_extractor_reads_codes_not_prose() -> None:
    source = '''
"""Module prose naming E111 and a range E960-E989."""
class Failure(Exception):
    """Raised as E112."""
    code = "E201"
def f():
    raise Failure("x", code="E204")
MESSAGE = f"[E208] too large: {1}"
WARNING = "W311"
NOT_A_CODE = "E2040 and see E205"
'''
    assert sorted(codes_in(source)) == ["E201", "E204", "E208", "W311"]


def test_every_code_raised_is_in_the_catalog() -> None:
    listed = {code for code, _ in catalog_rows()}
    missing = {code: files for code, files in source_codes().items() if code not in listed}
    assert not missing, (
        f"codes raised but not in docs/errors.md: {missing}; add a row to the table of their"
        " area saying what each means and what to do")


def test_the_catalog_lists_no_code_that_is_gone() -> None:
    raised = source_codes()
    gone = [code for code, _ in catalog_rows() if code not in raised]
    assert not gone, f"docs/errors.md lists codes nothing raises any more: {gone}; remove them"


def test_each_code_is_listed_once_with_meaning_and_remedy() -> None:
    rows = catalog_rows()
    codes = [code for code, _ in rows]
    assert len(codes) == len(set(codes)), "a code is listed twice in docs/errors.md"
    for code, cells in rows:
        assert len(cells) == 2, f"{code}: a row has what it means and what to do, got {cells}"


def test_the_readme_links_the_catalog() -> None:
    assert "docs/errors.md" in (REPO / "README.md").read_text(encoding="utf-8")


def test_codes_named_in_the_other_docs_exist() -> None:
    """A README or docs page that cites a code the program no longer raises sends users astray."""
    raised = source_codes()
    stale = sorted({f"{path.relative_to(REPO)}: {code}"
                    for path in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
                    for code in re.findall(r"\b([EW]\d{3})\b", path.read_text(encoding="utf-8"))
                    if code not in raised})
    assert not stale, f"docs cite codes nothing raises: {stale}"
