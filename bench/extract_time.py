"""CPU time of extraction alone (mentions, cues, candidate statements and their slots, with
the starter model), this checkout against another tree's `annotator`, on the same Docs.

Extraction is what the slot rules add to: the pipeline's own time does not change with them.
Each side runs in a process of its own (the other tree's code is imported first there),
several rounds, alternating; each round reads N real article bodies (../shared/corpora) and
one long document (the first 60 joined) through the built-in pipeline once, untimed, then
times `SuggestionExtractor.rows` over all of them three times and keeps the best. Printed:
the median of each side's rounds and their ratio (this checkout / other); the long document
alone likewise.

Usage: python bench/extract_time.py OTHER_TREE [N] [ROUNDS]
  e.g. git worktree add --detach /tmp/before REV; python bench/extract_time.py /tmp/before
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def measure(n: int) -> dict[str, float]:
    """Runs in the child: the `annotator` first on sys.path is the one measured."""
    from annotator.nlp.layout import layouts
    from annotator.project import Project
    from bench.corpus_texts import n_texts

    texts = [text for _, text in n_texts(n)]
    texts.append("\n\n".join(texts[:60]))
    with Project.create(Path(tempfile.mkdtemp()) / "t.annotator", annotator="bench") as p:
        suggester = p.load_suggester("builtin")
    batch = suggester.read([(text, i) for i, text in enumerate(texts)])
    cuts = [c for c, _ in layouts(batch.tokens, False)]
    rows = suggester.extract.rows
    best = long = float("inf")
    for _ in range(3):
        started = time.process_time()
        for text, facts, c in zip(batch.texts, batch.facts, cuts):
            rows(text, facts, c)
        best = min(best, time.process_time() - started)
        started = time.process_time()
        rows(batch.texts[-1], batch.facts[-1], cuts[-1])
        long = min(long, time.process_time() - started)
    return {"all": best, "long": long}


def run(tree: Path, n: int) -> dict[str, float]:
    code = (f"import sys, json, runpy; sys.path[:0] = [{str(tree)!r}, {str(REPO)!r}]; "
            f"measure = runpy.run_path({__file__!r})['measure']; "
            f"print(json.dumps(measure({n})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    other = Path(sys.argv[1]).resolve()
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    ours: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    for i in range(rounds):
        for tree, out in ((REPO, ours), (other, theirs))[:: 1 if i % 2 else -1]:
            out.append(run(tree, n))
    for key, what in (("all", f"{n} articles + 1 long"), ("long", "the long document")):
        a = statistics.median(r[key] for r in ours)
        b = statistics.median(r[key] for r in theirs)
        print(f"{what}: this checkout {a:.3f} s, other {b:.3f} s, ratio {a / b:.2f}")


if __name__ == "__main__":
    main()
