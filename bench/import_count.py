"""What counting the documents before an import costs, against the import itself.

The window's import progress reads "1,204 of 4,000 documents": the import first counts the
records of each file (`annotator.formats.counting`), reading line-based files once more. This
prints, for the same ~10k real article bodies as a JSONL file and as a CSV file (quoted bodies
with newlines), the time of the count and of `Project.import_paths`, both in this process, and
the share the count adds. Best of two runs each.
Usage: python bench/import_count.py [N]
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.formats.counting import count_documents
from annotator.project import Project
from bench.corpus_texts import n_texts, write_jsonl


def best(fn, runs: int = 2) -> tuple[float, object]:
    results = []
    for _ in range(runs):
        started = time.perf_counter()
        value = fn()
        results.append((time.perf_counter() - started, value))
    return min(results, key=lambda r: r[0])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    texts = list(n_texts(n))
    work = Path(tempfile.mkdtemp(prefix="bench-import-count-"))
    jsonl = write_jsonl(work / "articles.jsonl", texts)
    table = work / "articles.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "text"])
        writer.writerows(texts)

    def imported(source: Path) -> int:
        path = Path(tempfile.mkdtemp(dir=work)) / "p.annotator"
        with Project.create(path) as project:
            return project.import_paths([source]).imported

    print(f"{n:,} real article bodies")
    for source in (jsonl, table):
        count_s, counted = best(lambda s=source: count_documents(s))
        import_s, done = best(lambda s=source: imported(s))
        assert counted == done == n, (counted, done, n)
        mb = source.stat().st_size / 1e6
        print(f"  {source.suffix:<6} {mb:5.1f} MB  count {count_s * 1000:7.1f} ms "
              f"({mb / count_s:6.0f} MB/s)  import {import_s:5.2f} s ({mb / import_s:5.1f} MB/s)"
              f"  count adds {100 * count_s / import_s:4.1f} %")


if __name__ == "__main__":
    main()
