"""Which statement types the statement model confuses: confusion matrices on the development
gold set, the committed BASIL and FNC-1 rounds, and cross-validated on the training data.

    python bench/type_confusion.py [--sets gold,basil,fnc,fnc1,…,fnc4,cv] [--starter | --model FILE]
                                   [--folds 5] [--nested] [--split] [--cache DIR] [--rounds DIR]

Every document's sentences go through the built-in pipeline as suggestions see them
(`sentence_views`); a sentence's gold type is that of the gold statement covering at least
half of it (as `annotator train` reads labels). The model is the one trained on the starter's
data with this checkout's code (`--starter`: the committed starter model instead; `--model`: a
stored one, e.g. `git show REV:resources/models/statement-starter.npz > FILE`). For each
set: a confusion matrix of gold type (rows) against the proposed type (columns) over the gold
statements the model draws, type accuracy over those drawn and over all gold statements, and
the detection figures (recall, hard negatives drawn at the model's threshold, and the
recall-against-hard-negatives curve: statements drawn where at most 0.2, 0.25, 0.3, 0.35, 0.4
of the hard negatives are). `cv`: each fold of training documents scored
by a model fit on the others. `--split`: the type accuracy of the statements drawn by what
decided their type: a shape the written rules decide outright (`type_rules.decided_type`), a
plain shape they boost (`type_modality.plain_type`), or nothing written, where the learned
types decide (the regression's type shares and the type head); each also without the type
head, to tell what the head adds where no rule decides. Sentences of the rounds and of the
gold set are measured only, never trained on.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TYPES = ("COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT")
CACHE: Path | None = None  # --cache DIR: keep the pipeline's reading between runs
SHARE = 0.3
CURVE = (0.2, 0.25, 0.3, 0.35, 0.4)  # hard-negative shares of the recall curve


def set_sentences(name: str) -> list[dict[str, Any]]:
    """Each sentence of the set: its view (without context features: those are added per
    document when scoring, so a change of them is measured), gold type, hard-negative mark
    and document. The pipeline's reading is cached: it does not change with the model."""
    from bench.model_start import records_of

    cache = CACHE / f"{name}.pickle" if CACHE else None
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    from annotator.core.actors import parse_actor_lines
    from annotator.core.resources import resource
    from annotator.nlp.candidates import sentence_bounds
    from annotator.nlp.layout import layouts
    from annotator.nlp.sentence_views import sentence_views
    from annotator.nlp.suggest import Suggester
    from annotator.project.learning import _covering  # as `annotator train` reads labels

    records = records_of(name)
    actors = parse_actor_lines(resource("actors", "actors.jsonl").read_text(encoding="utf-8")
                               .splitlines(), "actors.jsonl")
    suggester = Suggester.load("builtin", actors)
    out = []
    batch = suggester.read([(r["text"], i) for i, r in enumerate(records)])
    for i, (text, facts, (cuts, _)) in enumerate(zip(batch.texts, batch.facts,
                                                      layouts(batch.tokens, False))):
        record = records[i]
        starts, ends = sentence_bounds(text, cuts)
        views = sentence_views(text, facts, starts, ends, suggester.extract)
        statements = [(s["start"], s["end"], s["label"]) for s in record["spans"]
                      if s.get("kind") == "STATEMENT"]
        hard = [tuple(x) for x in record["meta"].get("hard_negatives", [])]
        for start, end, view in zip(starts, ends, views):
            label = _covering(start, end, statements)
            out.append({"view": view._replace(context=()), "label": label, "doc": f"{name}:{i}",
                        "hard": label is None and any(_covering(start, end, [(s, e, "H")])
                                                      for s, e in hard)})
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(out))
    return out


def with_doc_context(rows: list[dict[str, Any]]) -> list[Any]:
    from annotator.nlp.statement_features import with_context

    views: list[Any] = [None] * len(rows)
    by_doc: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_doc.setdefault(row["doc"], []).append(i)
    for at in by_doc.values():
        for i, view in zip(at, with_context([rows[i]["view"] for i in at])):
            views[i] = view
    return views


