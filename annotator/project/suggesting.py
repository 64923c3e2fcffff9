"""Pre-highlighting documents with a spaCy pipeline (spaCy is imported only when used)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from annotator.core import settings
from annotator.core.models import Suggestion
from annotator.core.resources import resource
from annotator.project.base import ProjectBase
from annotator.store import annotations as ann_store
from annotator.store import suggestions as suggestion_store
from annotator.store.events import log_event

if TYPE_CHECKING:
    from annotator.project.model_state import ModelState

SUGGEST_CHUNK = 256  # documents per transaction: the unit an interrupted run resumes from
# From this many documents on, extraction and storing run in a process of their own (see
# `suggest_sinks`): below, a run takes seconds and starting the process is not worth it.
PROCESS_FROM = 1_000
# Called as progress(docs_done, docs_total).
CountProgress = Callable[[int, int], None]


class SuggestMixin(ProjectBase):
    # ------------------------------------------------------------------ suggestions
    def pipeline_name(self) -> str:
        from annotator.nlp.pipeline import default_model_name

        chosen = self.setting("pipeline")
        return settings.convert("pipeline", chosen, stored=True) if chosen else default_model_name()

    def load_suggester(self, model: str | None = None, *, statement_model: Any = True):
        """A Suggester (spaCy import deferred). `statement_model`: True for the project's
        (its own, else the shipped starter model; none where the project setting
        `suggest_with_model` is false), False for rules only, or a `StatementModel`."""
        from annotator.nlp.suggest import Suggester

        if statement_model is True:
            from annotator.project.learning import Learning

            statement_model = (Learning(self).statement_model()
                               if self._flag("suggest_with_model") else None)
        return Suggester.load(model or self.pipeline_name(), self.actors(),
                              statement_model or None, parse=self._flag("parser_slots"))

    def suggestion_source(self) -> str:
        """What draws the candidate statements, said in a few words for the status bar and
        About: the pipeline and the statement model in use (the project's own, the shipped
        starter model, or none), and whether the project's own model is stale. Reads no model
        data."""
        state = self.model_state()
        sep = ", " if state.in_use == "rules" else " + "
        return f"{self.pipeline_name()}{sep}{state.describe()}"

    def model_state(self) -> ModelState:
        """Which statement model suggests, and whether the project's own is stale (trained
        with other features than this version computes: `model_state`). Reads no model data."""
        from annotator.project.learning import STARTER
        from annotator.project.model_state import model_state
        from annotator.store import statement_models

        own = [m for m in statement_models.history(self.db) if m.active]
        try:
            shipped = resource(*STARTER).exists()
        except FileNotFoundError:
            shipped = False
        return model_state((own[-1].uid, own[-1].meta) if own else None,
                           with_model=self._flag("suggest_with_model"), starter=shipped)

    def _flag(self, key: str) -> bool:
        """A yes/no setting, on unless set: "false" as `annotator settings` stored it before
        settings were typed counts as false, as it says."""
        return bool(settings.convert(key, self.setting(key, True), stored=True))

    def suggest(self, *, model: str | None = None, n_process: int = 1, batch_size: int = 64,
                progress: CountProgress | None = None, suggester: Any = None,
                should_stop: Callable[[], bool] | None = None,
                separate_process: bool | None = None) -> dict[str, Any]:
        """Pre-annotate every document the active pipeline has not finished. Each chunk of
        documents is one transaction, so an interrupted run resumes after the last chunk.
        `separate_process`: extract and store in a process of their own; by default, for runs
        of PROCESS_FROM documents or more with one pipeline process. With spaCy's worker
        processes (`n_process` > 1) the cores are theirs, and a fourth process gained nothing
        measurable (2,000 texts, two cores: 154 docs/s without it, 163 with it)."""
        # here, not at the top: the sinks bring numpy and the nlp package, which commands that
        # never pre-highlight should not pay for at start-up
        from annotator.project.suggest_sinks import (
            ChunkStore,
            InlineSink,
            ProcessSink,
            collection_paused,
        )

        suggester = suggester or self.load_suggester(model)
        key = suggester.key
        pending = suggestion_store.pending_doc_ids(self.db, key)
        done = 0
        if progress:
            progress(0, len(pending))
        if not pending:  # nothing to do: no writer, no tokenizer to fingerprint
            return {"pipeline": key, "description": suggester.loaded.describe(), "documents": 0,
                    "remaining": 0, "suggestions": 0}
        # The pipeline tokenizes anyway; when exports tokenize alike, keep the boundaries.
        token_key = _export_tokenizer_key(suggester)
        store = ChunkStore(key, suggester.extract,
                           token_key if suggester.tokenizer_key == token_key else None)
        if separate_process is None:
            separate_process = len(pending) >= PROCESS_FROM and n_process == 1
        sink = (ProcessSink if separate_process else InlineSink)(self.path, store)
        try:
            for start in range(0, len(pending), SUGGEST_CHUNK):
                if (should_stop and should_stop()) or sink.failed:
                    break
                chunk = pending[start : start + SUGGEST_CHUNK]
                items = suggestion_store.texts(self.db, chunk)
                with collection_paused():
                    batch = suggester.read(items, batch_size=batch_size, n_process=n_process)
                sink.put(batch)
                done += len(chunk)
                if progress:
                    progress(done, len(pending))
        finally:
            written = sink.close()  # every chunk handed over is committed before this returns
        if done:
            log_event(self.db, who=self.annotator, op="suggest", entity="pipeline", entity_id=key,
                      after={"documents": done, "suggestions": written})
        return {"pipeline": key, "description": suggester.loaded.describe(), "documents": done,
                "remaining": len(pending) - done, "suggestions": written}

    def suggestions(self, doc_id: int, pipeline: str | None = None) -> list[Suggestion]:
        return suggestion_store.suggestions_for(self.db, doc_id, pipeline)

    def show(self, ref: str | int, pipeline: str | None = None) -> dict[str, Any]:
        """A document with its suggestions and annotations, as plain data (CLI --json)."""
        doc = self.document(ref)
        suggestions = [
            {"id": s.id, "start": s.start, "end": s.end, "text": doc.text[s.start : s.end],
             "kind": s.kind, "label": s.label, "actor_id": s.actor_id, "ambiguous": s.ambiguous,
             "score": s.score, "pipeline": s.pipeline, "attrs": s.attrs}
            for s in self.suggestions(doc.id, pipeline)
        ]
        for item in suggestions:
            if item["kind"] == "SENTENCES":
                item["text"] = ""
        annotations = [ann_store.to_row(a) | {"attrs": a.attrs}
                       for a in ann_store.for_document(self.db, doc.id)]
        return {"document": doc.__dict__, "suggestions": suggestions, "annotations": annotations}


def _export_tokenizer_key(suggester: Any) -> str:
    """The built-in pipeline's tokenizer is made as the exports' one is, by `spacy.blank("en")`
    (a test holds the two keys equal), so its key is theirs without building a second blank
    pipeline: 0.2 s, a tenth of a 50-document run. Other pipelines are compared."""
    from annotator.nlp.pipeline import BUILTIN

    if suggester.loaded.name == BUILTIN:
        return suggester.tokenizer_key
    from annotator.formats.tokens import export_tokenizer_key

    return export_tokenizer_key()
