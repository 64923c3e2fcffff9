"""A document's sentences as the statement model reads them, from what the pipeline found.

Plain data in, plain data out (no spaCy): used where suggestions are extracted (possibly in
another process) and where training examples are built.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from annotator.nlp.pipeline import AMBIGUOUS_PREFIX
from annotator.nlp.statement_features import Cue, Mention, SentenceView, with_context

if TYPE_CHECKING:
    from annotator.nlp.candidates import DocFacts, SuggestionExtractor


def sentence_views(text: str, facts: DocFacts, starts: list[int], ends: list[int],
                   extract: SuggestionExtractor) -> list[SentenceView]:
    """One view per sentence (`starts`/`ends` as `candidates.sentence_bounds` gives them),
    with the context of the sentences around it."""
    lexicon = extract.cues
    alias_index = extract.alias_index
    ents = sorted(facts.ents)
    cues = sorted(facts.cues)
    ent_starts = [e[0] for e in ents]
    cue_starts = [c[0] for c in cues]
    views = []
    for start, end in zip(starts, ends):
        mentions = []
        for e_start, e_end, label, ent_id in ents[bisect_left(ent_starts, start):
                                                  bisect_left(ent_starts, end)]:
            if e_end > end:
                continue
            if ent_id.startswith(AMBIGUOUS_PREFIX):
                options = ent_id[1:].split("|")
                actor = options[0] if len(options) == 1 else None
            else:
                actor = ent_id or alias_index.get(text[e_start:e_end])
            mentions.append(Mention(e_start - start, e_end - start, label, actor))
        found = []
        for c_start, c_end, cue_id in cues[bisect_left(cue_starts, start):
                                           bisect_left(cue_starts, end)]:
            cue = lexicon.get(cue_id)
            if c_end <= end and cue is not None:
                found.append(Cue(c_start - start, c_end - start, cue_id, cue.type))
        views.append(SentenceView(text[start:end], tuple(found), tuple(mentions)))
    return with_context(views)
