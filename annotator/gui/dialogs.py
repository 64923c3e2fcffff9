"""Dialogs: the annotator's name, new/open project, import with progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from annotator import APP_NAME, userconfig
from annotator.core.models import GOLD_LAYER
from annotator.formats.fields import field_names
from annotator.formats.reading import EXTENSIONS, ImportOptions
from annotator.gui.training import refresh_model_source

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


def open_failed_box(window: Any, message: str) -> QMessageBox:
    """The one message of a project that could not be opened. When the file is an article or
    a dataset (someone ran `annotator gui article.txt`), the box offers to import it into a new
    project next to it."""
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message, QMessageBox.StandardButton.Close,
                      window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    source = Path(window.path)
    if message.startswith("[E201]") and source.is_file() and source.suffix.lower() in EXTENSIONS:
        box.setInformativeText(f"{source.name} looks like an article or a dataset, not a "
                               "project. Import it into a new project?")
        button = box.addButton("Import into a new project…", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(button)
        button.clicked.connect(lambda: import_into_new_project(window, source))
    return box


def import_into_new_project(window: Any, source: Path, target: Path | None = None) -> Any:
    """Create a project (asking where, next to the source by default), open it in place of
    this window and import the source into it; returns the new window, or None."""
    from annotator.gui.app import open_window
    from annotator.project import Project

    if target is None:
        suggested = source.with_suffix(".annotator")
        path, _ = QFileDialog.getSaveFileName(window, "New project for " + source.name,
                                              str(suggested), PROJECT_FILTER)
        if not path:
            return None
        target = Path(path if path.endswith(".annotator") else path + ".annotator")
    try:
        Project.create(target, annotator=window.annotator).close()
    except Exception as exc:  # an existing file, no permission: shown, never a traceback
        window.show_error(str(exc))
        return None
    new = open_window(target, window.annotator, replace=window)
    import_documents(new, [str(source)])
    return new


def import_documents(window: Any, paths: list[str] | None = None,
                     options: ImportOptions | None = None) -> None:
    if paths is None:
        paths, _ = QFileDialog.getOpenFileNames(window, "Import documents", str(Path.home()),
                                                IMPORT_FILTER)
    if not paths:
        return

    def job(project: Any, worker: Any) -> Any:
        return project.import_paths(paths, options or ImportOptions(),
                                    lambda done, total, _path: worker.report(done, total))

    def finished(report: Any) -> None:
        if isinstance(report, dict):  # cancelled
            window.import_finished(None)
            return
        window.statusBar().showMessage(f"Import: {report.summary()}.", 10000)

        def show_report() -> None:
            window.last_report = import_report_box(window, report)
            window.last_report.open()

        without_text = sorted({p.path for p in report.problems if p.code == "E306"})
        others = any(p.code != "E306" for p in report.problems)
        if others:
            show_report()  # more to say than "no text column", which the question says
        window.import_finished(report)
        if without_text:
            window.runner.submit(lambda _p: field_names(Path(without_text[0])),
                                 lambda names: _ask_text_field(window, without_text[0], names)
                                 or others or show_report())

    window.jobs.start("Importing", window.path, window.annotator, job, finished)


def _ask_text_field(window: Any, path: str, names: list[str]) -> bool:
    """A CSV or JSONL file whose text is not under `text` (E306): the report said to pass
    --text-column or --text-field, which the window has no way to do. Ask which column holds
    the text and import the file again with it (what went in already is skipped as a
    duplicate). One file at a time: the next one is asked about after this import. False
    when there is nothing to choose from."""
    if not names:
        return False
    box = QInputDialog(window)
    box.setWindowTitle("Import documents")
    box.setLabelText(f"{Path(path).name} has no column or field 'text'.\n"
                     "Which one holds the article text?")
    box.setComboBoxItems(names)
    box.setOkButtonText("Import with this one")
    guess = next((n for n in names if n.lower() in ("body", "articlebody", "content",
                                                    "article", "text")), names[0])
    box.setTextValue(guess)

    def chosen(name: str) -> None:
        import_documents(window, [path], ImportOptions(text_field=name, text_column=name))

    box.textValueSelected.connect(chosen)
    box.open()
    window.last_question = box
    return True


REPORT_LINES = 5  # problems a kind listed in the box itself; all of them are in its details


def import_report_box(parent: QWidget, report: Any) -> QMessageBox:
    """What an import left out, apart from what went in with something to check. Errors
    (records not imported, to fix and import again) get a warning icon; warnings alone (records
    that went in, e.g. with a date that names no real day kept in their meta) only an
    information icon, so a good import does not look like a failed one. The box lists the
    first few of each kind; its details hold every one, to copy into an editor."""
    errors = [p for p in report.problems if not p.warning]
    warnings = [p for p in report.problems if p.warning]
    shown: list[str] = []
    details: list[str] = []
    for title, problems in ((f"Not imported ({len(errors)}): fix these lines and import the "
                             "file again; duplicates are skipped.", errors),
                            (f"Imported, with something to check ({len(warnings)}):", warnings)):
        if not problems:
            continue
        lines = [str(p) for p in problems]
        more = len(lines) - REPORT_LINES
        shown += [title, *lines[:REPORT_LINES], *([f"... and {more} more (Show Details)"]
                                                  if more > 0 else []), ""]
        details += [title, *lines, ""]
    icon = QMessageBox.Icon.Warning if errors else QMessageBox.Icon.Information
    box = QMessageBox(icon, APP_NAME, f"Import: {report.summary()}.", QMessageBox.StandardButton.Ok,
                      parent)
    box.setInformativeText("\n".join(shown).strip())
    box.setDetailedText("\n".join(details).strip())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def choose_layers(window: Any, then: Any) -> None:
    """Ask for two annotators' layers (A, then B) and call `then((a, b))`."""
    from PySide6.QtWidgets import QInputDialog

    def chosen(layers: list[str]) -> None:
        candidates = [layer for layer in layers if layer != "gold"]
        if len(candidates) < 2:
            window.show_error("Review needs two annotators' layers; merge a colleague's project "
                              "first (Review ▸ Merge).")
            return
        first, ok = QInputDialog.getItem(window, "Review", "Layer A:", candidates, 0, False)
        if not ok:
            return
        rest = [layer for layer in candidates if layer != first]
        second, ok = QInputDialog.getItem(window, "Review", "Layer B:", rest, 0, False)
        if ok:
            then((first, second))

    window.runner.submit(lambda p: p.layers(), chosen, window.show_error)


