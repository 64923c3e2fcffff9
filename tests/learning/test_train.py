"""Training the statement model on a project's labels, and suggesting with it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.nlp.statement_model import StatementModel
from annotator.project import Project
from annotator.project.learning import TrainingError

pytest.importorskip("spacy")


def _statements(project: Project) -> dict[str, tuple[str, float, dict]]:
    """The stored STATEMENT suggestions of the last run, by covered text."""
    out = {}
    for doc_id in [r[0] for r in project.db.execute("SELECT id FROM documents")]:
        doc = project.document(doc_id)
        for s in project.suggestions(doc_id):
            if s.kind == "STATEMENT":
                out[doc.text[s.start:s.end]] = (s.label, s.score, s.attrs)
    return out


def test_training_changes_the_stored_suggestions(labelled):
    rules = labelled.load_suggester("builtin", statement_model=False)
    labelled.suggest(suggester=rules)
    before = _statements(labelled)
    assert any("pledged" in text for text in before)  # the rules draw the trap sentences

    report = labelled.train_model(start_from="scratch")
    assert not report.cancelled and report.model_id is not None
    assert report.positives == {"THREAT": 12} and report.negatives == 24
    assert set(report.held_out) >= {"precision", "recall", "f1", "type_accuracy"}

    model = labelled.statement_model()
    assert isinstance(model, StatementModel) and model.version == report.version
    assert model.meta["layers"] == ["alice"] and "held_out" in model.meta

    labelled.suggest(model="builtin")
    after = _statements(labelled)
    assert after and not any("pledged" in text for text in after)
    assert all(label == "THREAT" and attrs["model"] == model.version
               for label, _, attrs in after.values())
    assert all(score >= model.threshold for _, score, _ in after.values())
    # slots still come from the rules where they found a candidate
    assert all(attrs.get("holder") for _, _, attrs in after.values())


def test_scored_sentences_cover_every_sentence(labelled):
    labelled.train_model(start_from="scratch")
    doc_id = labelled.db.execute("SELECT min(id) FROM documents").fetchone()[0]
    scored = list(labelled.score_sentences([doc_id]))
    assert len(scored) == 3
    threat = max(scored, key=lambda s: s.score)
    assert threat.type == "THREAT" and threat.drawn and threat.holder == "JPN"
    assert abs(sum(threat.type_scores.values()) - 1) < 0.01


def test_not_enough_labels_is_a_coded_error(tmp_path):
    from tests.learning.conftest import build

    with build(tmp_path / "few.annotator", n_docs=1, done=False) as project, \
            pytest.raises(TrainingError) as info:
        project.train_model()
    assert "[E420]" in str(info.value)


def test_cancel_keeps_the_model_in_use(labelled):
    first = labelled.train_model(start_from="scratch")
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 30

    second = labelled.train_model(start_from="scratch", should_stop=stop)
    assert second.cancelled and second.model_id is None
    assert labelled.statement_model().version == first.version
    assert labelled.db["statement_models"].count == 1


def test_model_round_trips_through_bytes(labelled):
    import annotator.nlp.statement_model as statement_model
    from annotator.project.learning import starter_model

    labelled.train_model(start_from="starter")
    model = labelled.statement_model()
    # learnt from the starter's sentences too: it knows the types this project never labelled
    assert model.meta["prior"] == starter_model().version and model.base is None
    assert set(model.types) >= {"COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT"}
    again = StatementModel.from_bytes(model.to_bytes())
    views = [e.view for e in labelled.learning.examples(["alice"])[0]]
    assert [p.score for p in again.predict(views)] == [p.score for p in model.predict(views)]
    assert again.version == model.version and again.meta == model.meta
    newer = statement_model.FORMAT + 1
    original, statement_model.FORMAT = statement_model.FORMAT, newer
    try:
        future = model.to_bytes()
    finally:
        statement_model.FORMAT = original
    with pytest.raises(ValueError, match=f"format {newer} is newer"):
        StatementModel.from_bytes(future)


def test_cli_train(labelled):
    path = labelled.path
    labelled.close()
    result = CliRunner().invoke(cli, ["train", str(path), "--layers", "alice", "--json",
                                      "--start-from", "scratch"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["positives"] == {"THREAT": 12} and report["layers"] == ["alice"]
    text = CliRunner().invoke(cli, ["train", str(path), "--layers", "bob"])
    assert text.exit_code == 1 and "[E420]" in text.output


def test_target_precision_setting_moves_the_threshold_without_retraining(labelled):
    labelled.train_model(start_from="scratch")
    trained = labelled.statement_model()
    curve = trained.meta["curve"]
    assert len(curve) == 36
    labelled.set_setting("suggest_target_precision", 1.0)
    strict = labelled.statement_model()
    assert strict.version == trained.version and strict.meta["target_precision"] == 1.0
    assert strict.threshold >= trained.threshold
    drawn = [s for s, g in curve if s >= strict.threshold]
    positives = [s for s, g in curve if s >= strict.threshold and g]
    assert drawn and len(positives) == len(drawn)
    # a new threshold is a new suggestion key: documents are scored again
    keys = {labelled.load_suggester("builtin").key}
    labelled.set_setting("suggest_target_precision", 0.1)
    keys.add(labelled.load_suggester("builtin").key)
    assert f"/{strict.threshold:g}" in labelled.load_suggester("builtin", statement_model=strict).key


def test_merge_brings_the_model_over(labelled, tmp_path):
    report = labelled.train_model(start_from="scratch")
    with Project.create(tmp_path / "bob.annotator", annotator="bob") as bob:
        merged = bob.merge(labelled.path)
        assert merged.models_added == 1 and merged.model_activated == report.version
        assert bob.statement_model().version == report.version
        assert bob.statement_model().meta["held_out"] == labelled.statement_model().meta["held_out"]
        again = bob.merge(labelled.path)  # merging twice changes nothing
        assert again.models_added == 0 and bob.db["statement_models"].count == 1
    # a model of our own stays the active one when a colleague's comes in
    from tests.learning.conftest import build

    with build(tmp_path / "carol.annotator", n_docs=10) as carol:
        own = carol.train_model(start_from="scratch")
        merged = carol.merge(labelled.path)
        assert merged.models_added == 1 and merged.model_activated is None
        assert carol.statement_model().version == own.version != report.version


def test_the_starter_stays_in_use_where_it_does_better_on_the_labels(labelled, monkeypatch):
    import annotator.project.learning as learning
    from annotator.project.learning import starter_model

    real = learning._figures_on
    seen = []

    def better(model, examples):
        seen.append(real(model, examples))  # the real figures: a held-out set for the starter
        return seen[-1] | {"f1": 1.01}

    monkeypatch.setattr(learning, "_figures_on", better)
    report = labelled.train_model(start_from="scratch")
    assert not report.active and "stays in use" in report.summary()
    assert seen[0]["positives"] == 12 and seen[0]["negatives"] == 24
    assert labelled.statement_model().version == starter_model().version
    history = labelled.db.execute("SELECT uid, active FROM statement_models").fetchall()
    assert history == [(report.version, 0)]
    monkeypatch.setattr(learning, "_figures_on", real)
    again = labelled.train_model(start_from="starter")
    assert again.active and labelled.statement_model().version == again.version
    assert labelled.statement_model().meta["prior"] == starter_model().version


def test_cli_suggest_says_which_model_draws_the_statements(labelled):
    path = labelled.path
    report = labelled.train_model(start_from="scratch")
    labelled.close()
    result = CliRunner().invoke(cli, ["suggest", str(path), "--model", "builtin"])
    assert result.exit_code == 0, result.output
    assert f"Statement model: trained here {report.version}" in result.output


def test_the_window_can_say_which_model_draws_the_candidates(labelled):
    """The status bar names the statement model in use, not only the pipeline."""
    assert labelled.suggestion_source() == f"{labelled.pipeline_name()} + starter model"
    labelled.train_model(start_from="scratch")
    own = labelled.suggestion_source()
    assert " + own model " in own and len(own.rsplit(" ", 1)[1]) == 8
    labelled.set_setting("suggest_with_model", False)
    assert labelled.suggestion_source() == f"{labelled.pipeline_name()}, rules only"


def test_the_default_target_is_the_starters_precision_on_the_labels_never_below_one_half():
    from annotator.project.learning import MATCHED_FLOOR, matched_target

    assert matched_target(0.667) == 0.67 and matched_target(0.9) == 0.9
    assert MATCHED_FLOOR == 0.5 and matched_target(0.18) == 0.5 and matched_target(0.0) == 0.5


def test_without_a_setting_the_own_model_aims_at_the_starters_precision(labelled):
    """Unset, the target precision is what the starter reaches on the project's labels (so a
    trained model is compared with it at the same precision); the setting still rules."""
    import numpy as np

    from annotator.nlp.statement_model import choose_threshold
    from annotator.project.learning import matched_target

    report = labelled.train_model(start_from="scratch")
    starter = report.starter_held_out
    assert starter["drawn"] and report.target_from == "starter"
    assert report.target_precision == matched_target(starter["precision"]) != 0.7
    assert "the starter model's on these labels" in report.summary()
    trained = labelled.statement_model()
    assert trained.meta["target_precision"] == report.target_precision
    assert trained.meta["target_from"] == "starter"
    curve = trained.meta["curve"]  # still a threshold for that precision on held-out scores
    scores = np.asarray([s for s, _ in curve])  # (kept to four decimals)
    gold = ["S" if g else None for _, g in curve]
    again = choose_threshold(scores, gold, report.target_precision)
    assert abs(trained.threshold - again) <= 1e-4

    labelled.set_setting("suggest_target_precision", 0.9)
    fixed = labelled.train_model(start_from="scratch")
    assert (fixed.target_precision, fixed.target_from) == (0.9, "setting")
