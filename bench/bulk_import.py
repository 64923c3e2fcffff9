"""Import with pre-annotations: `import` + `import-layer` of N FNC-1 article bodies with their
spans, and `import-layer` alone (one pass: it adds the documents the project lacks), each
against a raw `sqlite3` executemany of the same rows and the same full-text index.

Input (built here, never committed): FNC-1 bodies cycled to N, each prefixed with its index so
every text is distinct, with up to 10 capitalised-phrase spans each (labels PERSON, ORG, GPE,
NORP in turn), as doccano JSONL with code-point offsets — about 9.5 spans a document.

Prints, from one run in one process (noise hits every side alike):
  import        Project.import_paths of the file into a new project (documents, FTS, one event
                for the file), timed with creating, closing and placing the project
                (`Project.create_with`, as the command does)
  import-layer  Project.import_layer of the same file as layer `bench` (annotations and their
                events; every document is matched by uid), into the project now there
  one pass      Project.import_layer of the file into a new project (`create_with`, timed
                whole): documents, their full-text index, annotations and all their events in
                one read of the file
  raw           sqlite3 executemany of exactly the rows a path wrote (documents, annotations,
                events, read back from our project file) into the same schema, FTS triggers
                on, in one transaction; for the one pass also written as a new project is
                built (rollback journal in memory, no syncs), the floor without WAL
and the ratios ours/raw, in CPU seconds of the process (see `clock`), with the wall time of
each path beside it. With --one-by-one, also import-layer through the same write path one
record at a time (batch=1).
Usage: python bench/bulk_import.py [N] [--one-by-one]
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.formats.export_options import LayerImportOptions
from annotator.project import Project
from annotator.store.fulltext import INSERT_TRIGGER

try:  # the same script times older code too, which built every project in WAL
    from annotator.store.database import BUILD_CACHE_KIB
except ImportError:
    BUILD_CACHE_KIB = 16 * 1024
from bench.corpus_texts import CORPORA

LABELS = ("PERSON", "ORG", "GPE", "NORP")
PHRASE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")
ONE_BY_ONE = "--one-by-one"  # also time import-layer with batch=1
TABLES = ("documents", "annotations", "doc_status", "doc_labels", "events")
T = TypeVar("T")


def fnc_bodies() -> list[str]:
    folder = CORPORA / "fnc-1"
    bodies = []
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with (folder / name).open(newline="", encoding="utf-8") as fh:
            bodies.extend(r["articleBody"] for r in csv.DictReader(fh) if r["articleBody"].strip())
    return bodies


def build_input(n: int, out: Path) -> int:
    """N doccano lines; returns the number of spans."""
    bodies = fnc_bodies()
    spans = 0
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"{i} {bodies[i % len(bodies)]}"
            label = [[m.start(), m.end(), LABELS[(i + k) % len(LABELS)]]
                     for k, m in enumerate(PHRASE.finditer(text)) if k < 10]
            spans += len(label)
            fh.write(json.dumps({"text": text, "label": label,
                                 "meta": {"offsets": "code-points"}}, ensure_ascii=False) + "\n")
    return spans


def clock() -> float:
    """CPU seconds of this process: SQLite runs in it, so this is all the work, and it is far
    less disturbed than wall time when other programs share the machine."""
    return time.process_time()


OPTIONS = LayerImportOptions(format="doccano", layer="bench", doccano_offsets="code-points")


class Timed:
    """CPU and wall seconds of a block."""

    def __enter__(self) -> Timed:
        self.cpu, self.wall = clock(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cpu, self.wall = clock() - self.cpu, time.perf_counter() - self.wall


def create_with(path: Path, fill: Callable[[Project], T]) -> T:
    """What `import` or `import-layer` does with a project that does not exist yet: the
    project is created, filled, closed and put in place (`Project.create_with`), all timed."""
    result, created = Project.create_with(path, fill, lambda _: True, annotator="bench")
    assert created
    return result


def ours(source: Path, work: Path, batch: int | None = None) -> tuple[Timed, Timed, Path]:
    """`import` into a new project, then `import-layer` of the same file into it."""
    path = work / "ours.annotator"
    with Timed() as t_import:
        imported = create_with(path, lambda p: p.import_paths([source]))
    project = Project.open(path, annotator="bench")
    with Timed() as t_layer:
        layered = project.import_layer(source, OPTIONS, **({"batch": batch} if batch else {}))
    assert not imported.problems and not layered.problems, (imported.problems[:3],
                                                             layered.problems[:3])
    project.close()
    return t_import, t_layer, path


def one_pass(source: Path, work: Path) -> tuple[Timed, Path]:
    """`import-layer` alone into a new project: it adds every document as it goes."""
    path = work / "one.annotator"
    with Timed() as timed:
        report = create_with(path, lambda p: p.import_layer(source, OPTIONS))
    assert not report.problems and report.documents_added, report.summary()
    return timed, path


def raw(rows_from: Path, work: Path, index_after: bool = False, building: bool = False) -> float:
    """The same rows into a copy of the same schema (FTS triggers included), executemany; with
    `index_after`, the full-text index filled by one INSERT ... SELECT after the rows instead
    of by the insert trigger (the cheaper way, measured in bench/fulltext.py). With
    `building`, written as a new project now is (rollback journal in memory, no syncs, the
    larger page cache): SQLite's own floor for a new project's rows, without WAL."""
    source = sqlite3.connect(rows_from)
    schema = [sql for (sql,) in source.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'documents_fts_%' ORDER BY type = 'trigger', rowid")]
    rows = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}
    source.close()
    conn = sqlite3.connect(work / f"raw-{rows_from.stem}-{int(index_after)}{int(building)}.db",
                           isolation_level=None)
    if building:  # as a new project is built (store.database.connect(building=True))
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    else:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    for sql in schema:
        if not (index_after and sql.startswith(f'CREATE TRIGGER "{INSERT_TRIGGER}"')):
            conn.execute(sql)
    started = clock()
    conn.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        if rows[table]:
            marks = ", ".join("?" * len(rows[table][0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
    if index_after:
        conn.execute("INSERT INTO documents_fts (rowid, title, text)"
                     " SELECT id, title, text FROM documents")
    conn.execute("COMMIT")
    elapsed = clock() - started
    conn.close()
    return elapsed


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    n = int(numbers[0]) if numbers else 10_000
    if not (CORPORA / "fnc-1" / "train_bodies.csv").exists():
        print(f"skipped: FNC-1 not found under {CORPORA}")
        return
    work = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    try:  # about 500 MB of project files a run
        run(n, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(n: int, work: Path) -> None:
    source = work / "fnc.jsonl"
    spans = build_input(n, source)
    print(f"{n} FNC-1 bodies, {spans} spans, {source.stat().st_size / 1e6:.1f} MB of doccano JSONL")
    runs = []
    for round_ in range(2):
        folder = Path(tempfile.mkdtemp(dir=work))
        t_import, t_layer, path = ours(source, folder)
        t_one, one_path = one_pass(source, folder)
        row = (t_import.cpu, t_layer.cpu, raw(path, folder), raw(path, folder, index_after=True),
               t_one.cpu, raw(one_path, folder, index_after=True),
               t_import.wall + t_layer.wall, t_one.wall,
               raw(one_path, folder, index_after=True, building=True))
        runs.append(row)
        print(f"  round {round_ + 1}: import {row[0]:.2f} s, import-layer {row[1]:.2f} s,"
              f" raw {row[2]:.2f} s, raw with the index filled after {row[3]:.2f} s;"
              f" one pass {row[4]:.2f} s, raw of its rows (index after) {row[5]:.2f} s;"
              f" wall: two commands {row[6]:.2f} s, one pass {row[7]:.2f} s;"
              f" raw of the one pass's rows built without WAL (index after) {row[8]:.2f} s")
    (t_import, t_layer, t_raw, t_after, t_one, t_one_raw, w_two, w_one, t_one_build) = (
        min(r[i] for r in runs) for i in range(9))
    for label, rows_of in (("two commands", path), ("one pass", one_path)):
        conn = sqlite3.connect(rows_of)
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
        conn.close()
        print(f"rows written, {label}: {counts}")
    print(f"best: import {t_import:.2f} s + import-layer {t_layer:.2f} s ="
          f" {t_import + t_layer:.2f} s; raw executemany {t_raw:.2f} s, with the index filled"
          f" after {t_after:.2f} s")
    print(f"ratio ours/raw (CPU time): {(t_import + t_layer) / t_raw:.2f}; against raw with the"
          f" index filled after: {(t_import + t_layer) / t_after:.2f}  (aim <= 3)")
    print(f"one pass (import-layer into a new project): {t_one:.2f} s CPU, {w_one:.2f} s wall"
          f" (two commands: {w_two:.2f} s wall); against raw of its rows with the index filled"
          f" after: {t_one / t_one_raw:.2f}  (aim <= 3); {29.6 / t_one:.1f}x the issue's 29.6 s;"
          f" against raw of its rows built without WAL: {t_one / t_one_build:.2f}")
    if ONE_BY_ONE in sys.argv:
        _, t_single, _ = ours(source, Path(tempfile.mkdtemp(dir=work)), batch=1)
        print(f"import-layer one record at a time (batch=1, same write path): {t_single.cpu:.2f} s,"
              f" {t_single.cpu / t_layer:.2f}x the batched time")


if __name__ == "__main__":
    main()
