"""Agreement between annotator layers, as one Project method.

The figures themselves are computed in `annotator.review.agreement` (no SQL, no Qt); this mixin
only decides which documents count and reads each layer's annotations and document labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.models import STATUSES
from annotator.project.base import ProjectBase
from annotator.store import exchange


class AgreementError(AnnotatorError):
    code = "E620"


class AgreementMixin(ProjectBase):
    # Private helpers carry an `_agreement` prefix: sibling mixins define their own
    # `_check_layers` and `layers`, and one name in two mixins silently shadows the other.
    def agreement(self, layers: Sequence[str], *, doc_ids: Sequence[int] | None = None,
                  status: str | None = None) -> dict[str, Any]:
        """Agreement figures of these layers (the first one is the reference) as a JSON-able dict.

        `doc_ids` limits the documents (default: all). `status` keeps only documents that
        every compared layer has given that status — usually "done", since comparing a
        finished layer with one that has not started measures progress, not agreement; None
        or "any" keeps them all.
        """
        # here, not at the top: krippendorff brings numpy, which commands that never measure
        # agreement should not pay for at start-up
        from annotator.review.agreement import DocumentLayers, agreement_report

        layers = list(layers)
        self._agreement_layers(layers)
        if status not in (None, "any", *STATUSES):
            raise AgreementError(f"unknown status {status!r}",
                                 hint=f"Use one of {', '.join(('any', *STATUSES))}.")
        ids = self._agreement_doc_ids(layers, doc_ids, None if status == "any" else status)
        docs = []
        for doc_id in ids:
            title = self.db.execute("SELECT title FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
            docs.append(DocumentLayers(
                doc_id, title,
                {layer: self.annotations(doc_id, layer) for layer in layers},  # type: ignore[attr-defined]
                {layer: self.doc_labels(doc_id, layer) for layer in layers},  # type: ignore[attr-defined]
            ))
        report = agreement_report(docs, layers, self.scheme)
        report["status"] = status or "any"
        return report

    def _agreement_layers(self, layers: list[str]) -> None:
        if len(layers) < 2:
            raise AgreementError("agreement compares two or more layers",
                                 hint="Name at least two annotators.")
        if len(set(layers)) != len(layers):
            raise AgreementError(f"a layer is named twice in {', '.join(layers)}")
        known = exchange.layers(self.db)  # annotations, statuses or labels
        unknown = [layer for layer in layers if layer not in known]
        if unknown:
            raise AgreementError(
                f"no layer {', '.join(repr(x) for x in unknown)} in this project",
                hint=f"Layers here: {', '.join(known) or 'none yet'}.")

    def _agreement_doc_ids(self, layers: list[str], doc_ids: Sequence[int] | None,
                           status: str | None) -> list[int]:
        all_ids = [row[0] for row in self.db.execute("SELECT id FROM documents ORDER BY id")]
        if doc_ids is not None:
            missing = sorted(set(doc_ids) - set(all_ids))
            if missing:
                raise AgreementError(f"no document {', '.join(map(str, missing))} in this project")
            wanted = set(doc_ids)
            all_ids = [i for i in all_ids if i in wanted]
        if status is None:
            return all_ids
        statuses: dict[int, dict[str, str]] = {}
        marks = ",".join("?" * len(layers))
        for doc_id, layer, state in self.db.execute(
                f"SELECT doc_id, layer, status FROM doc_status WHERE layer IN ({marks})", layers):
            statuses.setdefault(doc_id, {})[layer] = state
        return [i for i in all_ids
                if all(statuses.get(i, {}).get(layer, "todo") == status for layer in layers)]
