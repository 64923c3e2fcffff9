"""`annotator tokens`: store every document's spaCy token boundaries in the project.

Its own command rather than something `export` does on the way: an export only reads (it runs
on a snapshot while the window keeps writing), and storing the boundaries is a one-off that
pre-highlighting mostly does already. Exports use whatever is stored and tokenize the rest.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from annotator.cli.common import PROJECT_ARG, Context, pass_ctx, progress_bar


def register(cli: click.Group) -> None:
    cli.add_command(tokens)


@click.command()
@PROJECT_ARG
@pass_ctx
def tokens(ctx: Context, project: Path) -> None:
    """Store spaCy's token boundaries of documents that lack them (faster exports with tokens).

    Resumable: each chunk of documents is saved as it is done, and a rerun does only the rest.
    """
    started = time.perf_counter()
    with ctx.open(project) as p, progress_bar("Tokenizing") as bar:
        result = p.store_tokens(progress=bar.set)
    seconds = time.perf_counter() - started
    rate = f", {result['documents'] / seconds:.0f} docs/s" if result["documents"] else ""
    click.echo(f"Token boundaries stored for {result['documents']} document(s){rate}; "
               f"{result['stored_before']} had them already.")
