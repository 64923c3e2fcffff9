"""Take the README's screenshot of Review ▸ Suggestion quality from a real window under Xvfb.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/take_quality_screenshot.py

The project is built the way `bench/suggestion_quality.py` builds it (the development gold
set, or the PLOVER development records where it is absent, from ../shared) and pre-highlighted
with the built-in pipeline; the panel is opened from the menu as a user would.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("STANCE_SHARED_DIR", str(REPO.parent / "shared"))

from annotator.gui.app import application, open_window  # noqa: E402
from bench.suggestion_quality import build_project, gold_records, plover_records  # noqa: E402
from docs.screenshots.take_screenshots import grab_review_panel  # noqa: E402


def main() -> None:
    os.environ.setdefault("STANCE_ANNOTATOR_HOME", tempfile.mkdtemp())
    app = application()
    records = gold_records() or plover_records()
    folder = Path(tempfile.mkdtemp())
    with build_project(records, folder, "development-set") as project:
        project.suggest(model="builtin", separate_process=False)
    window = open_window(folder / "development-set.annotator", "maria", auto_suggest=False)
    window.move(0, 0)
    window.resize(1400, 900)

    window.ready.connect(lambda: QTimer.singleShot(800, lambda: grab_review_panel(
        app, window, "&Suggestion quality…", "quality_panel", (0, 0, 1400, 900),
        "suggestion-quality.png")))
    QTimer.singleShot(60_000, app.quit)
    app.exec()


if __name__ == "__main__":
    main()
