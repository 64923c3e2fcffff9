"""Holder and target of the suggestions against labelled statements, with the mistakes sorted
by kind: what to read before changing the slot rules (`annotator/nlp/candidates.py`,
`annotator/nlp/holders.py`), and how they do on text they were not written from.

Sets (`--set`, several allowed, `all` = every one):
  gold      the development gold set (tests/fixtures/gold): the rules were studied on it.
  training  the starter model's Wikinews articles (resources/training/wikinews.jsonl) rebuilt
            whole (`bench/labelled_articles.py`), less those of the labelling round where
            `--labels` is given: not studied by the slot rules; the model was trained on
            them, so its detection there is not held out.
  labels    Wikinews articles of a labelling round (`--labels DIR`: batch-K.json +
            out-K.jsonl): held out from the rules, and from the starter model until they are
            folded into its training data (`bench/wikinews_labels.py`).
  basil     BASIL articles (US political news) of a labelling round (basil-K.json +
            basil-out-K.jsonl; without --labels, the committed references in
            tests/fixtures/rounds), text read from ../shared: held out from rules and model.
  fnc       FNC-1 bodies of a labelling round (fnc-K.json + fnc-out-K.jsonl), likewise: every
            round of the folder (the committed four); fnc1 … fnc4: one alone.
  plover    PLOVER's one-sentence records (holder/target from the team's mapping).

Figures per set, holder and target accuracy over:
  all      every gold statement, with the slot logic applied to its sentence whether or not
           the model draws it (`SuggestionExtractor.scored`): slot extraction alone;
  drawn    the gold statements the starter model draws;
  rules    the gold statements the rules alone draw (`rule_candidates`, no model);
  main     every gold statement, with the article's main actor as holder and no target: the
           baseline that says how much of a set any rule gets for free;
  found    what `annotator evaluate` reports after `suggest`: statements the product's
           suggestions find (covering at least half of a gold statement), with its recall.
Then the mistakes over `all`, counted by kind (`--kinds` lists each kind's sentences; without
`--quiet`, every mistake prints as `[doc:sentence*r] HT gold=H/T got=H/T`, `*` drawn by the
model, `r` by the rules, H and T the wrong slot). Nothing here reads a document of RESERVED.tsv.

Usage: python bench/slot_errors.py [--set gold|training|labels|basil|fnc|fnc1|fnc2|fnc3|fnc4|plover|all ...]
                                   [--labels DIR] [--model NAME] [--quiet] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.labelled_articles import FNC_ROUNDS
from bench.suggestion_quality import build_project, gold_records, plover_records

SETS = ("gold", "training", "labels", "basil", "fnc", "plover")
ROUND_ALONE = FNC_ROUNDS  # one FNC-1 round (not in `all`: `fnc` holds them all)


def records_of(name: str, labels: Path | None) -> tuple[list[dict[str, Any]], str]:
    """The set's records and a note on what was left out."""
    from bench import labelled_articles

    if name == "gold":
        return gold_records(), ""
    if name == "plover":
        return plover_records(), ""
    if name == "training":
        records, skipped = labelled_articles.training_records()
        if labels is not None:  # the round's own articles count in `labels` alone
            round_urls = {key for key, _ in labelled_articles.labelled_articles(
                labels, labelled_articles.actor_ids(), "labels")[0]}
            skipped["in the labelling round"] = sum(
                r["meta"]["key"] in round_urls for r in records)
            records = [r for r in records if r["meta"]["key"] not in round_urls]
        return records, f"left out: {skipped}"
    if labels is None and name == "labels":
        return [], "no --labels DIR given"
    folder = labels if labels is not None else labelled_articles.ROUNDS_DIR
    records, skipped, problems = labelled_articles.label_records(folder, labelled_articles.actor_ids(), name)
    for problem in problems:
        print(f"malformed: {problem}", file=sys.stderr)
    return records, f"left out: {skipped}"


