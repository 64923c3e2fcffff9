"""The target of a statement whose speaker holds nothing (an NGO's, an unnamed official of no
named state, a well-known armed group): chosen for no holder, not against the actor first
taken wrongly as holder, and never the place that only introduces the speaker."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

_OBSERVATORY = "Rami Abdulrahman, who runs the Britain-based Syrian Observatory for Human Rights"


@pytest.mark.parametrize(("sentence", "target", "drawn_by"), [
    # Britain only places the speaker's NGO: the demand is addressed to Russia
    (f"Russia must stop the raids 💥, said {_OBSERVATORY}.", "RUS", "rules"),
    (f"Russia must stop the raids 💥, said {_OBSERVATORY}.", "RUS", "model"),
    # nothing the words are about is a registry actor; "Syrian" names the Observatory
    (f"The group flew the jets over Aleppo 🛩, said {_OBSERVATORY}.", None, "model"),
    # an unnamed official of no named state after the words: Israel is whom they address
    ("Israel should stop the strikes on Iran 🚀, an Arab diplomat said.", "ISR", "model"),
    # a well-known armed group holds nothing: against the first actor it names, not the
    # one after the actor first taken as its holder
    ("Boko Haram condemned Nigeria and Cameroon for the raids 🔥.", "NGA", "rules"),
    ("Boko Haram condemned Nigeria and Cameroon for the raids 🔥.", "NGA", "model"),
])
def test_no_holder_gets_the_target_its_words_name(project, sentence, target, drawn_by):
    from tests.learning.test_slots import always

    suggester = project.load_suggester(
        "builtin", statement_model=always() if drawn_by == "model" else None)
    text = "Syria and Syria again.\r\n\r\n" + sentence
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"
            and text[x.start:x.end] == sentence]
    assert s.attrs.get("holder") is None
    assert s.attrs.get("target") == target


@pytest.mark.parametrize(("sentence", "first", "last", "phrase"), [
    ("“It is over,” said Rami Abdulrahman, who runs it.", 19, 35, (14, 49)),
    ("Rami Abdulrahman, who runs it, said so.", 0, 16, (0, 31)),
    ("Rami Abdulrahman condemned Russia.", 0, 16, (0, 16)),
    ("Rami Abdulrahman, who runs it, condemned Russia.", 0, 16, (0, 29)),
])
def test_the_words_that_introduce_a_speaker(sentence, first, last, phrase):
    from annotator.nlp.no_holder import speaker_phrase

    assert speaker_phrase(sentence, first, last) == phrase
