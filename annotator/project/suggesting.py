"""Pre-highlighting documents with a spaCy pipeline (spaCy is imported only when used)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from annotator.core.models import Suggestion
from annotator.project.base import ProjectBase
from annotator.project.chunk_writer import ChunkWriter
from annotator.store import annotations as ann_store
from annotator.store import doc_tokens
from annotator.store import suggestions as suggestion_store
from annotator.store.events import log_event
from annotator.store.suggestions import EncodedResults

SUGGEST_CHUNK = 256  # documents per transaction: the unit an interrupted run resumes from
# Called as progress(docs_done, docs_total).
CountProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Chunk:
    """What the writer thread stores for one chunk, in one transaction."""

    suggestions: EncodedResults
    tokens: tuple[bytes, str] | None  # `doc_tokens.joined`, when the boundaries are kept


class SuggestMixin(ProjectBase):
    # ------------------------------------------------------------------ suggestions
    def pipeline_name(self) -> str:
        from annotator.nlp.pipeline import default_model_name

        return self.setting("pipeline") or default_model_name()

    def load_suggester(self, model: str | None = None):  # -> Suggester (spaCy import deferred)
        from annotator.nlp.suggest import Suggester

        return Suggester.load(model or self.pipeline_name(), self.actors())

    def suggest(self, *, model: str | None = None, n_process: int = 1, batch_size: int = 64,
                progress: CountProgress | None = None, suggester: Any = None,
                should_stop: Callable[[], bool] | None = None) -> dict[str, Any]:
        """Pre-annotate every document the active pipeline has not finished. Each chunk of
        documents is one transaction, so an interrupted run resumes after the last chunk."""
        suggester = suggester or self.load_suggester(model)
        key = suggester.key
        pending = suggestion_store.pending_doc_ids(self.db, key)
        done = written = 0
        if progress:
            progress(0, len(pending))
        if not pending:  # nothing to do: no writer thread, no tokenizer to fingerprint
            return {"pipeline": key, "description": suggester.loaded.describe(), "documents": 0,
                    "remaining": 0, "suggestions": 0}
        # The pipeline tokenizes anyway; when exports tokenize alike, keep the boundaries.
        token_key = _export_tokenizer_key(suggester)
        with_tokens = suggester.tokenizer_key == token_key

        def write(db: Any, chunk: _Chunk) -> None:
            suggestion_store.store_encoded(db, key, chunk.suggestions)
            if chunk.tokens is not None:
                doc_tokens.save_joined(db, token_key, *chunk.tokens)

        writer: ChunkWriter[_Chunk] = ChunkWriter(self.path, write)
        try:
            for start in range(0, len(pending), SUGGEST_CHUNK):
                if (should_stop and should_stop()) or writer.failed:
                    break
                chunk = pending[start : start + SUGGEST_CHUNK]
                items = suggestion_store.texts(self.db, chunk)
                with _collection_paused():
                    results = list(suggester.run(items, batch_size=batch_size,
                                                 n_process=n_process, with_tokens=with_tokens))
                    encoded = suggestion_store.encode_results(
                        [(doc_id, rows) for doc_id, rows, _ in results])
                    tokens = doc_tokens.joined([(doc_id, blob) for doc_id, _, blob in results]
                                               ) if with_tokens else None
                writer.put(_Chunk(encoded, tokens))
                written += encoded.n_rows
                done += len(chunk)
                if progress:
                    progress(done, len(pending))
        finally:
            writer.close()  # every chunk handed over is committed before this returns
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


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a chunk is processed. A chunk makes tens of
    thousands of small objects and no reference cycles, yet they trigger collections, and a
    full one walks the ~100,000 objects of the loaded pipeline: 2-5% of the run for nothing
    (measured with gc.callbacks in bench/suggest.py's setting). Reference counting still frees
    everything as usual; collection resumes after the chunk."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
