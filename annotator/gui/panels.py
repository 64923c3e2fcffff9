"""Side panels: document status and labels, the annotation list, the guidelines."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QWidget,
)

from annotator.core.models import STATUSES, Annotation
from annotator.core.scheme import Scheme
from annotator.gui.highlights import colour_of

NONE = "—"


class DocPanel(QWidget):
    status_chosen = Signal(str)
    label_chosen = Signal(str, object)

    def __init__(self, scheme: Scheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.status = QComboBox()
        self.status.addItems(STATUSES)
        self.status.activated.connect(lambda i: self.status_chosen.emit(STATUSES[i]))
        form.addRow("Status", self.status)
        self.labels: dict[str, QComboBox] = {}
        for doc_label in scheme.doc_labels:
            box = QComboBox()
            box.addItem(NONE)
            box.addItems([v.name for v in doc_label.values])
            box.setToolTip(f"{doc_label.definition} (Shift+{doc_label.name[0].upper()})")
            box.activated.connect(
                lambda _i, name=doc_label.name, b=box: self.label_chosen.emit(
                    name, None if b.currentText() == NONE else b.currentText()))
            self.labels[doc_label.name] = box
            form.addRow(f"{doc_label.name} [Shift+{doc_label.name[0].upper()}]", box)

    def show_values(self, status: str, labels: dict[str, str]) -> None:
        self.status.setCurrentText(status)
        for name, box in self.labels.items():
            box.setCurrentText(labels.get(name, NONE))


class AnnotationList(QListWidget):
    """This annotator's annotations in the article, in text order; selecting one jumps to it."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemActivated.connect(lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.itemClicked.connect(lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))

    def show_annotations(self, annotations: list[Annotation], scheme: Scheme) -> None:
        self.blockSignals(True)
        self.clear()
        for a in annotations:
            text = a.text.replace("\r", " ").replace("\n", " ")
            if len(text) > 60:
                text = text[:57] + "…"
            item = QListWidgetItem(f"{a.label:<11} {text}")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setToolTip(", ".join(f"{k}={v}" for k, v in a.attrs.items()) or a.kind)
            item.setForeground(colour_of(scheme, a.label).darker(130))
            self.addItem(item)
        self.blockSignals(False)


def _tint(colour: str, share: float = 0.45) -> str:
    """The label's colour mixed with white, as a chip behind dark text, the way the article
    shows a highlight: the colour as the text itself left the pale ones (LOC #aec7e8, EVENT
    #ffbb78) all but unreadable on white."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)


def guidelines_html(scheme: Scheme) -> str:
    """The scheme's own definitions, so guidelines and labels can never drift apart."""
    parts = [f"<h3>{scheme.name} {scheme.version}</h3><p>{scheme.description}</p>"]
    for kind, title in (("MENTION", "Mentions"), ("STATEMENT", "Statements"), ("CUE", "Cues")):
        parts.append(f"<h4>{title}</h4><ul>")
        for label in scheme.labels_of(kind):
            key = f" <code>[{label.key}]</code>" if label.key else ""
            parts.append(f"<li><b style='background-color:{_tint(label.color)}'>&nbsp;"
                         f"{label.name}&nbsp;</b>{key}: {label.definition}</li>")
        parts.append("</ul>")
    parts.append("<h4>Statement slots</h4><ul>")
    for slot in scheme.slots:
        values = ""
        if slot.values:
            values = "<br>" + ", ".join(
                f"<span title='{v.definition}'>{v.name}{f' [{v.key}]' if v.key else ''}</span>"
                for v in slot.values)
        parts.append(f"<li><b>{slot.name}</b> <code>[{slot.key}]</code>: {slot.definition}{values}</li>")
    parts.append("</ul><h4>Document labels</h4><ul>")
    for doc_label in scheme.doc_labels:
        values = ", ".join(f"{v.name} [{v.key}]" for v in doc_label.values)
        parts.append(f"<li><b>{doc_label.name}</b>: {doc_label.definition}<br>{values}</li>")
    parts.append("</ul>")
    return "".join(parts)


CHEAT_SHEET = """
<h3>Keys</h3>
<table cellspacing=4>
<tr><td><b>Shift+arrows, Ctrl+Shift+arrows</b></td><td>select text</td></tr>
<tr><td><b>S</b></td><td>select the sentence at the caret</td></tr>
<tr><td><b>1 … 0</b></td><td>apply a label to the selection (snapped to whole words)</td></tr>
<tr><td><b>Alt+1 … Alt+0</b></td><td>apply a label to exactly the selected characters</td></tr>
<tr><td><b>Tab / Shift+Tab</b></td><td>next / previous highlight</td></tr>
<tr><td><b>] / [</b></td><td>next / previous statement or candidate statement</td></tr>
<tr><td><b>Enter</b></td><td>accept the suggestion</td></tr>
<tr><td><b>X</b></td><td>reject the suggestion</td></tr>
<tr><td><b>Delete</b></td><td>delete the annotation</td></tr>
<tr><td><b>h t o p g v b</b></td><td>holder, target, topic, polarity, strength, novelty, attribution:
then the value's key (shown under the inspector's form); for holder and target, <b>/</b>
searches the registry; <b>-</b> clears, Esc cancels</td></tr>
<tr><td><b>k / j</b></td><td>toggle negated / conditional</td></tr>
<tr><td><b>w</b></td><td>write a note</td></tr>
<tr><td><b>Shift+R / Shift+T</b></td><td>document relevance / tone, then the value's key</td></tr>
<tr><td><b>Ctrl+Enter</b></td><td>mark done and open the next todo article</td></tr>
<tr><td><b>Ctrl+Shift+Enter</b></td><td>skip and open the next todo article</td></tr>
<tr><td><b>Ctrl+PgDown / Ctrl+PgUp</b></td><td>next / previous article in the queue</td></tr>
<tr><td><b>Ctrl+Z / Ctrl+Shift+Z</b></td><td>undo / redo (any article, even after a restart)</td></tr>
<tr><td><b>Ctrl+F</b></td><td>search the queue</td></tr>
<tr><td><b>Ctrl++ / Ctrl+-</b></td><td>bigger / smaller text</td></tr>
<tr><td><b>F8</b></td><td>teach mode: one sentence at a time (Enter accept, 5–9 type,
X reject, Space skip, Ctrl+Z undo)</td></tr>
</table>
<p>Letter keys come from the project's scheme and change with it.</p>
"""


def guidelines_widget(scheme: Scheme) -> QTextBrowser:
    browser = QTextBrowser()
    browser.setHtml(guidelines_html(scheme))
    return browser
