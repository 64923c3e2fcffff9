"""Running the pipeline over many texts: batching, optional processes, extraction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from annotator.core.actors import Actor
from annotator.core.models import Suggestion
from annotator.nlp.candidates import Row, SuggestionExtractor
from annotator.nlp.cues import COMPONENT as CUE_COMPONENT
from annotator.nlp.pipeline import LoadedPipeline, load_pipeline


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

    def run(self, items: Iterable[tuple[str, int]], *, batch_size: int = 64,
            n_process: int = 1) -> Iterator[tuple[int, list[Row]]]:
        """(text, doc id) in, (doc id, suggestion rows) out, in the same order."""
        items = list(items)
        docs = self.loaded.nlp.pipe([text for text, _ in items], batch_size=batch_size,
                                    n_process=n_process)  # in order, so no as_tuples needed
        rows = self.extract.rows
        for (text, doc_id), doc in zip(items, docs):
            yield doc_id, rows(doc, text)

    def one(self, text: str) -> list[Suggestion]:
        return self.extract(self.loaded.nlp(text))
