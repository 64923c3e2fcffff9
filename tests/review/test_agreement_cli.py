"""`annotator agreement` through click's CliRunner, on the alice / bob / carol project."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from tests.review.scenario import built_once


@pytest.fixture(scope="module")
def project_path(tmp_path_factory):
    return str(built_once(tmp_path_factory)[0])


def run(*args: str):
    return CliRunner().invoke(cli, ["agreement", *args])


def test_text_table_for_two_layers(project_path):
    result = run(project_path, "--a", "alice", "--b", "bob", "--status", "any")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "alice (A, reference) vs bob (B)" in out and "3 document(s), status any" in out
    commitment = next(line for line in out.splitlines() if line.startswith("COMMITMENT"))
    assert commitment.split() == ["COMMITMENT", "0.000", "0.000", "0.000", "1.000", "0.500", "0.667",
                                  "2", "1"]
    micro = next(line for line in out.splitlines() if line.startswith("micro"))
    assert micro.split()[3] == "0.353" and micro.split()[6] == "0.588"
    assert "statement type" in out and "0.571" in out
    strength = next(line for line in out.splitlines() if line.strip().startswith("strength"))
    assert strength.split() == ["strength", "ordinal", "0.528", "3"]
    assert "never present on a matched statement: topic:ARMS_TRANSFER_AID" in out
    assert "n/a" in out and "undefined without variation" in out


def test_default_status_is_done(project_path):
    result = run(project_path, "--a", "alice", "--b", "bob")
    assert result.exit_code == 0, result.output
    assert "2 document(s), status done" in result.output


def test_json_and_more_than_two_layers(project_path):
    result = run(project_path, "--a", "alice", "--b", "bob", "--layers", "alice,bob,carol",
                 "--status", "any", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["layers"] == ["alice", "bob", "carol"] and len(report["pairs"]) == 3
    assert report["slot_alpha"]["strength"]["units"] == 4
    text = run(project_path, "--layers", "carol,bob,alice", "--status", "any")
    assert text.exit_code == 0, text.output
    assert "carol (A, reference) vs bob (B)" in text.output and "bob | alice" in text.output


def test_unknown_layer_says_which_layers_exist(project_path):
    result = run(project_path, "--a", "alice", "--b", "dave")
    assert result.exit_code == 1
    assert "[E620]" in result.output and "Layers here: alice, bob, carol" in result.output
    missing = run(project_path, "--a", "alice")
    assert missing.exit_code == 2 and "alice, bob, carol" in missing.output


def test_no_done_documents_says_how_to_widen(project_path):
    result = run(project_path, "--a", "bob", "--b", "carol", "--doc", "2")
    assert result.exit_code == 0, result.output
    assert "0 document(s)" in result.output and "--status any" in result.output
