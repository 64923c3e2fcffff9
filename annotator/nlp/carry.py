"""Who speaks in a sentence that does not name its speaker: the one named sentences before.

News names a speaker once and goes on without the name: "A South Korean official claimed
... . “There is a possibility ...,” he added.", "Foreign Minister Wang Yi said ... . The
minister also warned ...", or a quotation opened after "Shekau said:" that runs on over
sentences with no quotation mark of their own. A reader carries the speaker over; so do
these rules, only where the text says so plainly:
* a sentence names its speaker at a reporting verb ("X said", "..., said X", "A South Korean
  official claimed") whether or not it is drawn as a statement: that speaker is the one a
  later "he said" points back to;
* "the minister said", "the official added" speaks for the last speaker where the article
  used that role word before (else it is someone new, and the sentence is left alone);
* a quotation opened after a named speaker and not closed goes on, sentence after sentence,
  up to the sentence that closes it or the end of the paragraph (or into the next one that
  opens with a quotation mark): each piece is theirs;
* a quotation of its own with no reporting verb, right after a sentence that named its
  speaker, is theirs too ('"...," a spokesman for X said.\n\n"We continue to ..."');
* a quotation opened with no speaker is the one's who is named right after it closes
  ('"Our house is burning. ... in two days!" / Macron told the world on Thursday.');
* the actor at the reporting verb is the speaker, not a place in their title ("a
  spokeswoman for the British Embassy in Washington said"), a person's honorific ("Mr.
  Jordan said") or a surname the article never confirms.
Where none of this is plain, the holder stays as the sentence's own rules or the article's
main actor give it.
Plain text, no spaCy: `candidates.py` applies them while it reads a document's sentences in
order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from annotator.nlp.layout import BLANK_LINE
from annotator.nlp.news_sources import names_an_outlet, state_of_source
from annotator.nlp.quotes import quoted
from annotator.nlp.speakers import PRONOUN_SAYS, SAID, named_speakers

if TYPE_CHECKING:
    from annotator.nlp.holders import DocumentActors
    from annotator.nlp.statement_features import SentenceView

# A subject that points back ("The two reaffirmed ...", "He warned ..."): before the cue and
# before any actor named there, it means the holder of the statement before, not whoever is
# named next, which is usually the statement's target.
_ANAPHOR = re.compile(r"\b(?:the two|both (?:sides|countries|nations|governments|leaders|"
                      r"ministers|allies)|they|he|she)\b", re.IGNORECASE)
# A sentence that goes on from the one before: a pronoun subject or a quote carried on.
CONTINUES = re.compile(r"[\s\"“”'‘’]*(?:I|We|He|She|They|It|This|That|Our|My)\b")


def points_back(subject: str) -> bool:
    """Whether the words before the cue (and before any actor named there) open with a
    pronoun-like subject in the clause that holds the cue: "According to the communique, the
    two agreed" yes; "As he arrived, Japan pledged" no (a comma closes the pronoun's clause)."""
    ends = [found.end() for found in _ANAPHOR.finditer(subject)]
    return bool(ends) and not any(mark in subject[ends[-1]:] for mark in ",;:")


# Who spoke, as carried over: holder, the registry person speaking, and the span of a name
# the registry does not know (document offsets: a mention to link); and whether they speak
# for none of the registry's actors (an NGO's, a company's).
Spoke = tuple[dict[str, Any], bool]
SPOKE = ("holder", "speaker", "speaker_span")

# What stands between a speaker's mention and the reporting verb: title words, no comma
# ("A South Korean official claimed", "Britain's foreign secretary said", "Iran also said").
_TO_VERB = re.compile(r"(?:['’]s)?(?:\s+[a-z][\w-]*){0,3}\s+(?:also\s+|then\s+|later\s+|"
                      r"has\s+|had\s+)?$")
