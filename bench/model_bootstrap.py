"""Two statement models on the development sets, with a paired bootstrap over documents.

    python bench/model_bootstrap.py --before REV|FILE [--after FILE] [--sets gold,basil,fnc]
                                    [--resamples 300] [--cache DIR] [--rounds DIR]

Each set's sentences go through the built-in pipeline as suggestions read them
(`bench/type_confusion.py`, whose cache this shares), and each model scores them: `--before`
is a stored model file or a git revision whose committed starter is read
(`resources/models/statement-starter.npz`), `--after` a file (default: this checkout's
starter). Both are scored with this checkout's feature code, so compare models whose
features are the same (e.g. a rebuilt starter against the one before, or a change to how
scores are combined); for a change of the features, compare trees with
`bench/type_confusion.py` in each.

Printed per set and model: statements drawn where 0.2-0.4 of the hard negatives are (mean
over the five shares, and at 0.3), recall and hard negatives drawn at the model's own
threshold, type accuracy over all gold statements; then the difference after - before with
its 90% interval from resampling the set's documents with replacement (the same documents
for both models, so what the two share cancels). A sentence set of a few dozen documents
moves by a few points from one draw of documents to the next: a difference whose interval
holds 0 is not one to build on.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SHARES = (0.2, 0.25, 0.3, 0.35, 0.4)
STARTER = "resources/models/statement-starter.npz"


def load_model(spec: str) -> Any:
    """A stored statement model from a file, or a revision's committed starter."""
    from annotator.nlp.statement_model import StatementModel

    path = Path(spec)
    if path.is_file():
        return StatementModel.from_bytes(path.read_bytes())
    data = subprocess.run(["git", "-C", str(REPO), "show", f"{spec}:{STARTER}"],
                          capture_output=True, check=True).stdout
    return StatementModel.from_bytes(data)


def scored(model: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-sentence arrays of one model on one set."""
    import numpy as np

    from bench.type_confusion import with_doc_context

    probs = model.probabilities(with_doc_context(rows))
    types = [model.classes[1 + int(np.argmax(p[1:]))] for p in probs]
    gold = [r["label"] for r in rows]
    return {"score": 1.0 - probs[:, 0], "threshold": model.threshold,
            "positive": np.asarray([g is not None for g in gold]),
            "hard": np.asarray([r["hard"] for r in rows], dtype=bool),
            "right": np.asarray([t == g for t, g in zip(types, gold)])}


def figures(s: dict[str, Any], at: Any = None) -> dict[str, float]:
    """The figures of one model's scores, over the sentences `at` (all by default)."""
    import numpy as np

    score, positive, hard, right = (s[k] if at is None else s[k][at]
                                    for k in ("score", "positive", "hard", "right"))
    drawn = score >= s["threshold"]
    out = {"curve": 0.0, "at_0.3": 0.0}
    if hard.any():
        ranked = np.sort(score[hard])[::-1]
        recall = []
        for share in SHARES:
            cut = ranked[int(share * len(ranked))] + 1e-9
            recall.append(float(((score >= cut) & positive).sum() / max(positive.sum(), 1)))
        out = {"curve": float(np.mean(recall)), "at_0.3": recall[SHARES.index(0.3)]}
    out["recall"] = float((drawn & positive).sum() / max(positive.sum(), 1))
    out["hard_drawn"] = float((drawn & hard).sum() / max(hard.sum(), 1))
    out["type"] = float(right[positive].mean()) if positive.any() else 0.0
    return out


def bootstrap(before: dict[str, Any], after: dict[str, Any], docs: list[str],
              resamples: int) -> dict[str, tuple[float, float, float]]:
    """Mean and 90% interval of after - before over resamples of the documents."""
    import numpy as np

    by_doc: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        by_doc.setdefault(doc, []).append(i)
    names = sorted(by_doc)
    rng = np.random.default_rng(0)
    diffs: dict[str, list[float]] = {}
    for _ in range(resamples):
        pick = rng.integers(0, len(names), len(names))
        at = np.concatenate([by_doc[names[j]] for j in pick])
        a, b = figures(before, at), figures(after, at)
        for key in a:
            diffs.setdefault(key, []).append(b[key] - a[key])
    return {k: (float(np.mean(v)), float(np.percentile(v, 5)), float(np.percentile(v, 95)))
            for k, v in diffs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="a model file or a git revision")
    parser.add_argument("--after", type=Path, default=REPO / STARTER)
    parser.add_argument("--sets", default="gold,basil,fnc")
    parser.add_argument("--resamples", type=int, default=300)
    parser.add_argument("--cache", type=Path, metavar="DIR")
    parser.add_argument("--rounds", type=Path, metavar="DIR")
    args = parser.parse_args()
    from bench import type_confusion

    type_confusion.CACHE = args.cache
    if args.rounds:
        from bench import labelled_articles

        labelled_articles.ROUNDS_DIR = args.rounds
    models = {"before": load_model(args.before), "after": load_model(str(args.after))}
    keys = ("curve", "at_0.3", "recall", "hard_drawn", "type")
    print("| set | model | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 2) + "|")
    differences = []
    for name in args.sets.split(","):
        rows = type_confusion.set_sentences(name)
        runs = {label: scored(model, rows) for label, model in models.items()}
        for label, run in runs.items():
            row = figures(run)
            print(f"| {name} | {label} ({models[label].version}) | "
                  + " | ".join(f"{row[k]:.3f}" for k in keys) + " |")
        diff = bootstrap(runs["before"], runs["after"], [r["doc"] for r in rows],
                         args.resamples)
        differences.append(f"{name}: " + "; ".join(
            f"{k} {m:+.3f} ({lo:+.3f}, {hi:+.3f})" for k, (m, lo, hi) in diff.items()))
    print("\nafter - before, mean and 90% interval over resampled documents:")
    print("\n".join(differences))


if __name__ == "__main__":
    main()
