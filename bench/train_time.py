"""Training time of the statement model on 2,000 labelled sentences (aim: under two minutes
on two cores).

    python bench/train_time.py [--sentences 2000]

A project holds Wikinews articles (../shared/corpora/wikinews-cc-by, leaving out the
documents RESERVED.tsv keeps for evaluation: nothing is trained on those) until their
sentences reach the count; every document is marked done and the sentences the
rules draw are labelled as statements of the rules' type (simulated decisions: the timing
does not depend on who labelled them). Timed: `Project.train_model` whole (reading the
sentences through the pipeline, five cross-validation fits and the final fit, storing), from
scratch and from the starter model. The baseline in the same process is reading the same
documents through the pipeline alone (`Suggester.read`), which every training does first.
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

from bench.corpus_texts import CORPORA  # noqa: E402


def wikinews_unreserved() -> list[tuple[str, str]]:
    import csv

    reserved = {line.split("\t")[2].strip() for line in
                (CORPORA / "RESERVED.tsv").read_text(encoding="utf-8").splitlines()
                if line.startswith("wikinews-cc-by\t")}
    out = []
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with (CORPORA / "wikinews-cc-by" / name).open(newline="", encoding="utf-8") as fh:
            out.extend((r["title"], r["text"]) for r in csv.DictReader(fh)
                       if r["url"] not in reserved and r["text"].strip())
    return out


def build(folder: Path, sentences: int):
    from annotator.nlp.candidates import sentence_bounds
    from annotator.nlp.layout import layouts
    from annotator.project import Project

    project = Project.create(folder / "train.annotator", annotator="bench")
    suggester = project.load_suggester("builtin", statement_model=False)
    data = folder / "docs.jsonl"
    total, lines = 0, []
    for title, text in wikinews_unreserved():
        batch = suggester.read([(text, 0)])
        cuts = layouts(batch.tokens, False)[0].cuts
        total += len(sentence_bounds(text, cuts)[0])
        lines.append(json.dumps({"title": title, "text": text}))
        if total >= sentences:
            break
    data.write_text("\n".join(lines), encoding="utf-8")
    ids = project.import_paths([data]).doc_ids
    project.suggest(suggester=suggester, separate_process=False)
    for doc_id in ids:
        for s in project.suggestions(doc_id, suggester.key):
            if s.kind == "STATEMENT":
                project.annotate(doc_id, s.start, s.end, s.label)
        project.set_status(doc_id, "done")
    return project, suggester, ids, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    args = parser.parse_args()
    from annotator.store import suggestions as suggestion_store

    with tempfile.TemporaryDirectory() as tmp:
        project, suggester, ids, total = build(Path(tmp), args.sentences)
        started = time.perf_counter()
        suggester.read(suggestion_store.texts(project.db, ids))
        read = time.perf_counter() - started
        rows = []
        for start_from in ("scratch", "starter"):
            started = time.perf_counter()
            report = project.train_model(start_from=start_from)
            seconds = time.perf_counter() - started
            rows.append((start_from, seconds, report))
        print(f"{len(ids)} documents, {total} sentences "
              f"({sum(rows[0][2].positives.values())} statements, {rows[0][2].negatives} other)")
        print(f"baseline: reading them through the pipeline {read:.2f} s")
        for start_from, seconds, report in rows:
            print(f"train_model from {start_from}: {seconds:.1f} s "
                  f"({seconds / read:.1f}x the read; held-out F1 {report.held_out['f1']})")
        project.close()


if __name__ == "__main__":
    main()
