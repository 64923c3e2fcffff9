"""The `annotator` command: thin click commands over the Project API.

Each command opens a Project, calls one method and prints. Errors meant for the user are
printed as one coded line; anything unexpected is logged to a file and reported without a
traceback, with the log's path.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from annotator import __version__, userconfig
from annotator.core.actors import ACTOR_TYPES
from annotator.core.errors import AnnotatorError
from annotator.core.models import STATUSES
from annotator.formats.reading import FORMATS, ImportOptions
from annotator.project import Project

PROJECT_ARG = click.argument("project", type=click.Path(dir_okay=False, path_type=Path))


class Context:
    def __init__(self, annotator: str) -> None:
        self.annotator = annotator

    def open(self, path: Path, create: bool = False) -> Project:
        return Project.open(path, annotator=self.annotator, create=create)


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
            self.bar = click.progressbar(length=1, label=self.label, file=sys.stderr,
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
        """Adapt a Project progress callback: `extract` maps its arguments to (done, total)."""
        return lambda *args: self.set(*extract(*args))


def progress_bar(label: str) -> _Bar:
    return _Bar(label)


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


class UserError(click.ClickException):
    """An AnnotatorError as click prints it: one coded line, exit status 1."""


def _log_crash() -> Path:
    log = userconfig.data_dir() / "crash.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as fh:
        fh.write(traceback.format_exc() + "\n")
    return log


class AnnotatorGroup(click.Group):
    """Turns errors into messages here, so CliRunner tests see exactly what a user sees."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as exc:
            raise UserError(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted; everything done so far is saved.", err=True)
            ctx.exit(130)
        except Exception as exc:
            log = _log_crash()
            raise UserError(
                f"[E999] an internal error occurred; details were written to {log}. "
                "Please report it with that file."
            ) from exc


@click.group(cls=AnnotatorGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="Stance Annotator")
@click.option("--annotator", "annotator_name", metavar="NAME", envvar="ANNOTATOR_NAME",
              help="Whose layer to read and write (default: saved name, else the OS user).")
@click.pass_context
def cli(ctx: click.Context, annotator_name: str | None) -> None:
    """Stance Annotator: label stance and commitment statements in news articles.

    With no command, opens the last project (first start: a ready sample project).
    """
    ctx.obj = Context(annotator_name or userconfig.default_annotator())
    if ctx.invoked_subcommand is None:
        from annotator.launch import launch_default

        launch_default(ctx.obj.annotator)


@cli.command()
@PROJECT_ARG
@click.option("--scheme", "scheme_file", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="A scheme TOML file (default: the shipped scheme).")
@pass_ctx
def init(ctx: Context, project: Path, scheme_file: Path | None) -> None:
    """Create an empty project file."""
    scheme_text = scheme_file.read_text(encoding="utf-8") if scheme_file else None
    if scheme_text is not None:
        from annotator.core.scheme import parse_scheme

        parse_scheme(scheme_text, origin=str(scheme_file))
    with Project.create(project, annotator=ctx.annotator, scheme_text=scheme_text) as p:
        click.echo(f"Created {p.path} (scheme {p.scheme.ref}).")


@cli.command("import")
@PROJECT_ARG
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("auto", *FORMATS)), default="auto",
              show_default=True, help="Input format; auto goes by file extension.")
@click.option("--text-field", default="text", show_default=True, help="JSONL key of the text.")
@click.option("--text-column", default="text", show_default=True, help="CSV column of the text.")
@click.option("--strict", is_flag=True, help="Refuse the whole import at the first bad record.")
@pass_ctx
def import_(ctx: Context, project: Path, paths: tuple[Path, ...], fmt: str, text_field: str,
            text_column: str, strict: bool) -> None:
    """Import articles from files and folders (txt, html, jsonl, csv).

    Creates PROJECT if it does not exist. Texts already in the project are skipped; bad
    records are reported with file and line while the good ones go in.
    """
    options = ImportOptions(format=fmt, text_field=text_field, text_column=text_column,
                            strict=strict)
    with ctx.open(project, create=True) as p, progress_bar("Importing") as bar:
        report = p.import_paths(list(paths), options, bar.to(lambda done, total, _path: (done, total)))
    for problem in report.problems[:50]:
        click.echo(str(problem), err=True)
    if len(report.problems) > 50:
        click.echo(f"... and {len(report.problems) - 50} more problems", err=True)
    click.echo(report.summary() + ".")


