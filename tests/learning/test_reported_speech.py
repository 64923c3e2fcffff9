"""Reported words without quotation marks: the reporting clause that closes the sentence,
stands in its middle or opens it names who holds the words; the words say whom they are about
and what type they are (tests/fixtures/gold/README.md), whether the rules alone draw the
sentence or a statement model does, with a parse or without."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from annotator.nlp.statement_model import StatementModel

pytest.importorskip("spacy")


def _model(types: dict[str, float]) -> StatementModel:
    """A model that draws every sentence, with these types' biases (only its bias feature
    has weights)."""
    ids = np.asarray([zlib.crc32(b"bias")], dtype=np.uint32)
    weights = np.asarray([[0.0, *types.values()]], dtype=np.float32)
    return StatementModel(["NONE", *types], ids, weights, {"threshold": 0.5, "id": "test0001"})


@pytest.fixture(params=["rules", "model"])
def suggest(project, request):
    model = _model({"DEMAND": 5.0}) if request.param == "model" else False
    suggester = project.load_suggester("builtin", statement_model=model)
    return lambda text: [s for s in suggester.one(text) if s.kind == "STATEMENT"]


@pytest.fixture
def drawn(project):
    suggester = project.load_suggester("builtin", statement_model=_model({"DEMAND": 5.0}))
    return lambda text: [s for s in suggester.one(text) if s.kind == "STATEMENT"]


@pytest.mark.parametrize("sentence", [
    "Russia must withdraw its troops, Germany insisted on Monday.",  # the cue is the verb
    "Russia must withdraw its troops 🪖, Germany warned reporters.",
    "Russia, Germany insisted, must withdraw its troops.",  # set off in the middle
    "Russia must, according to Germany, withdraw its troops.",
    "Russia must withdraw its troops, said Germany in Berlin.",
])
def test_the_clause_names_the_holder_and_the_words_the_target(suggest, sentence):
    (s,) = suggest(sentence)
    assert s.attrs["holder"] == "DEU" and s.attrs.get("target") == "RUS"


def test_a_clause_that_names_no_actor_leaves_the_holder_to_the_article(drawn):
    """"a senior official" is nobody the registry knows: not Russia, whom the words are
    about, but the one the article is about."""
    text = ("Ukraine's army reported heavy fighting near Kharkiv 🇺🇦 on Monday.\r\n\r\n"
            "Russia is not respecting the ceasefire, a senior official said.")
    *_, s = drawn(text)
    assert text[s.start:s.end].startswith("Russia is not")
    assert s.attrs["holder"] == "UKR" and s.attrs.get("target") == "RUS"
    text = ("Germany's army reported heavy fighting. The ceasefire with Russia, a senior "
            "official said, is holding.")
    *_, s = drawn(text)
    assert s.attrs["holder"] == "DEU" and s.attrs.get("target") == "RUS"


def test_a_role_after_according_to_speaks_for_the_one_named_before(drawn):
    """"according to the ministry" points back to the ministry the article named, as "the
    minister said" does, though the article names the United States more often."""
    text = ("North Korea's foreign ministry 🇰🇵 issued a statement on the United States and "
            "its allies. The United States must end its hostile policy, according to the "
            "ministry.")
    *_, s = drawn(text)
    assert text[s.start:s.end].startswith("The United States must")
    assert s.attrs["holder"] == "PRK" and s.attrs.get("target") == "USA"


def test_an_unknown_person_in_the_clause_speaks_for_whom_they_were_introduced_with(drawn):
    text = ("🇨🇳 China's foreign ministry spokesman Zhao Lijian spoke on Monday.\r\n\r\n"
            "The United States must stop its provocations, Zhao said.")
    *_, s = drawn(text)
    assert s.attrs["holder"] == "CHN" and s.attrs.get("target") == "USA"
    at = text.rindex("Zhao")
    assert s.attrs["speaker_span"] == [at, at + len("Zhao")]


def test_an_outlet_carries_the_words_it_does_not_say_them(suggest):
    (s,) = suggest("Japan must end its hostile policy toward China, the AP says.")
    assert s.attrs["holder"] == "JPN"


def test_a_deed_reported_stays_its_doers(suggest):
    """A cue in the past tense in the words tells what its subject did ("Peru condemned
    the attack, Japan said": Peru's); the clause's verb as the cue does not."""
    (s,) = suggest("Peru condemned the attack, Japan said.")
    assert s.attrs["holder"] == "PER"
    (s,) = suggest("Peru will respond firmly, Japan warned.")
    assert s.attrs["holder"] == "JPN" and s.attrs.get("target") == "PER"


def test_the_words_give_the_type_not_the_reporting_verb(project):
    """The rules' type stands for the model's where the model gives it a fair share, unless
    it is the reporting verb's ("insisted": DEMAND) over words that ask nobody to act."""
    suggester = project.load_suggester(
        "builtin", statement_model=_model({"STANCE": 5.0, "DEMAND": 4.5}))
    (s,) = [s for s in suggester.one("Japan insisted that China was not a threat.")
            if s.kind == "STATEMENT"]
    assert s.label == "STANCE" and s.attrs["holder"] == "JPN"
    (s,) = [s for s in suggester.one("Japan insisted on talks with China.")
            if s.kind == "STATEMENT"]
    assert s.label == "DEMAND"  # no reported words: the cue's type stands


def test_with_a_parse_the_clause_still_names_the_holder(project):
    """A parse's subject of the cue's verb is the words' subject ("Russia must withdraw"),
    not who says them: the reporting clause decides, and the reporting verb's own subject
    is the speaker where only the parse has it."""
    from annotator.nlp.candidates import sentence_bounds
    from annotator.nlp.clauses import Clause
    from annotator.nlp.layout import layouts

    suggester = project.load_suggester("builtin", statement_model=_model({"DEMAND": 5.0}))
    text = "Russia must withdraw its troops 🪖, Germany insisted on Monday."
    batch = suggester.read([(text, 1)])
    facts = batch.facts[0]
    starts, ends = sentence_bounds(text, layouts(batch.tokens, False)[0][0])
    at, by = text.index("Russia"), text.index("Germany")
    parsed = facts._replace(clauses=(
        Clause(text.index("withdraw"), (at, at + 6), None),
        Clause(text.index("insisted"), (by, by + 7), None)))
    extract = suggester.extract
    rules = extract.rule_candidates(text, parsed, starts, ends)
    assert rules[0][7]["holder"] == "DEU" and rules[0][7]["target"] == "RUS"
    (row, _), = extract.scored(text, parsed, starts, ends, rules)
    assert row[7]["holder"] == "DEU" and row[7]["target"] == "RUS"
