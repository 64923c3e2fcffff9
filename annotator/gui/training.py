"""Review ▸ Train suggestion model: training in the background, then suggesting with it.

Training runs as a long job (its own connection, progress and Cancel in the status bar);
the window stays usable. A cancelled training stores nothing and the model in use stays.
When a model was stored, the documents are pre-highlighted again with it (a new model is a
new suggestion key, so every document is pending for it).
"""

from __future__ import annotations

from typing import Any

TITLE = "Training the suggestion model"
STALE_COLOUR = "#a04000"  # amber: the project's own statement model is stale


def start_training(window: Any, layers: list[str] | None = None) -> bool:
    """Start (or queue) the training job; False when it was queued behind another job."""

    def job(project: Any, worker: Any) -> Any:
        return project.train_model(layers, progress=worker.report,
                                   should_stop=lambda: worker.cancelled)

    def finished(report: Any) -> None:
        if isinstance(report, dict) or getattr(report, "cancelled", False):
            window.statusBar().showMessage(
                "Training cancelled; the suggestion model in use is unchanged.", 8000)
            return
        window.last_train_report = report
        window.statusBar().showMessage(report.summary(), 15000)
        refresh_model_source(window)  # the model in use may have changed
        window.start_suggest(quiet=True)

    return window.jobs.start(TITLE, window.path, window.annotator, job, finished, unit="steps")


def model_source(project: Any) -> tuple[str, str]:
    """(what draws the suggestions, in a few words; what to do where the project's own
    statement model is stale, else "")."""
    return project.suggestion_source(), project.model_state().note()


def show_model_source(window: Any, shown: tuple[str, str]) -> None:
    """The status bar's pipeline label; a stale own model turns it amber, with the whole note
    (what happened, what suggests meanwhile, what to do) as its tooltip: as a passing message
    beside the permanent widgets it was cut off."""
    source, note = shown
    window.pipeline_label.setText(f"Pipeline: {source}")
    window.pipeline_label.setToolTip(note)
    window.pipeline_label.setStyleSheet(f"color: {STALE_COLOUR};" if note else "")


def refresh_model_source(window: Any) -> None:
    window.runner.submit(model_source, lambda shown: show_model_source(window, shown))
