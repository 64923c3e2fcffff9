"""Cross-validated figures of the statement model on its own training data, folds by document.

    python bench/statement_cv.py [--folds 5] [--code REV] [--nested]

The starter's training sentences (`bench.training_data`: Wikinews, and PLOVER from
../shared) go through the built-in pipeline as `bench/train_starter.py` reads them; each fold
of documents is scored by a model fit on the others (the starter's settings). Printed per
source and for all: recall, precision, F1 and type accuracy at the threshold the starter's
rule picks on these held-out scores (at most 0.3 of the look-alike negatives drawn:
sentences that name an actor and report speech, quote or hold a typed cue, and are not
statements), the look-alike share drawn, and two figures that need no threshold: the
statements drawn where 0.3 of the look-alikes are, and the best F1 over thresholds.

This is the check that does not lean on the 71 documents of the development gold set.
`--code REV` scores with the model code of an earlier revision (the "before" figures; the
data is this checkout's).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
if os.environ.get("BENCH_CODE"):
    sys.path.insert(0, os.environ["BENCH_CODE"])

SHARE = 0.3


def held_out(folds: int, nested: bool = False) -> tuple[list, list[list[float]], list[str]]:
    """(examples, held-out class probabilities, classes)."""
    from bench.train_starter import examples_of
    from bench.training_data import training_sentences

    if os.environ.get("BENCH_CODE"):  # importing bench modules put this checkout first again
        sys.path.insert(0, os.environ["BENCH_CODE"])
    examples = examples_of(training_sentences(require_plover=True))
    probs, classes = out_of_fold(examples, folds, nested)
    return examples, probs.tolist(), classes


def out_of_fold(examples: list, folds: int, nested: bool = False) -> tuple[Any, list[str]]:
    """Each example's class probabilities from a model fit, with the starter's settings, on
    the other folds' documents (with the neighbours' share learnt on them, as `train`
    does); and the classes. `nested`: each fold's model is trained as the starter is
    (`train`, with its own inner folds: the type head and the neighbours' share are learnt
    inside), five times the work."""
    import numpy as np

    from annotator.nlp import statement_model as sm

    fold = sm.folds_of(examples, folds)
    l2 = getattr(sm, "STARTER_L2", sm.L2)  # --code: model code from before it existed
    probs = None
    classes: list[str] = []
    for i in range(folds):
        part = [e for e, f in zip(examples, fold) if f != i]
        at = np.flatnonzero(fold == i)
        if nested:
            model = sm.train(part, l2=l2, lookalike_share=SHARE, k=folds)
            p = model.probabilities([examples[j].view for j in at],
                                    sm.places_of([examples[j] for j in at]))
            if probs is None:
                probs = np.zeros((len(examples), p.shape[1]))
                classes = model.classes
            probs[at] = p
            continue
        model = sm.fit(part, l2=l2)
        p = model.probabilities([examples[j].view for j in at])
        if probs is None:
            probs = np.zeros((len(examples), p.shape[1]))
            classes = model.classes
        probs[at] = p
    try:  # as `train` does: the neighbours' share learnt on these held-out scores
        from annotator.nlp.neighbours import learn_weight, smoothed
    except ImportError:  # --code: model code from before it existed
        return probs, classes
    views, places = [e.view for e in examples], sm.places_of(examples)
    if nested:  # each fold's model has its own share
        return probs, classes
    share = learn_weight(1.0 - probs[:, 0], [e.label is not None for e in examples], views,
                         places)
    return smoothed(probs, views, share or 0.0, places), classes


def figures(examples: list, probs: list[list[float]], classes: list[str]) -> None:
    import numpy as np

    from annotator.nlp.statement_features import REPORTING, tokens

    def lookalike(view) -> bool:  # as statement_features.looks_like_statement (kept here so
        words = {t for _, t in tokens(view)}  # that --code can score earlier revisions)
        return bool(view.mentions) and (bool(words & REPORTING) or any(
            ch in view.text for ch in '"“”„«»') or any(c.type for c in view.cues))

    p = np.asarray(probs)
    scores = 1.0 - p[:, 0]
    types = np.asarray([classes[1 + int(np.argmax(row[1:]))] for row in p])
    gold = np.asarray([e.label or "" for e in examples])
    positive = gold != ""
    alike = np.asarray([lookalike(e.view) for e in examples]) & ~positive
    ranked = np.sort(scores[alike])[::-1]
    threshold = float(ranked[int(SHARE * len(ranked))]) + 1e-9
    sources = {"all": np.ones(len(examples), dtype=bool)}
    for name in sorted({e.group.split(":")[0] for e in examples}):
        sources[name] = np.asarray([e.group.split(":")[0] == name for e in examples])
    print(f"threshold {threshold:.4f} (at most {SHARE} of the look-alike negatives drawn)")
    print("| sentences | documents | statements | recall | precision | F1 | type acc. | "
          "look-alikes drawn | recall at 0.3 of look-alikes | best F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, keep in sources.items():
        drawn = (scores >= threshold) & keep
        tp = int((drawn & positive).sum())
        recall = tp / max(int((positive & keep).sum()), 1)
        precision = tp / max(int(drawn.sum()), 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        right = int((drawn & positive & (types == gold)).sum())
        la = alike & keep
        la_drawn = int((drawn & la).sum()) / max(int(la.sum()), 1)
        best_r, best_f1 = 0.0, 0.0
        for t in np.unique(scores[keep]):
            d = (scores >= t) & keep
            h = int((d & positive).sum())
            r = h / max(int((positive & keep).sum()), 1)
            pr = h / max(int(d.sum()), 1)
            best_f1 = max(best_f1, 2 * pr * r / max(pr + r, 1e-9))
            if int((d & la).sum()) <= SHARE * int(la.sum()):
                best_r = max(best_r, r)
        docs = len({e.group for e, k in zip(examples, keep) if k})
        print(f"| {name}: {int(keep.sum())} | {docs} | {int((positive & keep).sum())} | "
              f"{recall:.3f} | {precision:.3f} | {f1:.3f} | {right / max(tp, 1):.3f} | "
              f"{la_drawn:.3f} | {best_r:.3f} | {best_f1:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--code", metavar="REV", help="score with the model code of REV")
    parser.add_argument("--nested", action="store_true", help="train each fold's model as "
                        "the starter is (type head and neighbours' share learnt inside)")
    parser.add_argument("--dump", metavar="FILE", help=argparse.SUPPRESS)  # the --code child
    args = parser.parse_args()
    if args.dump:
        examples, probs, classes = held_out(args.folds, args.nested)
        Path(args.dump).write_text(json.dumps({"probs": probs, "classes": classes}))
        return
    if args.code:
        with tempfile.TemporaryDirectory() as tmp:
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.code],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp, "annotator", "resources"], input=archive,
                           check=True)
            out = Path(tmp) / "scores.json"
            subprocess.run([sys.executable, __file__, "--folds", str(args.folds), "--dump",
                            str(out), *(["--nested"] if args.nested else [])],
                           env=os.environ | {"BENCH_CODE": tmp}, check=True)
            found = json.loads(out.read_text())
        from bench.train_starter import examples_of
        from bench.training_data import training_sentences

        examples = examples_of(training_sentences(require_plover=True))
        print(f"model code of {args.code}:")
        figures(examples, found["probs"], found["classes"])
        return
    figures(*held_out(args.folds, args.nested))


if __name__ == "__main__":
    main()
