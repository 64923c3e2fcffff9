"""The cue lexicon: trigger words and phrases as spaCy Matcher patterns with slot hints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.resources import resource


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


class CueMatcher:
    """Finds cues in a Doc; overlapping matches resolve to the longest (then the heaviest)."""

    def __init__(self, vocab: Any, cues: list[Cue]) -> None:
        from spacy.matcher import Matcher

        self.cues = {cue.id: cue for cue in cues}
        self.matcher = Matcher(vocab)
        for cue in cues:
            self.matcher.add(cue.id, [cue.pattern])

    def __call__(self, doc: Any) -> list[tuple[int, int, Cue]]:
        """(start_char, end_char, cue), in text order, without overlaps."""
        vocab = doc.vocab
        found = []
        for match_id, start, end in self.matcher(doc):
            cue = self.cues[vocab.strings[match_id]]
            found.append((start, end, cue))
        found.sort(key=lambda m: (-(m[1] - m[0]), -m[2].weight, m[0]))
        taken: set[int] = set()
        kept = []
        for start, end, cue in found:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                kept.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), cue))
        kept.sort(key=lambda m: m[0])
        return kept
