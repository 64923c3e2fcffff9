"""Real article bodies from ../shared/corpora for benchmarks (never shipped, never committed)."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = Path(os.environ.get("STANCE_SHARED_DIR", REPO.parent / "shared")) / "corpora"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def article_bodies() -> list[tuple[str, str]]:
    """(title, text) of every real article body available: FNC-1, Wikinews, BASIL."""
    if not CORPORA.is_dir():
        raise SystemExit(f"corpora not found at {CORPORA}; benchmarks need ../shared/corpora")
    out: list[tuple[str, str]] = []
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with (CORPORA / "fnc-1" / name).open(newline="", encoding="utf-8") as fh:
            out.extend((f"FNC body {r['Body ID']}", r["articleBody"]) for r in csv.DictReader(fh))
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with (CORPORA / "wikinews-cc-by" / name).open(newline="", encoding="utf-8") as fh:
            out.extend((r["title"], r["text"]) for r in csv.DictReader(fh))
    basil = CORPORA / "basil" / "derived" / "basil_docs_with_abs_spans.jsonl"
    if basil.exists():
        for line in basil.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("text"):
                out.append((record.get("title") or "", record["text"]))
    unique = {}
    for title, text in out:
        if text.strip():
            unique.setdefault(" ".join(text.split()), (title, text))
    return list(unique.values())


def n_texts(n: int) -> Iterator[tuple[str, str]]:
    """n distinct (title, text): real bodies, cycled with a copy marker once they run out."""
    bodies = article_bodies()
    for i in range(n):
        title, text = bodies[i % len(bodies)]
        copy = i // len(bodies)
        yield (title, text if copy == 0 else f"{text}\n\n[copy {copy}]")


def write_jsonl(path: Path, texts: list[tuple[str, str]]) -> Path:
    """(title, text) pairs as the JSONL file an import reads, one record a line."""
    with path.open("w", encoding="utf-8") as fh:
        for title, text in texts:
            fh.write(json.dumps({"title": title, "text": text}) + "\n")
    return path
