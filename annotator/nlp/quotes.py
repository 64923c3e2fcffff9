"""Quoted words in a sentence: what they name is spoken of, not who speaks them.

News quotes a speaker over several sentences ('... Mr. Fox said. “', '... a false prophet.”')
and names actors inside the quoted words ('"... until Zimbabwe stabilizes," the chairman
said'). Plain text, no spaCy: `holders.py` and `candidates.py` read them.
"""

from __future__ import annotations

import re

_OPENS = "“„«"
_CLOSES = "”»"
_QUOTE_MARKS = re.compile(r"[\"“„«”»]")


def quoted(sentence: str) -> list[tuple[int, int]]:
    """The spans (in `sentence`) of its quoted words: between paired marks (“...”, "..."),
    and from the start to a closing mark it did not open (a quotation going on), or from an
    opening mark it does not close to the end. Whoever the quoted words name is not who
    speaks them."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    straight: int | None = None
    for found in _QUOTE_MARKS.finditer(sentence):  # most sentences hold none
        at, char = found.start(), found.group()
        if char in _OPENS:
            opened = at if opened is None else opened
        elif char in _CLOSES:
            spans.append((0 if opened is None else opened, at))
            opened = None
        elif char == '"':
            if straight is None:
                straight = at
            else:
                spans.append((straight, at))
                straight = None
    if opened is not None:
        spans.append((opened, len(sentence)))
    if straight is not None:  # right after the quoted words ('... law", as quoted by'): it
        # closes a quotation opened before; after a space it opens one
        closes = sentence[straight - 1:straight] in (".", ",", "!", "?") \
            or sentence[straight + 1:straight + 2] in (",", ".", ";", ":")
        spans.append((0, straight) if straight and closes else (straight, len(sentence)))
    return spans


def quote_goes_on(before: str, sentence: str) -> bool:
    """Whether `sentence` is a piece of a quotation opened before it: the sentence before
    ends by opening one ('... Mr. Fox said. “'), or this one closes a quotation it did not
    open ('They are followers of a false prophet.”'). Its speaker is then the one of the
    sentence before, whatever actors the quoted words name."""
    tail = before.rstrip()
    if tail[-1:] in _OPENS or tail[-2:] in (' "', ' “'):
        return True
    opened = sum(sentence.count(mark) for mark in _OPENS)
    closed = sum(sentence.count(mark) for mark in _CLOSES)
    if opened or closed:
        return closed > opened
    # one straight mark, right after the quoted words ('... handicapped."'): it closes; one
    # after a space ('... cautioned. "') opens the next sentence's quotation
    return sentence.count('"') == 1 and sentence.index('"') > len(sentence) // 2 \
        and sentence[sentence.index('"') - 1] in ".,!?"
