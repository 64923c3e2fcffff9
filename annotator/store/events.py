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


def annotation_row_json(row: Sequence[Any]) -> str:
    """`_json` of the state of an annotation row given as a tuple in `store.annotations.COLUMNS`
    order (attrs as JSON text), without making the dict: what a bulk insert of new annotations
    logs (`store.changes.insert_new`). The same text as `_state_json` of the dict (tested)."""
    (ann_id, doc_id, layer, kind, start, end, text, label, attrs, origin, created, updated,
     deleted) = row
    if type(doc_id) is int and type(end) is int and type(start) is int:
        try:
            return _STATE % (
                _string(attrs), _string(created), "null" if deleted is None else _string(deleted),
                doc_id, end, _string(ann_id), _string(kind), _string(label), _string(layer),
                _string(origin), start, _string(text), _string(updated))
        except TypeError:  # a value not a string (None): the encoder spells it
            pass
    return _ENCODE(dict(zip(_ROW_KEYS, row)))


_ROW_KEYS = ("id", "doc_id", "layer", "kind", "start", "end", "text", "label", "attrs", "origin",
             "created_at", "updated_at", "deleted_at")  # store.annotations.COLUMNS


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


def log_new_annotations(db: Database, who: str, op: str, rows: Sequence[Sequence[Any]],
                        sources: Sequence[str | None]) -> int:
    """`log_events` of the creation of annotations given as row tuples (`annotation_row_json`):
    for each, (op, "annotation", its id, its document, no state before, its row, its source)."""
    if not rows:
        return 0
    first = _next_id(db)
    ts = utcnow()
    db.conn.executemany(_INSERT, [
        (first + i, ts, who, op, "annotation", row[0], row[1], None, annotation_row_json(row),
         source) for i, (row, source) in enumerate(zip(rows, sources))])
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
