"""Holder and target mistakes of the suggestions on the development gold set (or PLOVER's
records, `--set plover`), sentence by sentence with the sentence before it: what to read
before changing the slot rules (`annotator/nlp/candidates.py`, `annotator/nlp/holders.py`).

Every gold statement is scored (`SuggestionExtractor.scored`, the starter model's slots for
every sentence): accuracy over all of them, and over those the model draws (what `evaluate`
counts). A mistake prints as `[doc:sentence*] HT gold=HOLDER/TARGET got=HOLDER/TARGET`
(`*` drawn, `r` the rules drew it too; H and T mark the wrong slot). Nothing here reads a
document of RESERVED.tsv.

Usage: python bench/slot_errors.py [--set gold|plover] [--model NAME] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.suggestion_quality import build_project, gold_records, plover_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="builtin")
    parser.add_argument("--set", choices=("gold", "plover"), default="gold")
    parser.add_argument("--quiet", action="store_true", help="figures only")
    args = parser.parse_args()
    from annotator.nlp.candidates import sentence_bounds
    from annotator.nlp.layout import layouts
    from annotator.store import suggestions as suggestion_store

    records = gold_records() if args.set == "gold" else plover_records()
    project = build_project(records, Path(tempfile.mkdtemp()), args.set)
    gold = {}
    for doc_id, start, end, attrs in project.db.execute(
            "SELECT doc_id, start, end, attrs FROM annotations WHERE layer = 'gold' "
            "AND kind = 'STATEMENT' AND deleted_at IS NULL"):
        attrs = json.loads(attrs or "{}")
        gold[doc_id, start, end] = (attrs.get("holder") or None, attrs.get("target") or None)
    suggester = project.load_suggester(args.model)
    extract = suggester.extract
    doc_ids = [row[0] for row in project.db.execute("SELECT id FROM documents ORDER BY id")]
    batch = suggester.read(suggestion_store.texts(project.db, doc_ids))
    counts = {"all": [0, 0, 0], "drawn": [0, 0, 0]}
    mistakes = []
    for doc_id, text, facts, (cuts, _) in zip(batch.doc_ids, batch.texts, batch.facts,
                                              layouts(batch.tokens, False)):
        starts, ends = sentence_bounds(text, cuts)
        rules = extract.rule_candidates(text, facts, starts, ends)
        for k, (row, drawn) in enumerate(extract.scored(text, facts, starts, ends, rules)):
            expected = gold.get((doc_id, row[0], row[1]))
            if expected is None:
                continue
            got = (row[4] or None, row[7].get("target") or None)
            for key in ("all", "drawn") if drawn else ("all",):
                counts[key][0] += 1
                counts[key][1] += got[0] == expected[0]
                counts[key][2] += got[1] == expected[1]
            if got != expected:
                before = text[starts[k - 1]:ends[k - 1]] if k else ""
                mistakes.append((f"[{doc_id}:{k}{'*' if drawn else ''}{'r' if k in rules else ''}]"
                                 f" {'H' if got[0] != expected[0] else ' '}"
                                 f"{'T' if got[1] != expected[1] else ' '}"
                                 f" gold={expected[0]}/{expected[1]} got={got[0]}/{got[1]}",
                                 before[-150:], text[row[0]:row[1]][:400]))
    print(f"pipeline {suggester.key}")
    for key, (n, holder, target) in counts.items():
        print(f"{key}: {n} gold statements, holder {holder / n:.3f}, target {target / n:.3f}")
    if not args.quiet:
        for head, before, sentence in mistakes:
            print(f"\n{head}\n   before: {' '.join(before.split())}\n   "
                  f"sentence: {' '.join(sentence.split())}")


if __name__ == "__main__":
    main()
