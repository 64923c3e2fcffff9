"""Mentions that name no one who acts: a place along the way ("the border with Mexico"), the
modifier of a thing ("the Russia probe", "Russian interference") and a place in a news
outlet's name ("The Times of Israel"). Neither is who holds a
statement; neither is whom it is for or against, except a nationality adjective as the cue's
object ("rejected an Australian ultimatum"). Plain text, no spaCy.
"""

from __future__ import annotations

import re

from annotator.nlp.news_sources import owns_an_outlet

# A state named as a place along the way ("a wall along the border with Mexico", "a visit to
# Japan") is not whom a statement is for or against. "In X" and "from X" are left alone: "the
# war in Liberia", "withdraw inspectors from Iraq", "a demand from the US" often are.
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:near|along|across|border with|borders with|visit to|trip to)\s+"
    r"(?:the\s+)?)$", re.IGNORECASE)
_CUE_OBJECT = 30  # characters between a cue and its object: "rejected an Australian ultimatum"
# Where something happens, not who speaks: "monitor their communications in Qatar", "the civil
# war in Libya", "in Iraq and Syria". "From" is left out: "a statement from the Iraqi Defense
# Ministry" is who speaks.
_IN_A_PLACE = re.compile(r"\b(?:in|at|near|across|throughout|inside|outside)\s+(?:the\s+)?"
                         r"(?:[A-Z][\w.-]*\s+)?(?:(?:[A-Z][\w.-]*\s+){1,2}(?:and|or)\s+"
                         r"(?:the\s+)?)?$")


def in_a_place(text: str, start: int) -> bool:
    """Whether the mention at `text[start:]` is named as a place where something happens
    ("... in Qatar", "in Iraq and Syria"): the sentence's subject, its speaker, is named
    otherwise."""
    return _IN_A_PLACE.search(text, max(0, start - 40), start) is not None


def not_a_target(text: str, start: int, end: int, label: str, cue_end: int | None = None
                 ) -> bool:
    """Whether a mention at `text[start:end]` (offsets into `text`) is a place or a thing's
    modifier ("the Russia probe", "Russian disinformation") rather than the object of a
    statement. A nationality adjective right after the cue that ends at `cue_end` is its
    object: "rejected an Australian ultimatum" is against Australia."""
    if _PLACE_BEFORE.search(text[max(0, start - 24):start]):
        return True
    if label == "NORP" and cue_end is not None and 0 <= start - cue_end <= _CUE_OBJECT:
        return False
    return names_a_thing(text, start, end, label)


# An actor named as the modifier of a thing ("the Russia probe", "Russian interference") is
# what a statement is about, never who speaks; a demonym speaks only for the people and
# bodies it qualifies ("Russian officials", "the Iraqi government").
_PEOPLE = frozenset({
    "officials", "official", "government", "governments", "authorities", "authority",
    "leader", "leaders", "leadership", "president", "minister", "ministers", "ministry",
    "forces", "troops", "army", "military", "navy", "police", "diplomats", "diplomat",
    "envoy", "envoys", "ambassador", "spokesman", "spokeswoman", "spokesperson", "lawmakers",
    "legislators", "parliament", "state", "media", "people", "citizens", "side", "delegation",
    "negotiators", "counterpart", "counterparts", "regime", "administration", "embassy",
    "intelligence", "officers", "officer", "soldiers", "prosecutors", "court", "judge",
    "judges", "agency", "premier", "foreign", "defense", "defence", "security", "public",
    "voters", "opposition", "senators", "congressman", "lawmaker", "cabinet", "generals",
    "commander", "commanders", "statement", "news", "team", "coalition", "air", "rebel",
    "rebels", "businessman", "businessmen", "lawyer", "lawyers", "man", "men", "woman",
    "women", "students", "workers", "militants", "fighters", "protesters", "demonstrators",
    "group", "groups", "activists", "journalists", "nationals", "residents", "sources",
    "source", "negotiator", "mediator", "spokesmen", "king", "prince", "chancellor",
    "newspaper", "party", "parties", "officialdom", "mission", "representative",
    "representatives", "delegates", "union", "unions", "guards", "guard", "commission"})
