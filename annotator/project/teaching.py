"""Teach mode: which sentence to ask about next, and what a decision writes.

The statement model scores every sentence of the project. Asking about the sentences it is
least sure of (score nearest its threshold) teaches it most per decision, but only those would
teach it nothing about its confident mistakes, so a share of the sentences is drawn at random
(Prodigy's teach recipes and INCEpTION's recommenders do the same). Decisions go through the
project's ordinary paths, so history, undo and the model's training data see them as any other
action: an accept is a STATEMENT annotation in the annotator's own layer (`annotate`), a reject
is a suggestion decision with the key `STATEMENT:{start}:{end}:{type}` (`reject_span`), which
the model reads as a negative.

`TeachStream` holds the order. It has no connection of its own: each call gets the project it
reads from (in the window, the writer's, on its thread), and it asks the file, not a memory of
its own, whether a sentence is decided, so an undo or an edit in the main window counts at once.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import random
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.core.errors import AnnotatorError
from annotator.core.models import Annotation
from annotator.project.learning import ScoredSentence
from annotator.project.model_state import ModelState

RANDOM_SHARE = 0.2  # default share of sentences drawn at random instead of by uncertainty
RETRAIN_EVERY = 20  # default number of decisions between two retrainings
RANDOM_SHARE_SETTING = "teach.random_share"
RETRAIN_EVERY_SETTING = "teach.retrain_every"
RULE_THRESHOLD = 0.7  # rule candidates score ~0.4-1.0: the middle of that range
PARAGRAPH_LIMIT = 1200  # characters of context shown around a sentence at most
Key = tuple[int, int, int]  # doc_id, start, end


class TeachError(AnnotatorError):
    code = "E470"


class RetrainFailed(AnnotatorError):
    """Something unexpected in the retraining process (a bug, not a user's mistake)."""

    code = "E471"


Scored = ScoredSentence  # one sentence with what the model says of it


@dataclass(frozen=True)
class TeachItem:
    """One sentence to decide, with the paragraph it stands in and the proposed statement."""

    doc_id: int
    start: int
    end: int
    score: float
    type: str
    type_scores: dict[str, float]
    reason: str  # "uncertain" | "random"
    title: str
    paragraph_start: int
    paragraph: str
    attrs: dict[str, Any] = field(default_factory=dict)  # proposed slots: holder, target ...
    mentions: tuple[tuple[int, int, str, str | None], ...] = ()  # start, end, label, actor
    actors: tuple[str, ...] = ()  # offered for holder and target (the slot keys' digits)
    actor_names: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> Key:
        return (self.doc_id, self.start, self.end)

    @property
    def sentence(self) -> str:
        offset = self.paragraph_start
        return self.paragraph[self.start - offset:self.end - offset]


@dataclass
class Scores:
    """A scoring of the project's sentences: what a stream is (re)built from."""

    sentences: list[Scored]
    threshold: float
    source: str  # what scored them: a model's version, or "rules"
    # which model that is (own or starter) and whether a stale own model was set aside for it
    state: ModelState | None = None


def _uncertainty(threshold: float) -> Callable[[Scored], tuple[float, int, int, int]]:
    return lambda s: (abs(s.score - threshold), s.doc_id, s.start, s.end)


class TeachStream:
    """The order in which sentences are asked about: the most uncertain first, with a share
    drawn at random. A sentence is handed out once per stream (skipping it moves on; an undo
    brings it back through the window, not through the stream)."""

    def __init__(self, *, random_share: float = RANDOM_SHARE, seed: int | None = None) -> None:
        if not 0.0 <= random_share <= 1.0:
            raise TeachError(f"the random share must lie between 0 and 1, not {random_share}",
                             hint=f"Set {RANDOM_SHARE_SETTING} to e.g. 0.2.")
        self.random_share = random_share
        self.rng = random.Random(seed)
        self.scores = Scores([], 0.5, "none")
        self.handed: set[Key] = set()
        self._ordered: list[Scored] = []
        self._next = 0

    def rescore(self, scores: Scores) -> None:
        """Order the sentences by a new scoring; those handed out stay handed out."""
        self.scores = scores
        self._ordered = sorted(scores.sentences, key=_uncertainty(scores.threshold))
        self._next = 0

    @property
    def remaining(self) -> int:
        """Sentences not yet handed out (decided ones included until they are met)."""
        return max(0, len(self._ordered) - len(self.handed))

    def take(self, project: Any, n: int = 1) -> list[TeachItem]:
        """The next `n` undecided sentences, each with its context, fewer at the end."""
        out: list[TeachItem] = []
        contexts: dict[int, _DocContext] = {}
        while len(out) < n:
            picked = self._pick(project)
            if picked is None:
                break
            scored, reason = picked
            out.append(_item(project, scored, reason, contexts))
        return out

    def _pick(self, project: Any) -> tuple[Scored, str] | None:
        if self._ordered and self.rng.random() < self.random_share:
            for _ in range(20):  # a few draws; past that, the pool is mostly used up
                scored = self._ordered[self.rng.randrange(len(self._ordered))]
                if self._fresh(project, scored):
                    return scored, "random"
        while self._next < len(self._ordered):
            scored = self._ordered[self._next]
            self._next += 1
            if self._fresh(project, scored):
                return scored, "uncertain"
        return None

    def _fresh(self, project: Any, scored: Scored) -> bool:
        key = (scored.doc_id, scored.start, scored.end)
        if key in self.handed:
            return False
        self.handed.add(key)
        return not is_decided(project, *key)


# ---------------------------------------------------------------------------- decisions
def is_decided(project: Any, doc_id: int, start: int, end: int) -> bool:
    """Whether this annotator has decided the sentence: a statement of theirs overlaps it, or
    they rejected a statement on exactly it."""
    layer = project.annotator
    if project.db.execute(
            "SELECT 1 FROM annotations WHERE doc_id = ? AND layer = ? AND kind = 'STATEMENT'"
            " AND deleted_at IS NULL AND start < ? AND end > ? LIMIT 1",
            [doc_id, layer, end, start]).fetchone():
        return True
    return project.db.execute(
        "SELECT 1 FROM suggestion_decisions WHERE doc_id = ? AND layer = ? AND key LIKE ?"
        " AND decision = 'rejected' LIMIT 1",
        [doc_id, layer, f"STATEMENT:{start}:{end}:%"]).fetchone() is not None


def accept(project: Any, item: TeachItem, label: str | None = None,
           attrs: dict[str, Any] | None = None) -> Annotation:
    """The sentence as a statement in the annotator's layer, with the proposed (or edited)
    type and slots; an unset slot (None) is left out."""
    slots = {s.name for s in project.scheme.slots}
    chosen = {k: v for k, v in (item.attrs if attrs is None else attrs).items()
              if k in slots and v is not None and v != []}
    return project.annotate(item.doc_id, item.start, item.end, label or item.type, chosen,
                            origin="suggestion")


def reject(project: Any, item: TeachItem, label: str | None = None) -> None:
    """Not a statement: a decision the model reads as a negative."""
    project.reject_span(item.doc_id, item.start, item.end, "STATEMENT", label or item.type)


def undo_decision(project: Any, item: TeachItem) -> dict[str, Any] | None:
    """Undo the decision on this sentence, only when it is the annotator's last action:
    `undo` takes back whatever they did last, which may have been in the main window since."""
    top = project.next_undo()
    if not _decides(top, item):
        raise TeachError("your last action is not the decision on this sentence, so it stays",
                         hint="Undo your later change where you made it (Ctrl+Z in the main "
                              "window) first.")
    return project.undo()


def _decides(event: dict[str, Any] | None, item: TeachItem) -> bool:
    if event is None or event["doc_id"] != item.doc_id:
        return False
    if event["entity"] == "annotation":
        after = event["after"] or {}
        return (after.get("kind"), after.get("start"), after.get("end")) == (
            "STATEMENT", item.start, item.end)
    return event["entity"] == "suggestion_decision" and str(event["key"][-1]).startswith(
        f"STATEMENT:{item.start}:{item.end}:")


def statement_types(project: Any) -> list[str]:
    return [label.name for label in project.scheme.labels_of("STATEMENT")]


# ---------------------------------------------------------------------------- settings
def settings(project: Any) -> tuple[float, int]:
    """(random share, decisions between retrainings), checked. `annotator settings` stores
    what it is given as text, so "0.3" and "10" count as the numbers they spell."""
    share = _number(project.setting(RANDOM_SHARE_SETTING, RANDOM_SHARE), float)
    every = _number(project.setting(RETRAIN_EVERY_SETTING, RETRAIN_EVERY), int)
    if share is None or not 0 <= share <= 1:
        raise TeachError(f"setting {RANDOM_SHARE_SETTING} is not a share from 0 to 1",
                         hint=f"Set it again, e.g. `annotator settings PROJECT "
                              f"{RANDOM_SHARE_SETTING} {RANDOM_SHARE}`.")
    if every is None or every < 1:
        raise TeachError(f"setting {RETRAIN_EVERY_SETTING} is not a whole number from 1",
                         hint=f"Set it again, e.g. `annotator settings PROJECT "
                              f"{RETRAIN_EVERY_SETTING} {RETRAIN_EVERY}`.")
    return share, every


def _number(value: Any, kind: type) -> Any:
    if isinstance(value, bool):
        return None
    try:
        number = kind(value)
    except (TypeError, ValueError):
        return None
    return number if kind is float or float(value) == number else None


# ---------------------------------------------------------------------------- context
def paragraph_bounds(text: str, start: int, end: int,
                     limit: int = PARAGRAPH_LIMIT) -> tuple[int, int]:
    """The paragraph (between line ends) holding a sentence, cut at word boundaries to about
    `limit` characters around it when it is longer (a text without line breaks)."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    spare = max(0, limit - (end - start)) // 2
    if start - left > spare:
        cut = text.find(" ", start - spare, start)
        left = cut + 1 if cut >= 0 else start
    if right - end > spare:
        cut = text.rfind(" ", end, end + spare)
        right = cut if cut >= 0 else end
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


class _DocContext(NamedTuple):
    text: str
    title: str
    mentions: list[tuple[int, int, str, str | None]]
    actors: list[str]  # offered for holder and target, as the workspace offers them


def _context(project: Any, doc_id: int) -> _DocContext:
    doc = project.document(doc_id)
    mentions = sorted((s.start, s.end, s.label, s.actor_id) for s in project.suggestions(doc_id)
                      if s.kind == "MENTION")
    return _DocContext(doc.text, doc.title or f"Document {doc.id}", mentions,
                       project.slot_choices([m[3] for m in mentions if m[3]]))


def _item(project: Any, scored: Scored, reason: str, contexts: dict[int, _DocContext]) -> TeachItem:
    if scored.doc_id not in contexts:
        contexts[scored.doc_id] = _context(project, scored.doc_id)
    context = contexts[scored.doc_id]
    left, right = paragraph_bounds(context.text, scored.start, scored.end)
    attrs = {k: v for k, v in (("holder", scored.holder), ("target", scored.target)) if v}
    actors = context.actors + [a for a in attrs.values() if a not in context.actors]
    return TeachItem(
        scored.doc_id, scored.start, scored.end, scored.score, scored.type,
        dict(scored.type_scores), reason, context.title, left, context.text[left:right], attrs,
        tuple(m for m in context.mentions if left <= m[0] and m[1] <= right), tuple(actors),
        project.actor_names(actors))


# ---------------------------------------------------------------------------- scoring
def score_project(project: Any, doc_ids: list[int] | None = None) -> Scores:
    """Every sentence of the project scored by its statement model (its own, else the starter
    model); where it has none, the rule candidates of the last pre-highlighting run."""
    model = project.statement_model()
    if model is None:
        return rule_scores(project)
    sentences = list(project.score_sentences(doc_ids))
    _check_any(sentences)
    return Scores(sentences, model.threshold, model.version, project.model_state())


def rule_scores(project: Any) -> Scores:
    """The rule candidates of the last pre-highlighting run, scored by their cues."""
    rows = project.db.execute(
        "SELECT s.doc_id, s.start, s.end, s.score, s.label, s.attrs FROM suggestions s"
        " WHERE s.kind = 'STATEMENT' AND s.pipeline = (SELECT r.pipeline FROM suggestion_runs r"
        " WHERE r.doc_id = s.doc_id ORDER BY r.finished_at DESC LIMIT 1)")
    sentences = []
    for doc_id, start, end, score, label, raw in rows:
        attrs = json.loads(raw) if raw else {}
        sentences.append(Scored(doc_id, start, end, float(score or 0.0), label, {label: 1.0},
                                attrs.get("holder"), attrs.get("target")))
    _check_any(sentences)
    return Scores(sentences, RULE_THRESHOLD, "rules", project.model_state())


def _check_any(sentences: list[Scored]) -> None:
    if not sentences:
        raise TeachError("there are no scored sentences to teach with",
                         hint="Import documents and pre-highlight them (File ▸ Pre-highlight).")


@dataclass
class Retrained:
    """What a retraining in the background hands back: the held-out F1 of the model in use
    after it (None where nothing was trained) and the project's sentences scored by that model."""

    f1: float | None
    seconds: float
    scores: Scores | None  # None: cancelled
    version: str = ""  # the model in use after it (the one that scored)
    note: str = ""  # why the new model is not the one in use, where it is not


def retrain(project: Any, *, progress: Callable[[int, int], None] | None = None,
            should_stop: Callable[[], bool] | None = None) -> Retrained:
    """Train the statement model on the project's labels (every layer's, as `annotator train`
    does by default), then score every sentence with it. Meant for a connection of its own,
    so the stream goes on while it runs. Stopped, it scores nothing and says so (None)."""
    started = time.monotonic()
    report = project.train_model(None, progress=progress, should_stop=should_stop)
    if report.cancelled:
        return Retrained(None, time.monotonic() - started, None, report.version)
    scores = score_project(project)  # by the model now in use
    figures = report.held_out if report.active else report.starter_held_out
    return Retrained(figures.get("f1"), time.monotonic() - started, scores, scores.source,
                     "" if report.active else "the starter model did better on these labels and"
                     " stays in use")


def retrain_elsewhere(path: Any, annotator: str, *,
                      progress: Callable[[int, int], None] | None = None,
                      should_stop: Callable[[], bool] | None = None, train: bool = True,
                      poll: float = 0.2) -> Retrained:
    """`retrain` in a spawned process with its own connection (without `train`, only the
    scoring, as when teach mode opens). Training and scoring hold
    the GIL for long stretches; on a thread of the window's process they held up the key that
    shows the next sentence (bench/teach_latency.py). Stopping is asked for and waited on at the
    process's next step, never done by killing it in the middle of a write. A `progress` that
    raises (the window's Cancel) stops the process the same way."""
    from annotator.project.suggest_sinks import _main_module_hidden

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    stop = context.Event()
    process = context.Process(target=_serve_retraining, name="stance-annotator-retraining",
                              args=(str(path), annotator, train, results, stop), daemon=True)
    with _main_module_hidden():
        process.start()
    try:
        while True:
            try:
                kind, *payload = results.get(timeout=poll)
            except queue.Empty:
                if should_stop and should_stop():  # no need to wait for its scoring
                    stop.set()
                    return Retrained(None, 0.0, None)
                if not process.is_alive() and results.empty():
                    raise RetrainFailed("the retraining process ended without a result",
                                        hint="The model in use is unchanged; teaching goes on."
                                        ) from None
                continue
            if kind == "progress":
                if progress:
                    progress(*payload)
            elif kind == "done":
                return payload[0]
            else:
                code, message, hint = payload
                raise AnnotatorError(message, hint=hint, code=code)
    finally:
        stop.set()  # a process asked to stop ends at its next step (and as a daemon, with us)
        process.join(5)


def _serve_retraining(path: str, annotator: str, train: bool, results: Any, stop: Any) -> None:
    from annotator.project import Project

    try:
        with Project.open(path, annotator=annotator) as project:
            if train:
                done = retrain(project, should_stop=stop.is_set,
                               progress=lambda n, total: results.put(("progress", n, total)))
            else:
                started = time.monotonic()
                scores = score_project(project)
                done = Retrained(None, time.monotonic() - started, scores, scores.source)
        results.put(("done", done))
    except AnnotatorError as exc:
        results.put(("error", exc.code, exc.message, exc.hint))
    except BaseException as exc:  # the window shows it; the model in use is unchanged
        where = "".join(traceback.format_exception(exc)[-3:]).strip()
        results.put(("error", RetrainFailed.code, f"retraining failed ({type(exc).__name__}: "
                     f"{exc}; {where})", "The model in use is unchanged; teaching goes on."))
