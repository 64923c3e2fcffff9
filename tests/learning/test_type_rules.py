"""Statement types the written rules decide by shape: a threat, a forecast judged, a risk
warned of, the odds; the type moves, the statement score never does."""

from __future__ import annotations

import json

import numpy as np
import pytest

from annotator.nlp.candidates import RULE_TYPE_SHARE
from annotator.nlp.statement_features import SentenceView
from annotator.nlp.type_rules import decide, decided_type
from annotator.project import Project
from annotator.project.learning import starter_model

TYPES = ["ASSESSMENT", "COMMITMENT", "DEMAND", "STANCE", "THREAT"]


@pytest.mark.parametrize("text", [
    "The mayor followed the letter up by threatening to sue the council.",
    "Moscow has threatened to leave the talks if the missiles are deployed.",
    "The hostage says his life is threatened if the army does not withdraw.",
    "The party said it will boycott the vote unless the premier agrees to resign.",
    "The cabinet declared that Ruritania must lift its quotas or face penalties.",
    "The senators vowed to block every nomination until the budget passes.",
    "He said he will not sign a bill that does not fund the border force.",
    "\u201cI can close the border if I want,\u201d the president said.",
    "The general said all options were on the table after the raid.",
])
def test_a_threat_by_its_shape(text):
    assert decided_type(SentenceView(text)) == "THREAT"


@pytest.mark.parametrize("text", [
    "The adviser added that he thinks the Senate will pass the treaty.",
    "The governor predicted the opposition would lose the state in November.",
    "The minister said he was \u201cskeptical\u201d that the committee would agree.",
    # doubt about what another actor will do: the negative forms of the same words
    "Other senators remained unconvinced that the House would follow through.",
    "The envoy said she was doubtful that the talks would resume this year.",
    "\u201cI believe the Chancellor will keep her word,\u201d Senator Reed told reporters.",
    "Senator Holt warned that the stalled handover could be a danger to the country.",
    # the main clause forecasts; the asking of a clause coordinated after it does not decide
    "The adviser predicted the Senate would pass the treaty and urged lawmakers to vote.",
    "He believes the party will lose the seat, urging the leader to step down.",
    "The speaker gave his party a chance of keeping the House.",
    "\u201cBut there\u2019s a one-in-four chance we could lose,\u201d the speaker said.",
])
def test_a_judgement_that_takes_no_side_by_its_shape(text):
    assert decided_type(SentenceView(text)) == "ASSESSMENT"


@pytest.mark.parametrize("text", [
    # a risk, a threat or a crisis characterised (the rules' "is an international crisis",
    # "poses a threat")
    "\u201cIt is an international crisis,\u201d the minister said.",
    "The minister said the border standoff poses a threat to regional trade.",
    "The governor said the state is \u201cin the midst of a crisis on our border.\u201d",
    "\u201cThis is definitely domestic terrorism,\u201d the director said.",
    # a belief or suspicion about what an actor did
    "Intelligence agencies believe the general ordered the raid.",
    "The senator maintained his strong belief that the campaign colluded with the embassy.",
    "The mayor said he has doubts about whether the governor was born in the state.",
    # a prediction said with a word of likelihood
    "The minister said it is only going to get worse.",
    "The attorney said there is likely no legal issue.",
    # a situation described as the main clause
    "\u201cUndoubtedly there is collusion,\u201d the chairman said.",
    "The ministry remains confident there are ways to get the treaty through parliament.",
])
def test_a_situation_risk_or_belief_that_takes_no_side(text):
    assert decided_type(SentenceView(text)) == "ASSESSMENT"


@pytest.mark.parametrize("text", [
    # a relative clause about an actor: the main clause decides
    "The senator visited detainees who pose a serious threat to the state.",
    # a risk denied: a claim rejected, a position
    "\u201cThere is no national emergency,\u201d the attorney general said.",
    # asked: "called for" asks like "urged"
    "The mayor called for calm, saying the flooding is a crisis.",
    "He called on the Senate to act, predicting the House would follow.",
    # the speaker's own course
    "\u201cWe\u2019re going to be able to handle this,\u201d the minister said.",
    # a noun, not a verb of suspecting
    "Police said the suspects were linked to the network.",
    # a belief in the present, or about the speaker's own deeds
    "She believes the report is accurate.",
    "\u201cI believe we did everything we could,\u201d he said.",
    # a situation in a clause that hangs on another, asked, or of the speaker's own side
    "While there are other items, the party opposes the budget.",
    "There are so many criminals out there, minister?",
    "\u201cTo voters I say, there is a real party of peace,\u201d the candidate said.",
])
def test_no_assessment_where_the_situation_shape_does_not_decide(text):
    assert decided_type(SentenceView(text)) is None


