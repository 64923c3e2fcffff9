"""Offline-first sync between a local project and the hub: push our events, pull the others'.

Push: the local events of our own layer (and `gold`, for a reviewer) that the hub does not
have yet go up in batches, each one transaction keyed by (clone, local event id), inserted
with ON CONFLICT DO NOTHING: a push cut off midway (network, server, client killed) is
resumed from what the hub says it holds, and nothing is stored twice. The hub checks every
row itself (row-level security, `schema.py`).

Pull: the others' events since our cursor (the hub's `seq`) are folded into the latest
state of each annotation, status and label, with the history of each annotation, and handed
to `Project.merge_bundle` — the very rules of `annotator merge`: new rows added, later
versions taken, ours kept where ours is later, both kept where both changed. The cursor
moves in the same SQLite transaction as the merge, so a pull cut off midway is simply done
again from the cursor, and merging twice changes nothing anyway.

Documents assigned to us that the project lacks (a new round of `hub assign`) come down
first, with the events the hub already holds about them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.models import DocumentDraft
from annotator.hub.connection import HubError, connect, describe, unreachable
from annotator.hub.publish import PARTS
from annotator.hub.schema import PUSH_LOCK_KEY, require_current
from annotator.project import Project
from annotator.store import documents as doc_store
from annotator.store.database import utcnow
from annotator.store.events import log_events
from annotator.store.merge_source import DOC_COLUMNS, SourceBundle, canonical
from annotator.store.source_checks import check_bundle

PUSH_BATCH = 5000  # local events read and sent per transaction
PULL_BATCH = 5000  # hub events read and merged per local transaction
SYNCED = ("annotation", "doc_status", "doc_label", "review_decision")
EVENT_COLUMNS = ("clone", "origin_id", "layer", "who", "ts", "op", "entity", "entity_id",
                 "doc_uid", "before", "after")
TYPES = ("text", "bigint", "text", "text", "text", "text", "text", "text", "text", "text", "text")


@dataclass
class Member:
    role: str
    annotator: str
    reviewer: bool

    @property
    def layers(self) -> set[str]:
        return {self.annotator, "gold"} if self.reviewer else {self.annotator}


@dataclass
class SyncReport:
    hub: str
    pushed: int = 0
    pulled: int = 0
    documents_added: int = 0
    added: int = 0
    updated: int = 0
    kept_ours: int = 0
    statuses: int = 0
    labels: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    synced_at: str = ""
    scheme_updated: bool = False

    def summary(self) -> str:
        return (f"{self.hub}: pushed {self.pushed} event(s), pulled {self.pulled};"
                f" {self.documents_added} document(s) added, {self.added} annotation(s) added,"
                f" {self.updated} updated, {self.kept_ours} newer here,"
                f" {len(self.conflicts)} conflict(s), {self.statuses} status and"
                f" {self.labels} label change(s)")


# ---------------------------------------------------------------- local bookkeeping
def _get(project: Project, key: str, default: Any = None) -> Any:
    return project.setting(f"hub.{key}", default)


def _put(project: Project, values: dict[str, Any]) -> None:
    """The sync's own cursors: bookkeeping, not the user's data, so not in the event log."""
    project.db.conn.executemany(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
        [(f"hub.{k}", json.dumps(v)) for k, v in values.items()])


def hub_of(project: Project) -> str | None:
    """The hub address a clone syncs with (None: not a clone)."""
    return _get(project, "url")


def last_synced(project: Project) -> str | None:
    return _get(project, "last_sync")


def source_name(hub_id: str) -> str:
    return f"hub:{hub_id}"


# ---------------------------------------------------------------- hub side
def member(conn: Any) -> Member:
    with conn.cursor() as cur:
        cur.execute("SELECT current_user, m.annotator, m.reviewer FROM (SELECT 1) one"
                    " LEFT JOIN hub.members m ON m.role = current_user")
        role, annotator, reviewer = cur.fetchone()
    conn.rollback()
    if annotator is None:
        raise HubError(f"the role {role!r} is not a member of this hub", code="E971",
                       hint="Ask the hub's administrator to run"
                            f" `annotator hub member URL {role} --annotator NAME`.")
    return Member(role, annotator, bool(reviewer))


def _hub_id(conn: Any) -> str:
    with conn.cursor() as cur:
        cur.execute("SELECT value FROM hub.meta WHERE key = 'hub_id'")
        row = cur.fetchone()
    conn.rollback()
    if row is None:
        raise HubError("this hub holds no project yet", code="E965",
                       hint="Publish one with `annotator hub init URL PROJECT`.")
    return str(row[0])


# ---------------------------------------------------------------- clone
def clone(url: str, out: Path, annotator: str, *,
          ask_password: Callable[[], str] | None = None) -> SyncReport:
    """A new local project holding `annotator`'s assignment (a reviewer: every document),
    with the hub's scheme, actors and settings, then synced."""
    conn = connect(url, ask_password=ask_password)
    try:
        require_current(conn)
        me = member(conn)
        if me.annotator != annotator:
            raise HubError(f"the role {me.role!r} works on this hub as {me.annotator!r},"
                           f" not {annotator!r}", code="E972",
                           hint=f"Clone with --annotator {me.annotator}, or connect as your"
                                " own role.")
        hub_id = _hub_id(conn)
        with conn.cursor() as cur:
            cur.execute("SELECT part, data FROM hub.project_parts")
            parts = dict(cur.fetchall())
        conn.rollback()
        project = Project.create(out, annotator=annotator, scheme_text=parts["scheme"])
        try:
            with project.db.atomic():
                _install_parts(project, parts)
                _put(project, {"url": url, "id": hub_id, "clone": str(uuid.uuid4()),
                               "annotator": annotator, "pulled": 0})
            return _sync(project, conn, url)
        finally:
            project.close()
    finally:
        conn.close()


