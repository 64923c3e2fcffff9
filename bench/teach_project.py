"""A project to teach with, for the teach-mode benchmark, its screenshot and its GUI test:
shipped Wikinews articles pre-highlighted with the rule pipeline, the rule candidates of the
first few accepted by a colleague and those articles marked done, and a statement model
trained on that. (Accepting rule candidates wholesale makes poor labels; it makes a real
trained model in seconds, which is what these need.)"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from annotator.core.resources import resource
from annotator.project import Project, teaching


def taught_project(path: Path, *, articles: int = 30, labelled: int = 10,
                   annotator: str = "bob", retrain_every: int | None = None) -> Any:
    """Build it at `path` (the articles' JSONL goes beside it); returns the training report."""
    with resource("samples", "wikinews-samples.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:articles]
    source = path.with_suffix(".jsonl")
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with Project.create(path, annotator=annotator) as project:
        ids = project.import_paths([source]).doc_ids
        project.suggest(model="builtin")
        for s in teaching.rule_scores(project).sentences:
            if s.doc_id in ids[:labelled]:
                project.annotate(s.doc_id, s.start, s.end, s.type,
                                 {"holder": s.holder} if s.holder else {})
        for doc_id in ids[:labelled]:
            project.set_status(doc_id, "done")
        report = project.train_model()
        if retrain_every is not None:
            project.set_setting(teaching.RETRAIN_EVERY_SETTING, retrain_every)
    return report
