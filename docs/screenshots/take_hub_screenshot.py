"""Take docs/team.md's screenshot of Review ▸ Team hub status from a real window under Xvfb.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/take_hub_screenshot.py

A throwaway PostgreSQL server (as the tests start one), the shipped Wikinews samples published
to it, three coders with an overlap of 0.5 who mark spans and statuses (the third one differs
on purpose), and the reviewer's clone opened in the window; the panel is opened from the menu
as a user would.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402

from annotator.gui.app import application, open_window  # noqa: E402
from annotator.hub import sync as hub_sync  # noqa: E402
from annotator.hub.assign import assign  # noqa: E402
from annotator.hub.publish import add_member, publish  # noqa: E402
from annotator.project import Project  # noqa: E402
from docs.screenshots.take_screenshots import grab_review_panel  # noqa: E402
from tests.hub.server import Server  # noqa: E402

CODERS = ("amira", "ben", "chen")


def build(server: Server, work: Path) -> Path:
    url = server.create_database("team")
    admin = work / "corpus.annotator"
    with Project.create(admin, annotator="pi") as p:
        p.import_paths([REPO / "resources" / "samples" / "wikinews-samples.csv"])
    with psycopg.connect(url) as conn, Project.open(admin) as p:
        publish(conn, p)
        for name in CODERS:
            add_member(conn, name, name)
        add_member(conn, "rita", "rita", reviewer=True)
        assign(conn, list(CODERS), overlap=0.5, seed="docs")
    rng = random.Random(7)
    for name in CODERS:
        path = work / f"{name}.annotator"
        hub_sync.clone(url.replace("user=hubadmin", f"user={name}"), path, name)
        with Project.open(path, annotator=name) as p:
            for summary in p.documents()[:12]:
                text = p.document(summary.id).text
                words = [w for w in text.split()[:80] if w.istitle() and w.isalpha()]
                for word in sorted(set(words))[:6]:
                    label = "PERSON" if name != "chen" or rng.random() < 0.6 else "ORG"
                    start = text.index(word)
                    p.annotate(summary.id, start, start + len(word), label)
                p.set_status(summary.id, "done", add_seconds=rng.uniform(200, 900))
            hub_sync.sync(p)
    review = work / "rita.annotator"
    hub_sync.clone(url.replace("user=hubadmin", "user=rita"), review, "rita")
    return review


def main() -> None:
    os.environ.setdefault("STANCE_ANNOTATOR_HOME", tempfile.mkdtemp())
    app = application()
    server = Server.start()
    try:
        review = build(server, Path(tempfile.mkdtemp()))
        window = open_window(review, "rita", auto_suggest=False)
        window.move(0, 0)
        window.resize(1400, 900)

        window.ready.connect(lambda: QTimer.singleShot(2500, lambda: grab_review_panel(
            app, window, "Team &hub status…", "hub_panel", (700, 60, 680, 780), "team-hub.png")))
        QTimer.singleShot(60_000, app.quit)
        app.exec()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
