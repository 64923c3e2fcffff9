"""History: `annotator history` shows who changed what and when; `annotator restore` brings a
deleted annotation back from the log, however long ago it was deleted, in a later process."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.project import Project
from tests.reliability.conftest import SENTENCE, write_jsonl


def run(*args: str, who: str = "alice"):
    return CliRunner().invoke(cli, ["--annotator", who, *args])


@pytest.fixture
def worked_on(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A project two people worked on, closed: every command below is a new session."""
    path = tmp_path / "p.annotator"
    source = write_jsonl(tmp_path / "docs.jsonl", [SENTENCE, "Seoul pledged support. " + SENTENCE])
    ids: dict[str, str] = {}
    with Project.create(path, annotator="alice") as alice:
        first, second = alice.import_paths([source]).doc_ids
        statement = alice.annotate(first, 0, SENTENCE.index(" to his"), "STANCE", {"holder": "USA"})
        alice.update_annotation(statement.id, label="COMMITMENT",
                                attrs={"polarity": "SUPPORT", "topic": ["NUCLEAR"]})
        cue = alice.annotate(first, 8, 18, "CUE")
        alice.delete_annotation(cue.id)
        alice.set_status(first, "done", add_seconds=95)
        alice.set_doc_label(first, "relevance", "RELEVANT")
        alice.annotate(second, 0, 5, "GPE", {"actor_id": "KOR"})
        alice.undo()  # the GPE mention: undone, i.e. deleted by an undo
        ids.update(statement=statement.id, cue=cue.id)
    with Project.open(path, annotator="bob") as bob:
        mention = bob.annotate(second, 0, 5, "GPE")
        bob.delete_annotation(mention.id)
        ids["bob"] = mention.id
    return path, ids


def test_history_shows_who_changed_what_and_when(worked_on):
    path, _ids = worked_on
    result = run("history", str(path), "--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)
    assert {e["who"] for e in entries} == {"alice", "bob"}
    assert all(e["ts"] and e["summary"] for e in entries)
    summaries = [(e["who"], e["op"], e["summary"]) for e in entries]
    assert ("bob", "delete", '- MENTION GPE "Seoul" (0-5)') in summaries
    assert ("alice", "set", "relevance (none) -> RELEVANT") in summaries
    assert ("alice", "set", "status todo -> done (+95 s)") in summaries
    assert ("alice", "delete", '- CUE CUE "reaffirmed" (8-18)') in summaries
    update = next(s for who, op, s in summaries if op == "update")
    assert "label STANCE -> COMMITMENT" in update and "polarity (none) -> SUPPORT" in update
    assert "topic (none) -> NUCLEAR" in update
    undo = next(e for e in entries if e["op"] == "undo")
    assert undo["summary"].startswith("undo of #") and "- MENTION GPE" in undo["summary"]
    assert any(e["op"] == "import" and "imported 2 documents" in e["summary"] for e in entries)
    # Full states for tools: the update carries the row before and after.
    change = next(e for e in entries if e["op"] == "update")
    assert change["before"]["label"] == "STANCE" and change["after"]["label"] == "COMMITMENT"


def test_history_filters_by_document_person_and_count(worked_on):
    path, _ = worked_on
    doc2 = json.loads(run("history", str(path), "--doc", "2", "--json").stdout)
    assert doc2 and {e["doc_id"] for e in doc2} == {2}
    mine = json.loads(run("history", str(path), "--who", "bob", "--json").stdout)
    assert [e["op"] for e in mine] == ["delete", "create"]
    assert len(json.loads(run("history", str(path), "--limit", "3", "--json").stdout)) == 3
    uid = json.loads(run("docs", str(path), "--json").stdout)[1]["uid"]
    by_uid = json.loads(run("history", str(path), "--doc", uid[:8], "--json").stdout)
    assert [e["id"] for e in by_uid] == [e["id"] for e in doc2]

    text = run("history", str(path), "--doc", "2")
    assert text.exit_code == 0 and "change(s)" in text.stderr
    assert "bob" in text.stdout and '- MENTION GPE "Seoul"' in text.stdout

    missing = run("history", str(path), "--doc", "99")
    assert missing.exit_code == 1 and missing.output.startswith("Error: [E201] no document")
    assert run("history", str(path), "--limit", "0").exit_code == 2


def test_restore_a_deleted_annotation_by_the_id_history_shows(worked_on):
    path, ids = worked_on
    text = run("history", str(path), "--who", "alice").stdout
    line = next(line for line in text.splitlines() if '- CUE CUE "reaffirmed"' in line)
    shown = re.search(r"\b[0-9a-f]{12}\b", line).group(0)  # the shortened annotation id
    assert ids["cue"].startswith(shown) and len(shown) == 12

    result = run("restore", str(path), shown)
    assert result.exit_code == 0, result.output
    assert "Restored CUE CUE 'reaffirmed' (8-18) in document 1, layer alice." in result.output
    with Project.open(path, annotator="alice") as project:
        assert project.annotation(ids["cue"]).deleted_at is None
        assert {a.id for a in project.annotations(1)} == {ids["statement"], ids["cue"]}
    assert "restored CUE" in run("history", str(path), "--limit", "1").stdout

    again = run("restore", str(path), ids["cue"])
    assert again.exit_code == 1 and again.output.startswith("Error: [E601]")
    assert "is not deleted" in again.output
    theirs = run("restore", str(path), ids["bob"])  # bob's, restored by alice: refused
    assert theirs.exit_code == 1 and "is in layer 'bob'" in theirs.output
    assert run("restore", str(path), ids["bob"], who="bob").exit_code == 0
    unknown = run("restore", str(path), "ffffffffffff")
    assert unknown.exit_code == 1 and unknown.output.startswith("Error: [E201] no annotation")
    assert "Traceback" not in unknown.output + again.output + theirs.output


def test_undo_after_a_restore_in_a_later_session(worked_on):
    """The restore is an ordinary logged action: the next session can undo it."""
    path, ids = worked_on
    assert run("restore", str(path), ids["cue"]).exit_code == 0
    with Project.open(path, annotator="alice") as project:
        undone = project.undo()
        assert undone is not None and undone["annotation_id"] == ids["cue"]
        assert project.annotation(ids["statement"])
        assert ids["cue"] not in {a.id for a in project.annotations(1)}
