"""The document queue as a lazy table model.

Only the row count is known up front; rows arrive a page at a time from the worker thread as
the view scrolls to them, so a project of 100,000 documents opens as fast as one of ten.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.core.models import DocumentSummary

PAGE = 200
# Page reads still worth doing when the worker reaches them: the newest few. A view shows at
# most two pages at once; a scrollbar dragged across 100,000 rows asks for hundreds, and reading
# them all would keep a save queued behind them on the one worker thread.
FRESH_PAGES = 3
COLUMNS = ("Title", "Source", "Date", "Status", "Labels")
Index = QModelIndex | QPersistentModelIndex
_SERVED = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                     Qt.ItemDataRole.UserRole})


class QueueModel(QAbstractTableModel):
    def __init__(self, runner: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.search: str | None = None
        self.status: str | None = None
        self._count = 0
        self._pages: dict[int, list[DocumentSummary]] = {}
        self._requested: set[int] = set()
        self._generation = 0
        self._page_tickets = 0  # page reads asked for so far
        self.on_reset: Any = None  # called after a (re)load, with the row count

    # ------------------------------------------------------------------ loading
    def reload(self, search: str | None = None, status: str | None = None) -> None:
        self.search, self.status = (search or None), (status or None)
        self._generation += 1
        generation = self._generation
        search, status = self.search, self.status

        def fetch(project: Any) -> tuple[int, list[DocumentSummary]]:
            return (project.count_documents(search=search, status=status),
                    project.documents(search=search, status=status, limit=PAGE))

        self.runner.submit(fetch, lambda result: self._loaded(generation, result))

    def _loaded(self, generation: int, result: tuple[int, list[DocumentSummary]]) -> None:
        if generation != self._generation:
            return  # a newer search superseded this one
        count, first = result
        self.beginResetModel()
        self._count = count
        self._pages = {0: first}
        self._requested = {0}
        self.endResetModel()
        if self.on_reset:
            self.on_reset(count)

    def _request_page(self, page: int) -> None:
        if page in self._requested:
            return
        self._requested.add(page)
        generation = self._generation
        search, status = self.search, self.status
        self._page_tickets += 1
        ticket = self._page_tickets

        def fetch(project: Any) -> list[DocumentSummary] | None:
            if self._page_tickets - ticket >= FRESH_PAGES:
                return None  # scrolled past while queued: not read (an int read: thread-safe)
            return project.documents(search=search, status=status, limit=PAGE,
                                     offset=page * PAGE)

        def loaded(rows: list[DocumentSummary] | None) -> None:
            if generation != self._generation:
                return
            first = page * PAGE
            if rows is None:
                self._requested.discard(page)
                last = min(self._count, first + PAGE) - 1
            else:
                self._pages[page] = rows
                last = min(self._count, first + len(rows)) - 1
            if last >= first:  # a skipped page still on screen asks again when repainted
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

        self.runner.submit(fetch, loaded)

    def refresh_row(self, doc_id: int) -> None:
        """Re-read one document's row after its status or labels changed."""
        for page, rows in self._pages.items():
            for i, row in enumerate(rows):
                if row.id == doc_id:
                    self._requested.discard(page)
                    self._pages.pop(page)
                    self._request_page(page)
                    row_index = page * PAGE + i
                    self.dataChanged.emit(self.index(row_index, 0),
                                          self.index(row_index, len(COLUMNS) - 1))
                    return

    # ------------------------------------------------------------------ access
    def summary(self, row: int) -> DocumentSummary | None:
        page = self._pages.get(row // PAGE)
        if page is None:
            self._request_page(row // PAGE)
            return None
        offset = row % PAGE
        return page[offset] if offset < len(page) else None

    def row_of(self, doc_id: int) -> int | None:
        for page, rows in self._pages.items():
            for i, row in enumerate(rows):
                if row.id == doc_id:
                    return page * PAGE + i
        return None

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A paint asks ~7 roles a cell (font, colours, alignment, ...); answer the ones this
        # model does not serve before looking the row up (~8 ms of Python a paint otherwise).
        if role not in _SERVED or not index.isValid():
            return None
        row = self.summary(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if row is None:
                return "…" if index.column() == 0 else ""
            return (row.title or f"(untitled #{row.id})", row.source or "", row.published or "",
                    row.status, str(row.n_annotations) if row.n_annotations else "")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and row is not None and index.column() == 0:
            where = " · ".join(x for x in (row.source, row.published) if x)
            return (row.title or f"(untitled #{row.id})") + (f"\n{where}" if where else "")
        if role == Qt.ItemDataRole.UserRole and row is not None:
            return row.id
        return None
