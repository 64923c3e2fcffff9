"""`annotator train`: the statement model from the project's own labels."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.common import PROJECT_ARG, Context, _print_json, pass_ctx, progress_bar


def register(cli: click.Group) -> None:
    cli.add_command(train)


@click.command()
@PROJECT_ARG
@click.option("--layers", metavar="NAMES|all", default="all", show_default=True,
              help="Comma-separated layers whose statements and done documents are learnt from.")
@click.option("--start-from", type=click.Choice(["starter", "scratch"]), default=None,
              help="Start from the shipped starter model, or from nothing (default: the "
                   "project setting model_start, else starter).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def train(ctx: Context, project: Path, layers: str, start_from: str | None, as_json: bool) -> None:
    """Train the statement model on the project's labels and make it the one that suggests.

    Statements in the layers are positives with their type; sentences of documents marked
    done that hold none, and rejected statement suggestions, are negatives. The model and its
    held-out figures are stored in the project file; run `annotator suggest` to use it.
    """
    from annotator.project.learning import as_json as report_json

    chosen = None if layers.strip() == "all" else [x.strip() for x in layers.split(",") if x.strip()]
    with ctx.open(project) as p, progress_bar("Training") as bar:
        report = p.train_model(chosen, progress=bar.set, start_from=start_from)
    if as_json:
        _print_json(report_json(report))
    else:
        click.echo(report.summary())
