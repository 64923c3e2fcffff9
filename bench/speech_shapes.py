"""Holder, target and type of labelled statements by the shape of their reported speech: how
many statements of a set report words in each shape, and how many of those the suggestions
get right. What to read before changing how a reporting clause is read
(`annotator/nlp/carry.py`, `candidates.py`), and to see whether a change carries.

Shapes (read off the sentence with patterns of this script alone, so that they are the same
before and after a change of the annotator's rules; the first that fits):
  quoted      the sentence holds quotation marks (the reporting clause is read at the marks);
  closing     the reporting clause closes the sentence: "The talks will resume next week, Lam
              said.", "..., the minister told reporters on Sunday.", "..., said Lam.";
  according   "..., according to the ministry." closing it;
  middle      a reporting clause set off by commas inside: "The ceasefire, a senior official
              said, is holding.";
  that        indirect speech opened by its reporting clause: "X said (that) ...", "X told Y
              that ...", "X announced / insisted / warned that ...";
  other       none of these.
Per shape: statements, and the share right of holder, target, type (the suggestion's type
over the sentence, drawn or not: `SuggestionExtractor.scored`), of all three, and how many the
starter draws. `--list SHAPE` prints that shape's statements with what was got.

Usage: python bench/speech_shapes.py --set gold|basil|fnc|fnc1|fnc2|fnc3 [--set ...]
                                     [--list SHAPE] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.labelled_articles import FNC_ROUNDS
from bench.slot_errors import SETS, records_of
from bench.suggestion_quality import build_project

_VERB = (r"(?:said|says|say|told|tells|added|replied|stated|explained|wrote|tweeted|argued|"
         r"claimed|continued|noted|warned|insisted|announced|stressed|declared|reported|"
         r"confirmed|denied|acknowledged|asserted|maintained|emphasized|emphasised|"
         r"reiterated|urged|predicted|cautioned|conceded|admitted|suggested)")
_QUOTES = re.compile(r"[\"“”„«»]")
_CLOSING = re.compile(rf",\s+(?:(?:[\w.'’-]+\s+){{0,7}}?{_VERB}|{_VERB}\s+[\w.'’-]+)"
                      r"(?:\s+[^,;:]{0,60})?\.?\s*$")
_ACCORDING = re.compile(r",\s+according\s+to\s+[^,;:]{2,80}\.?\s*$")
_MIDDLE = re.compile(rf",\s+(?:[\w.'’-]+\s+){{0,6}}?{_VERB}(?:\s+[\w.'’-]+){{0,4}},\s+\w")
_THAT = re.compile(rf"^\W*(?:[^,;:]{{0,80}}?\s)?{_VERB}\s+(?:(?:[\w.'’-]+\s+){{0,5}}?that\b|"
                   r"(?=[A-Za-z]))")
SHAPES = ("quoted", "closing", "according", "middle", "that", "other")


def shape(sentence: str) -> str:
    """The shape of the sentence's reported speech (see the module docstring)."""
    sentence = " ".join(sentence.split())
    if _QUOTES.search(sentence):
        return "quoted"
    if _ACCORDING.search(sentence):
        return "according"
    if _CLOSING.search(sentence):
        return "closing"
    if _MIDDLE.search(sentence):
        return "middle"
    if _THAT.match(sentence):
        return "that"
    return "other"


def measure(name: str, records: list[dict[str, Any]], model: str, folder: Path
            ) -> tuple[dict[str, list[int]], list[tuple[str, str]]]:
    """Per shape: [statements, holder right, target right, type right, all right, drawn];
    and each statement's shape with a line saying what was got."""
    from annotator.nlp.candidates import sentence_bounds
    from annotator.nlp.layout import layouts
    from annotator.store import suggestions as suggestion_store

    project = build_project(records, folder, name)
    gold = {}
    for doc_id, start, end, label, attrs in project.db.execute(
            "SELECT doc_id, start, end, label, attrs FROM annotations WHERE layer = 'gold' "
            "AND kind = 'STATEMENT' AND deleted_at IS NULL"):
        attrs = json.loads(attrs or "{}")
        gold[doc_id, start, end] = (attrs.get("holder") or None, attrs.get("target") or None,
                                    attrs.get("type") or label)
    suggester = project.load_suggester(model)
    extract = suggester.extract
    doc_ids = [row[0] for row in project.db.execute("SELECT id FROM documents ORDER BY id")]
    batch = suggester.read(suggestion_store.texts(project.db, doc_ids))
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    lines = []
    for doc_id, text, facts, (cuts, _) in zip(batch.doc_ids, batch.texts, batch.facts,
                                              layouts(batch.tokens, False)):
        starts, ends = sentence_bounds(text, cuts)
        rules = extract.rule_candidates(text, facts, starts, ends)
        for k, (row, drawn) in enumerate(extract.scored(text, facts, starts, ends, dict(rules))):
            expected = gold.get((doc_id, row[0], row[1]))
            if expected is None:
                continue
            sentence = text[row[0]:row[1]]
            got = (row[4] or None, row[7].get("target") or None, row[3])
            right = [a == b for a, b in zip(got, expected)]
            kind = shape(sentence)
            for c in (counts[kind], counts["all"]):
                c[0] += 1
                for i, ok in enumerate(right):
                    c[1 + i] += ok
                c[4] += all(right)
                c[5] += drawn
            marks = "".join("HTY"[i] if not ok else "." for i, ok in enumerate(right))
            lines.append((kind, f"[{doc_id}:{k}{'*' if drawn else ''}{'r' if k in rules else ''}]"
                          f" {marks} gold={'/'.join(map(str, expected))} "
                          f"got={'/'.join(map(str, got))}\n   {' '.join(sentence.split())[:300]}"))
    project.close()
    return counts, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="builtin")
    parser.add_argument("--set", action="append", choices=(*SETS, *FNC_ROUNDS))
    parser.add_argument("--list", choices=SHAPES, action="append", default=[])
    args = parser.parse_args()
    print("| set | shape | statements | holder | target | type | all three | drawn |")
    print("|---|---|---|---|---|---|---|---|")
    listed = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.set or ["gold"]:
            records, note = records_of(name, None)
            if not records:
                print(f"{name}: no records ({note or 'corpus absent'})", file=sys.stderr)
                continue
            counts, lines = measure(name, records, args.model, Path(tmp))
            for kind in (*SHAPES, "all"):
                n, h, t, y, a, d = counts.get(kind, [0] * 6)
                if n:
                    print(f"| {name} | {kind} | {n} | {h} ({h / n:.2f}) | {t} ({t / n:.2f}) | "
                          f"{y} ({y / n:.2f}) | {a} ({a / n:.2f}) | {d} |")
            listed += [(name, line) for kind, line in lines if kind in args.list]
    for name, line in listed:
        print(f"{name} {line}")


if __name__ == "__main__":
    main()
