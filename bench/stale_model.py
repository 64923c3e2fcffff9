"""A project's own model trained with earlier features, read with today's: use it, or the starter?

    python bench/stale_model.py [--code REV] [--folds 2] [--set gold|basil|fnc] [--decided N,...]

The set is split by document into folds (as `bench/model_start.py` does); for each fold, the
other folds' gold statements are a team's decisions (layer `bench`, documents done). With the
code of REV (default 253ef36, before the features changed), in a process of its own, a project
is built, a model is trained on the decisions from that revision's starter (as a team's own
model was trained then) and the fold is evaluated with it: the model as it read sentences when
it was trained. With this checkout's code, the same project is built and the fold is evaluated
with: that model read with today's features (a stale own model), today's starter out of the
box, and a model trained today on the same decisions (what `annotator train` gives). `--decided`:
also with only the first N decided sentences of the other folds (whole documents, a fixed
random order), as a team early on. Figures are sentence-level (`evaluate`), mean over folds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
if os.environ.get("BENCH_CODE"):  # the child process: the other revision's annotator
    sys.path.insert(0, os.environ["BENCH_CODE"])

KEYS = ("recall", "precision", "f1", "type", "holder", "hard_negatives", "negatives")


def _project(records: list[dict], taught: list[dict], folder: Path, name: str) -> object:
    """A project of every document with its gold layer, and the decisions as layer bench."""
    from annotator.formats.export_options import LayerImportOptions
    from bench.suggestion_quality import build_project

    project = build_project(records, folder, name)
    path = folder / f"{name}-taught.jsonl"
    path.write_text("".join(json.dumps(r | {"meta": r["meta"] | {"layer": "bench",
                                                                  "status": "done"}},
                                       ensure_ascii=False) + "\n" for r in taught),
                    encoding="utf-8")
    project.import_layer(path, LayerImportOptions(layer="bench", strict=True))
    return project


def _figures(project: object, suggester: object, test_ids: list[int]) -> dict:
    from bench.suggestion_quality import _row

    run = project.suggest(suggester=suggester, separate_process=False)
    return _row(project.evaluate("gold", run["pipeline"], doc_ids=test_ids))


def old_side(job: Path) -> None:
    """With the other revision's code: train on the decisions, keep the model, and the fold's
    figures with it as that revision reads sentences."""
    from annotator.store import statement_models as model_store

    task = json.loads(job.read_text(encoding="utf-8"))
    folder = job.parent
    project = _project(task["records"], task["taught"], folder, task["name"] + "-old")
    report = project.train_model(["bench"], start_from="starter")
    (folder / f"{task['name']}.model").write_bytes(model_store.data_of(project.db,
                                                                       report.version))
    from annotator.nlp.statement_model import StatementModel

    trained = StatementModel.from_bytes(model_store.data_of(project.db, report.version))
    row = _figures(project, project.load_suggester("builtin", statement_model=trained),
                   task["test_ids"])
    project.close()
    print(json.dumps(row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default="253ef36", metavar="REV")
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--set", choices=("gold", "basil", "fnc"), default="gold")
    parser.add_argument("--decided", default="", help="comma-separated sentence counts")
    parser.add_argument("--old-side", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.old_side:
        old_side(args.old_side)
        return
    from annotator.nlp.statement_model import StatementModel
    from bench.model_start import first_documents, records_of

    records = records_of(args.set)
    fold_of = [zlib.crc32(r["meta"].get("uid", r["text"][:200]).encode()) % args.folds
               for r in records]
    sizes = [r["meta"].get("sentences") or 1 for r in records]
    limits = [int(n) for n in args.decided.split(",") if n] or [0]
    table: dict[tuple[int, str], list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        code = folder / "code"
        code.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.code],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
        for limit in limits:
            for fold in range(args.folds):
                pool = [i for i, f in enumerate(fold_of) if f != fold]
                if limit:
                    random.Random(fold).shuffle(pool)
                    pool = sorted(first_documents(pool, sizes, limit)[0])
                taught = [records[i] for i in pool]
                test_ids = [i + 1 for i, f in enumerate(fold_of) if f == fold]
                name = f"n{limit}-f{fold}"
                job = folder / f"{name}.json"
                job.write_text(json.dumps({"records": records, "taught": taught,
                                           "test_ids": test_ids, "name": name}),
                               encoding="utf-8")
                done = subprocess.run([sys.executable, __file__, "--old-side", str(job)],
                                      env=os.environ | {"BENCH_CODE": str(code)},
                                      capture_output=True, text=True, check=True)
                rows = {f"own model at {args.code}, read at {args.code}":
                        json.loads(done.stdout.strip().splitlines()[-1])}
                stale = StatementModel.from_bytes((folder / f"{name}.model").read_bytes())
                project = _project(records, taught, folder, name)
                rows["starter today"] = _figures(project, project.load_suggester("builtin"),
                                                 test_ids)
                rows[f"own model at {args.code}, read today (stale)"] = _figures(
                    project, project.load_suggester("builtin", statement_model=stale), test_ids)
                from annotator.store import statement_models as model_store

                report = project.train_model(["bench"], start_from="starter")
                fresh = StatementModel.from_bytes(model_store.data_of(project.db,
                                                                      report.version))
                rows["own model trained today"] = _figures(
                    project, project.load_suggester("builtin", statement_model=fresh), test_ids)
                project.close()
                for key, row in rows.items():
                    table.setdefault((limit, key), []).append(row)
                print(f"{name} done", file=sys.stderr, flush=True)
    print(f"\n{args.set}: {args.folds} folds by document, mean over folds, evaluated on the "
          "held-out fold")
    print("| decided | suggestions | " + " | ".join(KEYS) + " |")
    print("|---|---|" + "---|" * len(KEYS))
    for (limit, key), rows in table.items():
        means = []
        for k in KEYS:
            values = [r[k] for r in rows if r[k] is not None]
            means.append(f"{sum(values) / len(values):.2f}" if values else "n/a")
        print(f"| {limit or 'all'} | {key} | " + " | ".join(means) + " |")


if __name__ == "__main__":
    main()
