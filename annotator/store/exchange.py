"""Reads for exports: which documents, and each document's layers as `LayerRecord`s, batch by
batch from one consistent snapshot.

An export can take minutes while the GUI keeps writing; inside `read_snapshot` every query sees
the database as it was at the first read (WAL readers do not block the writer and are not
blocked by it), so a dataset never mixes two states of one document.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database

from annotator.core.exchange import ExportError, LayerRecord, SpanRecord

BATCH = 200  # documents per query round: bounds memory, keeps IN (...) lists short


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """A deferred read transaction: one snapshot for everything read inside. Read-only."""
    if db.conn.in_transaction:  # already inside one: that is the snapshot
        yield
        return
    db.execute("BEGIN")
    try:
        yield
    finally:
        db.conn.rollback()  # nothing was written; ends the snapshot


def layers(db: Database) -> list[str]:
    """Every layer with something in it: live annotations, a status or a document label."""
    rows = db.execute(
        "SELECT layer FROM annotations WHERE deleted_at IS NULL UNION SELECT layer FROM doc_status"
        " UNION SELECT layer FROM doc_labels ORDER BY 1")
    return [row[0] for row in rows]


def select_documents(db: Database, layer: str | None, status: str) -> list[tuple[int, str]]:
    """(id, uid) of the documents to export, by id. `layer` None means every layer."""
    if layer is not None and status == "done":
        sql = ("SELECT d.id, d.uid FROM documents d JOIN doc_status s ON s.doc_id = d.id"
               " WHERE s.layer = ? AND s.status = 'done' ORDER BY d.id")
        return [tuple(r) for r in db.execute(sql, [layer])]  # type: ignore[misc]
    if layer is not None:
        return [tuple(r) for r in db.execute("SELECT id, uid FROM documents ORDER BY id")]  # type: ignore[misc]
    if status == "done":
        where = "SELECT doc_id FROM doc_status WHERE status = 'done'"
    else:
        where = ("SELECT doc_id FROM annotations WHERE deleted_at IS NULL UNION SELECT doc_id"
                 " FROM doc_status UNION SELECT doc_id FROM doc_labels")
    rows = db.execute(f"SELECT id, uid FROM documents WHERE id IN ({where}) ORDER BY id")
    return [tuple(r) for r in rows]  # type: ignore[misc]


def layer_records(db: Database, doc_ids: Sequence[int], layer: str | None, status: str,
                  kinds: Sequence[str] = (), labels: Sequence[str] = ()) -> Iterator[LayerRecord]:
    """Each document's record per layer (sorted by layer name), in the order of `doc_ids`."""
    for start in range(0, len(doc_ids), BATCH):
        ids = list(doc_ids[start : start + BATCH])
        try:
            yield from _batch(db, ids, layer, status, kinds, labels)
        except ValueError as exc:  # srsly's parser: the stored metadata or slots
            raise unreadable_json(db, ids) or exc from exc


def unreadable_json(db: Database, ids: Sequence[int]) -> ExportError | None:
    """[E760] for the first of these documents whose stored metadata, or one of whose spans'
    slots, is not JSON, or None. (A number beyond a float's range, such as 1e400, is read on
    import as infinity and stored as `Infinity`, which JSON has not.)"""
    found = db.execute(
        f"SELECT id, 'its metadata holds' FROM documents WHERE id IN ({_in(ids)})"
        " AND NOT json_valid(COALESCE(NULLIF(meta, ''), '{}')) UNION ALL"
        f" SELECT doc_id, 'the slots of its span ' || id || ' hold' FROM annotations WHERE doc_id IN"
        f" ({_in(ids)}) AND deleted_at IS NULL AND NOT json_valid(COALESCE(NULLIF(attrs, ''), '{{}}'))"
        " ORDER BY 1 LIMIT 1", [*ids, *ids]).fetchone()
    if found is None:
        return None
    return ExportError(
        f"document {found[0]}: {found[1]} a value that is not JSON (such as Infinity),"
        " so nothing was written", code="E760",
        hint="Change that slot in the window, or leave the document out of the export (with"
             " --status done, a document its layer has not marked done).")


def _in(ids: Sequence[Any]) -> str:
    return ",".join("?" * len(ids))


