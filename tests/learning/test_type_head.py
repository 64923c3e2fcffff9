"""The type head: structure features of the written rules, and a head that moves the types'
shares of a statement and never its score."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.nlp.statement_features import Mention, SentenceView
from annotator.nlp.statement_model import Example, StatementModel, rows_of, train
from annotator.nlp.type_features import type_feature_names
from annotator.nlp.type_head import TypeHead, _hash, fit_head

TYPES = ["ASSESSMENT", "COMMITMENT", "DEMAND", "STANCE", "THREAT"]


def _named(text: str, *names: tuple[str, str]) -> SentenceView:
    mentions = tuple(Mention(text.index(n), text.index(n) + len(n), "GPE", actor)
                     for n, actor in names)
    return SentenceView(text, (), mentions)


def test_the_frame_verb_and_the_reported_clause():
    demand = type_feature_names(_named("Iran urged the United States to lift sanctions.",
                                       ("Iran", "IRN"), ("United States", "USA")))
    assert {"tf:demand", "tf:demand+actor+to", "tf:actor_before"} <= set(demand)
    commit = type_feature_names(_named('Lam said: "We will withdraw the bill."'))
    assert {"tf:neutral", "rc:quote", "rc:first+future"} <= set(commit)
    judge = type_feature_names(_named('"The situation is a crisis," Pence said.'))
    assert {"rc:other+copula", "rc:copula+a", "rc:copula+evaluation"} <= set(judge)
    threat = type_feature_names(_named("China warned that if Taiwan moves, it will respond.",
                                       ("China", "CHN"), ("Taiwan", "TWN")))
    assert {"tf:threat+that", "rc:condition+future"} <= set(threat)
    # a frame in any form; "called on / for" asks, "called" alone names
    assert "tf:demand" in type_feature_names(_named("Iran, urging Iraq to wait, left."))
    assert "tf:demand" in type_feature_names(_named("Trump called on Fox to apologize."))
    assert "tf:demand" not in type_feature_names(_named("Trump called it a hoax."))
    # a quote's own words are not the frame: "urged" inside the marks is reported
    quoted = type_feature_names(_named('He said: "They urged us to wait."'))
    assert "tf:neutral" in quoted and "tf:demand" not in quoted


def test_the_head_moves_the_types_and_leaves_the_score():
    head = TypeHead(TYPES, np.asarray([_hash("rc:first+future")], dtype=np.uint32),
                    np.asarray([[0, 3, 0, 0, 0]], dtype=np.float32))
    views = [SentenceView('Lam said: "We will withdraw the bill."'),
             SentenceView("The weather was mild.")]
    probs = np.asarray([[0.4, 0.1, 0.1, 0.1, 0.25, 0.05]] * 2)
    out = head.adjust(probs, views)
    assert out[:, 0] == pytest.approx(probs[:, 0])  # the statement score stays
    assert out.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert np.argmax(out[0, 1:]) == TYPES.index("COMMITMENT")  # was STANCE
    assert out[1] == pytest.approx(probs[1])  # no structure it knows: unchanged


def _documents() -> list[Example]:
    """Statements whose topic words say nothing of their type; only their shape does."""
    topics = ["the border", "the budget", "the treaty", "the tariffs", "the strike",
              "the pipeline", "the vaccine", "the election", "the port", "the embargo",
              "the dam", "the talks"]
    out = []
    for k, topic in enumerate(topics):
        doc = f"doc{k}"
        out += [Example(SentenceView(f'The minister said: "We will reopen {topic}."'),
                        "COMMITMENT", doc),
                Example(SentenceView(f"The minister urged them to reopen {topic}."),
                        "DEMAND", doc),
                Example(SentenceView(f'The minister said "{topic} is a disaster."'),
                        "ASSESSMENT", doc),
                Example(SentenceView(f"The minister welcomed {topic}."), "STANCE", doc),
                Example(SentenceView(f"Rain fell on {topic} on Tuesday."), None, doc),
                Example(SentenceView(f"Traffic near {topic} was slow."), None, doc)]
    return out


def test_training_learns_a_head_that_a_stored_model_keeps():
    examples = _documents()
    model = train(examples, k=3, steps=40)
    assert model.type_head is not None and model.type_head.types == model.types
    views = [e.view for e in examples]
    probs = model.probabilities(views)
    again = StatementModel.from_bytes(model.to_bytes())
    assert again.type_head is not None
    assert again.probabilities(views) == pytest.approx(probs, abs=1e-6)
    assert again.version == model.version
    without = StatementModel(model.classes, model.feature_ids, model.weights, model.meta)
    assert without.probabilities(views)[:, 0] == pytest.approx(probs[:, 0])
    # a project's model from this one, on labels of one type: keeps this one's head
    stance = [e for e in examples if e.label in ("STANCE", None)]
    own = train(stance, k=3, steps=40, init=model, starter=rows_of(examples))
    assert own.type_head is model.type_head


def test_a_projects_head_keeps_the_starters_where_its_labels_cannot_teach():
    starter = TypeHead(TYPES, np.asarray([_hash("tf:demand")], dtype=np.uint32),
                       np.asarray([[0, 0, 2, 0, 0]], dtype=np.float32))
    views = [SentenceView("Iran urged calm."), SentenceView("Iran welcomed the deal.")]
    probs = np.full((2, 6), 1 / 6)
    assert fit_head(probs, views, ["STANCE", "STANCE"], TYPES, prior=starter) is starter
    assert fit_head(probs, views, ["STANCE", "STANCE"], TYPES) is None
    moved = fit_head(probs, views, ["DEMAND", "STANCE"], TYPES, prior=starter, min_count=1)
    assert moved is not None and _hash("tf:demand") in set(moved.feature_ids.tolist())



def test_the_head_learns_how_far_to_trust_the_shares_and_a_stored_model_keeps_it():
    """Shares that lean the wrong way as often as the right one are worth less than their
    log says: the head learns a weight below 1 for them; a head stored before that weight
    existed reads as 1."""
    views = [SentenceView(f"Iran welcomed the deal number {k}.") for k in range(40)]
    labels = ["STANCE" if k % 2 else "DEMAND" for k in range(40)]
    probs = np.asarray([[0.5, 0.02, 0.02, 0.02, 0.42, 0.02] if k % 4 < 2 else
                        [0.5, 0.02, 0.02, 0.42, 0.02, 0.02] for k in range(40)])
    head = fit_head(probs, views, labels, TYPES, min_count=1)
    assert head is not None and head.scale < 0.9
    arrays = head.arrays()
    assert TypeHead.from_arrays(TYPES, arrays).scale == head.scale
    del arrays["type_scale"]
    old = TypeHead.from_arrays(TYPES, arrays)
    assert old.scale == 1.0 and old.checksum() != head.checksum()
    # trusted shares (they type every statement right) keep a weight of about 1 or more
    right = np.asarray([[0.5, 0.02, 0.02, 0.42, 0.02, 0.02] if k % 2 == 0 else
                        [0.5, 0.02, 0.02, 0.02, 0.42, 0.02] for k in range(40)])
    trusted = fit_head(right, views, labels, TYPES, min_count=1)
    assert trusted is not None and trusted.scale > 0.95

# statements of two types whose structures share nothing: too few for a type head
_HEADLESS_DOCS = [
    [("Japan urged Egypt to reopen the port.", "DEMAND"), ("The weather in Japan was mild.", None),
     ("A bridge opened in Egypt on Monday.", None)],
    [('"We will reopen the port," the mayor said.', "COMMITMENT"),
     ("Traffic in France was slow.", None), ("Rain fell on Brazil on Tuesday.", None)],
    [("The market in Canada closed early.", None), ("A ferry left Mexico at noon.", None),
     ("Snow fell in India overnight.", None)],
    [("The council must open the market.", "DEMAND"), ("The river in Egypt rose.", None),
     ("Prices in Canada fell.", None)],
]


def test_a_model_without_a_head_types_asking_and_binding_as_the_rules_say(tmp_path):
    """A project's own model trained on too few typed statements for a type head still
    types by the written rules' shapes (asking: DEMAND, binding: COMMITMENT), in its
    held-out figures and in what it suggests."""
    import json

    from annotator.project import Project
    from annotator.store import statement_models

    path = tmp_path / "headless.annotator"
    with Project.create(path, annotator="alice") as project:
        source = tmp_path / "docs.jsonl"
        source.write_text("\n".join(json.dumps({"text": " ".join(t for t, _ in doc)})
                                    for doc in _HEADLESS_DOCS), encoding="utf-8")
        for doc_id, doc in zip(project.import_paths([source]).doc_ids, _HEADLESS_DOCS):
            at = 0
            for text, label in doc:
                if label:
                    project.annotate(doc_id, at, at + len(text), label)
                at += len(text) + 1
            project.set_status(doc_id, "done")
        report = project.train_model(start_from="scratch")
        uid = statement_models.history(project.db)[0].uid
        model = StatementModel.from_bytes(statement_models.data_of(project.db, uid))
    assert model.type_head is None and model.types == ["COMMITMENT", "DEMAND"]
    # held out, the asking sentence has the words of the pledge; the rules give its type
    assert report.held_out["per_type"]["DEMAND"]["recall"] == 1.0
    # the words of the pledge in the shape of asking, and the other way round
    asked = SentenceView("The mayor urged the council to reopen the port.")
    bound = SentenceView("The council said we will open the market.")
    assert [p.type for p in model.predict([asked, bound])] == ["DEMAND", "COMMITMENT"]
