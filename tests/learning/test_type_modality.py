"""Asking and binding: the type the written rules give a statement where its shape is plain
(another actor asked to act: DEMAND; the speaker's side bound: COMMITMENT), and the share it
gets over the statement model's type, never its score."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.nlp.statement_features import Mention, SentenceView
from annotator.nlp.type_modality import RULE_BONUS, modality, plain_types, rule_type

CLASSES = ["NONE", "ASSESSMENT", "COMMITMENT", "DEMAND", "STANCE", "THREAT"]


def _type(text: str, *names: str) -> str | None:
    mentions = tuple(Mention(text.index(n), text.index(n) + len(n), "GPE", n.upper()[:3])
                     for n in names)
    return rule_type(modality(SentenceView(text, (), mentions)))


@pytest.mark.parametrize(("text", "names", "expected"), [
    # asking another actor to act, in any form, after a quotation or not
    ("Iran urged the United States on Monday to lift sanctions.", ("Iran",), "DEMAND"),
    ("Trump, who has been criticised for it, called on Fox to apologize.", (), "DEMAND"),
    ("The senators called for a special session.", (), "DEMAND"),
    ("He issued a plea to the president to block the ban.", (), "DEMAND"),
    ("He issued a plea to Mr. Trump to block the ban.", (), "DEMAND"),  # "Mr." ends nothing
    ("“Stop lying!”", (), "DEMAND"),
    ("At least respect the part you play.", (), "DEMAND"),  # after sentence adverbs too
    ("And certainly don’t make faces during televised public events.", (), "DEMAND"),
    ("Nevertheless, respect the voters.", (), "DEMAND"),
    ("Now that the door is open, it is time for lawmakers to walk through it.", (), "DEMAND"),
    ("It is essential that the documents be preserved.", (), "DEMAND"),
    # another actor's obligation, inside the quote marks or outside them
    ("Cummings said the panel should hold a public hearing. “", (), "DEMAND"),
    ("“The administration should withdraw this decision,” the chairman said.", (), "DEMAND"),
    ("Clinton said Mexico should pay for it.", ("Mexico",), "DEMAND"),
    # the speaker's side bound, curly apostrophes and contractions too
    ("“As president, I’ll end this war on religion,” Perry says in the ad.", (), "COMMITMENT"),
    ("I won’t stop,” he said.", (), "COMMITMENT"),
    ("LePage declared on Wednesday that he would not step down.", (), "COMMITMENT"),
    ("But I am not going to allow this to dominate what I talk about.", (), "COMMITMENT"),
    # "hopes", "wants" take a side (the rules' table), even over a future or "X to"
    ("He said he hoped the negotiations would continue.", (), "STANCE"),
    ("McConnell has said he wants the Senate to confirm the judge.", (), "STANCE"),
    # a verb of believing over an obligation: how a policy should be, or the speaker's own
    # course, is a position; another actor's obligation to act asks, as it does alone
    ("I think the parent should be in charge.", (), "STANCE"),
    ("I believe the issue must be decided by the states.", (), "STANCE"),
    ("“I don’t think we should move forward on the nomination,” the senator said.", (),
     "STANCE"),
    ("I think that those countries should compromise and split the area in half.", (),
     "DEMAND"),
    ("I think someone should prosecute and go after them.", (), "DEMAND"),
    ("She said she believes Iran must release the sailors.", ("Iran",), "DEMAND"),
    ("He feels they should resign.", (), "DEMAND"),
    # agreeing over an obligation takes a side, whoever is to act
    ("The candidates agreed the sponsor should be nonpartisan.", (), "STANCE"),
    ("Most candidates agreed that the networks should host the debates.", (), "STANCE"),
    # binding itself with a verb of vowing, pledging or promising, in the main clause
    ("He did pledge to “eradicate from the face of the Earth” Islamic terrorism.", (),
     "COMMITMENT"),
    ("Senate Democrats on Thursday vowed to filibuster the nomination.", (), "COMMITMENT"),
    ("“I pledge that this Congress will be transparent,” Pelosi told the public.", (),
     "COMMITMENT"),
    ("The president pledged converting the museum to a mosque.", (), "COMMITMENT"),
    # concluding an agreement binds its parties (the table: "signed an agreement")
    ("The Nigerian government said Friday that it reached a cease-fire agreement with the "
     "group.", (), "COMMITMENT"),
    ("“A ceasefire agreement has been concluded between the government and the group,” said "
     "the officer.", (), "COMMITMENT"),
    # a third actor's obligation in the speaker's own words
    ("He should pay for it.", (), "DEMAND"),
    ("They need to make clear that there is no place for bigots in the movement.”", (),
     "DEMAND"),
    # a position verb governing the clause decides, whatever future follows it
    ("President Trump congratulated Pelosi, saying, “hopefully we’re going to get a lot "
     "done together.”", (), "STANCE"),
    ("Boko Haram has denied claims that it has agreed to a ceasefire and will release the "
     "girls.", (), "STANCE"),
    ("Joe Kasper told POLITICO that the congressman stands by his statement.", (), "STANCE"),
    # the first clause decides: a side taken before asking or binding (the rules' "rejected a
    # call for")
    ("He criticised the ruling and urged his friends to share the message.", (), "STANCE"),
    ("The UN rejected a call for its forces to be deployed.", (), "STANCE"),
    ("He criticised the deal and vowed to repeal it.", (), "STANCE"),
    ("But after Democrats had called for investigations, the counsel's office disputed it.",
     (), "STANCE"),
    ("The Court of Appeals for the 10th Circuit praised his intellect.", (), "STANCE"),
    # what follows an asking verb does not undo it
    ("He urged voters to vote for what they want.", (), "DEMAND"),
    ("Gorka encouraged supporters to remain hopeful after the court decision.", (), "DEMAND"),

    ("He tweeted that “we stand by our reporting, and we urge the Special Counsel to make "
     "clear what he’s disputing.”", (), "STANCE"),
    ("Trump called on Schiff to resign in a tweet that accused him of lying.", (), "DEMAND"),
    # not one in a relative clause or the passive: its subject is not the speaker
    ("Trump, who has been criticised for it, said he would pay for the wall.", (),
     "COMMITMENT"),
    # asking in the progressive is no passive
    ("Since he was nominated, liberal groups have been pressuring Democrats to filibuster "
     "the vote.", (), "DEMAND"),
])
def test_plain_shapes_decide_the_type(text, names, expected):
    assert _type(text, *names) == expected


@pytest.mark.parametrize("text", [
    "We need to withdraw our troops.",  # the speaker's own course: STANCE by the rules
    "Reductions in benefits should be minimal.",  # a judgement, no act asked
    "His conduct should deeply concern every American.",
    # a forecast or a judgement in the main clause decides, not the asking or obligation of
    # a clause coordinated after it
    "He said economists predict faster growth if it passes and urged lawmakers to vote.",
    "She said that the results were a rebuke and that party leaders should take note.",
    "North Korea has moved to deny reports its leader is planning to open a restaurant.",
    "He said he would support the bill.",  # a side taken, not a course bound
    "They will bring matters to a standstill unless he brings the bill.",  # a threat's shape
    "The US said China must drop its barriers to exports or face tariff penalties.",
    "Straw said the rebels must reach an agreement before assistance is released.",
    "When asked repeatedly, he declined to say.",
    "The weather was mild.",
    # asking in a background clause: the main clause decides (here none)
    "“You cannot just destroy documents when an agency is telling you to turn them over.”",
    # a vow that is a noun, a passive, in a relative clause or after a side taken
    "He tweeted a vow to support her.",
    "He allegedly was promised dirt on his rival.",
    "The governor is running an ad that seems to mock his rival, vows to end the war.",
    # an obligation in the passive names nobody who is to act: what another actor should do
    # or the speaker's side's own course ("the gun laws should be changed", from the prime
    # minister: STANCE by the rules), left to the model
    "Prime Minister Ardern said the gun laws should be changed.",
    "Gillibrand said that the report should be released “without delay.”",
    # an agreement not reached, or asked for, binds nobody
    "The president and Congress could not reach an agreement about the budget.",
    "Straw said the two sides must reach an agreement before assistance is released.",
    # "said he must": perhaps the speaker's own course (STANCE), left to the model
    "Johnson said he must leave by that date.",
])
def test_hedged_or_absent_shapes_decide_nothing(text):
    assert _type(text) is None


@pytest.mark.parametrize("text", [
    "While Biden did not say whether he supports changes, Hammons said he would run.",
    "The leaders, after talks over disputed waters, said they would meet again.",
    "Relations were poor over disputed resources, but the leaders said they would talk.",
    "Johnson told the public, “Corbyn opposes the deal, and I will get Brexit done.”",
    "“We know that many people backed it, and we will hold a vote,” the MP said.",
])
def test_a_side_not_the_speakers_is_not_taken_first(text):
    """A position verb in a background clause, used as an adjective, or in the quote marks
    with a third actor as its subject, is not the speaker's side taken first."""
    assert "md:side_first" not in modality(SentenceView(text))


