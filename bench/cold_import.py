"""A cold one-pass `annotator import-layer NEW FILE --layer bench`, as a user's shell runs it.

The input is bench/bulk_import.py's (N FNC-1 bodies with ~9.5 capitalised-phrase spans each, as
doccano JSONL). Each round, in a rotating order, runs in fresh processes:
  command     `python -m annotator import-layer NEW FILE --layer bench` (creates the project)
  in process  the same import timed inside a process (`Project.create_with` with
              `import_layer`, bulk_import.py's "one pass"): the records with creating, closing
              and placing the project, as the command does them, without start-up or exit
  sqlite3     `python -c "import sqlite3"`, the floor of any Python command
and, with --before TREE, the command from another checkout (`git worktree add /tmp/before C`).
Prints medians and ranges of wall time and of CPU time (user + system of the child: SQLite
runs in it) and the command's CPU beside the in-process import's: the difference is what a cold
command pays besides its records. Bytecode is compiled first, as `pip install` leaves it.

Usage: python bench/cold_import.py [N] [--rounds R] [--before TREE]   (N 10000, R 5)
"""

from __future__ import annotations

import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bulk_import import build_input  # noqa: E402
from bench.startup import remove_project  # noqa: E402

IN_PROCESS = """
import os, sys, time
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")  # as the command does (annotator/cli)
from pathlib import Path
import srsly  # loaded before the clock starts: this times the records alone
from annotator.formats.export_options import LayerImportOptions
from annotator.project import Project
options = LayerImportOptions(format="auto", layer="bench")
started = time.process_time()
report, created = Project.create_with(Path(sys.argv[1]),
                                      lambda p: p.import_layer(Path(sys.argv[2]), options),
                                      lambda _: True, annotator="bench")
print(time.process_time() - started)
assert created and not report.problems and report.documents_added, report.summary()
"""


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time, CPU time (user + system) and standard output of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), \
        done.stdout


def main() -> None:
    args = sys.argv[1:]
    before_tree = rounds = None
    if "--before" in args:
        i = args.index("--before")
        before_tree = Path(args[i + 1]).resolve()
        del args[i : i + 2]
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds = int(args[i + 1])
        del args[i : i + 2]
    n = int(args[0]) if args else 10000
    rounds = rounds or 5
    trees = {"command": ROOT} if before_tree is None else {"command": ROOT,
                                                            "before: command": before_tree}
    for tree in trees.values():
        compileall.compile_dir(tree / "annotator", quiet=1)
    # the user's environment as it is, with bytecode written as usual
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        source, new = Path(tmp) / "layer.jsonl", Path(tmp) / "new.annotator"
        spans = build_input(n, source)
        runs: dict[str, tuple[list[str], Path]] = {
            "sqlite3": ([py, "-c", "import sqlite3"], ROOT),
            "in process": ([py, "-c", IN_PROCESS, str(new), str(source)], ROOT),
        }
        for name, tree in trees.items():
            runs[name] = ([py, "-m", "annotator", "import-layer", str(new), str(source),
                           "--layer", "bench"], tree)
        walls: dict[str, list[float]] = {name: [] for name in runs}
        cpus: dict[str, list[float]] = {name: [] for name in runs}
        inner: list[float] = []
        names = list(runs)
        for r in range(rounds):
            for name in names[r % len(names):] + names[: r % len(names)]:
                remove_project(new)
                wall, cpu, out = run(*runs[name], env)
                walls[name].append(wall)
                cpus[name].append(cpu)
                if name == "in process":
                    inner.append(float(out.strip().splitlines()[-1]))
            remove_project(new)
    print(f"{n} FNC-1 bodies, {spans} spans; {rounds} rounds, load average"
          f" {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; medians (min-max), seconds")
    for name in runs:
        c, w = cpus[name], walls[name]
        print(f"  {name:<16} CPU {statistics.median(c):6.2f} ({min(c):.2f}-{max(c):.2f})"
              f"   wall {statistics.median(w):6.2f} ({min(w):.2f}-{max(w):.2f})")
    print(f"  the import alone, timed inside its process: CPU {statistics.median(inner):.2f}"
          f" ({min(inner):.2f}-{max(inner):.2f})")
    for name in trees:
        extra = statistics.median(cpus[name]) - statistics.median(inner)
        print(f"{name}: {extra:.2f} s of CPU besides the records (median against the import"
              f" timed inside its process)")
    cold = statistics.median(cpus["command"])
    if n == 10000:
        print(f"aim: a cold one pass in about 3 s of CPU -> {'met' if cold <= 3.05 else 'NOT met'}"
              f" (median {cold:.2f} s, fastest {min(cpus['command']):.2f} s)")


if __name__ == "__main__":
    main()
