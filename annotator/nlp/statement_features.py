"""What the statement model sees of a sentence: words, and what the rules found in it.

A sentence comes as plain data (`SentenceView`: its text, the cues and actor mentions found in
it, offsets relative to the sentence), so features need no spaCy and can be computed in the
extraction process. Features are strings hashed to stable 32-bit ids (`zlib.crc32`, the same
in every process and release, unlike `hash`).

Words are read with actor mentions replaced by their label ("<PERSON> reaffirmed"), so an
n-gram learnt on one actor holds for every actor. The rule features are the ones a reader
skims for: the cue types and where they stand, whether an actor is named before the cue (the
one who speaks), quote marks, reporting verbs, modal verbs, negation, the sentence's length.
"""

from __future__ import annotations

import re
import zlib
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from annotator.nlp.judgment_words import APPROVAL, DISAPPROVAL, JUDGMENT_CUE, judgment_spans
from annotator.nlp.narration import piece_features
from annotator.nlp.speech_features import (
    names,
    names_politics,
    political_context,
    political_features,
    speech_features,
)

if TYPE_CHECKING:
    import numpy as np

# The feature set's version, recorded in every model trained (`meta["features"]`), so that a
# stored model is never read with features that mean something else without the user being
# told. Bump it whenever a change here, in `speech_features`, `judgment_words`, `type_features`,
# `sentence_views`, `evaluative_words` (or its word list), `narration` (or its word list), the
# cue lexicon or the hashing changes any sentence's features (a feature added, dropped, renamed
# or computed differently, a word joining a list or family, a cue added or retyped). Then, in
# the same commit:
#   1. rebuild the starter: python bench/train_starter.py
#      (tests/learning/test_feature_version.py fails until you do);
#   2. record the new features' fingerprint: python -m tests.learning.feature_fingerprint --record
#      (tests/learning/test_feature_guard.py fails when the features change while this number
#      stays: it fingerprints fixture sentences and probe words, tests/fixtures/features/).
# A change that leaves every sentence's features as they were (speed, tidying) keeps it, and
# the guard passes. The actor registry (each project has its own) and the weights are no part
# of the feature set.
# 1: features before the verbs of judging became STANCE cues and the type head (models stored
# without a version count as 1); 2: since; 3: whether the reported words hold an evaluative
# word (`evaluative_words`); 4: condolences, a bare attribution, and a piece of a quotation
# opened before read as reported words (`narration`).
FEATURE_VERSION = 4
UNVERSIONED_FEATURES = 1


def trained_features(meta: dict) -> int:
    """The feature set a stored model's meta says it was trained with."""
    return int(meta.get("features") or UNVERSIONED_FEATURES)

_WORD = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]", re.UNICODE)
_QUOTES = frozenset('"“”„«»')
REPORTING = frozenset({
    "said", "says", "say", "told", "tells", "stated", "states", "added", "announced", "announces",
    "according", "reported", "claimed", "claims", "declared", "noted", "insisted", "warned",
    "urged", "called", "vowed", "pledged", "promised", "reiterated", "stressed", "emphasized",
    "emphasised", "affirmed", "reaffirmed", "argued", "asserted", "maintained", "confirmed",
})
MODALS = frozenset({"will", "would", "shall", "should", "must", "may", "might", "can", "could",
                    "won't", "wouldn't", "shouldn't", "cannot", "can't", "ought", "need"})
NEGATIONS = frozenset({"not", "no", "never", "n't", "won't", "cannot", "can't", "don't",
                       "doesn't", "didn't", "wouldn't", "shouldn't", "nor", "neither"})
PAST_EVENT = frozenset({"yesterday", "last", "ago", "earlier", "previously", "had", "was", "were"})


class Cue(NamedTuple):
    start: int
    end: int
    id: str
    type: str | None  # the statement type the cue hints at, or None for a topic-only cue


class Mention(NamedTuple):
    start: int
    end: int
    label: str  # PERSON, ORG, GPE, NORP...
    actor_id: str | None


class SentenceView(NamedTuple):
    """One sentence as the model reads it; offsets relative to `text`."""

    text: str
    cues: tuple[Cue, ...] = ()
    mentions: tuple[Mention, ...] = ()
    context: tuple[str, ...] = ()  # features of the sentences around it (`with_context`)


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8"))


