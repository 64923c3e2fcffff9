"""The hub's schema: numbered migrations, applied in order, each in its own transaction.

Like the project file's migrations (`store/migrations.py`): never edit a released one, add
the next. `hub.schema_migrations` records what has run; PostgreSQL runs DDL inside a
transaction, so a migration that fails leaves the hub at the version before it. An advisory
lock keeps two administrators from migrating at once. A hub newer than this program is
refused (E964) rather than written with old rules.

What guards the data is in here too: row-level security on `hub.events` lets a member insert
only events of their own layer (or `gold`, if a reviewer), from a clone of their own, under
their own role; members never get UPDATE or DELETE. The per-layer state tables are written
only by a trigger that runs as the hub's owner.
"""

from __future__ import annotations

from typing import Any

from annotator.hub.connection import HubError

LOCK_KEY = 0x5354_414E_4345  # advisory lock for migrations ("STANCE")
PUSH_LOCK_KEY = 0x5354_414E_4346  # pushes take it: events become visible in `seq` order

M0001 = """
CREATE TABLE hub.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE hub.documents (
    uid text PRIMARY KEY, position bigint NOT NULL UNIQUE, title text, source text, url text,
    published text, text text NOT NULL, meta text, origin text);
CREATE TABLE hub.project_parts (part text PRIMARY KEY, data text NOT NULL);
CREATE TABLE hub.members (
    role name PRIMARY KEY, annotator text NOT NULL UNIQUE, reviewer boolean NOT NULL DEFAULT false,
    added_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE hub.assignments (
    doc_uid text NOT NULL REFERENCES hub.documents (uid), annotator text NOT NULL,
    round integer NOT NULL, assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (doc_uid, annotator));
CREATE INDEX assignments_annotator ON hub.assignments (annotator);
CREATE TABLE hub.clones (
    clone text PRIMARY KEY, role name NOT NULL DEFAULT current_user, annotator text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE hub.events (
    seq bigserial PRIMARY KEY, clone text NOT NULL REFERENCES hub.clones (clone),
    origin_id bigint NOT NULL, role name NOT NULL DEFAULT current_user, layer text NOT NULL,
    who text NOT NULL, ts text NOT NULL, op text NOT NULL, entity text NOT NULL,
    entity_id text NOT NULL, doc_uid text NOT NULL REFERENCES hub.documents (uid),
    before text, after text, pushed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (clone, origin_id));
CREATE INDEX events_entity ON hub.events (entity_id);
CREATE INDEX events_doc ON hub.events (doc_uid);

ALTER TABLE hub.clones ENABLE ROW LEVEL SECURITY;
CREATE POLICY clones_read ON hub.clones FOR SELECT USING (true);
CREATE POLICY clones_own ON hub.clones FOR INSERT WITH CHECK (
    role = current_user
    AND EXISTS (SELECT 1 FROM hub.members m WHERE m.role = current_user
                AND m.annotator = clones.annotator));
ALTER TABLE hub.events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_read ON hub.events FOR SELECT USING (true);
CREATE POLICY events_own_layer ON hub.events FOR INSERT WITH CHECK (
    role = current_user
    AND EXISTS (SELECT 1 FROM hub.clones c WHERE c.clone = events.clone AND c.role = current_user)
    AND EXISTS (SELECT 1 FROM hub.members m WHERE m.role = current_user
                AND (m.annotator = events.layer OR (events.layer = 'gold' AND m.reviewer))));
"""

