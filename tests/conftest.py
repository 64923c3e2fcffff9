"""Shared fixtures: real project files in tmp_path, the seed article, the shared corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.project import Project

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STANCE_SHARED_DIR", REPO.parent / "shared"))
SEED = SHARED / "seed" / "xinhua-2012-10-25-us-rok-deterrence.txt"
CORPORA = SHARED / "corpora"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the real user's config, data or sample project."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STANCE_ANNOTATOR_HOME", str(home))
    monkeypatch.setenv("ANNOTATOR_NAME", "alice")
    return home


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.annotator", annotator="alice") as p:
        yield p


@pytest.fixture
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED


def corpus(*parts: str) -> Path:
    """A path inside ../shared/corpora, skipping the test where it is absent."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus not available: {path}")
    return path


@pytest.fixture
def started_processes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the multiprocessing processes started during the test, in order: which
    path a run took shows in whether it started the extraction process."""
    import multiprocessing.process

    names: list[str] = []
    real_start = multiprocessing.process.BaseProcess.start

    def start(process: multiprocessing.process.BaseProcess) -> None:
        names.append(process.name)
        real_start(process)

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", start)
    return names


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """How many tests skipped, and why, grouped: a green run on a checkout without ../shared
    says what it did not check (the seed article, the shared corpora, optional tools)."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        if "corpus not available" in reason:
            reason = f"corpus not available in {CORPORA}"
        elif "seed article" in reason:
            reason = f"seed article not available at {SEED}"
        reasons[reason] = reasons.get(reason, 0) + 1
    if not reasons:
        return
    total = sum(reasons.values())
    terminalreporter.section(f"{total} skipped, by reason")
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.line(f"{count:5d}  {reason}")
