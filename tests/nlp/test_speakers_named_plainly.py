"""Speakers as wire copy names them: with a title's abbreviation ("said Rear Adm. John
Kirby"), by a role word the article used before ("the aide said", "the minister had said"),
and never a place where something happens ("their calls in Qatar")."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

_KOBANI = "Syria and Syria again 🇸🇾.\r\n\r\n"
_AIDE = ("Nigeria and Nigeria again 🇳🇬.\r\n\r\nThe talks went well, said Hassan Tukur, an aide "
         "to Nigerian President Goodluck Jonathan.\r\n\r\n")


@pytest.mark.parametrize(("text", "sentence", "holder"), [
    # the registry person after the title is who speaks, not an unknown "Rear Adm"
    (_KOBANI, "“What makes Kobani matter is that ISIS is there in Syria,” said Rear Adm. John "
     "Kirby, a Pentagon spokesman.", "USA"),
    # the aide introduced before, not Chad where they will meet
    (_AIDE, "After the deal was announced, the aide said final talks would be held in Chad.",
     "NGA"),
    ("Japan and Japan again 🇯🇵.\r\n\r\nForeign Minister Taro Kono spoke on Monday. ",
     "The minister had said the talks in China would go on.", "JPN"),
    # a place where something happens is no speaker, though nearest to the verb
    ("Qatar and Qatar again 🇶🇦.\r\n\r\n",
     "A U.S. intelligence program to monitor their calls in Qatar turned up evidence that one "
     "of them tried to encourage militant activity, one official said.", "USA"),
])
def test_the_speaker(project, text, sentence, holder):
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    text += sentence
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"
            and text[x.start:x.end] == sentence]
    assert s.attrs.get("holder") == holder


def test_an_ngo_named_right_before_its_person(project):
    """An NGO's name that runs into its person's ("Amnesty International Man-kei Tam"): an
    NGO holds nothing, and the article's main actor does not stand in for it either."""
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    sentence = ("“This cannot change the fact that the authorities chose to suppress protests,” "
                "Hong Kong director of Amnesty International Man-kei Tam said in a statement.")
    text = "China and China again 🇨🇳.\r\n\r\n" + sentence
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"
            and text[x.start:x.end] == sentence]
    assert s.attrs.get("holder") is None


def test_a_title_abbreviation_is_part_of_the_name():
    from annotator.nlp.speakers import named_speaker

    sentence = "“It matters,” said Rear Adm. John Kirby, a Pentagon spokesman."
    start, end = named_speaker(sentence)
    assert sentence[start:end] == "Rear Adm. John Kirby"


def test_a_place_where_something_happens():
    from annotator.nlp.modifiers import in_a_place

    sentence = "Strikes in Iraq and Syria, talks at the UN and a statement from Iraq 🇮🇶."
    assert [in_a_place(sentence, sentence.index(name)) for name in ("Iraq", "Syria", "UN")] \
        == [True, True, True]
    assert not in_a_place(sentence, sentence.rindex("Iraq"))
