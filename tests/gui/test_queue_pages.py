"""A scrollbar dragged across the queue asks for many pages; a save queued behind those reads
must not wait for all of them: only the newest few are read, the rest are asked for again if
they come back on screen."""

from __future__ import annotations

import json
import threading

from annotator.gui.queue_model import FRESH_PAGES, PAGE, QueueModel
from annotator.gui.tasks import TaskRunner
from annotator.project import Project


def test_pages_scrolled_past_while_queued_are_not_read(qtbot, tmp_path):
    path = tmp_path / "big.annotator"
    data = tmp_path / "docs.jsonl"
    data.write_text("\n".join(json.dumps({"title": f"Doc {i}", "text": f"Article number {i}."})
                              for i in range(PAGE * 10)), encoding="utf-8")
    with Project.create(path) as project:
        project.import_paths([data])
    reads: list[int] = []

    def opener():
        project = Project.open(path)
        real = project.documents

        def documents(**kwargs):
            reads.append(kwargs.get("offset", 0) // PAGE)
            return real(**kwargs)

        project.documents = documents
        return project

    runner = TaskRunner(opener)
    model = QueueModel(runner)
    with qtbot.waitSignal(model.modelReset):
        model.reload()
    assert reads == [0] and model.rowCount() == PAGE * 10

    gate = threading.Event()
    runner.submit(lambda project: gate.wait(10))  # the worker is busy: the reads queue up
    for page in range(1, 10):  # a drag from the top to the bottom
        model.data(model.index(page * PAGE, 0))
    saved = []
    runner.submit(lambda project: "saved", saved.append)
    gate.set()
    qtbot.waitUntil(lambda: saved == ["saved"])
    assert reads[1:] == list(range(10 - FRESH_PAGES, 10))  # only the newest were read
    assert model.data(model.index(9 * PAGE, 0)) == f"Doc {9 * PAGE}"

    model.data(model.index(2 * PAGE, 0))  # back on screen: asked for again, and read
    qtbot.waitUntil(lambda: model.data(model.index(2 * PAGE, 0)) == f"Doc {2 * PAGE}")
    assert reads[-1] == 2
    runner.shutdown()
