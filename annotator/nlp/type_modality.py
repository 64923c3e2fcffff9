"""Who is to act, and how: the deontic and commissive shape of a statement, read as the
written rules read it, and the type it decides where it is plain.

The labelling rules (`tests/fixtures/gold/README.md`) tell DEMAND and COMMITMENT from STANCE
by structure: asking *another* actor to act ("urged / asked / pressed X to", "called on X to",
"called for", "it is essential that", "it is time for X to", a bare imperative: "Stop
lying!") is DEMAND, and so is "must / should / needs to" with another actor as the subject
("the committee should schedule the hearing"); "will / 'll / won't / is going to / plans to /
said he would" with the speaker's side as the subject binds the speaker (COMMITMENT); "hopes"
and "wants" are STANCE. The statement model and its type head (`type_head`) learn types from words and
from the reported clause's shape; on news unlike their training text they still put most
DEMAND and many COMMITMENT statements into STANCE (the majority type), though the words say
plainly who is asked or bound. `modality` reads those shapes without a parser, from the
sentence's tokens (actor mentions as placeholders), wherever they stand: inside the quote
marks or outside ("said the panel should hold a public hearing"). `rule_type` gives the type
where the shape is plain and unhedged: not under an opinion verb (but see below), not
after another frame verb of the main clause ("criticised X and urged Y to", "economists
predict X and urged Y to": the first clause decides, as `type_rules` lets it) nor in a
reported clause coordinated after the first ("that A was a rebuke and that B should"), not
on a condition ("if ... will": a threat's shape), not with a verb of taking a side after the
modal ("he would support"). It also reads vows and concluded agreements (COMMITMENT), a side
taken first ("denied claims that it will", STANCE) and background clauses, which decide
nothing. `plain_types` adds `RULE_BONUS` to that type's log share, after the type head (and
takes it from COMMITMENT where a thing's effect is forecast); the statement score is left as
it was, so recall and hard negatives drawn do not move.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from annotator.nlp.quotes import quoted
from annotator.nlp.statement_features import SentenceView, tokens
from annotator.nlp.type_binding import (
    NOT_VERB,
    OBLIGATION,
    PREPOSITIONS,
    RELATIVE,
    SIDE_BASE,
    commissive,
    pact,
    subordinate,
)
from annotator.nlp.type_features import _FRAME_OF  # the frames the type head reads
from annotator.nlp.type_rules import BELIEVE, decide, reweigh

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})

# asking verbs that take an object and "to" ("urged X to"): DEMAND's frame
_ASK = frozenset({
    "urge", "urged", "urges", "urging", "ask", "asked", "asks", "asking", "press", "pressed",
    "presses", "pressing", "pressure", "pressured", "pressuring", "pressures", "implore",
    "implored", "imploring", "encourage", "encouraged", "encourages", "encouraging",
    "appeal", "appealed", "appealing", "plea", "pleaded", "pleading", "begged",
    "beg", "challenged", "challenging", "told", "tell", "telling", "demanded",
    "demanding", "requested", "requesting", "request", "invited", "inviting", "advised",
    "advising", "exhorted", "leaned", "pushed", "pushing", "lobbied", "lobbying", "called",
    "calling", "call", "calls", "petitioned"})
# asking verbs with the thing asked for after "for" ("called for", "pushing for")
_ASK_FOR = frozenset({
    "call", "calls", "called", "calling", "push", "pushed", "pushes", "pushing", "press",
    "pressed", "pressing", "appeal", "appealed", "appealing", "demand", "plea",
    "pleaded", "lobbied", "lobbying", "clamoring", "clamored", "begged"})
_ON = frozenset({"on", "upon"})
_NEEDS_ON = frozenset({"called", "calling", "call", "calls", "leaned"})  # "called it a hoax"
_TO_FIRST = frozenset({"appealed", "appeal", "appealing", "plea"})  # "appealed to X to"
_OPINION = frozenset({"think", "believe", "feel", "thinks", "believes", "feels", "hope",
                      "hopes", "agree", "agreed", "agreeing", "arguing", "argued", "saying"})
# verbs of believing: over an obligation they say how sure the speaker is, not that it takes a
# side instead of asking (`tests/fixtures/gold/README.md`: "I think X should")
_BELIEF = frozenset({"think", "thinks", "thought", "believe", "believes", "believed", "feel",
                     "feels", "felt"})
_POSITION = frozenset({"support", "back", "oppose", "like", "prefer", "rather", "love",
                       "favor", "favour", "welcome", "believe", "want", "hate", "mind",
                       "agree", "disagree", "think", "say", "concern", "worry", "trouble",
                       "alarm", "bother", "matter", "surprise", "hope", "expect"})
_CONDITION = frozenset({"if", "unless", "until", "otherwise"})
_OPENERS = frozenset({"“", '"', "”", "and", "but", "so", "now", "please", "—", "…", "‘", "'"})
_PASSIVE = frozenset({"when", "if", "was", "were", "being", "been", "is", "are"})  # "when asked"
_NEEDFUL = frozenset({"critical", "essential", "imperative", "vital", "necessary", "important",
                      "time", "crucial", "urgent"})
_IRREGULAR = frozenset({"made", "held", "done", "given", "taken", "kept", "brought", "put",
                        "set", "shut", "left", "told", "sent", "paid", "met", "built", "seen",
                        "known", "shown", "chosen", "thrown", "withdrawn", "forced"})
# wanting and hoping take a side, even "wants the Senate to confirm" (the rules' table)
_HOPE = frozenset({"hope", "hopes", "hoped", "hoping", "hopeful", "wish", "wishes", "wished",
                   "want", "wants", "wanted"})
_LEADING = frozenset({"nevertheless", "at", "least", "however", "instead", "rather"})
_STOPS = frozenset({".", ";", "!", "?"})
_YOU = frozenset({"you", "you'll", "you'd", "you're", "everyone", "everybody", "people"})
_FIRST = frozenset({"i", "we", "i'm", "we're", "i'll", "we'll", "i've", "we've", "i'd",
                    "we'd", "us", "let's"})
_PRONOUN = frozenset({"he", "she", "they", "he'll", "she'll", "they'll", "he'd", "she'd",
                      "they'd", "he's", "she's", "they're"})
_IMPERSONAL = frozenset({"it", "there", "this", "that", "it'll", "there'll", "it's",
                         "there's", "what", "which", "who"})
_ADVERBS = frozenset({"also", "not", "never", "still", "really", "just", "certainly", "then",
                      "now", "all", "both", "too", "only", "ultimately", "simply", "clearly",
                      "definitely", "absolutely", "immediately", "soon", "finally", "indeed",
                      "probably", "surely", "n't", "no", "longer"})
_FUTURE = frozenset({"will", "shall", "won't", "wont", "gonna"})
_WOULD = frozenset({"would", "wouldn't", "'d"})
_TO_HEADS = {"going": "fut", "plan": "fut", "plans": "fut", "planning": "fut",
             "intend": "fut", "intends": "fut", "need": "oblig", "needs": "oblig",
             "has": "oblig", "have": "oblig", "had": "oblig", "needed": "oblig"}
_CONTRACTED = {"i'll": ("first", "fut"), "we'll": ("first", "fut"),
               "he'll": ("pron", "fut"), "she'll": ("pron", "fut"),
               "they'll": ("pron", "fut"), "it'll": ("it", "fut"),
               "i'd": ("first", "would"), "we'd": ("first", "would"),
               "he'd": ("pron", "would"), "she'd": ("pron", "would"),
               "they'd": ("pron", "would")}
_BOUNDARY = frozenset({",", ";", ":", ".", "!", "?", "“", "”", '"', "—", "(", ")", "that",
                       "and", "but", "because", "if", "when", "while", "so"})
# sentence-opening verbs in the base form that address someone ("Stop lying!", "Rise to the
# occasion."): a bare imperative asks the one addressed to act
_IMPERATIVE = frozenset({
    "stop", "let's", "don't", "do", "act", "rise", "respect", "dress", "try", "give", "make",
    "keep", "get", "take", "bring", "put", "leave", "come", "go", "release", "end", "start",
    "join", "vote", "tell", "show", "open", "save", "help", "remember", "think", "consider",
    "listen", "reopen", "withdraw", "resign", "stand", "fight", "protect", "support",
    "lift", "free", "cancel", "pass", "fix", "return", "allow", "drop", "quit"})


# verbs of effect: a thing that "will help / would require / will cost" is forecast to
# cause something, and nobody binds itself (the rules' COMMITMENT is a course of action the
# holder takes): a judgement or a forecast. Not "allow" (a state's permission is its act),
# and not after "it", often the actor itself ("Iraq said it would allow")
_EFFECT = frozenset({
    "require", "requires", "help", "cost", "create", "harm", "hurt",
    "lead", "cause", "mean", "boost", "damage", "destroy", "benefit", "undermine", "improve",
    "weaken", "strengthen", "result", "affect", "hamper", "jeopardize", "jeopardise",
    "endanger", "worsen", "threaten", "deny"})


def _modal(words: list[str], k: int) -> str | None:
    """The modal at `k`: "fut", "would", "oblig", or None."""
    w = words[k]
    nxt = words[k + 1] if k + 1 < len(words) else ""
    if w in _FUTURE or w == "'ll":
        return "fut"
    if w in _WOULD:
        return "would"
    if w in OBLIGATION:
        return "oblig"
    if nxt == "to" and w in _TO_HEADS:
        return _TO_HEADS[w]
    return None


def _subject(words: list[str], k: int) -> str:
    """Who is bound by the modal at `k`: the nearest word before it that is no adverb or
    auxiliary ("we really need", "he is going", "the committee should")."""
    j = k - 1
    while j >= 0 and (_adverb(words[j]) or words[j] in ("is", "are", "am", "was", "were",
                                                         "'s", "'re", "'m")):
        j -= 1
    if j < 0 or words[j] in _BOUNDARY:
        return "none"
    w = words[j]
    if w in _FIRST:
        return "first"
    if w in _PRONOUN:
        return "pron"
    if w.startswith("<"):
        return "actor"
    if w in _IMPERSONAL:
        return "it"
    if w in _YOU:
        return "you"
    return "other"


def _or_face(words: list[str]) -> bool:
    """"... or face B", "... or else", "... before assistance is released": the harm a
    demand is backed by (THREAT by the rules' table)."""
    return "before" in words or any(a == "or" and b in ("face", "else", "risk")
                                    for a, b in pairwise(words))


def _adverb(word: str) -> bool:
    return word in _ADVERBS or (word.endswith("ly") and len(word) > 4)


def _participle(word: str) -> bool:
    return (word.endswith("ed") and len(word) > 4) or word in _IRREGULAR


def _asks(words: list[str], until: int) -> list[str]:
    """"X urged / asked / called on Y to ...", "called / pushed for ...": the asking frame
    before position `until` (a quotation or modal clause before it decides the sentence),
    told apart by whether another frame verb (criticised, rejected, praised ...) comes first,
    since a sentence's first clause decides its type."""
    out = []
    for k, w in enumerate(words[:until]):
        after = words[k + 1:k + 8]
        if subordinate(words, k):
            continue
        if w in _ASK_FOR and after[:1] == ["for"]:
            out.append(f"md:ask_for{_after_frame(words, k)}")
            continue
        if w not in _ASK or (k and words[k - 1] in _PASSIVE and not w.endswith("ing")):
            continue  # "was asked to", "when asked"; not "have been pressuring X to"
        if w in _NEEDS_ON and after[:1] and after[0] not in _ON:
            continue
        rest = after[1:] if after[:1] and after[0] in _ON | {"to"} and w in _NEEDS_ON | \
            _TO_FIRST else after
        if "to" in rest[1:6] and not _ends(rest[:rest.index("to", 1)]):
            out.append(f"md:ask+obj+to{_after_frame(words, k)}")
    return out


def _opens(words: list[str], k: int) -> bool:
    """Whether the modal at `k` has its pronoun subject as the sentence's first word ("He
    should pay for it.", "They need to make clear ..."): the speaker's own words about a
    third actor (of itself it would say "I" or "we"), not "said he should", which may
    report the speaker's own course."""
    first = next((j for j, w in enumerate(words) if w not in _OPENERS), len(words))
    return all(_adverb(w) for w in words[first + 1:k])


def _side_first(words: list[str], until: int, inside: list[bool]) -> bool:
    """Whether the sentence's first frame verb, before position `until` (its first modal),
    takes a side ("congratulated Pelosi, saying 'we're going to ...'", "denied claims that it
    will release ...", "stands by his statement" as one denies an accusation): a position
    verb governing the clause decides STANCE (the rules' table), over a future or an asking
    verb after it. Not one in a relative clause (", who has criticised ,") nor a passive
    ("was criticised"), nor in a background clause ("While Biden did not say whether he
    supports ..."), nor an adjective ("over disputed resources"), nor in the quote marks
    after any word but "I" or "we" (`inside`: "Corbyn wants to cancel", "people wanted"):
    its subject is not the speaker; an asking verb first ("called on X to resign in a tweet
    that accused") decides otherwise."""
    relative = False
    for j, w in enumerate(words[:until]):
        before = words[j - 1] if j else ""
        if w in RELATIVE and before == ",":
            relative = True
        elif w == "," and relative:
            relative = False
        elif relative or subordinate(words, j) or before in NOT_VERB | PREPOSITIONS \
                or (inside[j] and before not in _FIRST):
            continue
        elif w in ("stand", "stands", "stood") and words[j + 1:j + 2] == ["by"]:
            return True  # "stands by his statement": holds a claim against doubt
        elif (w in _ASK or w in _ASK_FOR) and _FRAME_OF.get(w) != "neutral":
            return False  # "called on Schiff to resign in a tweet that accused"
        elif _FRAME_OF.get(w, "neutral") != "neutral":
            return _FRAME_OF[w] == "stance" and before not in _PASSIVE
    return False


def _ends(words: list[str]) -> bool:
    """A sentence ends among these words: a stop that is no abbreviation's ("Mr.", "Sen.")."""
    return any(w in _STOPS and not (w == "." and j and words[j - 1].isalpha()
                                    and len(words[j - 1]) <= 3)
               for j, w in enumerate(words))


def _after_frame(words: list[str], k: int) -> str:
    """"" where position `k` stands in the sentence's main clause, else "+after_frame": after
    another frame verb of the main clause, one of taking a side or of believing and
    predicting ("economists predict ... and urged lawmakers to"; one in a relative clause,
    ", who has been criticised ,", does not count), or in a reported clause coordinated after
    the first ("said that the results were a repudiation and that leaders should"). The
    first clause decides a sentence's type (`tests/fixtures/gold/README.md`)."""
    relative = False
    for j, w in enumerate(words[:k]):
        if w in RELATIVE and j and words[j - 1] == ",":
            relative = True
        elif w == "," and relative:
            relative = False
        elif (not relative and ((w in _FRAME_OF and _FRAME_OF[w] != "neutral")
                                or w in SIDE_BASE or w in BELIEVE)) \
                or _second_reported(words, j):
            return "+after_frame"
    return ""


def _second_reported(words: list[str], j: int) -> bool:
    """"... that A and that B": the "that" at `j` opens a reported clause after the first."""
    return words[j] == "that" and j > 1 and words[j - 1] in ("and", "but") \
        and "that" in words[:j - 1]


def modality(view: SentenceView) -> list[str]:
    """The sentence's deontic and commissive shapes, as readable feature strings."""
    toks = tokens(view)
    words = [t.translate(_APOSTROPHES) for _, t in toks]
    at = next((k for k, w in enumerate(words) if w in _CONTRACTED or _modal(words, k)),
              len(words))
    spans = quoted(view.text) if any(ch in view.text for ch in '"“”„«»') else []
    quote_end = min((e for _, e in spans), default=len(view.text))
    feats = _asks(words, min(at, next((k for k, (p, _) in enumerate(toks) if p >= quote_end),
                                      len(words))))
    inside = [any(a <= q < e for a, e in spans) for q, _ in toks]
    if _side_first(words, at, inside):
        feats.append("md:side_first")
    feats += [f for f in (commissive(words), pact(words)) if f]
    # the first word after openers and sentence adverbs ("At least respect the part you
    # play.", "And certainly don't make faces."): a bare imperative there asks
    first = next((w for w in words if w not in _OPENERS and w != "," and not _adverb(w)
                  and w not in _LEADING), "")
    if first in _IMPERATIVE:
        feats.append("md:imperative")
    hope = next((k for k, w in enumerate(words) if w in _HOPE), None)
    if hope is not None and not _asks(words, hope):  # "urged voters to vote for what they want"
        feats.append("md:hope")
    for k, w in enumerate(words[:-2]):  # "it is essential that ...", "it's time for X to"
        if w in _NEEDFUL and words[k + 1] in ("that", "for") and (
                words[max(0, k - 3):k] and set(words[max(0, k - 3):k]) & {"is", "it's", "'s"}):
            feats.append("md:needful")
            break
    for k, w in enumerate(words):
        if w in _CONTRACTED:
            subject, modal = _CONTRACTED[w]
        else:
            modal = _modal(words, k)
            if modal is None:
                continue
            subject = _subject(words, k)
        verb = next((x for x in words[k + 1:k + 4] if not _adverb(x) and x != "to"), "")
        after = words[words.index(verb, k + 1) + 1:][:2] if verb in ("be", "have") else []
        kind = ("passive" if verb == "be" and any(_participle(x) for x in after[:2])
                else "be" if verb in ("be", "have")
                else "position" if verb in _POSITION else "act")
        feats += [f"md:{subject}+{modal}", f"md:{subject}+{modal}+{kind}"]
        if subject == "pron" and _opens(words, k):
            feats.append("md:pron_opens")
        if set(words[max(0, k - 6):k]) & _OPINION:
            feats.append(f"md:opinion+{modal}")
        if (modal == "oblig" and kind == "act" and subject in ("other", "actor", "pron")
                and set(words[max(0, k - 6):k]) & _BELIEF):
            feats.append("md:belief+other+act")  # "I think those countries should compromise"
        if set(words) & _CONDITION:
            feats.append(f"md:condition+{modal}")
        if _or_face(words[k:]):
            feats.append("md:or_face")
        if _after_frame(words, k):
            feats.append("md:modal+after_frame")
        if modal in ("fut", "would") and subject == "other" and verb in _EFFECT:
            feats.append("md:effect")
        break
    return list(dict.fromkeys(feats))


_ASKING = frozenset({"md:ask+obj+to", "md:ask_for", "md:imperative", "md:needful"})
_DEMAND = frozenset({"md:other+oblig+act", "md:actor+oblig+act"})
_COMMIT = frozenset({"md:first+fut+act", "md:pron+fut+act", "md:actor+fut+act",
                     "md:pron+would+act"})


def rule_type(feats: list[str]) -> str | None:
    """The type the written rules give a sentence of these shapes where they are plain:
    asking another actor to act (DEMAND), the speaker's side binding itself (COMMITMENT),
    wanting, hoping or agreeing over an obligation (STANCE, as under a position verb). A verb
    of believing over another actor's obligation to act ("I think X should compromise") asks
    as the obligation alone does (DEMAND); over the speaker's own course or how a policy
    should be ("I think the parent should be in charge", "I believe the issue must be decided
    by the states") it is STANCE. None where the shape is absent or hedged (an opinion over a future, a
    side taken first, a condition over a future or "or face" after an obligation: a
    threat's shape)."""
    present = set(feats)
    if "md:hope" in present or "md:side_first" in present:
        return "STANCE"
    if "md:belief+other+act" in present and "md:or_face" not in present:
        return "DEMAND"  # "I think someone should prosecute": the obligation decides
    if "md:opinion+oblig" in present and not present & _ASKING:
        return "STANCE"
    if present & {"md:opinion+oblig", "md:opinion+fut", "md:opinion+would"}:
        return None
    if present & {"md:commissive", "md:pact"}:
        return "COMMITMENT"  # an asking frame before it stops it (`commissive`)
    if present & _ASKING:
        return "DEMAND"
    if "md:modal+after_frame" in present:
        return None
    if "md:or_face" in present:
        return None  # a threat's shape: "must do A or face B"
    if present & _DEMAND or {"md:pron+oblig+act", "md:pron_opens"} <= present:
        return "DEMAND"
    if present & _COMMIT and not present & {"md:condition+fut", "md:condition+would"}:
        return "COMMITMENT"
    return None


# on the development sets (docs/benchmarks.md, "Asking and binding"): 1.5 moves about half
# as many types; 4 and 6 also move FNC-1 sentences whose model type was right
RULE_BONUS = 3.0


def plain_type(view: SentenceView) -> str | None:
    """The type the rules give this sentence's plain shape, or None (`rule_type`)."""
    return rule_type(modality(view))


def plain_types(probs: np.ndarray, views: Sequence[SentenceView],
                classes: list[str]) -> np.ndarray:
    """Class probabilities ("none" first, unchanged) with the type `rule_type` gives a
    sentence `RULE_BONUS` more in log share."""
    if not len(probs) or RULE_BONUS == 0:
        return probs

    def boost(row: np.ndarray, at: int, total: float) -> None:
        boosted = row.copy()
        boosted[at] *= np.exp(RULE_BONUS)
        row[:] = boosted / boosted.sum() * total

    def lower(row: np.ndarray, at: int, total: float) -> None:
        lowered = row.copy()
        lowered[at] *= np.exp(-RULE_BONUS)
        row[:] = lowered / lowered.sum() * total

    boosted = reweigh(probs, views, classes[1:], plain_type, boost)
    return reweigh(boosted, views, classes[1:], unbound_type, lower)


def unbound_type(view: SentenceView) -> str | None:
    """"COMMITMENT" where the sentence's future is an effect forecast of a thing ("the plan
    would require approval", "bills that will help create jobs"): the type it is not."""
    return "COMMITMENT" if "md:effect" in modality(view) else None


def written_types(probs: np.ndarray, views: Sequence[SentenceView],
                  classes: list[str]) -> np.ndarray:
    """The types the written rules give: the plain shapes' bonus (`plain_types`), then the
    share of the shapes they decide outright (`type_rules.decide`). Applied the same to every
    model, with a type head or without, so that a project's model trained on too few typed
    statements for a head still types asking as DEMAND and binding as COMMITMENT."""
    return decide(plain_types(probs, views, classes), views, classes[1:])
