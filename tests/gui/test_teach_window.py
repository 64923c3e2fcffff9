"""Teach mode driven by the keyboard, against a real project file with a small trained model."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtCore import Qt

from annotator.project import Project, teaching
from bench.teach_project import taught_project
from tests.gui.conftest import rows, settle

CTRL = Qt.KeyboardModifier.ControlModifier
ACTIVE_MODEL = "SELECT uid FROM statement_models WHERE active = 1 ORDER BY id DESC LIMIT 1"


@pytest.fixture(scope="module")
def taught_template(tmp_path_factory):
    """Four shipped Wikinews articles, pre-highlighted; another annotator (bob) has labelled
    the rule candidates of the first two and marked them done, and a model is trained on it."""
    path = tmp_path_factory.mktemp("teach-gui") / "taught.annotator"
    taught_project(path, articles=4, labelled=2, retrain_every=3)
    return path


@pytest.fixture
def taught_path(taught_template, tmp_path):
    target = tmp_path / "taught.annotator"
    shutil.copy(taught_template, target)
    return target


def statements(path):
    return rows(path, "SELECT doc_id, start, end, label, attrs FROM annotations"
                      " WHERE layer = 'alice' AND deleted_at IS NULL ORDER BY created_at")


def rejected(path):
    return rows(path, "SELECT doc_id, key FROM suggestion_decisions WHERE layer = 'alice'")


def open_teach(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    teach = window.teach_window
    qtbot.waitUntil(lambda: teach.current is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not teach.fetching, timeout=10_000)
    return teach


def press(qtbot, teach, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(teach.view, key, modifier)
    settle(qtbot, teach)


def test_teach_by_keyboard_accept_retype_reject_skip_undo_and_retrain(qtbot, open_window,
                                                                       taught_path):
    window = open_window(taught_path)
    model_before = rows(taught_path, ACTIVE_MODEL)
    teach = open_teach(qtbot, window)
    assert "threshold" in teach.panel.model.text()  # scored by the trained model
    first = teach.current
    assert first.reason in ("uncertain", "random") and first.sentence in first.paragraph
    assert teach.view.text == first.paragraph

    # Enter accepts the proposal as a statement of alice's, with its holder and target
    press(qtbot, teach, Qt.Key.Key_Return)
    assert teach.current.key != first.key
    ((doc_id, start, end, label, attrs),) = statements(taught_path)
    assert (doc_id, start, end, label) == (*first.key, first.type)
    assert json.loads(attrs) == first.attrs

    # a digit changes the type first; a slot key edits the proposal; Enter accepts both
    second = teach.current
    press(qtbot, teach, Qt.Key.Key_7)
    assert teach.label == "THREAT" and "THREAT" in teach.proposal.text()
    press(qtbot, teach, Qt.Key.Key_P)
    press(qtbot, teach, Qt.Key.Key_S)
    assert teach.attrs["polarity"] == "SUPPORT"
    qtbot.waitUntil(lambda: teach.inspector.annotation.attrs.get("polarity") == "SUPPORT")
    teach.edit_button.click()  # the mouse's way to the same fields
    qtbot.waitUntil(lambda: teach.inspector.widget("strength") is not None)
    teach.inspector.widget("strength").setCurrentText("FIRM")
    qtbot.waitUntil(lambda: teach.inspector.annotation.attrs.get("strength") == "FIRM")
    press(qtbot, teach, Qt.Key.Key_Return)
    *_, (doc_id, start, end, label, attrs) = statements(taught_path)
    assert ((doc_id, start, end), label) == (second.key, "THREAT")
    assert json.loads(attrs)["polarity"] == "SUPPORT" and json.loads(attrs)["strength"] == "FIRM"

    # X rejects: a decision with the key the model reads as a negative
    third = teach.current
    press(qtbot, teach, Qt.Key.Key_X)
    assert rejected(taught_path) == [(third.doc_id,
                                      f"STATEMENT:{third.start}:{third.end}:{third.type}")]
    # three decisions: the model retrains in the background ...
    assert teach.job is not None and teach.job_kind == "retrain"

    # ... and the stream goes on while it does: Space skips, Ctrl+Z undoes
    fourth = teach.current
    press(qtbot, teach, Qt.Key.Key_Space)
    assert teach.current.key != fourth.key
    press(qtbot, teach, Qt.Key.Key_Z, CTRL)
    assert teach.current.key == fourth.key  # the skip undone: nothing was stored
    press(qtbot, teach, Qt.Key.Key_Z, CTRL)
    assert teach.current.key == third.key and teach.label == third.type
    assert rejected(taught_path) == []  # the rejection undone in the file
    press(qtbot, teach, Qt.Key.Key_Z, CTRL)
    assert teach.current.key == second.key and teach.label == "THREAT"
    assert len(statements(taught_path)) == 1
    press(qtbot, teach, Qt.Key.Key_X)  # this time, not a statement
    assert rejected(taught_path) == [(second.doc_id,
                                      f"STATEMENT:{second.start}:{second.end}:THREAT")]
    assert teach.job is not None and teach.job.isRunning()  # all of it while training
    assert teach.stats.decisions == 2 and teach.stats.counts["rejected"] == 1

    # the retraining ends: its held-out F1 shows, a new model is active, the stream goes on
    qtbot.waitUntil(lambda: teach.job is None, timeout=60_000)
    settle(qtbot, teach)
    assert len(teach.stats.f1s) == 1 and "F1" in teach.statusBar().currentMessage()
    assert teach.panel.f1.text() != "— (after the first retraining)"
    # the retrained model is stored; it is the one in use unless the starter model does
    # better on the labels so far (then the starter stays, as `train_model` reports)
    ((new_model, active, meta),) = rows(
        taught_path, "SELECT uid, active, meta FROM statement_models ORDER BY id DESC LIMIT 1")
    assert (new_model,) not in model_before
    figures = json.loads(meta)
    better = figures["held_out"]["f1"] >= figures.get("starter_held_out", {}).get("f1", 0)
    assert bool(active) == better
    in_use = new_model if better else figures["prior"]
    assert in_use in teach.panel.model.text()
    shown = teach.current
    press(qtbot, teach, Qt.Key.Key_Space)
    assert teach.current is not None and teach.current.key != shown.key

    # closing teach mode shows its work in the main window: the article is read again, and
    # the documents are pre-highlighted with the model in use
    shown_before = window.workspace.state
    teach.close()
    settle(qtbot, window)
    assert window.workspace.state is not shown_before
    qtbot.waitUntil(lambda: rows(taught_path, "SELECT COUNT(*) FROM suggestion_runs WHERE"
                                              " pipeline LIKE ?", (f"%{in_use}%",)) == [(4,)],
                    timeout=60_000)


def test_teach_asks_only_undecided_sentences_once_then_says_so(qtbot, open_window, taught_path):
    with Project.open(taught_path, annotator="alice") as project:
        project.set_setting(teaching.RETRAIN_EVERY_SETTING, 1000)
        sentences = teaching.score_project(project).sentences
        for s in sentences[5:]:  # alice has decided all but five sentences already
            project.reject_span(s.doc_id, s.start, s.end, "STATEMENT", s.type)
    open_ones = {(s.doc_id, s.start, s.end) for s in sentences[:5]}
    window = open_window(taught_path)
    teach = open_teach(qtbot, window)
    first = teach.current
    seen = [first.key]
    press(qtbot, teach, Qt.Key.Key_Return)
    with Project.open(taught_path, annotator="alice") as project:  # alice does something else
        project.set_status(first.doc_id, "flagged")
    press(qtbot, teach, Qt.Key.Key_Z, CTRL)  # so teach mode's undo is refused: her statement stays
    qtbot.waitUntil(lambda: "E470" in teach.statusBar().currentMessage(), timeout=5000)
    assert teach.current is not None and teach.current.key != first.key
    assert [r[:3] for r in statements(taught_path)] == [first.key]
    while teach.current is not None:
        seen.append(teach.current.key)
        press(qtbot, teach, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: teach.current is not None or teach.exhausted, timeout=10_000)
    assert sorted(seen) == sorted(open_ones)
    assert "No sentences left" in teach.header.text()
