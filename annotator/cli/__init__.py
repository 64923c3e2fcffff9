"""The `annotator` command: thin click commands over the Project API.

Each command opens a Project, calls one method and prints. Errors meant for the user are
printed as one coded line; anything unexpected is logged to a file and reported without a
traceback, with the log's path. Commands live in one module per group and register here.
"""

from __future__ import annotations

from pathlib import Path

import click

from annotator import __version__, userconfig
from annotator.cli import (
    documents,
    evaluate,
    export,
    history,
    learning,
    merge,
    prehighlight,
    review_agreement,
    tokens,
)
from annotator.cli.common import AnnotatorGroup, Context


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
    ctx.obj.explicit_name = annotator_name
    if ctx.invoked_subcommand is None:
        from annotator.launch import launch_gui

        ctx.exit(launch_gui(None, ctx.obj.annotator, annotator_name))


@cli.command()
@click.argument("project", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def gui(ctx: click.Context, project: Path | None) -> None:
    """Open the annotation window on PROJECT (default: the last project, or the sample)."""
    from annotator.launch import launch_gui

    if project is not None and not project.exists():
        raise click.BadParameter(f"{project} does not exist; create it with `annotator init`.",
                                 param_hint="PROJECT")
    ctx.exit(launch_gui(project, ctx.obj.annotator, ctx.obj.explicit_name))



for module in (documents, prehighlight, export, tokens, merge, review_agreement, evaluate,
               history, learning):
    module.register(cli)


def main() -> None:
    cli(prog_name="annotator")
