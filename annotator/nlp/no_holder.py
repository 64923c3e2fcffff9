"""Who holds no statement: the speakers the scheme gives no holder (tests/fixtures/gold/
README.md), so that the article's main actor does not stand in for them either.

Companies, international NGOs and WikiLeaks (by name, or by how the article introduced the
person who speaks), unnamed critics, companies and scientists named by a common noun ("Critics
have said ..."), unnamed officials of no named state ("a Western official said"), and armed
groups the registry does not list, as the article describes them.
Plain text, no spaCy: `holders.py` settles the slots with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from annotator.nlp.modifiers import not_a_target

# Who the scheme gives no holder (tests/fixtures/gold/README.md): companies, international
# NGOs, WikiLeaks. Their names at a reporting verb, or in how the article introduced the
# person who speaks ("the director of Argentina's Amnesty International, Mariela Belski").
NOT_AN_ACTOR = re.compile(
    r"\b(?:[A-Z][\w'’&-]*\s+)+(?:International|Watch|Foundation|Inc\.?|Corp\.?|Corporation|"
    r"Company|Ltd\.?|LLC)\b(?!\s+[A-Z])|\b(?:Without Borders|Observatory for Human Rights)\b"
    r"|\b(?:Greenpeace|Oxfam|[Ww]iki[Ll]eaks|Red Cross|Red Crescent|Amnesty International)\b")
NOBODY = "_no_holder"
# While slots are settled: (offset, state) of the actors the target rules would take, in their
# order, whatever the holder (the target is chosen again when the holder is dropped).
TARGETS = "_targets"

# An unnamed official of no state the article names, at a reporting verb: "A senior Western
# intelligence official told Fox News", '..., an Arab diplomat said'. The scheme gives them no
# holder (whose official is not known), and the article's main actor does not stand in.
_UNPLACED = (r"\b(?<!and )(?<!or )(?:(?:[Aa]n?|[Oo]ne|[Tt]wo|[Ss]everal|[Ss]ome)\s+)?"
             r"(?:senior\s+|top\s+|high-ranking\s+)?"
             r"(?:(?:Western|Arab|Gulf|regional)\s+(?:[a-z]+\s+)?|foreign\s+)"
             r"(?:officials?|diplomats?|sources?)")
_REPORTS = r"(?:said|says|say|told|tells|added|claimed|warned|confirmed|believes?)"
UNPLACED_SPEAKER = re.compile(rf"{_UNPLACED}\s+(?:also\s+)?{_REPORTS}\b"
                              rf"|[,”\"]\s*{_REPORTS}\s+{_UNPLACED}\b")

# How an article describes an armed group (the registry lists some: the Taliban, Hamas; one it
# does not list holds nothing, like an NGO): "Boko Haram has been fighting an insurgency",
# "the Islamist militant group Al Shabaab".
_ARMED_NAME = r"((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)"
_ARMED_WORDS = re.compile(r"insurgency|insurrection|rebellion|jihad|militant|insurgent|rebel|"
                          r"terrorist|extremist")
_ARMED = re.compile(
    _ARMED_NAME + r"\s+(?:has|have|had)\s+been\s+(?:fighting|waging)\s+an?\s+(?:[a-z]+\s+)?"
    r"(?:insurgency|insurrection|rebellion|jihad)\b"
    r"|\b(?:militant|jihadist|insurgent|rebel|terrorist|extremist)\s+(?:group|movement|"
    r"organi[sz]ation)\s+" + _ARMED_NAME)

# One of "the group" in an article about such a group: "The group's leader, Abubakar Shekau".
GROUP_OFFICIAL = re.compile(r"\b(?:[Tt]he|[Ii]ts) (?:group|militants|movement)['’]s? (?:leader|"
                            r"spokesman|spokeswoman|commander|chief|head)\b")


# Armed groups known to every reader of the news that the shipped registry does not list (the
# registry's own, such as the Taliban, hold their statements): named so, they hold nothing,
# however the article describes them ("the Islamist terror group").
_KNOWN_ARMED = re.compile(
    r"\b(?:Boko Haram|[Aa]l[- ]Shabaa?b|(?:[Aa]l[- ])?Nusra Front|Jabhat al-Nusra|AQAP|"
    r"Abu Sayyaf|Lashkar-e-Tai?ba|PKK|Kurdistan Workers['’] Party|FARC|Haqqani network|YPG|"
    r"People['’]s Protection Units|Free Syrian Army|Khorasan [Gg]roup|Ansar al-Sharia)\b")


# Unnamed officials at an inverted or closing reporting verb: "The former prisoner, being held
# in Qatar, tried to contact the Taliban, officials told CNN." Whose officials the sentence
# does not say; what they told names other actors.
# Also with a modifier ('..., security officials said Tuesday') or as the one the article spoke
# of ('..., said the official, who was involved in interrogating the detainees'); not "one
# official" or "an official", who may be the one the words name ("A U.S. intelligence program
# ... turned up evidence ..., one official said").
_UNNAMED = (r"(?:(?:[a-z]+\s+){0,2}(?:officials|sources|police|authorities|investigators)|"
            r"the\s+(?:[a-z]+\s+){0,2}(?:official|source|spokes(?:man|woman|person)))")
UNNAMED_AFTER = re.compile(rf"[,”\"]\s*(?:{_UNNAMED}\s+(?:also\s+)?(?:said|say|says|told|tell|"
                           rf"added)|(?:said|told)\s+{_UNNAMED})\b(?:[^,;]*|,\s+who\b[^;]*)$")


# Unnamed people who open the sentence at its reporting verb: "Kurdish sources told The Times of
# Israel that this was false propaganda by IS", "Security sources said Turkey had ...". Whose
# they are the sentence does not say (an actor named in those first words would); an actor
# named after the verb is what they speak of, not who speaks.
UNNAMED_BEFORE = re.compile(r"\W*(?:(?:[Bb]ut|[Aa]nd|[Hh]owever),?\s+)?(?:[\w.'’-]+\s+){0,3}?"
                            r"(?:officials?|sources?|police|authorities|investigators|"
                            r"diplomats?)\s+(?:also\s+|later\s+|have\s+|had\s+)?"
                            r"(?:said|say|says|told|tell|tells|added|claimed|believe)\b")


# A state that only places an armed group: "The leader of Nigeria's Islamic extremist group
# Boko Haram": what stands between them is a possessive and words, no "and", no comma.
OF_GROUP = re.compile(r"['’]s(?:\s+[\w-]+){0,4}\s+$")


def in_armed(text: str, first: int, end: int, groups: frozenset[str]) -> bool:
    """Whether the person named at `text[first:end]` (first names to surname, their first
    mention) is introduced as one of the armed `groups`: the group's name right before their
    title and names, or after them as what they lead or speak for."""
    if not groups:
        return False
    before, after = text[max(0, first - 80):first], text[end:end + 100]
    before = before[max(before.rfind("\n"), before.rfind(". ")) + 1:]  # not the sentence
    # before ("... killed hundreds of Boko Haram militants.\n\nMike Omeri, the Nigerian
    # government's spokesman ...")
    if GROUP_OFFICIAL.search(before[-40:]) or GROUP_OFFICIAL.match(after.lstrip(", ")):
        return True
    return any(re.search(rf"{re.escape(name)}(?:['’]s)?(?:\s+[\w.-]+){{0,4}}\s+$", before)
               or re.match(rf",?\s+(?:[\w'’-]+\s+){{0,4}}?(?:(?:of|for)\s+(?:the\s+)?"
                           rf"{re.escape(name)}\b|{re.escape(name)}['’]s\s)", after)
               for name in groups)


def armed_groups(text: str) -> frozenset[str]:
    """The names of the armed groups an article describes as such, and of the well-known
    ones the registry does not list: it holds nothing when it speaks. The describing words
    are looked for first: the whole pattern over every article costs more than them."""
    known = frozenset(found.group() for found in _KNOWN_ARMED.finditer(text))
    if not _ARMED_WORDS.search(text):
        return known
    return known | frozenset(found.group(1) or found.group(2) for found in _ARMED.finditer(text))


# Who speaks for no state though no name says so (the scheme: unnamed critics, companies,
# scientists get no holder): the sentence's subject is such a group named by a common noun,
# with no proper name before it ("Critics have said ...", "The company says ...", "Backers of
# the policy say ...", "Social media companies ... have promised"). A capitalised modifier
# ("Republican critics", "Chinese scientists") or an actor after it ("Critics from across
# Britain's political spectrum") may tie them to a state: left alone. Advocates and activists
# are not among them: a domestic advocacy or citizen group is its state.
_GROUPS = frozenset({
    "critics", "backers", "opponents", "supporters", "scientists", "researchers", "experts",
    "analysts", "economists", "observers", "commentators", "company", "companies", "firm",
    "firms", "corporation", "corporations", "retailer", "manufacturer", "charity", "charities",
    "ngo", "ngos", "watchdog"})
_DETERMINERS = frozenset({"the", "some", "many", "other", "several", "most", "a", "few",
                          "number", "dozens", "group", "of", "two", "three"})
OPENER = re.compile(r"\W*(?:(?:But|And|Yet|Still|Meanwhile|However|Now|Instead),?\s+)?"
                     r"(?:(?:On|In|At|Last|This|Earlier|Later|Since)\b[^,\"“”]{0,40},\s+)?")
AFTER_GROUP = re.compile(r"\s+(?:from|in|at|of)\s+(?:across\s+)?(?:the\s+)?[^\s,]+(?:\s+[A-Z][^\s,]*)*")
_HEAD_WORDS = re.compile(r"([\w-]+)([\s,]|$)")


_WORDS = re.compile(r"[^\s\"“”]+")
_QUOTE_MARK = re.compile(r"[\"“”]")
_AUXILIARIES = frozenset({"said", "told", "will", "would", "has", "have", "had", "is", "was",
                          "are", "were", "can", "could", "must", "should", "may", "might"})


def opening_subject(sentence: str) -> str:
    """The words that open the sentence up to its first verb, as far as a reader without a
    parser can tell (a lower-case word ending in -ed or -s, "said", "told"; a quotation
    mark ends it too): who acts in it, where it opens with them ("In a separate exchange,
    WikiLeaks urged ...", "Reached for comment, a spokesman for American Media Inc., the
    Enquirer's parent company, also denied ...")."""
    quote = _QUOTE_MARK.search(sentence, 0, 160)
    end = quote.start() if quote else min(len(sentence), 160)
    for found in _WORDS.finditer(sentence, 0, end):
        word = found.group().rstrip(",.;:")
        if word.islower() and (word.endswith(("ed", "s")) or word in _AUXILIARIES):
            return sentence[:found.start()]
    return sentence[:end].rstrip(" ")


def opening_subject_end(sentence: str) -> int:
    """Where the subject that opens the sentence's words ends, past an opening quotation
    mark ('“The United States must ...,” Japan said'): whom reported words are about where
    a reporting clause names the speaker elsewhere, not an actor deeper in them ("The
    suggestion that people with ties to X ...")."""
    lead = len(sentence) - len(sentence.lstrip("\"“‘' "))
    return lead + len(opening_subject(sentence[lead:]))


_SUBORDINATE = re.compile(r"\W*(?:Despite|As|After|Before|In|At|On|During|While|Although|Though|"
                          r"When|If|Since|With|For|Under|Amid|Unlike|Like|Because|Following)\b")


def same_clause(text: str, start: int, subject_end: int, cue: int) -> bool:
    """Whether the subject opening the sentence at `start` (ending at `subject_end`) is the
    subject of the cue at `cue`: no comma or semicolon between them ("Donald Trump is heading
    to Mexico ..., but one of ... had a different message" is not Trump's), and the sentence
    does not open with a phrase of its own ("Despite Mr. Trump's promises, ...")."""
    return not _SUBORDINATE.match(text, start) \
        and not any(mark in text[subject_end:cue] for mark in ",;:")


def group_subject(sentence: str) -> int | None:
    """Where the group ends (in `sentence`) where it opens with a group that speaks for no
    state, named by a common noun: "Critics have said ...", "In any event, the company says,
    ...", "Backers of the policy say ...". At most three lower-case words (determiners,
    adjectives) before it."""
    opener = OPENER.match(sentence)
    at = opener.end() if opener else 0
    for k in range(4):
        found = _HEAD_WORDS.match(sentence, at)
        if found is None:
            return None
        word = found.group(1)
        if word.lower() in _GROUPS:
            if found.group(2) == "" or sentence[found.end(1):].startswith(("'", "’")):
                return None
            return found.end(1)
        if not word.islower() and (k or word.lower() not in _DETERMINERS):
            return None  # a proper name, or a capitalised modifier: "Republican critics"
        at = found.end()
        while at < len(sentence) and sentence[at] == " ":
            at += 1
    return None


# Where a speaker who holds nothing is introduced: after an inverted reporting verb ('...,
# said Rami Abdulrahman, who runs the Britain-based Syrian Observatory') the rest of the
# sentence; before one, the name up to the verb ("X, who runs ..., said").
_REPORTING = re.compile(rf"\b{_REPORTS}\b")


# A name that opens the sentence with the apposition or relative clause introducing them, up
# to the comma that closes it: "Rami Abdulrahman, who runs the Britain-based Syrian Observatory
# for Human Rights, condemned ...", "Jane Roe, a spokeswoman for Acme Corp., said ...".
_INTRODUCED = re.compile(r"((?:[A-Z][\w'’-]+\s+){1,2}[A-Z][\w'’-]+),\s+(?:who\s|an?\s|the\s)"
                         r"[^;:\"“”]{3,120}?(?=,\s+(?:also\s+)?[a-z])")


def speaker_phrase(sentence: str, first: int, last: int) -> tuple[int, int]:
    """The span (in `sentence`) of the words that name and introduce the speaker named at
    `sentence[first:last]`: an actor named there only places the speaker, it is not whom
    their words are for or against."""
    verbs = list(_REPORTING.finditer(sentence))
    before = [verb.start() for verb in verbs if verb.end() <= first]
    if before and sentence[:before[-1]].rstrip()[-1:] in ",\"”'’":
        return before[-1], len(sentence)
    after = [verb.start() for verb in verbs if verb.start() >= last]
    introduced = _INTRODUCED.match(sentence, first)
    return first, after[0] if after else introduced.end() if introduced else last


def introduced_as_nobody(sentence: str) -> tuple[int, int] | None:
    """The span (in `sentence`) of the name opening it where the words introducing that
    speaker make them an NGO's or a company's person (NOT_AN_ACTOR), as '..., said X, who runs
    ...' does after the words: they hold nothing, though those words name a state."""
    opener = OPENER.match(sentence)
    found = _INTRODUCED.match(sentence, opener.end() if opener else 0)
    return found.span(1) if found and NOT_AN_ACTOR.search(found.group()) else None


# A spokesperson, representative or statement of a name (the sentence's speaker): "A spokesman
# for Boeing said", "An Amazon spokesperson told", "Acme said in a statement". Where the
# registry does not know the name and it is no place, person or state's body (`STATE_BODY`),
# it is a company's or an organisation's: it holds nothing (tests/fixtures/gold/README.md).
_CO_NAME = r"((?:[A-Z][\w&'’.-]*\s+){0,3}[A-Z][\w&'’-]*)"
_AT_VERB = r"(?=,?\s+(?:also\s+|later\s+)?(?:said|says|told|tells|added|claimed|denied|confirmed)\b)"
COMPANY_SPEAKER = re.compile(
    rf"\b(?:[Aa]n?|[Tt]he)\s+(?:spokes(?:man|woman|person)|representative)\s+(?:of|for)\s+"
    rf"{_CO_NAME}{_AT_VERB}|\b(?:[Aa]n?|[Tt]he)\s+{_CO_NAME}\s+(?:spokes(?:man|woman|person)|"
    rf"representative){_AT_VERB}|^\W*{_CO_NAME}\s+said\s+in\s+a\s+statement\b")
STATE_BODY = re.compile(
    r"\b(?:Department|Ministry|Minister|Kremlin|White House|Pentagon|Government|Office|"
    r"Embassy|Army|Police|Council|Parliament|Congress|Senate|Commission|Agency|Bureau|Service|"
    r"Forces|Navy|Military|Court|President|Secretary|Palace|Downing|Administration|Authority|"
    r"Cabinet|Command|Guard|Corps|Mission|Party|Coalition|Republic|Kingdom|State|States|"
    r"Union|Nations|NATO|UN|EU|Foreign|Defen[cs]e|Interior|Prime)\b")


def company_speaker(sentence: str) -> tuple[int, int] | None:
    """The span (in `sentence`) of the name whose spokesperson, representative or statement
    speaks in it (`COMPANY_SPEAKER`), where that name is no state's body; whether the
    registry knows it, or it names a place or person, the caller checks."""
    found = COMPANY_SPEAKER.search(sentence)
    if found is None:
        return None
    group = next(k for k in (1, 2, 3) if found.group(k))
    return None if STATE_BODY.search(found.group(group)) else found.span(group)


_PERSON_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Sens|Reps|President|Chairman|"
                           r"Senator|Speaker|Secretary|Minister|Leader|Governor)\.?")