@cli.command()
@PROJECT_ARG
@click.option("--search", help="Full-text search over titles and texts.")
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status.")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def docs(ctx: Context, project: Path, search: str | None, status: str | None,
         limit: int | None, as_json: bool) -> None:
    """List documents with their status for the current annotator."""
    with ctx.open(project) as p:
        rows = p.documents(search=search, status=status, limit=limit)
    if as_json:
        _print_json([row.__dict__ for row in rows])
        return
    for row in rows:
        title = (row.title or "(untitled)")[:60]
        click.echo(f"{row.id:>6}  {row.uid[:10]}  {row.status:<7}  {row.published or '':<10}  "
                   f"{row.n_annotations:>4}  {title}")
    click.echo(f"{len(rows)} document(s)", err=True)


@cli.command()
@PROJECT_ARG
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def stats(ctx: Context, project: Path, as_json: bool) -> None:
    """Documents, annotations per layer and label, status counts."""
    with ctx.open(project) as p:
        figures = p.stats()
    if as_json:
        _print_json(figures)
        return
    print_stats(figures)


@cli.command()
@PROJECT_ARG
@click.option("--model", metavar="NAME|PATH",
              help="spaCy pipeline: package name, folder, or 'builtin' (default: the project's "
                   "setting, else en_core_web_sm if installed, else builtin).")
@click.option("--n-process", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for spaCy.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=64, show_default=True)
@pass_ctx
def suggest(ctx: Context, project: Path, model: str | None, n_process: int,
            batch_size: int) -> None:
    """Pre-highlight actors, entities, cues and candidate statements.

    Runs over every document the active pipeline has not finished yet, so an interrupted run
    simply resumes. Suggestions are kept apart from annotations, keyed by pipeline.
    """
    import time

    with ctx.open(project) as p:
        suggester = p.load_suggester(model)
        click.echo(f"Pipeline: {suggester.loaded.describe()}", err=True)
        started = time.perf_counter()
        with progress_bar("Suggesting") as bar:
            result = p.suggest(suggester=suggester, n_process=n_process, batch_size=batch_size,
                               progress=bar.set)
        seconds = time.perf_counter() - started
    rate = result["documents"] / seconds if seconds > 0 else 0.0
    click.echo(f"{result['documents']} document(s) pre-annotated with {result['pipeline']}: "
               f"{result['suggestions']} suggestions, {rate:.1f} docs/s.")


@cli.command()
@PROJECT_ARG
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--pipeline", help="Whose suggestions (default: the last pipeline that ran).")
@pass_ctx
def show(ctx: Context, project: Path, doc: str, as_json: bool, pipeline: str | None) -> None:
    """One document with its suggestions and annotations (DOC = id or uid prefix)."""
    with ctx.open(project) as p:
        data = p.show(doc, pipeline=pipeline)
    if as_json:
        _print_json(data)
        return
    d = data["document"]
    click.echo(f"#{d['id']}  {d['title'] or '(untitled)'}")
    click.echo(f"{d['source'] or ''}  {d['published'] or ''}  uid {d['uid'][:12]}")
    click.echo("")
    click.echo(d["text"])
    click.echo("")
    for s in data["suggestions"]:
        if s["kind"] == "SENTENCES":
            continue
        flag = " (ambiguous)" if s["ambiguous"] else ""
        actor = f" -> {s['actor_id']}" if s["actor_id"] else ""
        extra = ""
        if s["kind"] == "STATEMENT":
            extra = "  " + ", ".join(f"{k}={v}" for k, v in s["attrs"].items() if k != "cues")
            click.echo(f"  {s['kind']:<9} {s['label']:<10} {s['start']}-{s['end']}{actor}{extra}")
            continue
        click.echo(f"  {s['kind']:<9} {s['label']:<10} {s['text']!r}{actor}{flag}")
    for a in data["annotations"]:
        click.echo(f"  [{a['layer']}] {a['kind']} {a['label']} {a['text']!r}")


