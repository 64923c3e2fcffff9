"""Who holds a statement in web and rumour news (the second FNC-1 round): news outlets named
after a place, unnamed sources, a quotation closed by "he told"."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from annotator.nlp.modifiers import in_an_outlet, names_a_thing
from annotator.nlp.no_holder import UNNAMED_BEFORE
from annotator.nlp.speakers import named_speaker


@pytest.mark.parametrize(("text", "place", "outlet"), [
    ("Kurdish sources told The Times of Israel 📰 so.", "Israel", True),
    ("He told the Jordan Times so.", "Jordan", True),
    ("It said so, the Washington Post reported.", "Washington", True),
    ("He spoke to Voice of America.", "America", True),
    ("It was run by the Iraqi News Agency.", "Iraqi", False),  # a state's agency speaks for it
    ("Israel says so.", "Israel", False),
    ("The Israeli newspaper said so.", "Israeli", False),
])
def test_a_news_outlet_named_after_a_place(text, place, outlet):
    start = text.index(place)
    assert in_an_outlet(text, start, start + len(place)) is outlet
    # "The Israeli newspaper": a home state's outlet that reports speaks for no one either
    home = text.startswith("The Israeli newspaper")
    assert names_a_thing(text, start, start + len(place), "GPE") is (outlet or home)


def test_a_news_outlet_named_after_a_state_neither_speaks_nor_is_spoken_to(slots):
    text = ("Pakistan rejects the claims. Pakistan and Pakistan again. 🇵🇰\r\n"
            "A Pakistani spokesman told the Jordan Times that the claims were lies.\r\n"
            "The king told the Washington Post that the claims were lies.")
    assert slots(text)[2:] == [("PAK", None), ("PAK", None)]  # not Jordan, not Washington


def test_unnamed_sources_who_open_the_sentence_speak_of_the_actor_after_the_verb(slots):
    assert UNNAMED_BEFORE.match("Kurdish sources told The Times of Israel that it was false.")
    assert UNNAMED_BEFORE.match("But security sources said Turkey had closed it.")
    assert UNNAMED_BEFORE.match("The officials said it is unclear.")
    assert not UNNAMED_BEFORE.match("Turkey said the sources were wrong.")
    text = ("Israel denied the capture. Israel and Israel again.\r\n"
            "Kurdish sources told reporters 📰 that this was false propaganda by ISIS.\r\n"
            "U.S. officials said Iran was lying.")
    assert slots(text)[2:] == [("ISR", "ISIS"), ("USA", "IRN")]


def test_a_pronoun_closing_a_quotation_opened_with_no_speaker_is_the_one_named_before(slots):
    """The quotation opens a paragraph of its own after General Austin's sentence and is
    closed by '..., he told a Pentagon news briefing': his, not the main actor's (Syria)."""
    text = ("Syria lost jets. Syria and Syria and Syria again. 🇸🇾\r\n\r\n"
            "General Lloyd Austin, head of the U.S. military's Central Command, said he could "
            "not confirm that Iraqi pilots had joined Islamic State.\r\n\r\n"
            "\"We don't have any operational reporting of ISIL flying jets and so I cannot "
            "confirm that. And to the degree that pilots may have defected, I don't have any "
            "information on that either,\" he told a Pentagon news briefing.")
    assert [holder for holder, _ in slots(text)[-3:]] == ["USA", "USA", "USA"]


def test_an_actor_named_by_what_it_did_is_not_who_speaks(slots):
    """"the ISIS murder of ..." and "an ISIS video" name what the group did: the British
    officials who opened the sentence speak, and ISIS may still be whom a statement is
    against ("condemned the ISIS attack")."""
    from annotator.nlp.modifiers import names_no_speaker, not_a_target

    text = "They condemned the ISIS attack 💣 on Monday."
    at = text.index("ISIS")
    assert names_no_speaker(text, at, at + 4, "ORG")
    assert not not_a_target(text, at, at + 4, "ORG")
    text = ("Britain said so. Britain and Britain. 🇬🇧\r\n"
            "British Intelligence officials have zeroed in on a suspect in the on-camera ISIS "
            "murder of American journalist Jim Foley, and he is widely believed to be a rapper "
            "from London.")
    assert slots(text)[-1][0] == "GBR"


def test_an_unnamed_official_after_the_words_with_an_article_or_a_modifier(slots):
    """'..., said the official, who was involved in ...' and '..., security officials said'
    are whose the article says (its main actor), not the place the words name."""
    from annotator.nlp.no_holder import UNNAMED_AFTER

    assert UNNAMED_AFTER.search("It was so, security officials said Tuesday.")
    assert UNNAMED_AFTER.search("They crossed, said the official, who was involved in it.")
    assert not UNNAMED_AFTER.search("It was so, said a Lebanese military official.")
    text = ("Lebanon detained her. Lebanon and Lebanon again. 🇱🇧\r\n"
            "Her child was carrying false identity papers after crossing from Syria, said the "
            "official, who was involved in interrogating the detainees.")
    assert slots(text)[-1][0] == "LBN"  # not Syria