_SUBJECT_MARKS = ",;:\"“”"
# A place named in the subject is where the speaker is, not whom they speak for: "A
# spokeswoman for the British Embassy in Washington said".
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|outside)\s+(?:the\s+)?$")
# A person's honorific: "Mr. Jordan said" is no state speaking.
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?\s+$")
# A title that names whom its holder speaks for: "A spokeswoman for the British Embassy",
# "The foreign minister of Iran said".
_OF_TITLE = re.compile(r"\s*(?:[Aa]n?|[Tt]he)\s+(?:[a-z][\w-]*\s+){0,3}(?:for|of)\s+(?:the\s+)?$")
# After an inverted verb: '..., said Japan', '..., said the Japanese minister'.
_FROM_VERB = re.compile(r"^\s+(?:the\s+|an?\s+)?(?:[a-z][\w-]*\s+){0,2}$")
# Between an inverted verb and its speaker: a title at most ('..., said Foreign Minister
# Lavrov'), no clause of its own.
_TO_SPEAKER = re.compile(r"\w*\s+(?:[\w.'’-]+\s+){0,4}$")


def inverted_verb(sentence: str, verb: int, speaker: int) -> bool:
    """Whether the reporting verb at `verb` is inverted with the speaker named at `speaker`
    after it ('..., said Lam', '“...,” said the foreign minister of Japan'): a comma or a
    quotation mark before the verb, and only a title between it and the speaker. "Kirby,
    however, added that ... the Islamic State" is Kirby's, not the Islamic State's."""
    return sentence[:verb].rstrip()[-1:] in ",\"”'’" \
        and _TO_SPEAKER.match(sentence, verb, speaker) is not None


_PLACE_OPENER = re.compile(r"\W*(?:In|At|On|From|After|During|Before|Since|Speaking|Despite|"
                           r"With|For|Under|Amid|Following)\b")


def outside_aside(sentence: str, before: Sequence[Any], verb: int) -> Sequence[Any]:
    """The mentions of `before` (actors named before the reporting verb at `verb`, in order)
    less those of an aside set off by commas between the subject that opens the sentence
    and the verb: "Obama, speaking at a NATO summit in Newport, Wales, told reporters" is
    Obama's, not Wales's. A sentence that opens with a place or a time ("In Tehran, ...")
    has no such subject: all are kept."""
    if len(before) < 2 or sentence[:verb].rstrip()[-1:] != "," \
            or "," in sentence[:before[0].start] or _PLACE_OPENER.match(sentence):
        return before
    opens = sentence.find(",", before[0].end, verb)
    return [m for m in before if m.end <= opens] or before


def verb_speaker(sentence: str, before: Sequence[Any], after: Sequence[Any], verb: int
                 ) -> Any | None:
    """Of the actors named before and after the reporting verb at `verb` (mentions with
    `start`/`end` in `sentence`, in order), the speaker: the first after an inverted verb
    ('..., said Lam'), else the nearest before it outside an aside, else the first after."""
    if after and (not before or inverted_verb(sentence, verb, after[0].start)):
        return after[0]
    before = outside_aside(sentence, before, verb)
    return before[-1] if before else None


# A role word standing for someone named before: "the minister said", "the official added".
ROLES = ("minister", "official", "president", "spokesman", "spokeswoman", "spokesperson",
         "ambassador", "envoy", "diplomat", "secretary", "chancellor", "premier", "leader",
         "chairman", "chairwoman", "commander", "general", "governor", "senator", "senators",
         "congressman", "congresswoman", "lawmaker", "mayor", "prosecutor", "monarch", "king",
         "queen", "foreign ministry", "ministry", "embassy", "government", "agency", "army",
         "military", "statement", "group", "militants", "rebels", "aide", "adviser", "advisor",
         "source")
