"""Should a project's own model start from the shipped starter model or replace it?

    python bench/model_start.py [--folds 2] [--set gold|basil|fnc|wikinews] [--target P]
    python bench/model_start.py --set basil|fnc --unseen DIR [--target P]

The development gold set (tests/fixtures/gold, with ../shared for the texts it cannot commit),
or a committed labelling round of one kind of text (tests/fixtures/rounds: BASIL, one article
per event, or FNC-1; text from ../shared), or the gold set's Wikinews articles alone, is split
by document into folds; for each fold, a project holds every document with the gold layer, the
other folds' gold statements are imported as an annotator's decisions (documents done), and
three suggestion sets are evaluated on the fold's documents only: the starter model out of the
box, a model trained on the decisions starting from the starter, and one trained from scratch
(each whether or not `train_model` put it in use), and what is in use after each training (the
starter stays where it does better on the decisions). Rules only are shown for reference.
Figures are sentence-level (`evaluate`). `--target P` sets the project's target precision
(`suggest_target_precision`) before the own models are trained. `--unseen DIR`: instead of
folds, every document of the set is decided and the same corpus's round in DIR (the fresh
round, tests/fixtures/rounds/fresh) is what is evaluated: a team's own model on new documents
of the kind it labelled.

    python bench/model_start.py --folds 4 --curve [--seeds 2] [--set ...] [--target P]

A learning curve on the project's own kind of text: for each fold, the other folds' documents
in a random order (seed) are decided one whole document at a time until 50, 100, 200 and 400
sentences are decided; after each, a model is trained from the starter and one from scratch,
and the fold's documents are evaluated with each, with what is in use after training from the
starter, and with the starter out of the box.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.suggestion_quality import _row, build_project, gold_records  # noqa: E402

KEYS = ("recall", "precision", "f1", "type", "holder", "target", "hard_negatives", "negatives")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--curve", action="store_true", help="F1 after 50..400 decisions")
    parser.add_argument("--seeds", type=int, default=1, help="document orders for --curve")
    parser.add_argument("--set", choices=("gold", "basil", "fnc", "wikinews"), default="gold")
    parser.add_argument("--target", type=float, default=None, metavar="P",
                        help="the project's target precision for its own models")
    parser.add_argument("--unseen", type=Path, metavar="DIR", help="no folds: decide every "
                        "document of the set, evaluate on the same corpus's round in DIR "
                        "(e.g. tests/fixtures/rounds/fresh)")
    args = parser.parse_args()
    if args.curve:
        curve(args.folds, args.seeds, args.set, args.target)
        return
    from annotator.formats.export_options import LayerImportOptions
    from annotator.nlp.statement_model import StatementModel
    from annotator.store import statement_models as model_store

    records = records_of(args.set)
    fold_of = [zlib.crc32(r["meta"].get("uid", r["text"][:200]).encode()) % args.folds
               for r in records]
    if args.unseen:  # one "fold": the unseen round's documents, after all of the set's
        unseen = unseen_records(args.set, args.unseen)
        records, fold_of, args.folds = records + unseen, [1] * len(records) + [0] * len(
            unseen), 1
    totals: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for fold in range(args.folds):
            project = build_project(records, folder, f"fold{fold}")
            if args.target is not None:
                project.set_setting("suggest_target_precision", args.target)
            taught = folder / f"taught{fold}.jsonl"
            taught.write_text("".join(
                json.dumps(r | {"meta": r["meta"] | {"layer": "bench", "status": "done"}},
                           ensure_ascii=False) + "\n"
                for r, f in zip(records, fold_of) if f != fold), encoding="utf-8")
            project.import_layer(taught, LayerImportOptions(layer="bench", strict=True))
            test_ids = [i + 1 for i, f in enumerate(fold_of) if f == fold]
            runs = {"rules only": project.load_suggester("builtin", statement_model=False),
                    "starter, out of the box": project.load_suggester("builtin")}
            for start_from in ("starter", "scratch"):
                report = project.train_model(["bench"], start_from=start_from)
                print(f"fold {fold}: trained from {start_from} on {sum(report.positives.values())}"
                      f" statements, {report.negatives} others in {report.seconds:.1f} s; "
                      f"{'in use' if report.active else 'the starter stays in use'}; target precision "
                      f"{report.target_precision} ({getattr(report, 'target_from', 'setting')})")
                trained = StatementModel.from_bytes(model_store.data_of(project.db,
                                                                        report.version))
                runs[f"own model from {start_from}"] = project.load_suggester(
                    "builtin", statement_model=trained)
                runs[f"in use after training from {start_from}"] = project.load_suggester("builtin")
            for name, suggester in runs.items():
                run = project.suggest(suggester=suggester, separate_process=False)
                row = _row(project.evaluate("gold", run["pipeline"], doc_ids=test_ids))
                totals.setdefault(name, []).append(row)
            project.close()
    print(f"\nevaluated on the round in {args.unseen}, after deciding all of {args.set}"
          if args.unseen else
          f"\n{args.folds} folds by document; mean over folds, evaluated on the held-out fold")
    print("| suggestions | " + " | ".join(KEYS) + " |")
    print("|---|" + "---|" * len(KEYS))
    for name, rows in totals.items():
        means = []
        for key in KEYS:
            values = [r[key] for r in rows if r[key] is not None]
            means.append(f"{sum(values) / len(values):.2f}" if values else "n/a")
        print(f"| {name} | " + " | ".join(means) + " |")



CURVE = (50, 100, 200, 400)


def unseen_records(name: str, folder: Path) -> list[dict]:
    """The round of corpus `name` (basil, fnc) in `folder`: a team's new documents of the kind
    it decided before."""
    from bench import labelled_articles

    if name not in labelled_articles.ROUNDS or name == "labels":
        raise SystemExit(f"--unseen needs --set basil or fnc, not {name}")
    return labelled_articles.label_records(folder, labelled_articles.actor_ids(), name)[0]


def first_documents(pool: list[int], sizes: list[int], n: int) -> tuple[list[int], int]:
    """The documents of `pool`, in its order, until `n` sentences are decided (a team that
    decides whole documents): their indexes and how many sentences they hold."""
    chosen, decided = [], 0
    for i in pool:
        if decided >= n:
            break
        chosen.append(i)
        decided += sizes[i]
    return chosen, decided


def records_of(name: str) -> list[dict]:
    """The gold set, its Wikinews articles alone, or a committed labelling round (each
    document one event)."""
    if name == "gold":
        return gold_records()
    if name == "wikinews":
        return [r for r in gold_records() if r["meta"].get("corpus") == "wikinews-cc-by"]
    from bench.labelled_articles import round_records

    return round_records(name)


def curve(folds: int, seeds: int, name: str = "gold", target: float | None = None) -> None:
    """Own model (from the starter, from scratch) after n decisions, against the starter."""
    import random

    from annotator.formats.export_options import LayerImportOptions
    from annotator.nlp.statement_model import StatementModel
    from annotator.store import statement_models as model_store

    records = records_of(name)
    fold_of = [zlib.crc32(r["meta"].get("uid", r["text"][:200]).encode()) % folds
               for r in records]
    sizes = [r["meta"].get("sentences") or 1 for r in records]
    points: dict[tuple[int, str], list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for seed in range(seeds):
            for fold in range(folds):
                test_ids = [i + 1 for i, f in enumerate(fold_of) if f == fold]
                pool = [i for i, f in enumerate(fold_of) if f != fold]
                random.Random(seed * 100 + fold).shuffle(pool)
                for n in CURVE:
                    chosen, decided = first_documents(pool, sizes, n)
                    if decided < n:
                        break
                    project = build_project(records, folder, f"c{seed}-{fold}-{n}")
                    if target is not None:
                        project.set_setting("suggest_target_precision", target)
                    taught = folder / f"taught-{seed}-{fold}-{n}.jsonl"
                    taught.write_text("".join(json.dumps(
                        records[i] | {"meta": records[i]["meta"] | {"layer": "bench",
                                                                   "status": "done"}},
                        ensure_ascii=False) + "\n" for i in chosen), encoding="utf-8")
                    project.import_layer(taught, LayerImportOptions(layer="bench", strict=True))
                    runs = {"starter, out of the box": project.load_suggester("builtin")}
                    for start_from in ("starter", "scratch"):
                        report = project.train_model(["bench"], start_from=start_from)
                        trained = StatementModel.from_bytes(
                            model_store.data_of(project.db, report.version))
                        runs[f"own model from {start_from}"] = project.load_suggester(
                            "builtin", statement_model=trained)
                        if start_from == "starter":  # the starter stays where it does better
                            runs["in use after training from the starter"] = (
                                project.load_suggester("builtin"))
                    for name, suggester in runs.items():
                        run = project.suggest(suggester=suggester, separate_process=False)
                        row = _row(project.evaluate("gold", run["pipeline"], doc_ids=test_ids))
                        points.setdefault((n, name), []).append(row | {"decided": decided})
                    project.close()
                    print(f"seed {seed} fold {fold}: {decided} decisions", file=sys.stderr,
                          flush=True)
    print(f"\nLearning curve: {folds} folds by document x {seeds} order(s); each fold "
          "evaluated after deciding whole documents of the other folds; mean over folds")
    print("| decisions | suggestions | sentences decided (mean) | recall | precision | F1 | "
          "type | hard negatives drawn |")
    print("|---|---|---|---|---|---|---|---|")
    for (n, name), rows in points.items():
        def mean(key: str, rows: list[dict] = rows) -> str:
            values = [r[key] for r in rows if r[key] is not None]
            return f"{sum(values) / len(values):.2f}" if values else "n/a"
        print(f"| {n} | {name} | {mean('decided')} | {mean('recall')} | {mean('precision')} | "
              f"{mean('f1')} | {mean('type')} | {mean('hard_negatives')} |")


if __name__ == "__main__":
    main()
