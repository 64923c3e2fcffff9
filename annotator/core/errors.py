"""Errors a user can meet.

Every one carries a stable code (so a user can search for it and a test can assert on it), a
location when there is one, and a hint that says what to do next. The CLI and the GUI print
`str(error)` and never a traceback.
"""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base class of every error meant for the user."""

    code = "E000"

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: str | None = None,
        line: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path
        self.line = line
        if code:
            self.code = code

    @property
    def where(self) -> str:
        if self.path and self.line is not None:
            return f"line {self.line} of {self.path}"
        return self.path or ""

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"[{self.code}] {where}{self.message}.{hint}"


class SchemeError(AnnotatorError):
    code = "E101"


class ProjectError(AnnotatorError):
    code = "E201"


class ImportFailed(AnnotatorError):
    """A whole import refused (strict mode, unreadable file): nothing was written."""

    code = "E301"


class PipelineError(AnnotatorError):
    code = "E401"


class ActorError(AnnotatorError):
    code = "E501"
