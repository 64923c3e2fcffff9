"""The append-only event log: every change to a project, who made it and when.

It is the audit trail, the basis of undo across restarts and of lossless merges, so rows are
only ever inserted, in the same transaction as the change they describe.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.encoder import encode_basestring as _string
from typing import Any

from sqlite_utils import Database

from annotator.store.database import utcnow

# One encoder, made once: json.dumps with these options builds a new one per call, which was a
# third of the cost of logging 95,000 events in one batch. Same output as json.dumps.
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _json(value: Any) -> str | None:
    """Compact JSON: the states of a bulk import are most of a project file (40% of 118 MB
    for 10,000 articles with 95,806 spans), and the spaces after `,` and `:` were 8% of them."""
    return None if value is None else _ENCODE(value)


# An annotation's state (`store.states`: its row, attrs as JSON text) is what nearly every event
# holds; spelled by one template, it is encoded at twice the speed of the encoder's walk of
# the dict (0.37 s -> 0.19 s per 95,000), to the same text. Anything else takes `_ENCODE`.
_STATE = ('{"attrs":%s,"created_at":%s,"deleted_at":%s,"doc_id":%d,"end":%d,"id":%s,"kind":%s,'
          '"label":%s,"layer":%s,"origin":%s,"start":%d,"text":%s,"updated_at":%s}')
_STATE_SIZE = _STATE.count('":')  # its 13 keys


def _state_json(value: Any) -> str:
    """`_json` of a state that is not None, quicker for an annotation's."""
    if type(value) is not dict or len(value) != _STATE_SIZE:
        return _ENCODE(value)
    try:  # 13 keys and every one of these: exactly an annotation's keys
        doc_id, end, start = value["doc_id"], value["end"], value["start"]
        deleted = value["deleted_at"]
        if type(doc_id) is not int or type(end) is not int or type(start) is not int:
            return _ENCODE(value)  # a bool or a float would be spelled differently
        return _STATE % (
            _string(value["attrs"]), _string(value["created_at"]),
            "null" if deleted is None else _string(deleted), doc_id, end, _string(value["id"]),
            _string(value["kind"]), _string(value["label"]), _string(value["layer"]),
            _string(value["origin"]), start, _string(value["text"]), _string(value["updated_at"]))
    except (KeyError, TypeError):  # other keys; a value not a string (None, attrs as a dict)
        return _ENCODE(value)


def log_event(
    db: Database,
    *,
    who: str,
    op: str,
    entity: str,
    entity_id: str | int | None = None,
    doc_id: int | None = None,
    before: Any = None,
    after: Any = None,
    source: str | None = None,
) -> int:
    cursor = db.execute(
        "INSERT INTO events (ts, who, op, entity, entity_id, doc_id, before, after, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            utcnow(), who, op, entity, None if entity_id is None else str(entity_id), doc_id,
            _json(before), _json(after), source,
        ],
    )
    return int(cursor.lastrowid or 0)


_INSERT = ("INSERT INTO events (id, ts, who, op, entity, entity_id, doc_id, before, after, source)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _next_id(db: Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM events").fetchone()[0])


def log_events(db: Database, who: str,
               rows: Sequence[tuple[str, str, str | None, int | None, Any, Any, str | None]]
               ) -> int:
    """Append events (op, entity, entity_id, doc_id, before, after, source) with one
    executemany, all with one timestamp; returns the id of the first. The caller holds the
    write lock, so the ids are ours: they are given explicitly, in order."""
    if not rows:
        return 0
    first = _next_id(db)
    ts = utcnow()
    db.conn.executemany(_INSERT, [
        (first + i, ts, who, op, entity, entity_id, doc_id,
         None if before is None else _state_json(before),
         None if after is None else _state_json(after), source)
        for i, (op, entity, entity_id, doc_id, before, after, source) in enumerate(rows)])
    return first


# An annotation row's state as `_state_json` spells it (keys sorted, compact, the same string
# escapes: `"`, `\\`, \b \t \n \f \r, other controls as lowercase \u00xx, nothing else), made
# by SQLite from the row itself: the events of a bulk insert then cost one statement instead of
# a Python encoding and ten bound values each (0.6-0.8 s -> 0.2-0.3 s for 95,806 rows).
_ROW_STATE = ("json_object('attrs', a.attrs, 'created_at', a.created_at, 'deleted_at',"
              " a.deleted_at, 'doc_id', a.doc_id, 'end', a.\"end\", 'id', a.id, 'kind', a.kind,"
              " 'label', a.label, 'layer', a.layer, 'origin', a.origin, 'start', a.start,"
              " 'text', a.text, 'updated_at', a.updated_at)")


def log_inserted_annotations(db: Database, who: str, op: str, after_rowid: int,
                             sources: Sequence[str | None]) -> int:
    """The events of annotations just inserted as rows `after_rowid + 1` ..
    `after_rowid + len(sources)` (one executemany into a table that had no row past
    `after_rowid`): for row i, (op, "annotation", its id, its document, no state before, its
    row's state, `sources[i]`), as `log_events` writes them (tested), with one statement.
    Returns the id of the first event."""
    if not sources:
        return 0
    first = _next_id(db)
    # Each event's id is given (`first + s.key`), so the rows are the same in whatever order
    # SQLite produces them; json_each yields them in array order, i.e. by id. An `ORDER BY`
    # made SQLite sort the finished rows, states and all, in a temporary b-tree before
    # inserting them: 0.38 s -> 0.29 s raw for the benchmark's 95,806 events without it.
    cursor = db.execute(
        "INSERT INTO events (id, ts, who, op, entity, entity_id, doc_id, before, after, source)"
        f" SELECT ? + s.key, ?, ?, ?, 'annotation', a.id, a.doc_id, NULL, {_ROW_STATE}, s.value"
        " FROM json_each(?) AS s CROSS JOIN annotations AS a ON a.rowid = ? + 1 + s.key",
        [first, utcnow(), who, op, json.dumps(list(sources), ensure_ascii=False), after_rowid])
    if cursor.rowcount != len(sources):  # rows missing: never written without their events
        raise RuntimeError(f"{cursor.rowcount} events for {len(sources)} new annotations")
    return first


def events(db: Database, doc_id: int | None = None, limit: int = 1000,
           who: str | None = None) -> list[dict[str, Any]]:
    """The newest `limit` events, newest first, of one document and/or one person."""
    clauses, params = [], []
    if doc_id is not None:
        clauses.append("doc_id = ?")
        params.append(doc_id)
    if who is not None:
        clauses.append("who = ?")
        params.append(who)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(
        f"SELECT id, ts, who, op, entity, entity_id, doc_id, before, after, source FROM events"
        f" {where} ORDER BY id DESC LIMIT ?", [*params, limit]
    ).fetchall()
    columns = ["id", "ts", "who", "op", "entity", "entity_id", "doc_id", "before", "after", "source"]
    result = []
    for row in rows:
        item = dict(zip(columns, row))
        for key in ("before", "after"):
            item[key] = json.loads(item[key]) if item[key] else None
        result.append(item)
    return result
