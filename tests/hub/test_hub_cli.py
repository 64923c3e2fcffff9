"""The hub through the `annotator` command, as a team uses it (docs/team.md)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.project import Project
from tests.hub.helpers import admin_project, role_url, span


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_team_from_init_to_status(hub_db: str, tmp_path: Path):
    project = admin_project(tmp_path)
    assert "4 document(s) added" in _run("hub", "init", hub_db, str(project))
    _run("hub", "member", hub_db, "alice", "--annotator", "alice")
    _run("hub", "member", hub_db, "bob", "--annotator", "bob")
    out = _run("hub", "assign", hub_db, "--annotators", "alice,bob", "--overlap", "0.5",
               "--seed", "7")
    assert "alice" in out and "bob" in out
    clone = tmp_path / "alice.annotator"
    assert "Cloned into" in _run("hub", "clone", role_url(hub_db, "alice"), str(clone),
                                 "--annotator", "alice")
    with Project.open(clone, annotator="alice") as p:
        doc_id = p.documents()[0].id
        span(p, doc_id, p.document(doc_id).text.split()[0], "PERSON")
        p.set_status(doc_id, "done", add_seconds=30)
    report = json.loads(_run("sync", str(clone), "--json"))
    assert report["pushed"] == 2
    status = json.loads(_run("hub", "status", hub_db, "--json"))
    alice = next(row for row in status["annotators"] if row["annotator"] == "alice")
    assert alice["done"] == 1 and alice["seconds"] == 30
    assert sum(row["assigned"] for row in status["annotators"]) >= 4
    assert "alice" in _run("hub", "status", hub_db, "--measures")


def test_a_password_on_the_command_line_is_refused(tmp_path: Path):
    result = CliRunner().invoke(cli, ["hub", "status", "postgresql://a:pw@localhost/x"])
    assert result.exit_code != 0 and "[E962]" in result.output and "pw@" not in result.output


def test_sync_of_a_project_that_is_no_clone(tmp_path: Path):
    path = tmp_path / "p.annotator"
    Project.create(path).close()
    result = CliRunner().invoke(cli, ["sync", str(path)])
    assert result.exit_code != 0 and "[E973]" in result.output
