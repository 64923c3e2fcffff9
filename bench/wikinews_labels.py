"""Fold labelled Wikinews articles into the starter model's training data.

    python bench/wikinews_labels.py BATCH.json LABELS.jsonl [BATCH.json LABELS.jsonl ...]
                                    [--into resources/training/wikinews.jsonl] [--check]

A batch (`BATCH.json`) is the list of articles given to the labellers: `url`, `title` and
`sentences` = [{"text", ...}] in order, cut as the built-in pipeline cuts them. Its labels
(`LABELS.jsonl`) are one line per finished article: `{"article": j, "url", "n": number of
sentences, "statements": [{"i", "label", "holder", "target"}]}`; the article's sentences not
listed are decided negatives. Only complete lines count (a labelling file may be growing:
a last line without its newline is an article not finished yet).

Every line is checked before anything is written, and a line that fails any check is left out
and reported (file, line, what is wrong), never guessed at: the article index and URL match
the batch, `n` is its number of sentences, each statement's `i` is one of them (once), its
label a statement type of the scheme, holder and target actor ids of the registry (or null,
and not the same one), each sentence a piece of the article's text in the Wikinews corpus in
order, the article in neither the development gold set nor RESERVED.tsv, nor labelled twice.

The articles' sentences then replace any earlier lines of the same articles in `--into`
(so running it again on grown files gives the same result), after the lines of the other
articles, in the order the batches were given. `--check` writes nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.training_data import CORPORA, FIELDS, TRAINING  # noqa: E402

TYPES = ("COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT")
STATEMENT_KEYS = {"i", "label", "holder", "target", "note"}


class Problems(list):
    def add(self, where: str, what: str) -> None:
        self.append(f"{where}: {what}")


def actor_ids() -> set[str]:
    path = REPO / "resources" / "actors" / "actors.jsonl"
    return {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()}


def article_texts(corpora: Path) -> dict[str, str]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out: dict[str, str] = {}
    for path in sorted((corpora / "wikinews-cc-by").glob("wikinews_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            out.update((row["url"], row["text"]) for row in csv.DictReader(fh))
    return out


def excluded_documents(corpora: Path) -> dict[str, str]:
    """URL -> why it may not be training data (gold set, RESERVED.tsv)."""
    from tests.fixtures.gold.load import references, wikinews_records

    out = {str(r["meta"]["key"]): "in the development gold set" for r in wikinews_records()}
    out.update((str(r["key"]), "in the development gold set") for r in references())
    reserved = corpora / "RESERVED.tsv"
    if not reserved.is_file():
        raise SystemExit(f"{reserved} not found: cannot check that no article is kept for "
                         "evaluation")
    for line in reserved.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line and not line.startswith("#") and len(parts) == 3 and parts[0] == "wikinews-cc-by":
            out[parts[2]] = "kept for evaluation (RESERVED.tsv)"
    return out


def complete_lines(path: Path) -> tuple[list[tuple[int, str]], bool]:
    """(line number, text) of the finished lines, and whether an unfinished one was left."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    unfinished = lines[-1].strip() != ""
    return [(n, line) for n, line in enumerate(lines[:-1], 1) if line.strip()], unfinished


def convert(batch_path: Path, labels_path: Path, *, actors: set[str], texts: dict[str, str],
            excluded: dict[str, str], seen: set[str], problems: Problems
            ) -> list[list[dict[str, Any]]]:
    """Each good article of one batch as its training lines."""
    batch = json.loads(batch_path.read_text(encoding="utf-8"))
    lines, unfinished = complete_lines(labels_path)
    if unfinished:
        print(f"{labels_path.name}: last line not finished yet (left for a later run)",
              file=sys.stderr)
    out = []
    for number, line in lines:
        where = f"{labels_path.name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.add(where, f"not JSON ({exc.msg})")
            continue
        rows = _article(record, batch, where, actors, texts, excluded, problems)
        if rows is None:
            continue
        url = rows[0]["doc"]
        if url in seen:
            problems.add(where, f"article {url} labelled twice (the first one is kept)")
            continue
        seen.add(url)
        out.append(rows)
    return out


