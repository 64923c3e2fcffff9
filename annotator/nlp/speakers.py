"""How news names a speaker and introduces a person, read off plain text: the name at a
reporting verb ("Cengiz said", "..., said Rear Adm. John Kirby"), the source of "according
to", a pronoun or an unnamed spokesperson that speaks for whoever spoke before, a name opening
a sentence as its subject, and the actor a person is introduced with ("Niger's president
Mahamadou Issoufou"). `holders.py` settles the holder with them; `carry.py` follows a speaker
from sentence to sentence. No spaCy.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator

from annotator.nlp.modifiers import names_a_thing
from annotator.nlp.news_sources import reporter
from annotator.nlp.pipeline import AMBIGUOUS_PREFIX
from annotator.nlp.reporting import REPORTING_VERB

# The abbreviated titles news puts before a name ("Col. Steve Warren", "Sen. Mark Warner")
TITLES = ("Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Brig", "Cmdr",
          "Sen", "Rep", "Gov")
# A reported speaker named by a capitalised name at a reporting verb: "Cengiz said", "Mr. Fox
# also said", "..., said Rear Adm. John Kirby", "McNamara replied". Pronouns and common
# sentence openers are not names; a title's abbreviation is part of one.
_NAME = (rf"(?:(?:[A-Z][a-z]+\s+)?(?:{'|'.join(TITLES)})\.\s+)*"
         r"(?:[A-Z][\w'’-]*\s+(?:(?:al|bin|da|de|del|van|von)\s+)?){0,3}"
         r"(?:(?:al|el|ad|as|bin|ibn|abu)-)?[A-Z][\w'’-]*")  # "Mohammed al-Momani"
_SPEAKER_BEFORE = re.compile(rf"(?<![\w'’-])({_NAME})\s+(?:also\s+|then\s+|later\s+|has\s+|"
                             rf"had\s+)?{REPORTING_VERB}\b")
_SPEAKER_AFTER = re.compile(rf"[,”\"]\s*{REPORTING_VERB}\s+({_NAME})")
SAID = re.compile(rf"\b{REPORTING_VERB}\b")  # a reporting verb
# A pronoun speaks ("Speaking to NBC, she said, ...", '"...," he added'): the speaker is the
# one the article spoke of just before, whoever the reported words name.
# So does an unnamed spokesperson ('..., a spokesman said', 'The spokeswoman added', 'a
# ministry spokesman said'): the one of whoever spoke just before.
_SPOKESPERSON = r"(?:[a-z][\w-]*\s+){0,2}?spokes(?:man|woman|person)"
_ANAPHOR_SPEAKER = rf"(?:[Hh]e|[Ss]he|(?:[Aa]|[Tt]he)\s+{_SPOKESPERSON})"
PRONOUN_SAYS = re.compile(
    rf"\b{_ANAPHOR_SPEAKER}\s+(?:also\s+|then\s+|later\s+)?{REPORTING_VERB}\b"
    rf"|[,”\"]\s*{REPORTING_VERB}\s+(?:he|she|(?:a|the)\s+{_SPOKESPERSON})\b")
# "According to al-Eryani, the rebels ...": the source named is the speaker, whoever the
# sentence then names (a lower-case particle may open the name: "al-", "bin", "de"); a name
# at a reporting verb comes first ("McNamara replied, according to CNN").
_SPEAKER_SOURCE = re.compile(rf"\b[Aa]ccording to ((?:(?:al|el|bin|de|van|von)[-\s])?{_NAME})")
# A name that opens the sentence, its apposition, then the verb: "Glyn Davies, U.S. special
# representative for North Korean policy, who is visiting the region, said ...", "Duncan
# Hunter, California Republican Rep., told ...".
_SPEAKER_APPOSED = re.compile(rf"^[\s\"“]*({_NAME}),\s+[^,;:\"“”]{{3,80}}(?:,\s+[^,;:\"“”]{{3,80}})?"
                              rf",\s+(?:also\s+)?{REPORTING_VERB}\b")
def name_char(char: str) -> bool:
    return char.isalnum() or char in "_'’-"


# A name opening a sentence as its subject: one to three capitalised words, then a verb or
# a clause about them ("Chirac was ...", "Kokesh, who hails from ...").
SUBJECT = re.compile(r"[\s\"“]*(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
                      r"(?=,\s+who\b|\s+(?:also\s+|has\s+|had\s+|was\s+|is\s+)?[a-z]"
                      rf"|,\s+[^,;:\"“”]{{3,80}},\s+(?:also\s+)?{REPORTING_VERB}\b)")
# ... or named in apposition to the subject that opens it: "Mr. Fox's successor, Felipe
# Calderón, expressed similar concerns".
APPOSITION = re.compile(r"[\s\"“]*[A-Z][^,;:\"“”]{2,60}?,\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}),"
                         r"(?=\s+(?:also\s+|has\s+|had\s+)?[a-z]+ed\b)")
# a reporting verb or "according to": most sentences have none
ANY_VERB = re.compile(rf"\b(?:{REPORTING_VERB}|[Aa]ccording to)\b")
NOT_NAMES = frozenset({
    "He", "She", "They", "We", "I", "It", "You", "This", "That", "The", "A", "An", "Officials",
    "Police", "Reports", "Critics", "Experts", "Sources", "Analysts", "Others", "Some", "But",
    "And", "In", "On", "Mr", "Mrs", "Ms", "Dr",
    "I’d", "I'd", "We’d", "We'd", "They’d", "They'd", "You’d", "You'd",  # "what I'd say to"
})


def named_speakers(sentence: str) -> Iterator[tuple[int, int]]:
    """Spans (in `sentence`) of the names at its reporting verbs, "..., said Lam" first, then
    the source of "according to": sentence-opening words that are no names ("But Johnson
    said") and possessives ("according to Johnson's critics") are left out."""
    if not ANY_VERB.search(sentence):
        return
    for pattern in (_SPEAKER_AFTER, _SPEAKER_BEFORE, _SPEAKER_SOURCE, _SPEAKER_APPOSED):
        for found in pattern.finditer(sentence):
            start, end = found.span(1)
            name = found.group(1).rstrip("'’-")
            if name.endswith(("'s", "’s")):  # "according to Johnson's critics": not Johnson
                continue
            end = start + len(name)
            words = name.split()
            while words and words[0] in NOT_NAMES:
                start = sentence.index(words[1], start) if len(words) > 1 else end
                words.pop(0)
            if words and words[-1] not in NOT_NAMES and not reporter(sentence[start:end]):
                yield start, end  # a news agency that reports is no speaker (news_sources)


def named_speaker(sentence: str) -> tuple[int, int] | None:
    """The span (in `sentence`) of the name at its reporting verb, if a name stands there."""
    return next(named_speakers(sentence), None)


# How a news article introduces a person: "Niger's president Mahamadou Issoufou", "Argentine
# President Alberto Fernández", "Presidents Muhammadu Buhari of Nigeria", "So Se Pyong, North
# Korea's ambassador", "Vicente Fox and Felipe Calderón, 2 Ex-Presidents of Mexico". The actor
# must stand right before the name with only title words between, or right after it.
_TITLE_GAP = re.compile(r"^(?:['’]s)?(?:\s+[\w.-]+){0,6}\s+$")  # title and first names
# A participle after the comma opens what they do, not who they are: "Obama, speaking at a
# NATO summit" does not introduce Obama as NATO's.
# Nor does what was done to them: "Luke Somers, held by al-Qaeda militants" is no member.
_AFTER_GAP = re.compile(r"^(?:\s+of\s+(?:the\s+)?|,\s+(?![a-z]+ing\s)(?!(?:[a-z]+\s+){0,2}(?:held|taken|"
                        r"kidnapped|abducted|captured|killed|murdered|beheaded|executed|detained|"
                        r"seized|threatened|targeted|wanted|hunted|freed|released)\s+by\s)"
                        r"(?:the\s+|a\s+|an\s+|who\s+(?:is|was)\s+)?(?:[\w.-]+\s+){0,4}?"
                        r"(?:of\s+(?:the\s+)?)?)$")


# A capitalised word right before a state that stands right before the surname: the state is
# one of the person's names ("spokesman Bulama Mali Gubio"), not the one they speak for
_NAME_BEFORE = re.compile(r"(?<![\w'’.-])[A-Z][\w'’-]*[ \t]$")
# A full stop, not the one of a capital's abbreviation ("U.S. Senate") nor of a title before a
# name ("Mr. Fox", "spokesman Col. Steve Warren": the sentence splitter cuts after military
# ranks, and the person's introduction is then on the line before the name). Python's look-
# behind is of fixed width: one per title length.
_NOT_TITLE = "".join(rf"(?<!\b(?:{'|'.join(t for t in TITLES if len(t) == n)}))"
                     for n in sorted({len(t) for t in TITLES}))
_FULL_STOP = re.compile(rf"(?<![A-Z]){_NOT_TITLE}\. |\n")


def sentence_start(text: str, at: int) -> int:
    """Where the sentence (or line) holding `text[at]` starts, near enough (looking back 400
    characters): after the last full stop not of a capital's abbreviation ("U.S. Senate")."""
    window = max(0, at - 400)
    stops = [found.start() for found in _FULL_STOP.finditer(text, window, at)]
    return stops[-1] + 1 if stops else window


def introduced_as(text: str, name: str, ents: list[tuple[int, int, str, str]],
                  actor_of: Callable[[int, int, str], str | None]) -> str | None:
    """The actor a person first named `name` (their surname) is introduced with in `text`, or
    None. `ents` sorted by start; `actor_of(start, end, ent_id)` the linked actor of one."""
    at = re.search(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", text)
    if at is None:
        return None
    first, last = at.start(), at.end()
    line_start = sentence_start(text, first)
    best: str | None = None
    possessive = False
    for start, end, label, ent_id in ents[bisect_left(ents, line_start, key=lambda e: e[0]):]:
        if start >= first + 120:
            break
        actor = actor_of(start, end, ent_id)
        if actor is None or names_a_thing(text, start, end, label):  # "an Iraq War veteran"
            continue
        if ent_id.startswith(AMBIGUOUS_PREFIX) and text[end:first].isspace():
            continue  # an ambiguous place that is their first name: "Victoria Nuland"
        if text[end:first].isspace() and _NAME_BEFORE.search(text, max(0, start - 40), start):
            continue
        # Before the name ("Niger's president Mahamadou"); the title may hold capitals
        if end <= first and first - end <= 60 and _TITLE_GAP.match(text[end:first]) \
                and "," not in text[end:first] and not possessive:
            best = actor
            # "Iraq's UN Ambassador Mohamed Ali Alhakim": the possessive state is whom the
            # title serves; an organisation after it names the post
            possessive = text.startswith(("'s", "’s"), end)
        elif start >= last and start - last <= 60 and _AFTER_GAP.match(
                re.sub(r"\s+and\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*", "", text[last:start])):
            return best or actor
    return best
