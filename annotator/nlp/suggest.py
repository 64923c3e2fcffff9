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
from annotator.nlp.cues import COMPONENT as CUE_COMPONENT
from annotator.nlp.cues import USER_DATA_KEY as CUE_MATCHES
from annotator.nlp.cues import CueMatcher
from annotator.nlp.layout import TokenTable, doc_layouts, layouts, token_table
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
        """(text, doc id) in, the pipeline's findings on them out, in the same order. The Docs
        are read once all have come from the pipe, back to back: read each as it came, they
        took turns with spaCy's code, and both ran slower (main thread, 2,000 texts, to raw
        `nlp.pipe`: 0.93 against 1.05 by CPU time; raw collects garbage, we do not)."""
        items = list(items)
        texts = [text for text, _ in items]
        docs = self.docs(texts, batch_size=batch_size, n_process=n_process)
        matcher = self.cue_matcher
        return DocBatch([doc_id for _, doc_id in items], texts,
                        [doc_facts(doc, matcher) for doc in docs],  # in order: no as_tuples
                        token_table(docs))

    def one(self, text: str) -> list[Suggestion]:
        return suggestions_of(self.docs([text])[0], text, self.extract, self.cue_matcher)

    def docs(self, texts: list[str], *, batch_size: int = 64, n_process: int = 1) -> list[Any]:
        """The pipeline's Docs of `texts`, in order. A text longer than PIECE_CHARS goes through
        in pieces (`split_long`) joined back into one Doc of exactly that text: spaCy refuses
        texts over `nlp.max_length` (1,000,000 characters), and one such document used to stop
        every run, so no document got suggestions."""
        nlp = self.loaded.nlp
        limit = min(PIECE_CHARS, nlp.max_length)
        parts = [split_long(text, limit) for text in texts]
        if all(len(pieces) == 1 for pieces in parts):
            return list(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
        done = iter(nlp.pipe([piece for pieces in parts for piece in pieces],
                             batch_size=batch_size, n_process=n_process))
        return [join_docs([next(done) for _ in pieces]) for pieces in parts]


PIECE_CHARS = 100_000  # spaCy's guidance: NER and parser need ~1 GB per 100,000 characters
_BREAKS = ("\n\n", "\n", ". ", " ")  # where a piece may end, best first


def split_long(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Consecutive pieces of at most `limit` characters that join back to `text` exactly, each
    ending after a paragraph break where there is one in the second half of its stretch, else
    after a line break, a sentence end or a space; a stretch with none is cut at the limit."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = limit
        for mark in _BREAKS:
            at = window.rfind(mark, limit // 2)
            if at != -1:
                cut = at + len(mark)
                break
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def join_docs(docs: list[Any]) -> Any:
    """One Doc of the pieces' Docs, offsets shifted: spaCy's `Doc.from_docs` for tokens,
    sentences and entities, and the cue component's matches carried over by hand (spaCy
    drops user data it does not know)."""
    from spacy.tokens import Doc

    if len(docs) == 1:
        return docs[0]
    cues: list[tuple[int, int, str]] | None = []
    offset = 0
    for doc in docs:
        found = doc.user_data.pop(CUE_MATCHES, None)
        if found is None or cues is None:
            cues = None  # a pipeline without the component: matched on the whole Doc later
        else:
            cues.extend((start + offset, end + offset, cue) for start, end, cue in found)
        offset += len(doc.text)
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    if cues is not None:
        joined.user_data[CUE_MATCHES] = cues
    return joined


def suggestions_of(doc: Any, text: str, extract: SuggestionExtractor, cue_matcher: CueMatcher
                   ) -> list[Suggestion]:
    """One processed document's suggestions, as handed to callers."""
    rows = extract.rows(text, doc_facts(doc, cue_matcher), doc_layouts([doc])[0].cuts)
    return [to_suggestion(row) for row in rows]


def extract_batch(extract: SuggestionExtractor, batch: DocBatch, with_tokens: bool = False
                  ) -> list[tuple[int, list[Row], bytes | None]]:
    """(doc id, suggestion rows, token boundary blob) for each document of the batch; the
    blob (`core.token_codec`) only `with_tokens`, else None. Needs no spaCy."""
    rows = extract.rows
    return [(doc_id, rows(text, facts, cuts), blob) for doc_id, text, facts, (cuts, blob)
            in zip(batch.doc_ids, batch.texts, batch.facts, layouts(batch.tokens, with_tokens))]