def start_review(window: Any) -> None:
    choose_layers(window, lambda layers: open_review(window, layers))


def show_agreement(window: Any, layers: tuple[str, str] | None = None) -> None:
    """The agreement figures of two layers over every document, in a panel with a chart."""
    if layers is None:
        choose_layers(window, lambda chosen: show_agreement(window, chosen))
        return
    from annotator.gui.agreement_panel import AgreementPanel

    shown = _report_shown(window, AgreementPanel, f"Agreement: {layers[0]} vs {layers[1]}",
                          (900, 700), "agreement_panel")
    window.runner.submit(lambda p: p.agreement(list(layers)), shown, window.show_error)


def _report_shown(window: Any, panel_class: Any, title: str, size: tuple[int, int],
                  attribute: str) -> Any:
    """A callback that shows a report in a new panel of `panel_class`, kept on the window."""

    def shown(report: dict) -> None:
        panel = panel_class()
        panel.setWindowTitle(title)
        panel.resize(*size)
        panel.set_report(report)
        panel.show()
        setattr(window, attribute, panel)

    return shown


def show_suggestion_quality(window: Any, layer: str | None = None) -> None:
    """The current suggestions against a gold layer, evaluated on the worker thread and shown
    in a panel with a chart. Asks for the layer when the project has no `gold` one."""
    if layer is None:
        def chosen(layers: list[str]) -> None:
            if GOLD_LAYER in layers:
                show_suggestion_quality(window, GOLD_LAYER)
                return
            if not layers:
                window.show_error("Suggestion quality needs a gold layer: import one with "
                                  "`annotator import-layer PROJECT FILE --layer gold`.")
                return
            name, ok = QInputDialog.getItem(window, "Suggestion quality",
                                            "Measure the suggestions against layer:", layers, 0,
                                            False)
            if ok:
                show_suggestion_quality(window, name)

        window.runner.submit(lambda p: p.layers(), chosen, window.show_error)
        return
    from annotator.gui.suggestion_quality_panel import SuggestionQualityPanel

    shown = _report_shown(window, SuggestionQualityPanel, f"Suggestion quality against {layer}",
                          (1000, 760), "quality_panel")
    window.runner.submit(lambda p: _evaluate_done(p, layer), lambda report: shown(report)
                         if report is not None else _offer_every_labelled(window, layer, shown),
                         window.show_error)


