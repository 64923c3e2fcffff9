"""Titles that tie a person to a state without naming it: "Rep. Duncan Hunter (R-Calif.)",
"Texas Gov. Rick Perry (R)", "Congresswoman Maxine Waters".

News introduces a member of the United States Congress by a title and a party-and-state
mark, never by "American": a reader knows whom they speak for, and so must the rules, or
an unknown speaker so introduced holds whatever the article names most (an armed group, the
country across a border). Plain text, no spaCy: `holders.DocumentActors` asks when the
article introduced a person with no actor.
"""

from __future__ import annotations

import re

# Right before the person's names: a title only the United States Congress uses.
_BEFORE = re.compile(r"(?<![\w.])(?:Reps?\.|Congressman|Congresswoman|Sens?\.)[^\S\r\n]+"
                     r"(?:[A-Z][\w'’.-]*[^\S\r\n]+){0,3}$")  # on one line
# Right after them: the party-and-state mark of US politics, "(R-Calif.)", ", D-N.Y.,", "(R)".
_AFTER = re.compile(r"[^\S\r\n]*[(,][^\S\r\n]*[RDI](?:-[A-Z][A-Za-z. ]{0,14})?[^\S\r\n]*[),]"
                    # or a party and a seat in Congress: ", California Republican Rep.,"
                    r"|,[^\S\r\n]+(?:an?[^\S\r\n]+|the[^\S\r\n]+)?(?:[A-Z][a-z]+[^\S\r\n]+){0,2}"
                    r"(?:Republican|Democratic|Democrat)[^\S\r\n]+(?:Rep\.|Sen\.|[Rr]epresentative|"
                    r"[Ss]enator|[Cc]ongress(?:man|woman))")
US_STATE = "USA"


def title_state(text: str, first: int, last: int) -> str | None:
    """The state whose office the title around the name at `text[first:last]` names (its
    first mention, surname at its end), or None: `US_STATE` for a member of Congress or a
    governor by party mark."""
    if _BEFORE.search(text, max(0, first - 60), first) or _AFTER.match(text, last):
        return US_STATE
    return None
