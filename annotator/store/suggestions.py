"""Suggestions and the record of which documents each pipeline has finished."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotator.core.models import Suggestion
from annotator.store.database import utcnow

# One encoder for all rows: json.dumps with any option builds a new JSONEncoder per call.
_encode = json.JSONEncoder(ensure_ascii=False).encode
_EACH = "SELECT value FROM json_each(?)"
_INSERT = (  # json_each yields the rows in array order, so ids follow extraction order
    "INSERT INTO suggestions (doc_id, start, end, kind, label, actor_id, ambiguous, score,"
    " attrs, pipeline) SELECT " + ", ".join(f"json_extract(value, '$[{i}]')" for i in range(9))
    + ", ? FROM json_each(?)"
)


def pending_doc_ids(db: Database, pipeline: str) -> list[int]:
    rows = db.execute(
        "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM suggestion_runs r"
        " WHERE r.doc_id = d.id AND r.pipeline = ?) ORDER BY id", [pipeline],
    )
    return [row[0] for row in rows]


def texts(db: Database, ids: Sequence[int]) -> list[tuple[str, int]]:
    marks = ",".join("?" * len(ids))
    rows = db.execute(f"SELECT text, id FROM documents WHERE id IN ({marks}) ORDER BY id", list(ids))
    return [(text, doc_id) for text, doc_id in rows]


# One suggestion as a row: (start, end, kind, label, actor_id, ambiguous 0/1, score, attrs).
Row = Sequence[Any]


@dataclass(frozen=True)
class EncodedResults:
    """One chunk's results as JSON, ready for `store_encoded`: encoding holds the GIL and is
    done where the pipeline runs; storing is plain SQLite and can run on another thread."""

    doc_ids: str  # [doc_id, ...]
    rows: str  # [[doc_id, *row], ...]
    n_docs: int
    n_rows: int


def encode_results(results: Sequence[tuple[int, Sequence[Row]]]) -> EncodedResults:
    """One encoder pass over flat rows. The attrs go in as JSON objects, not as strings of
    JSON inside JSON; SQLite stores each object's text as it extracts it (compact, without
    spaces), which reads back as the same data. (Nesting the rows per document would save
    the flat tuples, ~0.3 us a row, but SQLite then parses each document's array again for
    every row it reads the document id for: twice the insert time.)"""
    rows = [(doc_id, *row) for doc_id, doc_rows in results for row in doc_rows]
    ids = [doc_id for doc_id, _ in results]
    return EncodedResults(_encode(ids), _encode(rows), len(ids), len(rows))


def store_encoded(db: Database, pipeline: str, chunk: EncodedResults) -> int:
    """Replace this pipeline's suggestions for these documents and mark them finished.
    Must run inside a transaction, so a run interrupted mid-batch leaves no half document.

    Three statements whatever the number of rows (`json_each` unpacks the arrays inside
    SQLite): Python's sqlite3 lets go of the GIL for each statement it runs, so on a writer
    thread the whole insert runs beside the pipeline instead of taking turns with it row by
    row, as `executemany` would (a GIL hand-over per row costs up to 5 ms)."""
    db.execute(f"DELETE FROM suggestions WHERE pipeline = ? AND doc_id IN ({_EACH})",
               [pipeline, chunk.doc_ids])
    db.execute(_INSERT, [pipeline, chunk.rows])
    db.execute("INSERT OR REPLACE INTO suggestion_runs (doc_id, pipeline, finished_at)"
               " SELECT value, ?, ? FROM json_each(?)", [pipeline, utcnow(), chunk.doc_ids])
    return chunk.n_rows


def as_row(s: Suggestion) -> tuple[Any, ...]:
    return (s.start, s.end, s.kind, s.label, s.actor_id, int(s.ambiguous), s.score,
            s.attrs or None)


def store_results(db: Database, pipeline: str,
                  results: Sequence[tuple[int, Sequence[Suggestion]]]) -> int:
    """Store `Suggestion` objects (inside the caller's transaction)."""
    rows = [(doc_id, [as_row(s) for s in suggestions]) for doc_id, suggestions in results]
    return store_encoded(db, pipeline, encode_results(rows))


def suggestions_for(db: Database, doc_id: int, pipeline: str | None = None) -> list[Suggestion]:
    """This document's suggestions from `pipeline`, or from the pipeline that ran last."""
    if pipeline is None:
        row = db.execute(
            "SELECT pipeline FROM suggestion_runs WHERE doc_id = ? ORDER BY finished_at DESC"
            " LIMIT 1", [doc_id]).fetchone()
        if row is None:
            return []
        pipeline = row[0]
    rows = db.execute(
        "SELECT id, start, end, kind, label, actor_id, ambiguous, score, attrs, pipeline"
        " FROM suggestions WHERE doc_id = ? AND pipeline = ? ORDER BY start, end, id",
        [doc_id, pipeline],
    )
    return [
        Suggestion(start, end, kind, label, actor_id, bool(ambiguous), score,
                   json.loads(attrs) if attrs else {}, pipe, sid)
        for sid, start, end, kind, label, actor_id, ambiguous, score, attrs, pipe in rows
    ]
