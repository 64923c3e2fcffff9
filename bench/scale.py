"""Scale: a 100,000-document project, measured where an analyst would feel it.

Builds a project of N real article bodies (default 100,000; ../shared/corpora through
`corpus_texts.n_texts`, cycled with a copy marker once the ~3,500 distinct bodies run out), gives
a slice of it the state of a project in use (annotations, statuses, labels by two annotators),
then prints, from one run on one machine:
  import    `Project.import_paths` of one JSONL file with all N texts (one transaction), docs/s
  search    `Project.documents(search=q, limit=50)` and `count_documents(search=q)` for words from
            very common to absent, median of 5 warm runs and the first (cold) run; aim < 100 ms
  queue     opening the queue as the window does: `Project.open` + `count_documents()` + the first
            page `documents(limit=200)`, in a fresh process-level connection; also filtered by
            status; aim < 1 s
  suggest   the builtin pipeline on a sample of 2,000 documents, docs/s
  export    `Project.export` of the done documents (with tokens) and of every document
            (status any, no tokens)
  memory    peak RSS of this process after each step (ru_maxrss)
Usage: python bench/scale.py [N] [--keep PATH]   (--keep: build once into PATH, reuse after)
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.formats.export_options import ExportOptions
from annotator.project import Project
from bench.corpus_texts import n_texts

QUERIES = ("said", "government", "nuclear", "South Korea", "Panetta", "zzyzx")
ANNOTATED = 2_000  # documents given annotations, statuses and labels, as in a project in use
SUGGEST_SAMPLE = 2_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def build(path: Path, n: int, work: Path) -> dict[str, float]:
    source = work / "articles.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for title, text in n_texts(n):
            fh.write(json.dumps({"title": title, "text": text}, ensure_ascii=False) + "\n")
    figures = {"jsonl_mb": source.stat().st_size / 1e6}
    with Project.create(path, annotator="alice") as project:
        seconds, report = timed(lambda: project.import_paths([source]))
        assert report.imported == n, report.summary()
        figures["import_s"] = seconds
        figures["import_peak_mb"] = peak_mb()
        rng = random.Random(7)
        for doc_id in rng.sample(range(1, n + 1), min(ANNOTATED, n // 2)):
            length = len(project.document(doc_id).text)
            for _ in range(5):
                start = rng.randrange(0, max(1, length - 40))
                project.annotate(doc_id, start, min(length, start + rng.randint(3, 40)),
                                 rng.choice(("PERSON", "GPE", "COMMITMENT", "CUE")))
            project.set_status(doc_id, rng.choice(("done", "done", "skipped", "flagged")),
                               add_seconds=60)
            project.set_doc_label(doc_id, "relevance", "RELEVANT")
    with Project.open(path, annotator="bob") as bob:
        for doc_id in random.Random(8).sample(range(1, n + 1), min(ANNOTATED, n // 2) // 4):
            bob.annotate(doc_id, 0, 5, "CUE")
            bob.set_status(doc_id, "done")
    source.unlink()
    return figures


def search(path: Path) -> list[tuple[str, int, float, float, float]]:
    rows = []
    with Project.open(path, annotator="alice") as project:
        for query in QUERIES:
            cold, _ = timed(lambda q=query: project.documents(search=q, limit=50))
            runs = [timed(lambda q=query: project.documents(search=q, limit=50))[0]
                    for _ in range(5)]
            counts = [timed(lambda q=query: project.count_documents(search=q)) for _ in range(5)]
            rows.append((query, counts[0][1], cold, statistics.median(runs),
                         statistics.median(c[0] for c in counts)))
    return rows


def queue(path: Path, status: str | None) -> tuple[float, int]:
    def open_queue() -> int:
        with Project.open(path, annotator="alice") as project:
            total = project.count_documents(status=status)
            page = project.documents(status=status, limit=200)
            assert len(page) == min(200, total)
            return total

    runs = [timed(open_queue) for _ in range(3)]
    return statistics.median(r[0] for r in runs), runs[0][1]


def suggest(path: Path) -> tuple[float, int]:
    with Project.open(path, annotator="alice") as project:
        suggester = project.load_suggester("builtin")
        done = [0]

        def progress(n: int, _total: int) -> None:
            done[0] = n

        seconds, result = timed(lambda: project.suggest(
            suggester=suggester, progress=progress, should_stop=lambda: done[0] >= SUGGEST_SAMPLE))
        return result["documents"] / seconds, result["documents"]


def export(path: Path, work: Path, options: ExportOptions) -> tuple[float, int]:
    with Project.open(path, annotator="alice") as project:
        seconds, report = timed(lambda: project.export(work / "out.jsonl", options))
    (work / "out.jsonl").unlink()
    return seconds, report.records


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        run(work)
    finally:
        shutil.rmtree(work)  # the JSONL and, without --keep, the project: ~800 MB at 100k


def run(work: Path) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build into this file once, reuse it after")
    args = parser.parse_args()
    path = args.keep or work / "scale.annotator"
    built: dict[str, float] = {}
    if not path.exists():
        built = build(path, args.n, work)
    size_mb = path.stat().st_size / 1e6
    with sqlite3.connect(path) as conn:
        n = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    print(f"{n:,} documents, project file {size_mb:,.0f} MB")
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}")
    if built:
        print(f"import     {built['import_s']:7.1f} s   {n / built['import_s']:8.0f} docs/s"
              f"   ({built['jsonl_mb']:,.0f} MB of JSONL, one transaction)"
              f"   peak RSS {built['import_peak_mb']:.0f} MB")
    print("search     query                     hits     cold   median  count(*)   (aim < 100 ms)")
    for query, hits, cold, median, count in search(path):
        print(f"           {query!r:<24} {hits:>7,} {cold * 1000:6.1f}ms {median * 1000:6.1f}ms "
              f"{count * 1000:6.1f}ms")
    for status in (None, "todo", "done", "flagged"):
        seconds, total = queue(path, status)
        label = f"status={status}" if status else "all"
        print(f"queue      {label:<16} {total:>7,} docs  open+count+first 200: "
              f"{seconds * 1000:6.1f} ms   (aim < 1 s)")
    rate, docs = suggest(path)
    print(f"suggest    builtin pipeline, {docs:,} documents: {rate:6.1f} docs/s")
    seconds, records = export(path, work, ExportOptions(layer="alice", status="done"))
    print(f"export     alice, done, with tokens: {records:,} records in {seconds:5.1f} s "
          f"({records / seconds:,.0f} records/s)")
    seconds, records = export(path, work, ExportOptions(layer="alice", status="any", tokens=False))
    print(f"export     alice, every document, no tokens: {records:,} records in {seconds:5.1f} s "
          f"({records / seconds:,.0f} records/s)")
    print(f"peak RSS   {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
