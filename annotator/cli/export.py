"""Commands for datasets: `export` and `import-layer`.

`import-layer` is its own command rather than a format of `import`: `import` brings in texts
(and guesses the format from the extension), while this brings in a layer of annotations and
needs to know whose layer it is; a `.jsonl` file could be either, and guessing wrong would
either drop the annotations or invent a layer.
"""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.common import PROJECT_ARG, Context, pass_ctx, progress_bar, refused_exit
from annotator.formats.export_options import (
    EXPORT_FORMATS,
    EXPORT_STATUSES,
    LAYER_FORMATS,
    OFFSET_UNITS,
    ExportOptions,
    LayerImportOptions,
    parse_list,
    parse_split,
)

MAX_SHOWN = 50


def register(cli: click.Group) -> None:
    for command in (export, import_layer):
        cli.add_command(command)


@click.command()
@PROJECT_ARG
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              show_default=True, help="jsonl is ours (lossless, Prodigy-compatible); doccano-rel "
              "is doccano's entities/relations form; spacy writes a DocBin.")
@click.option("--layer", metavar="NAME|gold|all",
              help="Whose annotations (default: yours); all = one record per document per layer.")
@click.option("--status", type=click.Choice(EXPORT_STATUSES), default="done", show_default=True,
              help="done: only documents the layer marked done.")
@click.option("--kinds", multiple=True, metavar="KIND[,KIND]",
              help="Only these kinds: MENTION, STATEMENT, CUE.")
@click.option("--labels", multiple=True, metavar="LABEL[,LABEL]", help="Only these labels.")
@click.option("--split", "split_spec", metavar="train=0.8,dev=0.2",
              help="Write parts into the folder OUT; a document is never in two parts.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the split.")
@click.option("--tokens/--no-tokens", default=None,
              help="spaCy tokens and token indices in jsonl and prodigy lines (default: prodigy"
                   " yes, jsonl no). Documents never pre-highlighted are tokenized: slow.")
@click.option("--doccano-offsets", type=click.Choice(OFFSET_UNITS), default="utf-16",
              show_default=True, help="Offset unit of doccano files (doccano's editor uses UTF-16).")
@click.option("--raw-cells", is_flag=True,
              help="CSV: write cells starting with = + - @ as stored; by default they get a "
                   "leading ' so that a spreadsheet does not run them as formulas.")
@pass_ctx
def export(ctx: Context, project: Path, out: Path, fmt: str, layer: str | None, status: str,
           kinds: tuple[str, ...], labels: tuple[str, ...], split_spec: str | None, seed: int,
           tokens: bool | None, doccano_offsets: str, raw_cells: bool) -> None:
    """Write a dataset: JSONL, Prodigy, doccano, spaCy DocBin or CSV of statements.

    The files appear only when complete: a failed or interrupted export leaves nothing.
    """
    options = ExportOptions(
        format=fmt, layer=layer, status=status, kinds=tuple(k.upper() for k in parse_list(kinds)),
        labels=parse_list(labels), split=parse_split(split_spec), seed=seed, tokens=tokens,
        doccano_offsets=doccano_offsets, raw_cells=raw_cells)
    with ctx.open(project) as p, progress_bar("Exporting") as bar:
        report = p.export(out, options, progress=bar.set)
    for item in report.problems[:MAX_SHOWN]:
        click.echo(str(item), err=True)
    if report.misaligned > MAX_SHOWN:
        click.echo(f"... and {report.misaligned - MAX_SHOWN} more spans off token boundaries", err=True)
    click.echo(report.summary())


@click.command("import-layer")
@PROJECT_ARG
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(LAYER_FORMATS), default="auto",
              show_default=True, help="auto: .spacy is a DocBin; a line with entities or a "
              "label list is doccano; anything else our JSONL or Prodigy.")
@click.option("--layer", metavar="NAME",
              help="Put everything in this layer (default: the annotator each record names).")
@click.option("--strict", is_flag=True, help="Refuse the whole file at the first bad record.")
@click.option("--doccano-offsets", type=click.Choice(OFFSET_UNITS), default="utf-16",
              show_default=True, help="Offset unit of doccano lines whose meta does not say.")
@pass_ctx
def import_layer(ctx: Context, project: Path, file: Path, fmt: str, layer: str | None,
                 strict: bool, doccano_offsets: str) -> None:
    """Bring annotations in as a layer (our JSONL, Prodigy, doccano, DocBin).

    Documents are matched by their text (uid) and added when the project lacks them. Creates
    PROJECT if it does not exist. Bad records are reported with file and line; the rest go in.
    """
    options = LayerImportOptions(format=fmt, layer=layer, strict=strict,
                                 doccano_offsets=doccano_offsets)
    report = ctx.import_into(project, lambda p: p.import_layer(file, options),
                             keep=lambda report: report.records > 0 or not report.problems)
    for item in report.problems[:MAX_SHOWN]:
        click.echo(str(item), err=True)
    if len(report.problems) > MAX_SHOWN:
        click.echo(f"... and {len(report.problems) - MAX_SHOWN} more problems", err=True)
    for note in report.notes:
        click.echo(f"Note: {note}.", err=True)
    click.echo(report.summary() + ".")
    if report.problems:
        refused_exit(len(report.problems), report.records, project)