def training_examples() -> list[Any]:
    from bench.train_starter import examples_of
    from bench.training_data import training_sentences

    cache = CACHE / "training.pickle" if CACHE else None
    if cache and cache.exists():
        rows = pickle.loads(cache.read_bytes())
    else:
        examples = examples_of(training_sentences(require_plover=True))
        rows = [{"view": e.view._replace(context=()), "label": e.label, "doc": e.group,
                 "hard": False} for e in examples]
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_bytes(pickle.dumps(rows))
    from annotator.nlp.statement_model import Example

    # re-read the labels: the committed training data may have been corrected since the cache
    from bench.training_data import training_sentences

    labels = [row.get("label") or None for row in training_sentences(require_plover=True)]
    assert len(labels) == len(rows)
    from bench.train_starter import region_weighted

    return region_weighted([Example(v, lab, row["doc"])
                            for row, v, lab in zip(rows, with_doc_context(rows), labels)])


def starter_model(starter: bool, examples: list[Any], path: Path | None = None) -> Any:
    from annotator.nlp import statement_model as sm

    if path is not None:
        return sm.StatementModel.from_bytes(path.read_bytes())
    if starter:
        from annotator.core.resources import resource

        return sm.StatementModel.from_bytes(resource("models", "statement-starter.npz")
                                            .read_bytes())
    return sm.train(examples, l2=sm.STARTER_L2, lookalike_share=SHARE, k=5)


def confusion(gold: list[str | None], proposed: list[str], drawn: list[bool]
              ) -> dict[str, dict[str, int]]:
    """Gold type -> proposed type -> how many, over the gold statements drawn."""
    out: dict[str, dict[str, int]] = {}
    for g, t, d in zip(gold, proposed, drawn, strict=True):
        if g and d:
            row = out.setdefault(g, {})
            row[t] = row.get(t, 0) + 1
    return out


def report(name: str, labels: list[str | None], probs: Any, classes: list[str],
           threshold: float, hard: Any) -> dict[str, float]:
    import numpy as np


    types = [classes[1 + int(np.argmax(row[1:]))] for row in probs]
    scores = 1.0 - probs[:, 0]
    gold = np.asarray([lab or "" for lab in labels])
    positive = gold != ""
    drawn = scores >= threshold
    hard = np.asarray(hard, dtype=bool)
    names = [t for t in TYPES if t in classes or t in set(gold)]
    print(f"\n## {name}: {int(positive.sum())} statements, {int(hard.sum())} hard negatives, "
          f"threshold {threshold:.4f}")
    print("| gold \\ proposed | " + " | ".join(n[:6] for n in names) + " | acc. (drawn) |")
    print("|---" * (len(names) + 2) + "|")
    table = confusion([lab or None for lab in labels], types, drawn.tolist())
    for g in names:
        row = table.get(g, {})
        counts = [row.get(t, 0) for t in names]
        print(f"| {g} | " + " | ".join(str(c) for c in counts) +
              f" | {row.get(g, 0) / max(sum(row.values()), 1):.2f} ({sum(row.values())}) |")
    right = np.asarray([t == g for t, g in zip(types, gold)])
    tp = drawn & positive
    out = {"type_drawn": float(right[tp].mean()) if tp.any() else 0.0,
           "type_all": float(right[positive].mean()) if positive.any() else 0.0,
           "recall": float(tp.sum() / max(positive.sum(), 1)),
           "precision": float(tp.sum() / max(drawn.sum(), 1))}
    if hard.any():
        out["hard_drawn"] = float((drawn & hard).sum() / hard.sum())
        ranked = np.sort(scores[hard])[::-1]
        for share in CURVE:  # statements drawn where that share of the hard negatives is
            cut = ranked[int(share * len(ranked))] + 1e-9
            out[f"recall_at_{share}_hard"] = float(((scores >= cut) & positive).sum()
                                                   / positive.sum())
    print(" ".join(f"{k} {v:.3f}" for k, v in out.items()))
    return out


SOURCES = ("decided", "plain", "learned")


def source_of(view: Any) -> str:
    """What decides a sentence's type: a written rule's shape outright, a plain shape the rules
    boost, or the learned types alone."""
    from annotator.nlp.type_modality import plain_type
    from annotator.nlp.type_rules import decided_type

    if decided_type(view) is not None:
        return "decided"
    return "plain" if plain_type(view) is not None else "learned"