@pytest.mark.parametrize("text", [
    "\u201cI think it\u2019s immoral,\u201d the senator said.",
    "The ministry said the report was unfounded and misleading.",
    "The governor said the ruling is a disgrace.",
    # a value in a clause that forecasts: the value decides
    "She predicted the plan would be a terrible mistake.",
    # the main clause judges; the asking of a clause coordinated after it does not undo it
    "The minister said the report was unfounded and urged the paper to retract it.",
    # an actor judged by its character, honesty, competence or fitness (the rules' table)
    "“Trump is a liar,” the senator said.",
    "The opposition leader said the president is unfit to lead.",
    "The minister said the regime is brutal.",
    "“Our leadership is weak and ineffective.",
    "“He was a dictator.",
])
def test_a_judgement_of_value_takes_a_side(text):
    assert decided_type(SentenceView(text)) == "STANCE"


@pytest.mark.parametrize("text", [
    # the judgement is not the speaker's: it hangs on a condition
    "He said impeachment is only possible if the public believe Trump is unfit for office.",
    # the risk an actor poses is no judgement of value
    "The minister said the group poses a threat to the region.",
])
def test_a_judgement_in_a_clause_that_hangs_on_another_decides_no_side(text):
    assert decided_type(SentenceView(text)) != "STANCE"


@pytest.mark.parametrize("text", [
    "Officials said the regime was brutal, and urged the council to act.",
])
def test_a_judgement_of_an_actor_before_asking_decides(text):
    assert decided_type(SentenceView(text)) == "STANCE"


@pytest.mark.parametrize("text", [
    # the speaker's own course, or the one spoken to: a commitment or a position
    "\u201cI think we will win this fight,\u201d she said.",
    "\u201cI think you can see who paid for this,\u201d he said.",
    # a clause that judges with a copula before the modal
    "\u201cI think it\u2019s sad that the union would side with them,\u201d he said.",
    # a word that takes a side or asks
    "He believes the Senate will fail, and he condemned the delay.",
    "She thinks the states should decide and that the courts will agree.",
    # no clause of its own
    "The bill is expected to pass on Friday.",
    "The agency suggested people think about it where they cannot keep apart.",
    # who acts is said: the model decides between a threat and a risk
    "China warned that it would respond if Taiwan moved.",
    # held in reserve, but asked of another: the model decides
    "He urged the leader to change the rules if necessary.",
    # a value where something is asked first: the model decides
    "He urged the networks to admit that their reports are false.",
    "He urged the networks to stop, and said their reports were false.",
    # asked first, then a forecast: the asking clause is the main one
    "He urged the Senate to act and predicted the House would follow.",
    # a compound, not a verb of threatening
    "The minister said the injuries were not life-threatening.",
    # held until, but no actor refusing: a state of things
    "A tanker was blocking the harbour until the storm passed.",
    # an opportunity, not the odds
    "The bill gives migrants a chance to settle their status.",
    # quoted, the word of threatening is the speaker's, not the frame
    'He said: "They threatened us before."',
])
def test_no_rule_where_the_shape_does_not_decide(text):
    assert decided_type(SentenceView(text)) is None


def test_the_decided_type_wins_and_the_score_stays():
    views = [SentenceView("Iran threatened to close the strait."),
             SentenceView("The weather was mild.")]
    probs = np.asarray([[0.2, 0.05, 0.1, 0.05, 0.55, 0.05]] * 2)
    out = decide(probs, views, TYPES)
    assert out[:, 0] == pytest.approx(probs[:, 0])  # the statement score stays
    assert out.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert TYPES[int(np.argmax(out[0, 1:]))] == "THREAT"  # was STANCE
    # no rule candidate's type outweighs it (`candidates` lets one win at this share of the top)
    assert np.sort(out[0, 1:])[-2] < RULE_TYPE_SHARE * out[0, 1:].max()
    assert out[1] == pytest.approx(probs[1])  # no shape the rules decide: unchanged
    # a scheme without the type: left to the model
    assert decide(probs, views, ["ASSESSMENT", "COMMITMENT", "DEMAND", "STANCE", "OTHER"]) \
        is probs


def test_the_starter_suggests_the_type_the_rules_decide(tmp_path):
    """Out of the box, a forecast judged is stored as an ASSESSMENT (the starter alone
    proposed COMMITMENT for both), with the statement score the model gave it."""
    texts = ["The minister said he was skeptical that the committee would agree to the plan.",
             "\u201cI believe the Chancellor will keep her word,\u201d Senator Reed told reporters."]
    source = tmp_path / "docs.jsonl"
    source.write_text("\n".join(json.dumps({"text": f"{t} The weather was mild on Monday.",
                                            "title": f"Doc {i}"}) for i, t in enumerate(texts)),
                      encoding="utf-8")
    project = Project.create(tmp_path / "p.annotator", annotator="alice")
    ids = project.import_paths([source]).doc_ids
    project.suggest(model="builtin")
    model = starter_model()
    for doc_id in ids:
        found = [s for s in project.suggestions(doc_id) if s.kind == "STATEMENT"]
        assert [s.label for s in found] == ["ASSESSMENT"]
        assert found[0].attrs["model"] == model.version and found[0].score >= model.threshold
