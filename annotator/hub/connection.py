"""Opening the hub: a libpq address, never a password on the command line or in logs.

The address is whatever libpq understands (`postgresql://user@host/db` or
`host=... dbname=...`). A password inside it is refused: it would show in the shell's
history, in `ps` and in our logs. libpq reads `PGPASSWORD`, `~/.pgpass` or a service file by
itself; failing those, the CLI asks (the prompt is passed in as `ask_password`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.core.errors import AnnotatorError


class HubError(AnnotatorError):
    """Anything about the hub a user can meet (codes E960-E989)."""

    code = "E960"


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:  # an optional extra: the core application runs without it
        raise HubError("the team hub needs the PostgreSQL client library psycopg", code="E961",
                       hint="Install it with `pip install 'stance-annotator[hub]'`.") from exc
    return psycopg


def parse(url: str) -> dict[str, str]:
    """The address's parts as libpq reads them; refuses a password (E962)."""
    psycopg = _psycopg()
    try:
        parts = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise HubError(f"not a PostgreSQL address ({_first_line(exc)})", code="E963",
                       hint="Write it as postgresql://USER@HOST/DATABASE or"
                            " 'host=HOST dbname=DATABASE user=USER'.") from None
    if parts.get("password"):
        raise HubError("the hub address holds a password", code="E962",
                       hint="A password on the command line is seen by everyone on this"
                            " computer and kept in the shell's history. Leave it out: it is"
                            " read from PGPASSWORD or ~/.pgpass, or asked for.")
    return {k: str(v) for k, v in parts.items()}


def describe(url: str) -> str:
    """The address for messages and logs: host, port, database and user, nothing secret."""
    parts = parse(url)
    host = parts.get("host") or "localhost"
    where = f"{host}:{parts['port']}" if parts.get("port") else host
    user = f"{parts['user']}@" if parts.get("user") else ""
    return f"{user}{where}/{parts.get('dbname') or parts.get('user') or '?'}"


def connect(url: str, *, ask_password: Callable[[], str] | None = None,
            timeout: int = 10) -> Any:
    """An open psycopg connection (autocommit off). Unreachable or refused: HubError E960."""
    psycopg = _psycopg()
    parse(url)
    try:
        return psycopg.connect(url, connect_timeout=timeout)
    except psycopg.OperationalError as exc:
        message = str(exc)
        if ask_password is not None and ("password" in message and (
                "no password supplied" in message or "authentication failed" in message)):
            try:  # the password goes to libpq only, never into a message
                return psycopg.connect(url, password=ask_password(), connect_timeout=timeout)
            except psycopg.OperationalError as again:
                exc = again
        raise unreachable(url, exc) from None


def unreachable(url: str, exc: BaseException) -> HubError:
    return HubError(f"cannot reach the hub {describe(url)} ({_first_line(exc)})", code="E960",
                    hint="Nothing was lost: your work stays in the project file. Check the"
                         " network and the address, then sync again.")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
