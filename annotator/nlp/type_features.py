"""What tells the statement types apart: the frame verb and the reported clause's shape.

The written labelling rules (`tests/fixtures/gold/README.md`) decide a statement's type by
its structure more than by its topic: "must / should / needs to" with *another* actor as the
subject asks (DEMAND); "will / plans to / agreed to" with the speaker as the subject binds
(COMMITMENT); a copula with an evaluation, a prediction, a cause, "believe / suspect" judge
(ASSESSMENT); a harm on a condition ("if ... will", "or face", "unless") threatens (THREAT);
support, criticism, denial take a side (STANCE). These features read that structure without
a parser, from the sentence's tokens (actor mentions as placeholders):

* the frame verb (the first verb of reporting, deciding, asking, judging outside the quote
  marks, in any form: "urged", "urging", "called on / for") by the type it speaks for, and
  what follows it: an actor and "to" ("urged Iran to"), "to" ("vowed to"), "that", "for /
  on";
* the reported clause (inside the quote marks, else after the frame verb, else the whole
  sentence): its subject (the speaker's side: first person or a pronoun; an actor named;
  "it / this / there"; anything else) with its first modal or copula, a condition in it, an
  evaluation after a copula, a cause.

They are read by the type head alone (`statement_model.TypeHead`), which moves the type
shares and never the statement score.
"""

from __future__ import annotations

from itertools import pairwise

from annotator.nlp.quotes import quoted
from annotator.nlp.statement_features import SentenceView, tokens

_FRAMES = {
    "neutral": {"said", "says", "say", "told", "tells", "stated", "states", "added", "noted",
                "wrote", "writes", "explained", "remarked", "commented", "responded",
                "replied", "continued", "tweeted", "according", "reiterated", "stressed",
                "emphasized", "emphasised", "declared", "affirmed", "reaffirmed", "confirmed"},
    "commit": {"announced", "announces", "pledged", "pledges", "promised", "promises",
               "vowed", "vows", "committed", "commits", "agreed", "agrees", "signed", "plans",
               "planned", "intends", "intended", "proposed", "proposes", "offered", "decided",
               "undertook", "guaranteed", "assured", "pledging", "promising", "vowing",
               "announcing", "agreeing"},
    "stance": {"welcomed", "welcomes", "praised", "praises", "hailed", "backed", "supported",
               "supports", "endorsed", "endorses", "applauded", "thanked", "congratulated",
               "condemned", "condemns", "criticised", "criticized", "criticises",
               "criticizes", "denounced", "slammed", "attacked", "opposed", "opposes",
               "rejected", "rejects", "denied", "denies", "dismissed", "accused", "accuses",
               "blamed", "blames", "defended", "defends", "disputed", "questioned",
               "objected", "lambasted", "protested", "wants", "wanted", "hopes", "hoped",
               "favours", "favors", "favoured", "favored", "refused", "refuses", "welcoming",
               "praising", "condemning", "criticising", "criticizing", "denouncing",
               "opposing", "rejecting", "denying", "dismissing", "accusing", "blaming",
               "defending", "backing", "supporting", "endorsing", "slamming"},
    "demand": {"urged", "urges", "demanded", "demands", "asked", "asks", "insisted",
               "insists", "pressed", "presses", "appealed", "appeals", "requested",
               "requests", "encouraged", "encourages", "pushed", "implored", "invited",
               "urging", "demanding", "asking", "insisting", "pressing", "appealing",
               "requesting", "encouraging"},
    "threat": {"threatened", "threatens", "warned", "warns", "threatening", "warning"},
    "assess": {"believes", "believed", "believe", "thinks", "think", "thought", "predicted",
               "predicts", "expects", "expected", "estimated", "estimates", "described",
               "describes", "claimed", "claims", "argued", "argues", "suggested", "suggests",
               "concluded", "assessed", "suspected", "suspects", "feared", "fears",
               "acknowledged", "admitted", "conceded", "considered", "considers", "judged",
               "characterised", "characterized", "labelled", "labeled", "doubted", "arguing",
               "claiming", "suggesting", "predicting", "describing", "believing"},
}
_FRAME_OF = {w: name for name, words in _FRAMES.items() for w in words}
_SPEAKER_SIDE = frozenset({"i", "we", "i'm", "we're", "i'll", "we'll", "i've", "we've",
                           "our", "my", "he", "she", "they", "he'll", "she'll", "they'll",
                           "his", "her", "their"})
_FIRST = frozenset({"i", "we", "i'm", "we're", "i'll", "we'll", "i've", "we've", "our", "my"})
_IMPERSONAL = frozenset({"it", "it's", "this", "that", "there", "these", "those", "what"})
_SKIP = frozenset({"that", ",", ":", "“", "”", '"', "„", "«", "»", "the", "a", "an", "—", "-"})
_FUTURE = frozenset({"will", "'ll", "shall", "won't", "i'll", "we'll", "he'll", "she'll",
                     "they'll"})
