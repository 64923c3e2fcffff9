"""Statement types the written rules decide by structure alone, whatever the words' topic.

The statement model and its type head learn the types from a few hundred labelled statements,
in which STANCE is five times as common as ASSESSMENT and fifteen times as common as THREAT:
a reported judgement or a reported harm that looks like no training sentence falls to STANCE.
The labelling rules (`tests/fixtures/gold/README.md`) decide some shapes outright, and where a
sentence has one of them the type is that rule's (the first that applies, in this order):

* THREAT, harm announced should another actor act or fail to: a verb of threatening outside
  the quote marks ("threatened to withhold funds", "his life is threatened if"); "will (not)
  do A unless B"; "must do A or face B"; a refusal held until another acts ("vowed to block
  all legislation until the chamber extends the tax cuts", "will not approve a budget that
  does not fund the wall"); a harm held in reserve where nothing asks ("I can do it if I
  want", "if necessary", "all options are on the table").
* STANCE, a judgement of value after a copula ("I think it's immoral", "the claim was
  unfounded", "a disgrace"), where nothing asks: the rules' "calls something 'a ploy'".
* ASSESSMENT, a judgement that takes no side (no word of judging or asking in the sentence):
  - a forecast judged: a verb of believing or predicting followed by a clause whose subject
    is not the speaker and whose verb is a future or a possibility ("he thinks Congress will
    pass the deal", "predicted Trump would lose", "skeptical that the committee would agree");
    the same about the speaker's own course is a commitment or a position;
  - a risk warned of: "warned (that) X could / may / might ..." (with "will / would" the
    speaker may be the one to act: a threat, left to the model);
  - the odds: "the odds", "a chance of", "a one-in-three chance";
  - a risk characterised: "poses a threat", "is an international crisis" (the rules' own
    examples), not in a relative clause about an actor and not denied;
  - a belief or suspicion about what someone did: "believe the prince ordered the killing",
    "doubts about whether he was born there" (officials' beliefs about an actor);
  - a prediction with a word of likelihood: "likely", "probably", "is going to get worse";
  - a situation described by "there is" as the main clause, not denied, not in a clause that
    hangs on another, and not where the speaker stands in the sentence.

The word lists are closed classes of English (modal verbs, verbs of believing, warning,
threatening and refusing) and a short list of the adjectives and nouns of praise and blame,
not lists of topics. A sentence with several statements takes the type of its main clause,
the first of coordinated ones (the rules' "One sentence, one decision"): "where nothing asks"
means no asking word anywhere except an asking verb that heads a clause coordinated after the
shape ("predicted the Senate would pass it and urged lawmakers to vote", "said the report was
unfounded, urging the paper to retract it": the first clause's type); an asking word before
the shape governs it, and the model decides. `decide` gives the decided type the top share of a
statement's types and leaves the statement score as it was, so recall and the hard negatives
drawn do not move.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np

from annotator.nlp.judgment_words import JUDGING
from annotator.nlp.quotes import quoted
from annotator.nlp.statement_features import SentenceView, tokens

THREATEN = frozenset({"threaten", "threatens", "threatened", "threatening"})
# a refusal held until another actor acts: "vowed to block all legislation until the chamber
# extends the tax cuts", "will not approve a budget that does not fund the wall"
_REFUSE = frozenset({"block", "blocks", "blocking", "veto", "vetoes", "vetoing", "withhold",
                     "withholds", "withholding", "boycott", "boycotts", "boycotting", "refuse",
                     "refuses", "refusing"})
_GRANT = frozenset({"approve", "sign", "support", "fund", "pass"})  # refused after "not"
_BE_FORMS = frozenset({"be", "been", "being", "is", "are", "was", "were"})
_NOT = frozenset({"not", "n't", "won't", "never", "doesn't", "don't", "fails", "fail"})
REFUSAL_WINDOW = 20
# a harm held in reserve: "I can do it if I want", "will use force if necessary", "all options
# are on the table" (the rules' veiled threats)
_RESERVE = (("if", "i", "want"), ("if", "we", "want"), ("if", "necessary"), ("if", "need", "be"),
            ("all", "options"))  # not "on the table" alone: an offer is on the table too
_FUTURE = frozenset({"will", "won't", "'ll", "would", "wouldn't", "shall"})
_POSSIBLE = frozenset({"could", "may", "might", "can", "couldn't", "cannot", "can't"})
BELIEVE = frozenset({
    "think", "thinks", "thought", "believe", "believes", "believed", "believing", "expect",
    "expects", "expected", "expecting", "predict", "predicts", "predicted", "predicting",
    "estimate", "estimates", "estimated", "suspect", "suspects", "suspected", "doubt",
    "doubts", "doubted", "speculate", "speculates", "speculated", "forecast", "forecasts",
    "confident", "sure", "skeptical", "sceptical", "optimistic", "pessimistic", "convinced",
    "unconvinced", "unsure", "doubtful"})
_WARN = frozenset({"warned", "warns", "warning", "cautioned", "cautions", "cautioning"})
# the speaker or the one spoken to: a forecast about them is a commitment, a position or a
# figure of speech ("you can see who was behind this")
_OWN = frozenset({"i", "we", "i'm", "we're", "i've", "we've", "i'd", "we'd", "our", "my",
                  "me", "us", "you", "you're", "you'd", "your"})
# a copula before the modal: the clause judges ("it's tragic that X would"), it does not forecast
_COPULA = frozenset({"is", "are", "was", "were", "it's", "that's", "'s", "'re"})
# "think about", "confident in", "sure of", "believe so": no clause follows
_NO_CLAUSE = frozenset({"to", "about", "of", "in", "so", "on", "for"})
# words that take a side or ask: where one stands, the rules' shapes above do not decide
# "called for / on / upon" asks (the rules' "call for/on"), read as one word; "called it a
# hoax" names
CALL_FOR = "call_for"
_CALL = frozenset({"call", "calls", "called", "calling"})
_ASKS = frozenset({"should", "must", "ought", "need", "needs", "shouldn't", "mustn't", "urge",
                   "urges", "urged", "urging", "demand", "demands", "demanded", "demanding",
                   "ask", "asks", "asked", "asking", "insist", "insists", "insisted",
                   "insisting", CALL_FOR})
_SIDE = JUDGING | _ASKS
_ASKING_VERBS = _ASKS - {"should", "must", "ought", "need", "needs", "shouldn't", "mustn't"}
# what opens a coordinated or participle clause before its verb: "... and urged", ", urging"
_COORDINATE = frozenset({"and", "but", ",", ";", "while"})
# between the conjunction and the verb: "and then urged", "and he also urged" (a pronoun
# of the same actor)
_BETWEEN = frozenset({"also", "then", "later", "again", "repeatedly", "publicly", "he", "she",
                      "they", "it", "we"})
_LINKS = frozenset({"that", ",", "“", "”", '"'})
FORECAST_WINDOW = 8  # words after the verb of believing in which the clause's modal stands
WARNING_WINDOW = 10
# a judgement of value: after a copula it takes a side ("I think it's immoral", "the claim was
# unfounded", "is a disgrace"): the rules' "calls something 'a ploy'" (STANCE); a closed set of
# the adjectives and nouns of praise and blame, not of a situation ("a crisis", "dangerous")
VALUE = frozenset({
    "immoral", "unethical", "corrupt", "dishonest", "shameful", "disgraceful", "outrageous",
    "unacceptable", "irresponsible", "reckless", "hypocritical", "cynical", "racist", "wrong",
    "unfair", "unfounded", "false", "baseless", "illegal", "unconstitutional", "bad",
    "terrible", "tragic", "unpatriotic", "disgusting", "despicable", "appalling", "ridiculous",
    "absurd", "stupid", "crazy", "insane", "pathetic", "horrible", "awful", "phony", "fake",
    "bogus", "nonsense", "shame", "disgrace", "hoax", "lie", "lies", "inappropriate",
    "unprofessional", "irrelevant", "misleading", "inaccurate", "fair", "legitimate",
    "illegitimate", "great", "wonderful", "excellent", "terrific", "fantastic", "admirable",
    "courageous", "brave",
    # an actor's character, honesty, competence or fitness judged: a side taken against or
    # for it (the rules' table: "Trump is a liar", "he is not fit to lead", "the regime is
    # brutal"), unlike the risk it poses ("a threat", `RISK`: ASSESSMENT)
    "liar", "liars", "crook", "crooks", "crooked", "brutal", "incompetent", "unfit",
    "ineffective", "untrustworthy", "dictator", "tyrant", "thug", "thugs", "hypocrite",
    "hypocrites", "coward", "cowardly", "traitor", "traitors", "failed", "unqualified", "evil"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "it's", "that's", "he's",
                 "she's", "they're", "'s", "'re", "isn't", "wasn't", "aren't", "weren't"})
VALUE_WINDOW = 4  # words after the copula in which the word of value stands
# a situation or conduct characterised as a risk ("poses a threat", "is an international
# crisis"): nouns of a risk, not of blame ("a disgrace" is in VALUE)
RISK = frozenset({"threat", "risk", "danger", "crisis", "emergency", "terrorism", "terror",
                  "menace"})
_POSE = frozenset({"pose", "poses", "posed", "posing"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
RISK_WINDOW = 4  # words after the copula or "pose" in which the noun of a risk stands
# a belief or suspicion about what an actor did ("believe the prince ordered", "suspect that
# one of them has reached out", "his belief that the campaign colluded")
SUSPECT = frozenset({"believe", "believes", "believed", "suspect", "suspects", "suspected",
                     "convinced", "belief", "suspicion", "suspicions", "doubt", "doubts",
                     "doubted"})
_DETERMINERS = frozenset({"the", "a", "an", "two", "three", "four", "five", "several"})
_CLAUSE_OPENERS = frozenset({"that", "whether", "about", "the", "a", "an", ",", "“", "”",
                             '"'})
_PAST = frozenset({"was", "were", "had", "did", "made", "took", "gave", "knew", "sent", "paid",
                   "told", "led", "left", "won", "lost", "met", "sought", "brought", "fought",
                   "hid", "stole", "wrote", "ran"})
_PRESENT = frozenset({"is", "are", "'s", "'re", "isn't", "aren't", "has", "have", "do",
                      "does"})
DEED_WINDOW = 10  # words after the word of believing in which the clause's past verb stands
_LIKELY = frozenset({"likely", "unlikely", "probably"})
# what opens a clause that hangs on another: a situation there is not the main clause's
_SUBORDINATE = frozenset({"while", "although", "though", "if", "because", "since", "when",
                          "unless", "whether", "where", "whenever"})
# the decided type's share of a statement's types; the others keep a tenth of theirs, so no
# rule candidate's type outweighs it (`candidates.RULE_TYPE_SHARE` of the top is 0.225)
DECIDED_SHARE = 0.9


def _modal(word: str, modals: frozenset[str]) -> bool:
    return word in modals or (word.endswith("'ll") and "'ll" in modals)


def _threat(words: list[str], outside: list[str]) -> bool:
    # a verb of threatening, not part of a compound ("life-threatening", "long-threatened")
    if any(w in THREATEN and (k == 0 or outside[k - 1] != "-") for k, w in enumerate(outside)):
        return True
    if "unless" in words and any(_modal(w, _FUTURE) for w in words[:words.index("unless")]):
        return True
    return any(a == "or" and b == "face" for a, b in pairwise(words)) or _refusal(words)


def _reserved(words: list[str]) -> bool:
    return any(tuple(words[k:k + len(run)]) == run for run in _RESERVE
               for k in range(len(words)))


def _refusal(words: list[str]) -> bool:
    """An actor's refusal (active: "block", "will not approve") held until or unless another
    acts, or of what does not do as asked ("a budget that does not allocate ...")."""
    for k, word in enumerate(words):
        before = words[k - 1] if k else ""
        if not ((word in _REFUSE and before not in _BE_FORMS)
                or (word in _GRANT and before in _NOT)):
            continue
        after = words[k + 1:k + 1 + REFUSAL_WINDOW]
        if "until" in after or "unless" in after:
            return True
        if any(w in ("that", "which", "if") and not _NOT.isdisjoint(after[j + 1:j + 4])
               for j, w in enumerate(after)):
            return True
    return False


def _forecast(words: list[str]) -> int | None:
    """Where a verb of believing or predicting stands that is followed by a clause of another
    subject with a future or a possibility: "believes Congress will", "predicted Trump would",
    "sure his friend would"; None without one."""
    for k, word in enumerate(words):
        if word not in BELIEVE:
            continue
        after = words[k + 1:k + 1 + FORECAST_WINDOW]
        if after[:1] and after[0] in _NO_CLAUSE:  # "expected to", "think about"
            continue
        at = next((i for i, w in enumerate(after) if _modal(w, _FUTURE | _POSSIBLE)), None)
        subject = [w for w in after[:at] if w not in _LINKS] if at is not None else []
        if subject and subject[0] not in _OWN and _COPULA.isdisjoint(subject):
            return k
    return None


def _warning(words: list[str]) -> int | None:
    """"warned (that) X could / may / might": a risk, where no "will / would" says who acts
    (where the verb of warning stands)."""
    for k, word in enumerate(words):
        if word in _WARN:
            after = words[k + 1:k + 1 + WARNING_WINDOW]
            if (any(_modal(w, _POSSIBLE) for w in after)
                    and not any(_modal(w, _FUTURE) for w in after)):
                return k
    return None


def _odds(words: list[str]) -> int | None:
    """"the odds", "a chance of", "a one-in-three chance" (where the word stands)."""
    for k, word in enumerate(words):
        if word == "odds":
            return k
        if word in ("chance", "chances") and (words[k + 1:k + 2] == ["of"]
                                              or words[max(k - 3, 0):k - 1] == ["in", "-"]):
            return k
    return None


def _risk(words: list[str]) -> int | None:
    """A situation or an actor's conduct characterised as a risk, a threat or a crisis: "poses
    a threat", "is an international crisis", "in the midst of a crisis", "this is domestic
    terrorism" (where the copula or "pose" stands). Not in a relative clause ("detainees who
    pose a serious threat": a background clause about an actor, the main clause decides) and
    not denied ("there is no national emergency" rejects a claim: a position)."""
    for k, word in enumerate(words):
        if not (word in _BE or word in _POSE or word == "midst") or (
                k and words[k - 1] in _RELATIVE):
            continue
        near = words[k + 1:k + 1 + RISK_WINDOW]
        at = next((j for j, w in enumerate(near) if w in RISK), None)
        if at is not None and _NOT.isdisjoint(near[:at]) and "no" not in near[:at]:
            return k
    return None


def _deed_believed(words: list[str]) -> int | None:
    """A belief or suspicion about what someone did: "believe the crown prince ordered the
    killing", "his strong belief that the campaign colluded", "doubts about whether he was
    born there" (where the word of believing stands): the rules' officials' beliefs and
    suspicions about an actor. The clause is in the past, before any present verb, with no
    modal (a forecast is `_forecast`'s), no word of value (a judgement of it takes a side)
    and not about the speaker or the one spoken to."""
    for k, word in enumerate(words):
        if word not in SUSPECT or (k and words[k - 1] in _DETERMINERS):  # "the suspects"
            continue
        after = words[k + 1:k + 1 + DEED_WINDOW]
        if after[:2] == ["about", "whether"]:  # "doubts about whether he was born there"
            after = after[1:]
        if not after or after[0] in _NO_CLAUSE or after[0] == "it":
            continue
        subject = [w for w in after[:3] if w not in _CLAUSE_OPENERS]
        if (subject and subject[0] in _OWN) or not VALUE.isdisjoint(after) or any(
                _modal(w, _FUTURE | _POSSIBLE) for w in after):
            continue
        for w in after[1:]:
            if w in _PRESENT:
                break
            if w in _PAST or (w.endswith("ed") and len(w) > 4):
                return k
    return None


def _likely(words: list[str]) -> int | None:
    """A prediction said with a word of likelihood: "there is likely no legal issue", "it is
    only going to get worse", "far more people than probably ever before" (where the word
    stands); not where the speaker or the one spoken to stands just before it ("we're going
    to be able to": their own course)."""
    for k, word in enumerate(words):
        likely = word in _LIKELY or (word == "going"
                                     and words[k + 1:k + 3] in (["to", "get"], ["to", "be"]))
        if likely and _OWN.isdisjoint(words[max(k - 3, 0):k]):
            return k
    return None


def _existential(words: list[str], text: str) -> int | None:
    """A situation described as its main clause: "there is collusion", "there's a real
    pathway to the nomination" (where "there" stands). Not denied ("there is no room for
    prejudice", "there was no such impropriety": a claim rejected, a position), not in a
    clause that hangs on another ("while there are other items, we cannot agree"), not asked,
    and not where the speaker or the one spoken to stands in the sentence ("I say, 'there is
    a real party of peace'": their own side or course, as in `_forecast`)."""
    if text.rstrip().rstrip("\"”’'").endswith("?") or not _OWN.isdisjoint(words):
        return None
    for k, word in enumerate(words):
        if not (word == "there's" or (word == "there" and words[k + 1:k + 2]
                                      and words[k + 1] in _BE_FORMS)):
            continue
        if (_NOT.isdisjoint(words[k + 1:k + 4]) and "no" not in words[k + 1:k + 4]
                and _SUBORDINATE.isdisjoint(words[max(k - 2, 0):k])):
            return k
    return None


def _valued(words: list[str]) -> int | None:
    """Where a copula stands with a word of praise or blame a few words after it: "it's
    immoral"; not in a clause that hangs on another ("impeachment is only possible if the
    public believe Trump is unfit": the judgement is not the speaker's)."""
    return next((k for k, word in enumerate(words)
                 if word in _BE and not VALUE.isdisjoint(words[k + 1:k + 1 + VALUE_WINDOW])
                 and not _hangs(words, k)), None)


def _hangs(words: list[str], k: int) -> bool:
    """Whether position `k` stands in a clause opened by "if / while / because ..." after
    the last comma or quote mark before it."""
    j = k - 1
    while j >= 0 and words[j] not in _LINKS - {"that"}:
        if words[j] in _SUBORDINATE:
            return True
        j -= 1
    return False


def later_clause(words: list[str], at: int, k: int) -> bool:
    """Whether the verb at `k` heads a clause coordinated after the one at `at` ("predicted
    X would ... and urged Y to", "..., urging Y to"): the sentence's main clause is the first
    of them, and it decides the type (`tests/fixtures/gold/README.md`, "One sentence, one
    decision"), so a later clause's asking does not undo the first's shape."""
    if k <= at:
        return False
    j = k - 1
    while j > at and words[j] in _BETWEEN:
        j -= 1
    return j > at and words[j] in _COORDINATE


def _unasked(words: list[str], at: int | None, side: frozenset[str]) -> bool:
    """A shape at `at` that no word of `side` undoes: none stands in the sentence, except
    asking verbs heading a later coordinated clause."""
    return at is not None and all(w not in side or (w in _ASKING_VERBS
                                                    and later_clause(words, at, k))
                                  for k, w in enumerate(words))


def _calls_for(words: list[str]) -> list[str]:
    """`words` with each "call(ed) for / on / upon" verb read as the asking word `CALL_FOR`."""
    return [CALL_FOR if w in _CALL and words[k + 1:k + 2] in (["for"], ["on"], ["upon"]) else w
            for k, w in enumerate(words)]


def _first(*found: int | None) -> int | None:
    return min((k for k in found if k is not None), default=None)


def decided_type(view: SentenceView) -> str | None:
    """The type the written rules give this sentence's shape outright, or None."""
    toks = [(p, w.replace("’", "'")) for p, w in tokens(view)]
    words = _calls_for([w for _, w in toks])
    spans = quoted(view.text) if any(ch in view.text for ch in '"“”„«»') else []
    outside = [w for p, w in toks if not any(s <= p < e for s, e in spans)]
    if _threat(words, outside) or (_reserved(words) and _ASKS.isdisjoint(words)):
        return "THREAT"
    if _unasked(words, _valued(words), _ASKS):
        return "STANCE"
    if _unasked(words, _first(_forecast(words), _warning(words), _odds(words), _risk(words),
                              _deed_believed(words), _likely(words),
                              _existential(words, view.text)), _SIDE):
        return "ASSESSMENT"
    return None


def decide(probs: np.ndarray, views: Sequence[SentenceView], types: Sequence[str]
           ) -> np.ndarray:
    """Class probabilities ("not a statement" first, then `types`) with each decided type
    given `DECIDED_SHARE` of its sentence's types; the statement score is unchanged."""
    def share(row: np.ndarray, at: int, total: float) -> None:
        row *= 1.0 - DECIDED_SHARE
        row[at] += DECIDED_SHARE * total

    return reweigh(probs, views, types, decided_type, share)


def reweigh(probs: np.ndarray, views: Sequence[SentenceView], types: Sequence[str],
            decided_of: Callable[[SentenceView], str | None],
            change: Callable[[np.ndarray, int, float], None]) -> np.ndarray:
    """`probs` (a copy where anything changes) with `change(row, at, total)` applied in
    place to the type shares of each sentence that `decided_of` gives one of `types` (`at`
    its index, `total` the shares' sum, which `change` keeps: the statement score stays)."""
    out = probs
    for i, view in enumerate(views):
        decided = decided_of(view)
        if decided is None or decided not in types:
            continue
        if out is probs:
            out = probs.copy()
        row = out[i, 1:]
        total = row.sum()
        if total <= 0:
            continue
        change(row, list(types).index(decided), total)
    return out
