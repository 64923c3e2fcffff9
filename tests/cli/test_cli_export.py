"""`annotator export` and `annotator import-layer` as a user meets them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.cli import cli
from tests.formats.builders import make_project


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_export_then_import_layer_into_a_new_project(tmp_path):
    make_project(tmp_path / "a.annotator").close()
    out = tmp_path / "all.jsonl"
    result = run("export", str(tmp_path / "a.annotator"), str(out), "--layer", "all",
                 "--status", "any", "--tokens")
    assert result.exit_code == 0, result.output
    assert "2 document(s), 5 record(s), 19 span(s)" in result.output
    assert "[W720]" in result.output and "2 span(s) do not fall on spaCy token boundaries" in result.output
    copy = tmp_path / "b.annotator"
    result = run("import-layer", str(copy), str(out))
    assert result.exit_code == 0, result.output
    assert "5 record(s) into layer(s) alice (2), bob (2), gold (1): 19 annotation(s) added" in result.output
    again = tmp_path / "again.jsonl"
    run("export", str(copy), str(again), "--layer", "all", "--status", "any", "--tokens")
    assert again.read_bytes() == out.read_bytes()


def test_tokens_by_default_only_where_the_format_needs_them(tmp_path):
    """Our JSONL is read by character offsets: by default it neither carries tokens nor spends
    its time tokenizing; Prodigy's lines carry them (its manual interfaces need them)."""
    make_project(tmp_path / "a.annotator").close()
    project = str(tmp_path / "a.annotator")
    for fmt, flag, has_tokens in [("jsonl", None, False), ("jsonl", "--tokens", True),
                                  ("prodigy", None, True), ("prodigy", "--no-tokens", False)]:
        out = tmp_path / f"{fmt}-{flag}.jsonl"
        result = run("export", project, str(out), "--format", fmt, "--layer", "all",
                     "--status", "any", *([flag] if flag else []))
        assert result.exit_code == 0, result.output
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert all(("tokens" in line) is has_tokens for line in lines), (fmt, flag)
        assert all(("token_start" in s) is has_tokens for line in lines for s in line["spans"])
        assert ("[W720]" in result.output) is has_tokens  # token edges are checked only with them


def test_filters_split_and_formats(tmp_path):
    project = str(tmp_path / "a.annotator")
    make_project(tmp_path / "a.annotator").close()
    result = run("export", project, str(tmp_path / "parts"), "--format", "spacy", "--layer", "all",
                 "--split", "train=0.5,dev=0.5", "--seed", "1", "--kinds", "mention")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == ["dev.spacy", "train.spacy"]
    assert "(train: 1 documents)" in result.output and "(dev: 1 documents)" in result.output
    result = run("--annotator", "bob", "export", project, str(tmp_path / "b.csv"), "--format", "csv",
                 "--labels", "THREAT,STANCE")
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "b.csv").read_text(encoding="utf-8-sig").splitlines()) == 2
    result = run("export", project, str(tmp_path / "none.jsonl"), "--layer", "gold",
                 "--kinds", "CUE", "--no-tokens")
    assert "0 span(s) (none)" in result.output


def test_user_errors_are_one_coded_line(tmp_path):
    project = str(tmp_path / "a.annotator")
    make_project(tmp_path / "a.annotator").close()
    for args, expected in (
        (("--split", "train=0.9,dev=0.2"), "Error: [E701] the shares in --split add up to 1.1"),
        (("--layer", "nobody"), "Error: [E701] no layer 'nobody' in this project"),
        (("--kinds", "ENTITY"), "Error: [E701] unknown kind 'ENTITY'"),
    ):
        result = run("export", project, str(tmp_path / "x.jsonl"), *args)
        assert result.exit_code == 1 and expected in result.output, result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "x.jsonl").exists()
    result = run("export", project, str(tmp_path), "--status", "any")
    assert result.exit_code == 1 and "[E701]" in result.output and "OUT is a folder" in result.output


def test_import_layer_reports_bad_lines_and_strict_refuses(tmp_path):
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"text": "Seoul pledged.", "spans": [
        {"start": 0, "end": 5, "label": "GPE"}]}) + "\n{oops\n", encoding="utf-8")
    project = str(tmp_path / "p.annotator")
    result = run("import-layer", project, str(data), "--layer", "dan")
    assert result.exit_code == 1 and "[E320] 1 record(s) were refused" in result.output
    assert f"[E711] line 2 of {data}: not valid JSON" in result.output
    assert "1 record(s) into layer(s) dan (1): 1 annotation(s) added" in result.output
    result = run("import-layer", str(tmp_path / "q.annotator"), str(data), "--strict")
    assert result.exit_code == 1 and result.output.startswith("Error: [E710]")
    result = run("import-layer", project, str(data))
    assert "[E715] line 1" in result.output and "pass --layer NAME" in result.output
