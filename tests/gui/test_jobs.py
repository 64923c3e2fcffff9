"""Long jobs: asked for while another runs, queued (and shown so), never dropped; an import is
always followed by pre-highlighting; progress names what it counts; a cancel says so."""

from __future__ import annotations

import json
import re
import threading

from annotator.gui.jobs import progress_text
from tests.gui.conftest import settle


def test_progress_names_what_it_counts():
    assert progress_text("Pre-highlighting", 1204, 4000, 2.0, "documents") == \
        "Pre-highlighting: 1,204 of 4,000 documents · 602 documents/s"
    assert progress_text("Importing", 1204, 4000, 1.5, "documents") == \
        "Importing: 1,204 of 4,000 documents · 803 documents/s"
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


def test_the_import_label_counts_documents(qtbot, open_window, gui_project_path, tmp_path,
                                           monkeypatch):
    from annotator.gui import dialogs
    from annotator.project import importing

    monkeypatch.setattr(importing, "REPORT_EVERY", 0.0)  # a label for every record
    window = open_window(gui_project_path)
    texts = []
    set_text = window.jobs.label.setText
    monkeypatch.setattr(window.jobs.label, "setText", lambda text: (texts.append(text),
                                                                     set_text(text)))
    source = tmp_path / "briefs.csv"
    source.write_text("title,text\n" + "".join(
        f'Brief {i},"Tokyo pledged support\nto NATO allies on day {i}."\n' for i in range(40)),
        encoding="utf-8")
    dialogs.import_documents(window, [str(source)])
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=30_000)
    importing_texts = [t for t in texts if t.startswith("Importing")]
    assert importing_texts[0] == "Importing: starting…"
    assert all(re.fullmatch(r"Importing: \d+ of 40 documents( · [\d,]+ documents/s)?", t)
               for t in importing_texts[1:]), importing_texts
    assert re.fullmatch(r"Importing: 40 of 40 documents · [\d,]+ documents/s", importing_texts[-1])
    assert len(importing_texts) > 10  # it moved through the documents, not in one jump


def test_a_csv_without_a_text_column_asks_which_column_holds_the_text(
        qtbot, open_window, gui_project_path, tmp_path):
    from annotator.gui import dialogs
    from annotator.project import Project

    window = open_window(gui_project_path)
    source = tmp_path / "bodies.csv"
    source.write_text("Body ID,articleBody\n" + "".join(
        f'{i},"Tokyo pledged support\nto NATO allies on day {i}."\n' for i in range(3)),
        encoding="utf-8")
    dialogs.import_documents(window, [str(source)])
    qtbot.waitUntil(lambda: getattr(window, "last_question", None) is not None, timeout=30_000)
    question = window.last_question
    assert "bodies.csv has no column or field 'text'" in question.labelText()
    assert question.comboBoxItems() == ["Body ID", "articleBody"]
    assert question.textValue() == "articleBody"  # the likely one is chosen already
    assert window.last_report is None  # the question says it all: no report box under it
    question.accept()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=30_000)
    with Project.open(gui_project_path) as project:
        texts = [project.document(d.id).text for d in project.documents(search="Tokyo", limit=10)]
    assert sorted(texts) == [f"Tokyo pledged support\nto NATO allies on day {i}." for i in range(3)]
