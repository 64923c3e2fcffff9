"""How far two analysts agree on the labelled sentences: the one check on the labels that the
training data, the gold set's neighbours and the held-out rounds rest on.

A second analyst, blind to the first labels, decided 86 articles again with the same written
rules (tests/fixtures/rounds/second-analyst.jsonl: 9 BASIL articles of the committed BASIL
round, 16 Wikinews articles now in the starter's training data, the 31 bodies of the second
and the 30 of the third FNC-1 round). The first analyst's labels come from
tests/fixtures/rounds/basil-out-*.jsonl, fnc-out-*.jsonl and resources/training/wikinews.jsonl.
Per corpus (and per FNC-1 round), over every sentence: statement or not (agreement, Cohen's
kappa), the six classes "none" + the five types (kappa), and where both saw a statement, type,
holder and target agreement.
Needs no text and no ../shared: labels are compared by sentence index.

    python bench/label_agreement.py
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from annotator.review.measures import cohen_kappa
from bench.labelled_articles import ROUNDS_DIR
from bench.training_data import wikinews_sentences

Label = tuple[str, str | None, str | None] | None  # (type, holder, target), or None: not one


def first_labels() -> dict[str, list[Label]]:
    """Document key -> the first analyst's label of each sentence, in order."""
    out: dict[str, list[Label]] = {}
    for sentence in wikinews_sentences():
        label = sentence["label"]
        out.setdefault(sentence["doc"], []).append(
            (label, sentence["holder"], sentence["target"]) if label else None)
    for path in sorted([*ROUNDS_DIR.glob("basil-out-*.jsonl"), *ROUNDS_DIR.glob("fnc-out-*.jsonl")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            out[line_key(json.loads(line))] = _sentences(json.loads(line))
    return out


def fnc_round_of() -> dict[str, str]:
    """FNC-1 Body ID -> the number of the round whose first labels hold it."""
    return {json.loads(raw)["key"]: path.stem.removeprefix("fnc-out-")
            for path in ROUNDS_DIR.glob("fnc-out-*.jsonl")
            for raw in path.read_text(encoding="utf-8").splitlines()}


def line_key(line: dict[str, Any]) -> str:
    return line.get("key") or line["url"]


def _sentences(line: dict[str, Any]) -> list[Label]:
    labels: list[Label] = [None] * line["n"]
    for statement in line["statements"]:
        labels[statement["i"]] = (statement["label"], statement["holder"], statement["target"])
    return labels


def agreement(pairs: list[tuple[Label, Label]]) -> dict[str, Any]:
    binary = cohen_kappa([(a is not None, b is not None) for a, b in pairs])
    classes = cohen_kappa([(a[0] if a else "NONE", b[0] if b else "NONE") for a, b in pairs])
    both = [(a, b) for a, b in pairs if a and b]
    return {
        "sentences": len(pairs),
        "statements": (sum(a is not None for a, _ in pairs), sum(b is not None for _, b in pairs)),
        "agreement": binary["observed"], "kappa": binary["kappa"],
        "six_class_kappa": classes["kappa"], "both": len(both),
        "type": sum(a[0] == b[0] for a, b in both) / len(both) if both else None,
        "holder": sum(a[1] == b[1] for a, b in both) / len(both) if both else None,
        "target": sum(a[2] == b[2] for a, b in both) / len(both) if both else None,
        "type_confusions": Counter((a[0], b[0]) for a, b in both if a[0] != b[0]).most_common(5),
    }


def main() -> None:
    first = first_labels()
    pairs: dict[str, list[tuple[Label, Label]]] = {}
    round_of = fnc_round_of()
    for raw in (ROUNDS_DIR / "second-analyst.jsonl").read_text(encoding="utf-8").splitlines():
        line = json.loads(raw)
        mine = first[line_key(line)]
        if len(mine) != line["n"]:
            raise SystemExit(f"{line_key(line)}: {len(mine)} sentences against {line['n']}")
        found = list(zip(mine, _sentences(line)))
        pairs.setdefault(line["corpus"], []).extend(found)
        if line["corpus"] == "fnc-1":  # each FNC-1 round alone too
            pairs.setdefault(f"fnc-1, round {round_of[line_key(line)]}", []).extend(found)
    for corpus, found in sorted(pairs.items()):
        r = agreement(found)
        print(f"{corpus}: {r['sentences']} sentences, statements {r['statements'][0]} (first) "
              f"and {r['statements'][1]} (second); statement or not: agreement "
              f"{r['agreement']:.3f}, kappa {r['kappa']:.2f}; none + five types: kappa "
              f"{r['six_class_kappa']:.2f}; where both saw a statement ({r['both']}): type "
              f"{r['type']:.2f}, holder {r['holder']:.2f}, target {r['target']:.2f}; type "
              f"confusions {r['type_confusions']}")


if __name__ == "__main__":
    main()