# Features that say whether a sentence is a statement, not of which type (`speech_features`):
# the model learns them for "not a statement" only
DETECTION_ONLY = frozenset(_hash(name) for name in names())


def tokens(view: SentenceView) -> list[tuple[int, str]]:
    """(start, token) with each mention as one placeholder token."""
    out: list[tuple[int, str]] = []
    text = view.text
    pos = 0
    for m in sorted(view.mentions):
        if m.start < pos:
            continue
        out.extend((found.start() + pos, found.group().lower())
                   for found in _WORD.finditer(text, pos, m.start))
        out.append((m.start, f"<{m.label}>"))
        pos = m.end
    out.extend((found.start(), found.group().lower()) for found in _WORD.finditer(text, pos))
    return out


def _third(position: int, length: int) -> str:
    if length <= 0:
        return "0"
    return str(min(2, 3 * position // max(length, 1)))


def feature_names(view: SentenceView) -> list[str]:
    """Every feature of one sentence, as readable strings (tests and explanations read these)."""
    toks = tokens(view)
    words = [t for _, t in toks]
    n = len(words)
    feats = ["bias", f"len:{min(n // 6, 8)}"]
    feats.extend(f"w:{w}" for w in words)
    padded = ["^", *words, "$"]
    feats.extend(f"b:{a} {b}" for a, b in pairwise(padded))
    text = view.text
    # Quotes, reporting, modality, negation
    quotes = [i for i, ch in enumerate(text) if ch in _QUOTES]
    if quotes:
        feats.append("q:any")
        if quotes[0] <= 2:
            feats.append("q:opens")
        if len(quotes) >= 2 and quotes[-1] - quotes[0] > 0.5 * len(text):
            feats.append("q:most")
    word_set = set(words)
    reporting = word_set & REPORTING
    feats.extend(f"rv:{w}" for w in reporting)
    if reporting:
        feats.append("rv:any")
    modals = word_set & MODALS
    feats.extend(f"mod:{w}" for w in modals)
    if modals:
        feats.append("mod:any")
    if word_set & NEGATIONS:
        feats.append("neg:any")
    if word_set & PAST_EVENT:
        feats.append("past:any")
    if text and text.rstrip()[-1:] not in ".!?\"”'’)":
        feats.append("shape:no_final_stop")
    if words and words[0][:1].isdigit():
        feats.append("shape:opens_with_number")
    if "?" in text:
        feats.append("shape:question")
    # Mentions
    mentions = sorted(view.mentions)
    feats.append(f"nm:{min(len(mentions), 4)}")
    feats.extend(f"m:{m.label}" for m in mentions)
    if mentions:
        first = mentions[0]
        feats.append(f"m1:{first.label}:{_third(first.start, len(text))}")
        if sum(1 for p, _ in toks if p < first.start) <= 2:
            feats.append("m:opens")
    linked = {m.actor_id for m in mentions if m.actor_id}
    feats.append(f"na:{min(len(linked), 3)}")
    # Cues, with the verbs of judging the cue lexicon lacks read as STANCE cues, so that
    # "assailed" weighs as "condemned" does
    cues = sorted((*view.cues, *(Cue(start, end, JUDGMENT_CUE, "STANCE")
                                 for start, end in judgment_spans(toks, view.cues))))
    typed = [c for c in cues if c.type]
    feats.append(f"nc:{min(len(cues), 4)}")
    feats.append(f"nct:{min(len(typed), 3)}")
    for c in cues:
        feats.append(f"c:{c.id}")
        if c.type:
            feats.append(f"ct:{c.type}")
            feats.append(f"ct:{c.type}:{_third(c.start, len(text))}")
            before = [m for m in mentions if m.end <= c.start]
            after = [m for m in mentions if m.start >= c.end]
            feats.append(f"ct:{c.type}:actor_before:{bool(before)}")
            feats.append(f"ct:{c.type}:actor_after:{bool(after)}")
            if before:
                feats.append(f"ct:{c.type}:before:{before[-1].label}")
            if quotes and quotes[0] < c.start < quotes[-1]:
                feats.append(f"ct:{c.type}:in_quote")
            if modals:
                feats.append(f"ct:{c.type}:modal")
    if typed and mentions:
        feats.append("rule:candidate")  # what the rule pipeline draws: a typed cue and an actor
    # Word stems (few labels: "pledged", "pledges", "pledge" should teach one another), and
    # the reporting verb with the modal it frames ("said ... will": a commitment's shape)
    feats.extend(f"s:{stem}" for stem in {_stem(w) for w in words if len(w) > 4})
    feats.extend(f"rv+mod:{m}" for m in modals if reporting)
    feats.extend(_type_shapes(words, word_set))
    # what tells a statement from reported speech that commits to nothing (speech_features)
    feats.extend(speech_features(text, toks, REPORTING, bool(typed)))
    feats.extend(political_features(text, word_set, view.context, REPORTING,
                                    any(m.label == "PERSON" for m in mentions)))
    feats.extend(view.context)
    # a piece of a quotation opened before, read as the speaker's words (`narration`)
    feats.extend(piece_features(text, words, view.context))
    return feats


# Word families that tell the statement types apart, as a grammar of English states them
# (not learnt from any one set): believing and predicting (ASSESSMENT), obligation (DEMAND),
# a speaker binding themselves (COMMITMENT), approving and disapproving (STANCE).
_FAMILIES = {
    "belief": {"believe", "believes", "believed", "think", "thinks", "thought", "suspect",
               "suspects", "suspected", "expect", "expects", "expected", "predict", "predicted",
               "estimate", "estimated", "fear", "fears", "feared", "worried", "concerned",
               "confident", "doubt", "doubts", "likely", "unlikely", "probably", "possibly",
               "perhaps", "assessed", "concluded", "warned", "described"},
    "evaluation": {"crisis", "threat", "danger", "dangerous", "risk", "serious", "important",
                   "crucial", "critical", "necessary", "inevitable", "useless", "success",
                   "successful", "failure", "disaster", "problem", "good", "bad", "best",
                   "worst", "great", "terrible", "historic", "significant", "real"},
    "obligation": {"should", "must", "need", "needs", "ought", "urged", "urge", "urges",
                   "asked", "asks", "called", "calls", "demanded", "demands", "encouraged",
                   "insisted", "pressed", "pushed", "appealed", "requested", "let's"},
    "binding": {"will", "shall", "'ll", "plan", "plans", "planned", "intend", "intends",
                "pledged", "promised", "vowed", "committed", "agreed", "decided", "going",
                "ready", "prepared", "determined", "announced", "signed", "proposed"},
    "approval": {"support", "supports", "supported", "welcome", "welcomed", "welcomes",
                 "praise", "praised", "praises", "backed", "endorsed", "applauded", "thanked",
                 "congratulated", "hailed", "favour", "favor"},
    "disapproval": {"oppose", "opposed", "opposes", "condemn", "condemned", "condemns",
                    "criticised", "criticized", "criticism", "reject", "rejected", "rejects",
                    "denied", "denies", "deny", "accused", "accuses", "blamed", "slammed",
                    "attacked", "unacceptable", "wrong", "against", "denounced", "disputed"},
}
# with every verb of judging in every form (`judgment_words`); a word of the families above
# stays in its family ("dangerous" is an evaluation)
_FAMILY_OF = {**dict.fromkeys(APPROVAL, "approval"), **dict.fromkeys(DISAPPROVAL, "disapproval"),
              **{w: name for name, family in _FAMILIES.items() for w in family}}
_FIRST_PERSON = frozenset({"i", "we", "i'll", "we'll", "i'm", "we're", "our", "my"})
_COPULA = frozenset({"is", "are", "was", "were", "be", "been", "become", "remains"})
_IMPERATIVE = frozenset({"let", "let's", "don't", "stop", "please", "give", "keep", "do"})


def _type_shapes(words: list[str], word_set: set[str]) -> list[str]:
    """Word families present, and shapes of the types: a first person with a future ("we
    will", "I'm going to": binding oneself), a copula with an evaluation ("it is a crisis":
    judging), an opening imperative ("Let's discuss", "Don't hold ...": asking)."""
    feats = sorted({f"fam:{_FAMILY_OF[w]}" for w in word_set if w in _FAMILY_OF})
    plain = [w for w in words if w.isalpha() or "'" in w]
    if word_set & _FIRST_PERSON and word_set & {"will", "'ll", "going", "shall", "i'll", "we'll"}:
        feats.append("shape:first_person_future")
    if word_set & _COPULA and any(_FAMILY_OF.get(w) in ("evaluation", "belief") for w in word_set):
        feats.append("shape:copula_evaluation")
    if plain and plain[0] in _IMPERATIVE:
        feats.append("shape:imperative")
    return feats


_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s", "e")


def _stem(word: str) -> str:
    """A crude suffix stripper: enough to join a verb's forms without a lemmatiser."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def _summary(view: SentenceView) -> tuple[bool, bool, frozenset[str], bool]:
    """(reporting verb, quote marks, cue types, a political role named) of a sentence, for
    its neighbours' and its document's context."""
    words = {t for _, t in tokens(view)}
    return (bool(words & REPORTING), not _QUOTES.isdisjoint(view.text),
            frozenset(c.type for c in view.cues if c.type), names_politics(words))


def _quote_after(text: str, open_quote: int) -> int:
    """The quotation state after a sentence: 0 closed, else sentences since it opened (a
    quotation left open for more than four sentences is taken as a stray mark)."""
    opens, closes, straight = text.count("“"), text.count("”"), text.count('"') % 2
    if not open_quote:
        return 1 if opens > closes or straight else 0
    if closes > opens or straight or open_quote >= 4:
        return 0
    return open_quote + 1


def with_context(views: list[SentenceView]) -> list[SentenceView]:
    """A document's sentences (in order) with features of the sentences around them: whether
    a quotation opened before goes on in it (a piece of a speaker's quotation is a statement
    whose speaker is named elsewhere), what the sentences before and after report, and
    where in the article it stands (the first lines are a dateline and a lead), and how much
    of the document is about politics (`speech_features.political_context`)."""
    summaries = [_summary(v) for v in views]
    document = political_context([s[3] for s in summaries])
    out = []
    open_quote = 0  # sentences since a quotation was opened and not closed
    for k, view in enumerate(views):
        feats = ["ctx:first" if k == 0 else "ctx:lead" if k < 3 else "ctx:body"]
        if open_quote:
            feats.append("ctx:in_quote")
        if k:
            rv, quoted, types, _ = summaries[k - 1]
            feats.extend(("ctx:prev_rv",) * rv + ("ctx:prev_q",) * quoted)
            feats.extend(f"ctx:prev_ct:{t}" for t in types)
        if k + 1 < len(views):
            rv, quoted, _, _ = summaries[k + 1]
            feats.extend(("ctx:next_rv",) * rv + ("ctx:next_q",) * quoted)
        out.append(view._replace(context=(*feats, *document)))
        open_quote = _quote_after(view.text, open_quote)
    return out


def speech_like(view: SentenceView) -> bool:
    """A sentence that reports speech, quotes or holds a typed cue, whoever it names: where
    statements and the negatives that resemble them meet (the development rounds mark their
    hard negatives by such a frame alone, an actor named or not)."""
    words = {t for _, t in tokens(view)}
    return bool(words & REPORTING) or not _QUOTES.isdisjoint(view.text) or any(
        c.type for c in view.cues)


def looks_like_statement(view: SentenceView) -> bool:
    """A sentence that names an actor and reports speech, quotes or holds a typed cue: what a
    statement looks like on the surface. Those that are not statements are the hard negatives
    a threshold must keep out (the development gold set marks them by hand; training data
    does not, so this stands in for the mark)."""
    return bool(view.mentions) and speech_like(view)


def hashed(views: list[SentenceView]) -> tuple[np.ndarray, np.ndarray]:
    """The sentences as a sparse 0/1 matrix: (feature ids, row pointer), CSR without values.
    A feature repeated in a sentence counts once."""
    import numpy as np

    ids: list[int] = []
    indptr = [0]
    for view in views:
        ids.extend(sorted({_hash(f) for f in feature_names(view)}))  # sorted: same in every run
        indptr.append(len(ids))
    return np.asarray(ids, dtype=np.uint32), np.asarray(indptr, dtype=np.int64)