def _install_parts(project: Project, parts: dict[str, str]) -> None:
    db = project.db
    db.execute("DELETE FROM aliases")
    db.execute("DELETE FROM actors")
    for table, columns in PARTS.items():
        rows = json.loads(parts.get(table) or "[]")
        if rows:
            db.conn.executemany(
                f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES"
                f" ({', '.join('?' * len(columns))})", [[r.get(c) for c in columns] for r in rows])


# ---------------------------------------------------------------- sync
def sync(project: Project, *, ask_password: Callable[[], str] | None = None,
         progress: Callable[[str, int], None] | None = None) -> SyncReport:
    """Push our new events and pull everyone else's (see the module's docstring)."""
    url = hub_of(project)
    if not url:
        raise HubError("this project is not a clone of a team hub", code="E973",
                       path=str(project.path),
                       hint="Make one with `annotator hub clone URL OUT --annotator NAME`.")
    conn = connect(url, ask_password=ask_password)
    try:
        return _sync(project, conn, url, progress)
    finally:
        conn.close()


def _sync(project: Project, conn: Any, url: str,
          progress: Callable[[str, int], None] | None = None) -> SyncReport:
    import psycopg

    report = SyncReport(hub=describe(url))
    try:
        require_current(conn)
        me = member(conn)
        if me.annotator != _get(project, "annotator"):
            raise HubError(f"this clone belongs to {_get(project, 'annotator')!r}, but the"
                           f" role {me.role!r} is {me.annotator!r} on the hub", code="E972")
        if _get(project, "id") != _hub_id(conn):
            raise HubError("this address leads to another hub than the one this project was"
                           " cloned from", code="E974", path=str(project.path))
        project.annotator = me.annotator
        clone_id = _get(project, "clone")
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("INSERT INTO hub.clones (clone, annotator) VALUES (%s, %s)"
                        " ON CONFLICT (clone) DO NOTHING", [clone_id, me.annotator])
        _take_scheme(conn, project, report)
        new_uids = _fetch_documents(conn, project, me, report)
        _push(conn, project, me, clone_id, report, progress)
        _pull(conn, project, clone_id, new_uids, report, progress)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise HubError(f"the hub refused the write ({str(exc).splitlines()[0]})", code="E975",
                       hint="Each member writes only their own layer (reviewers also gold);"
                            " nothing of the refused batch was stored.") from None
    except psycopg.OperationalError as exc:
        raise unreachable(url, exc) from None
    report.synced_at = utcnow()
    with project.db.atomic():
        _put(project, {"last_sync": report.synced_at})
    return report


