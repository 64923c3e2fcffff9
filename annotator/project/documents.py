"""Reading documents: lookup, the queue listing, search, figures."""

from __future__ import annotations

from typing import Any

from annotator.core.errors import ProjectError
from annotator.core.models import GOLD_LAYER, STATUSES, Document, DocumentSummary
from annotator.project.base import ProjectBase
from annotator.store import documents as doc_store
from annotator.store.database import read_snapshot
from annotator.store.sizes import file_sizes


class DocumentsMixin(ProjectBase):
    # ------------------------------------------------------------------ documents
    def document(self, ref: str | int) -> Document:
        return doc_store.get_document(self.db, ref)

    def documents(self, *, search: str | None = None, status: str | None = None,
                  layer: str | None = None, limit: int | None = None,
                  offset: int = 0) -> list[DocumentSummary]:
        self._check_status(status)
        return doc_store.list_documents(
            self.db, layer=layer or self.annotator, search=search, status=status,
            limit=limit, offset=offset,
        )

    def count_documents(self, *, search: str | None = None, status: str | None = None,
                        layer: str | None = None) -> int:
        self._check_status(status)
        return doc_store.count_documents(self.db, layer=layer or self.annotator, search=search,
                                         status=status)

    def next_document(self, after: int | None, *, status: str | None = "todo",
                      step: int = 1) -> int | None:
        """The next (or previous) document in queue order with this status, wrapping around."""
        return doc_store.neighbour(self.db, layer=self.annotator, after=after, status=status,
                                   step=step)

    @staticmethod
    def _check_status(status: str | None) -> None:
        if status is not None and status not in STATUSES:
            raise ProjectError(f"unknown status {status!r}", hint=f"Use one of {STATUSES}.")

    # ------------------------------------------------------------------ stats
    def stats(self, *, sizes: bool = False) -> dict[str, Any]:
        """Counts; with `sizes`, also the bytes of each part of the file (`store.sizes`), which
        reads every page and so is asked for, not given by default."""
        with read_snapshot(self.db):  # figures from one moment while another process writes
            figures = self._stats()
            if sizes:
                figures["sizes"] = file_sizes(self.db)
            return figures

    def _stats(self) -> dict[str, Any]:
        db = self.db
        n_docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        per_layer: dict[str, dict[str, int]] = {}
        for layer, label, n in db.execute(
            "SELECT layer, label, COUNT(*) FROM annotations WHERE deleted_at IS NULL"
            " GROUP BY layer, label ORDER BY layer, label"
        ):
            per_layer.setdefault(layer, {})[label] = n
        status: dict[str, dict[str, int]] = {}
        for layer, state, n in db.execute(
            "SELECT layer, status, COUNT(*) FROM doc_status GROUP BY layer, status"
        ):
            status.setdefault(layer, {})[state] = n
        for layer in {*per_layer, *status, self.annotator} - {GOLD_LAYER}:
            counts = status.setdefault(layer, {})
            counts["todo"] = n_docs - sum(v for k, v in counts.items() if k != "todo")
        suggestions = dict(db.execute(
            "SELECT pipeline, COUNT(*) FROM suggestions GROUP BY pipeline").fetchall())
        return {
            "project": str(self.path), "schema": self.schema_version,
            "scheme": self.scheme.ref, "documents": n_docs,
            "annotations": per_layer, "status": status, "suggestions": suggestions,
            "actors": db["actors"].count, "events": db["events"].count,
            "statement_model": self.model_state().as_json(),
        }


