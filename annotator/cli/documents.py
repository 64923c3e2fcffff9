"""Commands that create projects, bring documents in and list them."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.common import (
    PROJECT_ARG,
    Context,
    _print_json,
    pass_ctx,
    print_stats,
    progress_bar,
    refused_exit,
)
from annotator.core.models import STATUSES
from annotator.formats.reading import FORMATS, ImportOptions


def register(cli: click.Group) -> None:
    for command in (init, import_, docs, stats):
        cli.add_command(command)


@click.command()
@PROJECT_ARG
@click.option("--scheme", "scheme_file", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="A scheme TOML file (default: the shipped scheme).")
@pass_ctx
def init(ctx: Context, project: Path, scheme_file: Path | None) -> None:
    """Create an empty project file."""
    from annotator.core.scheme import load_scheme_file
    from annotator.project import Project

    # validated (with coded errors for unreadable or broken files) before the file is created
    scheme_text = load_scheme_file(scheme_file).source if scheme_file else None

    with Project.create(project, annotator=ctx.annotator, scheme_text=scheme_text) as p:
        click.echo(f"Created {p.path} (scheme {p.scheme.ref}).")


@click.command("import")
@PROJECT_ARG
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("auto", *FORMATS)), default="auto",
              show_default=True, help="Input format; auto goes by file extension.")
@click.option("--text-field", default="text", show_default=True, help="JSONL key of the text.")
@click.option("--text-column", default="text", show_default=True, help="CSV column of the text.")
@click.option("--strict", is_flag=True, help="Refuse the whole import at the first bad record.")
@click.option("--follow-links", is_flag=True,
              help="Also import files that symlinks in a folder lead to outside that folder.")
@pass_ctx
def import_(ctx: Context, project: Path, paths: tuple[Path, ...], fmt: str, text_field: str,
            text_column: str, strict: bool, follow_links: bool) -> None:
    """Import articles from files and folders (txt, html, jsonl, csv).

    Creates PROJECT if it does not exist (only if something goes in). Texts already in the
    project are skipped; bad records are reported with file and line while the good ones go
    in, and then the exit status is 1.
    """
    options = ImportOptions(format=fmt, text_field=text_field, text_column=text_column,
                            strict=strict, follow_links=follow_links)
    with progress_bar("Importing") as bar:
        report = ctx.import_into(
            project, lambda p: p.import_paths(list(paths), options,
                                              bar.to(lambda done, total, _path: (done, total))),
            keep=lambda report: report.imported > 0 or not report.errors)
    for problem in report.problems[:50]:
        click.echo(str(problem), err=True)
    if len(report.problems) > 50:
        click.echo(f"... and {len(report.problems) - 50} more problems", err=True)
    click.echo(report.summary() + ".")
    if report.errors:  # a script must see that something was left out
        refused_exit(report.errors, report.imported, project)


@click.command()
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


@click.command()
@PROJECT_ARG
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--sizes", is_flag=True,
              help="Also say where the file's bytes go (text, full-text index, events, ...);"
                   " reads every page of the file, about 1 s per 100 MB.")
@pass_ctx
def stats(ctx: Context, project: Path, as_json: bool, sizes: bool) -> None:
    """Documents, annotations per layer and label, status counts."""
    with ctx.open(project) as p:
        figures = p.stats(sizes=sizes)
    if as_json:
        _print_json(figures)
        return
    print_stats(figures)