def _take_scheme(conn: Any, project: Project, report: SyncReport) -> None:
    """The hub's scheme, when its administrator published a new one: others' annotations
    with a new label could not come in without it. A scheme that would strand work here
    (a label in use dropped) is not taken; the sync goes on and says so."""
    from annotator.core.errors import AnnotatorError

    with conn.cursor() as cur:
        cur.execute("SELECT data FROM hub.project_parts WHERE part = 'scheme'")
        row = cur.fetchone()
    conn.rollback()
    if row is None or row[0] == project.scheme.source:
        return
    try:
        project.set_scheme(row[0])
    except AnnotatorError as exc:
        report.problems.append(f"the hub's new scheme was not taken: {exc}")
        return
    report.scheme_updated = True


def _fetch_documents(conn: Any, project: Project, me: Member, report: SyncReport) -> list[str]:
    """Add the documents assigned to us (a reviewer: all) that the project lacks."""
    with conn.cursor() as cur:
        if me.reviewer:
            cur.execute("SELECT uid FROM hub.documents ORDER BY position")
        else:
            cur.execute("SELECT d.uid FROM hub.assignments a JOIN hub.documents d"
                        " ON d.uid = a.doc_uid WHERE a.annotator = %s ORDER BY d.position",
                        [me.annotator])
        wanted = [row[0] for row in cur.fetchall()]
        local = {row[0] for row in project.db.execute("SELECT uid FROM documents")}
        missing = [uid for uid in wanted if uid not in local]
        for start in range(0, len(missing), PULL_BATCH):
            chunk = missing[start : start + PULL_BATCH]
            cur.execute("SELECT uid, title, source, url, published, text, meta, origin"
                        " FROM hub.documents WHERE uid = ANY(%b) ORDER BY position", [chunk])
            rows = cur.fetchall()
            drafts = [DocumentDraft(text=r[5], title=r[1], source=r[2], url=r[3],
                                    published=r[4], meta=json.loads(r[6] or "{}"),
                                    origin=r[7]) for r in rows]
            with project.db.atomic():
                ids, _ = doc_store.insert_drafts(project.db, drafts, [r[0] for r in rows])
                log_events(project.db, project.annotator, [
                    ("sync", "document", str(doc_id), doc_id, None, {"uid": r[0], "title": r[1]},
                     source_name(_get(project, "id"))) for r, doc_id in zip(rows, ids)])
            report.documents_added += len(ids)
    conn.rollback()
    return missing


# ---------------------------------------------------------------- push
def _push(conn: Any, project: Project, me: Member, clone_id: str, report: SyncReport,
          progress: Callable[[str, int], None] | None) -> None:
    with conn.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(origin_id), -1) FROM hub.events WHERE clone = %s",
                    [clone_id])
        on_hub = int(cur.fetchone()[0])
    conn.rollback()
    # where to start is the hub's word alone: an event the hub lost (a restore from backup)
    # is sent again; the last one it has is sent again too, and must match (`push_rows`)
    scan = max(on_hub // 2 - 1, 0)
    ours = source_name(_get(project, "id"))
    marks = ",".join("?" * len(SYNCED))
    uid_of: dict[int, str] = {}
    while True:
        events = project.db.execute(
            f"SELECT id, ts, who, op, entity, entity_id, doc_id, before, after, source FROM events"
            f" WHERE id > ? AND entity IN ({marks}) ORDER BY id LIMIT ?",
            [scan, *SYNCED, PUSH_BATCH]).fetchall()
        if not events:
            return
        need = {e[6] for e in events if e[6] is not None and e[6] not in uid_of}
        _uids(project, need, uid_of)
        rows = [row for event in events if event[9] != ours
                for row in _hub_rows(event, uid_of, clone_id) if row[2] in me.layers]
        if rows:
            report.pushed += push_rows(conn, rows)
        scan = events[-1][0]
        if progress:
            progress("push", report.pushed)


def push_rows(conn: Any, rows: Sequence[tuple[Any, ...]]) -> int:
    """One transaction: the rows (EVENT_COLUMNS) not yet on the hub, in `seq` order. A row
    the hub holds already must be the same event (a push resumed); a different one means this
    project file is a copy of another clone, whose events would be lost: refused (E976)."""
    columns = list(zip(*rows))
    unnest = ", ".join(f"%b::{t}[]" for t in TYPES)  # binary: text arrays quoted by regex
    # took two thirds of a push
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [PUSH_LOCK_KEY])
        cur.execute(f"INSERT INTO hub.events ({', '.join(EVENT_COLUMNS)})"
                    f" SELECT * FROM unnest({unnest}) ON CONFLICT (clone, origin_id) DO NOTHING"
                    f" RETURNING origin_id", [list(c) for c in columns])
        stored = {row[0] for row in cur.fetchall()}
        known = [row for row in rows if row[1] not in stored]
        if known:
            cur.execute("SELECT origin_id, entity_id, after FROM hub.events WHERE clone = %s"
                        " AND origin_id = ANY(%b)", [known[0][0], [row[1] for row in known]])
            held = {origin: (entity_id, after) for origin, entity_id, after in cur.fetchall()}
            if any(held.get(row[1]) != (row[7], row[10]) for row in known):
                raise HubError("this project file is a copy of another clone of the hub: its"
                               " events would be mistaken for the other's", code="E976",
                               hint="Nothing of this batch was stored. Keep working in one"
                                    " copy, or make a fresh clone with `annotator hub clone`.")
    return len(stored)