def _reweighed(texts: list[str], row: list[float]) -> tuple[list, np.ndarray, np.ndarray]:
    """Views of `texts`, each with the class shares `row`, and the shares after the rules,
    checked to keep each statement score and to sum to one."""
    views = [SentenceView(t) for t in texts]
    probs = np.asarray([row] * len(texts))
    out = plain_types(probs, views, CLASSES)
    assert out[:, 0] == pytest.approx(probs[:, 0])  # the statement score stays
    assert out.sum(axis=1) == pytest.approx([1.0] * len(texts))
    return views, probs, out


def test_the_rules_type_gains_a_share_and_the_score_stays():
    views, probs, out = _reweighed(["Cummings said the panel should hold a public hearing.",
                                    "The weather was mild.",
                                    "“I’ll end this war,” Perry said."],
                                   [0.4, 0.05, 0.1, 0.1, 0.3, 0.05])
    assert CLASSES[int(np.argmax(out[0]))] == "DEMAND"  # was STANCE
    assert out[0, 3] / out[0, 4] == pytest.approx(np.exp(RULE_BONUS) * 0.1 / 0.3)
    assert out[1] == pytest.approx(probs[1])  # no plain shape: unchanged
    assert CLASSES[int(np.argmax(out[2]))] == "COMMITMENT"
    # a model that does not know the type keeps its own
    known = probs[:, [0, 1, 4]]
    assert plain_types(known, views, ["NONE", "ASSESSMENT", "STANCE"]) == pytest.approx(known)


