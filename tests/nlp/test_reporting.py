"""The reporting clause of a sentence and the words it reports (annotator/nlp/reporting.py),
and whom it names as speaker (annotator/nlp/speech_slots.py): plain text, no spaCy."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from annotator.nlp.reporting import reporting_clause
from annotator.nlp.speech_slots import carries_only, clause_speaker, verb_cue, words_report


class M(NamedTuple):
    start: int
    end: int
    actor_id: str | None
    label: str = "GPE"


def mention(sentence: str, form: str) -> M:
    return M(sentence.index(form), sentence.index(form) + len(form), form)


@pytest.mark.parametrize(("sentence", "kind", "clause", "words"), [
    ("The talks will resume next week, Lam said.", "closing", ", Lam said.",
     "The talks will resume next week"),
    ("Iran will not give up its rights 🇮🇷, the minister told reporters on Sunday.", "closing",
     ", the minister told reporters on Sunday.", "Iran will not give up its rights 🇮🇷"),
    ("The United States must end its hostile policy, said the foreign minister of Japan.",
     "closing", ", said the foreign minister of Japan.", "The United States must end its hostile policy"),
    ("The United States must end its hostile policy, according to the ministry.", "closing",
     ", according to the ministry.", "The United States must end its hostile policy"),
    ("The ceasefire, a senior official said, is holding.", "middle", ", a senior official said,",
     "The ceasefire| is holding."),
    ("The United States must, according to Japan, end its hostile policy.", "middle",
     ", according to Japan,", "The United States must| end its hostile policy."),
    ("The talks will go on, he said, but no date has been set.", "middle", ", he said,",
     "The talks will go on| but no date has been set."),
    ("Iran will not give up, the minister said\r\non Sunday, adding that talks would go on.",
     "closing", ", the minister said\r\non Sunday, adding that talks would go on.",
     "Iran will not give up"),
    ("“The United States must end its hostile policy,” said Japan’s foreign ministry.",
     "closing", "” said Japan’s foreign ministry.", "“The United States must end its hostile policy,"),
    ("Japan said that China must stop its drills.", "opening", "Japan said that",
     " China must stop its drills."),
    ("Japan told the United States that 🇨🇳 China must stop.", "opening",
     "Japan told the United States that", " 🇨🇳 China must stop."),
    ("Japan announced it will send troops to Iraq.", "opening", "Japan announced",
     " it will send troops to Iraq."),
    ("According to Japan, China must end its drills.", "opening", "According to Japan,",
     " China must end its drills."),
])
def test_the_clause_and_the_words_it_reports(sentence, kind, clause, words):
    report = reporting_clause(sentence)
    assert report is not None and report.kind == kind
    assert sentence[report.start:report.end] == clause
    assert "|".join(sentence[a:b] for a, b in report.words(len(sentence))) == words


@pytest.mark.parametrize("sentence", [
    "The United States must end its hostile policy, but Japan said no.",  # a clause of its own
    "The minister, who said the talks were over, left Tokyo.",  # a relative clause
    "Jeb Bush, who released his emails, tweeted about the contrast.",  # the subject's aside
    "After the vote, the senator said the nation faces bigger problems.",  # no clause after it
    "On Sunday, Japan said China violated the treaty.",  # what it reports follows the verb
    "It was said Kim had taken over.",  # a passive: no one's report
    "Japan announced a ceasefire.",  # an act, no reported words
    "“Japan said no,” he recalled.",  # the verb inside quoted words is no clause
])
def test_no_reporting_clause_where_the_words_do_not_say_so(sentence):
    assert reporting_clause(sentence) is None


@pytest.mark.parametrize(("sentence", "forms", "speaker"), [
    ("Russia must withdraw its troops, Germany insisted on Monday.", ("Russia", "Germany"),
     "Germany"),
    ("Russia must withdraw 🪖, said Germany.", ("Russia", "Germany"), "Germany"),
    ("Russia, Germany said, must withdraw.", ("Russia", "Germany"), "Germany"),
    ("Russia is not respecting the ceasefire, a senior official said.", ("Russia",), None),
    ("The ceasefire with Russia, a senior Ukrainian official said, is holding.",
     ("Russia", "Ukrainian"), "Ukrainian"),
    ("Russia must withdraw, a spokesman said in Beijing.", ("Russia", "Beijing"), None),
    ("Russia must withdraw, according to Germany.", ("Russia", "Germany"), "Germany"),
])
def test_the_speaker_is_named_in_the_clause_alone(sentence, forms, speaker):
    report = words_report(sentence)
    assert report is not None
    found = clause_speaker(sentence, report, [mention(sentence, f) for f in forms])
    assert (found and sentence[found.start:found.end]) == speaker


@pytest.mark.parametrize(("sentence", "outlet"), [
    ("Nicaragua will ask experts for help, the AP says.", True),
    ("Nicaragua will ask experts for help, according to Reuters.", True),
    ("Some lawmakers pressed him to run, according to several published reports.", True),
    ("Nicaragua will ask experts for help, the minister said.", False),
    ("The sanctions on Iran are illegal, Xinhua said.", False),  # state media speak
])
def test_an_outlet_carries_the_words_without_saying_them(sentence, outlet):
    report = reporting_clause(sentence)
    assert report is not None and carries_only(sentence, report) is outlet
    assert (words_report(sentence) is None) is outlet


@pytest.mark.parametrize(("sentence", "verb", "is_cue"), [
    ("Japan insisted that China was not a threat.", "insisted", True),
    ("China will respond firmly, Japan warned.", "warned", True),
    ("Japan warned Russia against an attack.", "warned", False),  # no reported words
    ("Japan said that Russia was warned.", "warned", False),  # in the words, not the verb
])
def test_the_reporting_verb_as_a_cue(sentence, verb, is_cue):
    assert verb_cue(sentence, sentence.index(verb)) is is_cue