def _uids(project: Project, doc_ids: set[int], uid_of: dict[int, str]) -> None:
    ordered = sorted(doc_ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        uid_of.update(project.db.execute(
            f"SELECT id, uid FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
            chunk).fetchall())


def _hub_rows(event: tuple[Any, ...], uid_of: dict[int, str],
              clone_id: str) -> list[tuple[Any, ...]]:
    """A local event as hub rows: document ids become uids; a review decision becomes the
    write of the gold annotation it made (or took back). Two rows at most per event, so
    origin ids are 2 * event id (+ 1)."""
    event_id, ts, who, op, entity, entity_id, doc_id, before, after, _ = event
    uid = uid_of.get(doc_id)
    if uid is None:
        return []
    origin = 2 * event_id

    def row(layer: str, kind: str, key: str, old: str | None, new: str | None,
            n: int = 0) -> tuple[Any, ...]:
        return (clone_id, origin + n, layer, who, ts, op, kind, key, uid, old, new)

    if entity == "annotation":
        state = json.loads(after or before)
        return [row(state["layer"], entity, entity_id, before, after)]
    if entity in ("doc_status", "doc_label"):
        key = json.loads(entity_id)
        return [row(key[1], entity, json.dumps([uid, *key[1:]], ensure_ascii=False), before,
                    after)]
    old = (json.loads(before) or {}).get("gold") if before else None
    new = (json.loads(after) or {}).get("gold") if after else None
    rows = []
    if old and (new is None or new["id"] != old["id"]):  # the decision took it back
        gone = dict(old, deleted_at=ts)
        rows.append(row("gold", "annotation", old["id"], _dump(old), _dump(gone)))
    if new and (old is None or not _same(old, new)):
        rows.append(row("gold", "annotation", new["id"], _dump(old) if old and
                        old["id"] == new["id"] else None, _dump(dict(new, deleted_at=None)),
                        len(rows)))
    return rows


def _dump(state: dict[str, Any]) -> str:
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return canonical(a) == canonical(b)


# ---------------------------------------------------------------- pull
def _pull(conn: Any, project: Project, clone_id: str, new_uids: list[str], report: SyncReport,
          progress: Callable[[str, int], None] | None) -> None:
    cursor = int(_get(project, "pulled", 0))
    last = _get(project, "pulled_event")  # [clone, origin id] of the event at the cursor
    if cursor and last:
        with conn.cursor() as cur:
            cur.execute("SELECT clone, origin_id FROM hub.events WHERE seq = %s", [cursor])
            found = cur.fetchone()
        conn.rollback()
        if found is None or list(found) != last:  # the hub was restored from an older
            cursor, new_uids = 0, []  # backup: pull it all again (merging is idempotent)
    base = ("SELECT seq, layer, entity, entity_id, doc_uid, after, clone, origin_id"
            " FROM hub.events"
            " WHERE clone <> %s AND after IS NOT NULL")
    if new_uids and cursor:  # what the hub already held about documents new to us
        with conn.cursor() as cur:
            cur.execute(base + " AND doc_uid = ANY(%b) AND seq <= %s ORDER BY seq",
                        [clone_id, new_uids, cursor])
            rows = cur.fetchall()
        conn.rollback()
        if rows:
            _merge(conn, project, clone_id, rows, cursor, report)
    while True:
        with conn.cursor() as cur:
            cur.execute(base + " AND seq > %s ORDER BY seq LIMIT %s",
                        [clone_id, cursor, PULL_BATCH])
            rows = cur.fetchall()
        conn.rollback()
        if not rows:
            return
        cursor = rows[-1][0]
        _merge(conn, project, clone_id, rows, cursor, report)
        if progress:
            progress("pull", report.pulled)


def _merge(conn: Any, project: Project, clone_id: str, rows: list[tuple[Any, ...]],
           cursor: int, report: SyncReport) -> None:
    """Fold hub events into a bundle and merge it; the cursor moves with the merge. The
    source's history is the others' (not what this clone pushed): our own edit, pushed a
    moment ago, must not make theirs look like the later version of it."""
    name = source_name(_get(project, "id"))
    bundle = SourceBundle(name=name)
    annotations: dict[str, dict[str, Any]] = {}
    statuses: dict[tuple[str, str], dict[str, Any]] = {}
    labels: dict[tuple[str, str, str], dict[str, Any]] = {}
    uids = {row[4] for row in rows}
    local = {}
    for start in range(0, len(uids), 500):
        chunk = sorted(uids)[start : start + 500]
        for values in project.db.execute(
                f"SELECT {', '.join(DOC_COLUMNS)} FROM documents WHERE uid IN"
                f" ({','.join('?' * len(chunk))})", chunk):
            item = dict(zip(DOC_COLUMNS, values))
            local[item["uid"]] = item
    for _, layer, entity, entity_id, uid, after, *_ in rows:
        if uid not in local:
            continue  # not a document of ours
        state = json.loads(after)
        if entity == "annotation":
            annotations[entity_id] = {**state, "doc_uid": uid}
        elif entity == "doc_status":
            statuses[(uid, layer)] = {**state, "doc_uid": uid, "layer": layer}
        elif entity == "doc_label":
            name_ = json.loads(entity_id)[2]
            labels[(uid, layer, name_)] = {**state, "doc_uid": uid, "layer": layer,
                                           "name": name_}
    for row in annotations.values():
        row.pop("doc_id", None)
    bundle.annotations = list(annotations.values())
    bundle.statuses = list(statuses.values())
    bundle.labels = list(labels.values())
    bundle.documents = {uid: local[uid] for uid in
                        {r["doc_uid"] for r in (*bundle.annotations, *bundle.statuses,
                                                *bundle.labels)}}
    if annotations:
        with conn.cursor() as cur:
            cur.execute("SELECT entity_id, before, after FROM hub.events WHERE entity ="
                        " 'annotation' AND entity_id = ANY(%b) AND clone <> %s",
                        [list(annotations), clone_id])
            for entity_id, before, after in cur.fetchall():
                states = bundle.history.setdefault(entity_id, set())
                for state in (before, after):
                    if state:
                        states.add(canonical(json.loads(state)))
        conn.rollback()
    with project.db.atomic():
        if bundle.documents:
            check_bundle(bundle, project.scheme)
            merged = project.merge_bundle(bundle)
            for counter in ("added", "updated", "kept_ours", "statuses", "labels"):
                setattr(report, counter, getattr(report, counter) + getattr(merged, counter))
            report.conflicts += merged.conflicts
            report.problems += merged.problems
        _put(project, {"pulled": cursor} if rows[-1][0] != cursor else
             {"pulled": cursor, "pulled_event": [rows[-1][6], rows[-1][7]]})
    report.pulled += len(rows)
