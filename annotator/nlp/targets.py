"""Whom a statement is for or against, where the words of the sentence say so plainly.

The labelling rules' target is the actor the statement is for or against or addressed to
(tests/fixtures/gold/README.md). News names it in a few recurring ways, whatever else the
sentence names and wherever the speaker stands:
* as the object of a verb of stance or address: "urged the CIA to", "called on Rep. Adam
  Schiff to resign", "accused Russia", "called Mr. Trump a false prophet";
* after a preposition or noun of stance: "war against IS", "his opposition to Mr. Trump",
  "critical of", "an outspoken opponent of the United States", "scoffs at";
* as the owner of what the statement is about: "Macron's recommendation", "Mr. Trump's plan",
  "Trump's promises".
An actor named so is the target before any other the sentence names; where it is the
holder's own state ("Mr. Jones urged Mr. Trump to ..."), the statement has none (domestic
politics), however many places and modifiers come after it. Plain text, no spaCy:
`candidates.py` orders its target candidates with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from annotator.nlp.no_holder import armed_groups
from annotator.nlp.pipeline import AMBIGUOUS_PREFIX

# Verbs whose object is whom the statement is for, against or addressed to; the object
# stands right after them, with at most determiners, titles and names between ("urged
# President Donald Trump"). A passive ("was criticised by X") has "by" between: not one.
_VERBS = (
    r"urg(?:e|es|ed|ing)|encourag(?:e|es|ed|ing)|ask(?:s|ed|ing)?|"
    r"call(?:s|ed|ing)?(?:\s+(?:on|upon))?|press(?:es|ed|ing)?|pressur(?:e|es|ed|ing)|"
    r"accus(?:e|es|ed|ing)|critici[sz](?:e|es|ed|ing)|condemn(?:s|ed|ing)?|"
    r"denounc(?:e|es|ed|ing)|blam(?:e|es|ed|ing)|slam(?:s|med|ming)?|blast(?:s|ed|ing)?|"
    r"attack(?:s|ed|ing)?|prais(?:e|es|ed|ing)|thank(?:s|ed|ing)?|"
    r"congratulat(?:e|es|ed|ing)|warn(?:s|ed|ing)?|threaten(?:s|ed|ing)?|"
    r"reject(?:s|ed|ing)?|oppos(?:e|es|ed|ing)|defend(?:s|ed|ing)?|remind(?:s|ed|ing)?|"
    r"sanction(?:s|ed|ing)?|demand(?:s|ed|ing)?\s+of|appeal(?:s|ed|ing)?\s+to")
# Prepositions and nouns of stance: "against IS", "opposition to", "critical of".
_STANCE_OF = (
    r"against|opposition\s+to|opposed\s+to|critical\s+of|critic(?:s)?\s+of|"
    r"opponent(?:s)?\s+of|criticism\s+of|condemnation\s+of|"
    r"pressure\s+on|attacks?\s+on|sanctions\s+(?:on|against)|"
    r"(?:scoff(?:s|ed|ing)?|lash(?:es|ed|ing)?\s+out|hit(?:s|ting)?\s+out|"
    r"fir(?:e|es|ed|ing)\s+back|swipe|jab)\s+at|message\s+(?:for|to)")
# Between the anchor and the actor: determiners, titles and names; no verb, no comma.
_GAP = r"(?:\s+(?:the|a|an|its|his|her|their|then|former|fellow|[A-Z][\w.'’-]*))*\s+$"
_ANCHOR = re.compile(rf"(?<!-)\b(?:{_VERBS}|{_STANCE_OF}){_GAP}")  # not "so-called X"
# What an actor's possessive names when it is what the statement is about: "Mr. Trump's plan
# to build a wall", "Macron's recommendation", "Donald Trump's Visit".
_OWNED = re.compile(
    r"['’]s\s+(?:[a-z-]+\s+){0,2}(?:plans?|proposals?|proposed|recommendations?|promises?|"
    r"pledges?|visit|decision|policy|policies|remarks|comments|statements?|calls?|demands?|"
    r"offer|threats?|claims?|attacks?|actions?|move|announcement|invitation|request|"
    r"stance|position|ultimatum|order|ban|refusal|rhetoric|tone)\b", re.IGNORECASE)


def anchored(text: str, mentions: Sequence[Any], lo: int = 0, owners: bool = True
             ) -> list[Any]:
    """The mentions (with `start` and `end` in `text`) that the words around them make whom a
    statement is for or against: the object of a verb of stance or address, the actor after a
    preposition or noun of stance, and (`owners`) the owner of a plan or a remark. `lo`:
    where the sentence starts in `text` (nothing before it is read). An object is never the
    speaker; an owner may be ("Macron's plan calls for ...")."""
    return [m for m in mentions
            if _ANCHOR.search(text, max(lo, m.start - 60), m.start)
            or (owners and _OWNED.match(text, m.end))]


def choose_target(targets: Sequence[Any], holder: str | None, state_of: Callable[[Any], str],
                  first: Any | None = None) -> str | None:
    """The target of a statement held by `holder`: the first of `targets` (mentions, in order
    of preference) whose state is not the holder's. `first`: a mention the words anchor
    (`anchored`); it decides alone, and where it names the holder's own state there is no
    target (domestic politics: "Pelosi urged Trump to ..." is against no one else)."""
    if first is not None:
        state = state_of(first)
        return None if state == holder else state
    for mention in targets:
        state = state_of(mention)
        if state != holder:
            return state
    return None


# An armed group named again by what it is: "the militants aimed at impairing the morale of
# the Iraqi people", "eyeing a British-born rapper as the militant who beheaded journalist
# James Foley". A determiner right before the noun ("Syrian rebels" are not the group), and
# a noun, not an adjective ("the terrorist threats", "the terrorist group that ...").
_GROUP_AGAIN = re.compile(r"\b(?:[Tt]he|[Tt]hese|[Tt]hose)\s+(?:(?:militants|jihadists|"
                          r"extremists|terrorists|insurgents|rebels)\b(?!['’])|(?:militant|"
                          r"jihadist|extremist|terrorist|insurgent|rebel)\s+(?:who|that)\b)")


def armed_group(text: str, ents: Iterable[tuple[int, int, str, str]],
                is_armed: Callable[[str], bool], listed: Callable[[str], bool]) -> str | None:
    """The armed group of the registry (`is_armed`: the Taliban, ISIS, Hamas, ...) the
    document `text` names most often (first named wins a tie), from its linked mentions
    (`ents`: start, end, label, actor id, "?"-prefixed where ambiguous); None where it names
    none, or where it also describes a group the registry does not list (`listed` false for
    its name: "the terrorists" of an article about Boko Haram may be Boko Haram)."""
    counts: dict[str, int] = {}
    for _, _, _, ent_id in ents:
        actor = ent_id.removeprefix(AMBIGUOUS_PREFIX)
        if actor and "|" not in actor and is_armed(actor):
            counts[actor] = counts.get(actor, 0) + 1
    if not counts or not all(listed(name) for name in armed_groups(text)):
        return None
    return max(counts, key=counts.__getitem__)


def group_named_again(sentence: str, group: str | None, holder: str | None) -> str | None:
    """`group` (the document's armed group, `armed_group`) where the sentence names it again
    by a common noun ("the militants") and it is not the holder: whom the statement is
    about, where the sentence names no other target."""
    if group is None or group == holder or _GROUP_AGAIN.search(sentence) is None:
        return None
    return group