_ROLE_SAYS = re.compile(
    r"(?:^|[,”\"]\s*|\b)[Tt]he\s+((?:[a-z][\w-]*\s+){0,2}?(?:" + "|".join(ROLES) + r"))\s+"
    r"(?:also\s+|then\s+|later\s+|further\s+|has\s+|had\s+|previously\s+|earlier\s+)?"
    r"(?:said|says|told|added|stated|explained|noted|warned|insisted|stressed|declared|"
    r"continued|argued|claimed|announced|confirmed|denied|wrote|tweeted|replied)\b"
    r"|[,”\"]\s*(?:said|added|continued)\s+the\s+((?:[a-z][\w-]*\s+){0,2}?(?:"
    + "|".join(ROLES) + r"))\b"
    r"|\b[Aa]ccording\s+to\s+the\s+((?:[a-z][\w-]*\s+){0,2}?(?:" + "|".join(ROLES) + r"))\b")


def role_speaker(sentence: str) -> str | None:
    """The role word of a definite speaker at a reporting verb ("the minister said",
    '"...," said the foreign minister', "according to the ministry"), or None."""
    found = _ROLE_SAYS.search(sentence)
    if found is None:
        return None
    return (found.group(1) or found.group(2) or found.group(3)).split()[-1]


def speaks_back(sentence: str, text: str, start: int, lowered: str | None = None) -> bool:
    """Whether the sentence's speaker is a pronoun ("he said") or a role word the article
    used before `start` ("the minister said" after "Foreign Minister Wang Yi"): it points
    back to whoever spoke last. `lowered`: `text.lower()`, where the caller keeps it."""
    if PRONOUN_SAYS.search(sentence):
        return True
    role = role_speaker(sentence)
    if role is None:
        return False
    return (text.lower() if lowered is None else lowered).find(role, 0, start) >= 0


def speaker_at_verb(sentence: str, mentions: Sequence[Any]) -> Any | None:
    """The mention (of `mentions`, with `start`/`end` in `sentence` and an `actor_id`) that
    names the speaker at the sentence's first reporting verb outside quoted words: right
    before it with only title words between ("A South Korean official claimed"), or right
    after an inverted one ('..., said Japan'). None where no mention stands there."""
    if not any(m.actor_id for m in mentions):
        return None
    inside: list[tuple[int, int]] | None = None
    for verb in SAID.finditer(sentence):
        at = verb.start()
        if inside is None:
            inside = quoted(sentence)
        if any(a <= at < b for a, b in inside):
            continue
        # the subject begins after the last comma, colon or quotation mark before the verb
        begin = max(sentence.rfind(mark, 0, at) for mark in _SUBJECT_MARKS) + 1
        before = [m for m in mentions if m.actor_id and begin <= m.start and m.end <= at
                  and not any(a <= m.start < b for a, b in inside)
                  and not names_an_outlet(sentence, m.end)  # "Egyptian state media said"
                  and not _PLACE_BEFORE.search(sentence, begin, m.start)
                  and not (_HONORIFIC.search(sentence, begin, m.start)
                           and getattr(m, "label", "") != "PERSON")]
        if (before and _TO_VERB.match(sentence, before[-1].end, at)) or (
                before and _OF_TITLE.match(sentence, begin, before[0].start)):
            return before[0]
        if sentence[:at].rstrip()[-1:] in ",\"”":
            after = [m for m in mentions if m.actor_id and m.start >= verb.end()]
            if after and _FROM_VERB.match(sentence[verb.end():after[0].start]):
                return after[0]
        return None
    return None


def clear_speaker(view: SentenceView, start: int, named: tuple[int, int] | None,
                  nobody: bool, doc: DocumentActors, state_of: Callable[[str], str]
                  ) -> Spoke | None:
    """Whom the sentence (at `start` in the document) names as its speaker, where that is
    plain: an actor at a reporting verb ("A South Korean official claimed", '..., said
    Japan'), or a person the registry does not know (`named`, in the sentence) introduced
    with an actor, or as one who holds nothing (an NGO's, a company's: `nobody`). None
    otherwise: a sentence that names no speaker, or one nobody says anything about ("George
    Kimbrell said"). An ambiguous surname the article never confirms ("Johnson said") is no
    evidence."""
    mention = speaker_at_verb(view.text, [m for m in view.mentions
                                          if start + m.start not in doc.doubtful])
    if mention is not None and mention.actor_id:
        if nobody:  # "a spokesman for American Media Inc. said": the company’s
            return {}, True
        holder = state_of(mention.actor_id)
        return ({"holder": holder} if holder == mention.actor_id else
                {"holder": holder, "speaker": mention.actor_id}), False
    if named is None:
        return None
    span = [start + named[0], start + named[1]]  # the name to link, wherever it is carried
    if nobody:
        return {"speaker_span": span}, True
    name = view.text[named[0]:named[1]]  # state media speak for their state (news_sources)
    holder = state_of_source(name) or doc.introduced(name.split()[-1])
    return ({"holder": holder, "speaker_span": span}, False) if holder else None