# The current state of every layer, kept from the events so that `hub status` reads a few
# indexed tables instead of replaying the log. These statements fold events ({rows}) into
# the state tables, the latest event of each row winning: the trigger runs them on each
# insert's new rows, migration 0002 once on the events a version-1 hub already holds.
STATE_SQL = """
    INSERT INTO hub.annotations AS a (id, doc_uid, layer, kind, label, start, "end", deleted,
                                      state, seq)
    SELECT DISTINCT ON (e.entity_id) e.entity_id, e.doc_uid, e.layer, s->>'kind', s->>'label',
           (s->>'start')::integer, (s->>'end')::integer, s->>'deleted_at' IS NOT NULL,
           e.after, e.seq
    FROM {rows} e, LATERAL (SELECT e.after::jsonb AS s) j
    WHERE e.entity = 'annotation' AND e.after IS NOT NULL
    ORDER BY e.entity_id, e.seq DESC
    ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, label = EXCLUDED.label,
        start = EXCLUDED.start, "end" = EXCLUDED."end", deleted = EXCLUDED.deleted,
        state = EXCLUDED.state, seq = EXCLUDED.seq
    WHERE a.seq < EXCLUDED.seq;

    DELETE FROM hub.doc_status d USING (
        SELECT DISTINCT ON (doc_uid, layer) doc_uid, layer, after FROM {rows}
        WHERE entity = 'doc_status' ORDER BY doc_uid, layer, seq DESC) e
    WHERE e.after IS NULL AND d.doc_uid = e.doc_uid AND d.layer = e.layer;
    INSERT INTO hub.doc_status AS d (doc_uid, layer, status, seconds, updated_at, seq)
    SELECT doc_uid, layer, s->>'status', (s->>'seconds')::double precision, s->>'updated_at', seq
    FROM (SELECT DISTINCT ON (doc_uid, layer) doc_uid, layer, after::jsonb AS s, seq
          FROM {rows} WHERE entity = 'doc_status' ORDER BY doc_uid, layer, seq DESC) e
    WHERE s IS NOT NULL
    ON CONFLICT (doc_uid, layer) DO UPDATE SET status = EXCLUDED.status,
        seconds = EXCLUDED.seconds, updated_at = EXCLUDED.updated_at, seq = EXCLUDED.seq
    WHERE d.seq < EXCLUDED.seq;

    DELETE FROM hub.doc_labels d USING (
        SELECT DISTINCT ON (entity_id) doc_uid, layer, entity_id::jsonb->>2 AS name, after
        FROM {rows} WHERE entity = 'doc_label' ORDER BY entity_id, seq DESC) e
    WHERE e.after IS NULL AND d.doc_uid = e.doc_uid AND d.layer = e.layer AND d.name = e.name;
    INSERT INTO hub.doc_labels AS d (doc_uid, layer, name, value, updated_at, seq)
    SELECT doc_uid, layer, name, s->>'value', s->>'updated_at', seq
    FROM (SELECT DISTINCT ON (entity_id) doc_uid, layer, entity_id::jsonb->>2 AS name,
                 after::jsonb AS s, seq
          FROM {rows} WHERE entity = 'doc_label' ORDER BY entity_id, seq DESC) e
    WHERE s IS NOT NULL
    ON CONFLICT (doc_uid, layer, name) DO UPDATE SET value = EXCLUDED.value,
        updated_at = EXCLUDED.updated_at, seq = EXCLUDED.seq
    WHERE d.seq < EXCLUDED.seq;
"""

M0002 = """
CREATE TABLE hub.annotations (
    id text PRIMARY KEY, doc_uid text NOT NULL, layer text NOT NULL, kind text, label text,
    start integer, "end" integer, deleted boolean NOT NULL, state text NOT NULL,
    seq bigint NOT NULL);
CREATE INDEX annotations_doc_layer ON hub.annotations (doc_uid, layer);
CREATE TABLE hub.doc_status (
    doc_uid text NOT NULL, layer text NOT NULL, status text NOT NULL,
    seconds double precision, updated_at text, seq bigint NOT NULL,
    PRIMARY KEY (doc_uid, layer));
CREATE INDEX doc_status_layer ON hub.doc_status (layer, status);
CREATE TABLE hub.doc_labels (
    doc_uid text NOT NULL, layer text NOT NULL, name text NOT NULL, value text,
    updated_at text, seq bigint NOT NULL, PRIMARY KEY (doc_uid, layer, name));

CREATE FUNCTION hub.apply_events() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = hub, pg_catalog AS $$
BEGIN
""" + STATE_SQL.format(rows="new_rows") + """
    RETURN NULL;
END $$;
CREATE TRIGGER events_state AFTER INSERT ON hub.events REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hub.apply_events();
""" + STATE_SQL.format(rows="hub.events")  # a version-1 hub's events, folded once

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "events, documents, assignments, row-level security", M0001),
    (2, "per-layer state tables kept by a trigger", M0002),
]
LATEST = MIGRATIONS[-1][0]


