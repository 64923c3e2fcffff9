"""The team hub: sync speed and `hub status` at scale, on a throwaway PostgreSQL server.

  sync    10,000 annotation events each way between two clones of one hub: alice pushes hers,
          bob pushes his and pulls hers, alice pulls his (aim: each under 5 s). Baseline, in
          the same process: `annotator merge` of alice's project file into a copy of bob's,
          the same 10,000 annotations by the file route; the ratio is sync pull / merge.
  status  `hub status` on a hub of 100,000 documents and 20 annotators (overlap 0.2, half of
          each assignment done, three spans per done document; aim under 1 s), against the
          same on a 10,000-document hub (the ratio says how it scales).
Usage: python bench/hub.py [--events N] [--documents N] [--annotators N] [--only sync|status]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg

from annotator.core.resources import default_scheme_text
from annotator.hub import sync as hub_sync
from annotator.hub.assign import assign
from annotator.hub.publish import add_member, publish
from annotator.hub.status import hub_status
from annotator.project import Project
from annotator.store.annotations import new_id
from annotator.store.changes import Change, apply
from annotator.store.database import utcnow
from tests.hub.server import Server

WORDS = ("Leon", "Panetta", "reaffirmed", "the", "commitment", "of", "Washington", "to", "Seoul",
         "and", "Tokyo")


def text_of(n: int) -> str:
    return f"Report {n}: " + " ".join(WORDS) + f" on day {n % 365}."


def spans_of(text: str, count: int) -> list[tuple[int, int]]:
    found, at = [], 0
    for word in WORDS[:count]:
        start = text.index(word, at)
        found.append((start, start + len(word)))
        at = start + len(word)
    return found


def annotate(path: Path, who: str, events: int) -> None:
    """`events` new annotations in `who`'s layer through the one write path."""
    with Project.open(path, annotator=who) as p:
        docs = [(d.id, p.document(d.id).text) for d in p.documents(limit=None)]
        changes, now = [], utcnow()
        per_doc = max(1, -(-events // len(docs)))
        for doc_id, text in docs:
            for start, end in spans_of(text, per_doc):
                if len(changes) == events:
                    break
                state = {"id": new_id(), "doc_id": doc_id, "layer": who, "kind": "MENTION",
                         "start": start, "end": end, "text": text[start:end], "label": "PERSON",
                         "attrs": "{}", "origin": "manual", "created_at": now, "updated_at": now,
                         "deleted_at": None}
                changes.append(Change("annotation", state["id"], doc_id, state, "create"))
        apply(p.db, who, changes)


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def bench_sync(server: Server, work: Path, events: int) -> dict[str, float]:
    url = server.create_database("sync")
    folder = work / "articles"
    folder.mkdir()
    n_docs = max(1, events // 5)
    (folder / "a.jsonl").write_text("".join(json.dumps({"text": text_of(n)}) + "\n"
                                            for n in range(n_docs)), encoding="utf-8")
    admin = work / "team.annotator"
    with Project.create(admin, annotator="pi") as p:
        p.import_paths([folder])
    with psycopg.connect(url) as conn, Project.open(admin) as p:
        publish(conn, p)
        add_member(conn, "alice", "alice")
        add_member(conn, "bob", "bob")
        assign(conn, ["alice", "bob"], overlap=1.0)
    a_path, b_path = work / "alice.annotator", work / "bob.annotator"
    hub_sync.clone(url.replace("user=hubadmin", "user=alice"), a_path, "alice")
    hub_sync.clone(url.replace("user=hubadmin", "user=bob"), b_path, "bob")
    annotate(a_path, "alice", events)
    annotate(b_path, "bob", events)
    shutil.copy(b_path, work / "bob-copy.annotator")

    def run(path: Path, who: str) -> hub_sync.SyncReport:
        with Project.open(path, annotator=who) as p:
            return hub_sync.sync(p)

    figures = {}
    figures["alice push"], report = timed(lambda: run(a_path, "alice"))
    assert report.pushed == events, report
    figures["bob push+pull"], report = timed(lambda: run(b_path, "bob"))
    assert report.pushed == events and report.added == events, report
    figures["alice pull"], report = timed(lambda: run(a_path, "alice"))
    assert report.added == events, report
    with Project.open(work / "bob-copy.annotator", annotator="bob") as p:
        figures["merge (baseline)"], merged = timed(lambda: p.merge(a_path, layers=["alice"]))
    assert merged.added == events
    return figures


def build_status_hub(server: Server, name: str, documents: int, annotators: int) -> str:
    url = server.create_database(name)
    names = [f"coder{n:02d}" for n in range(annotators)]
    with psycopg.connect(url) as conn:
        from annotator.hub.schema import migrate

        migrate(conn)
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("INSERT INTO hub.meta VALUES ('hub_id', %s), ('project', %s)",
                        [str(uuid.uuid4()), name])
            cur.execute("INSERT INTO hub.project_parts VALUES ('scheme', %s)",
                        [default_scheme_text()])
            with cur.copy("COPY hub.documents (uid, position, title, text) FROM STDIN") as copy:
                for n in range(documents):
                    copy.write_row((f"u{n:07d}", n + 1, f"Report {n}", text_of(n)))
        for who in names:
            add_member(conn, who, who)
        assign(conn, names, overlap=0.2, seed="bench")
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT doc_uid, annotator FROM hub.assignments ORDER BY doc_uid")
            rows = cur.fetchall()
            for who in names:
                cur.execute("INSERT INTO hub.clones (clone, role, annotator) VALUES (%s, %s, %s)",
                            [who, who, who])
            now = utcnow()
            with cur.copy("COPY hub.events (clone, origin_id, role, layer, who, ts, op, entity,"
                          " entity_id, doc_uid, after) FROM STDIN") as copy:
                origin = 0
                for uid, who in rows:
                    n = int(uid[1:])
                    if n % 2:  # half of each assignment done
                        continue
                    text = text_of(n)
                    for k, (start, end) in enumerate(spans_of(text, 3)):
                        label = "PERSON" if (k + n + len(who)) % 7 else "ORG"
                        state = {"id": f"{who}-{n}-{k}", "doc_id": 0, "layer": who,
                                 "kind": "MENTION", "start": start, "end": end,
                                 "text": text[start:end], "label": label, "attrs": "{}",
                                 "origin": "manual", "created_at": now, "updated_at": now,
                                 "deleted_at": None}
                        origin += 1
                        copy.write_row((who, origin, who, who, who, now, "create", "annotation",
                                        state["id"], uid, json.dumps(state)))
                    origin += 1
                    copy.write_row((who, origin, who, who, who, now, "set", "doc_status",
                                    json.dumps([uid, who]), uid,
                                    json.dumps({"status": "done", "seconds": 40.0,
                                                "updated_at": now})))
        conn.execute("ANALYZE")
    return url


def bench_status(server: Server, documents: int, annotators: int) -> dict[str, float]:
    figures = {}
    for label, n in (("baseline", documents // 10), ("full", documents)):
        url = build_status_hub(server, f"status{n}", n, annotators)
        runs = []
        with psycopg.connect(url) as conn:
            for _ in range(3):
                seconds, status = timed(lambda conn=conn: hub_status(conn))
                runs.append(seconds)
        figures[f"status {n:,} docs ({label})"] = statistics.median(runs)
        figures[f"  pairs / overlap docs done by both ({label})"] = (
            len(status["pairs"]), sum(p["documents"] for p in status["pairs"]))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--annotators", type=int, default=20)
    parser.add_argument("--only", choices=("sync", "status"))
    args = parser.parse_args()
    print(f"{platform.python_version()} on {platform.machine()}, {platform.platform()}")
    server = Server.start()
    work = Path(tempfile.mkdtemp(prefix="bench-hub-"))
    try:
        if args.only != "status":
            sync_figures = bench_sync(server, work, args.events)
            for name, seconds in sync_figures.items():
                print(f"{name:<28} {seconds:7.2f} s")
            base = sync_figures["merge (baseline)"]
            print(f"ratio alice pull / merge      {sync_figures['alice pull'] / base:5.2f}")
        if args.only != "sync":
            for name, value in bench_status(server, args.documents, args.annotators).items():
                print(f"{name:<52} {value if isinstance(value, tuple) else f'{value:.3f} s'}")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
