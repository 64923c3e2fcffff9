"""Who holds a statement when its own sentence does not say: the document's context.

News reports one or two main actors and quotes their people sentence after sentence ("He
said ...", quote pieces, officials the registry does not know, by surname). A reader settles
the holder from the article, and so do these rules:
* the main actor: the state or organisation the article names most often, people and bodies
  counted as their state, holds what names no one (alone, 0.69 of the development gold set's
  holders, against 0.51 for the sentence-local rules);
* an unknown speaker ("Cengiz said", "According to al-Eryani, ...", or a person named before
  who opens a sentence: "Chirac was also an outspoken opponent of ...") is the actor the
  article introduced them with ("Argentine President Alberto Fernández"), never just any
  actor their sentence names; one that is an NGO or a company holds nothing;
* an ambiguous surname ("Johnson") is a registry person only where the article names them
  in full;
* a piece of a quotation keeps the quotation's speaker;
* a place along the way ("the border with Mexico") is no target.
`candidates.py` applies them; everything here is plain text and data, no spaCy. How a
speaker is named and a person introduced is read in `speakers.py`, who holds nothing in
`no_holder.py`, quoted words in `quotes.py`, mentions that name no one who acts
in `modifiers.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any

from annotator.nlp.modifiers import in_a_place
from annotator.nlp.news_sources import state_source
from annotator.nlp.no_holder import (
    AFTER_GROUP,
    NOT_AN_ACTOR,
    OF_GROUP,
    OPENER,
    TARGETS,
    UNNAMED_AFTER,
    UNNAMED_BEFORE,
    UNPLACED_SPEAKER,
    armed_groups,
    company_speaker,
    group_subject,
    in_armed,
    introduced_as_nobody,
    no_holder,
    opening_subject,
    person_named,
    speaker_phrase,
    target_again,
    unplaced_phrase,
)
from annotator.nlp.pipeline import AMBIGUOUS_PREFIX
from annotator.nlp.places import city_speaker, placed_by_city
from annotator.nlp.speakers import (
    APPOSITION,
    NOT_NAMES,
    SAID,
    SUBJECT,
    introduced_as,
    name_char,
    named_speaker,
    named_speakers,
    sentence_start,
)
from annotator.nlp.titles import US_STATE, title_state


def main_actor(ents: Iterable[tuple[int, int, str, str]], state_of: Callable[[str], str],
               alias_index: dict[str, str] | None = None, text: str = "",
               metonym: Callable[[str], bool] | None = None,
               speakers: dict[str, int] | None = None,
               bystander: Callable[[str], bool] | None = None) -> str | None:
    """The state or organisation the document names most often (first named wins a tie), from
    its silently linked mentions. An ambiguous form with one candidate for which `metonym`
    holds (a capital: "Washington", "Abidjan") counts half; other ambiguous ones ("Kim",
    "Johnson") are no evidence. An actor for which `bystander` holds (an armed group) is
    never the main actor: news names it as what the story is about ("ISIS fighters crossing
    the border"), while the officials who speak of it are whose statements go unnamed."""
    counts: dict[str, float] = {}
    first: dict[str, int] = {}
    for start, end, _, ent_id in ents:
        weight = 1.0
        if ent_id.startswith(AMBIGUOUS_PREFIX):
            ent_id = ent_id[1:]
            if "|" in ent_id or metonym is None or not metonym(ent_id):
                continue
            weight = 0.5
        actor = ent_id or (alias_index or {}).get(text[start:end])
        if not actor:
            continue
        state = state_of(actor)
        if bystander is not None and bystander(state):
            continue
        counts[state] = counts.get(state, 0.0) + weight
        first.setdefault(state, start)
    for state, votes in (speakers or {}).items():  # unknown people who speak for a state
        counts[state] = counts.get(state, 0.0) + votes
        first.setdefault(state, len(text))
    if not counts:
        return None
    return max(counts, key=lambda state: (counts[state], -first[state]))


def confirmed(ents: Iterable[tuple[int, int, str, str]]) -> frozenset[str]:
    """Actors the document names without doubt (a silently linked alias): an ambiguous
    surname ("Johnson", "Kim") stands for one of them only ("one sense per discourse"); a
    "Johnson" in an article that never says "Boris Johnson" is someone else."""
    return frozenset(ent_id for _, _, _, ent_id in ents
                     if ent_id and not ent_id.startswith(AMBIGUOUS_PREFIX))


class DocumentActors:
    """What a document says about its actors, for the slots of its statements: its main actor,
    ambiguous person mentions it never confirms, and how its unknown speakers were introduced."""

    def __init__(self, text: str, ents: list[tuple[int, int, str, str]],
                 actors: dict[str, Any], state_of: Callable[[str], str],
                 alias_index: dict[str, str]):
        self.text = text
        self.ents = sorted(ents)
        self.starts = [ent[0] for ent in self.ents]
        self.state_of = state_of
        self.alias_index = alias_index
        self._metonym = lambda actor: getattr(actors.get(actor), "type", "PERSON") != "PERSON"
        sure = confirmed(ents)
        self.doubtful = frozenset(
            start for start, _, _, ent_id in ents
            if ent_id.startswith(AMBIGUOUS_PREFIX) and "|" not in ent_id
            and getattr(actors.get(ent_id[1:]), "type", None) == "PERSON"
            and ent_id[1:] not in sure)
        self._introduced: dict[str, str | None] = {}
        self._armed: frozenset[str] | None = None
        self._types = {actor_id: getattr(actor, "type", None) for actor_id, actor in actors.items()}
        self._speaks_for: dict[str, str | None] = {}
        self._in_full: dict[str, int | None] = {}
        self.main = main_actor(ents, state_of, alias_index, text, self._metonym,
                               self._speakers(), lambda actor: self._types.get(actor) == "NONSTATE")

    def _speakers(self) -> dict[str, int]:
        """For each state, how often a person the registry does not know, introduced with it
        ("U.S. Senate candidate Richard Blumenthal"), speaks at a reporting verb: who speaks
        says more about whose article it is than the places it names ("served in Vietnam").
        Read around each reporting verb: over a whole article the patterns cost too much."""
        votes: dict[str, int] = {}
        seen: set[int] = set()
        for verb in SAID.finditer(self.text):
            left = max(0, verb.start() - 80)
            window = self.text[left:verb.end() + 60]
            voted = False
            for start, end in named_speakers(window):
                start, end = left + start, left + end
                if start in seen or self._linked(start, end):
                    continue  # counted already, or a person the registry knows
                seen.add(start)
                state = self.introduced(self.text[start:end].split()[-1])
                if state:
                    votes[state] = votes.get(state, 0) + 1
                    voted = True
            city = None if voted else city_speaker(window)  # "an official in Kobane said"
            if city and not self._linked(left + city[0], left + city[1]):
                votes[city[2]] = votes.get(city[2], 0) + 1
        return votes

    def _actor_of(self, start: int, end: int, ent_id: str) -> str | None:
        if ent_id.startswith(AMBIGUOUS_PREFIX):
            return None
        return ent_id or self.alias_index.get(self.text[start:end])

    def unknown_speaker(self, start: int, end: int) -> str | None:
        """The surname of the named speaker of the sentence `text[start:end]` (at a
        reporting verb, or a person named before opening it as its subject) when no linked,
        undoubted actor mention covers that name; None where the sentence names no speaker
        or the registry knows them."""
        name = self.unknown_name(start, end)
        return name.split()[-1] if name else None

    def unknown_name(self, start: int, end: int) -> str | None:
        """As `unknown_speaker`, the whole name ("Electronic Frontier Foundation")."""
        found = named_speaker(self.text[start:end]) or self._subject_name(start, end)
        if found is None:
            return None
        name_start, name_end = start + found[0], start + found[1]
        return None if self._linked(name_start, name_end) else self.text[name_start:name_end]

    def _linked(self, start: int, end: int) -> bool:
        """Whether a mention linked to the registry (or to one candidate of it) covers part of
        `text[start:end]`: a name the registry knows, not an unknown speaker."""
        for e_start, e_end, _, ent_id in self.ents[bisect_left(self.starts, start - 200):
                                                   bisect_left(self.starts, end)]:
            if e_start < end and start < e_end and e_start not in self.doubtful \
                    and (self._actor_of(e_start, e_end, ent_id)
                         or ("|" not in ent_id and ent_id.startswith(AMBIGUOUS_PREFIX))):
                return True
        return False

    def _title_actor(self, start: int, end: int, ent_id: str) -> str | None:
        """As `_actor_of`, and an ambiguous place with one candidate too: in a title
        ("Niger's president Mahamadou Issoufou") it names the state."""
        if ent_id.startswith(AMBIGUOUS_PREFIX) and "|" not in ent_id and self._metonym(ent_id[1:]):
            return ent_id[1:]
        return self._actor_of(start, end, ent_id)

    def introduced(self, surname: str) -> str | None:
        """The state or organisation the document introduced this person with, if any: an
        actor named around their first mention, else the state a title names without an
        actor ("Rep. Duncan Hunter (R-Calif.)", `titles.py`), else the state of a city they
        are introduced with ("a spokesman for the Archbishop of Boston", `places.py`)."""
        if surname not in self._introduced:
            actor = introduced_as(self.text, surname, self.ents, self._title_actor)
            if actor is None and US_STATE in self._types:
                at = re.search(rf"(?<![\w'’-]){re.escape(surname)}(?![\w'’-])", self.text)
                actor = at and title_state(self.text, at.start(), at.end())
            if actor is None and (at := self._named_in_full(surname)) is not None:
                actor = placed_by_city(self.text, at, self.text.find(surname, at) + len(surname))
            self._introduced[surname] = self.state_of(actor) if actor else None
        return self._introduced[surname]

    def unknown_subject(self, start: int, end: int) -> tuple[int, int] | None:
        """The span (in the sentence `text[start:end]`) of a person the article named in full
        before who opens it as its subject, where no mention covers the name: like a speaker
        at a reporting verb, a mention the analyst can link."""
        found = self._subject_name(start, end)
        if found is None:
            return None
        name_start, name_end = start + found[0], start + found[1]
        for e_start, e_end, _, _ in self.ents[bisect_left(self.starts, start):
                                              bisect_left(self.starts, end)]:
            if e_start < name_end and name_start < e_end:
                return None
        return found

    def _subject_name(self, start: int, end: int) -> tuple[int, int] | None:
        """The span (in the sentence) of a name opening it as its subject ("Chirac was also an
        outspoken opponent ...", "Hawkins called for ...") where the article named that
        person in full before ("Jacques Chirac")."""
        opener = OPENER.match(self.text, start, end)  # "On Wednesday, Mr. Fox expressed"
        for pattern, at in ((SUBJECT, start), (SUBJECT, opener.end() if opener else start),
                            (APPOSITION, start)):
            found = pattern.match(self.text, at, end)
            if found is None or found.group(1).split()[0] in NOT_NAMES \
                    or found.group(1).endswith(("'s", "’s")):  # "Mr. Fox's successor, ..."
                continue
            in_full = self._named_in_full(found.group(1).split()[-1])
            if in_full is not None and in_full < start:
                return found.start(1) - start, found.end(1) - start
        return None

    def _named_in_full(self, surname: str) -> int | None:
        """Where the article first gives `surname` after a capitalised word on the same line
        ("Jacques Chirac", "President Chirac"), or None. Found with `str.find`, once per
        surname: a regular expression per sentence opener cost more than the rest of
        extraction on a long document."""
        if surname not in self._in_full:
            text, found = self.text, None
            at = text.find(surname)
            while at >= 0 and found is None:
                after = at + len(surname)
                if after == len(text) or not name_char(text[after]):
                    gap = at
                    while gap > 0 and text[gap - 1] in " \t":
                        gap -= 1
                    word = gap
                    while word > 0 and name_char(text[word - 1]):
                        word -= 1
                    if gap < at and word < gap and text[word].isupper():
                        found = word
                at = text.find(surname, at + 1)
            self._in_full[surname] = found
        return self._in_full[surname]

    def introduction(self, surname: str) -> str:
        """The words around the first mention of a person, where news introduces them
        ("George Kimbrell of the Center for Food Safety said")."""
        at = self._named_in_full(surname)
        if at is None:
            at = self.text.find(surname)
        if at < 0:
            return ""
        line = sentence_start(self.text, at)
        return self.text[max(line, at - 80):at + len(surname) + 80]

    def speaks_for(self, person: str) -> str | None:
        """The international organisation or alliance the article introduces a registry
        person with ("WHO Director-General Tedros", "Jens Stoltenberg, NATO's secretary
        general"), or None: its official speaks for it, not for their nationality."""
        if person not in self._speaks_for:
            found = None
            for start, end, _, ent_id in self.ents:
                if self._actor_of(start, end, ent_id) == person:
                    actor = introduced_as(self.text, self.text[start:end], self.ents,
                                          self._title_actor)
                    if actor and self._types.get(actor) in ("IO", "ALLIANCE"):
                        found = actor
                    break
            self._speaks_for[person] = found
        return self._speaks_for[person]

    def _tied(self, at: int, end: int) -> bool:
        """Whether an actor follows a group's noun at `at` ("Critics from across Britain's
        political spectrum", "researchers in China"): then they may be its people."""
        found = AFTER_GROUP.match(self.text, at, end)
        if found is None:
            return False
        for e_start, e_end, _, ent_id in self.ents[bisect_left(self.starts, at):
                                                   bisect_left(self.starts, found.end())]:
            if self._actor_of(e_start, e_end, ent_id):
                return True
        return False

    def _in_armed(self, surname: str) -> bool:
        """Whether a person is introduced as one of an armed group the article describes or
        knows ("Boko Haram leader Abubakar Shekau", "The group's leader, Abubakar Shekau",
        "Godane, the leader of al-Shabab"): the group's name right before their title and
        names, or after them as what they lead. Not a group named nearby ("Mike Omeri, the
        Nigerian government's spokesperson on the Boko Haram insurgency")."""
        at = self._named_in_full(surname)
        at = self.text.find(surname) if at is None else at
        return at >= 0 and in_armed(self.text, at, self.text.find(surname, at) + len(surname),
                                    self._armed_groups())

    def _armed_groups(self) -> frozenset[str]:
        if self._armed is None:
            self._armed = armed_groups(self.text)
        return self._armed

    def _armed_group(self, start: int, opening: str) -> bool:
        """Whether the words that open the sentence at `start` name an armed group the
        registry does not list, as the article describes it ("Boko Haram has been fighting
        an insurgency since 2009", "the militant group Al Shabaab"): it holds nothing."""
        names = [name for name in self._armed_groups() if name in opening]
        if not names:
            return False
        at = start + min(opening.index(name) for name in names)
        return not any(self._actor_of(e_start, e_end, ent_id)  # "Nigeria's army and ..."
                       and not OF_GROUP.match(self.text, e_end, at)  # not "Nigeria's group X"
                       for e_start, e_end, _, ent_id in self.ents[
                           bisect_left(self.starts, start):
                           bisect_left(self.starts, start + len(opening))])

    def _company(self, start: int, end: int) -> bool:
        """Whether `text[start:end]`, named as a speaker's organisation, is no actor the
        registry knows and the pipeline reads as an organisation or not at all: not a place,
        people or person, here or elsewhere in the article ("a Ryan spokesman", "Warner said
        in a statement" are a politician's where the article says "Chairman Ryan", "Sen. Mark
        Warner")."""
        labels = {label for e_start, e_end, label, _ in self.ents[
            bisect_left(self.starts, start - 200):bisect_left(self.starts, end)]
            if e_start < end and start < e_end}
        name = self.text[start:end].split()[-1]
        return labels <= {"ORG"} and not person_named(self.text, self.text[start:end]) \
            and not self._linked(start, end) and not any(
            (label == "PERSON" or ent_id) and name in self.text[e_start:e_end].split()
            for e_start, e_end, label, ent_id in self.ents)  # "Paul Ryan" in the article

    def _nobody(self, start: int, end: int, attrs: dict[str, Any], phrase: tuple[int, int]
                ) -> None:
        """No holder (NOBODY set), and the target chosen again for no holder: not the actor
        that only introduced the speaker (`phrase`, in the sentence `text[start:end]`)."""
        no_holder(attrs, self.text, self._mentions(start, end), (start + phrase[0], start + phrase[1]))

    def _mentions(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """(start, end, label, state) of the undoubted actor mentions of `text[start:end]`."""
        return [(s, e, label, self.state_of(actor)) for s, e, label, ent_id
                in self.ents[bisect_left(self.starts, start):bisect_left(self.starts, end)]
                if s not in self.doubtful and (actor := self._actor_of(s, e, ent_id))]

    def settle(self, start: int, end: int, attrs: dict[str, Any]) -> None:
        """Where the sentence's speaker is a person the registry does not know, the holder is
        the actor they were introduced with, else not whichever actor the sentence happens to
        name ("Cengiz called Mohammad's admission ..." is not Saudi Arabia's statement); where
        the speaker is an NGO or a company, or introduced with one, the statement has no
        holder (NOBODY is set). A registry person the article introduces as an
        organisation's official speaks for it."""
        sentence = self.text[start:end]
        group = group_subject(sentence)
        opening = opening_subject(sentence)
        unplaced = first = None  # "X, who runs the Britain-based Syrian Observatory, ...":
        if (group is not None and not self._tied(start + group, end)) \
                or NOT_AN_ACTOR.search(opening) or self._armed_group(start, opening) \
                or (unplaced := UNPLACED_SPEAKER.search(sentence)) or ((first := \
                introduced_as_nobody(sentence)) and not self._linked(start + first[0], start + first[1])) \
                or ((first := company_speaker(sentence)) and self._company(start + first[0],
                                                                          start + first[1])):
            self._nobody(start, end, attrs, unplaced_phrase(unplaced, len(sentence)) if unplaced
                         else speaker_phrase(sentence, *first) if first else (0, len(opening)))
            return
        name = self.unknown_name(start, end)  # a person introduced with an actor speaks for it
        if (name is None or self.introduced(name.split()[-1]) is None) \
                and (city := city_speaker(sentence)) \
                and not self._linked(start + city[0], start + city[1]):
            attrs.pop("speaker", None)  # "an official in Kobane said": the city's state holds
            attrs["holder"] = city[2]
            if attrs.get("target") in (None, city[2]):  # chosen against the holder first taken
                attrs.pop("target", None)
                if target := target_again(attrs.get(TARGETS, ()), self.text,
                                          self._mentions(start, end),
                                          (start + city[0], start + city[1]), city[2]):
                    attrs["target"] = target
            return
        if UNNAMED_AFTER.search(sentence):  # '..., officials told CNN': not Qatar's, named in
            for slot in ("holder", "speaker"):  # what they told; the article's main actor
                attrs.pop(slot, None)
            return
        unnamed = UNNAMED_BEFORE.match(sentence)
        if unnamed and not self._linked(start, start + unnamed.end()):  # "Kurdish sources told
            for slot in ("holder", "speaker"):  # ... propaganda by IS": IS is spoken of
                attrs.pop(slot, None)
            listed = [state for _, state in attrs.get(TARGETS, ())]
            if listed and not attrs.get("target"):
                attrs["target"] = listed[0]
            return
        if not attrs.get("holder") and (state := state_source(sentence)):  # "The sanctions
            attrs["holder"] = state  # are illegal, Xinhua said": how China speaks
            return
        official = attrs.get("speaker") and self.speaks_for(attrs["speaker"])
        if official:
            attrs["holder"] = official
            if attrs.get("target") == official:
                attrs.pop("target", None)
        if name is None:
            return
        surname = name.split()[-1]
        attrs.pop("speaker", None)
        intro = self.introduction(surname)
        # an NGO or a company speaks: no holder, not the main actor, even where the words
        # that introduce them name a state ("who runs the British-based Syrian Observatory
        # for Human Rights")
        if NOT_AN_ACTOR.search(name) or NOT_AN_ACTOR.search(intro) or self._in_armed(surname):
            at = named_speaker(sentence) or self._subject_name(start, end)
            self._nobody(start, end, attrs, speaker_phrase(sentence, *at) if at else (0, 0))
        elif holder := self.introduced(surname):
            first_taken, attrs["holder"] = attrs.get("holder"), holder
            at = named_speaker(sentence) or self._subject_name(start, end)
            if first_taken != holder and not attrs.get("target") and at:
                # the target was chosen against the actor first taken as holder: "Col. Steve
                # Warren said Iraq must stop" is against Iraq, not Iraq's; not a place where
                # something happens ("the talks taking place in Chad")
                target = target_again(
                    [(s, state) for s, state in attrs.get(TARGETS, ())
                     if not in_a_place(self.text, s)], self.text,
                    [m for m in self._mentions(start, end) if not in_a_place(self.text, m[0])],
                    (start + at[0], start + at[1]), holder)
                if target:
                    attrs["target"] = target
        else:
            attrs.pop("holder", None)
        if attrs.get("target") == attrs.get("holder"):
            attrs.pop("target", None)
