"""Plain data objects shared by every layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("todo", "done", "skipped", "flagged")
KINDS = ("MENTION", "STATEMENT", "CUE")
GOLD_LAYER = "gold"


@dataclass(frozen=True)
class DocumentDraft:
    """A document read from a file, not yet in a project."""

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str | None = None  # "file.csv:12": where it came from
    line: int | None = None


@dataclass(frozen=True)
class ImportProblem:
    """A record that could not be imported; the rest of the file still goes in.

    A W code marks a warning instead: the record went in, and this says what was left out of
    it on the way (e.g. a published date that names no real day, kept in the meta instead).
    """

    path: str
    line: int | None
    reason: str
    code: str = "E302"

    @property
    def warning(self) -> bool:
        return self.code.startswith("W")

    def __str__(self) -> str:
        where = f"line {self.line} of {self.path}" if self.line is not None else self.path
        return f"[{self.code}] {where}: {self.reason}"


@dataclass(frozen=True)
class Document:
    id: int
    uid: str
    text: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    meta: dict[str, Any]
    origin: str | None
    imported_at: str


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the queue: enough to list, not the text."""

    id: int
    uid: str
    title: str | None
    source: str | None
    published: str | None
    status: str
    n_annotations: int
    length: int


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    files: int = 0
    doc_ids: list[int] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Problems that kept something out; warnings are about records that went in."""
        return sum(1 for p in self.problems if not p.warning)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def summary(self) -> str:
        warnings = f", {self.warnings} warnings" if self.warnings else ""
        return (
            f"{self.imported} imported, {self.duplicates} duplicates skipped, "
            f"{self.errors} errors{warnings}, from {self.files} file(s)"
        )


@dataclass(frozen=True)
class Suggestion:
    """Machine output kept apart from human annotations; keyed by the pipeline that made it."""

    start: int
    end: int
    kind: str  # MENTION | CUE | STATEMENT | SENTENCES
    label: str
    actor_id: str | None = None
    ambiguous: bool = False
    score: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    pipeline: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Annotation:
    """A human label on a span, in one annotator's layer (or `gold`)."""

    id: str
    doc_id: int
    layer: str
    kind: str
    start: int
    end: int
    text: str
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    origin: str = "manual"  # manual | suggestion | review | import
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
