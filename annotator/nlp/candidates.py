"""From a processed Doc to suggestions: linked mentions, cues and candidate statements.

A candidate statement is a sentence holding a typed cue and an actor. Without a parser, the
holder is found the way a reader skims: the actor named just before the strongest cue
("Panetta reaffirmed ...") or, failing that, just after it; a person or body stands for its
state, since the scheme's holder is who commits (the worked example: Panetta -> USA). The
target is the actor the words aim the statement at ("urged X to", "against X", "X's plan":
`targets.py`), else the next actor after the cue that is not the holder. A reporting clause
that closes the sentence or stands in its middle ("..., Japan said.") names the holder, and the
words it reports the target (`speech_slots.py`). What the rest of the article says (its main
actor, how it introduced a speaker, a quotation going on) settles the holder where the sentence
alone cannot: `holders.py`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.core.actors import Actor
from annotator.core.models import Suggestion
from annotator.nlp import speech_slots
from annotator.nlp.carry import (
    CONTINUES,
    SPOKE,
    Trail,
    clear_speaker,
    points_back,
    spoken_by,
    unknown_speaker,
    verb_speaker,
)
from annotator.nlp.clauses import Clause, clause_for, clauses, within
from annotator.nlp.cues import USER_DATA_KEY, Cue, CueMatcher
from annotator.nlp.holders import DocumentActors
from annotator.nlp.layout import sentence_bounds
from annotator.nlp.modifiers import in_a_place, names_no_speaker, not_a_target
from annotator.nlp.news_sources import by_outlet, names_an_outlet
from annotator.nlp.no_holder import NOBODY, TARGETS, opening_subject, same_clause
from annotator.nlp.pipeline import AMBIGUOUS_PREFIX
from annotator.nlp.quotes import quote_goes_on, quoted
from annotator.nlp.speakers import SAID
from annotator.nlp.targets import anchored, armed_group, choose_target, group_named_again

if TYPE_CHECKING:  # numpy is imported only where a model is used
    from annotator.nlp.statement_features import SentenceView
    from annotator.nlp.statement_model import StatementModel

# One suggestion as extraction makes it: (start, end, kind, label, actor_id, ambiguous 0/1,
# score, attrs or None). Plain tuples: a run makes ~18 a document, and a frozen dataclass costs
# 3 us to build against 0.1 us, which was 2% of all pre-highlighting time. `Suggestion` objects
# are made only where one document's suggestions are handed to callers.
Row = tuple[int, int, str, str, str | None, int, float | None, dict[str, Any] | None]


# The rules' type (from the cue lexicon) stands where the model gives it at least this share
# of its top type's probability: on the development gold set it was right more often than the
# starter model's own choice (type accuracy 0.55 against 0.53, macro F1 0.39 against 0.32),
# and a model trained on a project's labels that is sure of another type still overrides it.
RULE_TYPE_SHARE = 0.25
_WORD = re.compile(r"\w+")
_QUOTED = "_quoted"  # an attrs key while slots are settled: an actor the quoted words name
# An actor named in a speaker's title ("North Korea's ambassador to the United Nations") is
# not who speaks: a speaker is never the object of "to" or "at".
_IN_TITLE = re.compile(r"\b(?:to|at)\s+(?:the\s+)?$")
# A cue in the past tense reports what its subject did ("Peru condemned the attack, Japan
# said"): the subject holds it, and a reporting clause after it only gives the source.
_DONE = re.compile(r"[a-z]+ed\b")


class _Mention(NamedTuple):
    start: int
    end: int
    actor_id: str | None
    candidates: tuple[str, ...]
    label: str = ""


def to_suggestion(row: Row) -> Suggestion:
    """A row as handed to callers. Its attrs are copied, lists too: a CUE row carries its
    cue's one shared attrs dict (`Cue.attrs`), topic list included, which a caller editing the
    suggestion must not change. Pairs become lists, as the store gives them back."""
    start, end, kind, label, actor_id, ambiguous, score, attrs = row
    attrs = json.loads(json.dumps(attrs or {}))
    return Suggestion(start, end, kind, label, actor_id, bool(ambiguous), score, attrs)


class DocFacts(NamedTuple):
    """What extraction reads off a processed Doc, as plain data: reading it needs the Doc (and
    spaCy), the rest of extraction does not, so it can run in another process."""

    ents: list[tuple[int, int, str, str]]  # start_char, end_char, label, ent_id
    cues: list[tuple[int, int, str]]  # start_char, end_char, cue id
    clauses: tuple[Clause, ...] = ()  # verbs with subject and object, where there is a parse


def doc_facts(doc: Any, cue_matcher: CueMatcher) -> DocFacts:
    """The cue component's matches are read as it left them; a Doc from a pipeline without
    the component is matched here."""
    ents = [(ent.start_char, ent.end_char, ent.label_, ent.ent_id_) for ent in doc.ents]
    found = doc.user_data.get(USER_DATA_KEY)
    if found is None:
        found = [(start, end, cue.id) for start, end, cue in cue_matcher(doc)]
    return DocFacts(ents, found, tuple(clauses(doc)))


class SuggestionExtractor:
    """Mentions, cues and candidate statements from a Doc's facts. Holds plain data only
    (actors, the cue lexicon, an alias index), so it can be handed to another process."""

    def __init__(self, actors: list[Actor], cues: dict[str, Cue], alias_index: dict[str, str],
                 model: StatementModel | None = None):
        self.actors = {actor.id: actor for actor in actors}
        self.cues = cues
        self.alias_index = alias_index  # unambiguous alias text -> actor id, to link NER output
        # With a statement model, it decides which sentences are drawn and their type; the
        # rules' candidates give the slots (holder, target, topics) where they found one.
        self.model = model

    def state_of(self, actor_id: str) -> str:
        """The actor at the level the scheme's holder and target use: a person or government
        body stands for its state; a state, an organisation and an armed group (the Taliban,
        Hamas: not the state they fight in) for themselves."""
        actor = self.actors.get(actor_id)
        if actor is None or actor.type in ("STATE", "NONSTATE") or not actor.country:
            return actor_id
        return actor.country

    def rows(self, text: str, facts: DocFacts, cuts: list[int]) -> list[Row]:
        """`text` is the document's text as given to the pipeline (spaCy rebuilds `doc.text`
        from the tokens on every access, which cost half of all pre-highlighting time);
        `cuts` its sentence starts (`layout.layouts`)."""
        out, mentions = self._mentions(text, facts)
        lexicon = self.cues
        cues = [(start, end, lexicon[cue_id]) for start, end, cue_id in facts.cues]
        out.extend([(start, end, "CUE", "CUE", None, 0, cue.weight, cue.attrs)
                    for start, end, cue in cues])
        starts, ends = sentence_bounds(text, cuts)
        doc = self.document_actors(text, facts)
        candidates = self._rule_candidates(text, starts, ends, cues, mentions, facts.clauses, doc)
        if self.model is None:
            for row in candidates.values():
                out.append(_with_holder(row, doc.main))
                row[7].pop(NOBODY, None), row[7].pop(speech_slots.VERB_CUE, None)
        else:
            spans: set[tuple[int, int]] = set()  # a speaker's name carried over: once
            for row, drawn in self.scored(text, facts, starts, ends, candidates, doc):
                if drawn:
                    out.append(row)
                    if "speaker_span" in row[7]:
                        start, end = row[7]["speaker_span"]
                        if (start, end) not in spans:
                            spans.add((start, end))
                            out.append((start, end, "MENTION", "PERSON", None, 0, None, None))
        out.append((0, len(text), "SENTENCES", "SENT", None, 0, None,
                    {"bounds": list(zip(starts, ends))}))  # JSON makes arrays of the pairs
        return out

    def _mentions(self, text: str, facts: DocFacts) -> tuple[list[Row], list[_Mention]]:
        """MENTION rows, and the mentions that name an actor (for holder and target)."""
        out: list[Row] = []
        mentions: list[_Mention] = []
        for start, end, label, ent_id in facts.ents:
            if ent_id.startswith(AMBIGUOUS_PREFIX):
                candidates = tuple(ent_id[1:].split("|"))
                actor_id = candidates[0] if len(candidates) == 1 else None
                out.append((start, end, "MENTION", label, actor_id, 1, 1.0,
                            {"candidates": list(candidates)} if len(candidates) > 1 else None))
                mentions.append(_Mention(start, end, None, candidates, label))
            else:
                actor_id = ent_id or self.alias_index.get(text[start:end])
                out.append((start, end, "MENTION", label, actor_id, 0,
                            1.0 if ent_id else None, None))
                if actor_id:
                    mentions.append(_Mention(start, end, actor_id, (), label))
        return out, mentions

    def rule_candidates(self, text: str, facts: DocFacts, starts: list[int], ends: list[int]
                        ) -> dict[int, Row]:
        """The rules' candidate statements, by sentence number."""
        lexicon = self.cues
        cues = [(start, end, lexicon[cue_id]) for start, end, cue_id in facts.cues]
        return self._rule_candidates(text, starts, ends, cues, self._mentions(text, facts)[1],
                                     facts.clauses, self.document_actors(text, facts))

    def document_actors(self, text: str, facts: DocFacts) -> DocumentActors:
        return DocumentActors(text, facts.ents, self.actors, self.state_of, self.alias_index)

    def _rule_candidates(self, text: str, starts: list[int], ends: list[int],
                         cues: list[tuple[int, int, Cue]], mentions: list[_Mention],
                         parsed: Sequence[Clause], doc: DocumentActors) -> dict[int, Row]:
        # Only sentences holding a typed cue can be statements: visit those, not every one.
        by_sentence: dict[int, list[tuple[int, int, Cue]]] = {}
        for cue in cues:
            k = bisect_right(starts, cue[0]) - 1
            if k >= 0 and cue[0] < ends[k]:
                by_sentence.setdefault(k, []).append(cue)
        mention_starts = [m.start for m in mentions]
        previous: tuple[str | None, str | None] = (None, None)  # last statement's holder, speaker
        candidates: dict[int, Row] = {}
        for k, in_sent in sorted(by_sentence.items()):
            if not any(c[2].type for c in in_sent):
                continue
            s_start, s_end = starts[k], ends[k]
            actors = [m for m in mentions[bisect_left(mention_starts, s_start):
                                          bisect_left(mention_starts, s_end)]
                      if m.start not in doc.doubtful]
            statement = self._candidate(text, s_start, s_end, in_sent, actors, previous, parsed)
            if statement:
                doc.settle(s_start, s_end, statement[7])
                statement = _with_holder(statement, None)
                candidates[k] = statement
                previous = (statement[4], statement[7].get("speaker"))
        return candidates

    def scored(self, text: str, facts: DocFacts, starts: list[int], ends: list[int],
               candidates: dict[int, Row], doc: DocumentActors | None = None
               ) -> list[tuple[Row, bool]]:
        """Every sentence as the model sees it: a STATEMENT row with the model's score and
        type, and whether it reaches the model's threshold. Slots come from the rules'
        candidate for the sentence, else from the actors named in it; a drawn sentence that
        opens by pointing back ("I may do it.", "We will call it a mosque") or whose speaker
        is a pronoun ("Speaking to NBC, she said, ...") keeps the holder of the statement
        just before it in its paragraph. One that names no one and has a
        subject of its own ("A number of senators condemned ...") gets the article's main
        actor instead: carried on, the last holder was wrong more often than the main actor
        on articles the rules were not written from (docs/benchmarks.md). Who spoke last
        counts whether or not the model drew them where their sentence names them at a
        reporting verb, and a quotation left open goes on with its speaker (`carry.py`)."""
        from annotator.nlp.sentence_views import sentence_views

        model = self.model
        assert model is not None
        views = sentence_views(text, facts, starts, ends, self)
        threshold = model.threshold
        out = []
        doc = doc or self.document_actors(text, facts)
        main = doc.main
        trail = Trail(text)  # who spoke last, and the quotation left open
        # whether the sentence before speaks for none of the registry's actors (an NGO, a
        # company): then no main actor stands in for the quotation it goes on with either
        before_nobody = False
        group = armed_group(text, facts.ents, lambda actor: getattr(
            self.actors.get(actor), "type", None) == "NONSTATE", self.alias_index.__contains__)
        for k, (view, prediction) in enumerate(zip(views, model.predict(views))):
            drawn = prediction.score >= threshold
            rule = candidates.get(k)
            attrs = dict(rule[7]) if rule else self._slots(view, starts[k], facts.clauses,
                                                          doc.doubtful)
            if not rule:
                doc.settle(starts[k], ends[k], attrs)
            nobody, _ = attrs.pop(NOBODY, False), attrs.pop(TARGETS, None)
            quoted_actor = attrs.pop(_QUOTED, None)  # named only in the quoted words
            named = unknown_speaker(view) or doc.unknown_subject(starts[k], ends[k])
            spoke = clear_speaker(view, starts[k], named, nobody, doc, self.state_of)
            says = carried = closer = None
            if spoke and spoke[0] and not rule and named is None and not facts.clauses:
                # the actor named at its reporting verb speaks ("A spokeswoman for the
                # British Embassy in Washington said"), not the one named nearest to it;
                # a parse's subject, where there is one, is better evidence still
                attrs.pop("speaker", None)
                attrs.update(spoke[0])
            if named is not None:  # someone the registry does not know: a mention to link
                attrs["speaker_span"] = [starts[k] + named[0], starts[k] + named[1]]
            elif (trail.last or trail.nobody) and (
                    ((says := spoke is None and trail.speaks_back(view.text, starts[k]))
                    and ((closer := trail.closer()) or trail.reaches(k, starts[k])))
                    or (not (rule and attrs.get("holder")) and CONTINUES.match(view.text)
                    and trail.near(starts[k]))
                    or trail.quotes_on(k, view.text)):
                spoken_of = attrs.get("holder") or quoted_actor
                carried = closer or (dict(trail.last), trail.nobody)
                attrs.update(carried[0])
                if carried[1]:
                    attrs.pop("holder", None)
                nobody = carried[1]
                if says and spoken_of and not attrs.get("target"):  # '"Not the British,"
                    attrs["target"] = spoken_of  # he declared': what the quoted words name
            if k and out and quote_goes_on(text[starts[k - 1]:ends[k - 1]], view.text) \
                    and not closer:  # '..., I don't," he told a briefing': his words
                said = out[-1][0][7] or {}  # the speaker of the quotation this piece goes on
                if (attrs.get("holder") or quoted_actor) and not attrs.get("target"):
                    attrs["target"] = attrs.get("holder") or quoted_actor  # named in the quote
                for slot in ("holder", "speaker"):
                    attrs.pop(slot, None)
                    if said.get(slot):
                        attrs[slot] = said[slot]
                nobody = before_nobody
            elif not says and spoke is None and (piece := trail.piece(view.text, starts[k])):
                for slot in SPOKE:  # a piece of a quotation left open
                    attrs.pop(slot, None)
                attrs.update(piece[0])
                nobody, carried = piece[1], piece
            trail.read(view.text, ends[k], spoke or (
                carried if carried and (carried[0] or carried[1]) else None))
            unnamed = not attrs.get("holder") and not nobody
            if unnamed and main:
                attrs["holder"] = main
            if attrs.get("target") and attrs.get("target") == attrs.get("holder"):
                del attrs["target"]
            elif not attrs.get("target") and (again := group_named_again(  # "the militants"
                    view.text, group, attrs.get("holder"))):
                attrs["target"] = again
            label = prediction.type
            if rule and not attrs.pop(speech_slots.VERB_CUE, None) and prediction.type_scores.get(
                    rule[3], 0.0) >= RULE_TYPE_SHARE * max(prediction.type_scores.values()):
                label = rule[3]
            attrs["type"] = label
            attrs["type_scores"] = prediction.type_scores
            attrs["model"] = model.version
            if rule:
                attrs["rule_score"] = rule[6]
            if drawn and (attrs.get("holder") or nobody):
                # named here, or a pronoun going on from one named: "he added" reaches it
                clear = (spoke is not None and not carried) or bool(says and trail.clear)
                trail.heard(k, ends[k], ({slot: attrs[slot] for slot in SPOKE if slot in attrs},
                                         nobody), clear, not unnamed)
            elif spoke is not None and not carried:  # named at a reporting verb, not drawn
                trail.heard(k, ends[k], spoke, True)
            elif says and carried:  # "a ministry spokesman said", not drawn: "he" goes on
                trail.heard(k, ends[k], carried, trail.clear)
            before_nobody = nobody
            out.append(((starts[k], ends[k], "STATEMENT", label, attrs.get("holder"), 0,
                         prediction.score, attrs), drawn))
            named_by = spoke or closer  # "he told", closing the quotation: the one before it
            for j in trail.unattributed(k, view.text, starts[k], named_by) or ():
                out[j] = spoken_by(out[j], named_by)  # type: ignore[arg-type]
        return out

    def _slots(self, view: SentenceView, start: int, parsed: Sequence[Clause],
               doubtful: frozenset[int] = frozenset()) -> dict[str, Any]:
        """Holder and target where no cue points at them: the actor named nearest before a
        reporting verb ("Lam said"; not one in the speaker's title, "ambassador to the United
        Nations", nor in an aside), or right after it ("..., said Lam"), else the first one
        named but for a place ("in Qatar": news sentences open with their subject). The
        target is the one the words aim at ("encouraged the CIA to", "his opposition to Mr.
        Trump": never the speaker), else the next other one, after the verb where the speaker
        stands before it; a sentence without a reporting verb gets no other. With a parse, the
        subject and object of the reporting verb (or of the cue, or of the main verb) come
        after those the words aim at."""
        from annotator.nlp.statement_features import REPORTING

        attrs: dict[str, Any] = {}
        linked = [m for m in view.mentions if m.actor_id and start + m.start not in doubtful]
        inside = quoted(view.text)
        objects = anchored(view.text, linked, owners=False)  # "urged X": not the speaker
        able = [m for m in linked if not names_no_speaker(view.text, m.start, m.end, m.label)
                and not any(a <= m.start < b for a, b in inside) and m not in objects]
        if not able:  # only the quoted words name anyone (whom they speak of), or only
            if objects:  # whom the words aim at ("Callamard encouraged the CIA to")
                attrs["target"] = self.state_of(objects[0].actor_id)
            elif linked:
                attrs[_QUOTED] = self.state_of(linked[0].actor_id)
            return attrs
        able = [m for m in able if not in_a_place(view.text, m.start)] or able  # "in Qatar"
        # state media report the actor the sentence names, else speak for their state
        able = [m for m in able if not names_an_outlet(view.text, m.end)] or able
        speaker = able[0]
        verbs = [found.start() for found in _WORD.finditer(view.text)  # not "Yonhap said":
                 if found.group().lower() in REPORTING and not by_outlet(view.text, found.start())]
        report = speech_slots.words_report(view.text)  # "Russia must ..., an official said"
        if report is not None:  # names no speaker: not Russia, whom the words are about
            verbs, speaker = [report.verb], speech_slots.clause_speaker(view.text, report, able)
        elif verbs:
            before = [m for m in able if m.end <= verbs[0]]
            before = [m for m in before if not _IN_TITLE.search(view.text, 0, m.start)] or before
            after = [m for m in able if m.start >= verbs[0]]
            speaker = verb_speaker(view.text, before, after, verbs[0]) or speaker
        # Without a reporting verb (or a parse) nothing anchors a target: the other actor
        # named is as often a place or a modifier ("US-built vehicles") as the one the
        # statement is for or against, and most statements have none.
        targets = [m for m in linked if not not_a_target(view.text, m.start, m.end, m.label)
                   ] if verbs or parsed else []
        if report is not None:  # the words' subject, not the clause's listener or place
            targets = speech_slots.words_subject(view.text, report, targets)
        elif verbs and speaker.end <= verbs[0]:  # "So Se Pyong, the DPRK's ambassador to the
            # United Nations, told Reuters ...": what comes before the verb introduces the
            # speaker; whom they speak of comes after it
            targets = [m for m in targets if m.start >= verbs[0]]
        if parsed:
            at = verbs[0] if verbs else (view.cues[0].start if view.cues else 0)
            clause = clause_for(parsed, start + at, start, start + len(view.text))
            if clause is not None:
                shift = (clause.subject[0] - start, clause.subject[1] - start)
                subject = [m for m in linked if shift[0] <= m.start and m.end <= shift[1]]
                speaker = subject[0] if subject else speaker
                if clause.object:
                    span = (clause.object[0] - start, clause.object[1] - start)
                    objects = [m for m in linked if span[0] <= m.start and m.end <= span[1]]
                    targets = objects + [m for m in targets if m not in objects]
        fixed = [m for m in anchored(view.text, linked) if m is not speaker
                 and not not_a_target(view.text, m.start, m.end, m.label)]
        targets = fixed + [m for m in targets if m not in fixed]
        holder = speaker and self.state_of(speaker.actor_id)
        if holder:
            attrs["holder"] = holder
            if speaker.actor_id != holder:
                attrs["speaker"] = speaker.actor_id
        attrs[TARGETS] = [(start + m.start, self.state_of(m.actor_id)) for m in targets]
        if target := choose_target([m for m in targets if m is not speaker], holder,
                                   lambda m: self.state_of(m.actor_id), fixed[0] if fixed else None):
            attrs["target"] = target
        return attrs

    def _candidate(self, text: str, start: int, end: int, in_sent: list[tuple[int, int, Cue]],
                   actors: list[_Mention], previous: tuple[str | None, str | None],
                   parsed: Sequence[Clause] = ()) -> Row | None:
        in_sent = [c for c in in_sent if c[1] <= end]
        actors = [m for m in actors if m.end <= end]
        typed = [c for c in in_sent if c[2].type]
        if not typed or not actors:
            return None
        main = max(typed, key=lambda c: (c[2].weight, -c[0]))
        linked = [m for m in actors if m.actor_id or len(m.candidates) == 1]
        inside = [(start + a, start + b) for a, b in quoted(text[start:end])]
        objects = anchored(text, linked, start, owners=False)  # "urged X": not the speaker
        able = [m for m in linked if not names_no_speaker(text, m.start, m.end, m.label)
                and not any(a <= m.start < b for a, b in inside) and m not in objects]
        before = [m for m in able if m.end <= main[0]]
        after = [m for m in linked if m.start >= main[1]]
        holder_mention = before[-1] if before else next((m for m in after if m in able), None)
        opens = [m for m in before if m.end <= start + len(opening_subject(text[start:end]))]
        if opens and same_clause(text, start, opens[-1].end, main[0]):  # the subject, not
            holder_mention = opens[-1]  # "a suspect in the ISIS murder", nearer the cue
        sentence = text[start:end]
        report = speech_slots.words_report(sentence)  # "China must ..., Japan said": Japan's
        if report is not None and not report.holds(main[0] - start) and _DONE.match(
                text, main[0]):  # demand; but "Peru condemned the attack, Japan said": Peru's
            report = None
        said = [f.end() for f in SAID.finditer(text, start, main[0])]
        speakers = [] if report else [m for m in able if said and m.end <= said[-1]
                                      and not _IN_TITLE.search(text, start, m.start)]
        if speakers:  # "Japan said China must ...": Japan's demand, on China
            holder_mention = speakers[-1]
            after = [m for m in linked if m.start >= said[-1]]
        if report is not None:  # the clause's speaker, or none; the words' subject first
            holder_mention, after = speech_slots.reported_slots(sentence, report, able, linked,
                                                                start, main[1])
        carried = report is None and previous[0] is not None and points_back(
            text[start:before[0].start if before else main[0]])
        if carried:  # "The two reaffirmed that any DPRK aggression ...": not DPRK's commitment
            holder_mention = None
        targets = [m for m in after if not not_a_target(text, m.start, m.end, m.label, main[1])]
        clause = clause_for(parsed, main[0], start, end) if parsed else None
        if clause is not None:  # a parse is better evidence than positions
            subject = within(linked, clause.subject)
            if subject and report is None:
                holder_mention, carried = subject[0], False
            objects = within(linked, clause.object)
            targets = objects + [m for m in targets if m not in objects]
        attrs: dict[str, Any] = {"type": main[2].type}
        if speech_slots.verb_cue(sentence, main[0] - start):  # "Japan insisted that ...":
            attrs[speech_slots.VERB_CUE] = True  # the words' type, not the reporting verb's
        topics: list[str] = []
        for _, _, cue in in_sent:
            topics.extend(t for t in cue.topics if t not in topics)
        if topics:
            attrs["topic"] = topics
        for slot in ("polarity", "novelty", "strength"):
            for _, _, cue in sorted(in_sent, key=lambda c: -c[2].weight):
                if getattr(cue, slot):
                    attrs[slot] = getattr(cue, slot)
                    break
        fixed = [m for m in anchored(text, linked, start) if m is not holder_mention
                 and not not_a_target(text, m.start, m.end, m.label)]
        targets = fixed + [m for m in targets if m not in fixed]
        attrs[TARGETS] = [(m.start, self.state_of(m.actor_id or m.candidates[0])) for m in targets]
        holder = None
        if carried:
            holder = attrs["holder"] = previous[0]
            if previous[1]:
                attrs["speaker"] = previous[1]
        elif holder_mention is not None:
            speaker = holder_mention.actor_id or holder_mention.candidates[0]
            holder = self.state_of(speaker)
            attrs["holder"] = holder
            if speaker != holder:
                attrs["speaker"] = speaker
        if target := choose_target(targets, holder, lambda m: self.state_of(
                m.actor_id or m.candidates[0]), fixed[0] if fixed else None):
            attrs["target"] = target
        attrs["cues"] = [c[2].id for c in in_sent]
        score = main[2].weight * (1.0 if before and not carried else 0.8) + 0.05 * (len(typed) - 1)
        return (start, end, "STATEMENT", main[2].type or "STANCE", holder, 0,
                round(min(score, 1.0), 3), attrs)


def _with_holder(row: Row, main: str | None) -> Row:
    """The row with its actor column set from its attrs' holder (`main` where it has none)."""
    attrs = row[7]
    assert attrs is not None
    attrs.pop(TARGETS, None)  # the slots are settled
    if main and not attrs.get("holder") and not attrs.get(NOBODY):
        attrs["holder"] = main
        if attrs.get("target") == main:
            del attrs["target"]
    return (*row[:4], attrs.get("holder"), *row[5:])  # type: ignore[return-value]
