"""The hub tests run against a real PostgreSQL server started once for the session; where
none can be started they are skipped with one line saying why."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.hub.server import Server  # imports no psycopg at the top

_numbers = itertools.count(1)

try:  # the test extra installs it; a bare install still runs the rest of the suite
    import psycopg  # noqa: F401
except ImportError:
    collect_ignore_glob = ["test_hub_*.py"]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    pytest.importorskip("psycopg", reason="hub tests need psycopg (pip install '.[hub]')")
    try:
        server = Server.start()
    except RuntimeError as exc:
        pytest.skip(f"hub tests skipped: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def hub_db(pg_server: Server) -> str:
    """The admin's address of a fresh, empty database."""
    return pg_server.create_database(f"hub{next(_numbers)}")
