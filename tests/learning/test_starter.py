"""The starter model shipped in resources/models/: present, attributed, used out of the box."""

from __future__ import annotations

import pytest

from annotator.core.attributions import collect
from annotator.core.resources import resource, resources_dir
from annotator.project.learning import starter_model

pytest.importorskip("numpy")


def test_the_starter_model_is_shipped_with_its_attribution():
    model = starter_model()
    assert model is not None, "resources/models/statement-starter.npz is missing"
    meta = model.meta
    # trained only on data whose licence allows shipping it
    assert {key.split(":")[0] for key in meta["training_data"]} <= {"wikinews", "plover"}
    assert "CC BY 2.5" in meta["attribution"] and "CC BY-SA 4.0" in meta["attribution"]
    held_out = meta["held_out"]
    assert 0 < held_out["precision"] <= 1 and 0 < held_out["recall"] <= 1
    assert 0 < model.threshold < 1 and set(model.types) >= {"COMMITMENT", "STANCE", "THREAT"}
    assert (resource("models", "README.md")).exists()
    shown = {a.folder: a for a in collect(resources_dir())}  # what the About box lists
    text = shown["models"].text
    assert shown["models"].title == "The starter statement model"
    assert "Wikinews" in text and "Open Event Data Alliance" in text and "BY-SA 4.0" in text


def test_the_starter_ships_its_training_sentences_as_features():
    """What a project's own model learns from besides the project's labels: the starter's
    training sentences, as the starter was trained on them (no text)."""
    from annotator.nlp.statement_model import fit_rows
    from annotator.project.learning import starter_rows

    starter, rows = starter_model(), starter_rows()
    assert rows is not None and rows.version == starter.version
    counts = starter.meta["training_data"]
    assert len(rows.labels) == sum(counts.values()) == len(rows.indptr) - 1
    assert sum(1 for label in rows.labels if label) == sum(
        n for key, n in counts.items() if not key.endswith(":none"))
    again = fit_rows(rows, starter.classes, l2=starter.meta.get("l2", 1e-3), steps=2)
    assert again.classes == starter.classes


def test_a_new_project_suggests_with_the_starter_model(project):
    starter = starter_model()
    assert project.statement_model().version == starter.version
    suggester = project.load_suggester("builtin")
    assert suggester.key.endswith(f"+model@{starter.version}/{starter.threshold:g}")
    found = [s for s in suggester.one(
        "Japan pledged to defend Australia if it were attacked. The weather was mild on Monday.")
        if s.kind == "STATEMENT"]
    assert [s.attrs["model"] for s in found] == [starter.version]
    assert found[0].attrs["holder"] == "JPN" and found[0].score >= starter.threshold
    project.set_setting("suggest_with_model", False)
    assert project.load_suggester("builtin").statement_model is None


@pytest.mark.corpora
def test_the_shipped_starter_is_what_the_command_builds_from_the_committed_data(tmp_path):
    """`python bench/train_starter.py` rebuilds resources/models/statement-starter.npz byte for
    byte from resources/training/ (and the PLOVER text it references in ../shared). When the
    training data changes, run it and commit the model."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO, corpus

    plover = corpus("plover", "plover-dev.jsonl")
    out = tmp_path / "starter.npz"
    subprocess.run([sys.executable, str(REPO / "bench" / "train_starter.py"), "--out", str(out)],
                   check=True, capture_output=True, cwd=REPO,
                   env={**os.environ, "STANCE_SHARED_DIR": str(plover.parents[2])})
    assert out.read_bytes() == resource("models", "statement-starter.npz").read_bytes()
    rows = out.with_name("statement-starter-data.npz")
    assert rows.read_bytes() == resource("models", "statement-starter-data.npz").read_bytes()
