"""Extraction and storing in a process of their own (`project.suggest_sinks.ProcessSink`):
the same rows as on the pipeline's side, one transaction a chunk, failures raised in the
caller with where they happened, a process that dies reported instead of waited for, and no
dependence on the caller's main script."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("spacy")

import annotator.project.suggesting as suggesting
from annotator.project import Project

TEXTS = [
    "Panetta reaffirmed to his South Korean counterpart the U.S. commitment to extended "
    "deterrence. \U0001F1F0\U0001F1F7 The DPRK warned Japan.",
    "\r\n\r\n  Seoul vowed to oppose the test.\r\n\r\nWashington pledged support to NATO.  \n",
    "Cafe\u0301 owners in Tokyo said nothing. Japan\u00a0urged restraint. \u201cWe will not "
    "tolerate it,\u201d the Pentagon said.",
    "No actors here, only words. None at all",
    "See " + "x" * 300 + " now. Fine.",  # a token too long for one byte in the token blob
]
SUGGESTIONS = ("SELECT doc_id, start, end, kind, label, actor_id, ambiguous, score, attrs,"
               " pipeline FROM suggestions ORDER BY id")
TOKENS = "SELECT doc_id, tokenizer, data FROM doc_tokens ORDER BY doc_id"


@pytest.fixture(scope="module")
def suggester(tmp_path_factory):
    with Project.create(tmp_path_factory.mktemp("s") / "s.annotator") as project:
        return project.load_suggester("builtin")


def _project(path: Path, texts: list[str]) -> Project:
    project = Project.create(path, annotator="alice")
    source = path.with_suffix(".jsonl")
    source.write_text("\n".join(json.dumps({"title": f"t{i}", "text": t})
                                for i, t in enumerate(texts)), encoding="utf-8")
    project.import_paths([source])
    return project


def _finished(project: Project) -> int:
    return project.db.execute("SELECT COUNT(*) FROM suggestion_runs").fetchone()[0]


def test_the_process_stores_what_the_pipeline_side_stores(tmp_path, suggester, monkeypatch):
    monkeypatch.setattr(suggesting, "SUGGEST_CHUNK", 4)  # several batches cross the pipe
    texts = [f"{text} Day {i}." for i in range(3) for text in TEXTS]
    with _project(tmp_path / "a.annotator", texts) as inline, \
            _project(tmp_path / "b.annotator", texts) as separate:
        one = inline.suggest(suggester=suggester, separate_process=False)
        other = separate.suggest(suggester=suggester, separate_process=True)
        assert one == other and other["documents"] == len(texts)
        assert other["suggestions"] == separate.db.execute(
            "SELECT COUNT(*) FROM suggestions").fetchone()[0] > 0
        assert separate.db.execute(SUGGESTIONS).fetchall() == inline.db.execute(SUGGESTIONS).fetchall()
        assert separate.db.execute(TOKENS).fetchall() == inline.db.execute(TOKENS).fetchall()
        assert len(separate.db.execute(TOKENS).fetchall()) == len(texts)


def test_large_runs_take_the_process_and_small_ones_do_not(tmp_path, suggester, monkeypatch,
                                                          started_processes):
    """By default the process is used from PROCESS_FROM documents on, with one pipeline
    process; which one ran shows in the processes started."""
    started = started_processes
    monkeypatch.setattr(suggesting, "PROCESS_FROM", 6)
    with _project(tmp_path / "small.annotator", TEXTS) as small:
        small.suggest(suggester=suggester)
    assert started == []
    with _project(tmp_path / "large.annotator", [f"{t} Take {i}." for i in range(2)
                                                  for t in TEXTS]) as large:
        large.suggest(suggester=suggester)
    assert started == ["stance-annotator-extraction"]


def test_a_failure_in_the_process_is_raised_here_and_keeps_committed_chunks(tmp_path, suggester,
                                                                          monkeypatch):
    monkeypatch.setattr(suggesting, "SUGGEST_CHUNK", 2)
    texts = [f"Japan pledged support to NATO on day {i}." for i in range(9)]
    with _project(tmp_path / "p.annotator", texts) as project:
        # A real SQLite failure inside the process's third transaction (documents 5 and 6).
        project.db.execute("CREATE TRIGGER refuse BEFORE INSERT ON suggestion_runs"
                           " WHEN NEW.doc_id = 6 BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        with pytest.raises(sqlite3.IntegrityError, match="disk full") as raised:
            project.suggest(suggester=suggester, separate_process=True)
        assert "in the pre-highlighting process" in "".join(raised.value.__notes__)
        assert _finished(project) == 4  # two whole chunks; nothing of the third
        sentences = project.db.execute(
            "SELECT COUNT(*) FROM suggestions WHERE kind = 'SENTENCES'").fetchone()[0]
        assert sentences == 4
        project.db.execute("DROP TRIGGER refuse")
        summary = project.suggest(suggester=suggester, separate_process=True)  # resumes
        assert (summary["documents"], summary["remaining"]) == (5, 0)
        assert _finished(project) == 9


def test_a_process_that_dies_is_reported_not_waited_for(tmp_path, suggester, monkeypatch):
    import multiprocessing

    monkeypatch.setattr(suggesting, "SUGGEST_CHUNK", 2)
    texts = [f"Seoul vowed to oppose the test on day {i}." for i in range(12)]

    def kill_after_first_chunk(done, total):
        if done == 2:
            for child in multiprocessing.active_children():
                if child.name == "stance-annotator-extraction":
                    os.kill(child.pid, signal.SIGKILL)

    with _project(tmp_path / "p.annotator", texts) as project:
        with pytest.raises(RuntimeError, match="ended unexpectedly"):
            project.suggest(suggester=suggester, separate_process=True,
                            progress=kill_after_first_chunk)
        assert _finished(project) % 2 == 0 and _finished(project) < len(texts)  # whole chunks
        summary = project.suggest(suggester=suggester, separate_process=True)
        assert summary["remaining"] == 0 and _finished(project) == len(texts)


def test_a_stopped_run_commits_what_it_handed_over(tmp_path, suggester, monkeypatch):
    monkeypatch.setattr(suggesting, "SUGGEST_CHUNK", 2)
    texts = [f"Tokyo urged restraint on day {i}." for i in range(10)]
    seen = []
    with _project(tmp_path / "p.annotator", texts) as project:
        summary = project.suggest(suggester=suggester, separate_process=True,
                                  progress=lambda done, total: seen.append(done),
                                  should_stop=lambda: len(seen) > 2)
        assert (summary["documents"], summary["remaining"]) == (4, 6)
        assert _finished(project) == 4


def test_a_script_without_a_main_guard_can_use_the_process(tmp_path):
    """A spawned process runs the parent's main script again unless it has none to run; ours
    is started without it, so a plain script works (and does not pay its imports twice)."""
    script = tmp_path / "plain.py"
    script.write_text(textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from annotator.project import Project
        folder = Path({str(tmp_path)!r})
        source = folder / "docs.jsonl"
        source.write_text(json.dumps({{"title": "t", "text": "Japan pledged support."}}))
        with Project.create(folder / "plain.annotator") as project:
            project.import_paths([source])
            summary = project.suggest(model="builtin", separate_process=True)
        print("RAN", summary["documents"], summary["suggestions"] > 0)
    """), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "STANCE_ANNOTATOR_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["RAN", "1", "True"]


def test_ctrl_c_commits_what_was_handed_over(tmp_path, suggester, monkeypatch):
    """Ctrl+C reaches the pipeline's side (the process ignores it): the chunks handed over
    are committed before the interrupt goes on, and a rerun does the rest."""
    monkeypatch.setattr(suggesting, "SUGGEST_CHUNK", 2)
    texts = [f"Canberra reaffirmed its alliance on day {i}." for i in range(8)]

    def interrupt(done, total):
        if done == 4:
            raise KeyboardInterrupt

    with _project(tmp_path / "p.annotator", texts) as project:
        with pytest.raises(KeyboardInterrupt):
            project.suggest(suggester=suggester, separate_process=True, progress=interrupt)
        assert _finished(project) == 4
        summary = project.suggest(suggester=suggester, separate_process=True)
        assert (summary["documents"], summary["remaining"]) == (4, 0)