_BEFORE_FIRST = re.compile(rf"(?:[a-z,(]|\b{_PERSON_TITLE.pattern})\s+$")


def person_named(text: str, name: str) -> bool:
    """Whether the article names `name` (its first word) as a person somewhere: after a title
    ("Chairman Ryan", "Sen. Warner") or after a first name inside a sentence or a title
    ("..., said Mark Warner", "Sen. Mark Warner"), which no company name is."""
    first = re.escape(name.split()[0])
    for found in re.finditer(rf"\b([A-Z][\w.'’-]*)\s+{first}\b", text):
        if _PERSON_TITLE.fullmatch(found.group(1)) or (
                found.group(1).isalpha() and _BEFORE_FIRST.search(text, max(0, found.start() - 12),
                                                                  found.start())):
            return True
    return False


def unplaced_phrase(found: re.Match[str], length: int) -> tuple[int, int]:
    """As `speaker_phrase`, for an unnamed official of no named state (`UNPLACED_SPEAKER`)."""
    return (found.start(), length) if found.group()[0] in ",\"”" else found.span()


def no_holder(attrs: dict[str, Any], text: str, mentions: list[tuple[int, int, str, str]],
              phrase: tuple[int, int]) -> None:
    """Set a statement's slots for a speaker who holds nothing: no holder nor speaker, NOBODY,
    and the target chosen again, since it was chosen against the actor wrongly taken as holder
    ("Russia must stop the raids, said X, who runs the Britain-based ..." had Britain; "Boko
    Haram condemned Nigeria and Cameroon" had Nigeria's, against Cameroon): the first actor
    the target rules listed (TARGETS) outside the words that introduce the speaker (`phrase`,
    offsets into `text`), else the first actor named outside them that is no place or
    modifier, else none. `mentions`: (start, end, label, state) of the sentence's actors."""
    for slot in ("holder", "speaker", "target"):
        attrs.pop(slot, None)
    attrs[NOBODY] = True
    if target := target_again(attrs.pop(TARGETS, ()), text, mentions, phrase):
        attrs["target"] = target


def target_again(listed: Iterable[tuple[int, str]], text: str,
                 mentions: list[tuple[int, int, str, str]], phrase: tuple[int, int],
                 holder: str | None = None) -> str | None:
    """The target chosen again once the holder is settled otherwise: the first actor the target
    rules listed (`listed`: TARGETS) outside the words that introduce the speaker (`phrase`),
    else the first actor named outside them that is no place or modifier (`mentions`: start,
    end, label, state), never `holder`; None where there is none."""
    found = [state for at, state in listed if not phrase[0] <= at < phrase[1]]
    found = found or [state for start, end, label, state in mentions if not phrase[0] <= start
                      < phrase[1] and not not_a_target(text, start, end, label)]
    return next((state for state in found if state != holder), None)
