"""What `annotator` with no command does: open the last project, or the sample on first start.

The GUI is not built yet, so for now this prints the project's figures instead of opening a
window (the README says so).
"""

from __future__ import annotations

from pathlib import Path

from annotator import userconfig
from annotator.project import Project
from annotator.samples import ensure_sample_project


def default_project(annotator: str) -> Path:
    last = userconfig.load().get("last_project")
    if last and Path(last).is_file():
        return Path(last)
    return ensure_sample_project(annotator)


def launch_default(annotator: str) -> None:
    from annotator.cli.common import print_stats

    path = default_project(annotator)
    with Project.open(path, annotator=annotator) as project:
        print_stats(project.stats())
