"""Words that carry a judgement, and whether a sentence's reported words hold one.

A statement reports a position or a judgement ("It is a total hoax.", "the resolution was not
an attempt to label the movement as racist", "This dialogue is important."); the hard
negatives of news report speech that commits to nothing: who said what when, what was asked,
what happened. Positions and judgements are said with evaluative words, narration mostly
without. The words come from a general sentiment lexicon (VADER's, `resources/lexicons/`), not
from any set the model is measured on, so the feature carries to text whose speakers and
topics the training data never saw. Only the reported words count (inside the quote marks,
else after the reporting verb): the narrator's own words around a quotation do not say
whether the speaker took a side.
"""

from __future__ import annotations

from functools import cache

# the feature names this module gives (`speech_features.names` lists them as detection-only)
NAMES = ("ev:any", "ev:none", "ev:pos", "ev:neg")


@cache
def valences() -> dict[str, float]:
    """word -> valence (-4 .. +4) of the shipped evaluative words."""
    from annotator.core.resources import resource

    out: dict[str, float] = {}
    text = resource("lexicons", "evaluative-words.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, value = line.split("\t")
            out[word] = float(value)
    return out


def evaluative_features(reported: list[str] | None) -> list[str]:
    """Whether the reported words (lower-cased tokens; None where the sentence reports no
    speech) hold an evaluative word, and of which sign."""
    if reported is None:
        return []
    found = [v for v in map(valences().get, reported) if v is not None]
    if not found:
        return ["ev:none"]
    feats = ["ev:any"]
    if any(v > 0 for v in found):
        feats.append("ev:pos")
    if any(v < 0 for v in found):
        feats.append("ev:neg")
    return feats
