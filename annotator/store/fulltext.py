"""The documents' full-text index (FTS5 over title and text) at bulk speed.

The index is kept by triggers, so every way a document can arrive is indexed. A trigger indexes
row by row, interleaved with the documents' own writes; filling the index once after a batch,
with one INSERT ... SELECT of the new rows, builds the same index for about half the CPU time
(10,000 news articles, 26 M characters: 2.5 s by trigger, 1.2 s after the batch; the plain
inserts 0.15 s; docs/benchmarks.md, "Full-text index"). So a bulk insert lifts the insert
trigger for its batch, inside the caller's transaction, and puts the same trigger back before
the transaction ends: other connections never see it missing, and a crash rolls both back.
Other measured options did not pay: automerge and crisismerge settings, a larger pgsz, and
secure_delete off were within the noise; detail=column or columnsize=0 would change phrase
search or ranking, which stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from annotator.store.database import Database

INSERT_TRIGGER = "documents_ai"
# Below this many rows the trigger's cost is small and the schema change (which makes every
# other connection re-read the schema) is not worth it.
BULK_FROM = 32


@contextmanager
def indexed_after(db: Database, first_id: int, count: int) -> Iterator[None]:
    """Insert documents `first_id` .. `first_id + count - 1` inside the block; they are indexed
    once after it. Must run inside a transaction (otherwise it does nothing special)."""
    trigger = None
    if count >= BULK_FROM and db.conn.in_transaction:
        row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                         [INSERT_TRIGGER]).fetchone()
        trigger = row[0] if row else None
    if trigger is None:
        yield
        return
    db.execute(f'DROP TRIGGER "{INSERT_TRIGGER}"')
    try:
        yield
    finally:
        # Also after a failure: whatever rows went in are indexed and the trigger is back, so a
        # caller that catches the error and commits still has a complete index. Unless SQLite
        # rolled the whole transaction back itself (it does on a full disk): then the trigger
        # is back and the rows are gone already, and recreating it would hide the real error.
        if db.conn.in_transaction:
            db.execute(
                'INSERT INTO documents_fts (rowid, title, "text") SELECT id, title, "text"'
                " FROM documents WHERE id >= ? AND id < ?", [first_id, first_id + count])
            db.execute(trigger)
