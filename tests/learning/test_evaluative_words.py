"""Whether the reported words hold an evaluative word: a position or a judgement is said with
one ("It is a disgrace"), a report that commits to nothing mostly without ("We met on
Tuesday"). The words are a general sentiment lexicon's, so a weight learnt on a few carries
to words the training data never saw."""

from __future__ import annotations

from annotator.nlp.evaluative_words import NAMES, valences
from annotator.nlp.statement_features import Mention, SentenceView, feature_names
from annotator.nlp.statement_model import Example, fit


def _evaluative(text: str) -> set[str]:
    return {f for f in feature_names(SentenceView(text)) if f.startswith("ev:")}


def test_the_reported_words_are_read_for_an_evaluative_word():
    assert _evaluative('"It is a total hoax," the senator said.') == {"ev:any", "ev:neg"}
    assert _evaluative("The senator said the plan was a great success.") == {"ev:any", "ev:pos"}
    assert _evaluative('"We met on Tuesday," the senator said.') == {"ev:none"}
    assert _evaluative("The senator said they met on Tuesday.") == {"ev:none"}


def test_only_the_reported_words_count():
    # the narrator's words around the quotation say nothing of the speaker's side
    assert _evaluative('The furious senator said: "We met on Tuesday."') == {"ev:none"}
    assert _evaluative("The furious senator said that they met on Tuesday.") == {"ev:none"}
    # and a sentence that reports no speech has no reported words
    assert _evaluative("The storm was a disaster for the town.") == set()


def test_the_words_are_shipped_with_their_attribution():
    from annotator.core.attributions import collect
    from annotator.core.resources import resources_dir

    words = valences()
    assert len(words) > 5000 and words["disgrace"] < -1 and words["praise"] > 1
    assert all(abs(v) >= 1 for v in words.values())
    lexicons = [a for a in collect(resources_dir()) if a.folder == "lexicons"]
    assert lexicons and "MIT License" in lexicons[0].text and "Hutto" in lexicons[0].text


def test_a_weight_learnt_on_some_words_carries_to_the_others():
    senator = (Mention(1, 12, "PERSON", "USA"),)

    def view(word: str) -> SentenceView:
        return SentenceView(f"“Senator Doe said it was {word}.”", (), senator)

    statements = ["a disgrace", "outrageous", "terrible", "a scandal"]
    negatives = ["on Tuesday", "at noon", "in Ohio", "by train", "on paper", "in May"]
    examples = [Example(view(w), "STANCE", f"s{i}") for i, w in enumerate(statements)]
    examples += [Example(view(w), None, f"n{i}") for i, w in enumerate(negatives)]
    model = fit(examples, l2=1e-3)
    shameful, wonderful, weekly = (p.score for p in model.predict(
        [view("shameful"), view("wonderful"), view("weekly")]))
    assert shameful > weekly + 0.1 and wonderful > weekly + 0.1


def test_they_are_detection_features():
    from annotator.nlp.speech_features import names
    from annotator.nlp.statement_features import DETECTION_ONLY, _hash

    assert set(NAMES) <= set(names())
    assert {_hash(n) for n in NAMES} <= DETECTION_ONLY
