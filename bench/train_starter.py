"""Train the starter statement model shipped in resources/models/, from resources/training/.

    python bench/train_starter.py [--data FILE.jsonl] [--out PATH] [--target-precision P]

The training sentences are those of `bench.training_data` (Wikinews sentences, CC BY 2.5,
committed with their text; PLOVER records, CC BY-SA 4.0, read from ../shared/corpora by their
committed references) or a file in its format. Each sentence goes through the built-in
pipeline on its own (actor ruler and cue matcher), as suggestions see it, and becomes one
example; held-out figures come from 5-fold cross-validation by document. Deterministic: the
same data gives the same model, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

OUT = REPO / "resources" / "models" / "statement-starter.npz"
ROWS = "statement-starter-data.npz"  # beside the model: its training sentences as features
# The aim: at most 0.3 of the hard negatives drawn
LOOKALIKE_SHARE = 0.3
# The sentences where statements and the negatives that resemble them meet (every statement,
# and every sentence that reports speech, quotes or holds a typed cue: `speech_like`) weigh
# this many times the others. More than half the training sentences (3,138 of 5,593) are
# negatives with no such frame (narration, figures, captions); weighted alike, they pull the
# weights towards telling those apart, while the aim is decided among the framed ones
# (statements drawn at 0.3 of the hard negatives; docs/benchmarks.md, "Where statements meet
# their look-alikes")
REGION_WEIGHT = 2.0
ATTRIBUTION = ("Trained on sentences of English Wikinews articles (https://en.wikinews.org, "
               "CC BY 2.5) labelled by the Stance Annotator team, and on the PLOVER "
               "gold-standard records (Open Event Data Alliance, Copyright 2016, CC BY-SA 4.0).")


def examples_of(rows: list[dict[str, Any]]) -> list[Any]:
    """Training examples from one-sentence rows, through the built-in pipeline."""
    from annotator.core.actors import parse_actor_lines
    from annotator.core.resources import resource
    from annotator.nlp.sentence_views import sentence_views
    from annotator.nlp.statement_model import Example
    from annotator.nlp.suggest import Suggester

    actors = parse_actor_lines(resource("actors", "actors.jsonl").read_text(encoding="utf-8")
                               .splitlines(), "actors.jsonl")
    suggester = Suggester.load("builtin", actors)
    batch = suggester.read([(row["text"], i) for i, row in enumerate(rows)])
    views = [sentence_views(text, facts, [0], [len(text)], suggester.extract)[0]
             for text, facts in zip(batch.texts, batch.facts)]
    groups = [f"{row['source']}:{row['doc']}" for row in rows]
    try:
        from annotator.nlp.statement_features import with_context
    except ImportError:  # model code of a revision before context (bench/statement_cv.py --code)
        return [Example(view, row.get("label") or None, group)
                for row, view, group in zip(rows, views, groups)]
    # each document's sentences in order, with their neighbours as context (as in suggest)
    by_doc: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        by_doc.setdefault(group, []).append(i)
    for at in by_doc.values():
        for i, view in zip(at, with_context([views[i]._replace(context=()) for i in at])):
            views[i] = view
    return region_weighted([Example(view, row.get("label") or None, group)
                            for row, view, group in zip(rows, views, groups)])


def region_weighted(examples: list[Any], weight: float = REGION_WEIGHT) -> list[Any]:
    """The examples with the statements and the speech-like negatives weighed up by
    `weight` (`REGION_WEIGHT`)."""
    from dataclasses import replace

    from annotator.nlp.statement_features import speech_like

    return [replace(e, weight=e.weight * weight) if e.label or speech_like(e.view) else e
            for e in examples]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="sentences in the training format "
                        "(default: bench.training_data, PLOVER required)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--target-precision", type=float, default=None,
                        help="choose the threshold for this held-out precision instead")
    parser.add_argument("--lookalike-share", type=float, default=LOOKALIKE_SHARE,
                        help="the threshold draws at most this share of the held-out sentences "
                        "that look like statements and are not (default %(default)s)")
    args = parser.parse_args()
    from annotator.nlp.statement_model import (
        DEFAULT_TARGET_PRECISION,
        STARTER_L2,
        rows_of,
        train,
    )

    if args.data:
        rows = [json.loads(x) for x in args.data.read_text(encoding="utf-8").splitlines() if x]
    else:
        from bench.training_data import training_sentences

        rows = training_sentences(require_plover=True)
    started = time.perf_counter()
    examples = examples_of(rows)
    counts = Counter((row["source"], row.get("label") or "none") for row in rows)
    target = args.target_precision or DEFAULT_TARGET_PRECISION
    model = train(examples, target_precision=target, l2=STARTER_L2,
                  lookalike_share=None if args.target_precision else args.lookalike_share, meta={
        "name": "starter", "trained_at": "release", "attribution": ATTRIBUTION,
        "training_data": {f"{s}:{label}": n for (s, label), n in sorted(counts.items())},
        "layers": [], "documents": len({e.group for e in examples}),
        "region_weight": REGION_WEIGHT})
    seconds = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(model.to_bytes())
    rows = args.out.with_name(ROWS)
    rows.write_bytes(rows_of(examples)._replace(version=model.version).to_bytes())
    print(f"{len(examples)} sentences, {seconds:.1f} s; model {model.version}, "
          f"{args.out.stat().st_size / 1000:.0f} kB -> {args.out}; training rows "
          f"{rows.stat().st_size / 1000:.0f} kB -> {rows}")
    print(json.dumps({k: v for k, v in model.meta["held_out"].items() if k != "per_type"}))
    print(f"threshold {model.threshold}: {model.meta['threshold_rule']}")


if __name__ == "__main__":
    main()
