"""The Project facade: every use case of Stance Annotator as one method.

The CLI and the GUI are two faces of this class; neither runs SQL nor calls spaCy itself.
Each group of use cases lives in its own module as a mixin; this class puts them together
and owns opening and closing the file.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.outputs import kind_of, missing
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
from annotator.store.build_files import BuildFile, remove_leftovers, sync_folder
from annotator.store.database import finish_building, open_database, sync_file

T = TypeVar("T")
# What a file system without hard links (some network shares, FAT) answers to os.link.
NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}
WINDOWS = os.name == "nt"


class Project(
    ImportMixin, ActorsMixin, SuggestMixin, DocumentsMixin, AnnotateMixin, ExportMixin, HistoryMixin,
    MergeMixin, AdjudicateMixin, AgreementMixin,
):
    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: str | Path, *, annotator: str = "annotator", create: bool = False,
             scheme_text: str | None = None) -> Project:
        path = Path(path)
        _refuse_what_is_not_a_file(path)
        if create and not (path.exists() and path.stat().st_size > 0):
            cls._build_new(path, annotator, scheme_text)
        db, backup = open_database(path, create=False)
        return cls(db, path, annotator, backup)

    @classmethod
    def _build_new(cls, path: Path, annotator: str, scheme_text: str | None,
                   fill: Callable[[Project], T] | None = None,
                   keep: Callable[[T], bool] | None = None) -> tuple[T | None, str]:
        """Make a whole new project under a temporary name beside `path`, then link it into place.

        It is built in one write (`connect(building=True)`: no WAL, no syncs while it is
        filled), made an ordinary WAL project, synced to disk, and only then linked.

        A full disk or any other failure midway leaves no half-made project at `path`, and
        nobody else can have opened the temporary file, so removing it is safe. `fill` (an
        import into the new project) runs before the link: when it raises, or `keep` says its
        result is not worth a project (every record refused), nothing appears at `path`.
        The link fails when another process created `path` first: theirs is kept, ours dropped
        (several processes creating one project end with one scheme and one registry).
        Returns fill's result and "created", "not kept" or "exists" (another process won).

        The temporary file is held (`BuildFile`) while it is built, so a build killed midway
        leaves a file the next build at this name can tell from a live one and removes
        (`remove_leftovers`). After the link the folder is synced too: the pages alone would
        survive a power cut under no name.
        """
        _refuse_what_is_not_a_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        building = BuildFile(path)  # owner-only (0600) from the start: research data
        temp = building.path
        try:
            remove_leftovers(path, building)  # of builds killed before they could remove their own
            try:
                db, _ = open_database(temp, create=True, building=True)
                project = cls(db, temp, annotator)
                with project.db.atomic():
                    project._install_scheme(scheme_text or default_scheme_text())
                    project._install_registry()
            except (OSError, sqlite3.Error, ProjectError) as exc:  # a SchemeError says it better
                raise _cannot_create(path, exc) from exc
            try:
                result = fill(project) if fill is not None else None
                kept = keep is None or keep(result)  # type: ignore[arg-type]
                if kept:
                    finish_building(project.db)
            except AnnotatorError as exc:
                if exc.path == str(temp):  # (a full disk) the user knows the name they gave
                    exc.path = str(path)
                raise
            finally:
                project.close()
            if not kept:
                return result, "not kept"
            try:
                sync_file(temp)
                building.before_link()
                if not _put_in_place(temp, path):
                    return result, "exists"
            except OSError as exc:
                raise _cannot_create(path, exc) from exc
            sync_folder(path.parent)  # the new name, not only the pages, survives a power cut
            return result, "created"
        finally:
            building.release()

    @classmethod
    def create_with(cls, path: str | Path, fill: Callable[[Project], T], keep: Callable[[T], bool],
                    *, annotator: str = "annotator") -> tuple[T, bool]:
        """Fill a new project (an import) and put it at `path` only if `keep(result)`; when
        another process created `path` meanwhile, fill that one instead. Returns the result
        and whether a project was created here."""
        path = Path(path)
        result, outcome = cls._build_new(path, annotator, None, fill, keep)
        if outcome == "exists":
            with cls.open(path, annotator=annotator) as project:
                return fill(project), False
        return result, outcome == "created"  # type: ignore[return-value]

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
        """The current suggestions against a gold layer (see `Evaluation.evaluate`), with the
        statement model in use (`model_state`, whether a stale own model was set aside) and
        the models that drew the suggestions evaluated (`suggested_by`)."""
        from annotator.project.learning import starter_model
        from annotator.project.model_state import MODEL_IN_KEY, drawn_by

        report = self.evaluation.evaluate(gold_layer, pipeline, status=status, doc_ids=doc_ids)
        state = self.model_state()
        versions = MODEL_IN_KEY.findall(report["pipeline"] or "")
        starter = (starter_model() if any(v != state.own for v in versions)
                   or state.in_use == "starter" else None)
        report["statement_model"] = state.as_json() | {"suggested_by": drawn_by(
            report["pipeline"], state, starter.version if starter is not None else None)}
        return report




__all__ = ["Project"]


def _refuse_what_is_not_a_file(path: Path) -> None:
    """A link to nothing (a loop, a target that is gone) as the project: creating "through" it
    would fail only after the work was done, and opening it would say "no project" beside a
    name the user can see. A device, FIFO or socket: a new project renamed over it would
    replace the node itself (`init /dev/zero` as root made /dev/zero a project file)."""
    if path.is_symlink() and not path.exists():
        raise ProjectError(missing(path), path=str(path),
                           hint="Give the project file itself, or remove the link.")
    kind = kind_of(path)
    if kind is not None:
        raise ProjectError(f"this is a {kind}, not a project file", path=str(path), code="E225",
                           hint="Give the name of a project file (.annotator); nothing was"
                                " changed.")


def _put_in_place(temp: Path, path: Path) -> bool:
    """Give the finished `temp` the name `path`, never replacing a project another process put
    there meanwhile (False then: theirs is kept). A hard link fails when `path` exists, on
    POSIX and on Windows (NTFS) alike; the caller then removes `temp`. Where the file system
    has no hard links (FAT, some network shares) it is renamed: on Windows `os.rename` refuses
    an existing target too; on POSIX a rename would replace one, so it runs only when `path`
    is absent (the window is the few microseconds between the test and the rename)."""
    try:
        os.link(temp, path)
        return True
    except FileExistsError:
        pass
    except OSError as exc:  # no hard links here: a rename
        if not WINDOWS and exc.errno not in NO_HARD_LINKS:
            raise
        try:
            if WINDOWS:
                os.rename(temp, path)
                return True
            if not path.exists():
                os.replace(temp, path)
                return True
        except FileExistsError:
            pass
    if path.stat().st_size or kind_of(path) is not None:
        return False  # theirs (or a device or FIFO put there since): not replaced
    os.replace(temp, path)  # an empty file someone made: ours replaces it
    return True


def _cannot_create(path: Path, exc: BaseException) -> ProjectError:
    cause = exc.__cause__ if isinstance(exc, ProjectError) and exc.__cause__ else exc
    detail = getattr(cause, "strerror", None) or cause
    return ProjectError(f"cannot create the project file ({detail}); nothing was left there",
                        path=str(path), code="E204",
                        hint="Check the free space and the folder's permissions.")
