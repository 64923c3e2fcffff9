"""Where the shipped resources live.

In a wheel they are copied into the package (`annotator/resources`); in a source checkout or
an editable install they sit at the repository's top level. One lookup serves both.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def resources_dir() -> Path:
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if (candidate / "schemes").is_dir():
            return candidate
    raise FileNotFoundError("the resources folder of Stance Annotator is missing")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def default_scheme_text() -> str:
    return resource("schemes", "default.toml").read_text(encoding="utf-8")

