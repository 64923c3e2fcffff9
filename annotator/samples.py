"""The ready sample project a first start opens: shipped Wikinews articles (CC BY 2.5)."""

from __future__ import annotations

from pathlib import Path

from annotator import userconfig
from annotator.core.resources import resource
from annotator.project import Project

SAMPLE_NAME = "sample.annotator"


def sample_project_path() -> Path:
    return userconfig.data_dir() / SAMPLE_NAME


def ensure_sample_project(annotator: str) -> Path:
    """Create the sample project on first use; later calls only return its path."""
    path = sample_project_path()
    if path.exists() and path.stat().st_size > 0:
        return path
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    with Project.create(partial, annotator=annotator) as project:
        project.import_paths([resource("samples", "wikinews-samples.csv")])
    # Renamed into place only when complete, so an interrupted first start is simply redone.
    partial.replace(path)
    return path
