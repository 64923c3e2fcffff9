"""The built-in pipeline's sentencizer: spaCy's own, keeping where it cut (imports spaCy).

Extraction needs every Doc's sentence starts. Read back from the Doc they cost a value per
token through `Doc.to_array`, about 150 instructions each in spaCy 3.8 (it takes the GIL state
for every value), a third of that call; the sentencizer already has them as a list of flags, and
keeping the indices of the set ones is one C-level pass. Same rules and the same
`Token.is_sent_start` as spaCy's sentencizer: it sets every token (`overwrite`), so what it
keeps is exactly what the Doc says. Only the built-in pipeline uses it, where nothing after it
changes tokens or sentences; other pipelines' sentences are read from the Doc.
"""

from __future__ import annotations

from itertools import compress
from typing import Any

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from annotator.nlp.layout import SENT_STARTS_KEY

FACTORY = "stance_sentencizer"


class StartKeepingSentencizer(Sentencizer):
    def set_annotations(self, docs: Any, batch_tag_ids: Any) -> None:
        super().set_annotations(docs, batch_tag_ids)
        for doc, flags in zip([docs] if isinstance(docs, Doc) else docs, batch_tag_ids):
            doc.user_data[SENT_STARTS_KEY] = list(compress(range(len(flags)), flags))


def _make(nlp: Any, name: str, punct_chars: list[str] | None) -> StartKeepingSentencizer:
    return StartKeepingSentencizer(name, punct_chars=punct_chars, overwrite=True)


def add_sentencizer(nlp: Any) -> StartKeepingSentencizer:
    """Add it under the usual name, "sentencizer", so the pipeline reads as before."""
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"punct_chars": None},
                         assigns=["token.is_sent_start", "doc.sents"])(_make)
    return nlp.add_pipe(FACTORY, name="sentencizer")
