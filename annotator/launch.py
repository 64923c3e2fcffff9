"""What `annotator` with no command does: open the last project, or the sample on first start."""

from __future__ import annotations

import os
from pathlib import Path

from annotator import userconfig


def default_project(annotator: str) -> Path:
    last = userconfig.load().get("last_project")
    if last and Path(last).is_file():
        return Path(last)
    from annotator.samples import ensure_sample_project  # storage imports only when needed

    return ensure_sample_project(annotator)


def name_was_given(explicit: str | None) -> bool:
    return bool(explicit or os.environ.get("ANNOTATOR_NAME") or userconfig.load().get("annotator"))


def launch_gui(project: Path | None, annotator: str, explicit_name: str | None) -> int:
    """Open the window; asks for the annotator's name on a first start."""
    from annotator.gui.app import check_display, run

    check_display()  # before creating a sample project that nobody would see
    path = project or default_project(annotator)
    return run(path, annotator, ask_name=not name_was_given(explicit_name))
