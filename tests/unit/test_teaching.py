"""Teach mode's stream and decisions, against a real project file (no Qt)."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.resources import resource
from annotator.project import Project, teaching
from annotator.project.teaching import Scored, Scores, TeachError, TeachStream


def _sample_rows(n: int) -> list[dict[str, str]]:
    with resource("samples", "wikinews-samples.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))[:n]


@pytest.fixture(scope="module")
def samples_template(tmp_path_factory):
    """Three shipped Wikinews articles, pre-highlighted with the rule pipeline, built once."""
    folder = tmp_path_factory.mktemp("teach")
    path = folder / "few.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in _sample_rows(3)), encoding="utf-8")
    with Project.create(folder / "template.annotator", annotator="alice") as project:
        project.import_paths([path])
        project.suggest(model="builtin")
    return folder / "template.annotator"


@pytest.fixture
def samples(samples_template, tmp_path):
    shutil.copy(samples_template, tmp_path / "p.annotator")
    with Project.open(tmp_path / "p.annotator", annotator="alice") as project:
        yield project


def _sentences(project) -> list[tuple[int, int, int]]:
    out = []
    for doc_id, raw in project.db.execute(
            "SELECT doc_id, attrs FROM suggestions WHERE kind = 'SENTENCES' ORDER BY doc_id"):
        out.extend((doc_id, start, end) for start, end in json.loads(raw)["bounds"])
    return out


def _scores(keys, scores, threshold=0.5, holder="USA", target=None) -> Scores:
    return Scores([Scored(d, s, e, score, "STANCE", {"STANCE": 1.0}, holder, target)
                   for (d, s, e), score in zip(keys, scores)], threshold, "test")


def test_most_uncertain_first_and_never_twice(samples):
    keys = _sentences(samples)[:6]
    stream = TeachStream(random_share=0.0)
    stream.rescore(_scores(keys, [0.95, 0.52, 0.1, 0.45, 0.7, 0.49]))
    first = stream.take(samples, 4)
    assert [round(item.score, 2) for item in first] == [0.49, 0.52, 0.45, 0.7]
    assert {item.reason for item in first} == {"uncertain"}
    rest = stream.take(samples, 10)
    assert [round(item.score, 2) for item in rest] == [0.1, 0.95]
    assert stream.take(samples, 1) == []
    # a new scoring keeps what was handed out handed out
    stream.rescore(_scores(keys, [0.5] * 6))
    assert stream.take(samples, 1) == []


def test_random_share_draws_from_the_whole_pool(samples):
    keys = _sentences(samples)
    scores = [i / len(keys) for i in range(len(keys))]
    stream = TeachStream(random_share=0.5, seed=7)
    stream.rescore(_scores(keys, scores))
    items = stream.take(samples, 20)
    reasons = [item.reason for item in items]
    assert 5 <= reasons.count("random") <= 15
    assert len({item.key for item in items}) == 20
    uncertain = [item.score for item in items if item.reason == "uncertain"]
    # the uncertain ones are the nearest to the threshold, in order
    assert uncertain == sorted(uncertain, key=lambda s: abs(s - 0.5))
    with pytest.raises(TeachError) as error:
        TeachStream(random_share=1.5)
    assert error.value.code == "E470"


def test_item_shows_its_paragraph_and_proposal(samples):
    doc_id, start, end = next(k for k in _sentences(samples)
                              if "Trump said on Friday he can" in samples.document(k[0]).text[k[1]:k[2]])
    stream = TeachStream(random_share=0.0)
    stream.rescore(_scores([(doc_id, start, end)], [0.5], target="MEX"))
    (item,) = stream.take(samples, 1)
    text = samples.document(doc_id).text
    assert item.sentence == text[start:end]
    assert item.paragraph.startswith("United States President Donald Trump said on Friday")
    assert item.paragraph.endswith("Congress has not passed his proposed budget.")
    assert item.attrs == {"holder": "USA", "target": "MEX"}
    assert item.title.startswith("President Trump says")
    assert item.actors[:1] == ("USA",) and "MEX" in item.actors
    assert item.actor_names["USA"]
    for m_start, m_end, _label, _actor in item.mentions:
        assert item.paragraph_start <= m_start < m_end <= item.paragraph_start + len(item.paragraph)


def test_accept_and_reject_go_through_the_normal_paths(samples):
    keys = _sentences(samples)[:3]
    stream = TeachStream(random_share=0.0)
    stream.rescore(_scores(keys, [0.5, 0.4, 0.3], target="MEX"))
    a, b, c = stream.take(samples, 3)
    annotation = teaching.accept(samples, a, "COMMITMENT", {**a.attrs, "polarity": "SUPPORT",
                                                           "target": None})
    assert (annotation.layer, annotation.label, annotation.origin) == ("alice", "COMMITMENT",
                                                                      "suggestion")
    assert annotation.attrs == {"holder": "USA", "polarity": "SUPPORT"}
    teaching.reject(samples, b)
    key = f"STATEMENT:{b.start}:{b.end}:STANCE"
    assert samples.db.execute("SELECT key, decision FROM suggestion_decisions").fetchall() == [
        (key, "rejected")]
    assert teaching.is_decided(samples, *a.key) and teaching.is_decided(samples, *b.key)
    assert not teaching.is_decided(samples, *c.key)
    # a new stream does not ask about decided sentences again
    fresh = TeachStream(random_share=0.0)
    fresh.rescore(_scores(keys, [0.5, 0.4, 0.3]))
    assert [item.key for item in fresh.take(samples, 3)] == [c.key]
    # both are ordinary actions: undo takes them back, and the sentences are open again
    samples.undo()
    samples.undo()
    assert not teaching.is_decided(samples, *a.key) and not teaching.is_decided(samples, *b.key)
    summaries = [e["summary"] for e in samples.history(limit=4)]
    assert any("suggestion STANCE STATEMENT" in s and "rejected" in s for s in summaries)


def test_reject_refuses_a_span_outside_the_text(samples):
    doc_id, _, _ = _sentences(samples)[0]
    length = len(samples.document(doc_id).text)
    with pytest.raises(Exception) as error:
        samples.reject_span(doc_id, length - 2, length + 5, "STATEMENT", "STANCE")
    assert "outside the text" in str(error.value)


def test_rule_candidates_score_the_stream_without_a_model(samples):
    scores = teaching.rule_scores(samples)
    stored = samples.db.execute(
        "SELECT COUNT(*) FROM suggestions WHERE kind = 'STATEMENT'").fetchone()[0]
    assert stored and len(scores.sentences) == stored and scores.source == "rules"
    assert all(s.type in teaching.statement_types(samples) for s in scores.sentences)


def test_retraining_makes_a_model_that_scores_every_sentence(samples):
    for s in teaching.rule_scores(samples).sentences[:8]:
        samples.annotate(s.doc_id, s.start, s.end, s.type, {"holder": s.holder} if s.holder else {})
    for doc in samples.documents():
        samples.set_status(doc.id, "done")
    done = teaching.retrain(samples)
    model = samples.statement_model()
    assert done.version == model.version == done.scores.source
    assert done.f1 is not None and done.scores.threshold == model.threshold
    assert len(done.scores.sentences) == len(_sentences(samples))
    assert done.scores.sentences == teaching.score_project(samples).sentences
    stopped = teaching.retrain(samples, should_stop=lambda: True)
    assert stopped.scores is None and samples.statement_model().version == model.version


def test_nothing_to_teach_is_a_coded_error(project):
    with pytest.raises(TeachError) as error:
        teaching.score_project(project)
    assert error.value.code == "E470" and "pre-highlight" in str(error.value).lower()


def test_settings_are_checked(project):
    assert teaching.settings(project) == (teaching.RANDOM_SHARE, teaching.RETRAIN_EVERY)
    project.set_setting(teaching.RETRAIN_EVERY_SETTING, "10")  # as `annotator settings` stores
    project.set_setting(teaching.RANDOM_SHARE_SETTING, "0.3")
    assert teaching.settings(project) == (0.3, 10)
    for bad in (0, "2.5", "ten", True):
        project.set_setting(teaching.RETRAIN_EVERY_SETTING, bad)
        with pytest.raises(TeachError) as error:
            teaching.settings(project)
        assert teaching.RETRAIN_EVERY_SETTING in str(error.value)


@pytest.mark.parametrize("text, sentence, expected", [
    ("Intro line.\r\nFirst. He pledged aid 👍🏽 today. Last.\r\nNext line.",
     "He pledged aid 👍🏽 today.", "First. He pledged aid 👍🏽 today. Last."),
    ("x" * 10 + " " + "word " * 400 + "He pledged aid. " + "word " * 400,
     "He pledged aid.", None),
])
def test_paragraph_bounds(text, sentence, expected):
    start = text.index(sentence)
    end = start + len(sentence)
    left, right = teaching.paragraph_bounds(text, start, end, limit=200)
    shown = text[left:right]
    assert sentence in shown
    if expected is not None:
        assert shown == expected
    else:  # a paragraph too long is cut at words, about `limit` around the sentence
        assert len(shown) <= 200 and shown.startswith("word") and shown.endswith("word")


def test_retraining_in_its_own_process_reports_errors_with_their_code(samples):
    with pytest.raises(AnnotatorError) as error:
        teaching.retrain_elsewhere(samples.path, "alice")
    assert error.value.code == "E420" and "not enough labelled sentences" in str(error.value)
    assert error.value.hint


def test_undo_takes_back_a_decision_only_when_it_is_the_last_action(samples):
    keys = _sentences(samples)[:2]
    stream = TeachStream(random_share=0.0)
    stream.rescore(_scores(keys, [0.5, 0.4]))
    a, b = stream.take(samples, 2)
    teaching.accept(samples, a)
    teaching.reject(samples, b)
    with pytest.raises(TeachError):  # b's rejection is on top, not a's statement
        teaching.undo_decision(samples, a)
    teaching.undo_decision(samples, b)
    samples.set_status(a.doc_id, "done")  # a change elsewhere, since
    with pytest.raises(TeachError) as error:
        teaching.undo_decision(samples, a)
    assert "Ctrl+Z in the main window" in str(error.value)
    assert teaching.is_decided(samples, *a.key)  # refused: nothing changed
    samples.undo()
    teaching.undo_decision(samples, a)
    assert not teaching.is_decided(samples, *a.key) and samples.next_undo() is None


def test_retraining_in_its_own_process_stops_when_asked(samples):
    stopped = teaching.retrain_elsewhere(samples.path, "alice", should_stop=lambda: True)
    assert stopped.scores is None and stopped.f1 is None
    assert samples.db.execute("SELECT COUNT(*) FROM statement_models").fetchone() == (0,)
