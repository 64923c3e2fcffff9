"""What a statement's judgement is about, against its gold type: can it tell ASSESSMENT from STANCE?

    python bench/type_about.py --set gold|basil|fnc|fnc1|fnc2|fnc3|fnc4|train [--cache DIR]

The written rules (`tests/fixtures/gold/README.md`) take a side when the judgement is of an
action, a policy, a proposal or an actor (STANCE) and judge how things are when it is of a
situation, a risk or an event (ASSESSMENT). Word features do not say what is judged; this
reads it from the sentence's tokens (actor mentions as placeholders), in four places:

* `clause`: what the reported clause (`type_features`: inside the quote marks, else after the
  frame verb, else the whole sentence) names: an actor mention; else a word of a statement or
  claim, of a policy or proposal, a common noun of an actor, of a situation, event, trend or
  quantity; else nothing of these ("none");
* `subject`: the same, of the clause's words before its first modal or copula (within 8);
* `copula`: the subject of a copula followed by an evaluation ("X is unfair");
* `naming`: the object of a verb of naming ("described X as", "called X a");
* `target`: whether `targets.anchored` finds an actor the words aim at.

For each place and kind: how many statements of each gold type, and the starter's ASSESSMENT /
STANCE cells (gold>proposed; `train`: each fold scored by a model fit on the others), i.e.
what a rule "this kind is (not) an ASSESSMENT" would gain or lose. The lists are of common
nouns of each kind, not of topics. Development sets only: never the fresh round.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _nouns(text: str) -> frozenset[str]:
    return frozenset(text.split())


CLAIM = _nouns(
    "report reports claim claims allegation allegations accusation accusations remark remarks "
    "comment comments statement statements story stories charge charges rhetoric tweet tweets "
    "words argument arguments assertion assertions narrative testimony article articles "
    "reporting dossier rumour rumours rumor rumors suggestion suggestions account")
POLICY = _nouns(
    "plan plans proposal proposals policy policies bill bills law laws deal deals agreement "
    "agreements decision decisions move measure measures sanctions ban budget order orders "
    "legislation reform reforms strategy approach tariff tariffs treaty resolution program "
    "programs programme declaration ruling sentence verdict initiative amendment request offer "
    "demands ultimatum action actions campaign investigation inquiry probe impeachment choice "
    "response strike strikes attack attacks")
ACTOR = _nouns(
    "government administration president officials official leaders leader party democrats "
    "republicans police court congress lawmakers minister ministry authorities regime senate "
    "committee prosecutors company military army troops rebels militants spokesman")
SITUATION = _nouns(
    "economy situation prices price outbreak crisis market markets conditions growth inflation "
    "unemployment violence conflict war virus pandemic epidemic disease numbers number rate "
    "rates cases deaths risk risks threat threats trend trends weather climate spread toll "
    "damage impact problem problems jobs debt deficit fighting tensions relations security "
    "recession shortage shortages level levels costs cost supply figures outcome future storm "
    "flooding earthquake fire fires massacre shooting killing killings bombing death explosion "
    "incident")
_KINDS = (("claim", CLAIM), ("policy", POLICY), ("actor", ACTOR), ("situation", SITUATION))
_PRONOUN = frozenset({"i", "we", "he", "she", "they", "you", "him", "her", "them", "himself"})
_IMPERSONAL = frozenset({"it", "this", "that", "it's", "that's", "what", "these", "those",
                         "there"})
_NAMING = frozenset({"described", "describes", "describing", "called", "calls", "calling",
                     "portrayed", "portrays", "characterized", "characterised", "labelled",
                     "labeled", "termed", "dubbed", "branded", "deemed", "declared",
                     "declaring", "declares"})
_BOUNDARY = frozenset({",", '"', "“", "”", "that", "said", "says", "think", "believe", ":",
                       "and", "but", "because", "if"})
SUBJECT_WINDOW = 8
COPULA_SUBJECT = 5  # words before the copula read as its subject


def kind_of(words: Sequence[str]) -> str:
    """What these words name: "actor" (a mention, a pronoun or a common noun of an actor),
    "claim", "policy", "situation", "it" (an impersonal subject) or "none"."""
    if any(w.startswith("<") for w in words) or not _PRONOUN.isdisjoint(words[:1]):
        return "actor"
    present = set(words)
    for kind, nouns in _KINDS:
        if not nouns.isdisjoint(present):
            return kind
    return "it" if words and words[0] in _IMPERSONAL else "none"


def places(words: list[str], clause: list[str], verbs: frozenset[str], copulas: frozenset[str],
           evaluative: frozenset[str]) -> dict[str, str]:
    """The kind of what is judged in each place that the sentence has (module docstring):
    `verbs` end the clause's subject (modals and copulas), `copulas` with one of `evaluative`
    within three words after them make a copula evaluation."""
    out = {"clause": kind_of(clause)}
    subject: list[str] = []
    for w in clause[:SUBJECT_WINDOW]:
        if w in verbs:
            if subject:
                out["subject"] = kind_of(subject)
            break
        if w not in _BOUNDARY or subject:
            subject.append(w)
    for k, w in enumerate(words):
        if k and w in copulas and not evaluative.isdisjoint(words[k + 1:k + 4]):
            before: list[str] = []
            for x in reversed(words[max(0, k - COPULA_SUBJECT):k]):
                if x in _BOUNDARY:
                    break
                before.insert(0, x)
            out["copula"] = kind_of(before) if before else "none"
            break
    for k, w in enumerate(words):
        if w in _NAMING and words[k + 1:k + 2] not in (["on"], ["for"], ["to"], ["upon"]):
            named: list[str] = []
            for x in words[k + 1:k + 5]:
                if x in ("as", "a", "an", '"', "“", ",") and named:
                    break
                named.append(x)
            out["naming"] = kind_of(named)
            break
    return out


def tabulate(rows: list[dict[str, Any]], proposed: list[str]) -> dict[tuple[str, str], Counter]:
    """(place, kind) -> counts of gold types and of ASSESSMENT/STANCE gold>proposed cells."""
    out: dict[tuple[str, str], Counter] = {}
    for row, prop in zip(rows, proposed, strict=True):
        label = row["label"]
        for place, kind in row["places"].items():
            cell = out.setdefault((place, kind), Counter())
            cell[label] += 1
            if {label, prop} <= {"ASSESSMENT", "STANCE"}:
                cell[f"{label[:3]}>{prop[:3]}"] += 1
    return out


_TYPES = ("STANCE", "ASSESSMENT", "COMMITMENT", "DEMAND", "THREAT")
_CELLS = ("ASS>ASS", "ASS>STA", "STA>ASS", "STA>STA")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", required=True, help="gold, basil, fnc, fnc1 … fnc4 or train")
    parser.add_argument("--cache", type=Path, metavar="DIR", help="as in type_confusion.py")
    args = parser.parse_args()
    if "fresh" in args.set:
        parser.error("the fresh round is for before/after figures only")
    import numpy as np

    from annotator.nlp.quotes import quoted
    from annotator.nlp.statement_features import tokens
    from annotator.nlp.targets import anchored
    from annotator.nlp.type_features import (
        _CONDITIONAL,
        _COPULA,
        _EVALUATIVE,
        _FUTURE,
        _OBLIGATION,
        _frame,
    )
    from annotator.nlp.type_rules import VALUE
    from bench import type_confusion as tc

    tc.CACHE = args.cache
    if args.set == "train":
        from bench.statement_cv import out_of_fold

        examples = tc.training_examples()
        rows = [{"view": e.view, "label": e.label} for e in examples]
        probs, classes = out_of_fold(examples, 5)
    else:
        rows = tc.set_sentences(args.set)
        model = tc.starter_model(True, [])
        probs, classes = model.probabilities(tc.with_doc_context(rows)), model.classes
    at = [i for i, row in enumerate(rows) if row["label"]]
    proposed = [classes[1 + int(np.argmax(probs[i, 1:]))] for i in at]
    rows = [rows[i] for i in at]
    for row in rows:
        view = row["view"]
        toks = [(p, w.replace("’", "'")) for p, w in tokens(view)]
        words = [w for _, w in toks]
        spans = quoted(view.text) if any(ch in view.text for ch in '"“”„«»') else []
        inside = [any(s <= p < e for s, e in spans) for p, _ in toks]
        frame_at, _ = _frame(words, inside)
        clause = ([w for w, i in zip(words, inside) if i] if any(inside)
                  else words[frame_at + 1:] if frame_at >= 0 else words)
        row["places"] = places(words, clause, _COPULA | _FUTURE | _CONDITIONAL | _OBLIGATION,
                               _COPULA, _EVALUATIVE | VALUE)
        row["places"]["target"] = str(bool(anchored(view.text, list(view.mentions))))
    print(f"## {args.set}: {len(rows)} statements")
    print("| place | kind | " + " | ".join(t[:3] for t in _TYPES) + " | "
          + " | ".join(_CELLS) + " |")
    print("|---" * (2 + len(_TYPES) + len(_CELLS)) + "|")
    for (place, kind), cell in sorted(tabulate(rows, proposed).items()):
        print(f"| {place} | {kind} | " + " | ".join(str(cell[t]) for t in _TYPES) + " | "
              + " | ".join(str(cell[c]) for c in _CELLS) + " |")


if __name__ == "__main__":
    main()