def split(labels: list[str | None], views: list[Any], probs: Any, bare: Any | None,
          classes: list[str], drawn: Any) -> dict[str, tuple[int, float, float | None]]:
    """Source -> (gold statements drawn, type accuracy, the same without the type head: `bare`
    probabilities, None where there are none), over the drawn gold statements."""
    import numpy as np

    def right(p: Any) -> np.ndarray:
        return np.asarray([classes[1 + int(np.argmax(row[1:]))] == g
                           for row, g in zip(p, labels, strict=True)])

    ok, ok_bare = right(probs), (right(bare) if bare is not None else None)
    sources = np.asarray([source_of(v) if g else "" for v, g in zip(views, labels, strict=True)])
    at_all = np.asarray([bool(g) for g in labels]) & np.asarray(drawn, dtype=bool)
    out = {}
    for name in (*SOURCES, "all"):
        at = at_all & (sources == name) if name != "all" else at_all
        n = int(at.sum())
        out[name] = (n, float(ok[at].mean()) if n else 0.0,
                     float(ok_bare[at].mean()) if n and ok_bare is not None else None)
    print("| type decided by | statements drawn | type acc. | without the type head |")
    print("|---|---|---|---|")
    for name, (n, acc, acc_bare) in out.items():
        print(f"| {name} | {n} | {acc:.3f} | "
              + (f"{acc_bare:.3f}" if acc_bare is not None else "-") + " |")
    return out


def cross_validated(examples: list[Any], folds: int, nested: bool = False
                    ) -> tuple[Any, list[str]]:
    from bench.statement_cv import out_of_fold

    return out_of_fold(examples, folds, nested)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="gold,basil,fnc,cv")
    parser.add_argument("--starter", action="store_true", help="the committed starter model")
    parser.add_argument("--model", type=Path, help="a stored statement model")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--nested", action="store_true", help="cv: train each fold's model as "
                        "the starter is (type head and neighbours' share learnt inside)")
    parser.add_argument("--split", action="store_true", help="type accuracy by what decided "
                        "the type: a written rule or the learned types (with and without the "
                        "type head)")
    parser.add_argument("--cache", type=Path, metavar="DIR", help="keep the pipeline's reading of "
                        "the sentences here between runs (only while the pipeline is unchanged)")
    parser.add_argument("--rounds", type=Path, metavar="DIR", help="folder of the labelled "
                        "rounds for basil/fnc (default: tests/fixtures/rounds; a cache is per "
                        "folder: give each its own)")
    args = parser.parse_args()
    global CACHE
    CACHE = args.cache
    if args.rounds:
        from bench import labelled_articles

        labelled_articles.ROUNDS_DIR = args.rounds
    import numpy as np

    from annotator.nlp.statement_features import looks_like_statement

    examples = training_examples()
    sets = args.sets.split(",")
    model = None
    for name in sets:
        if name == "cv":
            probs, classes = cross_validated(examples, args.folds, args.nested)
            alike = [e.label is None and looks_like_statement(e.view) for e in examples]
            scores = np.sort((1.0 - probs[:, 0])[np.asarray(alike)])[::-1]
            report(f"cv ({args.folds} folds, hard = look-alike negatives)",
                   [e.label for e in examples], probs, classes,
                   float(scores[int(SHARE * len(scores))]) + 1e-9, alike)
            if args.split:
                threshold = float(scores[int(SHARE * len(scores))]) + 1e-9
                split([e.label for e in examples], [e.view for e in examples], probs, None,
                      classes, (1.0 - probs[:, 0]) >= threshold)
            continue
        model = model or starter_model(args.starter, examples, args.model)
        rows = set_sentences(name)
        views = with_doc_context(rows)
        probs = model.probabilities(views)
        report(name, [r["label"] for r in rows], probs, model.classes, model.threshold,
               [r["hard"] for r in rows])
        if args.split:
            bare = (replace(model, type_head=None).probabilities(views)
                    if model.type_head is not None else None)
            split([r["label"] for r in rows], views, probs, bare, model.classes,
                  (1.0 - probs[:, 0]) >= model.threshold)


if __name__ == "__main__":
    main()
