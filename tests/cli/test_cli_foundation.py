"""The CLI as a user meets it: CliRunner, real files, coded errors, no tracebacks."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_import_docs_stats_roundtrip(tmp_path, seed_path):
    project = str(tmp_path / "p.annotator")
    result = run("import", project, str(seed_path))
    assert result.exit_code == 0, result.output
    assert "1 imported, 0 duplicates skipped, 0 errors" in result.output
    result = run("import", project, str(seed_path))
    assert "0 imported, 1 duplicates skipped" in result.output

    listing = json.loads(run("docs", project, "--json").output)
    assert listing[0]["title"] == "US, ROK focus on joint nuclear deterrence"
    assert listing[0]["status"] == "todo"
    found = json.loads(run("docs", project, "--search", "Panetta deterrence", "--json").output)
    assert [d["id"] for d in found] == [1]
    # FTS syntax in user input is searched as words, never an SQL/FTS error.
    odd = run("docs", project, "--search", 'and "( NEAR', "--json")
    assert odd.exit_code == 0 and json.loads(odd.output) == []
    assert [d["id"] for d in json.loads(run("docs", project, "--search", 'and "(', "--json").output)] == [1]
    assert json.loads(run("docs", project, "--status", "done", "--json").output) == []

    figures = json.loads(run("stats", project, "--json").output)
    assert figures["documents"] == 1
    assert figures["status"]["alice"] == {"todo": 1}
    assert figures["scheme"] == "stance-commitment/1.0"
    text = run("stats", project).output
    assert "Documents:   1" in text


def test_bad_records_reported_with_file_and_line(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text('{"text": "ok"}\n{broken\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.annotator"), str(data)])
    assert result.exit_code == 1 and "[E320] 1 record(s) were refused" in result.output
    assert f"[E309] line 2 of {data}: not valid JSON" in result.output
    assert "1 imported, 0 duplicates skipped, 1 errors" in result.output


def test_strict_failure_is_one_coded_line_and_exit_1(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text('{"text": "ok"}\n{broken\n', encoding="utf-8")
    project = tmp_path / "p.annotator"
    result = CliRunner().invoke(cli, ["import", str(project), str(data), "--strict"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: [E301]") and "Traceback" not in result.output
    assert not project.exists()  # a refused import into a new file leaves no project


def test_errors_for_missing_and_bogus_projects(tmp_path):
    result = CliRunner().invoke(cli, ["stats", str(tmp_path / "none.annotator")])
    assert result.exit_code == 1 and "[E201]" in result.output and "annotator init" in result.output
    bogus = tmp_path / "bogus.annotator"
    bogus.write_bytes(b"\x00\x01 random bytes")
    result = CliRunner().invoke(cli, ["docs", str(bogus)])
    assert result.exit_code == 1 and "not a Stance Annotator project file" in result.output
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.annotator"), str(tmp_path / "x")])
    assert result.exit_code == 1 and "no such file or folder" in result.output


def test_init_with_custom_and_broken_scheme(tmp_path):
    from annotator.core.resources import default_scheme_text

    broken = tmp_path / "s.toml"
    broken.write_text(default_scheme_text().replace('color = "#1f77b4"', 'color = "1f77b4"'))
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "a.annotator"), "--scheme", str(broken)])
    assert result.exit_code == 1 and "labels[0].color" in result.output
    assert not (tmp_path / "a.annotator").exists()
    good = tmp_path / "g.toml"
    good.write_text(default_scheme_text().replace('version = "1.0"', 'version = "2.0"'))
    result = run("init", str(tmp_path / "b.annotator"), "--scheme", str(good))
    assert "stance-commitment/2.0" in result.output
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "b.annotator")]).exit_code == 1


def test_no_display_gives_a_clear_error_not_a_qt_abort(monkeypatch, _isolated_home):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 1
    assert "[E801] no display is available" in result.output
    assert "QT_QPA_PLATFORM=offscreen" in result.output and "Traceback" not in result.output
    assert not (_isolated_home / "data" / "sample.annotator").exists()


def test_sample_project_is_created_once(_isolated_home):
    from annotator.samples import ensure_sample_project

    path = ensure_sample_project("alice")
    assert path == _isolated_home / "data" / "sample.annotator"
    figures = json.loads(run("stats", str(path), "--json").output)
    assert 20 <= figures["documents"] <= 40 and figures["actors"] > 400
    mtime = path.stat().st_mtime_ns
    assert ensure_sample_project("alice") == path and path.stat().st_mtime_ns == mtime


def test_version():
    assert "Stance Annotator, version" in run("--version").output


def test_scheme_keys_can_be_changed(tmp_path):
    project = tmp_path / "p.annotator"
    run("init", str(project))
    exported = tmp_path / "scheme.toml"
    assert "written to" in run("scheme", str(project), "--export", str(exported)).output
    text = exported.read_text(encoding="utf-8")
    exported.write_text(text.replace('name = "polarity"\ntype = "choice"\nkey = "p"',
                                     'name = "polarity"\ntype = "choice"\nkey = "y"'),
                        encoding="utf-8")
    assert "Scheme set to" in run("scheme", str(project), "--set", str(exported)).output
    assert "[y] slot polarity" in run("scheme", str(project)).output
    clash = tmp_path / "clash.toml"
    clash.write_text(text.replace('key = "2"', 'key = "1"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["scheme", str(project), "--set", str(clash)])
    assert result.exit_code == 1 and "key '1' is used twice" in result.output
    assert "[y] slot polarity" in run("scheme", str(project)).output  # unchanged
