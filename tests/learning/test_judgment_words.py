"""Verbs of judging in every form join the approval and disapproval families, so a weight
learnt on a few of them carries to the rest ("assailed", "lashed out ... accusing")."""

from __future__ import annotations

from annotator.nlp.statement_features import Cue, Mention, SentenceView, feature_names
from annotator.nlp.statement_model import Example, fit


def _families(text: str) -> set[str]:
    return {f for f in feature_names(SentenceView(text)) if f.startswith("fam:")}


def test_verbs_of_judging_in_any_form_are_one_family():
    assert "fam:disapproval" in _families("Two lawmakers assailed the administration's decision.")
    assert "fam:disapproval" in _families("Cruz lashed out at Trump, accusing him of lying.")
    assert "fam:disapproval" in _families("Democrats are criticizing the deal.")
    assert "fam:approval" in _families("Trump's allies cheered the agent's termination.")
    assert "fam:approval" in _families("The senator lauded the police.")
    assert not _families("The storm damaged dozens of homes.")


def test_a_word_of_another_family_stays_in_it():
    assert _families("It is dangerous.") == {"fam:evaluation"}
    assert _families("They warned him.") == {"fam:belief"}


def test_a_weight_learnt_on_some_verbs_carries_to_the_others():
    germany = (Mention(0, 7, "GPE", "DEU"),)
    statements = [f"Germany {verb} the plan of the neighbours." for verb in
                  ("condemned", "criticised", "rejected", "denounced")]
    negatives = [f"Germany {verb} the plan of the neighbours." for verb in
                 ("printed", "studied", "received", "translated", "filed", "read")]
    examples = [Example(SentenceView(t, (), germany), "STANCE", f"s{i}")
                for i, t in enumerate(statements)]
    examples += [Example(SentenceView(t, (), germany), None, f"n{i}")
                 for i, t in enumerate(negatives)]
    model = fit(examples, l2=1e-3)
    unseen = [SentenceView(f"Germany {verb} the plan of the neighbours.", (), germany)
              for verb in ("assailed", "lambasted", "copied")]
    judged, lambasted, copied = (p.score for p in model.predict(unseen))
    assert judged > copied + 0.2 and lambasted > copied + 0.2


def test_a_verb_of_judging_the_lexicon_lacks_reads_as_a_stance_cue():
    lawmakers = SentenceView("Two lawmakers assailed the decision.")
    feats = set(feature_names(lawmakers))
    assert {"c:judgment", "ct:STANCE", "nct:1"} <= feats and "nc:0" not in feats
    # a word the cue lexicon matched stays that cue, once
    condemned = SentenceView("Germany condemned the plan.", (Cue(8, 17, "condemn", "STANCE"),),
                             (Mention(0, 7, "GPE", "DEU"),))
    feats = set(feature_names(condemned))
    assert {"c:condemn", "nc:1", "rule:candidate"} <= feats and "c:judgment" not in feats
    # and a sentence without one has no cue
    assert "nc:0" in feature_names(SentenceView("The storm damaged dozens of homes."))
