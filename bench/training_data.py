"""The starter model's training sentences (resources/training), in the one-line format
`{"text", "label": TYPE or None, "holder", "target", "source", "doc"}`.

Wikinews sentences (CC BY 2.5) are committed with their text. PLOVER records (CC BY-SA 4.0)
are committed as references only (record id, mapped label and actors, sha256 of the text):
their text is read here from ../shared/corpora/plover and checked against the hash.

    python -m bench.training_data OUT.jsonl     # every sentence available, one per line
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TRAINING = REPO / "resources" / "training"
CORPORA = Path(os.environ.get("STANCE_SHARED_DIR", REPO.parent / "shared")) / "corpora"
PLOVER = Path("plover") / "plover-dev.jsonl"
FIELDS = ("text", "label", "holder", "target", "source", "doc")


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def wikinews_sentences() -> list[dict[str, Any]]:
    """The labelled Wikinews sentences, text included."""
    return _lines(TRAINING / "wikinews.jsonl")


def plover_sentences(corpora: Path | None = None) -> list[dict[str, Any]]:
    """The PLOVER references joined with their text; FileNotFoundError without the corpus."""
    path = (corpora or CORPORA) / PLOVER
    if not path.is_file():
        raise FileNotFoundError(f"PLOVER records not found at {path}")
    records = _lines(path)
    out = []
    for ref in _lines(TRAINING / "plover-refs.jsonl"):
        record = records[ref["line"] - 1]  # by line: PLOVER repeats one id for two records
        text = record["text"]
        if record["id"] != ref["doc"] or _sha256(text) != ref["text_sha256"]:
            raise ValueError(f"PLOVER record {ref['doc']} changed since it was labelled")
        out.append({"text": text} | {k: ref[k] for k in FIELDS[1:]})
    return out


def training_sentences(corpora: Path | None = None, *, require_plover: bool = False
                       ) -> list[dict[str, Any]]:
    """Wikinews sentences, then PLOVER's where the corpus is here (or an error if required)."""
    out = wikinews_sentences()
    try:
        out += plover_sentences(corpora)
    except FileNotFoundError as exc:
        if require_plover:
            raise
        print(f"{exc}; training on the Wikinews sentences only", file=sys.stderr)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m bench.training_data OUT.jsonl")
    rows = training_sentences()
    with open(sys.argv[1], "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=True) + "\n")
    print(f"{len(rows)} sentence(s) written", file=sys.stderr)
