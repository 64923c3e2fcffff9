"""`hub init`: publish a project's documents, scheme, actors and settings to a hub.

Run by the hub's administrator (the role that owns the database). Documents are keyed by
their uid, so publishing again adds only new documents (`hub assign` then hands them out)
and never changes one already there; the scheme, actors and settings are replaced by the
project's. One database holds one project's hub.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from annotator.hub.connection import HubError
from annotator.hub.schema import migrate
from annotator.project import Project

PARTS = {"actors": ("id", "name", "type", "country", "note"),
         "aliases": ("alias", "actor_id", "kind", "ambiguous"),
         "settings": ("key", "value")}
BATCH = 2000


@dataclass
class PublishReport:
    hub_id: str
    documents_added: int
    documents_total: int
    migrations: list[int]


def publish(conn: Any, project: Project) -> PublishReport:
    applied = migrate(conn)
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("LOCK TABLE hub.documents IN EXCLUSIVE MODE")
        cur.execute("SELECT key, value FROM hub.meta")
        meta = dict(cur.fetchall())
        hub_id = meta.get("hub_id") or str(uuid.uuid4())
        cur.executemany("INSERT INTO hub.meta (key, value) VALUES (%s, %s) ON CONFLICT (key)"
                        " DO UPDATE SET value = EXCLUDED.value",
                        [("hub_id", hub_id), ("project", project.name)])
        scheme = project.db.execute("SELECT toml FROM scheme WHERE id = 1").fetchone()[0]
        parts = {"scheme": scheme}
        for table, columns in PARTS.items():
            rows = project.db.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1, 2").fetchall()
            if table == "settings":  # the hub's own bookkeeping stays in each clone
                rows = [r for r in rows if not str(r[0]).startswith("hub.")]
            parts[table] = json.dumps([dict(zip(columns, row)) for row in rows],
                                      ensure_ascii=False)
        cur.executemany("INSERT INTO hub.project_parts (part, data) VALUES (%s, %s)"
                        " ON CONFLICT (part) DO UPDATE SET data = EXCLUDED.data",
                        list(parts.items()))
        cur.execute("SELECT COALESCE(MAX(position), 0) FROM hub.documents")
        position = int(cur.fetchone()[0])
        added = 0
        last_id = 0
        columns = "uid, title, source, url, published, text, meta, origin"
        while True:
            rows = project.db.execute(
                f"SELECT id, {columns} FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                [last_id, BATCH]).fetchall()
            if not rows:
                break
            last_id = rows[-1][0]
            cur.execute("SELECT uid FROM hub.documents WHERE uid = ANY(%b)",
                        [[row[1] for row in rows]])
            known = {r[0] for r in cur.fetchall()}
            new = [row[1:] for row in rows if row[1] not in known]
            with cur.copy(f"COPY hub.documents (position, {columns}) FROM STDIN") as copy:
                for row in new:
                    position += 1
                    copy.write_row((position, *row))
            added += len(new)
        cur.execute("SELECT count(*) FROM hub.documents")
        total = int(cur.fetchone()[0])
    return PublishReport(hub_id, added, total, applied)


def add_member(conn: Any, role: str, annotator: str, *, reviewer: bool = False) -> bool:
    """Let a PostgreSQL role work on the hub as `annotator` (a reviewer also writes gold).
    The role is created (NOLOGIN is not set: it may log in once its password is set by the
    administrator, e.g. `\\password ROLE` in psql) when it does not exist; returns whether it
    was created."""
    from psycopg import sql

    from annotator.hub.schema import grant_member

    if annotator == "gold":
        raise HubError("'gold' is the reviewers' layer, not an annotator's", code="E968",
                       hint="Give the reviewer their own name and --reviewer.")
    ident = sql.Identifier(role)
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        created = cur.fetchone() is None
        if created:
            cur.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
        grant_member(cur, role)
        cur.execute("INSERT INTO hub.members (role, annotator, reviewer) VALUES (%s, %s, %s)"
                    " ON CONFLICT (role) DO UPDATE SET annotator = EXCLUDED.annotator,"
                    " reviewer = EXCLUDED.reviewer", [role, annotator, reviewer])
    return created
