"""Documents' stored token boundaries: one `core.token_codec` blob per document, with the key
of the tokenizer that made it.

Whatever tokenizes a document anyway (pre-highlighting, `Project.store_tokens`) writes its
boundaries here, and an export reads them instead of tokenizing again: a text never changes
once imported, so they never go stale for the same tokenizer. A row made by another tokenizer
(another spaCy version, other rules) is not read at all; the export tokenizes that document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

BATCH = 200  # documents per query: an export reads its records in batches of the same size


def save(db: Database, tokenizer_key: str, rows: Iterable[tuple[int, bytes]]) -> None:
    """Store (doc_id, blob) rows made by `tokenizer_key`, replacing a document's earlier row.
    Must run inside the caller's transaction (it never commits), so the tokens of a chunk go
    in with whatever else that chunk writes, or not at all."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO doc_tokens (doc_id, tokenizer, data) VALUES (?, ?, ?)",
        ((doc_id, tokenizer_key, data) for doc_id, data in rows))


def joined(rows: Sequence[tuple[int, bytes]]) -> tuple[bytes, str]:
    """(doc_id, blob) rows as `save_joined` takes them."""
    spans, offset = [], 1
    for doc_id, blob in rows:
        spans.append((doc_id, offset, len(blob)))
        offset += len(blob)
    return b"".join(blob for _, blob in rows), json.dumps(spans)


def save_joined(db: Database, tokenizer_key: str, joined: bytes, spans: str) -> None:
    """`save` for blobs laid end to end in `joined`, `spans` a JSON array of [doc_id, offset,
    length] (offset from 1). One statement for the whole chunk, so a writer thread hands the
    GIL over once instead of once a row (see `store.suggestions.store_encoded`)."""
    db.execute(
        "INSERT OR REPLACE INTO doc_tokens (doc_id, tokenizer, data) SELECT"
        " json_extract(value, '$[0]'), ?, substr(?, json_extract(value, '$[1]'),"
        " json_extract(value, '$[2]')) FROM json_each(?)", [tokenizer_key, joined, spans])


def load(db: Database, tokenizer_key: str, doc_ids: Sequence[int]) -> dict[int, bytes]:
    """doc_id -> blob for those of `doc_ids` stored by this tokenizer (one query; keep
    `doc_ids` to a batch)."""
    if not doc_ids:
        return {}
    marks = ",".join("?" * len(doc_ids))
    return dict(db.execute(f"SELECT doc_id, data FROM doc_tokens WHERE tokenizer = ? AND doc_id"
                           f" IN ({marks})", [tokenizer_key, *doc_ids]).fetchall())


class Reader:
    """Blobs for documents asked for in the order of `doc_ids` (an export's order), read a
    batch at a time: one query per BATCH documents, and memory bounded by one batch.
    `reader(doc_id)` is the blob, or None when this tokenizer stored none for the document."""

    def __init__(self, db: Database, tokenizer_key: str, doc_ids: Sequence[int],
                 batch: int = BATCH) -> None:
        self.db, self.key, self.doc_ids, self.batch = db, tokenizer_key, doc_ids, batch
        self.next = 0  # doc_ids before this index have been read
        self.blobs: dict[int, bytes] = {}
        self.loaded: set[int] = set()

    def __call__(self, doc_id: int) -> bytes | None:
        if doc_id not in self.loaded:
            self._read_from(doc_id)
        return self.blobs.get(doc_id)

    def _read_from(self, doc_id: int) -> None:
        start = self.next
        while start < len(self.doc_ids) and self.doc_ids[start] != doc_id:
            start += 1
        if start == len(self.doc_ids):  # not ahead of us (asked out of order): this one alone
            ids: Sequence[int] = [doc_id]
        else:
            ids = self.doc_ids[start : start + self.batch]
            self.next = start + len(ids)
        self.blobs = load(self.db, self.key, ids)
        self.loaded = set(ids)


def missing(db: Database, tokenizer_key: str) -> list[int]:
    """Ids of the documents with no row from this tokenizer, in id order."""
    rows = db.execute("SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_tokens t"
                      " WHERE t.doc_id = d.id AND t.tokenizer = ?) ORDER BY id", [tokenizer_key])
    return [row[0] for row in rows]


def count(db: Database, tokenizer_key: str) -> int:
    """Documents with a row from this tokenizer."""
    return int(db.execute("SELECT COUNT(*) FROM doc_tokens WHERE tokenizer = ?",
                          [tokenizer_key]).fetchone()[0])


def texts(db: Database, doc_ids: Sequence[int]) -> list[tuple[int, str]]:
    """(doc_id, text) of these documents, in id order: what there is to tokenize."""
    marks = ",".join("?" * len(doc_ids))
    return [(doc_id, text) for doc_id, text in db.execute(
        f"SELECT id, text FROM documents WHERE id IN ({marks}) ORDER BY id", list(doc_ids))]
