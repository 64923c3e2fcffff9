"""Where a speaker binds itself: verbs of vowing, pledging and promising, and agreements
concluded, in the sentence's main clause; and which words stand in a background clause, where
nothing a sentence says decides its type.

The labelling rules (`tests/fixtures/gold/README.md`) make "vowed / pledged / promised to" and
"signed an agreement" COMMITMENT, and decide a sentence by its main clause ("One sentence, one
decision"): a binding after a frame of taking a side, asking or believing, in a relative or a
background clause, refused ("could not reach an agreement") or asked ("must reach an agreement
before ...") binds nobody here. `type_modality` reads these shapes with the others.
"""

from __future__ import annotations

from annotator.nlp.type_features import _FRAME_OF  # the frames the type head reads
from annotator.nlp.type_rules import BELIEVE

RELATIVE = frozenset({"who", "which", "whose", "whom"})
OBLIGATION = frozenset({"must", "should", "ought", "shouldn't", "mustn't"})
# the base forms of the frames that take a side ("moved to deny reports that ...")
SIDE_BASE = frozenset({"deny", "reject", "oppose", "criticize", "criticise", "condemn",
                       "accuse", "blame", "dismiss", "denounce", "dispute", "welcome",
                       "praise", "defend"})


# words that open a background clause: an asking verb in one asks nothing of its own ("you
# cannot destroy documents when an agency is telling you to turn them over")
_SUBORDINATORS = frozenset({"when", "whenever", "if", "because", "since", "after", "although",
                            "though", "while", "unless", "before", "until", "once"})
_CLAUSE_EDGE = frozenset({",", ";", ":", "“", "”", '"', "—", "(", ")"})


def subordinate(words: list[str], k: int) -> bool:
    """Whether the verb at `k` stands in a background clause opened after the last comma or
    quote mark before it: the sentence's main clause decides its type, and a statement only
    in a background clause is none (`tests/fixtures/gold/README.md`)."""
    j = k - 1
    while j >= 0 and words[j] not in _CLAUSE_EDGE:
        if words[j] in _SUBORDINATORS:
            return True
        j -= 1
    return False


# verbs of binding oneself (the rules' table: "vowed", "pledged", "promised" -> COMMITMENT)
_COMMISSIVE = frozenset({"vow", "vows", "vowed", "vowing", "pledge", "pledges", "pledged",
                         "pledging", "promise", "promises", "promised", "promising"})
# before the word, it is a noun ("a vow to", "Trump's promises that") or passive ("was
# promised dirt"): whose binding it is, the sentence does not say in that clause
NOT_VERB = frozenset({"a", "an", "the", "his", "her", "their", "its", "our", "my", "your",
                      "'s", "this", "that", "campaign", "election", "was", "were", "been",
                      "being", "is", "are", "be", "of", "under", "broken", "new"})
PREPOSITIONS = frozenset({"over", "in", "on", "for", "with", "by", "from", "about", "into",
                          "against", "at"})  # "over disputed resources": an adjective
_QUOTES = frozenset({"“", "”", '"', "‘", "'"})
# frames that take a side, ask or judge: a binding after one is not the main clause's
_OTHER_FRAMES = frozenset({"stance", "demand", "assess", "threat"})


def commissive(words: list[str]) -> str | None:
    """"vowed / pledged / promised to do", "... that X will", "pledged converting": the
    speaker binds itself, in the sentence's main clause (no frame of taking a side, asking or
    judging before it, no background clause): "md:commissive", else None."""
    for k, w in enumerate(words):
        if w not in _COMMISSIVE or (k and words[k - 1] in NOT_VERB):
            continue
        nxt = next((x for x in words[k + 1:] if x not in _QUOTES), "")
        if not (nxt in ("to", "that") or (nxt.endswith("ing") and len(nxt) > 4)):
            continue
        if subordinate(words, k) or any(
                _FRAME_OF.get(x) in _OTHER_FRAMES or x in SIDE_BASE or x in BELIEVE
                or (x in RELATIVE | {"that"} and j and words[j - 1] not in _FRAME_OF)
                for j, x in enumerate(words[:k])):
            return None  # "an ad that seems to contrast X, vows to": a relative clause
        return "md:commissive"
    return None



# concluding an agreement binds its parties (the rules' table: "signed an agreement")
_CONCLUDE = frozenset({"reached", "reach", "reaches", "concluded", "signed", "sign", "signs",
                       "struck", "sealed", "clinched"})
_PACT = frozenset({"agreement", "deal", "accord", "ceasefire", "cease-fire", "truce",
                   "treaty", "pact", "armistice"})
_NEGATED = frozenset({"not", "n't", "never", "failed", "fail", "without", "no"})


def pact(words: list[str]) -> str | None:
    """"reached a cease-fire agreement", "a ceasefire agreement has been concluded", "we
    have signed a deal": the speaker's side bound by an agreement, in the main clause (as
    `commissive` reads it), neither refused ("could not reach an agreement") nor asked
    ("must reach an agreement before assistance is released", "to sign a deal"): "md:pact",
    else None."""
    for k, w in enumerate(words):
        if w in _CONCLUDE:
            found = any(x in _PACT for x in words[k + 1:k + 6])
        else:
            found = w in _PACT and any(x in _CONCLUDE for x in words[k + 1:k + 5])
        if not found:
            continue
        before = words[max(0, k - 3):k]
        if not _NEGATED.isdisjoint(before) or not OBLIGATION.isdisjoint(before) \
                or {"need", "needs", "to"} & set(before) or subordinate(words, k) or any(
                _FRAME_OF.get(x) in _OTHER_FRAMES or x in SIDE_BASE or x in BELIEVE
                for x in words[:k]):
            return None
        return "md:pact"
    return None
