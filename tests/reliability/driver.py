"""A separate process that works on a project the way a user does, for the reliability tests.

Run with `sys.executable` (never imported by pytest):

    driver.py annotate PROJECT --who alice --seed 7 --actions 200   acks on stdout
    driver.py import PROJECT FILE                                     progress + done on stdout
    driver.py serve                                                   a fork server, see below
    driver.py hold PROJECT                                            two Projects, as the window

`hold` opens the project twice, as the window does (the task runner's connection and a
background job's), then reads commands from stdin: `write` annotates through the first and
acks the event id, `open` opens and closes a third Project, `quit` closes both.

Every action that has *returned* is acknowledged with one line, written with a single
`os.write` straight after the call returns: once the line is in the pipe the kernel has it, so a
SIGKILL a microsecond later cannot take it back. The test then holds the file to every
acknowledged action. An `annotate` ack carries the event id the action logged and its `after`
state, read back from the file, so the test can compare.

`serve` exists because starting Python and importing the annotator costs ~0.5 s, and the crash
test wants dozens of victims: the server imports everything once (it opens no database), then
forks one child per JSON command read from stdin, answers with the child's pid, and reaps it on
request. Each child is a real process with its own SQLite connection, writing its acks to a FIFO
the test reads, and it is killed with SIGKILL by the test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.core.errors import AnnotatorError
from annotator.formats.reading import ImportOptions
from annotator.project import Project

STATEMENTS = ("COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT")
MENTIONS = ("PERSON", "ORG", "GPE", "NORP")
SLOTS = {"polarity": ("SUPPORT", "OPPOSE", "NEUTRAL", "MIXED"),
         "strength": ("FIRM", "QUALIFIED", "TENTATIVE", "UNDERSPECIFIED"),
         "holder": ("USA", "KOR", "PRK", "CHN")}
STATUSES = ("todo", "done", "skipped", "flagged")


def _emit(fd: int, item: dict[str, Any]) -> None:
    """One line, one write(2): a line is either wholly in the pipe or not at all."""
    os.write(fd, (json.dumps(item, sort_keys=True) + "\n").encode("utf-8"))


def _last_event(project: Project) -> tuple[int, str, str, Any]:
    row = project.db.execute(
        "SELECT id, entity, entity_id, after FROM events WHERE who = ? ORDER BY id DESC LIMIT 1",
        [project.annotator]).fetchone()
    if row is None:
        return 0, "", "", None
    return row[0], row[1], row[2], json.loads(row[3]) if row[3] else None


def _one_action(project: Project, rng: random.Random, docs: list[tuple[int, int]],
                mine: list[str]) -> None:
    """One random user action; refusals (nothing to undo, ...) are part of normal use."""
    doc_id, length = rng.choice(docs)
    roll = rng.random()
    if roll < 0.35 or not mine:
        start = rng.randrange(0, length - 1)
        end = min(length, start + rng.randint(1, 60))
        if rng.random() < 0.5:
            attrs = {"polarity": rng.choice(SLOTS["polarity"])}
            created = project.annotate(doc_id, start, end, rng.choice(STATEMENTS), attrs)
        else:
            created = project.annotate(doc_id, start, end, rng.choice(MENTIONS))
        mine.append(created.id)
    elif roll < 0.50:
        target = rng.choice(mine)
        annotation = project.db.execute("SELECT kind FROM annotations WHERE id = ?",
                                        [target]).fetchone()
        if annotation and annotation[0] == "STATEMENT":
            slot = rng.choice(sorted(SLOTS))
            project.set_slot(target, slot, rng.choice(SLOTS[slot]))
        else:
            project.update_annotation(target, label=rng.choice(MENTIONS))
    elif roll < 0.60:
        project.delete_annotation(rng.choice(mine))
    elif roll < 0.65:
        project.restore_annotation(rng.choice(mine))
    elif roll < 0.77:
        project.set_status(doc_id, rng.choice(STATUSES), add_seconds=rng.random() * 30)
    elif roll < 0.82:
        project.set_doc_label(doc_id, "relevance", rng.choice(("RELEVANT", "PARTIAL", "NO", None)))
    elif roll < 0.93:
        project.undo()
    else:
        project.redo()


def _wait_until(start_at: float | None) -> None:
    """Processes started together begin together, so their writes really overlap."""
    if start_at is not None:
        time.sleep(max(0.0, start_at - time.time()))


def annotate(path: Path, who: str, seed: int, actions: int, out: int,
             start_at: float | None = None) -> None:
    rng = random.Random(seed)
    with Project.open(path, annotator=who) as project:
        docs = [(row[0], row[1]) for row in project.db.execute(
            "SELECT id, length(text) FROM documents WHERE length(text) > 2 ORDER BY id")]
        mine = [row[0] for row in project.db.execute(
            "SELECT id FROM annotations WHERE layer = ?", [who])]
        last, *_ = _last_event(project)
        _emit(out, {"ready": True, "last_event": last})
        _wait_until(start_at)
        for n in range(actions):
            try:
                _one_action(project, rng, docs, mine)
            except AnnotatorError:
                continue  # refused (e.g. restore of a live annotation): nothing was written
            event, entity, key, after = _last_event(project)
            if event != last:
                last = event
                _emit(out, {"n": n, "event": event, "entity": entity, "key": key, "after": after})
        _emit(out, {"finished": True})


def import_file(path: Path, source: Path, out: int, start_at: float | None = None,
                create: bool = False) -> None:
    steps = [0]

    def progress(done: int, total: int, _current: str) -> None:
        percent = 100 * done // max(total, 1)
        if percent >= steps[0] + 5:  # a line per 5 %, not per record
            steps[0] = percent
            _emit(out, {"progress": percent})

    _wait_until(start_at if create else None)  # creating: the opening is what races
    with Project.open(path, annotator="importer", create=create) as project:
        _emit(out, {"ready": True})
        _wait_until(None if create else start_at)
        report = project.import_paths([source], ImportOptions(), progress)
        _emit(out, {"done": True, "imported": report.imported, "errors": report.errors})


def hold(path: Path, out: int) -> None:
    runner = Project.open(path, annotator="window")
    job = Project.open(path, annotator="window")  # the background job's connection
    doc_id, length = runner.db.execute("SELECT id, length(text) FROM documents LIMIT 1").fetchone()
    _emit(out, {"ready": True})
    n = 0
    for line in sys.stdin:
        command = line.strip()
        if command == "write":
            n += 1
            runner.annotate(doc_id, n % (length - 1), n % (length - 1) + 1, "PERSON")
            _emit(out, {"event": _last_event(runner)[0]})
        elif command == "open":
            Project.open(path, annotator="window").close()
            _emit(out, {"opened": True})
        elif command == "quit":
            break
    job.close()
    runner.close()
    _emit(out, {"finished": True})


def _run(command: dict[str, Any], out: int) -> None:
    if command["mode"] == "annotate":
        annotate(Path(command["project"]), command["who"], command["seed"], command["actions"], out,
                 command.get("start_at"))
    elif command["mode"] == "import":
        import_file(Path(command["project"]), Path(command["source"]), out, command.get("start_at"),
                    command.get("create", False))
    else:
        raise ValueError(f"unknown mode {command['mode']!r}")


def serve() -> None:
    """Fork a child per command line; the parent never touches a database."""
    for line in sys.stdin:
        command = json.loads(line)
        if "reap" in command:
            _, status = os.waitpid(command["reap"], 0)
            print(json.dumps({"status": status}), flush=True)
            continue
        pid = os.fork()
        if pid == 0:  # the child: run, report through the FIFO, never return into the loop
            code = 0
            try:
                out = os.open(command["fifo"], os.O_WRONLY)
                _run(command, out)
            except BaseException:
                traceback.print_exc()
                code = 1
            os._exit(code)
        print(json.dumps({"pid": pid}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    one = sub.add_parser("annotate")
    one.add_argument("project")
    one.add_argument("--who", default="alice")
    one.add_argument("--seed", type=int, default=0)
    one.add_argument("--actions", type=int, default=100)
    two = sub.add_parser("import")
    two.add_argument("project")
    two.add_argument("source")
    for each in (one, two):
        each.add_argument("--start-at", type=float, help="wall-clock time.time() to begin at")
    sub.add_parser("serve")
    sub.add_parser("hold").add_argument("project")
    args = parser.parse_args()
    if args.mode == "serve":
        serve()
    elif args.mode == "hold":
        hold(Path(args.project), sys.stdout.fileno())
    else:
        _run({"mode": args.mode, "project": args.project, "who": getattr(args, "who", None),
              "seed": getattr(args, "seed", 0), "actions": getattr(args, "actions", 0),
              "source": getattr(args, "source", None), "start_at": args.start_at},
             sys.stdout.fileno())


if __name__ == "__main__":
    main()
