"""A registry name that is also a US state, where the words around it plainly mean the state
("the Georgia Republican", "Senator Johnny Isakson of Georgia", "New Mexico"), stands for the
United States, never the country Georgia or Mexico: a state's politicians speak for the US."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

_LEAD = "Congress returned to Washington on Monday.\n\n"


@pytest.mark.parametrize(("sentence", "holder"), [
    ("The Georgia Republican said the Senate must vote on the bill this week.", "USA"),
    ("Arkansas, Colorado, Georgia and Hawaii are looking to pass a similar law.", "USA"),
    ("Georgia's governor said the state would sue to block the rule.", "USA"),
    ("Gov. Susana Martinez of New Mexico said the state would sue over the rule.", "USA"),
    ("Georgia said it would never give up its claim to Abkhazia.", "GEO"),  # the country
])
def test_a_us_state_holds_for_the_united_states(project, sentence, holder):
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    text = _LEAD + sentence
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"
            and text[x.start:x.end] == sentence]
    assert s.attrs.get("holder") == holder


def test_the_mention_is_suggested_as_the_united_states(project):
    """Suggested, flagged for the analyst, never the country; the country stays itself."""
    suggester = project.load_suggester("builtin")
    text = ("Senator Johnny Isakson of Georgia is recovering from surgery.\r\n"
            "Russia invaded Georgia in 2008 😀, and New Mexico sued.")
    found = {text[x.start:x.end] + f"@{x.start}": (x.actor_id, x.ambiguous)
             for x in suggester.one(text) if x.kind == "MENTION"}
    assert found[f"Georgia@{text.index('Georgia')}"] == ("USA", True)
    assert found[f"Georgia@{text.rindex('Georgia')}"] == ("GEO", True)
    assert found[f"New Mexico@{text.index('New Mexico')}"] == ("USA", True)


@pytest.mark.parametrize(("text", "us"), [
    ("Rep. Doug Collins (R-Georgia) said so.", True),
    ("Georgia Gov. Brian Kemp signed it.", True),
    ("a Republican senator from Georgia", True),
    ("Armenia, Georgia and Azerbaijan", False),
    ("Georgia's president said so.", False),
    ("Georgia's lawmakers voted.", False),  # may be the country's parliament
    ("the Republican Party of Georgia", False),
    ("talks between Georgia and Washington", False),  # the capital, maybe
    ("Russia's war in Georgia", False),
])
def test_only_plain_readings_are_the_us_state(text, us):
    from annotator.nlp.us_states import plainly_us_state

    at = text.index("Georgia")
    assert plainly_us_state(text, at, at + len("Georgia")) is us