def test_a_things_forecast_effect_is_no_commitment():
    """"this change would require approval": no actor binds itself, so COMMITMENT loses
    `RULE_BONUS` of its log share; a course the holder takes keeps its share."""
    _, probs, out = _reweighed(["UNESCO also said that this change would require its approval.",
                                "They contend the bills will help create jobs.",
                                "Lam said the government will withdraw the bill.",
                                "Iraq said it would allow the inspectors to return."],
                               [0.4, 0.05, 0.3, 0.05, 0.15, 0.05])
    assert out[3, 2] >= probs[3, 2]  # a state's permission is its own act
    assert out[0, 2] / out[0, 4] == pytest.approx(np.exp(-RULE_BONUS) * 0.3 / 0.15)
    assert CLASSES[1 + int(np.argmax(out[1, 1:]))] == "STANCE"  # was COMMITMENT
    assert out[2] == pytest.approx(probs[2])


def test_a_project_suggests_the_type_the_rules_give(project):
    """Out of the box, with the starter model: statements whose shape plainly asks or binds
    get that type, where the model alone proposed STANCE."""
    text = ("Senator Cummings of Maryland said the Senate should hold a public hearing on the "
            "deal instead of a private interview. “As president, I’ll end this war on our "
            "farmers,” Governor Perry of Texas says in the ad.")
    found = [s for s in project.load_suggester("builtin").one(text) if s.kind == "STATEMENT"]
    assert [(text[s.start:s.end].split()[0], s.label) for s in found] == [
        ("Senator", "DEMAND"), ("As", "COMMITMENT")]


def test_a_trained_models_held_out_types_are_those_it_suggests(monkeypatch):
    """The held-out type accuracy stored with a model is measured with the rules' share, as
    its suggestions are typed; the weights learnt do not depend on it."""
    from annotator.nlp import statement_model, type_modality
    from annotator.nlp.statement_model import Example, train

    def stance_first(held_out, views, labels, types, fold, **_):
        """Held-out shares that favour STANCE 2:1 over every other type, as the starter's
        do on news unlike its training text."""
        out = held_out.copy()
        share = np.where(np.asarray(types) == "STANCE", 2.0, 1.0)
        out[:, 1:] = (1.0 - out[:, :1]) * share / share.sum()
        return out

    monkeypatch.setattr(statement_model, "cross_fitted", stance_first)
    examples = []
    for k, topic in enumerate(["the border", "the budget", "the treaty", "the port"]):
        doc = f"doc{k}"
        examples += [
            Example(SentenceView(f"The minister said the council should reopen {topic}."),
                    "DEMAND", doc),
            Example(SentenceView(f"“We’ll reopen {topic},” the minister said."), "COMMITMENT",
                    doc),
            Example(SentenceView(f"The minister welcomed {topic}."), "STANCE", doc),
            Example(SentenceView(f"Rain fell on {topic} on Tuesday."), None, doc)]
    with_rule = train(examples, k=2, steps=20)
    monkeypatch.setattr(type_modality, "RULE_BONUS", 0.0)
    without = train(examples, k=2, steps=20)
    assert (with_rule.weights == without.weights).all()
    assert with_rule.meta["held_out"]["per_type"]["DEMAND"]["recall"] == 1.0
    assert without.meta["held_out"]["per_type"]["DEMAND"]["recall"] == 0.0
