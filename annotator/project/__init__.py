"""The Project facade: every use case of Stance Annotator as one method.

The CLI and the GUI are two faces of this class; neither runs SQL nor calls spaCy itself.
Each group of use cases lives in its own module as a mixin; this class puts them together
and owns opening and closing the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from annotator.core.errors import ProjectError
from annotator.core.resources import default_scheme_text
from annotator.project.actors import ActorsMixin
from annotator.project.adjudicating import AdjudicateMixin
from annotator.project.annotating import AnnotateMixin
from annotator.project.documents import DocumentsMixin
from annotator.project.evaluating import Evaluation
from annotator.project.exporting import ExportMixin
from annotator.project.history import HistoryMixin
from annotator.project.importing import ImportMixin
from annotator.project.learning import Learning, ScoredSentence, TrainReport
from annotator.project.merging import MergeMixin
from annotator.project.reviewing import AgreementMixin
from annotator.project.suggesting import SuggestMixin
from annotator.store.database import open_database


class Project(
    ImportMixin, ActorsMixin, SuggestMixin, DocumentsMixin, AnnotateMixin, ExportMixin, HistoryMixin,
    MergeMixin, AdjudicateMixin, AgreementMixin,
):
    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: str | Path, *, annotator: str = "annotator", create: bool = False,
             scheme_text: str | None = None) -> Project:
        path = Path(path)
        db, backup = open_database(path, create=create)
        project = cls(db, path, annotator, backup)
        if not project.db["scheme"].count:  # a new file: give it a scheme and the actor registry
            with project.db.atomic():  # checked again under the write lock: when several
                if not project.db["scheme"].count:  # processes create one file, one installs
                    project._install_scheme(scheme_text or default_scheme_text())
                    project._install_registry()
        return project

    @classmethod
    def create(cls, path: str | Path, *, annotator: str = "annotator",
               scheme_text: str | None = None) -> Project:
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError("a file already exists here", path=str(path),
                               hint="Choose another name, or open it instead.")
        return cls.open(path, annotator=annotator, create=True, scheme_text=scheme_text)

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ statement model
    @cached_property
    def learning(self) -> Learning:
        return Learning(self)

    def train_model(self, layers: list[str] | None = None, *,
                    progress: Callable[[int, int], None] | None = None,
                    should_stop: Callable[[], bool] | None = None,
                    start_from: str | None = None) -> TrainReport:
        return self.learning.train_model(layers, progress=progress, should_stop=should_stop,
                                         start_from=start_from)

    def statement_model(self) -> Any:
        return self.learning.statement_model()

    def score_sentences(self, doc_ids: list[int] | None = None) -> Iterator[ScoredSentence]:
        return self.learning.score_sentences(doc_ids)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ composed services
    @property
    def evaluation(self) -> Evaluation:
        return Evaluation(self.db, self.scheme)

    def evaluate(self, gold_layer: str, pipeline: str | None = None, *,
                 status: str | None = "done", doc_ids: list[int] | None = None) -> dict[str, Any]:
        """The current suggestions against a gold layer (see `Evaluation.evaluate`)."""
        return self.evaluation.evaluate(gold_layer, pipeline, status=status, doc_ids=doc_ids)




__all__ = ["Project"]
