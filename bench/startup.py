"""Cold start of the light commands (`annotator show/stats/docs/history`) and of the imports of a
small JSONL file into a new project (`import-layer`, `import`), against `import sqlite3`.

A script that loops over a corpus calls `annotator show P DOC --json` thousands of times, so each
call's start-up is most of its cost. Each command runs as a fresh interpreter
(`python -m annotator ...`), as a user's shell runs it, on a project of the 30 shipped sample
articles; the baseline is `python -c "import sqlite3"` from the same interpreter, the floor of any
Python command that reads SQLite. Bytecode is compiled first (as `pip install` does), so the
figures do not include compiling our own modules. Every round runs all commands back to back in a
rotating order; the machine is shared, so only medians over rounds taken moments apart mean
anything. The aim: `show` under 0.25 s. The imports read a doccano JSONL file of the same 30
articles with a few spans each into a project that does not exist yet (removed after each run),
so they show what a cold `annotator import-layer NEW FILE` pays before and around its records.

Usage: python bench/startup.py [ROUNDS] [--before TREE]
  ROUNDS    default 15
  --before  another checkout (e.g. `git worktree add /tmp/before COMMIT`) whose commands are run
            in the same rounds, for a before/after comparison in one run; the same interpreter and
            installed packages run both trees.
"""

from __future__ import annotations

import compileall
import csv
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.core.resources import resource as shipped  # noqa: E402


def small_doccano(out: Path) -> None:
    """The 30 sample articles as doccano JSONL, each with up to 5 capitalised phrases as spans."""
    with open(shipped("samples/wikinews-samples.csv"), newline="", encoding="utf-8") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    with out.open("w", encoding="utf-8") as fh:
        for text in texts:
            spans = [[m.start(), m.end(), "ORG"]
                     for m in re.finditer(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*", text)][:5]
            fh.write(json.dumps({"text": text, "label": spans, "meta": {"offsets": "code-points"}},
                                ensure_ascii=False) + "\n")


def remove_project(path: Path) -> None:
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        part.unlink(missing_ok=True)


def timed(argv: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of `argv` in a fresh process; `python -m
    annotator` imports the package of the tree it runs in (`cwd`)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    args = sys.argv[1:]
    before_tree = None
    if "--before" in args:
        i = args.index("--before")
        before_tree = Path(args[i + 1]).resolve()
        del args[i : i + 2]
    rounds = int(args[0]) if args else 15
    trees = {"": ROOT} if before_tree is None else {"": ROOT, "before: ": before_tree}
    for tree in trees.values():
        compileall.compile_dir(tree / "annotator", quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        py = [sys.executable]
        jsonl = Path(tmp) / "small.jsonl"
        small_doccano(jsonl)
        # name -> (argv, tree, a project the command creates, removed after each run)
        commands: dict[str, tuple[list[str], Path, Path | None]] = {
            "import sqlite3": ([*py, "-c", "import sqlite3"], ROOT, None)}
        for prefix, tree in trees.items():
            am = [*py, "-m", "annotator"]
            # each tree makes its own project: an older tree cannot open a newer schema
            path = Path(tmp) / f"{prefix.strip(': ') or 'now'}.annotator"
            subprocess.run([*am, "import", str(path), str(shipped("samples/wikinews-samples.csv"))],
                           env=env, cwd=tree, check=True, capture_output=True)
            new = path.with_name(f"new-{path.name}")
            commands.update({
                f"{prefix}show --json": ([*am, "show", str(path), "1", "--json"], tree, None),
                f"{prefix}stats": ([*am, "stats", str(path)], tree, None),
                f"{prefix}docs --limit 5": ([*am, "docs", str(path), "--limit", "5"], tree, None),
                f"{prefix}history --limit 5": ([*am, "history", str(path), "--limit", "5"], tree,
                                               None),
                f"{prefix}import-layer NEW jsonl": (
                    [*am, "import-layer", str(new), str(jsonl), "--layer", "x"], tree, new),
                f"{prefix}import NEW jsonl": ([*am, "import", str(new), str(jsonl)], tree, new),
            })
        for argv, tree, made in commands.values():  # warm the page cache
            timed(argv, env, tree)
            if made is not None:
                remove_project(made)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for r in range(rounds):
            for name in names[r % len(names):] + names[: r % len(names)]:
                argv, tree, made = commands[name]
                wall, cpu = timed(argv, env, tree)
                if made is not None:
                    remove_project(made)
                walls[name].append(wall)
                cpus[name].append(cpu)
    print(f"{rounds} rounds, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}"
          f" on {os.cpu_count()} cores; medians, wall (min-max) and CPU (user+system)")
    base_wall = statistics.median(walls["import sqlite3"])
    base_cpu = statistics.median(cpus["import sqlite3"])
    for name in commands:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"  {name:<31} wall {wall * 1000:6.1f} ms ({min(walls[name]) * 1000:.0f}-"
              f"{max(walls[name]) * 1000:.0f}) {wall / base_wall:5.1f}x   CPU {cpu * 1000:6.1f} ms"
              f" {cpu / base_cpu:5.1f}x import sqlite3")
    show = statistics.median(walls["show --json"])
    print(f"aim: show under 0.25 s -> {'met' if show < 0.25 else 'NOT met'} (wall {show:.3f} s,"
          f" fastest {min(walls['show --json']):.3f} s)")


if __name__ == "__main__":
    main()