def span_filters(layer: str | None, kinds: Sequence[str], labels: Sequence[str]
                 ) -> tuple[str, list[Any]]:
    """The conditions on `annotations` after `doc_id IN (...)`, and their arguments: live
    spans of the layer (None: every layer), of these kinds and labels (empty: all)."""
    # "+layer": keeps SQLite off the (layer, deleted_at) index, which would read the whole
    # layer for every batch (quadratic: 94 s instead of 1 s for 50,000 documents)
    filters, args = " AND deleted_at IS NULL", []
    if layer is not None:
        filters += " AND +layer = ?"
        args.append(layer)
    if kinds:
        filters += f" AND kind IN ({_in(kinds)})"
        args += list(kinds)
    if labels:
        filters += f" AND label IN ({_in(labels)})"
        args += list(labels)
    return filters, args


def _batch(db: Database, ids: list[int], layer: str | None, status: str, kinds: Sequence[str],
           labels: Sequence[str]) -> Iterator[LayerRecord]:
    layer_sql, layer_args = (" AND layer = ?", [layer]) if layer is not None else ("", [])
    states = {(d, lay): (st, sec, upd) for d, lay, st, sec, upd in db.execute(
        f"SELECT doc_id, layer, status, seconds, updated_at FROM doc_status WHERE doc_id IN"
        f" ({_in(ids)}){layer_sql}", [*ids, *layer_args])}
    doc_labels: dict[tuple[int, str], dict[str, str]] = {}
    for d, lay, name, value in db.execute(
            f"SELECT doc_id, layer, name, value FROM doc_labels WHERE doc_id IN ({_in(ids)})"
            f"{layer_sql} ORDER BY name", [*ids, *layer_args]):
        doc_labels.setdefault((d, lay), {})[name] = value
    filters, filter_args = span_filters(layer, kinds, labels)
    args = [*ids, *filter_args]
    rows: dict[tuple[int, str], list[tuple]] = {}
    for row in db.execute(  # sort columns first, doc_id and layer last (the same in a group)
            'SELECT start, "end", kind, label, COALESCE(attrs, \'{}\'), id, text, origin,'
            " created_at, updated_at, doc_id, layer FROM annotations"
            f" WHERE doc_id IN ({_in(ids)}){filters}", args):
        key = (row[10], row[11])
        if key in rows:
            rows[key].append(row)
        else:
            rows[key] = [row]
    present: dict[int, set[str]] = {}
    if layer is None:
        for d, lay in db.execute(
                f"SELECT DISTINCT doc_id, layer FROM annotations WHERE doc_id IN ({_in(ids)})"
                " AND deleted_at IS NULL", ids):
            present.setdefault(d, set()).add(lay)
        for d, lay in [*states, *doc_labels]:
            present.setdefault(d, set()).add(lay)
    from srsly import ujson  # here, not at the top: srsly costs commands that never export 80 ms

    for doc_id, uid, title, source, url, published, text, meta in db.execute(
            "SELECT id, uid, title, source, url, published, text, meta FROM documents"
            f" WHERE id IN ({_in(ids)}) ORDER BY id", ids):
        doc_meta = ujson.loads(meta) if meta else {}
        for name in ([layer] if layer is not None else sorted(present.get(doc_id, ()))):
            st, seconds, updated = states.get((doc_id, name), ("todo", None, None))
            if status == "done" and st != "done":
                continue
            yield LayerRecord(
                text=text, uid=uid, title=title, source=source, url=url, published=published,
                doc_meta=doc_meta, layer=name, status=st, status_updated_at=updated,
                seconds=seconds, doc_labels=doc_labels.get((doc_id, name), {}),
                spans=_spans(rows.get((doc_id, name), [])), doc_id=doc_id)


def _spans(rows: list[tuple]) -> list[SpanRecord]:
    """Sorted by content, ids last: the same data gives the same order in any project."""
    from srsly import ujson

    rows.sort()
    loads = ujson.loads  # 3x json.loads on these small objects
    return [SpanRecord(start, end, label, kind, text, ann_id, loads(attrs), origin, created,
                       updated)
            for start, end, kind, label, attrs, ann_id, text, origin, created, updated, _, _ in rows]


def actor_names(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT id, name FROM actors").fetchall())
