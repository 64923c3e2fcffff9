"""The statements whose type the starter gets wrong, one by one, and what the type rules decide.

    python bench/type_errors.py --set gold|basil|fnc|fnc1|fnc2|fnc3|fnc4 [--gold TYPE] [--proposed TYPE]
                                [--all] [--rules] [--model FILE] [--cache DIR]

Reads the sets as `bench/type_confusion.py` does (every sentence through the built-in pipeline,
the gold type of the statement covering it) and scores them with the committed starter model
(`--model`: a stored one). For each gold statement the model draws and types otherwise (with
`--all`: drawn or not), prints the gold and the proposed type, the types' shares, the sentence,
the type head's structure features (`type_features`) and the type the written rules decide by
shape (`type_rules`), to read the errors against the rules (`tests/fixtures/gold/README.md`).
`--gold` / `--proposed` keep one cell of the confusion matrix. `--rules`: instead, how often
each shape's type is decided over the set's statements, by their gold type (and over its
negatives): what a shape costs or gains before it is kept. Development sets only: the fresh
round (`tests/fixtures/rounds/fresh/`) is for before/after figures, never for reading.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def rule_table(labels: Iterable[str | None], decided: Iterable[str | None]
               ) -> dict[str, Counter[str]]:
    """Decided type -> gold type ("none" for a negative) -> how many sentences."""
    out: dict[str, Counter[str]] = {}
    for label, rule in zip(labels, decided, strict=True):
        if rule is not None:
            out.setdefault(rule, Counter())[label or "none"] += 1
    return out


def errors(labels: list[str | None], proposed: list[str], drawn: list[bool], *,
           gold: str | None = None, wrong_as: str | None = None, every: bool = False
           ) -> list[int]:
    """Indexes of the gold statements typed otherwise (drawn ones unless `every`), kept to one
    gold and one proposed type where given."""
    return [i for i, (g, p, d) in enumerate(zip(labels, proposed, drawn, strict=True))
            if g and g != p and (d or every) and gold in (None, g) and wrong_as in (None, p)]


def _print_rules(rows: list[dict[str, Any]], decide: Callable[[Any], str | None]) -> None:
    table = rule_table([r["label"] for r in rows], [decide(r["view"]) for r in rows])
    print("| decided | " + " | ".join(t[:6] for t in (*_TYPES, "none")) + " |")
    print("|---" * (len(_TYPES) + 2) + "|")
    for rule, counts in sorted(table.items()):
        print(f"| {rule} | " + " | ".join(str(counts[t]) for t in (*_TYPES, "none")) + " |")


_TYPES = ("COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", required=True, help="gold, basil, fnc, fnc1 … fnc4")
    parser.add_argument("--gold", help="only statements of this gold type")
    parser.add_argument("--proposed", help="only those the model types as this")
    parser.add_argument("--all", action="store_true", help="undrawn statements too")
    parser.add_argument("--rules", action="store_true", help="what the type rules decide")
    parser.add_argument("--model", type=Path, help="a stored statement model")
    parser.add_argument("--cache", type=Path, metavar="DIR", help="as in type_confusion.py")
    args = parser.parse_args()
    if "fresh" in args.set:
        parser.error("the fresh round is for before/after figures only")
    import numpy as np

    from annotator.nlp.type_features import type_feature_names
    from annotator.nlp.type_rules import decided_type
    from bench import type_confusion as tc

    tc.CACHE = args.cache
    rows = tc.set_sentences(args.set)
    if args.rules:
        _print_rules(rows, decided_type)
        return
    model = tc.starter_model(True, [], args.model)
    views = tc.with_doc_context(rows)
    probs = model.probabilities(views)
    types = model.classes[1:]
    proposed = [types[int(np.argmax(row[1:]))] for row in probs]
    drawn = [bool(1.0 - row[0] >= model.threshold) for row in probs]
    labels = [r["label"] for r in rows]
    for i in errors(labels, proposed, drawn, gold=args.gold, wrong_as=args.proposed,
                    every=args.all):
        shares = probs[i, 1:] / max(float(probs[i, 1:].sum()), 1e-9)
        print(f"{labels[i]} -> {proposed[i]}  score {1.0 - probs[i, 0]:.2f}  "
              + " ".join(f"{t[:3]} {s:.2f}" for t, s in zip(types, shares))
              + f"  rules: {decided_type(views[i]) or '-'}")
        print("   ", " ".join(views[i].text.split()))
        print("   ", " ".join(type_feature_names(views[i])))


if __name__ == "__main__":
    main()
