"""Import throughput: `annotator import` of ~10k real article bodies vs raw sqlite-utils.

Prints, from one run on one machine (so noise hits both sides alike):
  raw      sqlite-utils insert_all of the same precomputed rows into a plain table
  ours     Project.import_paths of a JSONL file with those texts (read, parse, hash, dedupe,
           insert, event log), with the FTS triggers dropped, for a like-for-like ratio
  ours+FTS the real import, full-text index maintained by triggers
Usage: python bench/import.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlite_utils

from annotator.core.text import text_uid
from annotator.project import Project
from annotator.store.database import connect, utcnow
from bench.corpus_texts import n_texts, write_jsonl


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    texts = list(n_texts(n))
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    source = write_jsonl(work / "articles.jsonl", texts)
    mb = source.stat().st_size / 1e6
    rows = [{"uid": text_uid(text), "title": title, "text": text, "meta": "{}",
             "origin": "x", "imported_at": utcnow()} for title, text in texts]

    def raw(fts: bool) -> float:
        path = Path(tempfile.mkdtemp(dir=work)) / "raw.db"
        db = connect(path)
        db["documents"].create({"id": int, "uid": str, "title": str, "text": str, "meta": str,
                                "origin": str, "imported_at": str}, pk="id")
        db["documents"].create_index(["uid"], unique=True)
        if fts:
            db["documents"].enable_fts(["title", "text"], create_triggers=True)
        started = time.perf_counter()
        db["documents"].insert_all(rows, batch_size=500)
        elapsed = time.perf_counter() - started
        db.close()
        return elapsed

    def ours(fts: bool) -> float:
        path = Path(tempfile.mkdtemp(dir=work)) / "ours.annotator"
        project = Project.create(path)
        if not fts:
            for (name,) in project.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents'"
            ).fetchall():
                project.db.execute(f"DROP TRIGGER {name}")
        started = time.perf_counter()
        report = project.import_paths([source])
        elapsed = time.perf_counter() - started
        assert report.imported == n, report.summary()
        project.close()
        return elapsed

    results = {}
    for name, fn in (("raw", lambda: raw(False)), ("ours", lambda: ours(False)),
                     ("raw+FTS", lambda: raw(True)), ("ours+FTS", lambda: ours(True))):
        results[name] = min(fn() for _ in range(2))
    print(f"{n} real article bodies, {mb:.1f} MB of JSONL")
    for name, seconds in results.items():
        print(f"  {name:<9} {seconds:6.2f} s   {n / seconds:8.0f} docs/s")
    print(f"ratio ours/raw (no FTS), by rate:  {results['raw'] / results['ours']:.2f}  (aim >= 0.5)")
    print(f"ratio ours+FTS/raw+FTS, by rate:   {results['raw+FTS'] / results['ours+FTS']:.2f}")
    print(f"FTS cost on our import:            {results['ours+FTS'] / results['ours']:.2f}x time")
    sqlite_utils.Database(memory=True).close()


if __name__ == "__main__":
    main()
