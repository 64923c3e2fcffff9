"""Reported words that commit to nothing, by the written rules' kinds of hard negative.

The labelling rules (`tests/fixtures/gold/README.md`) name what looks like a statement and is
not: condolences, sympathy and prayers ("My thoughts are with the injured"), attribution
fragments that report who spoke and nothing of what was said ("Macron told the world on
Thursday via Twitter."), and, of a quotation split over several sentences, the pieces that
only narrate. These features read those kinds without a parser (the statement model's other
detection features are in `speech_features`, which lists these as detection-only):

* `nar:sympathy`: a word of condolence, sympathy, prayer or mourning;
* `nar:short_report`: no quote marks, the reporting verb within the sentence's first five
  tokens, and at most six words after it: who spoke, to whom, when, and little or nothing
  of what was said;
* `nar:piece` with the piece's own tense, mood and evaluative words as reported words
  (`inq:...`, `ev:...`): a sentence inside a quotation opened in an earlier sentence, with no
  quote marks of its own. Such a piece is the speaker's words whole, so it is read as the
  words inside quote marks are, and a piece that narrates the past tells itself apart from
  one that takes a position as a quoted sentence does.
"""

from __future__ import annotations

from annotator.nlp.evaluative_words import evaluative_features

SYMPATHY = frozenset({
    "condolence", "condolences", "sympathy", "sympathies", "saddened", "prayers", "praying",
    "pray", "mourn", "mourns", "mourned", "mourning", "grief", "grieving", "heartbroken",
    "tribute", "tributes"})
SHORT_REPORT_AT = 4  # the reporting verb's index at most (0-based: its first five tokens)
SHORT_REPORT_WORDS = 6  # words after the reporting verb at most
NAMES = ("nar:sympathy", "nar:short_report", "nar:piece")
_QUOTE_MARKS = frozenset('"“”„«»')


def narration_features(words: list[str], reported: list[str] | None,
                       quoted: bool) -> list[str]:
    """`words`: the sentence's lower-cased tokens; `reported`: the tokens after its first
    reporting verb where it has no quote marks (`quoted` False), else its quoted words, or
    None where it reports no speech."""
    feats = []
    if not SYMPATHY.isdisjoint(words):
        feats.append("nar:sympathy")
    if reported is not None and not quoted:
        at = len(words) - len(reported) - 1  # where the reporting verb stands
        if at <= SHORT_REPORT_AT and sum(w.isalpha() for w in reported) <= SHORT_REPORT_WORDS:
            feats.append("nar:short_report")
    return feats


def piece_features(text: str, words: list[str], context: tuple[str, ...]) -> list[str]:
    """A piece of a quotation opened before (`ctx:in_quote`, `statement_features.with_context`)
    without quote marks of its own, read whole as reported words."""
    if "ctx:in_quote" not in context or not _QUOTE_MARKS.isdisjoint(text):
        return []
    from annotator.nlp.speech_features import tense_and_mood

    return ["nar:piece", *tense_and_mood("inq", words), *evaluative_features(words)]
