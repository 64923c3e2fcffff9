"""Running the pipeline over many texts, and extraction from what it found.

The two halves meet in a `DocBatch`: plain data read off the Docs (sentence and token arrays,
entities, cue matches). Reading it needs spaCy and the Docs, on the thread that runs the
pipeline; `extract_batch` needs neither, so it can run in another process (see
`project.suggest_sinks`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any, NamedTuple

from annotator.core import token_codec
from annotator.core.actors import Actor
from annotator.core.models import Suggestion
from annotator.nlp.candidates import DocFacts, Row, SuggestionExtractor, doc_facts, to_suggestion
from annotator.nlp.clauses import Clause
from annotator.nlp.cues import COMPONENT as CUE_COMPONENT
from annotator.nlp.layout import (
    TokenTable,
    doc_layouts,
    join_arrays,
    joined_arrays,
    layouts,
    token_table,
)
from annotator.nlp.pieces import split_long
from annotator.nlp.pipeline import LoadedPipeline, load_pipeline


class DocBatch(NamedTuple):
    """Processed documents as plain, picklable data: what extraction needs of them."""

    doc_ids: list[int]
    texts: list[str]
    facts: list[DocFacts]
    tokens: TokenTable


class Suggester:
    """A loaded pipeline plus our extraction: load once (seconds), use for many documents."""

    def __init__(self, loaded: LoadedPipeline, actors: list[Actor], model: Any = None) -> None:
        self.loaded = loaded
        alias_index: dict[str, str] = {}
        claimed: dict[str, int] = {}
        for actor in actors:
            for alias in actor.alias_rows():
                claimed[alias.text] = claimed.get(alias.text, 0) + 1
                if not alias.ambiguous:
                    alias_index[alias.text] = actor.id
        alias_index = {t: a for t, a in alias_index.items() if claimed[t] == 1}
        self.cue_matcher = loaded.nlp.get_pipe(CUE_COMPONENT).matcher
        # `model`: a `StatementModel` that decides the candidate statements, or None (rules)
        self.extract = SuggestionExtractor(actors, self.cue_matcher.cues, alias_index, model)

    @classmethod
    def load(cls, model: str | None, actors: list[Actor], statement_model: Any = None,
             parse: bool = False) -> Suggester:
        return cls(load_pipeline(model, actors, parse), actors, statement_model)

    @property
    def statement_model(self) -> Any:
        return self.extract.model

    @property
    def key(self) -> str:
        """The pipeline's key, and the statement model's version where one decides: a new
        model makes every document pending again, and its suggestions replace the old."""
        model = self.extract.model
        if model is None:
            return self.loaded.key
        return f"{self.loaded.key}+model@{model.version}/{model.threshold:g}"

    @cached_property
    def tokenizer_key(self) -> str:
        """Token boundaries of this pipeline are stored for exports only under the key of
        the tokenizer that exports use (`formats.tokens`): the caller compares."""
        return token_codec.tokenizer_key(self.loaded.nlp.tokenizer)

    def read(self, items: Iterable[tuple[str, int]], *, batch_size: int = 64,
             n_process: int = 1) -> DocBatch:
        """(text, doc id) in, the pipeline's findings on them out, in the same order."""
        items = list(items)
        texts = [text for text, _ in items]
        facts, tokens = self.findings(texts, batch_size=batch_size, n_process=n_process)
        return DocBatch([doc_id for _, doc_id in items], texts, facts, tokens)

    def one(self, text: str) -> list[Suggestion]:
        facts, tokens = self.findings([text])
        rows = self.extract.rows(text, facts[0], layouts(tokens)[0].cuts)
        return [to_suggestion(row) for row in rows]

    def findings(self, texts: list[str], *, batch_size: int = 64, n_process: int = 1
                 ) -> tuple[list[DocFacts], TokenTable]:
        """What the pipeline found in each text (entities, cues) and its token arrays.

        The Docs are read once all have come from the pipe, back to back: read each as it
        came, they took turns with spaCy's code, and both ran slower (main thread, 2,000
        texts, to raw `nlp.pipe`: 0.93 against 1.05 by CPU time; raw collects garbage, we do
        not). A text longer than PIECE_CHARS goes through in pieces (`nlp.pieces`) whose
        findings are shifted to the text's offsets and joined: spaCy refuses a text over
        `nlp.max_length` (1,000,000 characters), and one such document used to stop every
        run, so no document got suggestions. (spaCy's `Doc.from_docs` joins the Docs too, at
        3x the pipeline's own time on such a text: bench/untrusted.py.)"""
        nlp = self.loaded.nlp
        limit = min(PIECE_CHARS, nlp.max_length)
        parts = [split_long(text, limit, nlp.max_length) for text in texts]
        docs = list(nlp.pipe([piece for pieces in parts for piece in pieces],
                             batch_size=batch_size, n_process=n_process))
        matcher = self.cue_matcher
        if len(docs) == len(texts):  # no long text: one Doc each, as they are
            return [doc_facts(doc, matcher) for doc in docs], token_table(docs)
        facts, arrays, at = [], [], 0
        for pieces in parts:
            own = docs[at : at + len(pieces)]
            offsets = [sum(len(p) for p in pieces[:i]) for i in range(len(pieces))]
            facts.append(_joined([doc_facts(doc, matcher) for doc in own], offsets))
            arrays.append(joined_arrays(own))
            at += len(pieces)
        return facts, join_arrays(arrays)


PIECE_CHARS = 100_000  # spaCy's guidance: NER and parser need ~1 GB per 100,000 characters


def suggestions_of(doc: Any, text: str, extract: SuggestionExtractor, cue_matcher: Any
                   ) -> list[Suggestion]:
    """One processed Doc's suggestions, as handed to callers: for a Doc made outside
    `Suggester.findings` (a benchmark's own pipeline, a test that adds a parse)."""
    rows = extract.rows(text, doc_facts(doc, cue_matcher), doc_layouts([doc])[0].cuts)
    return [to_suggestion(row) for row in rows]


def _joined(pieces: list[DocFacts], offsets: list[int]) -> DocFacts:
    """The findings of consecutive pieces of one text, at the text's offsets."""
    def at(span: tuple[int, int], offset: int) -> tuple[int, int]:
        return span[0] + offset, span[1] + offset

    return DocFacts(
        [(s + o, e + o, label, ent_id) for f, o in zip(pieces, offsets)
         for s, e, label, ent_id in f.ents],
        [(s + o, e + o, cue) for f, o in zip(pieces, offsets) for s, e, cue in f.cues],
        tuple(Clause(c.verb + o, at(c.subject, o), c.object and at(c.object, o))
              for f, o in zip(pieces, offsets) for c in f.clauses))


def extract_batch(extract: SuggestionExtractor, batch: DocBatch, with_tokens: bool = False
                  ) -> list[tuple[int, list[Row], bytes | None]]:
    """(doc id, suggestion rows, token boundary blob) for each document of the batch; the
    blob (`core.token_codec`) only `with_tokens`, else None. Needs no spaCy."""
    rows = extract.rows
    return [(doc_id, rows(text, facts, cuts), blob) for doc_id, text, facts, (cuts, blob)
            in zip(batch.doc_ids, batch.texts, batch.facts, layouts(batch.tokens, with_tokens))]