def version(conn: Any) -> int | None:
    """The hub's schema version; None where the database holds no hub."""
    import psycopg

    try:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass('hub.schema_migrations')")
            if cur.fetchone()[0] is None:
                conn.rollback()
                return None
            cur.execute("SELECT COALESCE(MAX(version), 0) FROM hub.schema_migrations")
            found = int(cur.fetchone()[0])
    except psycopg.errors.InsufficientPrivilege:
        conn.rollback()
        with conn.cursor() as cur:
            cur.execute("SELECT current_user")
            role = cur.fetchone()[0]
        conn.rollback()
        raise HubError(f"the role {role!r} is not a member of this hub", code="E971",
                       hint="Ask the hub's administrator to run"
                            f" `annotator hub member URL {role} --annotator NAME`.") from None
    conn.rollback()
    return found


def require_current(conn: Any) -> int:
    """The version, checked: a hub, and one this program knows (E964/E965)."""
    found = version(conn)
    if found is None or found == 0:
        raise HubError("this database holds no hub", code="E965",
                       hint="Create it with `annotator hub init URL PROJECT`.")
    if found > LATEST:
        raise HubError(f"the hub's schema is version {found}, newer than this program knows"
                       f" ({LATEST})", code="E964",
                       hint="Update Stance Annotator; nothing was changed.")
    if found < LATEST:
        raise HubError(f"the hub's schema is version {found}; this program needs {LATEST}",
                       code="E966", hint="Its administrator upgrades it with"
                                         " `annotator hub upgrade URL` (back it up first).")
    return found


def migrate(conn: Any, *, to: int | None = None) -> list[int]:
    """Bring the hub's schema to `to` (default: the latest); returns the versions applied."""
    target = LATEST if to is None else to
    applied: list[int] = []
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cur.execute("CREATE SCHEMA IF NOT EXISTS hub")
        cur.execute("CREATE TABLE IF NOT EXISTS hub.schema_migrations (version integer PRIMARY"
                    " KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        cur.execute("SELECT COALESCE(MAX(version), 0) FROM hub.schema_migrations")
        current = int(cur.fetchone()[0])
        if current > LATEST:
            raise HubError(f"the hub's schema is version {current}, newer than this program"
                           f" knows ({LATEST})", code="E964",
                           hint="Update Stance Annotator; nothing was changed.")
        for number, name, sql in MIGRATIONS:
            if current < number <= target:
                with conn.transaction():  # a savepoint: all of one migration or none
                    cur.execute(sql)
                    cur.execute("INSERT INTO hub.schema_migrations (version, name)"
                                " VALUES (%s, %s)", [number, name])
                applied.append(number)
        if applied and current:  # tables a migration added: the members may read them too
            cur.execute("SELECT role FROM hub.members")
            for (role,) in cur.fetchall():
                grant_member(cur, role)
    return applied


def grant_member(cur: Any, role: str) -> None:
    """What a member may do: read the hub, add events and register their clones (row-level
    security decides which rows); nothing else."""
    from psycopg import sql

    ident = sql.Identifier(role)
    cur.execute(sql.SQL("GRANT USAGE ON SCHEMA hub TO {}").format(ident))
    cur.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA hub TO {}").format(ident))
    cur.execute(sql.SQL("GRANT INSERT ON hub.events, hub.clones TO {}").format(ident))
    cur.execute(sql.SQL("GRANT USAGE ON SEQUENCE hub.events_seq_seq TO {}").format(ident))

