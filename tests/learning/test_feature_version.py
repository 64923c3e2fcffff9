"""A stored statement model is never read with other features than it was trained with
without the user being told: every model records its feature set, and a project's own model
trained with another one is named stale, with what to do, wherever the model is described."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.nlp.statement_features import (
    FEATURE_VERSION,
    UNVERSIONED_FEATURES,
    trained_features,
)
from annotator.project import Project
from annotator.project.learning import starter_model, starter_rows
from tests.learning.conftest import build, make_stale

pytest.importorskip("spacy")


def test_the_shipped_starter_was_built_with_the_current_features():
    """Changed the features and bumped FEATURE_VERSION? Rebuild the starter
    (bench/train_starter.py): a project's own model learns from its rows and starts from it."""
    starter = starter_model()
    assert starter is not None
    assert starter.features == FEATURE_VERSION, (
        f"the shipped starter was trained with feature set {starter.features}, the features "
        f"are at {FEATURE_VERSION}: rebuild it with bench/train_starter.py")
    assert starter_rows() is not None  # its training rows belong to it


def test_a_model_without_a_feature_set_counts_as_the_one_before_versions():
    assert UNVERSIONED_FEATURES == 1 < FEATURE_VERSION
    assert trained_features({}) == UNVERSIONED_FEATURES
    assert trained_features({"features": FEATURE_VERSION}) == FEATURE_VERSION


def test_a_stale_own_model_gives_way_to_the_starter_and_says_so(labelled):
    assert not labelled.model_state().stale
    uid = make_stale(labelled)
    state = labelled.model_state()
    assert state.stale and state.own == uid and state.own_features == UNVERSIONED_FEATURES
    assert state.in_use == "starter"
    assert "annotator train" in state.note() and f"feature set {FEATURE_VERSION}" in state.note()
    assert labelled.statement_model().version == starter_model().version
    assert "stale" in labelled.suggestion_source()
    # suggestions still work, with the starter
    labelled.suggest(model="builtin")
    keys = {r[0] for r in labelled.db.execute("SELECT pipeline FROM suggestion_runs")}
    assert keys == {labelled.load_suggester("builtin").key}
    assert all(f"model@{starter_model().version}" in key for key in keys)


def test_training_again_replaces_the_stale_model(labelled):
    uid = make_stale(labelled)
    report = labelled.train_model(start_from="scratch")
    assert report.features == FEATURE_VERSION and report.replaced_stale == uid
    assert uid[:8] in report.summary() and "no longer used" in report.summary()
    assert not labelled.model_state().stale
    assert labelled.statement_model().version == report.version


def test_teach_modes_retraining_replaces_the_stale_model(labelled):
    from annotator.project.teaching import retrain

    make_stale(labelled)
    done = retrain(labelled)
    assert done.scores is not None and not labelled.model_state().stale
    assert labelled.statement_model().features == FEATURE_VERSION


def test_the_cli_tells_the_user_and_what_to_do(labelled):
    path = labelled.path
    uid = make_stale(labelled)
    labelled.close()
    runner = CliRunner()
    suggested = runner.invoke(cli, ["suggest", str(path), "--model", "builtin"])
    assert suggested.exit_code == 0, suggested.output
    assert "Warning:" in suggested.output and "annotator train PROJECT" in suggested.output
    stats = runner.invoke(cli, ["stats", str(path)])
    assert stats.exit_code == 0, stats.output
    assert "shipped starter model" in stats.output and "annotator train" in stats.output
    figures = json.loads(runner.invoke(cli, ["stats", str(path), "--json"]).output)
    state = figures["statement_model"]
    assert state["stale"] and state["own"] == uid and state["in_use"] == "starter"
    assert state["own_features"] == UNVERSIONED_FEATURES and state["features"] == FEATURE_VERSION
    trained = json.loads(runner.invoke(cli, ["train", str(path), "--json"]).output)
    assert trained["features"] == FEATURE_VERSION and trained["replaced_stale"] == uid
    figures = json.loads(runner.invoke(cli, ["stats", str(path), "--json"]).output)
    assert not figures["statement_model"]["stale"] and not figures["statement_model"]["note"]


def test_merging_models_of_other_feature_sets_works_and_names_the_stale_one(labelled, tmp_path):
    uid = make_stale(labelled)
    # into a project with a current model of its own: ours stays in use, theirs is named stale
    with build(tmp_path / "carol.annotator", n_docs=10) as carol:
        own = carol.train_model(start_from="scratch")
        merged = carol.merge(labelled.path)
        assert merged.models_added == 1 and merged.model_activated is None
        assert len(merged.model_notes) == 1 and uid[:8] in merged.model_notes[0]
        assert "stale" in merged.model_notes[0]
        assert carol.statement_model().version == own.version and not carol.model_state().stale
    # into a project without one: theirs comes in as it was, stale, and the user is told
    with Project.create(tmp_path / "bob.annotator", annotator="bob") as bob:
        merged = bob.merge(labelled.path)
        assert merged.model_activated == uid and bob.model_state().stale
        assert any("annotator train" in note for note in merged.model_notes)
        assert bob.statement_model().version == starter_model().version
    Project.create(tmp_path / "dave.annotator", annotator="dave").close()
    result = CliRunner().invoke(cli, ["merge", str(tmp_path / "dave.annotator"),
                                      str(labelled.path)])
    assert result.exit_code == 0, result.output
    assert f"warning: statement model {uid[:8]}" in result.output
    assert "stale" in result.output and "annotator train" in result.output
