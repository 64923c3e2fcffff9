"""`annotator evaluate`: the current suggestions against a gold layer, as a table or as JSON.

Every figure comes from `Project.evaluate`; an undefined figure prints as n/a, never as 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from annotator.cli.common import PROJECT_ARG, Context, _print_json, model_line, pass_ctx
from annotator.core.models import GOLD_LAYER, STATUSES
from annotator.project.model_state import drawn_words

NA = "n/a"


def register(cli: click.Group) -> None:
    cli.add_command(evaluate)


@click.command()
@PROJECT_ARG
@click.option("--gold", "gold_layer", default=GOLD_LAYER, show_default=True, metavar="LAYER",
              help="The layer that holds the right answers.")
@click.option("--pipeline", metavar="KEY", help="Whose suggestions (default: per document, the "
              "pipeline that ran last).")
@click.option("--status", type=click.Choice(("any", *STATUSES)), default="done", show_default=True,
              help="Only documents the gold layer has given this status; any: every document "
                   "it labelled.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@pass_ctx
def evaluate(ctx: Context, project: Path, gold_layer: str, pipeline: str | None, status: str,
             as_json: bool) -> None:
    """How good the suggestions are against a gold layer.

    Statements: sentence-level precision, recall and F1 per type (a suggestion finds a gold
    statement where it covers at least half of it), type, holder and target accuracy, and the
    share of hard-negative sentences drawn; actor mentions: precision and recall.
    """
    if not project.exists():
        raise click.BadParameter(f"{project} does not exist.", param_hint="PROJECT")
    with ctx.open(project) as p:
        report = p.evaluate(gold_layer, pipeline, status=status)
    if as_json:
        _print_json(report)
        return
    click.echo(format_report(report))
    missing = report["documents_without_suggestions"]
    if missing:
        click.echo(f"\n{missing} of these document(s) have no suggestions yet; run "
                   "`annotator suggest` first, or their statements count as missed.", err=True)


def fmt(value: float | None, width: int = 6) -> str:
    return f"{value:>{width}.3f}" if value is not None else f"{NA:>{width}}"


def format_report(report: dict[str, Any]) -> str:
    """A compact table of a report from `Project.evaluate`."""
    st = report["statements"]
    lines = [f"Suggestions ({report['pipeline'] or 'none'}) against layer {report['gold_layer']}: "
             f"{report['documents']} document(s), status {report['status']}"]
    model = report.get("statement_model")
    if model:
        drawn = drawn_words(model["suggested_by"], report["pipeline"])
        lines += [f"Drawn by:    {drawn}"] if drawn else []
        lines.append(f"Model now:   {model_line(model)}")
    lines += ["", f"{'Statements':<14} {'P':>6} {'R':>6} {'F1':>6}  {'gold':>5} {'sugg':>5}"]
    rows = [*st["types"].items(), ("all types", st["detection"])]
    for name, f in rows:
        if name != "all types" and not f["support"] and not f["predicted"]:
            continue
        lines.append(f"  {name[:12]:<12} {fmt(f['precision'])} {fmt(f['recall'])} {fmt(f['f1'])}  "
                     f"{f['support']:>5} {f['predicted']:>5}")
    lines.append(f"  {'macro F1':<12} {'':>6} {'':>6} {fmt(st['macro_f1'])}")
    lines.append("")
    for name in ("type", "holder", "target"):
        a = st[f"{name}_accuracy"]
        lines.append(f"{name.capitalize() + ' accuracy':<18} {fmt(a['value'])}  "
                     f"({a['right']} of {a['n']} found statements)")
    for key, title in (("hard_negatives", "Hard negatives drawn"),
                       ("negative_sentences", "Negative sentences drawn")):
        n = report[key]
        lines.append(f"{title:<26} {fmt(n['share_drawn'])}  ({n['drawn']} of {n['sentences']})")
    lines += ["", f"{'Actor mentions':<14} {'P':>6} {'R':>6} {'F1':>6}  {'gold':>5} {'sugg':>5}"]
    for name, f in report["mentions"].items():
        lines.append(f"  {name:<12} {fmt(f['precision'])} {fmt(f['recall'])} {fmt(f['f1'])}  "
                     f"{f['support']:>5} {f['predicted']:>5}")
    return "\n".join(lines)
