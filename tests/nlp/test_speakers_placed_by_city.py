"""A speaker placed by a city or town alone holds for the city's state (tests/fixtures/gold/
README.md, holder normalisation): "an official in Kobane said", "the Archbishop of Boston",
"a Raqqa-based activist", "the mayor of Lyon", "police in Karachi". The city makes no target,
and no holder where the sentence names another actor for the speaker."""

from __future__ import annotations

import json

import pytest

from annotator.core.resources import resource
from annotator.nlp.places import cities, city_speaker

pytest.importorskip("spacy")


def test_the_gazetteer_names_towns_the_registry_does_not_and_no_common_words():
    places = cities()
    assert places["Kobane"] == places["Raqqa"] == "SYR"
    assert (places["Lyon"], places["Karachi"], places["Boston"]) == ("FRA", "PAK", "USA")
    for word in ("Nice", "Mobile", "Reading", "Victoria", "Jackson", "Lion"):
        assert word not in places  # an English word or a person's name first
    known: set[str] = set()
    for line in resource("actors", "actors.jsonl").read_text(encoding="utf-8").splitlines():
        actor = json.loads(line)
        known.update([actor["name"], *actor["aliases"], *actor["demonyms"], *actor["ambiguous"]])
    assert not known & places.keys()  # the registry's own names link by themselves


@pytest.mark.parametrize(("sentence", "state"), [
    ("An official in Kobane said the town would hold 🏳.", "SYR"),
    ("Police in Karachi said three men were held.", "PAK"),
    ("Karachi police said three men were held.", "PAK"),
    ("The mayor of Lyon, Gérard Collomb, said it was wrong.", "FRA"),
    ("It was a massacre, said a Raqqa-based activist.", "SYR"),
    ("Lyon's mayor told reporters it was wrong.", "FRA"),
    ("John Smith told residents of Boston that it was fine.", None),  # whom he told
    ("The fighters in Kobane said so.", None),  # fighters: no one a city places
    ("An official in Nice said so.", None),  # an English word first
])
def test_the_words_that_name_the_speaker_by_a_city(sentence, state):
    found = city_speaker(sentence)
    assert (found and found[2]) == state


def test_an_unnamed_speaker_placed_by_a_city_holds_for_its_state(slots):
    text = ("Turkey closed the border. Turkey and Turkey again. 🇹🇷\r\n"
            "An official in Kobane said Turkey had betrayed the town.\r\n"
            "Police in Karachi said the men came from Turkey.\r\n"
            "A French official in Karachi said Turkey was right.\r\n"
            "Turkey said the fighters in Kobane must leave.")
    got = slots(text)[-4:]
    assert [got[0][0], got[1][0], got[3][0]] == ["SYR", "PAK", "TUR"]
    assert got[2][0] != "PAK"  # the sentence names the official's state: the city places none
    assert got[0][1] == "TUR"  # whom the words are against, not the city
    assert got[3][1] != "SYR"  # a city makes no target


def test_a_person_introduced_with_a_city_speaks_for_its_state_and_makes_it_the_main_actor(slots):
    """An article about a hoax whose only speaker is a spokesman of Boston's archdiocese:
    his statement, and what names no one, are the United States'."""
    text = ("A man claimed to be a priest.\r\n"
            "But the Church has poured cold water on the claims.\r\n"
            "Terrence Donilon, a spokesman for the Archbishop of Boston, told Metro.co.uk "
            "they had no record of him being a priest.\r\n"
            "\"I believe this could be a hoax story 🙄.\"")
    assert [holder for holder, _ in slots(text)[1:]] == ["USA", "USA", "USA"]