def _sentence_states(extract: Any, text: str, facts: Any, start: int, end: int) -> list[str]:
    """The actors (at the scheme's level) the sentence's linked mentions name, in order."""
    out = []
    for e_start, e_end, _, ent_id in facts.ents:
        if start <= e_start and e_end <= end:
            if ent_id.startswith("?"):
                ent_id = ent_id[1:] if "|" not in ent_id else ""
            actor = ent_id or extract.alias_index.get(text[e_start:e_end])
            if actor:
                out.append(extract.state_of(actor))
    return out


def holder_kind(gold: str | None, got: str | None, named: list[str], piece: bool,
                actor_type: str | None) -> str:
    """Why the holder is wrong, in the words of the slot rules."""
    if gold is None:
        return "holder where gold has none"
    if piece:
        return "quotation piece"
    if gold not in named:
        return "speaker named in an earlier sentence" + (" (got none)" if got is None else "")
    if got is None:
        return "named in the sentence, none proposed"
    if actor_type and actor_type != "STATE":
        return "named, another chosen (gold an organisation or group)"
    return "named, another chosen"


def target_kind(gold: str | None, got: str | None, named: list[str], holder: str | None) -> str:
    if gold is None:
        return "target where gold has none" + (" (got = gold holder)" if got == holder else "")
    if got is None:
        return "missed, " + ("named in the sentence" if gold in named else "not named there")
    return "another chosen" + ("" if gold in named else " (gold not named there)")


def score_set(name: str, records: list[dict[str, Any]], model: str, folder: Path
              ) -> dict[str, Any]:
    """The set's figures (see the module docstring) and its mistakes."""
    from annotator.nlp import holders
    from annotator.nlp.candidates import sentence_bounds
    try:
        from annotator.nlp.quotes import quote_goes_on
    except ImportError:  # revisions before it had its own module
        from annotator.nlp.holders import quote_goes_on  # type: ignore[attr-defined,no-redef]

    try:
        from annotator.nlp.no_holder import NOBODY as nobody
    except ImportError:  # absent from revisions before that rule, or in `holders` alone
        nobody = getattr(holders, "NOBODY", None)
    from annotator.nlp.layout import layouts
    from annotator.store import suggestions as suggestion_store

    project = build_project(records, folder, name)
    gold = {}
    for doc_id, start, end, attrs in project.db.execute(
            "SELECT doc_id, start, end, attrs FROM annotations WHERE layer = 'gold' "
            "AND kind = 'STATEMENT' AND deleted_at IS NULL"):
        attrs = json.loads(attrs or "{}")
        gold[doc_id, start, end] = (attrs.get("holder") or None, attrs.get("target") or None)
    suggester = project.load_suggester(model)
    extract = suggester.extract
    types = {actor_id: actor.type for actor_id, actor in extract.actors.items()}
    doc_ids = [row[0] for row in project.db.execute("SELECT id FROM documents ORDER BY id")]
    batch = suggester.read(suggestion_store.texts(project.db, doc_ids))
    counts = {key: [0, 0, 0] for key in ("all", "drawn", "rules", "main")}
    mistakes, kinds = [], Counter()
    for doc_id, text, facts, (cuts, _) in zip(batch.doc_ids, batch.texts, batch.facts,
                                              layouts(batch.tokens, False)):
        starts, ends = sentence_bounds(text, cuts)
        rules = extract.rule_candidates(text, facts, starts, ends)
        main = extract.document_actors(text, facts).main
        scored = (extract.scored(text, facts, starts, ends, dict(rules))
                  if extract.model is not None else
                  [(rules.get(k) or (s, e, "", "", None, 0, None, {}), False)
                   for k, (s, e) in enumerate(zip(starts, ends))])
        for k, (row, drawn) in enumerate(scored):
            expected = gold.get((doc_id, row[0], row[1]))
            if expected is None:
                continue
            got = (row[4] or None, row[7].get("target") or None)
            keys = ["all", "main"] + (["drawn"] if drawn else [])
            rule = rules.get(k)
            if rule:
                keys.append("rules")
                holder = rule[7].get("holder") or (None if rule[7].get(nobody) else main)
                target = rule[7].get("target") if rule[7].get("target") != holder else None
                got_rule = (holder, target or None)
            for key in keys:
                pair = got_rule if key == "rules" else (main, None) if key == "main" else got
                counts[key][0] += 1
                counts[key][1] += pair[0] == expected[0]
                counts[key][2] += pair[1] == expected[1]
            if got == expected:
                continue
            named = _sentence_states(extract, text, facts, row[0], row[1])
            before = text[starts[k - 1]:ends[k - 1]] if k else ""
            found = []
            if got[0] != expected[0]:
                found.append(holder_kind(expected[0], got[0], named,
                                         bool(k) and quote_goes_on(before, text[row[0]:row[1]]),
                                         types.get(expected[0] or "")))
                kinds["holder: " + found[-1]] += 1
                kinds["holder: (the main actor was right)"] += main == expected[0]
            if got[1] != expected[1]:
                found.append(target_kind(expected[1], got[1], named, expected[0]))
                kinds["target: " + found[-1]] += 1
            mistakes.append((f"[{doc_id}:{k}{'*' if drawn else ''}{'r' if rule else ''}]"
                             f" {'H' if got[0] != expected[0] else ' '}"
                             f"{'T' if got[1] != expected[1] else ' '}"
                             f" gold={expected[0]}/{expected[1]} got={got[0]}/{got[1]} main={main}",
                             found, before[-150:], text[row[0]:row[1]][:400]))
    found = project.evaluate("gold", _suggested(project, model))["statements"]
    figures = {key: {"n": n, "holder": h / n if n else None, "target": t / n if n else None}
               for key, (n, h, t) in counts.items()}
    figures["found"] = {"n": found["detection"]["support"],
                        "recall": found["detection"]["recall"],
                        "holder": found["holder_accuracy"]["value"],
                        "target": found["target_accuracy"]["value"]}
    project.close()
    return {"pipeline": suggester.key, "documents": len(doc_ids), "figures": figures,
            "kinds": dict(kinds.most_common()), "mistakes": mistakes}


