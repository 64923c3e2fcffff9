"""The speaker carried over sentences (annotator/nlp/carry.py): plain text, no spaCy."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from annotator.nlp.carry import (
    Trail,
    opens_quotation,
    role_speaker,
    speaker_at_verb,
    speaks_back,
)


class M(NamedTuple):
    start: int
    end: int
    actor_id: str | None
    label: str = "GPE"


def mentions(sentence: str, *forms: str) -> list[M]:
    """A linked mention for each form, at its first place in the sentence (code points)."""
    return [M(sentence.index(form), sentence.index(form) + len(form), form) for form in forms]


@pytest.mark.parametrize(("sentence", "forms", "speaker"), [
    ("🇰🇷 However, a South Korean official claimed that Kim Jong-Il banned it.",
     ("South Korean", "Kim Jong-Il"), "South Korean"),
    ("A spokeswoman for the British Embassy in Washington said: “It is over.",
     ("British", "Washington"), "British"),  # where they are is not whom they speak for
    ("Iran's foreign minister said it was over.", ("Iran",), "Iran"),
    ("Iran and Iraq said it was over.", ("Iran", "Iraq"), "Iran"),  # the first of them
    ("“It is over 🎉,” said Japan.", ("Japan",), "Japan"),
    ("“It is over,” said the minister of Japan.", ("Japan",), "Japan"),
    ("Officials from Iran said it was over.", ("Iran",), "Iran"),
    ("“Mr. Jordan said it was over.", ("Jordan",), None),  # a person's honorific
    ("In Tehran, the minister said it was over.", ("Tehran",), None),  # before the comma
    ("“Japan said no,” he recalled.", ("Japan",), None),  # the verb inside quoted words
    ("The talks in Geneva failed.", ("Geneva",), None),  # no reporting verb
])
def test_the_speaker_named_at_a_reporting_verb(sentence, forms, speaker):
    found = speaker_at_verb(sentence, mentions(sentence, *forms))
    assert (found and sentence[found.start:found.end]) == speaker


def test_an_honorific_names_a_person_not_a_state():
    sentence = "“🙂 Already did that,” Mr. Trump said in response."
    at = sentence.index("Trump")
    found = speaker_at_verb(sentence, [M(at, at + 5, "P_DONALD_TRUMP", "PERSON")])
    assert found is not None and sentence[found.start:found.end] == "Trump"
    assert speaker_at_verb(sentence, [M(at, at + 5, "USA", "GPE")]) is None


@pytest.mark.parametrize(("sentence", "role"), [
    ("The minister also said it was over.", "minister"),
    ("“It is over,” the foreign minister told reporters.", "minister"),
    ("“It is over,” said the official 😐.", "official"),
    ("The government insisted talks were going on.", "government"),
    ("The terrorist group said it executed him.", "group"),
    ("A minister said it was over.", None),  # someone new
    ("The minister's aide said it was over.", None),
    ("The ministers met on Monday.", None),
])
def test_a_role_word_speaker(sentence, role):
    assert role_speaker(sentence) == role


def test_a_role_word_points_back_only_to_a_role_the_article_used():
    text = "Foreign Minister Wang Yi spoke. The minister said it was over."
    at = text.index("The minister")
    assert speaks_back(text[at:], text, at)
    assert not speaks_back("The minister said it was over.", "Wang Yi spoke. ", 15)
    assert speaks_back("“It is over,” she said.", "", 0)  # a pronoun always does


@pytest.mark.parametrize(("sentence", "opens"), [
    ('Abubakar Shekau said: "We have not made ceasefire with anyone.', True),
    ("He said: “We will not 🙅 negotiate.", True),
    ('"We will not negotiate.', False),  # the whole sentence: no speaker in it
    ("“It is over,” he said.", False),
    ("It is over.", False),
])
def test_a_quotation_left_open(sentence, opens):
    assert opens_quotation(sentence) is opens


def test_the_pieces_of_a_quotation_left_open():
    """Sentences without a quotation mark go on with it in its paragraph; past a paragraph's
    end only one that opens with a quotation mark and no reporting verb does (CRLF too)."""
    text = ('Shekau 😠 said: "We made no ceasefire. We did not negotiate.\r\n\r\n'
            '"We will not negotiate. What is our business?"\r\n\r\nThe army said it was over.')
    trail = Trail(text)
    first = 'Shekau 😠 said: "We made no ceasefire.'
    trail.read(first, len(first), ({}, True))
    second = text.index("We did not")
    assert trail.piece("We did not negotiate.", second) == ({}, True)
    trail.read("We did not negotiate.", second + len("We did not negotiate."), ({}, True))
    third = text.index('"We will not')
    assert trail.piece('"We will not negotiate.', third) == ({}, True)
    assert trail.piece('"It is over," the army said.', third) is None  # a speaker of its own
    trail.read('"We will not negotiate. What is our business?"', text.index("\r\n\r\nThe"),
               ({}, True))  # closes it
    assert trail.piece("The army said it was over.", text.index("The army")) is None


def test_a_paragraph_ends_the_open_quotation():
    text = 'Japan said: "It is over.\n\nThe talks went on.'
    trail = Trail(text)
    trail.read('Japan said: "It is over.', len('Japan said: "It is over.'), ({"holder": "JPN"},
                                                                           False))
    assert trail.piece("The talks went on.", text.index("The talks")) is None


def test_a_pronoun_speaker_reaches_back_across_one_paragraph_break_only_to_a_named_one():
    text = "A Korean official claimed it.\r\n\r\n“It is so,” he added.\n\nHe left."
    trail = Trail(text)
    trail.heard(0, len("A Korean official claimed it."), ({"holder": "KOR"}, False), True)
    assert trail.reaches(1, text.index("“It"))
    assert not trail.near(text.index("“It"))
    assert not trail.reaches(2, text.index("He left"))  # two sentences on
    trail.heard(0, len("A Korean official claimed it."), ({"holder": "KOR"}, False), False)
    assert not trail.reaches(1, text.index("“It"))  # a drawn holder, not a named speaker


def test_a_quotation_of_its_own_goes_on_only_right_after_a_named_speaker():
    trail = Trail("")
    trail.heard(3, 0, ({"holder": "USA"}, False), True)
    assert trail.quotes_on(4, "“We continue to watch 👀 Syria.”")
    assert not trail.quotes_on(5, "“We continue to watch Syria.”")  # a sentence between
    assert not trail.quotes_on(4, "“We watch it,” Iraq said.")  # a speaker of its own
    assert not trail.quotes_on(4, "We continue to watch Syria.")
    trail.heard(3, 0, ({"holder": "USA"}, False), False)
    assert not trail.quotes_on(4, "“We continue to watch Syria.”")  # no speaker named


def test_a_quotation_opened_with_no_speaker_is_the_one_named_after_it():
    sentences = ['"Our house is burning 🔥.', "Literally.", "It is an international crisis.",
                 'Members of the G7, let us discuss this emergency!"',
                 "Macron told the world on Thursday via Twitter."]
    text = " ".join(sentences)
    trail = Trail(text)
    macron = ({"holder": "FRA"}, False)
    found = [trail.unattributed(k, s, text.index(s), macron if k == 4 else None)
             for k, s in enumerate(sentences)]
    assert found == [None, None, None, None, [0, 1, 2, 3]]
    sentences = ['"We will not pay.', "Never.", 'It is over," Fox said.']
    text = "\r\n".join(sentences)
    trail = Trail(text)
    found = [trail.unattributed(k, s, text.index(s), macron if k == 2 else None)
             for k, s in enumerate(sentences)]
    assert found == [None, None, [0, 1]]  # named in the sentence that closes it


def test_a_quotation_opened_with_no_speaker_stays_so_where_no_one_is_named_right_after():
    sentences = ['"Our house is burning.', 'It is a crisis!"', "The fires went on.",
                 "Macron told the world on Thursday."]
    text = " ".join(sentences)
    trail = Trail(text)
    assert [trail.unattributed(k, s, text.index(s), ({"holder": "FRA"}, False) if k == 3
                               else None) for k, s in enumerate(sentences)] == [None] * 4
    text = '"Our house is burning.\n\nMacron said it.'
    trail = Trail(text)
    assert trail.unattributed(0, '"Our house is burning.', 0, None) is None
    assert trail.unattributed(1, "Macron said it.", text.index("Macron"),
                              ({"holder": "FRA"}, False)) is None  # never closed