def _evaluate_done(project: Any, layer: str) -> dict | None:
    """The evaluation on the layer's documents marked done; None when none is (E452)."""
    from annotator.project.evaluating import EvaluationError

    try:
        return project.evaluate(layer)
    except EvaluationError as exc:
        if exc.code == "E452":
            return None
        raise


def _offer_every_labelled(window: Any, layer: str, shown: Any) -> None:
    """No document of the layer is marked done, which is how a gold layer made in the review
    window stands (it has no statuses): the error told the user to "pass --status any", which
    the window has no way to do. Offer that instead."""
    box = QMessageBox(QMessageBox.Icon.Question, "Suggestion quality",
                      f"No document of layer {layer!r} is marked done.\n\nMeasure the "
                      "suggestions on every document the layer has labelled? A sentence it "
                      "left unlabelled then counts as one without a statement.", parent=window)
    measure = box.addButton("Measure on every labelled document",
                            QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(measure)

    def answered() -> None:
        if box.clickedButton() is measure:
            window.runner.submit(lambda p: p.evaluate(layer, status="any"), shown,
                                 window.show_error)

    box.finished.connect(answered)
    box.open()
    window.last_question = box


def open_review(window: Any, layers: tuple[str, str]) -> Any:
    from annotator.gui.review_window import ReviewWindow

    review = ReviewWindow(window.runner, window.scheme, layers, window.actors, window)
    review.show()
    window.review_window = review
    return review


def open_teach(window: Any, *, seed: int | None = None) -> Any:
    """Teach mode over the whole project, sharing the window's writer; one at a time."""
    from annotator.gui.teach_window import TeachWindow

    if window.workspace is None:  # the project is still opening
        return None
    teach = getattr(window, "teach_window", None)
    if teach is None or not teach.isVisible():
        teach = TeachWindow(window.runner, window.scheme, window.actors, window.path,
                            window.annotator, window, seed=seed)
        window.teach_window = teach
        teach.show()
    teach.raise_()
    teach.activateWindow()
    teach.view.setFocus()
    return teach


def merge(window: Any, path: str | None = None) -> None:
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            window, "Merge another annotator's work", str(window.path.parent),
            "Projects and exports (*.annotator *.jsonl);;All files (*)")
    if not path:
        return

    def done(report: Any) -> None:
        text = f"Merged {Path(path).name}: {report.summary()}."
        if report.conflicts:
            text += (f"\n{len(report.conflicts)} annotation(s) were edited differently on both "
                     "sides: ours are kept, theirs are stored beside them.")
        window.statusBar().showMessage(text, 15000)
        window.queue_panel.reload()
        if report.models_added:  # the model in use may have changed, or be stale
            refresh_model_source(window)
        notes = report.problems[:10] + report.model_notes
        if report.conflicts or notes:
            window.show_error(text + "".join(f"\n{p}" for p in notes))

    window.runner.submit(lambda p: p.merge(path), done, window.show_error)

