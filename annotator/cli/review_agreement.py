"""`annotator agreement`: how far two or more annotators agree, as a table or as JSON.

The command only picks the layers and prints; every figure comes from `Project.agreement`.
An undefined figure prints as n/a with its reason, never as 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from annotator.cli.common import PROJECT_ARG, Context, _print_json, pass_ctx
from annotator.core.models import STATUSES

NA = "n/a"


def register(cli: click.Group) -> None:
    cli.add_command(agreement)


@click.command()
@PROJECT_ARG
@click.option("--a", "layer_a", metavar="NAME", help="The reference layer (an annotator or gold).")
@click.option("--b", "layer_b", metavar="NAME", help="The layer compared with it.")
@click.option("--layers", metavar="X,Y,Z", help="Three or more layers: pairwise span F1 and kappa "
              "for each pair, alpha across all (with --a/--b, those two come first).")
@click.option("--status", type=click.Choice(("any", *STATUSES)), default="done", show_default=True,
              help="Only documents every compared layer has given this status; any: all.")
@click.option("--doc", "doc_ids", type=int, multiple=True, metavar="ID",
              help="Only this document (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@pass_ctx
def agreement(ctx: Context, project: Path, layer_a: str | None, layer_b: str | None,
              layers: str | None, status: str, doc_ids: tuple[int, ...], as_json: bool) -> None:
    """Agreement between annotators: span P/R/F1, Cohen's kappa, Krippendorff's alpha.

    Layer A is the reference for precision and recall (F1 is the same either way).
    """
    if not project.exists():
        raise click.BadParameter(f"{project} does not exist.", param_hint="PROJECT")
    with ctx.open(project) as p:
        chosen = _chosen_layers(layer_a, layer_b, layers, p.layers())
        report = p.agreement(chosen, doc_ids=list(doc_ids) or None, status=status)
    if as_json:
        _print_json(report)
        return
    click.echo(format_report(report))
    if report["documents"] == 0 and status != "any":
        click.echo(f"\nNo document has status {status!r} in every one of these layers; "
                   "--status any compares all documents.", err=True)


def _chosen_layers(a: str | None, b: str | None, layers: str | None, known: list[str]) -> list[str]:
    listed = [x.strip() for x in (layers or "").split(",") if x.strip()]
    first = [x for x in (a, b) if x]
    chosen = first + [x for x in listed if x not in first]
    if len(chosen) < 2:
        raise click.UsageError("Name two layers with --a and --b (or more with --layers X,Y,Z). "
                               f"Layers in this project: {', '.join(known) or 'none yet'}.")
    return chosen


# ---------------------------------------------------------------------- text form
def fmt(value: float | None, width: int = 6) -> str:
    return f"{value:>{width}.3f}" if value is not None else f"{NA:>{width}}"


def format_report(report: dict[str, Any]) -> str:
    """A compact, readable table of a report from `Project.agreement`."""
    a, b = report["pair"]
    lines = [f"Agreement: {a} (A, reference) vs {b} (B); layers {', '.join(report['layers'])}",
             f"{report['documents']} document(s), status {report['status']}, scheme {report['scheme']}",
             ""]
    lines += _span_table(report["spans"])
    lines += ["", "Cohen's kappa (A vs B)"]
    lines.append(_kappa_line("statement type", report["statement_type_kappa"]))
    for name, kappa in report["doc_label_kappa"].items():
        lines.append(_kappa_line(f"doc {name}", kappa))
    lines += ["", f"Krippendorff's alpha (all layers)        {'level':<8} {'alpha':>6}  units"]
    unused = {name: f for name, f in report["slot_alpha"].items() if _never_present(f)}
    rows = [(name, f) for name, f in report["slot_alpha"].items() if name not in unused]
    rows.append(("statement type", report["statement_type_alpha"]))
    rows += [(f"doc {name}", f) for name, f in report["doc_label_alpha"].items()]
    for name, figure in rows:
        reason = f"  ({figure['reason']})" if figure["alpha"] is None and figure["units"] else ""
        lines.append(f"  {name:<38} {figure['level']:<8} {fmt(figure['alpha'])}  "
                     f"{figure['units']:>5}{reason}")
    if unused:
        lines.append(f"  never present on a matched statement: {', '.join(unused)}")
    units = report["statement_units"]
    lines.append(f"  statement units: {units['units']} ({units['grouping']}; "
                 f"{units['ambiguous']} ambiguous)")
    if len(report["pairs"]) > 1:
        lines += ["", "Pairs            F1 exact  F1 overlap  type kappa"]
        for pair in report["pairs"]:
            lines.append(f"  {pair['a'] + ' | ' + pair['b']:<16} {fmt(pair['f1_exact'], 7)}  "
                         f"{fmt(pair['f1_overlap'], 10)}  {fmt(pair['statement_type_kappa'], 10)}")
    lines += ["", "Per document     F1 exact  F1 overlap  disagreements  title"]
    for row in report["per_document"]:
        lines.append(f"  {row['doc_id']:>6}         {fmt(row['f1_exact'], 7)}  "
                     f"{fmt(row['f1_overlap'], 10)}  {row['disagreements']:>13}  "
                     f"{(row['title'] or '(untitled)')[:50]}")
    return "\n".join(lines)


def _span_table(spans: dict[str, Any]) -> list[str]:
    exact, overlap = spans["exact"], spans["overlap"]
    lines = [f"{'Spans':<14} {'exact':^20}  {'overlap':^20}  {'A':>4} {'B':>4}",
             f"{'label':<14} {'P':>6} {'R':>6} {'F1':>6}  {'P':>6} {'R':>6} {'F1':>6}"]
    rows = [(name, exact["labels"][name], overlap["labels"][name]) for name in exact["labels"]]
    rows += [(f"[{kind}]", exact["kinds"][kind], overlap["kinds"][kind]) for kind in exact["kinds"]]
    rows.append(("micro", exact["micro"], overlap["micro"]))
    for name, e, o in rows:
        lines.append(f"{name[:14]:<14} {fmt(e['precision'])} {fmt(e['recall'])} {fmt(e['f1'])}  "
                     f"{fmt(o['precision'])} {fmt(o['recall'])} {fmt(o['f1'])}  "
                     f"{e['support']:>4} {e['predicted']:>4}")
    e, o = exact["macro"], overlap["macro"]
    lines.append(f"{'macro':<14} {fmt(e['precision'])} {fmt(e['recall'])} {fmt(e['f1'])}  "
                 f"{fmt(o['precision'])} {fmt(o['recall'])} {fmt(o['f1'])}")
    return lines


def _never_present(figure: dict[str, Any]) -> bool:
    """A value of a multi-valued slot no matched statement had: a row of n/a says nothing."""
    return figure.get("value") is not None and not figure.get("counts", {}).get("present")


def _kappa_line(name: str, kappa: dict[str, Any]) -> str:
    why = f"  ({kappa['reason']})" if kappa["kappa"] is None else ""
    return f"  {name:<38} {fmt(kappa['kappa'])}  n={kappa['n']}{why}"
