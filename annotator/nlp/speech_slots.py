"""Holder and target of reported words whose reporting clause closes the sentence or stands in
its middle: "The talks will resume next week, Lam said.", "Iran will not give up its rights,
the minister told reporters on Sunday.", "The ceasefire, a senior official said, is holding.",
"..., according to the ministry.".

A reader takes the speaker from the clause (`reporting.reporting_clause`) and reads what is
said from the words: the written rules (`tests/fixtures/gold/README.md`) make the clause's
speaker the holder, and the actor the words open with whom they are about. A clause that
names no actor of the registry ("Lam said", "a senior official said", "the minister told
reporters") leaves the holder to the article (the person's introduction, the speaker before,
its main actor): never the actor of the reported words, which is the one spoken of. A news
outlet or reports named as the source ("..., the AP says", "according to reports") carry the
words without saying them: the sentence is read as if they were not named. Plain text, no
spaCy: `candidates.py` applies it to the rules' candidates and to the sentences a model draws.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from annotator.nlp.carry import inverted_verb, verb_speaker
from annotator.nlp.news_sources import by_outlet, reporter, state_source
from annotator.nlp.no_holder import opening_subject_end
from annotator.nlp.reporting import Report, reporting_clause


def clause_speaker(sentence: str, report: Report, mentions: Sequence[Any]) -> Any | None:
    """The speaker the reporting clause `report` of `sentence` names, of `mentions` (with
    `start`/`end` in the sentence): chosen at its verb as everywhere (`verb_speaker`), of
    those in the clause alone, never an actor of the reported words ("The ceasefire with
    Russia, a senior official said, is holding" names no speaker: not Russia). None where
    the clause names none of them ("Lam said", "the minister told reporters"): then the
    article says who it is."""
    clause = [m for m in mentions if report.holds(m.start)]
    before = [m for m in clause if m.end <= report.verb]
    after = [m for m in clause if m.start >= report.verb_end][:1]
    if after and not inverted_verb(sentence, report.verb, after[0].start):
        after = []  # "..., a spokesman said in Beijing": not Beijing's
    found = verb_speaker(sentence, before, after, report.verb)
    if found is None:  # "A U.S. intelligence program ... turned up evidence ..., one official
        words = [m for m in mentions if not report.holds(m.start)]  # said": the state whose
        if words and _ATTRIBUTE.search(sentence, 0, words[0].start) \
                and _NOUN_AFTER.match(sentence, words[0].end):  # thing the words open with
            return words[0]
    return found


# An actor named as an attribute of the thing the words open with ("A U.S. intelligence
# program", "The Iranian army"): whose thing it is, and whose official speaks of it
_ATTRIBUTE = re.compile(r"^\W*(?:[Aa]n?|[Tt]he)\s+$")
_NOUN_AFTER = re.compile(r"\s+[a-z]")


# Reports, not a speaker, named after "according to": "according to several published reports"
_REPORTS = re.compile(r"\b(?:reports?|media|newspapers?|press|accounts?)\b")


def carries_only(sentence: str, report: Report) -> bool:
    """Whether the reporting clause names a news outlet or reports as the source ("..., the
    AP says", "..., CNN reported Thursday", "according to Reuters", "according to White
    House pool reports"): the written rules read the sentence as if it were not named, so
    the words' own subject holds. State media where they are how their state speaks
    (`state_source`) are a speaker."""
    if state_source(sentence):
        return False
    tail = sentence[report.verb_end:report.end]
    if sentence.startswith("ccording", report.verb + 1):
        name = tail.strip().split(",")[0].rstrip(".!?\"”’' ")
        return reporter(name) or _REPORTS.search(name) is not None
    if by_outlet(sentence, report.verb):
        return True
    inverted = _FROM_VERB_NAME.match(tail)  # "..., said Reuters"
    return inverted is not None and reporter(inverted.group(1))


_FROM_VERB_NAME = re.compile(r"\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)")


def words_report(sentence: str) -> Report | None:
    """The sentence's reporting clause where it closes the sentence or stands in its middle
    and names who says the words, not an outlet that carries them; else None."""
    report = reporting_clause(sentence)
    if report is None or report.kind == "opening" or carries_only(sentence, report):
        return None
    return report


def words_subject(sentence: str, report: Report, mentions: Sequence[Any], offset: int = 0
                  ) -> list[Any]:
    """The mentions (of `mentions`, at `offset` + their place in `sentence`) in the subject
    the reported words open with ("Russia" in "Russia must withdraw, Germany said"; "The
    ceasefire with Russia, a senior official said, is holding"): whom the words are about,
    before any actor deeper in them ("Groups with ties to Iran must leave")."""
    opened = offset + opening_subject_end(sentence)
    return [m for m in mentions if m.end <= opened and not report.holds(m.start - offset)]


def reported_slots(sentence: str, report: Report, able: Sequence[Any], linked: Sequence[Any],
                   offset: int, cue_end: int) -> tuple[Any | None, list[Any]]:
    """For a rule candidate whose sentence (at `offset` in the document) has the reporting
    clause `report`: the mention of `able` (document offsets) that speaks in the clause, or
    None; and the target candidates of `linked`: the words' subject, then the words' actors
    after the cue (ending at `cue_end`), never the clause's listener or place."""
    shifted = [m._replace(start=m.start - offset, end=m.end - offset) for m in able]
    speaker = clause_speaker(sentence, report, shifted)
    subject = words_subject(sentence, report, linked, offset)
    return (None if speaker is None else able[shifted.index(speaker)]), subject + [
        m for m in linked if m.start >= cue_end and m not in subject
        and not report.holds(m.start - offset)]


VERB_CUE = "_verb_cue"  # an attrs key of a rule candidate whose cue is its reporting verb


def verb_cue(sentence: str, cue: int) -> bool:
    """Whether the cue at `cue` (in `sentence`) is the verb of its reporting clause ("Japan
    insisted that China was not a threat", "China will respond firmly, Japan warned"): what
    type the words are is read from them, not from the verb that reports them."""
    report = reporting_clause(sentence)
    return report is not None and report.verb == cue
