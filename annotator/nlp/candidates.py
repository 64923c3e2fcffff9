"""From a processed Doc to suggestions: linked mentions, cues and candidate statements.

A candidate statement is a sentence holding a typed cue and an actor. Without a parser, the
holder is found the way a reader skims: the actor named just before the strongest cue
("Panetta reaffirmed ...") or, failing that, just after it; a person or body stands for its
state, since the scheme's holder is who commits (the worked example: Panetta -> USA). The
target is the next actor after the cue that is not the holder.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from annotator.core.actors import Actor
from annotator.core.models import Suggestion
from annotator.nlp.cues import Cue, CueMatcher
from annotator.nlp.pipeline import AMBIGUOUS_PREFIX


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    actor_id: str | None
    candidates: tuple[str, ...]


class SuggestionExtractor:
    def __init__(self, actors: list[Actor], cue_matcher: CueMatcher, alias_index: dict[str, str]):
        self.actors = {actor.id: actor for actor in actors}
        self.cue_matcher = cue_matcher
        self.alias_index = alias_index  # unambiguous alias text -> actor id, to link NER output

    def state_of(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        if actor is None or actor.type == "STATE" or not actor.country:
            return actor_id
        return actor.country

    def __call__(self, doc: Any, text: str | None = None) -> list[Suggestion]:
        """`text` is the document's text when the caller has it: spaCy rebuilds `doc.text`
        from the tokens on every access, which cost half of all pre-highlighting time."""
        text = doc.text if text is None else text
        out: list[Suggestion] = []
        mentions: list[_Mention] = []
        for ent in doc.ents:
            ent_id = ent.ent_id_
            candidates: tuple[str, ...] = ()
            if ent_id.startswith(AMBIGUOUS_PREFIX):
                candidates = tuple(ent_id[1:].split("|"))
                actor_id = candidates[0] if len(candidates) == 1 else None
                ambiguous = True
            else:
                actor_id = ent_id or self.alias_index.get(ent.text)
                ambiguous = False
            attrs = {"candidates": list(candidates)} if len(candidates) > 1 else {}
            out.append(Suggestion(ent.start_char, ent.end_char, "MENTION", ent.label_, actor_id,
                                  ambiguous, 1.0 if ent_id else None, attrs))
            if actor_id or candidates:
                mentions.append(_Mention(ent.start_char, ent.end_char,
                                         None if ambiguous else actor_id, candidates))
        cues = self.cue_matcher(doc)
        for start, end, cue in cues:
            out.append(Suggestion(start, end, "CUE", "CUE", score=cue.weight,
                                  attrs={"cue": cue.id, **cue.hints()}))
        bounds = []
        cue_starts = [c[0] for c in cues]
        mention_starts = [m.start for m in mentions]
        for sent in doc.sents:
            s_start, s_end = _trimmed(text, sent.start_char, sent.end_char)
            if s_start >= s_end:
                continue
            bounds.append([s_start, s_end])
            in_sent = cues[bisect_left(cue_starts, s_start):bisect_left(cue_starts, s_end)]
            if not any(c[2].type for c in in_sent):
                continue
            actors = mentions[bisect_left(mention_starts, s_start):
                              bisect_left(mention_starts, s_end)]
            statement = self._candidate(s_start, s_end, in_sent, actors)
            if statement:
                out.append(statement)
        out.append(Suggestion(0, len(text), "SENTENCES", "SENT", attrs={"bounds": bounds}))
        return out

    def _candidate(self, start: int, end: int, in_sent: list[tuple[int, int, Cue]],
                   actors: list[_Mention]) -> Suggestion | None:
        in_sent = [c for c in in_sent if c[1] <= end]
        actors = [m for m in actors if m.end <= end]
        typed = [c for c in in_sent if c[2].type]
        if not typed or not actors:
            return None
        main = max(typed, key=lambda c: (c[2].weight, -c[0]))
        linked = [m for m in actors if m.actor_id or len(m.candidates) == 1]
        before = [m for m in linked if m.end <= main[0]]
        after = [m for m in linked if m.start >= main[1]]
        holder_mention = before[-1] if before else (after[0] if after else None)
        attrs: dict[str, Any] = {"type": main[2].type}
        topics: list[str] = []
        for _, _, cue in in_sent:
            topics.extend(t for t in cue.topics if t not in topics)
        if topics:
            attrs["topic"] = topics
        for slot in ("polarity", "novelty", "strength"):
            for _, _, cue in sorted(in_sent, key=lambda c: -c[2].weight):
                if getattr(cue, slot):
                    attrs[slot] = getattr(cue, slot)
                    break
        holder = None
        if holder_mention is not None:
            speaker = holder_mention.actor_id or holder_mention.candidates[0]
            holder = self.state_of(speaker)
            attrs["holder"] = holder
            if speaker != holder:
                attrs["speaker"] = speaker
        for m in after:
            other = self.state_of(m.actor_id or m.candidates[0])
            if other != holder:
                attrs["target"] = other
                break
        attrs["cues"] = [c[2].id for c in in_sent]
        score = main[2].weight * (1.0 if before else 0.8) + 0.05 * (len(typed) - 1)
        return Suggestion(start, end, "STATEMENT", main[2].type or "STANCE",
                          holder, False, round(min(score, 1.0), 3), attrs)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