_CONDITIONAL = frozenset({"would", "could", "might", "may", "wouldn't", "couldn't", "can",
                          "cannot", "can't"})
_OBLIGATION = frozenset({"must", "should", "ought", "shouldn't", "mustn't"})
_COPULA = frozenset({"is", "are", "was", "were", "'s", "'re", "isn't", "aren't", "wasn't",
                     "weren't", "be", "been", "remains", "remain", "seems", "looks"})
_TO_HEADS = {"going": "future", "plans": "future", "plan": "future", "intends": "future",
             "need": "oblig", "needs": "oblig", "has": "oblig", "have": "oblig"}
_CONDITION = frozenset({"if", "unless", "otherwise"})
_CAUSE = frozenset({"because", "caused", "causes", "cause", "due", "responsible", "behind",
                    "blame", "result", "linked", "led", "consequence"})
_EVALUATIVE = frozenset({
    "crisis", "threat", "danger", "dangerous", "risk", "serious", "important", "crucial",
    "critical", "necessary", "essential", "inevitable", "useless", "success", "successful",
    "failure", "disaster", "problem", "good", "bad", "best", "worst", "great", "terrible",
    "historic", "significant", "real", "clear", "false", "true", "wrong", "right", "likely",
    "unlikely", "possible", "impossible", "unacceptable", "illegal", "legitimate", "fair",
    "unfair", "safe", "unsafe", "worse", "better", "more", "less", "not", "no", "very"})


_CALL = frozenset({"call", "calls", "called", "calling"})


def _frame(words: list[str], inside: list[bool]) -> tuple[int, str | None]:
    """(index, class) of the first frame verb outside the quote marks, or (-1, None).
    "called on / for" asks; "called" alone names ("called it a hoax") and is no frame."""
    for k, w in enumerate(words):
        if inside[k]:
            continue
        if w in _CALL and words[k + 1:k + 2] in (["on"], ["for"], ["upon"]):
            return k, "demand"
        if w in _FRAME_OF:
            return k, _FRAME_OF[w]
    return -1, None


def _subject(clause: list[str]) -> str:
    for w in clause[:4]:
        if w in _SKIP:
            continue
        if w in _FIRST:
            return "first"
        if w in _SPEAKER_SIDE:
            return "speaker"
        if w.startswith("<"):
            return "actor"
        if w in _IMPERSONAL:
            return "it"
        return "other"
    return "none"


def _predicate(clause: list[str]) -> str:
    """The clause's first modal, "going/plans/needs to", or copula; "none" without one."""
    for a, b in pairwise([*clause, ""]):
        if a in _FUTURE:
            return "future"
        if a in _CONDITIONAL:
            return "cond"
        if a in _OBLIGATION:
            return "oblig"
        if b == "to" and a in _TO_HEADS:
            return _TO_HEADS[a]
        if a in _COPULA:
            return "copula"
    return "none"


def type_feature_names(view: SentenceView) -> list[str]:
    """The structure features of one sentence, as readable strings."""
    toks = tokens(view)
    words = [t for _, t in toks]
    spans = quoted(view.text) if any(ch in view.text for ch in '"“”„«»') else []
    inside = [any(s <= p < e for s, e in spans) for p, _ in toks]
    at, frame = _frame(words, inside)
    feats = [f"tf:{frame or 'none'}"]
    if at >= 0:
        after = words[at + 1:at + 4]
        if after[:1] == ["to"]:
            feats.append(f"tf:{frame}+to")
        elif after[:1] and after[0] in ("for", "on"):
            feats.append(f"tf:{frame}+{after[0]}")
        elif after[:1] == ["that"]:
            feats.append(f"tf:{frame}+that")
        if any(w.startswith("<") for w in after[:2]) and "to" in after:
            feats.append(f"tf:{frame}+actor+to")
        if any(w.startswith("<") for w in words[:at]):
            feats.append("tf:actor_before")
    if spans:
        clause = [w for w, i in zip(words, inside) if i]
        where = "quote"
    elif at >= 0:
        clause = words[at + 1:]
        where = "after"
    else:
        clause = words
        where = "all"
    subject, predicate = _subject(clause), _predicate(clause)
    feats += [f"rc:{where}", f"rc:{subject}+{predicate}", f"rc:pred:{predicate}",
              f"tf:{frame or 'none'}+{predicate}"]
    present = set(clause)
    if present & _CONDITION or "or face" in " ".join(clause):
        feats.append(f"rc:condition+{predicate}")
    if predicate == "copula":
        k = next(i for i, w in enumerate(clause) if w in _COPULA)
        nxt = clause[k + 1:k + 4]
        if set(nxt) & _EVALUATIVE:
            feats.append("rc:copula+evaluation")
        if nxt[:1] and nxt[0] in ("a", "an"):
            feats.append("rc:copula+a")
    if present & _CAUSE:
        feats.append("rc:cause")
    return feats
