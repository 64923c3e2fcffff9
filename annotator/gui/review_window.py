"""Review mode: two annotators' layers side by side in one article, settled key by key.

Colours say where the layers stand: green where they agree, blue for what only A marked,
orange for what only B marked, red where both marked the span differently (label or slots).
Keys: A takes A's version, B takes B's, E takes an editable copy (edit it in the inspector),
X takes neither, N / P move to the next / previous undecided disagreement, I accepts every
item both agree on, Ctrl+Z undoes the last decision. Decisions go to the gold layer; the
annotators' own layers are never touched.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFontDatabase,
    QKeyEvent,
    QKeySequence,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator import APP_NAME
from annotator.core.scheme import Scheme
from annotator.gui.article_view import ArticleView
from annotator.gui.highlights import Span
from annotator.gui.inspector import Inspector

COLOURS = {"agreed": QColor(120, 190, 120), "only_a": QColor(80, 140, 230),
           "only_b": QColor(240, 150, 40), "differ": QColor(225, 70, 70)}
LEGEND = ("<span style='background:#78be78'>&nbsp;agree&nbsp;</span> "
          "<span style='background:#508ce6;color:white'>&nbsp;only A&nbsp;</span> "
          "<span style='background:#f09628'>&nbsp;only B&nbsp;</span> "
          "<span style='background:#e14646;color:white'>&nbsp;differ&nbsp;</span>"
          "&nbsp;&nbsp; A / B take a version · E edit · X neither · N / P next / previous ·"
          " I accept all agreed · Ctrl+Z undo")


CATEGORY_NAMES = {"agreed": "agree", "only_a": "only A", "only_b": "only B", "differ": "differ"}


def category(item: Any) -> str:
    relation = item.aligned.relation
    if item.aligned.agreed:
        return "agreed"
    if relation in ("only_a", "only_b"):
        return relation
    return "differ"


def review_format(span: Span, scheme: Scheme, current: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    colour = QColor(COLOURS[span.label])
    colour.setAlpha(200 if current else (40 if span.kind == "STATEMENT" else 90))
    fmt.setBackground(QBrush(colour))
    if span.kind == "STATEMENT":
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(COLOURS[span.label])
    if current:
        fmt.setForeground(QBrush(QColor("white")))
    return fmt


def describe(version: Any) -> str:
    if version is None:
        return "<i>nothing</i>"
    slots = ", ".join(f"{k}={'+'.join(v) if isinstance(v, list) else v}"
                      for k, v in sorted(version.attrs.items()))
    return f"<b>{version.label}</b> “{_esc(version.text[:80])}”" + (f"<br>{_esc(slots)}" if slots else "")


class _ReviewView(ArticleView):
    """The article view drawing review categories instead of labels."""

    def redraw(self) -> None:
        from PySide6.QtGui import QTextCursor
        from PySide6.QtWidgets import QTextEdit

        selections = []
        for span in sorted(self.spans, key=lambda s: (s.key == self.current, s.kind != "STATEMENT")):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_qt(span.start))
            cursor.setPosition(self.offsets.to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = review_format(span, self.scheme, span.key == self.current)  # type: ignore[arg-type]
            selections.append(selection)
        self.setExtraSelections(selections)


class ReviewWindow(QMainWindow):
    def __init__(self, runner: Any, scheme: Scheme, layers: tuple[str, str],
                 actors: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.scheme = scheme
        self.layers = layers
        self.doc_id: int | None = None
        self.items: list[Any] = []
        self.index = -1
        self.setWindowTitle(f"{APP_NAME} — review {layers[0]} (A) vs {layers[1]} (B)")
        self.resize(1300, 820)
        self.docs = _wrapping_list()
        self.docs.currentRowChanged.connect(self._doc_chosen)
        self.docs_title = QLabel("<b>Documents</b>")
        self.view = _ReviewView()
        self.view.key_handler = self._key
        self.list = QListWidget()
        # fixed-width, so the A and B columns line up; long texts elide (full one in the tooltip)
        self.list.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._item_chosen)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.inspector = Inspector()
        self.inspector.set_scheme(scheme, actors)
        self.inspector.slot_changed.connect(self._edit_slot)
        self.inspector.label_changed.connect(lambda label: self._edit(label=label))
        right = QWidget()
        column = QVBoxLayout(right)
        heading = QLabel("<b>Items</b> — agreed and disagreements; [A] [B] [E] [–] is the"
                         " decision taken, [·] none yet")
        heading.setWordWrap(True)
        column.addWidget(heading)
        column.addWidget(self.list, 2)
        column.addWidget(self.detail)
        column.addWidget(self.inspector, 3)
        centre = QWidget()
        middle = QVBoxLayout(centre)
        self.legend = QLabel(LEGEND)
        self.legend.setWordWrap(True)
        middle.addWidget(self.legend)
        middle.addWidget(self.view, 1)
        left = QWidget()
        docs_column = QVBoxLayout(left)
        docs_column.addWidget(self.docs_title)
        docs_column.addWidget(self.docs, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(centre)
        split.addWidget(right)
        split.setSizes([230, 640, 430])
        self.setCentralWidget(split)
        self.progress = QLabel("")
        self.statusBar().addPermanentWidget(self.progress)
        undo = QAction("Undo", self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(self.undo)
        self.addAction(undo)
        self.reload_documents()

    # ------------------------------------------------------------------ loading
    def reload_documents(self, keep: int | None = None) -> None:
        layers = self.layers
        self.runner.submit(lambda p: (p.review_documents(layers), p.review_progress(layers)),
                           lambda result: self._docs_loaded(*result, keep=keep),
                           self._error)

    def _docs_loaded(self, docs: list[dict[str, Any]], progress: dict[str, int],
                     keep: int | None) -> None:
        self.progress.setText(f"{progress['decided']} of {progress['items']} items decided"
                              f" in {progress['documents']} document(s)")
        self.docs.blockSignals(True)
        self.docs.clear()
        self.docs_title.setText(f"<b>Documents</b> ({len(docs)})")
        for doc in docs:
            mark = "✓" if doc["decided"] == doc["items"] else "·"
            title = doc["title"] or f"Document {doc['doc_id']}"
            # the counts first, so a long title that wraps never hides them
            item = QListWidgetItem(f"{mark} {doc['decided']}/{doc['items']}  {title}")
            item.setToolTip(f"{title}\n{doc['decided']} of {doc['items']} items decided,"
                            f" {doc['disagreements']} disagreement(s)")
            item.setData(Qt.ItemDataRole.UserRole, doc["doc_id"])
            self.docs.addItem(item)
        self.docs.blockSignals(False)
        ids = [d["doc_id"] for d in docs]
        target = keep if keep in ids else (ids[0] if ids else None)
        if target is not None:
            self.docs.setCurrentRow(ids.index(target))
            if target == self.doc_id:
                self.load_document(target)

    def _doc_chosen(self, row: int) -> None:
        item = self.docs.item(row)
        if item is not None:
            self.load_document(item.data(Qt.ItemDataRole.UserRole))

    def load_document(self, doc_id: int, then: Any = None) -> None:
        layers = self.layers
        new = doc_id != self.doc_id

        def loaded(result: tuple[Any, list[Any]]) -> None:
            document, items = result
            if new:
                self.view.set_text(document.text)
                self.index = -1
            self.doc_id = doc_id
            self.items = items
            self._show_items()
            if then:
                then()

        self.runner.submit(lambda p: (p.document(doc_id), p.review_items(doc_id, layers)), loaded,
                           self._error)

    def _show_items(self) -> None:
        spans = []
        self.list.blockSignals(True)
        self.list.clear()
        for n, item in enumerate(self.items):
            version = item.aligned.a or item.aligned.b
            spans.append(Span(item.aligned.start, max(x.end for x in (item.aligned.a, item.aligned.b) if x),
                              version.kind, category(item), "item", n, item.key))
            done = {"a": "A", "b": "B", "edited": "E", "none": "–"}.get(item.decision or "", "·")
            a = item.aligned.a.label if item.aligned.a else "—"
            b = item.aligned.b.label if item.aligned.b else "—"
            text = version.text.replace("\n", " ")
            entry = QListWidgetItem(f"[{done}] {CATEGORY_NAMES[category(item)]:<6}  A:{a:<10}"
                                    f" B:{b:<10} {text[:120]}")
            entry.setToolTip(text)
            entry.setForeground(COLOURS[category(item)].darker(150))
            self.list.addItem(entry)
        self.list.blockSignals(False)
        current = ("item", self.index) if 0 <= self.index < len(self.items) else None
        self.view.set_spans(spans, self.scheme, current)
        if current is None:
            self.next_open(1)
        else:
            self._select(self.index)

    # ------------------------------------------------------------------ moving
    def _select(self, index: int) -> None:
        if not self.items:
            self.detail.setText("Nothing to review in this document.")
            self.inspector.show_annotation(None)
            return
        self.index = max(0, min(index, len(self.items) - 1))
        item = self.items[self.index]
        self.list.blockSignals(True)
        self.list.setCurrentRow(self.index)
        self.list.blockSignals(False)
        self.view.current = ("item", self.index)
        self.view.redraw()
        self.view.place_caret(item.aligned.start)
        differs = ", ".join(item.aligned.slot_differences) or "—"
        self.detail.setText(
            f"<b>A ({self.layers[0]})</b>: {describe(item.aligned.a)}<br>"
            f"<b>B ({self.layers[1]})</b>: {describe(item.aligned.b)}<br>"
            f"<span style='color:#a33'>slots that differ: {differs}</span><br>"
            f"decision: <b>{item.decision or 'not yet'}</b>")
        self.inspector.show_annotation(item.gold)

    def _item_chosen(self, row: int) -> None:
        if row >= 0:
            self._select(row)

    def next_open(self, step: int) -> None:
        """The next (or previous) item that still needs a decision; wraps to other documents."""
        n = len(self.items)
        for k in range(1, n + 1):
            i = (self.index + step * k) % n if self.index >= 0 else (k - 1 if step > 0 else n - k)
            if self.items[i].decision is None and not self.items[i].aligned.agreed:
                self._select(i)
                return
        if n:
            self._select(self.index if self.index >= 0 else 0)
        self.statusBar().showMessage("No undecided disagreements left in this document.", 4000)

    # ------------------------------------------------------------------ deciding
    def decide(self, decision: str) -> None:
        if not (0 <= self.index < len(self.items)) or self.doc_id is None:
            return
        doc_id, layers, key = self.doc_id, self.layers, self.items[self.index].key
        index = self.index

        def done(_gold: Any) -> None:
            self.index = index
            self.load_document(doc_id, then=lambda: decision != "edited" and self.next_open(1))
            self.reload_documents(keep=doc_id)

        self.runner.submit(lambda p: p.decide(doc_id, layers, key, decision), done, self._error)

    def accept_identical(self) -> None:
        if self.doc_id is None:
            return
        doc_id, layers = self.doc_id, self.layers

        def done(n: int) -> None:
            self.statusBar().showMessage(f"{n} agreed item(s) taken into gold.", 4000)
            self.load_document(doc_id)
            self.reload_documents(keep=doc_id)

        self.runner.submit(lambda p: p.accept_identical(doc_id, layers), done, self._error)

    def _edit_slot(self, name: str, value: Any) -> None:
        self._edit(attrs={name: value})

    def _edit(self, **changes: Any) -> None:
        item = self.items[self.index] if 0 <= self.index < len(self.items) else None
        if item is None or item.gold is None:
            return
        gold_id, doc_id = item.gold.id, self.doc_id
        self.runner.submit(lambda p: p.update_annotation(gold_id, review=True, **changes),
                           lambda _a: self.load_document(doc_id), self._error)

    def undo(self) -> None:
        doc_id = self.doc_id
        self.runner.submit(lambda p: p.undo(), lambda _r: (self.load_document(doc_id),
                                                           self.reload_documents(keep=doc_id)),
                           self._error)  # a refused undo (E250) says why

    def _key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        actions = {Qt.Key.Key_A: lambda: self.decide("a"), Qt.Key.Key_B: lambda: self.decide("b"),
                   Qt.Key.Key_E: lambda: self.decide("edited"),
                   Qt.Key.Key_X: lambda: self.decide("none"),
                   Qt.Key.Key_N: lambda: self.next_open(1), Qt.Key.Key_P: lambda: self.next_open(-1),
                   Qt.Key.Key_I: self.accept_identical,
                   Qt.Key.Key_Tab: lambda: self._select(self.index + 1),
                   Qt.Key.Key_Backtab: lambda: self._select(self.index - 1)}
        action = actions.get(Qt.Key(event.key()))
        if action is None:
            return False
        action()
        return True

    def _error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)


def _wrapping_list() -> QListWidget:
    """A list whose long entries wrap to the pane's width instead of being cut at its edge
    behind a horizontal scroll bar (the review's document titles were)."""
    widget = QListWidget()
    widget.setWordWrap(True)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setResizeMode(QListWidget.ResizeMode.Adjust)
    widget.setSpacing(1)
    return widget


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