def _suggested(project: Any, model: str) -> str:
    return project.suggest(suggester=project.load_suggester(model),
                           separate_process=False)["pipeline"]


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="builtin")
    parser.add_argument("--set", nargs="+", choices=(*SETS, *ROUND_ALONE, "all"), default=["gold"])
    parser.add_argument("--labels", type=Path, help="folder of batch-K.json + out-K.jsonl")
    parser.add_argument("--quiet", action="store_true", help="figures and kinds only")
    parser.add_argument("--kinds", action="store_true", help="mistakes listed by kind")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    chosen = list(SETS) if "all" in args.set else args.set
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            records, note = records_of(name, args.labels)
            if not records:
                print(f"{name}: no records ({note or 'corpus absent'})", file=sys.stderr)
                continue
            results[name] = score_set(name, records, args.model, Path(tmp))
            results[name]["note"] = note
    if args.json:
        print(json.dumps({k: {x: y for x, y in r.items() if x != "mistakes"}
                          for k, r in results.items()}, indent=2))
        return
    print("| set | documents | over | gold statements | recall | holder | target |")
    print("|---|---|---|---|---|---|---|")
    for name, result in results.items():
        for key, f in result["figures"].items():
            print(f"| {name} | {result['documents']} | {key} | {f['n']} | "
                  f"{_f(f.get('recall'))} | {_f(f['holder'])} | {_f(f['target'])} |")
    for name, result in results.items():
        print(f"\n{name}: {result['pipeline']} {result['note']}")
        for kind, n in result["kinds"].items():
            print(f"  {n:4d}  {kind}")
        if args.quiet:
            continue
        listed = sorted(result["mistakes"], key=lambda m: m[1]) if args.kinds \
            else result["mistakes"]
        for head, found, before, sentence in listed:
            print(f"\n{head}  ({'; '.join(found)})\n   before: {' '.join(before.split())}\n"
                  f"   sentence: {' '.join(sentence.split())}")


if __name__ == "__main__":
    main()
