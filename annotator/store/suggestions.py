"""Suggestions and the record of which documents each pipeline has finished."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlite_utils import Database

from annotator.core.models import Suggestion
from annotator.store.database import utcnow


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


def store_results(db: Database, pipeline: str,
                  results: Sequence[tuple[int, list[Suggestion]]]) -> int:
    """Replace this pipeline's suggestions for these documents and mark them finished.
    Must run inside a transaction, so a run interrupted mid-batch leaves no half document."""
    ids = [doc_id for doc_id, _ in results]
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM suggestions WHERE pipeline = ? AND doc_id IN ({marks})",
               [pipeline, *ids])
    rows = [
        (doc_id, s.start, s.end, s.kind, s.label, s.actor_id, int(s.ambiguous), s.score,
         json.dumps(s.attrs, ensure_ascii=False) if s.attrs else None, pipeline)
        for doc_id, suggestions in results for s in suggestions
    ]
    db.conn.executemany(
        "INSERT INTO suggestions (doc_id, start, end, kind, label, actor_id, ambiguous, score,"
        " attrs, pipeline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows,
    )
    now = utcnow()
    db.conn.executemany(
        "INSERT OR REPLACE INTO suggestion_runs (doc_id, pipeline, finished_at) VALUES (?, ?, ?)",
        [(doc_id, pipeline, now) for doc_id in ids],
    )
    return len(rows)


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
