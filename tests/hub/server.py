"""A throwaway PostgreSQL server for tests and benchmarks: the system's initdb/pg_ctl on a
unix socket in a temporary folder, trust authentication, no TCP. PostgreSQL refuses to run as
root, so as root the server runs as the `postgres` user (the folder is handed to it)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

SEARCH = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
          "/usr/lib/postgresql/15/bin", "/usr/local/pgsql/bin")
ADMIN = "hubadmin"


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in SEARCH:
        if Path(folder, name).exists():
            return str(Path(folder, name))
    return None


class Server:
    """Start with `Server.start()`; `url(db, user)` gives a libpq address."""

    def __init__(self, base: Path, pg_ctl: str, prefix: list[str]) -> None:
        self.base = base
        self.data = base / "data"
        self.socket = base / "sock"
        self.pg_ctl = pg_ctl
        self.prefix = prefix

    @classmethod
    def start(cls) -> Server:
        initdb, pg_ctl = _tool("initdb"), _tool("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
        base = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
        prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(base)
                raise RuntimeError("running as root and there is no `postgres` user") from None
            os.chown(base, user.pw_uid, user.pw_gid)
            prefix = ["runuser", "-u", "postgres", "--"]
        server = cls(base, pg_ctl, prefix)
        try:
            server.run([initdb, "-D", str(server.data), "-U", ADMIN, "-A", "trust", "-E", "UTF8",
                        "--locale=C", "--no-sync"])
            server.run(["mkdir", "-p", str(server.socket)])
            server.up()
        except (OSError, subprocess.CalledProcessError) as exc:
            shutil.rmtree(base, ignore_errors=True)
            detail = getattr(exc, "stderr", b"") or b""
            raise RuntimeError(f"cannot start PostgreSQL ({exc}; {detail.decode()[-300:]})") from exc
        return server

    def run(self, command: list[str]) -> None:
        subprocess.run([*self.prefix, *command], check=True, capture_output=True, timeout=120)

    def up(self) -> None:
        # fsync off: a killed server keeps every commit (the OS has it); only a power cut
        # would not, and tests have none
        options = f"-k {self.socket} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        self.run([self.pg_ctl, "-D", str(self.data), "-o", options, "-l",
                  str(self.base / "log"), "-w", "start"])

    def down(self, mode: str = "fast") -> None:
        self.run([self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop"])

    def stop(self) -> None:
        try:
            self.down("immediate")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def url(self, dbname: str = "postgres", user: str = ADMIN) -> str:
        return f"host={self.socket} dbname={dbname} user={user}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
