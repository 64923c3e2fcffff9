"""A registry name that is also a United States state, where the text plainly means the state:
"Senator Johnny Isakson of Georgia", "the Georgia Republican", "(R-Georgia)", "Georgia's
governor", "Colorado, Georgia, Hawaii ... are looking to", "Gov. Susana Martinez of New Mexico".

The registry marks "Georgia" ambiguous (the country, GEO), and "Mexico" in "New Mexico" is
a silent link to MEX. Either way the country was counted towards the article's main actor and
chosen as the holder of what a US state's politicians and legislatures say, where the
labelling rules give the United States (`tests/fixtures/gold/README.md`: a person or body
stands for its state). Only readings a reader would not doubt are taken; "in Georgia" alone
is left as it is. Plain text, no spaCy: `pipeline.py` applies it to the actor ruler's
mentions.
"""

from __future__ import annotations

import re

US_STATES = frozenset({
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
    "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia",
    "Wisconsin", "Wyoming",
})
# The last word of a state's name, as a registry's alias may cover it ("Mexico" of "New Mexico").
LAST_WORDS = frozenset(name.split()[-1] for name in US_STATES)
# A state of the list beside it: "Arkansas, Colorado, Georgia, Hawaii". "Washington" is left
# out: beside a state name it may be the capital ("talks between Georgia and Washington").
_LISTED = "|".join(sorted((re.escape(name) for name in US_STATES if name != "Washington"),
                          key=len, reverse=True))
_JOIN = r"(?:,\s+(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)"
_LIST_BEFORE = re.compile(rf"(?<![\w'’-])(?:{_LISTED}){_JOIN}$")
_LIST_AFTER = re.compile(rf"{_JOIN}(?:{_LISTED})(?![\w'’-])")
# The party-and-state mark: "(R-Georgia)", "D-New Mexico".
_PARTY_MARK = re.compile(r"(?<![\w-])[RDI]-[^\S\r\n]?$")
# What only a US state has, right after its name: "the Georgia Republican", "Georgia's
# governor", "Georgia Gov. Brian Kemp", "the Georgia legislature" (a state's own people and
# assembly are named with its adjective: "Georgian lawmakers", so "Georgia's lawmakers" may
# be the country's and needs the plain form).
_OFFICE = (r"(?:Gov\.|[Gg]overnor|Sen\.|[Ss]enators?|Rep\.|[Cc]ongress(?:man|woman|ional)|"
           r"[Ss]ecretary of [Ss]tate|[Aa]ttorney [Gg]eneral|[Ss]tate [Ss]enat(?:e|or)|"
           r"[Ss]tate [Hh]ouse|General Assembly)")
_PLAIN_OFFICE = r"(?:Republicans?|Democrats?|Democratic|GOP|[Ll]egislature|[Ll]egislators?|[Ll]awmakers)"
_OFFICE_AFTER = re.compile(rf"(?:(?:['’]s)?[^\S\r\n]+{_OFFICE}|[^\S\r\n]+{_PLAIN_OFFICE})"
                           r"(?![\w-])(?![^\S\r\n]+Party)")
# A US title and the person's names, or an office, right before "of"/"from": "Senator Johnny
# Isakson of Georgia", "Gov. Susana Martinez of New Mexico", "a Republican senator from
# Georgia", "the governor of Georgia".
_TITLED_OF = re.compile(
    r"(?:(?<![\w.])(?:Sens?\.|Senator|Reps?\.|Representative|Gov\.|Governor|Congressman|"
    r"Congresswoman)[^\S\r\n]+(?:[A-Z][\w'’.-]*[^\S\r\n]+){1,3}|"
    r"\b(?:[Ss]enator|[Gg]overnor|[Cc]ongress(?:man|woman)|Republican|Democrat)s?[^\S\r\n]+)"
    r"(?:of|from)[^\S\r\n]+$")
_LOOK = 60  # characters looked at before a name: a title and three names


def plainly_us_state(text: str, start: int, end: int) -> bool:
    """Whether the name at `text[start:end]` (a US state's, or its last word: "Mexico" of
    "New Mexico") stands for the US state beyond doubt in its words around it."""
    if text[max(0, start - 4):start] == "New " and f"New {text[start:end]}" in US_STATES:
        return True
    if text[start:end] not in US_STATES:
        return False
    before = max(0, start - _LOOK)
    return bool(_PARTY_MARK.search(text, max(0, start - 3), start)
                or _OFFICE_AFTER.match(text, end)
                or _TITLED_OF.search(text, before, start)
                or _LIST_BEFORE.search(text, max(0, start - 24), start)
                or _LIST_AFTER.match(text, end))
