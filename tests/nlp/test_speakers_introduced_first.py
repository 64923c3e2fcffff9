"""A speaker introduced, in the sentence they open, as an NGO's or a company's person holds
nothing, as the same speaker does after their words ('..., said X, who runs ...'); a state's
official so introduced keeps the state."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

_NGO = ("Rami Abdulrahman, who runs the Britain-based Syrian Observatory for Human Rights, "
        "condemned Russia for the raids 💥.")
_COMPANY = "Jane Roe, a spokeswoman for Acme Corp., said the firm would sue Germany 🏭."
_FIRM = "Jane Roe, who speaks for the German carmaker Acme Corp., criticised France 🏭."


@pytest.mark.parametrize(("sentence", "holder", "target"), [
    (_NGO, None, "RUS"),  # Britain and Syria only place the Observatory
    (_NGO.replace("condemned Russia for", "said Russia must stop"), None, "RUS"),
    (_COMPANY, None, "DEU"),
    (_FIRM, None, "FRA"),
    ("Sergei Lavrov, Russia's foreign minister, condemned Ukraine for the raids 💥.", "RUS",
     "UKR"),
    ("John Kirby, a spokesman for the State Department, said Russia must stop the raids.",
     "USA", "RUS"),
])
def test_a_speaker_introduced_before_their_words(project, sentence, holder, target):
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    text = "Syria and Syria again.\r\n\r\n" + sentence
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"
            and text[x.start:x.end] == sentence]
    assert (s.attrs.get("holder"), s.attrs.get("target")) == (holder, target)


@pytest.mark.parametrize(("sentence", "name"), [
    (_NGO, (0, 16)),
    ("But " + _FIRM, (4, 12)),
    ("Sergei Lavrov, Russia's foreign minister, condemned Ukraine.", None),
    ("Jane Roe, who sued Acme Corp. last year. said so.", None),  # no clause closes
    ("Jane Roe said Acme Corp., a Dutch firm, lied.", None),  # Roe is not introduced so
])
def test_a_name_introduced_as_a_company_or_ngo_person(sentence, name):
    from annotator.nlp.no_holder import introduced_as_nobody

    assert introduced_as_nobody(sentence) == name


_RANK = "Pentagon spokesman Col. Steve Warren said Iraq must stop the raids 💥."
_MR = "Mexico's former president Mr. Vicente Fox said Iraq must stop the raids 💥."


@pytest.mark.parametrize(("sentences", "statement", "holder", "target"), [
    # the splitter cuts after a military rank: the introduction is on the line before
    ([_RANK], "Steve Warren said Iraq must stop the raids 💥.", "USA", "IRQ"),
    ([_RANK.replace("Col.", "Lt. Col.")], "Steve Warren said Iraq must stop the raids 💥.", "USA",
     "IRQ"),
    ([_RANK.replace("Iraq must stop the raids", "the talks held in Qatar will go on")],
     "Steve Warren said the talks held in Qatar will go on 💥.", "USA", None),  # a place
    ([_MR], _MR, "MEX", "IRQ"),  # "Mr." ends no sentence: Mexico introduces him
    ([_MR, "Fox added that Iraq must stop 💥."], "Fox added that Iraq must stop 💥.", "MEX", "IRQ"),
])
def test_a_title_before_the_name_ends_no_sentence(project, sentences, statement, holder, target):
    """Where the person is introduced is read back to the start of their sentence, and "Mr."
    or "Col." is not one; once the holder is the actor they were introduced with, the target
    is the other actor the sentence names, not none."""
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    text = "Iraq and Iraq again. Iraq said so.\r\n\r\n" + " ".join(sentences)
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"
            and text[x.start:x.end] == statement]
    assert (s.attrs.get("holder"), s.attrs.get("target")) == (holder, target)


@pytest.mark.parametrize(("text", "name", "start"), [
    ("Iraq said so. Pentagon spokesman Col. Steve Warren said no.", "Warren", 13),
    ("Iraq said so. Mr. Fox said no.", "Fox", 13),
    ("Iraq said so. The U.S. Senate voted. Fox said no.", "Fox", 36),
])
def test_a_sentence_starts_after_a_full_stop_not_a_title(text, name, start):
    from annotator.nlp.speakers import sentence_start

    assert sentence_start(text, text.index(name)) == start
