"""Bringing another annotator's work in."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.common import PROJECT_ARG, Context, _print_json, pass_ctx


def register(cli: click.Group) -> None:
    cli.add_command(merge)


@click.command()
@PROJECT_ARG
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--layer", "layers", multiple=True, metavar="NAME",
              help="Merge only this annotator's layer (repeat for several; default: all).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def merge(ctx: Context, project: Path, source: Path, layers: tuple[str, ...], as_json: bool) -> None:
    """Merge SOURCE (another project file, or our JSONL export) into PROJECT.

    Documents match by their text's uid; unknown ones are added. Merging the same source twice
    changes nothing. An annotation edited differently on both sides is kept in both versions
    and listed here; nothing is overwritten.
    """
    with ctx.open(project) as p:
        report = p.merge(source, layers=list(layers) or None)
    if as_json:
        _print_json(report.__dict__)
        return
    for problem in report.problems + report.model_notes:
        click.echo(f"warning: {problem}", err=True)
    for conflict in report.conflicts:
        state = "new" if conflict["new"] else "still open"
        click.echo(f"conflict ({state}): annotation {conflict['annotation_id']} of "
                   f"{conflict['layer']} in document {conflict['doc_id']} was edited differently "
                   "on both sides; ours is kept, theirs is stored beside it.")
    click.echo(f"Merged {source}: {report.summary()}.")
