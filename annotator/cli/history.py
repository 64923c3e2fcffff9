"""Commands over the event log: what changed (`history`) and bringing a deleted annotation
back (`restore`). Nothing is ever lost from the log, so a deletion weeks ago is still one
command away from undone."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.common import PROJECT_ARG, Context, _print_json, pass_ctx


def register(cli: click.Group) -> None:
    for command in (history, restore):
        cli.add_command(command)


@click.command()
@PROJECT_ARG
@click.option("--doc", metavar="DOC", help="Only this document (id or uid prefix).")
@click.option("--who", metavar="NAME", help="Only this annotator's changes.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="The newest N changes.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, with full before/after states.")
@pass_ctx
def history(ctx: Context, project: Path, doc: str | None, who: str | None, limit: int,
            as_json: bool) -> None:
    """Who changed what and when, newest first.

    Annotation ids are shown shortened; `annotator restore PROJECT ID` takes them as shown.
    """
    with ctx.open(project) as p:
        entries = p.history(doc=doc, who=who, limit=limit)
    if as_json:
        _print_json(entries)
        return
    for e in entries:
        when = e["ts"].replace("T", " ")[:19]
        where = f"doc {e['doc_id']}" if e["doc_id"] is not None else ""
        target = e["entity_id"][:12] if e["entity"] == "annotation" else ""
        click.echo(f"#{e['id']:<6} {when}  {e['who']:<12} {e['op']:<7} {where:<8} {target:<12}  "
                   f"{e['summary']}".rstrip())
    click.echo(f"{len(entries)} change(s)", err=True)


@click.command()
@PROJECT_ARG
@click.argument("annotation_id")
@pass_ctx
def restore(ctx: Context, project: Path, annotation_id: str) -> None:
    """Bring back a deleted annotation of yours (ANNOTATION_ID as `annotator history` shows it).

    The restore is itself a change in the log, so it can be undone like any other.
    """
    with ctx.open(project) as p:
        restored = p.restore_annotation(p.find_annotation_id(annotation_id))
    click.echo(f"Restored {restored.kind} {restored.label} {restored.text[:60]!r} "
               f"({restored.start}-{restored.end}) in document {restored.doc_id}, "
               f"layer {restored.layer}.")
