"""Which statements rank below which hard negatives, grouped by shape, and where the starter's
threshold lands on each set against the look-alike negatives it was chosen on.

    python bench/rank_errors.py --set gold|basil|fnc|fnc1|fnc2 [--share 0.3] [--list hard|missed]
                                [--model FILE] [--cache DIR]

Reads the sets as `bench/type_confusion.py` does and scores them with the committed starter
model (`--model`: a stored one). The cut is where `--share` of the set's hard negatives are
drawn (the aim's operating point); above it are the hard negatives drawn, below it the
statements missed. Each side is counted by its frame (quote marks, a reporting verb, a
registry actor, a typed cue: what the model leans on) and the hard negatives also by the kind
the written rules name (`tests/fixtures/gold/README.md`: a refusal to comment, condolences, a
question, speech in a background clause, first-person narration of the past, a procedure, an
act). `--list` prints one side sentence by sentence with the features that lift or lower its
statement log-odds most. `threshold`: the share of the set's look-alike negatives
(`looks_like_statement`, the sentences the threshold rule counts in training) and of its hard
negatives drawn at the model's own threshold, which training put at 0.3 of the held-out
look-alikes. Development sets only: the fresh round (`tests/fixtures/rounds/fresh/`) is for
before/after figures, never for reading.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_SPEECH = r"(?:said|called|vowed|pledged|promised|urged|demanded|warned|threatened|criticized|" \
          r"criticised|condemned|accused)"
# the written rules' kinds of hard negative, as surface patterns (first match names the kind)
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("no comment", re.compile(
        r"\b(?:would not|wouldn't|will not|won't|did not|didn't|has not|hasn't|have not|"
        r"declined to|refused to)\s+(?:say|comment|discuss|elaborate|specify|answer|respond)\b"
        r"|\bno immediate comment|\bdeclined comment|\bdid not (?:immediately )?(?:respond|return)",
        re.I)),
    ("condolence", re.compile(r"\bcondolence|\bprayers\b|\bpray for|\bsaddened|\bsympath|\bmourn",
                              re.I)),
    ("background clause", re.compile(
        rf"\b(?:who|which) (?:have |has |had )?{_SPEECH}\b|\b(?:after|since|when|while|with) "
        rf"(?:[\w.’'-]+ ){{1,6}}(?:had )?(?:{_SPEECH}|vowing|calling|urging)\b|\bprompting\b")),
    ("question", re.compile(r"\?|\basked (?:whether|if|about|why|how|what)\b", re.I)),
    ("first person, past", re.compile(
        r"[\"“][^\"”]*\b(?:I|we|We)\s+(?:\w+ly\s+)?(?:\w+ed|said|told|made|did|met|saw|took|"
        r"went|had)\b")),
    ("procedure", re.compile(r"\b(?:must|needs? to|has to|have to)\s+(?:also\s+)?(?:be\s+"
                             r"(?:approved|signed|passed|confirmed)|vote|earn|pass)\b", re.I)),
    ("act", re.compile(r"\b(?:signed|appointed|nominated|voted|issued|imposed|declared a|"
                       r"ordered|fired|vetoed|resigned|inaugurated)\b", re.I)),
)


def kind_of(text: str) -> str:
    """The written rules' kind of hard negative a sentence's surface shows, or "other"."""
    for name, pattern in KINDS:
        if pattern.search(text):
            return name
    return "other"


def frame_of(view: Any) -> str:
    """What the model leans on in a sentence: quote marks, a reporting verb, a registry actor
    (an actor mention linked to the registry), a typed cue; "none" without any."""
    from annotator.nlp.statement_features import _QUOTES, REPORTING, tokens

    words = {t for _, t in tokens(view)}
    parts = [name for name, present in (
        ("quote", not _QUOTES.isdisjoint(view.text)), ("reporting", bool(words & REPORTING)),
        ("actor", any(m.actor_id for m in view.mentions)),
        ("cue", any(c.type for c in view.cues))) if present]
    return "+".join(parts) or "none"


def cut_at(scores: Any, hard: Any, share: float) -> float:
    """The lowest score that draws at most `share` of the hard negatives (as `type_confusion`)."""
    import numpy as np

    ranked = np.sort(scores[hard])[::-1]
    return float(ranked[int(share * len(ranked))]) + 1e-9


def contributions(model: Any, view: Any) -> list[tuple[float, str]]:
    """Each known feature's weight for the sentence's most likely type against "none"."""
    import numpy as np

    from annotator.nlp.statement_features import _hash, feature_names

    index = {int(f): i for i, f in enumerate(model.feature_ids)}
    out = []
    for name in set(feature_names(view)):
        i = index.get(_hash(name))
        if i is not None:
            w = model.weights[i]
            out.append((float(np.max(w[1:]) - w[0]), name))
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="basil")
    parser.add_argument("--share", type=float, default=0.3)
    parser.add_argument("--list", choices=("hard", "missed"))
    parser.add_argument("--model", type=Path, help="a stored statement model")
    parser.add_argument("--cache", type=Path, metavar="DIR")
    args = parser.parse_args()
    import numpy as np

    from annotator.nlp.statement_features import looks_like_statement
    from bench import type_confusion as tc

    tc.CACHE = args.cache
    model = tc.starter_model(True, [], args.model)
    rows = tc.set_sentences(args.set)
    views = tc.with_doc_context(rows)
    scores = 1.0 - model.probabilities(views)[:, 0]
    hard = np.asarray([r["hard"] for r in rows])
    positive = np.asarray([bool(r["label"]) for r in rows])
    cut = cut_at(scores, hard, args.share)
    above_hard = np.flatnonzero(hard & (scores >= cut))
    missed = np.flatnonzero(positive & (scores < cut))
    print(f"## {args.set}: cut {cut:.4f} at {args.share} of {int(hard.sum())} hard negatives; "
          f"{len(above_hard)} hard negatives above, {len(missed)} of {int(positive.sum())} "
          f"statements below")
    for title, side in (("hard negatives above", above_hard), ("statements below", missed)):
        frames = Counter(frame_of(views[i]) for i in side)
        print(f"\n{title}, by frame: " + ", ".join(f"{k} {v}" for k, v in frames.most_common()))
    kinds = Counter(kind_of(views[i].text) for i in above_hard)
    below = Counter(kind_of(views[i].text) for i in np.flatnonzero(hard & (scores < cut)))
    stated = Counter(kind_of(views[i].text) for i in np.flatnonzero(positive))
    print("\n| kind (written rules) | hard above | hard below | statements with it |\n|---|---|---|---|")
    for name in [*(k for k, _ in KINDS), "other"]:
        print(f"| {name} | {kinds[name]} | {below[name]} | {stated[name]} |")
    alike = np.asarray([r["label"] is None and looks_like_statement(v)
                        for r, v in zip(rows, views)])
    drawn = scores >= model.threshold
    print(f"\nthreshold {model.threshold:.4f}: look-alike negatives drawn "
          f"{(drawn & alike).sum()}/{alike.sum()} = {(drawn & alike).sum() / max(alike.sum(), 1):.2f}"
          f" (0.30 on the training folds), hard negatives drawn {(drawn & hard).sum() / hard.sum():.2f}"
          f", recall {(drawn & positive).sum() / positive.sum():.3f}")
    if args.list:
        side = above_hard if args.list == "hard" else missed
        for i in sorted(side, key=lambda i: -scores[i]):
            c = contributions(model, views[i])
            print(f"\n{scores[i]:.3f} {rows[i]['label'] or kind_of(views[i].text)} "
                  f"[{frame_of(views[i])}] {views[i].text}")
            print("   + " + ", ".join(f"{f} {x:+.2f}" for x, f in c[-5:][::-1]))
            print("   - " + ", ".join(f"{f} {x:+.2f}" for x, f in c[:4]))


if __name__ == "__main__":
    main()