@cli.command()
@PROJECT_ARG
@click.option("--import", "import_file", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="Add or update actors from a JSONL registry file.")
@click.option("--export", "export_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the project's registry as JSONL.")
@click.option("--add", "add_id", metavar="ID", help="Add (or update) one actor with this id.")
@click.option("--name", help="With --add: the canonical name.")
@click.option("--type", "actor_type", type=click.Choice(ACTOR_TYPES), default="PERSON",
              show_default=True, help="With --add: the actor type.")
@click.option("--country", help="With --add: the state (ISO-3 id) it belongs to.")
@click.option("--alias", "aliases", multiple=True, help="With --add: a name texts use (repeat).")
@click.option("--search", help="List actors whose id, name or alias starts with this.")
@pass_ctx
def actors(ctx: Context, project: Path, import_file: Path | None, export_file: Path | None,
           add_id: str | None, name: str | None, actor_type: str, country: str | None,
           aliases: tuple[str, ...], search: str | None) -> None:
    """Show and edit the project's actor registry."""
    from annotator.core.actors import validate_actor

    with ctx.open(project) as p:
        if import_file:
            click.echo(f"{p.import_actors(import_file)} actor(s) imported from {import_file}.")
        if add_id:
            actor = validate_actor({"id": add_id, "name": name or add_id, "type": actor_type,
                                    "country": country, "aliases": list(aliases)}, "--add")
            p.add_actor(actor)
            click.echo(f"Actor {actor.id} ({actor.type}) saved with {len(aliases)} alias(es).")
        if export_file:
            click.echo(f"{p.export_actors(export_file)} actor(s) written to {export_file}.")
        if search or not (import_file or add_id or export_file):
            rows = p.find_actors(search or "", limit=10_000 if not search else 50)
            for actor_id, actor_name, kind in rows:
                click.echo(f"{actor_id:<16} {kind:<9} {actor_name}")
            click.echo(f"{len(rows)} actor(s)", err=True)


@cli.command()
@PROJECT_ARG
@click.argument("key", required=False)
@click.argument("value", required=False)
@pass_ctx
def settings(ctx: Context, project: Path, key: str | None, value: str | None) -> None:
    """Show or change project settings (e.g. `settings P pipeline en_core_web_sm`)."""
    with ctx.open(project) as p:
        if key and value is not None:
            if key == "pipeline":
                p.load_suggester(value)  # refuse a pipeline that cannot load, before saving
            p.set_setting(key, value)
        keys = [key] if key else [r[0] for r in p.db.execute("SELECT key FROM settings")]
        for name in keys:
            click.echo(f"{name} = {p.setting(name)}")
        if not key:
            click.echo(f"pipeline (active) = {p.pipeline_name()}")


def print_stats(figures: dict[str, Any]) -> None:
    click.echo(f"Project:     {figures['project']}")
    click.echo(f"Scheme:      {figures['scheme']}   (schema {figures['schema']})")
    click.echo(f"Documents:   {figures['documents']}")
    click.echo(f"Actors:      {figures['actors']}")
    for pipeline, n in figures["suggestions"].items():
        click.echo(f"Suggestions: {n} from {pipeline}")
    for layer, counts in sorted(figures["status"].items()):
        shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        click.echo(f"Status [{layer}]: {shown}")
    for layer, labels in sorted(figures["annotations"].items()):
        shown = ", ".join(f"{k} {v}" for k, v in sorted(labels.items()))
        click.echo(f"Annotations [{layer}]: {shown}")


def main() -> None:
    cli(prog_name="annotator")
