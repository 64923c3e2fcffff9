"""The reporting clause of a sentence, and the reported words it leaves: who says, and what.

News reports speech without quotation marks in three shapes:
* the clause closes the sentence: "The talks will resume next week, Lam said.", "Iran will
  not give up its rights, the minister told reporters on Sunday.", "..., said Lam.",
  "..., according to the ministry.";
* it stands in the middle, set off by commas: "The ceasefire, a senior official said, is
  holding.", "The United States must, according to Japan, end its hostile policy.";
* it opens the sentence, and what it reports follows: "X said (that) ...", "X told Y that
  ...", "X announced / insisted / warned that ...", "According to X, ...".
The written rules (`tests/fixtures/gold/README.md`) make the clause's speaker the holder, and
read the type and target from the reported words: the actor that opens them is whom they are
about, never who says them. `reporting_clause` finds the clause where the words say so
plainly (a comma or quotation mark before a closing clause, nothing after its verb but the
speaker, the listener, a time or a place; "that" or a clause of its own after an opening
verb), outside quoted words. Plain text, no spaCy: `candidates.py` reads slots with it.

`REPORTING_VERB` is the one list of reporting verbs, those a news outlet reports by ("reported",
"quoted", "cited") with the others: speakers are found at these verbs (`speakers.py`), so are
the speakers a city places (`places.py`) and state media as a source (`news_sources.py`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from annotator.nlp.quotes import quoted

REPORTING_VERB = (r"(?:said|says|say|told|tells|tell|added|replied|stated|explained|wrote|"
                  r"tweeted|argued|claimed|continued|noted|warned|insisted|announced|stressed|"
                  r"declared|reported|reports|quoted|cited|commented)")
_VERB = re.compile(rf"\b(?:{REPORTING_VERB}|[Aa]ccording to)\b")
_WORD = re.compile(r"\w[\w.'’-]*")
# What opens a clause of its own, not a reporting clause: "..., but Japan said no", "...,
# which China called hostile", "..., as officials said", "When asked, he said".
_CLAUSE_OPENER = frozenset({"and", "but", "or", "while", "as", "which", "who", "whom", "that",
                            "because", "although", "though", "when", "after", "before", "if",
                            "since", "where", "so", "yet", "what", "how", "why"})
# Words that open a clause of its own after the verb: what it reports ("said it would",
# "told reporters that", "said China must", "said the talks were over").
_COMPLEMENT = frozenset({
    "that", "will", "would", "shall", "should", "must", "may", "might", "can", "could",
    "cannot", "can't", "won't", "wouldn't", "is", "are", "was", "were", "isn't", "aren't",
    "wasn't", "weren't", "has", "have", "had", "hasn't", "haven't", "do", "does", "did",
    "didn't", "doesn't", "be", "been", "it", "they", "he", "she", "we", "i", "there", "this",
    "it's", "he's", "she's", "they're", "we're", "i'm", "there's", "he'd", "she'd", "they'd",
    "we'd", "i'd", "he'll", "she'll", "they'll", "we'll", "i'll", "it'll", "you", "needs",
    "need", "wants", "plans", "hopes", "to"})
# Words a closing clause may hold after its verb: the listener, a time, a place, how it was
# said ("told reporters on Sunday", "said in a statement posted online", "said Thursday").
_ADJUNCT_HEADS = frozenset({
    "on", "in", "at", "to", "during", "after", "before", "from", "via", "by", "with", "without",
    "through", "over", "late", "early", "last", "this", "earlier", "later", "yesterday",
    "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "morning", "afternoon", "evening", "night", "week", "month", "year", "reporters",
    "journalists", "lawmakers", "parliament", "supporters", "lawmaker", "media", "press",
    "local", "state", "also", "again", "separately", "then", "recently", "previously",
    "publicly", "privately", "repeatedly", "however", "too", "online", "here", "there"})
# Unnamed speakers after an inverted verb: "..., says official", "..., said the officials"
_SPEAKERS = frozenset({"official", "officials", "sources", "source", "diplomats", "diplomat",
                       "police", "spokesman", "spokeswoman", "spokesperson", "analysts",
                       "experts", "witnesses", "residents", "authorities", "its", "his", "her",
                       "their"})
# A passive before the verb: "It was said Kim had taken over" is no one's report
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+$")
# A phrase that opens a sentence, alone before the comma: no reported words
_OPENER = re.compile(r"\W*(?:After|Before|In|On|At|During|Since|Following|Speaking|Asked|"
                     r"When|Later|Earlier|Meanwhile|However|Separately|Namely|Instead|Still|"
                     r"Now|Also|Yesterday|Today|Previously|Moreover|Furthermore|Additionally|"
                     r"But|And|So|Yet|Then|Indeed|Finally|Again)\b[^,;:]*$")
_COORDINATING = frozenset({"and", "but", "or", "yet", "so"})
_RELATIVE = frozenset({"who", "which", "whom", "that", "whose"})
_ARTICLES = frozenset({"a", "an", "the", "his", "her", "its", "their", "our", "one"})


class Report(NamedTuple):
    """A reporting clause in a sentence: its kind ("closing", "middle", "opening"), its span
    and its verb's (offsets in the sentence). The reported words are the rest of the
    sentence (`words`); an opening clause runs from the sentence's start, its subject
    included, to the words after its verb."""

    kind: str
    start: int
    end: int
    verb: int
    verb_end: int

    def holds(self, at: int) -> bool:
        """Whether offset `at` lies in the reporting clause, not in the reported words."""
        return self.start <= at < self.end

    def words(self, length: int) -> list[tuple[int, int]]:
        """The spans of the reported words in a sentence of `length` characters."""
        return [(a, b) for a, b in ((0, self.start), (self.end, length)) if b > a]


def _adjuncts(words: list[str], told: bool) -> bool:
    """Whether the words after a closing clause's verb are only its listener (after "told":
    `told`), a time, a place or how it was said ("reporters on Sunday", "in a statement",
    "Thursday", "the BBC in an interview"); not what it reports ("China violated the
    treaty", "the nation faces bigger problems")."""
    if len(words) > 10:
        return False
    phrase = False  # within a phrase opened by a preposition (or the listener's article)
    for k, word in enumerate(words):
        lower = word.lower().strip(".")
        if lower in _ADJUNCT_HEADS or (lower in _ARTICLES and (phrase or (told and not k))):
            phrase = True  # "this week", "to reporters": not "this was", "to be"
        elif lower in _COMPLEMENT:
            return False
        elif word[:1].isupper() or word[:1].isdigit():
            continue  # a name, a day, an outlet ("told CNN", "said Thursday")
        elif not phrase:
            return False  # a verb of its own: "Japan said China violated the treaty"
    return True


def _short_subject(words: list[str]) -> bool:
    """The words between a closing clause's mark and its verb: its speaker, a few words at
    most, no clause of its own ("Lam", "the minister", "a senior Ukrainian official", "Japan's
    foreign ministry also")."""
    return len(words) <= 8 and not (words and words[0].lower() in _CLAUSE_OPENER)


def reporting_clause(sentence: str) -> Report | None:
    """The sentence's reporting clause (see the module docstring), or None where it has none
    plain enough: the first reporting verb outside quoted words that closes it, stands set
    off in its middle, or opens words of their own."""
    if not _VERB.search(sentence):
        return None
    inside = quoted(sentence)
    for verb in _VERB.finditer(sentence):
        at = verb.start()
        if any(a <= at < b for a, b in inside):
            continue
        found = _after_words(sentence, at, verb.end(), inside) or _opening(sentence, at,
                                                                          verb.end(), inside)
        if found is not None:
            return found
    return None


def _after_words(sentence: str, at: int, verb_end: int, inside: list[tuple[int, int]]
                 ) -> Report | None:
    """A reporting clause at the verb `sentence[at:verb_end]` set off from reported words
    before it by a comma or a quotation mark: closing the sentence, or in its middle."""
    mark = max(sentence.rfind(sign, 0, at) for sign in ",\"”")
    if mark < 0 or any(a <= mark < b and sentence[mark] == "," for a, b in inside) \
            or _PASSIVE.search(sentence, 0, at):
        return None
    aside = _WORD.findall(sentence[max(sentence.rfind(",", 0, mark), sentence.rfind("(", 0, mark))
                                   + 1:mark])
    if aside and aside[0].lower() in _RELATIVE:
        return None  # "Jeb Bush, who released his emails, tweeted about": the subject's aside
    before = len(_WORD.findall(sentence[:mark]))
    if not before or _OPENER.match(sentence[:mark]) \
            or not _short_subject(_WORD.findall(sentence[mark + 1:at])):
        return None  # "Namely, Erdogan said, ...": no words before it
    stop = len(sentence)
    for sign in ",;:\"“”(—":
        found = sentence.find(sign, verb_end)
        if found >= 0:
            stop = min(stop, found)
    tail = _WORD.findall(sentence[verb_end:stop])
    if sentence.startswith("ccording", at + 1):
        if not tail or len(tail) > 15:  # an actor, whatever clause follows it
            return None
    elif not _inverted(sentence, mark, at, tail) and not _adjuncts(
            tail, sentence.startswith(("told", "tell"), at)):
        return None
    rest = sentence[stop:].lstrip(", ").rstrip(" .!?\"”’'")
    if sentence[stop:stop + 1] == "," and rest and _goes_on(rest):
        return Report("middle", mark, stop + 1, at, verb_end)
    return Report("closing", mark, len(sentence), at, verb_end) if before >= 3 else None


def _inverted(sentence: str, mark: int, at: int, tail: list[str]) -> bool:
    """'..., said Lam', '..., said the foreign minister of Japan', "..., says official": the
    verb right after the mark, then the speaker named by a name or a title, no verb of its
    own ("..., said the nation faces bigger problems", "..., tweeted about the contrast")."""
    if sentence[mark + 1:at].strip() or not tail or len(tail) > 8:
        return False
    if not (tail[0][:1].isupper() or tail[0].lower() in _ARTICLES or tail[0] in _SPEAKERS):
        return False
    return not any(w.lower() in _COMPLEMENT - {"to"} or (w.islower() and (
        w.endswith("ed") or (w.endswith("s") and w not in _SPEAKERS))) for w in tail)


def _goes_on(rest: str) -> bool:
    """Whether the words after a clause set off by commas are reported words again: they go
    on ("..., is holding", "..., end its hostile policy") or a clause of their own follows
    ("..., but no date has been set"), rather than adding to the reporting clause ("...,
    adding that ...", "..., who ...", "..., speaking in Tokyo")."""
    first = rest.split(maxsplit=1)[0].lower()
    if first[:1] in "\"“'‘":
        return False  # '..., Erdogan said on Wednesday, "Those who ...': the clause opens it
    return first in _COORDINATING or not (
        first.endswith("ing") or first in _CLAUSE_OPENER or first in _ADJUNCT_HEADS)


def _opening(sentence: str, at: int, verb_end: int, inside: list[tuple[int, int]]
             ) -> Report | None:
    """A reporting clause that opens reported words after its verb: "X said (that) ...",
    "X told Y that ...", "X warned that ...", "According to X, ...". The clause runs from the
    sentence's start to "that" or to the words' start."""
    if sentence.startswith("ccording", at + 1):
        comma = sentence.find(",", verb_end)
        if sentence[:at].strip(" \"“") or comma < 0 or len(_WORD.findall(
                sentence[verb_end:comma])) > 8:
            return None
        return Report("opening", 0, comma + 1, at, verb_end)
    segment = _WORD.findall(sentence[max(sentence.rfind(sign, 0, at) for sign in ",;:"):at])
    if (segment and segment[0].lower() in _RELATIVE) or _PASSIVE.search(sentence, 0, at):
        return None  # "The minister, who said the talks were over, left": not a report
    for k, word in enumerate(_WORD.finditer(sentence, verb_end)):
        if k == 8 or any(sign in sentence[verb_end:word.start()] for sign in ",;:\"“”"):
            return None  # a pause or a quotation before any clause of its own
        lower = word.group().lower()
        if lower == "that":
            return Report("opening", 0, word.end(), at, verb_end)
        if lower in _COMPLEMENT and lower != "to":
            return Report("opening", 0, verb_end, at, verb_end)
    return None