def _article(record: Any, batch: list[dict[str, Any]], where: str, actors: set[str],
             texts: dict[str, str], excluded: dict[str, str], problems: Problems
             ) -> list[dict[str, Any]] | None:
    before = len(problems)
    if not isinstance(record, dict) or not {"article", "url", "n", "statements"} <= set(record):
        problems.add(where, "needs article, url, n and statements")
        return None
    j = record["article"]
    if not isinstance(j, int) or not 0 <= j < len(batch):
        problems.add(where, f"article {j!r} is not an index of the batch (0..{len(batch) - 1})")
        return None
    article = batch[j]
    url = article["url"]
    sentences = [s["text"] for s in article["sentences"]]
    if record["url"] != url:
        problems.add(where, f"url {record['url']!r} is not article {j}'s ({url!r})")
    if record["n"] != len(sentences):
        problems.add(where, f"n = {record['n']!r} but article {j} has {len(sentences)} sentences")
    if url in excluded:
        problems.add(where, f"article {url} is {excluded[url]}")
    text = texts.get(url)
    if text is None:
        problems.add(where, f"article {url} is not in the Wikinews corpus")
    else:
        at = 0
        for k, sentence in enumerate(sentences):
            found = text.find(sentence, at)
            if found < 0:
                problems.add(where, f"sentence {k} is not in the article's text (in order)")
                break
            at = found + len(sentence)
    labels: dict[int, dict[str, Any]] = {}
    statements = record["statements"]
    if not isinstance(statements, list):
        problems.add(where, "statements is not a list")
        return None
    for s in statements:
        if not isinstance(s, dict) or not {"i", "label", "holder", "target"} <= set(s):
            problems.add(where, f"statement {s!r} needs i, label, holder and target")
            continue
        if set(s) - STATEMENT_KEYS:
            problems.add(where, f"statement {s['i']!r}: unknown keys {sorted(set(s) - STATEMENT_KEYS)}")
        i = s["i"]
        if not isinstance(i, int) or not 0 <= i < len(sentences):
            problems.add(where, f"statement i = {i!r} is not a sentence of the article")
            continue
        if i in labels:
            problems.add(where, f"sentence {i} labelled twice")
        if s["label"] not in TYPES:
            problems.add(where, f"sentence {i}: label {s['label']!r} is not a statement type")
        for slot in ("holder", "target"):
            if s[slot] is not None and s[slot] not in actors:
                problems.add(where, f"sentence {i}: {slot} {s[slot]!r} is not a registry actor id")
        if s["target"] is not None and s["target"] == s["holder"]:
            problems.add(where, f"sentence {i}: target is the holder ({s['holder']})")
        labels[i] = s
    if len(problems) > before:
        return None
    return [{"text": sentence, "label": labels[k]["label"] if k in labels else None,
             "holder": labels[k]["holder"] if k in labels else None,
             "target": labels[k]["target"] if k in labels else None,
             "source": "wikinews", "doc": url} for k, sentence in enumerate(sentences)]


def counts_row(rows: list[dict[str, Any]]) -> str:
    labels = Counter(r["label"] for r in rows)
    docs = len({r["doc"] for r in rows})
    cells = [str(docs), str(len(rows)), *(str(labels[t]) for t in TYPES), str(labels[None])]
    return "| `wikinews.jsonl` | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", type=Path, metavar="BATCH.json LABELS.jsonl")
    parser.add_argument("--into", type=Path, default=TRAINING / "wikinews.jsonl")
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    args = parser.parse_args()
    if len(args.pairs) % 2:
        parser.error("give batches and their labels in pairs")
    actors, texts, excluded = actor_ids(), article_texts(CORPORA), excluded_documents(CORPORA)
    problems = Problems()
    seen: set[str] = set()
    articles: list[list[dict[str, Any]]] = []
    for batch_path, labels_path in zip(args.pairs[::2], args.pairs[1::2]):
        found = convert(batch_path, labels_path, actors=actors, texts=texts, excluded=excluded,
                        seen=seen, problems=problems)
        print(f"{labels_path.name}: {len(found)} article(s), "
              f"{sum(len(a) for a in found)} sentence(s)", file=sys.stderr)
        articles.extend(found)
    for problem in problems:
        print(f"left out: {problem}", file=sys.stderr)
    kept = [json.loads(line) for line in args.into.read_text(encoding="utf-8").splitlines()
            if line.strip()] if args.into.exists() else []
    kept = [row for row in kept if row["doc"] not in seen]
    rows = kept + [row for article in articles for row in article]
    print(f"{len(articles)} article(s), {sum(len(a) for a in articles)} sentence(s) labelled; "
          f"{len(problems)} line(s) left out", file=sys.stderr)
    print(counts_row(rows))
    if args.check:
        return
    with args.into.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=True) + "\n")
    print(f"{len(rows)} sentence(s) -> {args.into}", file=sys.stderr)


if __name__ == "__main__":
    main()
