"""What every command shares: the project argument, the context, progress, errors."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from annotator.cli import interrupts
from annotator.cli.terminal import raw_stderr
from annotator.core.errors import AnnotatorError
from annotator.crashlog import write_crash_log

T = TypeVar("T")
PROJECT_ARG = click.argument("project", type=click.Path(dir_okay=False, path_type=Path))


class Context:
    def __init__(self, annotator: str) -> None:
        self.annotator = annotator
        self.explicit_name: str | None = None
        self.project_path: Path | None = None

    def open(self, path: Path, create: bool = False) -> Any:
        # imported here: `annotator gui` must not pay ~0.5 s of storage imports before painting
        from annotator.project import Project

        self.project_path = path  # named when the file turns out damaged mid-way
        return Project.open(path, annotator=self.annotator, create=create)


    def import_into(self, path: Path, run: Callable[[Any], T], keep: Callable[[T], bool]) -> T:
        """Run an import into `path`; a new project is made only when `keep(result)` (some
        record went in): a failed import leaves no empty project behind. Says in one line when
        it created one."""
        from annotator.project import Project

        self.project_path = path
        if path.exists() and path.stat().st_size > 0:
            with self.open(path) as project:
                return run(project)
        result, created = Project.create_with(path, run, keep, annotator=self.annotator)
        if created:
            click.echo(f"Created {path}.")
        return result


pass_ctx = click.make_pass_decorator(Context)


class _Bar:
    """A click progress bar fed with absolute (done, total) figures; silent when not a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty()
        self.bar: Any = None
        self.last = 0

    def __enter__(self) -> _Bar:
        if self.enabled:
            self.bar = click.progressbar(length=1, label=self.label, file=raw_stderr(),
                                         show_eta=True, show_percent=True)
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def set(self, done: int, total: int) -> None:
        if self.bar is None:
            return
        self.bar.length = max(total, 1)
        self.bar.update(done - self.last)
        self.last = done

    def to(self, extract: Any) -> Any:
        """Adapt a Project progress callback: `extract` maps its arguments to (done, total).
        None when there is no terminal to show it: then an import need not count first."""
        return (lambda *args: self.set(*extract(*args))) if self.enabled else None


def progress_bar(label: str) -> _Bar:
    return _Bar(label)


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


class UserError(click.ClickException):
    """An AnnotatorError as click prints it: one coded line, exit status 1."""


class AnnotatorGroup(click.Group):
    """Turns errors into messages here, so CliRunner tests see exactly what a user sees."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            if interrupts.dropped():
                raise KeyboardInterrupt
            return result
        except AnnotatorError as exc:
            raise UserError(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted; everything done so far is saved.", err=True)
            ctx.exit(130)
        except OverflowError as exc:  # e.g. --limit 10**30: SQLite's integers are 64-bit
            raise UserError(
                "[E208] a number given is too large: the largest a project file holds is"
                f" {2**63 - 1:,} ({exc}). Give a smaller number.") from exc
        except BrokenPipeError:  # `annotator docs P | head -1`: the reader has all it wants
            _quiet_after_broken_pipe()
            ctx.exit(141)  # as a program killed by SIGPIPE, which shells expect
        except Exception as exc:
            if interrupts.caused_by_interrupt(exc):
                click.echo("Interrupted; everything done so far is saved.", err=True)
                ctx.exit(130)
            from annotator.store.schema_check import as_damage

            opened = ctx.find_object(Context)
            if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc):
                from annotator.store.database import read_only_error

                where = str(opened.project_path) if opened and opened.project_path else None
                raise UserError(str(read_only_error(where))) from exc
            damage = as_damage(exc, opened.project_path if opened else None)
            if damage is not None:
                raise UserError(str(damage)) from exc
            raise UserError(_crash_message(exc)) from exc


def refused_exit(refused: int, imported: int, project: Path) -> None:
    """Exit non-zero after an import that left records out, having said how many of each."""
    where = "" if project.exists() else "; no project was created"
    raise UserError(f"[E320] {refused:,} record(s) were refused (listed above) and {imported:,}"
                    f" imported{where}. Fix those records and import the file again: the ones"
                    " already in are skipped as duplicates.")


def _quiet_after_broken_pipe() -> None:
    """Point stdout at /dev/null: flushing what is buffered at exit would fail once more and
    Python would print "Exception ignored ... BrokenPipeError" on stderr."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def _crash_message(exc: Exception) -> str:
    log = write_crash_log(exc, "command line")
    return (f"[E999] an internal error occurred; details were written to {log}. "
            "Please report it with that file.")


def model_line(state: dict[str, Any]) -> str:
    """The statement model in use (`Project.model_state().as_json()`), and what to do where
    the project's own is stale."""
    used = {"own": f"the project's own, {str(state['own'])[:8]}",
            "starter": "the shipped starter model", "rules": "none (rules only)"}[state["in_use"]]
    return f"{used}; feature set {state['features']}" + (
        f"\n  Warning: {state['note']}" if state["stale"] else "")


def print_stats(figures: dict[str, Any]) -> None:
    click.echo(f"Project:     {figures['project']}")
    click.echo(f"Scheme:      {figures['scheme']}   (schema {figures['schema']})")
    click.echo(f"Documents:   {figures['documents']}")
    click.echo(f"Actors:      {figures['actors']}")
    model = figures.get("statement_model")
    if model:
        click.echo(f"Model:       {model_line(model)}")
    for pipeline, n in figures["suggestions"].items():
        click.echo(f"Suggestions: {n} from {pipeline}")
    for layer, counts in sorted(figures["status"].items()):
        shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        click.echo(f"Status [{layer}]: {shown}")
    for layer, labels in sorted(figures["annotations"].items()):
        shown = ", ".join(f"{k} {v}" for k, v in sorted(labels.items()))
        click.echo(f"Annotations [{layer}]: {shown}")
    if figures.get("sizes"):
        sizes = dict(figures["sizes"])
        total = sizes.pop("total")
        click.echo(f"File size:   {total / 1e6:,.1f} MB")
        for part, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
            if size:
                click.echo(f"  {size / 1e6:9,.1f} MB  {size / max(total, 1):4.0%}  {part}")