def opens_quotation(sentence: str) -> bool:
    """Whether a quotation the sentence opens is still open at its end ('Shekau said: "We
    have not made ceasefire with anyone.'), so the sentences after it are its pieces."""
    spans = quoted(sentence)
    return bool(spans) and spans[-1][1] == len(sentence) and spans[-1][0] > 0


def closes_quotation(sentence: str) -> bool:
    """Whether the sentence closes a quotation it did not open ('... in two days!"')."""
    spans = quoted(sentence)
    return bool(spans) and spans[0][0] == 0 and spans[0][1] < len(sentence) \
        and sentence[:1] not in "\"“"


_QUOTE_MARK = re.compile(r"[\"“”„«»]")


def has_quote_marks(sentence: str) -> bool:
    return _QUOTE_MARK.search(sentence) is not None




class Trail:
    """Who spoke last in a document read sentence by sentence, and the quotation left open.

    `last` is the holder (and speaker) of the last drawn statement, or of the last sentence
    that named its speaker at a reporting verb, drawn or not (`clear`): a pronoun or role
    speaker after it points back to them. A blank line ends a paragraph and, with it, what a
    sentence that merely opens with "We" or "It" goes on from; a pronoun or role speaker
    reaches across it to the sentence just before where that one named its speaker (news
    often sets each sentence apart: "... a South Korean official claimed ...\n\n“...,” he
    added.")."""

    def __init__(self, text: str):
        self.text = text
        self.last: dict[str, Any] = {}
        self.nobody = False
        self.end = 0
        self.k = -2
        self.clear = False
        self.said: tuple[Spoke, int] | None = None  # the last speaker a sentence named, where
        self.quote: Spoke | None = None  # the speaker of a quotation left open
        self.quote_end = 0
        self.run: list[int] | None = None  # a quotation opened with no speaker, so far
        self.run_closed = False
        self.run_end = 0
        self._lowered: str | None = None

    def speaks_back(self, sentence: str, start: int) -> bool:
        """`speaks_back` in this document (its lower-cased text made once)."""
        if self._lowered is None and _ROLE_SAYS.search(sentence):
            self._lowered = self.text.lower()
        return speaks_back(sentence, self.text, start, self._lowered or "")

    def heard(self, k: int, end: int, spoke: Spoke, clear: bool, named: bool = True) -> None:
        """Sentence `k` spoke for `spoke`; `named`: its words or rules named them (not the
        article's main actor standing in)."""
        self.last, self.nobody = spoke
        self.end, self.k, self.clear = end, k, clear
        if named:
            self.said = spoke, k

    def closer(self) -> Spoke | None:
        """Whom a pronoun closing a quotation opened with no speaker points to: the last one
        a sentence named, where the quotation opened right after that sentence ('General
        Lloyd Austin, ..., said ... .\n\n"We don't have ... . And ..., I don't have any
        information on that either," he told a Pentagon news briefing.'), though the
        quotation's first piece stood for the article's main actor: it names no one else."""
        if self.run is not None and self.said is not None and self.run[0] == self.said[1] + 1:
            return self.said[0]
        return None

    def near(self, start: int) -> bool:
        """Whether the sentence at `start` is in the last speaker's paragraph."""
        return not BLANK_LINE.search(self.text, self.end, start)

    def reaches(self, k: int, start: int) -> bool:
        """Whether a pronoun or role speaker at sentence `k` points back to the last one."""
        return self.near(start) or (self.clear and self.k == k - 1)

    def quotes_on(self, k: int, sentence: str) -> bool:
        """Whether sentence `k` is a quotation of its own, with no reporting verb, right after
        a sentence that named its speaker ('"...," US Central Command spokesman Colonel
        Patrick Ryder said.\n\n"We continue to keep a close eye on ..."'): news quotes on
        without naming the speaker again."""
        return sentence[:1] in "\"“" and self.clear and self.k == k - 1 \
            and not SAID.search(sentence)

    def piece(self, sentence: str, start: int) -> Spoke | None:
        """The speaker of the open quotation this sentence is a piece of: one with no
        quotation mark in the quotation's paragraph, or one that opens the next paragraph with
        a quotation mark and no reporting verb (news leaves a quotation open at a paragraph's
        end and opens the next one again)."""
        if self.quote is None:
            return None
        across = BLANK_LINE.search(self.text, self.quote_end, start)
        if not has_quote_marks(sentence):
            return None if across else self.quote
        if across and sentence[:1] in "\"“" and not SAID.search(sentence):
            return self.quote
        return None

    def unattributed(self, k: int, sentence: str, start: int, spoke: Spoke | None
                     ) -> list[int] | None:
        """Follows a quotation opened with no speaker ('"Our house is burning.', then
        sentences with no mark of their own, up to one that closes it): the sentences of it
        so far where sentence `k` names its speaker plainly (`spoke`) after the quotation
        closed, in the same sentence ('... first order in two days!" Macron said.') or in
        the sentence right after it ('Macron told the world on Thursday via Twitter.'). Those
        sentences are then the speaker's, named after their words as news often does."""
        run, self.run = self.run, None
        marks = has_quote_marks(sentence)
        if run is not None and self.run_closed:
            self.run_closed = False
            if spoke is not None and not marks and start - self.run_end < 3:
                return run  # named in the sentence right after the closing mark
        elif run is not None and not BLANK_LINE.search(self.text, self.run_end, start):
            if not marks:
                self.run = [*run, k]
            elif closes_quotation(sentence):
                if spoke is not None:
                    return run  # '... two days!" Macron said.': this sentence is theirs too
                self.run, self.run_closed = [*run, k], True
        if self.run is None and spoke is None and sentence[:1] in "\"“" \
                and quoted(sentence) == [(0, len(sentence))]:  # nothing outside the quotation
            self.run = [k]
        self.run_end = start + len(sentence)
        return None

    def read(self, sentence: str, end: int, spoke: Spoke | None) -> None:
        """After a sentence: the quotation it leaves open, with its speaker where it is
        plain (`spoke`: named at a reporting verb, a pronoun carried, a piece), else none."""
        if has_quote_marks(sentence):
            self.quote = spoke if spoke is not None and opens_quotation(sentence) else None
        elif spoke is None:
            self.quote = None
        self.quote_end = end


def unknown_speaker(view: SentenceView) -> tuple[int, int] | None:
    """Where the sentence names its speaker at a reporting verb ("Katya Li said", "..., said
    Ane Alencar") with capitalised words no mention covers: someone the registry does not
    know, suggested as a PERSON mention the analyst can link. Offsets in the sentence."""
    for start, end in named_speakers(view.text):
        if not any(m.start < end and start < m.end for m in view.mentions):
            return start, end
    return None


def spoken_by(scored: tuple[tuple[Any, ...], bool], spoke: Spoke
              ) -> tuple[tuple[Any, ...], bool]:
    """A scored row given the speaker named after its quotation (`carry.Trail.unattributed`)."""
    row, drawn = scored
    attrs = row[7]
    assert attrs is not None
    for slot in SPOKE:
        attrs.pop(slot, None)
    attrs.update(spoke[0])
    if attrs.get("target") and attrs.get("target") == attrs.get("holder"):
        del attrs["target"]
    return (*row[:4], attrs.get("holder"), *row[5:]), drawn
