"""Long jobs: asked for while another runs, queued (and shown so), never dropped; an import is
always followed by pre-highlighting; progress names what it counts; a cancel says so."""

from __future__ import annotations

import json
import threading

from annotator.gui.jobs import progress_text
from tests.gui.conftest import settle


def test_progress_names_what_it_counts():
    assert progress_text("Pre-highlighting", 1204, 4000, 2.0, "documents") == \
        "Pre-highlighting: 1,204 of 4,000 documents · 602 documents/s"
    assert progress_text("Importing", 262_144, 444_481, 0.5, "bytes") == \
        "Importing: 262.1 of 444.5 kB · 524.3 kB/s"
    assert progress_text("Importing", 2_500_000, 8_000_000, 1.0, "bytes") == \
        "Importing: 2.5 of 8.0 MB · 2.5 MB/s"
    assert progress_text("Exporting", 0, 10, 0.0, "documents") == "Exporting: 0 of 10 documents"


def test_an_import_asked_for_during_another_job_is_queued_then_pre_highlighted(
        qtbot, open_window, gui_project_path, tmp_path):
    from annotator.gui import dialogs
    from annotator.project import Project

    window = open_window(gui_project_path)
    release = threading.Event()

    def blocking(project, worker):
        worker.report(0, 1)
        release.wait(20)
        return {"documents": 0}

    finished = []
    assert window.jobs.start("Checking", window.path, "alice", blocking, finished.append)
    source = tmp_path / "new.jsonl"
    source.write_text("\n".join(json.dumps({"title": f"Brief {i}", "text": f"Tokyo pledged support "
                                            f"to NATO allies on day {i}."}) for i in range(3)),
                      encoding="utf-8")
    dialogs.import_documents(window, [str(source)])
    assert window.jobs.queue_label.isVisibleTo(window.jobs)
    assert window.jobs.queue_label.text() == "queued: Importing"
    assert "Importing will start when Checking has finished" in window.statusBar().currentMessage()
    release.set()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=30_000)
    settle(qtbot, window)
    assert finished == [{"documents": 0}]
    qtbot.waitUntil(lambda: window.queue.rowCount() == 7, timeout=5000)
    with Project.open(gui_project_path) as project:
        new = [d.id for d in project.documents(search="Tokyo", limit=10)]
        assert len(new) == 3
        pending = project.db.execute(
            "SELECT COUNT(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM suggestion_runs)"
        ).fetchone()[0]
    assert pending == 0  # every imported document was pre-highlighted after the import
    assert "Pre-highlighted 3 document(s)" in window.statusBar().currentMessage()


def test_the_same_job_queued_twice_runs_once(qtbot, open_window, gui_project_path):
    window = open_window(gui_project_path)
    release = threading.Event()
    window.jobs.start("Checking", window.path, "alice",
                      lambda p, w: release.wait(20) and {}, lambda _r: None)
    window.start_suggest()
    window.start_suggest()
    assert [q.title for q in window.jobs.queued] == ["Pre-highlighting"]
    release.set()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=30_000)


def test_cancelling_pre_highlighting_says_it_was_cancelled(qtbot, open_window, gui_project_path,
                                                            tmp_path):
    from annotator.project import Project

    with Project.open(gui_project_path) as project:
        source = tmp_path / "more.jsonl"
        source.write_text("\n".join(json.dumps({"text": f"Seoul spoke on day {i}."})
                                    for i in range(5)), encoding="utf-8")
        project.import_paths([source])
    window = open_window(gui_project_path)
    window.start_suggest()
    window.jobs.cancel()  # before the pipeline has loaded: its first progress report stops it
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=30_000)
    message = window.statusBar().currentMessage()
    assert message == "Pre-highlighting cancelled; work done so far is kept."
