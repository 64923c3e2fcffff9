"""Running the pipeline over many texts: batching, optional processes, extraction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from annotator.core.actors import Actor
from annotator.core.models import Suggestion
from annotator.nlp.candidates import SuggestionExtractor
from annotator.nlp.cues import CueMatcher, load_cues
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
        self.extract = SuggestionExtractor(actors, CueMatcher(loaded.nlp.vocab, load_cues()),
                                           alias_index)

    @classmethod
    def load(cls, model: str | None, actors: list[Actor]) -> Suggester:
        return cls(load_pipeline(model, actors), actors)

    @property
    def key(self) -> str:
        return self.loaded.key

    def run(self, items: Iterable[tuple[str, int]], *, batch_size: int = 64,
            n_process: int = 1) -> Iterator[tuple[int, list[Suggestion]]]:
        """(text, doc id) in, (doc id, suggestions) out, in the same order."""
        items = list(items)
        texts = {doc_id: text for text, doc_id in items}
        docs = self.loaded.nlp.pipe(items, as_tuples=True, batch_size=batch_size,
                                    n_process=n_process)
        for doc, doc_id in docs:
            yield doc_id, self.extract(doc, texts[doc_id])

    def one(self, text: str) -> list[Suggestion]:
        return self.extract(self.loaded.nlp(text))
