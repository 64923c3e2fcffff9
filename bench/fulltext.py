"""Full-text index at bulk speed: row-by-row trigger vs. one fill after the batch.

Prints, from one run, for N real article bodies (default 10,000; ../shared/corpora, cycled with
a copy marker so every text is distinct), the CPU and wall time of:
  plain     sqlite3 executemany of the document rows into a table with no full-text index:
            the floor.
  trigger   the same rows with the FTS5 index kept by the AFTER INSERT trigger, row by row
            (how every import indexed before).
  after     the same rows with the trigger lifted and the index filled by one
            INSERT ... SELECT of the new rows after the batch.
  after8    the same as after, with FTS5's in-memory term buffer (`hashsize`) at 8 MB instead
            of 1 MB, as `store.fulltext` fills it.
  ours      `store.documents.insert_drafts` of the same texts in a fresh project, in one
            transaction: uid hashing, de-duplication, meta JSON and the index after the batch.
Every side writes a fresh file in WAL mode with synchronous=NORMAL, as a project does. Rounds
rotate the order; the machine is shared, so medians over rounds are printed, with CPU time
(this process: SQLite runs in it) beside wall time.
Usage: python bench/fulltext.py [N] [ROUNDS]
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.core.models import DocumentDraft
from annotator.project import Project
from annotator.store import documents as doc_store
from annotator.store.fulltext import HASHSIZE
from bench.corpus_texts import article_bodies

FTS = ("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content=[documents],"
       " tokenize='unicode61')")
TRIGGER = ("CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN INSERT INTO documents_fts"
           " (rowid, title, text) VALUES (new.id, new.title, new.text); END")


def texts(n: int) -> list[tuple[str, str]]:
    bodies = article_bodies()
    return [(title, f"{body}\n[{i // len(bodies)}]") for i, (title, body)
            in ((i, bodies[i % len(bodies)]) for i in range(n))]


def raw(path: Path, rows: list[tuple[int, str, str]], mode: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT, text TEXT)")
    if mode != "plain":
        conn.execute(FTS)
    if mode == "after8":
        conn.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('hashsize', ?)",
                     [HASHSIZE])
    if mode == "trigger":
        conn.execute(TRIGGER)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO documents VALUES (?, ?, ?)", rows)
    if mode in ("after", "after8"):
        conn.execute("INSERT INTO documents_fts (rowid, title, text) SELECT id, title, text"
                     " FROM documents WHERE id >= 1")
    conn.execute("COMMIT")
    conn.close()


def ours(path: Path, drafts: list[DocumentDraft]) -> None:
    with Project.open(path, create=True) as project, project.db.atomic():
        doc_store.insert_drafts(project.db, drafts)


def measure(fn: Callable[[], None]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    pairs = texts(n)
    rows = [(i + 1, title, text) for i, (title, text) in enumerate(pairs)]
    drafts = [DocumentDraft(text=text, title=title) for title, text in pairs]
    print(f"{n} documents, {sum(len(t) for _, t in pairs) / 1e6:.1f} M characters, {rounds} rounds")
    sides = ["plain", "trigger", "after", "after8", "ours"]
    cpu: dict[str, list[float]] = {s: [] for s in sides}
    wall: dict[str, list[float]] = {s: [] for s in sides}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            for side in sides[r % len(sides):] + sides[: r % len(sides)]:
                path = Path(tmp) / f"{side}-{r}.db"
                run = (lambda p=path: ours(p, drafts)) if side == "ours" else \
                    (lambda p=path, s=side: raw(p, rows, s))
                c, w = measure(run)
                cpu[side].append(c)
                wall[side].append(w)
    base = statistics.median(cpu["plain"])
    for side in sides:
        c, w = statistics.median(cpu[side]), statistics.median(wall[side])
        print(f"  {side:<8} CPU {c:6.2f} s ({c / base:5.1f}x plain)   wall {w:6.2f} s")
    print(f"index after the batch / by trigger, CPU: "
          f"{statistics.median(cpu['after']) / statistics.median(cpu['trigger']):.2f};"
          f" with the 8 MB buffer / without: "
          f"{statistics.median(cpu['after8']) / statistics.median(cpu['after']):.2f}")


if __name__ == "__main__":
    main()
