"""Teach mode's progress panel: decisions so far, decisions per hour, and the held-out F1 of
the model after each retraining, so an analyst sees whether their decisions are paying off."""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from annotator.gui.training import STALE_COLOUR
from annotator.project.model_state import TEACH_REMEDY
from annotator.project.teaching import Scores

DECISIONS = ("accepted", "rejected")


def model_row(scores: Scores) -> tuple[str, str]:
    """(the Model row, as rich text; the tooltip: `ModelState.note()`, "" unless stale)."""
    state = scores.state
    if scores.source == "rules":
        text = "rule candidates (no model yet)"
    else:
        used = state.in_use_words() if state is not None and state.in_use != "rules" else "model"
        text = f"{used} {html.escape(scores.source)}, threshold {scores.threshold:.2f}"
    if state is None or not state.stale:
        return text, ""
    return f"{text}<br>{html.escape(state.stale_words(TEACH_REMEDY), quote=False)}", state.note()


@dataclass
class TeachStats:
    """Counts of this teach session. A decision undone is taken off again; skips are counted
    apart, they teach the model nothing."""

    started: float = field(default_factory=time.monotonic)
    counts: dict[str, int] = field(default_factory=lambda: {"accepted": 0, "rejected": 0,
                                                            "skipped": 0})
    since_training: int = 0
    f1s: list[float | None] = field(default_factory=list)

    @property
    def decisions(self) -> int:
        return sum(self.counts[d] for d in DECISIONS)

    def add(self, action: str, step: int = 1) -> None:
        self.counts[action] = max(0, self.counts[action] + step)
        if action in DECISIONS:
            self.since_training = max(0, self.since_training + step)

    def per_hour(self, now: float | None = None) -> float | None:
        """Decisions per hour of this session; None before the first, and the first minute
        counts as a whole minute, so two quick keys do not read as thousands an hour."""
        if not self.decisions:
            return None
        elapsed = max((now if now is not None else time.monotonic()) - self.started, 60.0)
        return self.decisions * 3600.0 / elapsed


class TeachPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Progress", parent)
        self.setObjectName("teach-panel")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.decisions = QLabel("0")
        self.rate = QLabel("—")
        self.model = QLabel("…")
        self.f1 = QLabel("—")
        self.training = QLabel("")
        self.left = QLabel("")
        for label in (self.f1, self.training, self.model):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
        form.addRow("Decisions", self.decisions)
        form.addRow("Per hour", self.rate)
        form.addRow("Held-out F1", self.f1)
        form.addRow("Model", self.model)
        form.addRow("Retraining", self.training)
        form.addRow("Sentences left", self.left)
        layout.addLayout(form)

    def show_stats(self, stats: TeachStats, every: int, training: str | None = None) -> None:
        c = stats.counts
        self.decisions.setText(f"<b>{stats.decisions}</b> ({c['accepted']} accepted,"
                               f" {c['rejected']} rejected; {c['skipped']} skipped)")
        rate = stats.per_hour()
        self.rate.setText("—" if rate is None else f"{rate:,.0f}")
        shown = [("—" if f is None else f"{f:.2f}") for f in stats.f1s[-6:]]
        self.f1.setText(" → ".join([*shown[:-1], f"<b>{shown[-1]}</b>"]) if shown else
                        "— (after the first retraining)")
        self.training.setText(training or
                              f"in {max(every - stats.since_training, 0)} decision(s)"
                              f" (every {every})")

    def show_model(self, scores: Scores) -> None:
        """Which model scored the sentences; where the project's own model is stale, that it
        is and what replaces it, in amber, with the whole note (why, what to do) as tooltip."""
        text, note = model_row(scores)
        self.model.setText(text)
        self.model.setToolTip(note)
        self.model.setStyleSheet(f"color: {STALE_COLOUR};" if note else "")

    def show_left(self, n: int | None) -> None:
        self.left.setText("" if n is None else f"{n:,}")
