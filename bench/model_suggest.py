"""Suggest throughput with the statement model against rules only (same texts, one run).

    python bench/model_suggest.py [--docs 1000] [--rounds 2]

Real article bodies (../shared/corpora via `bench.corpus_texts`) in one project; each round
runs `Project.suggest` over all of them with the built-in pipeline, once with rules only and
once with the shipped starter model (alternating which goes first), each on its own
suggestion key so both do the full work. Reported: documents per second of each and the
model's time as a ratio of the rules' time, per round.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus_texts import n_texts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from annotator.project import Project
    from annotator.project.learning import starter_model

    model = starter_model()
    if model is None:
        raise SystemExit("no starter model in resources/models/")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "docs.jsonl"
        data.write_text("\n".join(json.dumps({"title": t, "text": x})
                                  for t, x in n_texts(args.docs)), encoding="utf-8")
        project = Project.create(Path(tmp) / "p.annotator", annotator="bench")
        n = len(project.import_paths([data]).doc_ids)
        chars = project.db.execute("SELECT sum(length(text)) FROM documents").fetchone()[0]
        print(f"{n} documents, {chars / n:.0f} characters each on average; model {model.version}")
        for round_ in range(args.rounds):
            order = [("rules", False), ("model", model)]
            if round_ % 2:
                order.reverse()
            seconds = {}
            for name, statement_model in order:
                suggester = project.load_suggester("builtin", statement_model=statement_model)
                project.db.execute("DELETE FROM suggestion_runs WHERE pipeline = ?",
                                   [suggester.key])
                project.db.execute("DELETE FROM suggestions WHERE pipeline = ?", [suggester.key])
                project.db.conn.commit()
                started = time.perf_counter()
                result = project.suggest(suggester=suggester, separate_process=False)
                seconds[name] = time.perf_counter() - started
                assert result["documents"] == n
            print(f"round {round_ + 1} ({order[0][0]} first): rules {n / seconds['rules']:.0f} "
                  f"docs/s, model {n / seconds['model']:.0f} docs/s; model/rules time "
                  f"{seconds['model'] / seconds['rules']:.2f}")
        project.close()


if __name__ == "__main__":
    main()
