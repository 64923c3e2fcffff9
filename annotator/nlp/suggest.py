"""Running the pipeline over many texts: batching, optional processes, extraction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import islice

from annotator.core import token_codec
from annotator.core.actors import Actor
from annotator.core.models import Suggestion
from annotator.nlp.candidates import Row, SuggestionExtractor
from annotator.nlp.cues import COMPONENT as CUE_COMPONENT
from annotator.nlp.layout import doc_layouts
from annotator.nlp.pipeline import LoadedPipeline, load_pipeline

EXTRACT_BATCH = 256  # Docs taken from the pipe before extraction runs over them


class Suggester:
    """A loaded pipeline plus our extraction: load once (seconds), use for many documents."""

    def __init__(self, loaded: LoadedPipeline, actors: list[Actor]) -> None:
        self.loaded = loaded
        alias_index: dict[str, str] = {}
        claimed: dict[str, int] = {}
        for actor in actors:
            for alias in actor.alias_rows():
                claimed[alias.text] = claimed.get(alias.text, 0) + 1
                if not alias.ambiguous:
                    alias_index[alias.text] = actor.id
        alias_index = {t: a for t, a in alias_index.items() if claimed[t] == 1}
        self.extract = SuggestionExtractor(actors, loaded.nlp.get_pipe(CUE_COMPONENT).matcher,
                                           alias_index)

    @classmethod
    def load(cls, model: str | None, actors: list[Actor]) -> Suggester:
        return cls(load_pipeline(model, actors), actors)

    @property
    def key(self) -> str:
        return self.loaded.key

    @cached_property
    def tokenizer_key(self) -> str:
        """Token boundaries of this pipeline are stored for exports only under the key of
        the tokenizer that exports use (`formats.tokens`): the caller compares."""
        return token_codec.tokenizer_key(self.loaded.nlp.tokenizer)

    def run(self, items: Iterable[tuple[str, int]], *, batch_size: int = 64, n_process: int = 1,
            with_tokens: bool = False) -> Iterator[tuple[int, list[Row], bytes | None]]:
        """(text, doc id) in, (doc id, suggestion rows, token boundary blob) out, in the same
        order; the blob (`core.token_codec`) only `with_tokens`, else None."""
        items = list(items)
        docs = self.loaded.nlp.pipe([text for text, _ in items], batch_size=batch_size,
                                    n_process=n_process)  # in order, so no as_tuples needed
        rows = self.extract.rows
        pairs = zip(items, docs)
        # A batch at a time: the arrays are read for the batch in one go, and our Python runs
        # back to back instead of taking turns with spaCy's code Doc by Doc. Larger batches ran
        # faster still (main thread, to raw nlp.pipe: 0.88 at 16 Docs, 0.905 at 64, 0.913 at
        # 256), at the cost of holding that many Docs at once.
        while batch := list(islice(pairs, max(batch_size, EXTRACT_BATCH))):
            layouts = doc_layouts([doc for _, doc in batch], with_tokens)
            for ((text, doc_id), doc), (cuts, blob) in zip(batch, layouts):
                yield doc_id, rows(doc, text, cuts), blob

    def one(self, text: str) -> list[Suggestion]:
        return self.extract(self.loaded.nlp(text))
