"""A reporting clause after the reported words names who says them ("..., Japan said."): the
written rules make that speaker the holder and the actor of the reported words the target,
whether the rules alone draw the sentence or the statement model does."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from annotator.nlp.statement_model import StatementModel

pytest.importorskip("spacy")

WORDS = "The United States must end its hostile policy"


def _always() -> StatementModel:
    """A model that draws every sentence (only its bias feature has weights)."""
    ids = np.asarray([zlib.crc32(b"bias")], dtype=np.uint32)
    return StatementModel(["NONE", "DEMAND"], ids, np.asarray([[0.0, 5.0]], dtype=np.float32),
                          {"threshold": 0.5, "id": "test0001"})


@pytest.fixture(params=["rules", "model"])
def suggest(project, request):
    model = _always() if request.param == "model" else False
    suggester = project.load_suggester("builtin", statement_model=model)
    return lambda text: [s for s in suggester.one(text) if s.kind == "STATEMENT"]


@pytest.mark.parametrize("sentence", [
    f"{WORDS}, Japan said.",
    f"{WORDS}, said Japan.",
    f"{WORDS}, Japan told reporters on Monday.",
    f"{WORDS}, according to Japan.",
    f'"{WORDS}," Japan said.',  # straight quotation marks
    f"“{WORDS},” Japan said.",  # curly ones
    f"“{WORDS},” said Japan’s foreign ministry.",
    "The United States, Japan said, must end its hostile policy.",  # set off by commas
    "The United States must, according to Japan, end its hostile policy.",
])
def test_the_speaker_named_after_the_reported_words_holds_them(suggest, sentence):
    (s,) = suggest(sentence)
    assert s.attrs["holder"] == "JPN" and s.attrs["target"] == "USA"


@pytest.mark.parametrize("sentence", [
    "Japan said the United States must end its hostile policy.",  # the speaker comes first
    f"{WORDS}, but Japan said no.",  # a clause of its own, not a reporting clause
])
def test_a_speaker_before_the_words_or_in_a_clause_of_its_own(suggest, sentence):
    (s,) = suggest(sentence)
    assert s.attrs["holder"] == ("JPN" if sentence.startswith("Japan") else "USA")


@pytest.mark.parametrize("sentence", [
    "Peru condemned the attack, Japan said.",
    "Peru has pledged to build the road, Japan said.",
    "Peru has agreed to share information, Japan told reporters.",
])
def test_what_the_reported_actor_did_is_theirs(suggest, sentence):
    """A cue in the past tense tells what its subject did: the clause after it is the source
    of the report, not the holder."""
    (s,) = suggest(sentence)
    assert s.attrs["holder"] == "PER"


def test_an_actor_deeper_in_the_reported_words_is_not_whom_they_are_about(suggest):
    """The words' subject is whom they are about, not an actor in a clause inside it."""
    (s,) = suggest("Groups with ties to Iran must leave the country, Japan said.")
    assert s.attrs["holder"] == "JPN" and s.attrs.get("target") != "IRN"


def test_a_place_after_the_verb_does_not_speak(suggest):
    (s,) = suggest(f"{WORDS}, a spokesman said in Beijing.")
    assert s.attrs.get("holder") != "CHN"
