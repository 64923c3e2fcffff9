"""The documents' full-text index (FTS5 over title and text) at bulk speed.

The index is kept by triggers, so every way a document can arrive is indexed. A trigger indexes
row by row, interleaved with the documents' own writes; filling the index once after a batch,
with one INSERT ... SELECT of the new rows, builds the same index for about half the CPU time
(10,000 news articles, 26 M characters: 2.5 s by trigger, 1.2 s after the batch; the plain
inserts 0.15 s; docs/benchmarks.md, "Full-text index"). So a bulk insert lifts the insert
trigger for its batch, inside the caller's transaction, and puts the same trigger back before
the transaction ends: other connections never see it missing, and a crash rolls both back.
An import of a file lifts it once for the whole file (`indexed_at_end`), so its documents are
indexed by one fill, and a fill gathers more terms in memory before writing (`HASHSIZE`).
Other measured options did not pay: automerge and crisismerge settings, a larger pgsz, and
secure_delete off were within the noise; detail=column or columnsize=0 would change phrase
search or ranking, which stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from annotator.store.database import Database

INSERT_TRIGGER = "documents_ai"
# Below this many rows the trigger's cost is small and the schema change (which makes every
# other connection re-read the schema) is not worth it.
BULK_FROM = 32
# FTS5 gathers the terms of a transaction in memory and writes them out as a new index segment
# when they pass `hashsize` (1 MB by default); segments are merged later. At 8 MB an index
# fill of 10,000 articles writes an eighth of the segments and costs ~35% less CPU (0.85 s ->
# 0.55 s; the same index: same rows, same search results and ranks). It only bounds the memory
# of one transaction's pending terms, so it is set for good when a bulk fill first runs.
HASHSIZE = 8 << 20


@dataclass
class _Lifted:
    first_id: int = 0
    trigger: str | None = None  # the trigger's SQL while it is lifted


# id of a connection -> its open `indexed_at_end` block (an entry lives only as long as the
# block, so a reused id can never find a stale one)
_AT_END: dict[int, _Lifted] = {}


@contextmanager
def indexed_at_end(db: Database) -> Iterator[None]:
    """Documents the bulk batches (`indexed_after`) insert inside the block are indexed once,
    when it ends, instead of after each batch: one fill of a 10,000-article file costs ~30%
    less than twenty fills of 500 (bench/bulk_import.py). For one file of an import, inside
    its transaction; nested blocks join the outer one."""
    if id(db.conn) in _AT_END:
        yield
        return
    lifted = _AT_END[id(db.conn)] = _Lifted()
    try:
        yield
    finally:
        del _AT_END[id(db.conn)]
        if lifted.trigger is not None:
            _fill_and_restore(db, lifted.first_id, None, lifted.trigger)


@contextmanager
def indexed_after(db: Database, first_id: int, count: int) -> Iterator[None]:
    """Insert documents `first_id` .. `first_id + count - 1` inside the block; they are indexed
    once after it (or when an enclosing `indexed_at_end` block ends). Must run inside a
    transaction (otherwise it does nothing special)."""
    at_end = _AT_END.get(id(db.conn))
    if at_end is not None and at_end.trigger is not None:
        yield  # lifted already: the enclosing block indexes these rows too
        return
    trigger = None
    if count >= BULK_FROM and db.conn.in_transaction:
        row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                         [INSERT_TRIGGER]).fetchone()
        trigger = row[0] if row else None
    if trigger is None:
        yield
        return
    db.execute(f'DROP TRIGGER "{INSERT_TRIGGER}"')
    if at_end is not None:
        at_end.first_id, at_end.trigger = first_id, trigger
        yield
        return
    try:
        yield
    finally:
        _fill_and_restore(db, first_id, first_id + count, trigger)


def _fill_and_restore(db: Database, first_id: int, stop: int | None, trigger: str) -> None:
    """Index documents first_id .. stop - 1 (or all from first_id on) and put the trigger back.

    Also after a failure: whatever rows went in are indexed and the trigger is back, so a
    caller that catches the error and commits still has a complete index. Unless SQLite rolled
    the whole transaction back itself (it does on a full disk): then the trigger is back and
    the rows are gone already, and recreating it would hide the real error."""
    if not db.conn.in_transaction:
        return
    db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('hashsize', ?)",
               [HASHSIZE])
    db.execute('INSERT INTO documents_fts (rowid, title, "text") SELECT id, title, "text"'
               " FROM documents WHERE id >= ? AND id < ?",
               [first_id, stop if stop is not None else 1 << 62])
    db.execute(trigger)