_TOPICS = frozenset({
    "investigation", "probe", "inquiry", "case", "policy", "deal", "border", "war", "crisis",
    "issue", "question", "sanctions", "tariffs", "relations", "ties", "visit", "trip",
    "collusion", "interference", "meddling", "hacking", "connection", "connections",
    "dossier", "scandal", "story", "agreement", "accord", "conflict", "strategy", "matter",
    "affair", "file", "program", "programme", "veterans", "veteran", "hawk", "hawks"})
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w-]*)")
# A news outlet named after a place ("The Times of Israel", "the Jordan Times", "the
# Washington Post", "Voice of America", "Iraqi News"): the outlet reports what others say;
# the state it is named after neither speaks ("Kurdish sources told The Times of Israel")
# nor is spoken to. Not a news agency: a state's agency is how the state speaks ("the Iraqi
# News Agency quoted ...").
_OUTLET_AFTER = re.compile(r"[ \t]+(?:Times|Post|Herald|Daily|Today|Tribune|Journal|Gazette|"
                           r"News|Telegraph|Express|Observer|Standard|Examiner|Dispatch|"
                           r"Chronicle|Monitor|Mail|Star|Sun|Insider|Review|Globe)"
                           r"(?![\w-])(?![ \t]+Agency)")
_OUTLET_BEFORE = re.compile(r"(?<![\w-])(?:Times|Voice|Radio\s+Free)\s+of\s+(?:the\s+)?$")


def in_an_outlet(text: str, start: int, end: int) -> bool:
    """Whether the mention at `text[start:end]` is part of a news outlet's name."""
    return _OUTLET_AFTER.match(text, end) is not None \
        or _OUTLET_BEFORE.search(text, max(0, start - 20), start) is not None


def names_a_thing(text: str, start: int, end: int, label: str) -> bool:
    """Whether the mention at `text[start:end]` modifies a thing rather than naming who may
    speak: a state before a topic noun ("the Russia probe"), a demonym adjective before
    anything but people or a body ("Russian interference", not "Russian officials"), or a
    place in a news outlet's name ("The Times of Israel"), or the owner of an outlet that only
    reports ("South Korea's Yonhap news agency", `news_sources`)."""
    if in_an_outlet(text, start, end) or owns_an_outlet(text, end):
        return True
    found = _NEXT_WORD.match(text, end)
    if found is None:
        return False
    word = found.group(1)
    if label == "NORP":  # "American and British intelligence officials": the last one says
        return word.islower() and not text[start:end].endswith("s") \
            and word not in _PEOPLE and word not in ("and", "or")
    return word.lower() in _TOPICS  # "an Iraq War veteran" too


# What an actor did or made, named with the actor before it ("the on-camera ISIS murder of
# American journalist Jim Foley", "an ISIS video", "the Boko Haram kidnapping"): the actor is
# what the sentence speaks of, never who speaks in it; whom a statement is against it may be
# ("condemned the ISIS attack"), so `not_a_target` keeps it.
_DEEDS = frozenset({
    "murder", "murders", "beheading", "beheadings", "killing", "killings", "execution",
    "executions", "attack", "attacks", "bombing", "bombings", "kidnapping", "kidnappings",
    "abduction", "massacre", "atrocities", "video", "videos", "propaganda", "footage",
    "offensive", "advance", "siege", "onslaught", "hostage", "hostages", "captivity"})


def names_no_speaker(text: str, start: int, end: int, label: str) -> bool:
    """Whether the mention at `text[start:end]` cannot be who speaks in its sentence: it
    names a thing (`names_a_thing`) or what the actor did or made ("the ISIS murder")."""
    if names_a_thing(text, start, end, label):
        return True
    found = _NEXT_WORD.match(text, end)
    return found is not None and found.group(1).lower() in _DEEDS
