"""Fixtures of the pre-highlighting tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def slots(project):
    """(holder, target) of every sentence of a text, each drawn as a statement."""
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())

    def run(text: str) -> list[tuple[str | None, str | None]]:
        return [(s.attrs.get("holder"), s.attrs.get("target")) for s in suggester.one(text)
                if s.kind == "STATEMENT"]
    return run