@pytest.mark.parametrize(("text", "actor"), [
    ("Luke Somers, held by al-Qaeda militants 🔗 since 2013, was killed.", None),
    ("Peter Kassig, who was captured by al-Qaeda in 2013, was killed.", None),
    ("Jane Roe, a spokeswoman for al-Qaeda, said so.", "AL_QAEDA"),  # one of it
])
def test_what_was_done_to_a_person_does_not_introduce_them(text, actor):
    """A hostage "held by" a group is no member of it: their family's words are not the
    group's."""
    from annotator.nlp.speakers import introduced_as

    at = text.index("al-Qaeda")
    ents = [(at, at + len("al-Qaeda"), "ORG", "AL_QAEDA")]
    name = text.split(",")[0].split()[-1]
    assert introduced_as(text, name, ents, lambda s, e, i: i) == actor


def test_armed_groups_of_the_syrian_war_the_registry_does_not_list_hold_nothing(slots):
    """The YPG's spokesman thanking America speaks for no registry actor (the rules: an armed
    group the registry lacks has no holder), not for the article's main actor."""
    text = ("The United States dropped weapons. The United States again. 🪂\r\n"
            "YPG spokesperson Redur Xelil told Reuters that the weapons would help greatly.")
    assert slots(text)[-1] == (None, None)


def test_a_person_named_with_an_apposition_before_the_verb_is_its_speaker(slots):
    """"Duncan Hunter, California Republican Rep., told the Washington Examiner that King
    Abdullah II ..." is the congressman's (a title of Congress), not Jordan's; "Mike Omeri,
    the Nigerian government's spokesman ..." is Nigeria's though the sentence before ends
    with Boko Haram's fighters."""
    from annotator.nlp.no_holder import in_armed
    from annotator.nlp.titles import title_state

    sentence = "Duncan Hunter, California Republican Rep., told the Examiner so."
    assert named_speaker(sentence) == (0, len("Duncan Hunter"))
    assert title_state(sentence, 0, len("Duncan Hunter")) == "USA"
    text = "It killed Boko Haram militants.\n\nMike Omeri, the government’s spokesman, said so."
    first = text.index("Mike")
    assert not in_armed(text, first, first + len("Mike Omeri"), frozenset({"Boko Haram"}))
    text = "Boko Haram leader Abubakar Shekau said so."  # one of it, in the same sentence
    first = text.index("Abubakar")
    assert in_armed(text, first, first + len("Abubakar Shekau"), frozenset({"Boko Haram"}))
    text = ("Jordan 🇯🇴 struck ISIS. Jordan and Jordan again.\r\n"
            "Duncan Hunter, California Republican Rep., told the Washington Examiner that King "
            "Abdullah II has called his officials to arrange more sorties.\r\n\r\n"
            "Nigeria fought. Boko Haram killed hundreds of Nigerian soldiers and militants.\r\n\r\n"
            "Mike Omeri, the Nigerian government’s spokesman on the kidnappings, said: \"The "
            "terrorists have announced a cease-fire.")
    found = slots(text)
    assert found[2][0] == "USA" and found[-1][0] == "NGA"


def test_a_company_spokesman_at_the_reporting_verb_speaks_for_nobody(slots):
    """A company holds nothing (the written rules): its spokesman at the reporting verb is not
    the state the words are about or the one the registry finds near the verb."""
    text = "Iran spoke. Iran and Iran again.\r\nA spokesman for American Media Inc. said Iran was wrong."
    assert slots(text)[-1] == (None, "IRN")


@pytest.mark.parametrize(("speaker", "holder"), [
    ("A spokesman for Boeing said", None),  # a company the registry does not know
    ("A spokesman for Goldman Sachs said", None),
    ("A Microsoft spokesperson said", None),
    ("A representative of the Ford Motor Company said", None),
    ("An Amazon spokesperson said", None),
    ("A representative of Zentrix Labs said", None),
    ("Zentrix Labs said in a statement", None),
    ("A State Department spokeswoman said", "USA"),  # a state's body speaks for it
    ("A Kremlin spokesman said", "RUS"),
    ("A spokesman for the White House said", "USA"),
    ("Chairman Ryan agreed.\r\nA Ryan spokesman said", "ISR"),  # a person's: not a company
])
def test_a_company_named_at_its_spokesman_holds_nothing(slots, speaker, holder):
    """A company's spokesperson speaks for no state (the written rules): not the state the
    sentence speaks of, nor the article's main actor; a government's spokesman holds for it."""
    text = f"Israel denied it 🛑. Israel and Israel again.\r\n{speaker} Israel had lied."
    assert slots(text)[-1][0] == holder
