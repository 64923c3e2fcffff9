"""Dialogs: the annotator's name, new/open project, import with progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from annotator import userconfig
from annotator.formats.reading import ImportOptions

PROJECT_FILTER = "Stance Annotator projects (*.annotator);;All files (*)"
IMPORT_FILTER = "Articles (*.txt *.html *.htm *.jsonl *.csv);;All files (*)"


def ask_annotator(parent: QWidget | None, current: str) -> str | None:
    name, ok = QInputDialog.getText(
        parent, "Who is annotating?",
        "Your annotator name (your labels are kept in a layer under this name):",
        QLineEdit.EchoMode.Normal, current)
    name = name.strip()
    if not ok or not name:
        return None
    if name == "gold":
        return None
    userconfig.update(annotator=name)
    return name


def switch_annotator(window: Any) -> None:
    from annotator.gui.app import open_window

    name = ask_annotator(window, window.annotator)
    if name and name != window.annotator:
        open_window(window.path, name, replace=window)


def new_project(window: Any) -> None:
    from annotator.gui.app import open_window
    from annotator.project import Project

    path, _ = QFileDialog.getSaveFileName(window, "New project", str(Path.home() / "project.annotator"),
                                          PROJECT_FILTER)
    if not path:
        return
    target = Path(path if path.endswith(".annotator") else path + ".annotator")
    try:
        Project.create(target, annotator=window.annotator).close()
    except Exception as exc:  # shown to the user, never a traceback
        window.show_error(str(exc))
        return
    open_window(target, window.annotator, replace=window)


def open_project(window: Any) -> None:
    from annotator.gui.app import open_window

    path, _ = QFileDialog.getOpenFileName(window, "Open project", str(window.path.parent),
                                          PROJECT_FILTER)
    if path:
        open_window(Path(path), window.annotator, replace=window)


def import_documents(window: Any, paths: list[str] | None = None) -> None:
    if paths is None:
        paths, _ = QFileDialog.getOpenFileNames(window, "Import documents", str(Path.home()),
                                                IMPORT_FILTER)
    if not paths:
        return

    def job(project: Any, worker: Any) -> Any:
        return project.import_paths(paths, ImportOptions(),
                                    lambda done, total, _path: worker.report(done, total))

    def finished(report: Any) -> None:
        if isinstance(report, dict):  # cancelled
            window.import_finished(None)
            return
        problems = "".join(f"\n{p}" for p in report.problems[:10])
        window.statusBar().showMessage(f"Import: {report.summary()}.", 10000)
        if problems:
            window.show_error(f"Import: {report.summary()}.{problems}")
        window.import_finished(report)

    window.jobs.start("Importing", window.path, window.annotator, job, finished)
