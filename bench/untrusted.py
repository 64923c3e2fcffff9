"""What the guards against hostile and outsized input cost, as ratios to a baseline run here.

1. Opening a project: with the schema check (`store.schema_check`) against the same open with
   the check replaced by nothing. Plus the one-off cost of deriving the expected schema.
2. Pre-highlighting one long document (built-in pipeline): in pieces
   (`Suggester.findings`) against the whole text at once with spaCy's `max_length` raised.
3. Merging a project file (read-only, schema check, quick check, value checks) against
   reading the same rows with a plain read-only connection.

Run: `.venv/bin/python bench/untrusted.py` (about a minute).
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from pathlib import Path

from annotator.project import Project
from annotator.store import database, schema_check

PARAGRAPH = ("Panetta reaffirmed to his South Korean counterpart the US commitment to extended "
             "deterrence for the ROK. Seoul said the DPRK warned Japan.\n\n"
             + "The committee met again on Tuesday and talked about the budget at length. " * 30
             + "\n\n")


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_open(folder: Path) -> None:
    path = folder / "open.annotator"
    Project.create(path).close()
    start = time.perf_counter()
    schema_check.expected_schema.cache_clear()
    schema_check.expected_schema()
    once = time.perf_counter() - start

    def opens() -> None:
        for _ in range(50):
            Project.open(path).close()

    checked = best(opens) / 50
    real = database.check_schema
    database.check_schema = lambda *a, **k: None
    try:
        plain = best(opens) / 50
    finally:
        database.check_schema = real
    print(f"open a project: {checked * 1000:.2f} ms checked, {plain * 1000:.2f} ms without the"
          f" check: ratio {checked / plain:.2f}; expected schema, once a process: {once * 1000:.0f} ms")


def bench_long_document() -> None:
    with tempfile.TemporaryDirectory() as tmp, Project.create(Path(tmp) / "p.annotator") as p:
        suggester = p.load_suggester("builtin")
    text = (PARAGRAPH * (900_000 // len(PARAGRAPH)))[:900_000]
    from annotator.nlp import suggest

    suggest.PIECE_CHARS, piece = 10_000_000, suggest.PIECE_CHARS  # one piece: the whole text
    whole = best(lambda: suggester.findings([text]), 3)
    suggest.PIECE_CHARS = piece
    pieces = best(lambda: suggester.findings([text]), 3)
    print(f"pipeline on a 900,000-character text: {pieces:.2f} s in pieces, {whole:.2f} s whole:"
          f" ratio {pieces / whole:.2f}")


def bench_merge(folder: Path) -> None:
    source = folder / "source.annotator"
    docs = folder / "docs.jsonl"
    docs.write_text("\n".join(json.dumps({"text": f"Story {i}. " + PARAGRAPH})
                              for i in range(2000)), encoding="utf-8")
    with Project.create(source, annotator="bob") as bob:
        bob.import_paths([docs])
        for doc in bob.documents(limit=2000)[:1000]:
            bob.annotate(doc.id, 0, 5, "PERSON")
    from annotator.store.merge_source import read_project
    from annotator.store.source_checks import check_bundle

    with Project.open(folder / "ours.annotator", annotator="rita", create=True) as ours:
        scheme = ours.scheme

    def guarded() -> None:
        check_bundle(read_project(source), scheme)

    def plain() -> None:
        conn = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        for table in ("documents", "annotations", "doc_status", "doc_labels", "events"):
            conn.execute(f"SELECT * FROM {table}").fetchall()
        conn.close()

    a, b = best(guarded, 3), best(plain, 3)
    print(f"read a 2,000-document source for a merge: {a * 1000:.0f} ms checked, {b * 1000:.0f} ms"
          f" plain SELECTs: ratio {a / b:.2f}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        bench_open(Path(tmp))
        bench_merge(Path(tmp))
    bench_long_document()
