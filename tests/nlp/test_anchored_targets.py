"""The target the words aim a statement at: the object of a verb of stance or address ("urged
X to", "encouraged the CIA to", "called X a ..."), the actor after a preposition or noun of
stance ("opposition to X", "war against X"), the owner of a plan or a remark ("X's plan").
It comes before any other actor the sentence names, is never the speaker, and where it is the
holder's own state the statement has no target (domestic politics). An armed group named again
by what it is ("the militants") is the target where the sentence names no other."""

from __future__ import annotations

from typing import NamedTuple

import pytest


class _M(NamedTuple):
    start: int
    end: int


def _mentions(sentence: str, *names: str) -> list[_M]:
    return [_M(sentence.index(name), sentence.index(name) + len(name)) for name in names]


@pytest.mark.parametrize(("sentence", "names", "aimed"), [
    ("Callamard encouraged the CIA to release the files.", ("CIA",), ("CIA",)),
    ("Mr. Jones urged President Trump to act.", ("Trump",), ("Trump",)),
    ("Rep. Smith was called on by Mexico to resign.", ("Mexico",), ()),  # a passive
    ("He was clear in his opposition to Mr. Trump, calling him rude.", ("Trump",), ("Trump",)),
    ("Jordan will intensify its war against IS.", ("Jordan", "IS"), ("IS",)),
    ("Merkel seconded Macron’s recommendation on the fires.", ("Merkel", "Macron"), ("Macron",)),
    ("Germany, Japan and Brazil backed the plan 🌍.", ("Germany", "Japan", "Brazil"), ()),
    ("Fox said the talks with Mexico were useful.", ("Mexico",), ()),
    ("The so-called Islamic State claimed the attack.", ("Islamic State",), ()),  # its name
])
def test_anchored(sentence, names, aimed):
    from annotator.nlp.targets import anchored

    mentions = _mentions(sentence, *names)
    assert [sentence[m.start:m.end] for m in anchored(sentence, mentions)] == list(aimed)


def test_an_owner_may_speak_an_object_may_not():
    from annotator.nlp.targets import anchored

    sentence = "Macron’s plan calls for talks; he urged Brazil to join."
    mentions = _mentions(sentence, "Macron", "Brazil")
    assert anchored(sentence, mentions, owners=False) == [mentions[1]]


_FOX = "Former Mexican President Vicente Fox spoke in Mexico City 🌮 on Monday.\r\n\r\n"


_MCCAIN = "Senator John McCain urged President Donald Trump to stand up to Russia 🇷🇺."


@pytest.mark.parametrize(("text", "sentence", "holder", "target", "drawn_by"), [
    # the speaker is no registry person; Trump is the object, not who speaks
    (_FOX, "Mr. Fox was clear in his opposition to Mr. Trump, calling him rude.", "MEX", "USA",
     "model"),
    (_FOX, "He also called Mr. Trump a “false prophet” who misleads his followers.", "MEX",
     "USA", "model"),
    ("UN special rapporteur Agnes Callamard spoke in Geneva.\r\n\r\n",
     "Callamard encouraged the CIA to release the files 📁.", "UN", "USA", "model"),
    # the holder's own state addressed: no target, not Russia named after it
    ("", _MCCAIN, "USA", None, "model"),
    ("", _MCCAIN, "USA", None, "rules"),
])
def test_the_target_the_words_aim_at(project, text, sentence, holder, target, drawn_by):
    from tests.learning.test_slots import always

    suggester = project.load_suggester(
        "builtin", statement_model=always() if drawn_by == "model" else None)
    text += sentence
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"
            and text[x.start:x.end] == sentence]
    assert (s.attrs.get("holder"), s.attrs.get("target")) == (holder, target)


_ISIS = "Iraq's government accused ISIS of a chlorine attack on Monday 🧪.\r\n\r\n"


@pytest.mark.parametrize(("text", "sentence", "target"), [
    # the article's armed group named again by what it is
    (_ISIS, "The statement said that the militants aimed at impairing the morale of the Iraqi "
     "people.", "ISIS"),
    (_ISIS, "Iraqi officials are eyeing a rapper as the militant who set off the bomb.", "ISIS"),
    # an adjective, not the group
    (_ISIS, "The statement said that the terrorist threats aimed at impairing the morale of the "
     "Iraqi people.", None),
    # the article also describes a group the registry does not list: "the militants" may be it
    (_ISIS + "Boko Haram has been fighting an insurgency since 2009.\r\n\r\n",
     "The statement said that the militants aimed at impairing the morale of the Iraqi "
     "people.", None),
])
def test_an_armed_group_named_again(project, text, sentence, target):
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    text += sentence
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"
            and text[x.start:x.end] == sentence]
    assert (s.attrs.get("holder"), s.attrs.get("target")) == ("IRQ", target)


def test_the_group_is_never_its_own_target():
    from annotator.nlp.targets import group_named_again

    assert group_named_again("The militants said they would fight on.", "ISIS", "ISIS") is None
    assert group_named_again("The militants said they would fight on.", "ISIS", "IRQ") == "ISIS"
    assert group_named_again("The militants said they would fight on.", None, "IRQ") is None
