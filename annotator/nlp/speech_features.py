"""What tells a statement from reported speech that commits to nothing.

The hard negatives of news are quotes and reports that name an actor and hold cue-like words
but bind nobody: narration of past events ("he had said", "was"), a short phrase in quote
marks, an attribution ("according to", "told") with nothing promised, demanded or judged.
These features read, without a parser, what a reader reads for that (the statement model's
other features are in `statement_features`):

* the tense and modality of the sentence and, apart, of the reported words (inside the quote
  marks, else after the reporting verb): future, conditional, obligation, present, past of
  "be", past perfect, perfect; first person, negation, a question;
* where the reporting verb stands against the quotation, and short quoted phrases;
* attribution verbs that commit to nothing against verbs of commitment ("vowed to");
* whether the reported words hold an evaluative word (`evaluative_words`);
* condolences, a bare attribution and pieces of a quotation (`narration`);
* the document's kind: the share of its sentences naming a political role or institution
  (`political_context`), at graded levels, and conjoined with quoting, reporting, a first
  person and a named person. In news about politics a quoted first person is mostly a
  statement; in a sports or science article mostly not. A linear model cannot learn that
  interaction from the words alone.

Levels are cumulative (a document at 0.4 carries >=0.15, >=0.25 and >=0.35), so the model
learns a graded step rather than one cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from annotator.nlp.evaluative_words import NAMES as EVALUATIVE
from annotator.nlp.evaluative_words import evaluative_features
from annotator.nlp.narration import NAMES as NARRATION
from annotator.nlp.narration import narration_features
from annotator.nlp.quotes import quoted

FUTURE = frozenset({"will", "'ll", "shall", "won't", "i'll", "we'll", "he'll", "she'll",
                    "they'll"})
CONDITIONAL = frozenset({"would", "could", "might", "may", "wouldn't", "couldn't"})
OBLIGATION = frozenset({"must", "should", "ought", "shouldn't", "mustn't"})
PRESENT = frozenset({"is", "are", "am", "'s", "'re", "isn't", "aren't"})
PAST_BE = frozenset({"was", "were", "wasn't", "weren't"})
FIRST_PERSON = frozenset({"i", "we", "our", "my", "us", "me", "i'm", "we're", "i'll", "we'll",
                          "i've", "we've", "ours"})
NEGATION = frozenset({"not", "n't", "never", "no", "won't", "cannot", "can't", "don't",
                      "doesn't", "didn't", "wouldn't"})
# verbs that bind the speaker when followed by "to" ("vowed to", "plans to", "refused to")
COMMITTING = frozenset({
    "vow", "vowed", "vows", "pledge", "pledged", "pledges", "promise", "promised", "promises",
    "commit", "committed", "commits", "intend", "intends", "intended", "plan", "plans",
    "planned", "agree", "agreed", "agrees", "aim", "aims", "aimed", "seek", "seeks", "sought",
    "want", "wants", "wanted", "threaten", "threatened", "threatens", "refuse", "refused",
    "refuses", "decided", "decide", "decides", "prepared", "ready", "determined", "going"})
# reporting verbs that only attribute words to someone
ATTRIBUTING = frozenset({"said", "says", "say", "told", "tells", "added", "according", "noted",
                         "stated", "explained", "wrote", "recalled", "described", "reported",
                         "recounted"})
_IRREGULAR_PARTICIPLES = frozenset({
    "been", "done", "gone", "made", "said", "told", "seen", "taken", "given", "known", "shown",
    "written", "spoken", "held", "met", "left", "won", "lost", "sent", "brought", "thought",
    "become", "begun", "come", "got", "gotten", "put", "set", "run", "kept", "paid"})
# roles and institutions of politics, as any political desk's style guide lists them
POLITICAL = frozenset({
    "president", "minister", "senator", "sen", "sen.", "rep", "rep.", "representative",
    "governor", "gov", "gov.", "mayor", "congressman", "congresswoman", "lawmaker", "lawmakers",
    "spokesman", "spokeswoman", "spokesperson", "official", "officials", "secretary",
    "chairman", "chairwoman", "leader", "democrat", "democrats", "democratic", "republican",
    "republicans", "gop", "party", "administration", "government", "prime", "parliament", "mp",
    "mps", "candidate", "ambassador", "diplomat", "campaign", "senate", "congress", "house",
    "white", "opposition", "ministry", "cabinet", "legislature", "legislators", "vote",
    "voters", "election", "policy", "bill", "speaker", "premier", "chancellor", "foreign",
    "military", "troops", "sanctions"})
POLITICAL_LEVELS = (0.15, 0.25, 0.35, 0.45)
_QUOTE_MARKS = frozenset('"“”')
_QUOTE_MARKS_ALL = frozenset('"“”„«»')  # what `quotes.quoted` reads
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WEEKDAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
                      re.IGNORECASE)


_MOODS = ("future", "cond", "oblig", "present", "pastbe", "pluperfect", "perfect", "first",
          "neg", "question")
_PERSON_SHAPES = ("q", "rv", "first", "person")


def names() -> list[str]:
    """Every feature this module can give. They say whether a sentence commits, not to
    what: the statement model lets them move only the "not a statement" score, so that the
    type stays with the words and cues (`statement_features.DETECTION_ONLY`)."""
    out = [f"{prefix}:{mood}" for prefix in ("tm", "inq", "rep") for mood in _MOODS]
    out += ["tm:commit_to", "tm:perfect_report", "att:neutral_only", "att:neutral_no_cue",
            "att:commit_and_report", "time:year", "time:weekday", "pol:any", *EVALUATIVE, *NARRATION]
    out += [f"qp:{name}" for name in ("no_rv", "rv_after", "rv_before", "rv_between", "short",
                                       "phrase")]
    for level in POLITICAL_LEVELS:
        out += [f"ctx:pol>={level}", *(f"pol{level}+{name}" for name in _PERSON_SHAPES)]
    return out


def _participle(word: str) -> bool:
    return word.endswith(("ed", "en")) or word in _IRREGULAR_PARTICIPLES


def _followed_by_to(words: list[str], firsts: Iterable[str]) -> bool:
    heads = frozenset(firsts)
    return any(a in heads and b == "to" for a, b in pairwise(words))


def tense_and_mood(prefix: str, words: list[str]) -> list[str]:
    """Tense, modality, person, negation and a question in these words, as `prefix:...`."""
    present = set(words)
    to = "to" in present  # the pairs below are looked for only where they can be
    out = []
    if present & FUTURE or (to and "going" in present and _followed_by_to(words, ("going",))):
        out.append("future")
    if present & CONDITIONAL:
        out.append("cond")
    if present & OBLIGATION or (to and _followed_by_to(words, ("need", "needs", "have",
                                                                 "has"))):
        out.append("oblig")
    if present & PRESENT:
        out.append("present")
    if present & PAST_BE:
        out.append("pastbe")
    if "had" in present and any(
            a == "had" and (_participle(b) or _participle(c))
            for a, b, c in zip(words, [*words[1:], ""], [*words[2:], "", ""])):
        out.append("pluperfect")
    if ("has" in present or "have" in present) and any(
            a in ("has", "have") and _participle(b) for a, b in pairwise(words)):
        out.append("perfect")
    if present & FIRST_PERSON:
        out.append("first")
    if present & NEGATION:
        out.append("neg")
    if "?" in present:
        out.append("question")
    return [f"{prefix}:{name}" for name in out]


def speech_features(text: str, toks: list[tuple[int, str]], reporting: frozenset[str],
                    typed_cue: bool) -> list[str]:
    """Tense and mood of the sentence and of its reported words, the reporting verb against
    the quotation, attribution against commitment, time markers. `toks` are the sentence's
    (offset, lower-cased token) pairs with actor mentions as placeholders."""
    words = [t for _, t in toks]
    present = set(words)
    feats = tense_and_mood("tm", words)
    if "to" in present and present & COMMITTING and _followed_by_to(words, COMMITTING):
        feats.append("tm:commit_to")
    if present & {"had", "has", "have"} and any(
            a in ("had", "has", "have") and b in reporting for a, b in pairwise(words)):
        feats.append("tm:perfect_report")
    spans = [] if _QUOTE_MARKS_ALL.isdisjoint(text) else quoted(text)
    inside: list[str] = []
    outside = toks
    if spans:
        outside = []
        for p, t in toks:
            if any(s <= p < e for s, e in spans):
                inside.append(t)
            else:
                outside.append((p, t))
    verbs = [k for k, (_, t) in enumerate(outside) if t in reporting]
    after_verb = [t for _, t in outside[verbs[0] + 1:]] if verbs else None
    if inside:
        feats.extend(tense_and_mood("inq", inside))
    elif after_verb is not None:
        feats.extend(tense_and_mood("rep", after_verb))
    # the reported words: inside the quote marks, else after the reporting verb
    reported = inside if spans else after_verb
    feats.extend(evaluative_features(reported))
    feats.extend(narration_features(words, reported, bool(spans)))
    if spans:
        first, last = spans[0][0], spans[-1][1]
        at = [outside[k][0] for k in verbs]
        if not at:
            feats.append("qp:no_rv")
        elif at[0] > last:
            feats.append("qp:rv_after")
        elif at[-1] < first:
            feats.append("qp:rv_before")
        else:
            feats.append("qp:rv_between")
        if sum(e - s for s, e in spans) < 0.25 * len(text):
            feats.append("qp:short")
        if len(inside) <= 4:
            feats.append("qp:phrase")
    said = present & reporting
    if said and said <= ATTRIBUTING:
        feats.append("att:neutral_only")
        if not typed_cue:
            feats.append("att:neutral_no_cue")
    if said and present & COMMITTING:
        feats.append("att:commit_and_report")
    if _YEAR.search(text):
        feats.append("time:year")
    if _WEEKDAY.search(text):
        feats.append("time:weekday")
    return feats


def names_politics(words: Iterable[str]) -> bool:
    return any(w in POLITICAL for w in words)


def political_context(political: list[bool]) -> tuple[str, ...]:
    """The document's levels of political sentences (`ctx:pol>=L`, cumulative), from whether
    each of its sentences names a political role or institution."""
    if not political:
        return ()
    share = sum(political) / len(political)
    return tuple(f"ctx:pol>={level}" for level in POLITICAL_LEVELS if share >= level)


def political_features(text: str, words: set[str], context: tuple[str, ...],
                       reporting: frozenset[str], names_person: bool) -> list[str]:
    """A political role named here, and quoting, reporting, a first person and a named
    person at each political level of the document."""
    feats = ["pol:any"] if names_politics(words) else []
    quote = not _QUOTE_MARKS.isdisjoint(text)
    for level in POLITICAL_LEVELS:
        if f"ctx:pol>={level}" not in context:
            break
        present = (quote, bool(words & reporting), bool(words & FIRST_PERSON), names_person)
        feats.extend(f"pol{level}+{name}" for name, p in zip(_PERSON_SHAPES, present) if p)
    return feats
