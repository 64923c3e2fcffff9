"""A speaker placed by a city or town alone: "an official in Kobane said", "the Archbishop of
Boston", "a Raqqa-based activist", "Lyon's mayor", "Karachi police said".

The labelling rules (tests/fixtures/gold/README.md, holder normalisation) put a person, body,
police force or citizen group of a state at that state, so such a speaker holds for the city's
state. The registry knows states, their capitals and bodies, not every town: the shipped
gazetteer (`resources/places/cities.tsv`, built from GeoNames by `bench/build_places.py`)
names the state of each larger place. Read only in the words that name the speaker, so a city
never makes a target, nor a holder of someone else's words. Plain text, no spaCy.
"""

from __future__ import annotations

import re
from functools import cache

from annotator.nlp.reporting import REPORTING_VERB

# Who a city places: its officials, office holders, clergy, police, activists and residents
_WHO = (r"(?:officials?|mayor|deputy mayor|police|policemen|police officers?|police chief|"
        r"governor|archbishop|bishop|archdiocese|diocese|imam|cleric|activists?|residents?|"
        r"people|authorities|council|councillors?|spokes(?:man|woman|person)|journalists?|"
        r"witness(?:es)?|doctors?|commanders?|prosecutors?)")
_CITY = r"([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
# the reporting verbs speakers are found at, and confirming or denying ("police in Karachi
# denied")
_VERB = rf"(?:{REPORTING_VERB}|confirmed|denied)"
# "an official in Kobane", "the Archbishop of Boston", "residents from the town of Hit"
_OF_CITY = re.compile(rf"\b(?i:{_WHO})\s+(?:in|of|from)\s+(?:the\s+(?:city|town)\s+of\s+)?{_CITY}"
                      r"(?![\w'’-])")
# "a Raqqa-based activist", "Lyon's mayor", "Karachi police"
_CITY_BEFORE = re.compile(rf"(?<![\w'’-]){_CITY}(?:-based\s+(?:[a-z]+\s+){{0,2}}|['’]s\s+(?:[a-z]+\s+)?"
                          rf"|\s+)(?i:{_WHO})\b")
# The words after the place, up to the reporting verb: an apposition may stand between
# ("Terrence Donilon, a spokesman for the Archbishop of Boston, told Metro")
_TO_VERB = re.compile(rf",?\s+(?:[^,;:\"“”]{{0,80}},\s+)?(?:also\s+|later\s+|on\s+\w+\s+)?{_VERB}\b")
# ... or the verb before the phrase: "..., said an official in Kobane", "according to a
# Raqqa-based activist"
_FROM_VERB = re.compile(rf"(?:[,”\"]\s*{_VERB}|\b[Aa]ccording\s+to)\s+(?:[\w.'’-]+\s+){{0,3}}$")
# How an article introduces a person by a city, right after their name or right before it:
# "Terrence Donilon, a spokesman for the Archbishop of Boston", "Lyon's mayor Gérard Collomb"
_AFTER_NAME = re.compile(r",\s+[^,;:\"“”()]{0,80}")
_BEFORE_NAME = re.compile(r"[^,;:\"“”().]{0,60}$")


@cache
def cities() -> dict[str, str]:
    """City or town name -> registry id of its state (the shipped gazetteer)."""
    from annotator.core.resources import resource

    out: dict[str, str] = {}
    for line in resource("places", "cities.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, state = line.split("\t")
            out[name] = state
    return out


def city_speaker(sentence: str) -> tuple[int, int, str] | None:
    """(start, end, state): the words of `sentence` naming its speaker by a city or town at
    its reporting verb, from the first of them to the verb (the caller checks that no actor is
    named there), and the city's state; None where the sentence names no such speaker."""
    for pattern in (_OF_CITY, _CITY_BEFORE):
        for found in pattern.finditer(sentence):
            state = cities().get(found.group(1))
            if state is None:
                continue
            after = _TO_VERB.match(sentence, found.end())
            if after:
                start = sentence.rfind(",", 0, found.start()) + 1
                return start, after.end(), state
            before = _FROM_VERB.search(sentence, 0, found.start())
            if before:
                return before.start(), found.end(), state
    return None


def placed_by_city(text: str, first: int, last: int) -> str | None:
    """The state of the city a person named at `text[first:last]` is introduced with, in the
    words right after their name up to a comma ("Terrence Donilon, a spokesman for the
    Archbishop of Boston, told") or right before it ("Lyon mayor Gérard Collomb"), or None."""
    after = _AFTER_NAME.match(text, last)
    before = _BEFORE_NAME.search(text, max(0, first - 60), first)
    for words in (after.group() if after else "", before.group() if before else ""):
        for pattern in (_OF_CITY, _CITY_BEFORE):
            for found in pattern.finditer(words):
                if state := cities().get(found.group(1)):
                    return state
    return None
