"""Suggestions that learn: training the statement model on the project's own decisions.

A composed service (`Project.learning`), reached through `Project.train_model`,
`Project.statement_model` and `Project.score_sentences`. Training data, per sentence:
- a positive, with its type, where a STATEMENT annotation (not deleted) of the chosen layers
  covers at least half of the sentence or the sentence holds at least half of it;
- a negative where the sentence is in a document marked done in one of those layers and holds
  no statement, or where a statement suggestion over it was rejected
  (`suggestion_decisions` key `STATEMENT:{start}:{end}:{type}`).
Sentences come from the project's pipeline (the same boundaries and rule findings suggestions
use), so the model learns on what it will be asked about. Started from the starter model (the
default), the model also learns from the starter's own training sentences, shipped beside it
as features (`starter_rows`): a few hundred labels alone teach less than both together.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core import settings
from annotator.core.errors import AnnotatorError
from annotator.core.resources import resource
from annotator.store import statement_models as model_store
from annotator.store.events import log_event

if TYPE_CHECKING:
    from annotator.nlp.statement_model import Example, Rows, StatementModel
    from annotator.project.suggesting import SuggestMixin

STARTER = ("models", "statement-starter.npz")
STARTER_ROWS = ("models", "statement-starter-data.npz")  # its training sentences as features
TARGET_PRECISION_SETTING = "suggest_target_precision"
START_FROM_SETTING = "model_start"  # "starter" (default): start from the shipped model; "scratch"
MIN_EXAMPLES = 10
# Where the project sets no target precision, its own model aims at the precision the starter
# model reaches on the project's labels (which the starter never saw), so that training changes
# what is found at the precision the team already had, instead of trading recall for a
# precision the starter never delivered on that text (75 BASIL articles, 5 folds: starter 0.67,
# own model held to 0.7 found 0.57 of the statements against the starter's 0.60, and 0.67 at
# the starter's precision; docs/benchmarks.md). Never below this: a target under one half
# would draw more wrong candidates than right ones.
MATCHED_FLOOR = 0.5
READ_CHUNK = 256


class TrainingError(AnnotatorError):
    code = "E420"


@dataclass(frozen=True)
class ScoredSentence:
    doc_id: int
    start: int
    end: int
    score: float
    type: str
    type_scores: dict[str, float]
    holder: str | None
    target: str | None
    drawn: bool = False  # at or above the model's threshold


@dataclass
class TrainReport:
    model_id: int | None  # the stored model's row, None when cancelled
    version: str = ""
    layers: list[str] = field(default_factory=list)
    positives: dict[str, int] = field(default_factory=dict)
    negatives: int = 0
    documents: int = 0
    held_out: dict[str, Any] = field(default_factory=dict)
    threshold: float = 0.5
    target_precision: float = 0.0
    target_from: str = "setting"  # or "starter": its precision on these labels; "default"
    started_from: str | None = None
    seconds: float = 0.0
    cancelled: bool = False
    active: bool = True  # False: the starter model did better on these labels and stays in use
    starter_held_out: dict[str, Any] = field(default_factory=dict)  # its figures on them
    features: int = 0  # the feature set the model was trained with (`FEATURE_VERSION`)
    replaced_stale: str | None = None  # the own model it replaces, trained with other features

    def summary(self) -> str:
        if self.cancelled:
            return "Training cancelled; the model in use is unchanged."
        h = self.held_out
        pos = ", ".join(f"{k} {v}" for k, v in sorted(self.positives.items()))
        return (f"Model {self.version} trained on {sum(self.positives.values())} statement(s) "
                f"({pos}) and {self.negatives} other sentence(s) from {self.documents} "
                f"document(s) in {self.seconds:.1f} s. Held out: precision {h.get('precision')}, "
                f"recall {h.get('recall')}, F1 {h.get('f1')}, type accuracy "
                f"{h.get('type_accuracy')}; threshold {self.threshold} for precision "
                f"{self.target_precision}"
                + (" (the starter model's on these labels; the setting "
                   "suggest_target_precision fixes it)." if self.target_from == "starter"
                   else ".")
                + ("" if self.active else
                   f" The starter model does better on these labels (F1 "
                   f"{self.starter_held_out.get('f1')}) and stays in use; the new model is kept "
                   "in the project's history.")
                + (f" The project's previous model {self.replaced_stale[:8]}, trained with "
                   "other features than this version computes, is no longer used."
                   if self.replaced_stale else ""))


def starter_model() -> StatementModel | None:
    """The model shipped in `resources/models/`, or None where this build has none."""
    from annotator.nlp.statement_model import StatementModel

    data = _shipped(STARTER)
    return StatementModel.from_bytes(data) if data is not None else None


def _shipped(parts: tuple[str, ...]) -> bytes | None:
    """A file of `resources/`, or None where this build has none."""
    try:
        path = resource(*parts)
    except FileNotFoundError:
        return None
    return path.read_bytes() if path.exists() else None


def starter_rows() -> Rows | None:
    """The starter model's training sentences as features, where this build ships them and
    they belong to the shipped starter model."""
    from annotator.nlp.statement_model import Rows

    data = _shipped(STARTER_ROWS)
    if data is None:
        return None
    rows = Rows.from_bytes(data)
    starter = starter_model()
    return rows if starter is not None and rows.version == starter.version else None


class Learning:
    """Training, loading and scoring with the project's statement model."""

    def __init__(self, project: SuggestMixin) -> None:
        self.project = project

    @property
    def db(self) -> Any:
        return self.project.db

    # ------------------------------------------------------------------ models
    def statement_model(self) -> StatementModel | None:
        """The project's own active model, else the shipped starter model. An own model
        trained with other features than this version computes (stale, `model_state`) gives
        way to the starter until it is trained again; where there is no starter it is used."""
        from annotator.nlp.statement_features import FEATURE_VERSION
        from annotator.nlp.statement_model import StatementModel

        found = model_store.active(self.db)
        model = StatementModel.from_bytes(found[1]) if found is not None else None
        if model is None or model.features != FEATURE_VERSION:
            model = starter_model() or model
        target = self.project.setting(TARGET_PRECISION_SETTING)
        if model is not None and target is not None:
            model.retarget(settings.convert(TARGET_PRECISION_SETTING, target, stored=True))
        return model

    def target_precision(self, starter_figures: dict[str, Any] | None = None
                         ) -> tuple[float, str]:
        """(target precision, where it comes from): the project's setting where it has one,
        else the starter model's precision on the project's labels (`starter_figures`, see
        `matched_target`), else the default."""
        from annotator.nlp.statement_model import DEFAULT_TARGET_PRECISION

        stored = self.project.setting(TARGET_PRECISION_SETTING)
        if stored is not None:
            return settings.convert(TARGET_PRECISION_SETTING, stored, stored=True), "setting"
        if starter_figures and starter_figures.get("drawn"):
            return matched_target(float(starter_figures["precision"])), "starter"
        return DEFAULT_TARGET_PRECISION, "default"

    def layers(self, layers: list[str] | None) -> list[str]:
        """The chosen layers; None or ["all"] is every layer with statements or decisions."""
        if layers and layers != ["all"]:
            return list(layers)
        rows = self.db.execute(
            "SELECT layer FROM annotations WHERE kind = 'STATEMENT' AND deleted_at IS NULL"
            " UNION SELECT layer FROM doc_status WHERE status = 'done'"
            " UNION SELECT layer FROM suggestion_decisions WHERE decision = 'rejected'")
        return sorted(r[0] for r in rows)

    def train_model(self, layers: list[str] | None = None, *,
                    progress: Callable[[int, int], None] | None = None,
                    should_stop: Callable[[], bool] | None = None,
                    start_from: str | None = None) -> TrainReport:
        """Train on the chosen layers, store the model and make it the active one. Stopped
        (`should_stop`), it stores nothing and the model in use stays: the report says
        `cancelled`. `start_from`: "starter" or "scratch" (default: the project setting)."""
        from annotator.nlp.statement_model import TrainingCancelled, train

        started = time.perf_counter()
        chosen = self.layers(layers)
        examples, documents = self.examples(chosen)
        report = TrainReport(None, layers=chosen, documents=documents)
        for e in examples:
            if e.label:
                report.positives[e.label] = report.positives.get(e.label, 0) + 1
            else:
                report.negatives += 1
        if len(examples) < MIN_EXAMPLES or not report.positives or not report.negatives:
            raise TrainingError(
                f"not enough labelled sentences to train on in layer(s) {', '.join(chosen) or '-'}"
                f" ({sum(report.positives.values())} statement(s), {report.negatives} other)",
                hint=f"Label statements and mark their documents done (at least {MIN_EXAMPLES} "
                     "sentences, both kinds), or reject statement suggestions.")
        start_from = start_from or settings.convert(
            START_FROM_SETTING, self.project.setting(START_FROM_SETTING, "starter"), stored=True)
        rows = starter_rows() if start_from == "starter" else None
        report.started_from = rows.version if rows is not None else None
        starter = starter_model()
        if starter is not None:  # it never saw these labels: its figures on them are held out
            report.starter_held_out = _figures_on(starter, examples)
        report.target_precision, report.target_from = self.target_precision(
            report.starter_held_out)
        try:
            model = train(examples, target_precision=report.target_precision, starter=rows,
                          init=starter if rows is not None else None,
                          progress=progress, should_stop=should_stop,
                          meta={"trained_at": _now(), "trained_by": self.project.annotator,
                                "layers": chosen, "documents": documents,
                                "positives": report.positives, "negatives": report.negatives,
                                "start_from": start_from})
        except TrainingCancelled:
            report.cancelled = True
            report.seconds = time.perf_counter() - started
            return report
        if should_stop and should_stop():
            report.cancelled = True
            return report
        from annotator.nlp.statement_model import FORMAT

        model.meta["target_from"] = report.target_from
        if starter is not None:
            report.active = model.meta["held_out"]["f1"] >= report.starter_held_out["f1"]
            model.meta["starter_held_out"] = report.starter_held_out
        report.seconds = round(time.perf_counter() - started, 2)
        model.meta["seconds"] = report.seconds
        report.features = model.features
        stale = self.project.model_state()
        report.replaced_stale = stale.own if stale.stale else None
        with self.db.atomic():
            report.model_id = model_store.save(self.db, model.version, model.to_bytes(),
                                               model.meta, chosen, self.project.annotator, FORMAT,
                                               activate=report.active)
            if not report.active:
                model_store.deactivate_all(self.db)
            log_event(self.db, who=self.project.annotator, op="train", entity="statement_model",
                      entity_id=model.version,
                      after={k: model.meta[k] for k in ("threshold", "held_out", "layers")})
        report.version = model.version
        report.held_out = model.meta["held_out"]
        report.threshold = model.threshold
        return report

    # ------------------------------------------------------------------ data
    def labelled(self, layers: list[str]) -> tuple[dict[int, list[tuple[int, int, str]]],
                                                   set[int], dict[int, list[tuple[int, int]]]]:
        """Statements, done documents and rejected statement spans, by document."""
        marks = ",".join("?" * len(layers)) or "NULL"
        statements: dict[int, list[tuple[int, int, str]]] = {}
        for doc_id, start, end, label in self.db.execute(
                "SELECT doc_id, start, end, label FROM annotations WHERE kind = 'STATEMENT'"
                f" AND deleted_at IS NULL AND layer IN ({marks})", layers):
            statements.setdefault(doc_id, []).append((start, end, label))
        done = {r[0] for r in self.db.execute(
            f"SELECT doc_id FROM doc_status WHERE status = 'done' AND layer IN ({marks})", layers)}
        rejected: dict[int, list[tuple[int, int]]] = {}
        for doc_id, key in self.db.execute(
                "SELECT doc_id, key FROM suggestion_decisions WHERE decision = 'rejected'"
                f" AND key LIKE 'STATEMENT:%' AND layer IN ({marks})", layers):
            parts = key.split(":")
            if len(parts) >= 3 and parts[1].isdigit() and parts[2].isdigit():
                rejected.setdefault(doc_id, []).append((int(parts[1]), int(parts[2])))
        return statements, done, rejected

    def examples(self, layers: list[str]) -> tuple[list[Example], int]:
        """(training examples, documents they come from)."""
        from annotator.nlp.statement_model import Example

        statements, done, rejected = self.labelled(layers)
        doc_ids = sorted(set(statements) | done | set(rejected))
        examples: list[Example] = []
        for doc_id, _text, starts, ends, views in self._views(doc_ids):
            uid = str(doc_id)
            for k, (start, end, view) in enumerate(zip(starts, ends, views)):
                label = _covering(start, end, statements.get(doc_id, ()))
                if label is not None:
                    examples.append(Example(view, label, uid, position=k))
                elif doc_id in done or any(_overlaps(start, end, s, e)
                                           for s, e in rejected.get(doc_id, ())):
                    examples.append(Example(view, None, uid, position=k))
        return examples, len(doc_ids)

    def _views(self, doc_ids: list[int]) -> Iterator[tuple[int, str, list[int], list[int], list]]:
        from annotator.nlp.candidates import sentence_bounds
        from annotator.nlp.layout import layouts
        from annotator.nlp.sentence_views import sentence_views
        from annotator.store import suggestions as suggestion_store

        suggester = self.project.load_suggester(statement_model=False)
        for at in range(0, len(doc_ids), READ_CHUNK):
            batch = suggester.read(suggestion_store.texts(self.db, doc_ids[at:at + READ_CHUNK]))
            for doc_id, text, facts, (cuts, _) in zip(batch.doc_ids, batch.texts, batch.facts,
                                                      layouts(batch.tokens, False)):
                starts, ends = sentence_bounds(text, cuts)
                yield doc_id, text, starts, ends, sentence_views(text, facts, starts, ends,
                                                                 suggester.extract)

    def score_sentences(self, doc_ids: list[int] | None = None) -> Iterator[ScoredSentence]:
        """Every sentence of these documents (default: all) with the model's score, type and
        proposed holder and target; nothing when the project has no model at all."""
        from annotator.nlp.candidates import sentence_bounds
        from annotator.nlp.layout import layouts
        from annotator.store import suggestions as suggestion_store

        suggester = self.project.load_suggester()
        extract = suggester.extract
        if extract.model is None:
            return
        if doc_ids is None:
            doc_ids = [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY id")]
        for at in range(0, len(doc_ids), READ_CHUNK):
            batch = suggester.read(suggestion_store.texts(self.db, doc_ids[at:at + READ_CHUNK]))
            for doc_id, text, facts, (cuts, _) in zip(batch.doc_ids, batch.texts, batch.facts,
                                                      layouts(batch.tokens, False)):
                starts, ends = sentence_bounds(text, cuts)
                rules = extract.rule_candidates(text, facts, starts, ends)
                for row, drawn in extract.scored(text, facts, starts, ends, rules):
                    start, end, _, label, holder, _, score, attrs = row
                    yield ScoredSentence(doc_id, start, end, float(score), label,
                                         attrs["type_scores"], holder, attrs.get("target"), drawn)


def matched_target(starter_precision: float) -> float:
    """The default target precision of a project's own model: the starter model's precision
    on the project's labels (two decimals), at least `MATCHED_FLOOR`."""
    return max(MATCHED_FLOOR, round(starter_precision, 2))


def _figures_on(model: StatementModel, examples: list[Example]) -> dict[str, Any]:
    """A model's figures on labelled examples, at its own threshold."""
    from annotator.nlp.statement_model import held_out_figures, places_of

    # labelled sentences of an unfinished document are not all its sentences: neighbours
    # only where they stand next to each other
    predictions = model.predict([e.view for e in examples], places_of(examples))
    import numpy as np

    return held_out_figures(np.asarray([p.score for p in predictions]),
                            [p.type for p in predictions], [e.label for e in examples],
                            model.threshold)


def _covering(start: int, end: int, statements: Any) -> str | None:
    """The type of the statement that covers at least half of the sentence, or that the
    sentence holds at least half of; the largest overlap wins."""
    best, label = 0, None
    for s, e, lab in statements:
        overlap = min(end, e) - max(start, s)
        if overlap > 0 and (2 * overlap >= end - start or 2 * overlap >= e - s) and overlap > best:
            best, label = overlap, lab
    return label


def _overlaps(start: int, end: int, s: int, e: int) -> bool:
    overlap = min(end, e) - max(start, s)
    return overlap > 0 and 2 * overlap >= min(end - start, e - s)


def _now() -> str:
    from annotator.store.database import utcnow

    return utcnow()


def as_json(report: TrainReport) -> dict[str, Any]:
    return json.loads(json.dumps(report.__dict__, default=str))
