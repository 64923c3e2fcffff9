"""Review ▸ Train suggestion model: training in the background, then suggesting with it.

Training runs as a long job (its own connection, progress and Cancel in the status bar);
the window stays usable. A cancelled training stores nothing and the model in use stays.
When a model was stored, the documents are pre-highlighted again with it (a new model is a
new suggestion key, so every document is pending for it).
"""

from __future__ import annotations

from typing import Any

TITLE = "Training the suggestion model"


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
        window.runner.submit(lambda p: p.suggestion_source(),  # the model in use may have changed
                             lambda source: window.pipeline_label.setText(f"Pipeline: {source}"))
        window.start_suggest(quiet=True)

    return window.jobs.start(TITLE, window.path, window.annotator, job, finished, unit="steps")
