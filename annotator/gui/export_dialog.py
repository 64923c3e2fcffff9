"""File ▸ Export: the options of `annotator export`, run in the background with progress.

The export reads its own snapshot on its own connection, so annotating goes on meanwhile; a
cancelled or failed export leaves no file behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from annotator.formats.export_options import (
    EXPORT_FORMATS,
    EXPORT_STATUSES,
    TOKENS_BY_DEFAULT,
    ExportOptions,
    parse_list,
    parse_split,
)

SUFFIX = {"jsonl": ".jsonl", "prodigy": ".jsonl", "doccano": ".jsonl", "doccano-rel": ".jsonl",
          "spacy": ".spacy", "csv": ".csv"}


class ExportDialog(QDialog):
    def __init__(self, window: Any, layers: list[str]) -> None:
        super().__init__(window)
        self.setWindowTitle("Export a dataset")
        self.window_ = window
        form = QFormLayout(self)
        self.format = QComboBox()
        self.format.addItems(EXPORT_FORMATS)
        self.layer = QComboBox()
        self.layer.addItems([window.annotator, *[x for x in layers if x != window.annotator],
                             *[x for x in ("gold", "all") if x not in layers]])
        self.status = QComboBox()
        self.status.addItems(EXPORT_STATUSES)
        self.kinds = QLineEdit()
        self.kinds.setPlaceholderText("all kinds, or e.g. MENTION,STATEMENT")
        self.labels = QLineEdit()
        self.labels.setPlaceholderText("all labels, or e.g. COMMITMENT,STANCE")
        self.split = QLineEdit()
        self.split.setPlaceholderText("one file, or e.g. train=0.8,dev=0.2")
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.tokens = QCheckBox("tokens and token indices (Prodigy's manual interfaces need them)")
        self.tokens.setChecked(TOKENS_BY_DEFAULT.get(self.format.currentText(), False))
        self.out = QLineEdit(str(window.path.with_suffix(".jsonl")))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.out, 1)
        line.addWidget(browse)
        for label, widget in (("&Format", self.format), ("&Layer", self.layer),
                              ("&Documents", self.status), ("&Kinds", self.kinds),
                              ("La&bels", self.labels), ("&Split", self.split),
                              ("S&eed", self.seed), ("", self.tokens), ("&Output", row)):
            form.addRow(label, widget)
        self.format.currentTextChanged.connect(self._suffix)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _suffix(self, fmt: str) -> None:
        # Only jsonl and prodigy lines can carry tokens; a DocBin is its tokens, the rest never.
        self.tokens.setEnabled(fmt in TOKENS_BY_DEFAULT)
        self.tokens.setChecked(TOKENS_BY_DEFAULT.get(fmt, fmt == "spacy"))
        path = Path(self.out.text() or "export")
        self.out.setText(str(path.with_suffix(SUFFIX.get(fmt, ".jsonl"))))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.out.text())
        if path:
            self.out.setText(path)

    def options(self) -> ExportOptions:
        options = ExportOptions(
            format=self.format.currentText(), layer=self.layer.currentText(),
            status=self.status.currentText(), kinds=parse_list(self.kinds.text().upper()),
            labels=parse_list(self.labels.text()), split=parse_split(self.split.text() or None),
            seed=self.seed.value(),
            tokens=self.tokens.isChecked() if self.tokens.isEnabled() else None)
        options.check()
        return options


def export_dataset(window: Any, out: str | None = None, options: ExportOptions | None = None) -> None:
    """Ask for the options (unless given), then export in the background."""
    if options is None:
        def ask(layers: list[str]) -> None:
            dialog = ExportDialog(window, layers)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            try:
                chosen = dialog.options()
            except Exception as exc:  # a typo in a field: say so, export nothing
                window.show_error(str(exc))
                return
            export_dataset(window, dialog.out.text(), chosen)

        window.runner.submit(lambda p: p.layers(), ask, window.show_error)
        return

    def job(project: Any, worker: Any) -> Any:
        return project.export(out, options,
                              progress=lambda done, total: worker.progress.emit(done, total),
                              should_stop=lambda: worker.cancelled)

    def finished(report: Any) -> None:
        window.last_export = report
        window.statusBar().showMessage(f"Exported: {report.summary().splitlines()[0]}", 15000)

    window.jobs.start("Exporting", window.path, window.annotator, job, finished)
