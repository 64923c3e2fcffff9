"""The cue lexicon: trigger words and phrases as spaCy Matcher patterns with slot hints."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from annotator.core.resources import resource

COMPONENT = "stance_cues"  # the pipeline component that runs the CueMatcher
USER_DATA_KEY = "stance_cues"  # Doc.user_data[...]: [(start_char, end_char, cue_id), ...]


@dataclass(frozen=True)
class Cue:
    id: str
    pattern: list[dict[str, Any]]
    type: str | None
    topics: tuple[str, ...]
    polarity: str | None
    novelty: str | None
    strength: str | None
    weight: float

    @cached_property
    def attrs(self) -> dict[str, Any]:
        """A CUE suggestion's attrs: one shared dict per cue (read-only), so a document's
        cues cost no dict building and the store encodes each cue's JSON once."""
        return {"cue": self.id, **self.hints()}

    def hints(self) -> dict[str, Any]:
        """The slot values this cue proposes (only those it says something about)."""
        out: dict[str, Any] = {}
        if self.type:
            out["type"] = self.type
        if self.topics:
            out["topic"] = list(self.topics)
        for slot in ("polarity", "novelty", "strength"):
            if getattr(self, slot):
                out[slot] = getattr(self, slot)
        return out


def load_cues(path: Path | None = None) -> list[Cue]:
    path = path or resource("cues", "cues.jsonl")
    cues = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            cues.append(Cue(
                id=data["id"], pattern=data["pattern"], type=data.get("type"),
                topics=tuple(data.get("topics") or ()), polarity=data.get("polarity"),
                novelty=data.get("novelty"), strength=data.get("strength"),
                weight=float(data.get("weight", 0.5)),
            ))
    return cues


def alternatives(pattern: list[dict[str, Any]]) -> Iterator[tuple[tuple[str, str], ...]]:
    """Every token sequence a pattern accepts: its IN sets and optional tokens spelled out."""
    per_token = []
    for token in pattern:
        spec = [(k, v) for k, v in token.items() if k != "OP"]
        if len(spec) != 1 or spec[0][0] not in ("LOWER", "ORTH", "TEXT"):
            raise ValueError(f"cue pattern token {token!r}: only LOWER, ORTH, TEXT, IN and OP '?'")
        attr, value = spec[0]
        attr = "ORTH" if attr == "TEXT" else attr
        values = value["IN"] if isinstance(value, dict) else [value]
        options: list[tuple[tuple[str, str], ...]] = [((attr, v),) for v in values]
        if token.get("OP") == "?":
            options.append(())
        elif token.get("OP") not in (None, "!"):
            raise ValueError(f"cue pattern token {token!r}: only the '?' operator is supported")
        per_token.append(options)
    for combo in itertools.product(*per_token):
        sequence = tuple(t for part in combo for t in part)
        if sequence:
            yield sequence


class CueMatcher:
    """Finds cues in a Doc; overlapping matches resolve to the longest (then the heaviest).

    The lexicon is written as Matcher patterns, but matched with a PhraseMatcher over every
    spelled-out alternative: token patterns with `IN` sets run a Python predicate per token
    and made pre-highlighting 20x slower than spaCy itself (bench/suggest.py); the phrase
    matcher finds the same cues at a few percent of the pipeline's cost. Case-sensitive
    (ORTH) tokens are checked on each hit.
    """

    def __init__(self, vocab: Any, cues: list[Cue]) -> None:
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        self.cues = {cue.id: cue for cue in cues}
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.exact: dict[str, set[tuple[tuple[str, str], ...]]] = {}
        for cue in cues:
            options = set(alternatives(cue.pattern))
            self.matcher.add(cue.id, [Doc(vocab, words=[v.lower() for _, v in option])
                                      for option in options])
            if any(attr == "ORTH" for option in options for attr, _ in option):
                self.exact[cue.id] = options

    def _accepts(self, doc: Any, start: int, end: int, cue_id: str) -> bool:
        options = self.exact.get(cue_id)
        if options is None:
            return True
        return any(
            len(option) == end - start and all(
                (doc[start + i].orth_ if attr == "ORTH" else doc[start + i].lower_) == value
                for i, (attr, value) in enumerate(option))
            for option in options)

    def __call__(self, doc: Any) -> list[tuple[int, int, Cue]]:
        """(start_char, end_char, cue), in text order, without overlaps."""
        strings = doc.vocab.strings
        found = []
        for match_id, start, end in self.matcher(doc):
            cue_id = strings[match_id]
            if self._accepts(doc, start, end, cue_id):
                found.append((start, end, self.cues[cue_id]))
        found.sort(key=lambda m: (-(m[1] - m[0]), -m[2].weight, m[0]))
        taken = bytearray(len(doc))
        kept = []
        for start, end, cue in found:
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                kept.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), cue))
        kept.sort(key=lambda m: m[0])
        return kept


class CueComponent:
    """The cue matcher as a pipeline component, as the built-in rule pipeline is defined
    (blank English + sentencizer + actor EntityRuler + cue matcher): `nlp.pipe` alone then
    yields everything spaCy finds, also in `n_process` workers, and extraction only reads.
    Matches go into `Doc.user_data` as plain tuples, which survive the Doc serialisation
    between worker processes (Span objects in a custom attribute would not be cheaper)."""

    def __init__(self, vocab: Any, cues: list[Cue] | None = None) -> None:
        self.matcher = CueMatcher(vocab, load_cues() if cues is None else cues)

    def __call__(self, doc: Any) -> Any:
        doc.user_data[USER_DATA_KEY] = [(start, end, cue.id)
                                        for start, end, cue in self.matcher(doc)]
        return doc


def add_cue_component(nlp: Any) -> CueComponent:
    """Register the factory once per process and add the component at the end of `nlp`."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT)(_make_cue_component)
    return nlp.add_pipe(COMPONENT, last=True)


def _make_cue_component(nlp: Any, name: str) -> CueComponent:
    return CueComponent(nlp.vocab)
