"""The team hub: publish, add members, assign, clone, sync and watch progress.

psycopg and the hub package are imported inside the commands: the rest of the application
runs without the optional `hub` extra.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from annotator.cli.common import PROJECT_ARG, Context, _print_json, pass_ctx

URL_ARG = click.argument("url", metavar="URL")


def register(cli: click.Group) -> None:
    cli.add_command(hub)
    cli.add_command(sync)


def _ask() -> Callable[[], str] | None:
    """A password prompt where someone can answer it (never an argument, never logged)."""
    if not sys.stdin.isatty():
        return None
    return lambda: click.prompt("Hub password", hide_input=True, err=True)


def _connect(url: str) -> Any:
    from annotator.hub.connection import connect

    return connect(url, ask_password=_ask())


@click.group()
def hub() -> None:
    """A team hub on PostgreSQL: documents once, everyone's events, assignments (docs/team.md).

    URL is a libpq address (postgresql://USER@HOST/DATABASE); the password comes from
    PGPASSWORD, ~/.pgpass or a prompt, never from the command line.
    """


@hub.command("init")
@URL_ARG
@PROJECT_ARG
@pass_ctx
def hub_init(ctx: Context, url: str, project: Path) -> None:
    """Publish PROJECT's documents, scheme, actors and settings to the hub at URL (creating
    or upgrading its schema). Run again to add new documents."""
    from annotator.hub.publish import publish

    conn = _connect(url)
    try:
        with ctx.open(project) as p:
            report = publish(conn, p)
    finally:
        conn.close()
    click.echo(f"Hub ready: {report.documents_added} document(s) added,"
               f" {report.documents_total} in all"
               + (f"; schema migrations {report.migrations} applied" if report.migrations else ""))


@hub.command("upgrade")
@URL_ARG
def hub_upgrade(url: str) -> None:
    """Bring the hub's schema to this program's version (back the database up first)."""
    from annotator.hub.schema import migrate

    conn = _connect(url)
    try:
        applied = migrate(conn)
    finally:
        conn.close()
    click.echo(f"Applied migration(s) {applied}." if applied else "The hub is up to date.")


@hub.command("member")
@URL_ARG
@click.argument("role")
@click.option("--annotator", "name", required=True, metavar="NAME",
              help="The layer this role writes (its annotator name).")
@click.option("--reviewer", is_flag=True, help="May also write the gold layer.")
def hub_member(url: str, role: str, name: str, reviewer: bool) -> None:
    """Let PostgreSQL ROLE work on the hub as annotator NAME (creates the role if missing;
    set its password in psql with \\password ROLE)."""
    from annotator.hub.publish import add_member

    conn = _connect(url)
    try:
        created = add_member(conn, role, name, reviewer=reviewer)
    finally:
        conn.close()
    click.echo(f"{role} works as {name}{' (reviewer)' if reviewer else ''}"
               + ("; role created: set its password with \\password in psql." if created else "."))


@hub.command("assign")
@URL_ARG
@click.option("--annotators", required=True, metavar="A,B,C", help="Comma-separated names.")
@click.option("--overlap", default=0.0, show_default=True, type=click.FloatRange(0, 1),
              help="Share of documents given to two annotators, for agreement.")
@click.option("--per-annotator", type=click.IntRange(min=1), metavar="N",
              help="At most N documents per annotator in all (default: no cap).")
@click.option("--seed", default="0", show_default=True, help="Same seed, same assignment.")
def hub_assign(url: str, annotators: str, overlap: float, per_annotator: int | None,
               seed: str) -> None:
    """Assign the hub's unassigned documents: balanced, deterministic, never moving work
    already assigned."""
    from annotator.hub.assign import assign

    names = [n.strip() for n in annotators.split(",") if n.strip()]
    conn = _connect(url)
    try:
        plan = assign(conn, names, overlap=overlap, per_annotator=per_annotator, seed=seed)
    finally:
        conn.close()
    loads = ", ".join(f"{name} {n}" for name, n in sorted(plan.loads.items()))
    click.echo(f"Assigned {len(plan.new)} new (document, annotator) pair(s); totals: {loads}"
               + (f"; {plan.unassigned} left for later (caps reached)" if plan.unassigned else ""))


@hub.command("clone")
@URL_ARG
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--annotator", "name", required=True, metavar="NAME", help="Your annotator name.")
def hub_clone(url: str, out: Path, name: str) -> None:
    """Make OUT, a local project holding NAME's assignment, synced with the hub."""
    from annotator.hub.sync import clone

    report = clone(url, out, name, ask_password=_ask())
    click.echo(f"Cloned into {out}: {report.summary()}.")


@hub.command("status")
@URL_ARG
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--top", default=20, show_default=True, help="Documents listed by disagreement.")
@click.option("--measures", is_flag=True,
              help="Also every figure of `annotator agreement` per pair (slower on big hubs).")
def hub_status(url: str, as_json: bool, top: int, measures: bool) -> None:
    """Progress per annotator, agreement per pair on the overlap, most disagreement first."""
    from annotator.hub.schema import require_current
    from annotator.hub.status import hub_status as figures

    conn = _connect(url)
    try:
        require_current(conn)
        status = figures(conn, top=top, measures=measures)
    finally:
        conn.close()
    if as_json:
        _print_json(status)
        return
    click.echo(f"{status['documents']} document(s), {status['assigned']} assigned")
    for row in status["annotators"]:
        click.echo(f"  {row['annotator']:<16} assigned {row['assigned']:>6}  done {row['done']:>6}"
                   f"  time {row['seconds'] / 3600:.1f} h" + ("  reviewer" if row["reviewer"] else ""))
    for pair in status["pairs"]:
        line = (f"  {pair['a']} / {pair['b']}: {pair['documents']} document(s) done by both,"
                f" exact span F1 {_figure(pair['f1_exact'])}")
        if "measures" in pair:
            more = pair["measures"]
            line += (f", overlap F1 {_figure(more['f1_overlap'])}, statement type kappa"
                     f" {_figure(more['statement_type_kappa'])}")
        click.echo(line)
    for row in status["most_disagreement"]:
        click.echo(f"  {row['disagreements']:>3} span(s) without a match, {row['a']}/{row['b']}:"
                   f" {row['title'] or row['uid'][:12]}")


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


@click.command()
@PROJECT_ARG
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def sync(ctx: Context, project: Path, as_json: bool) -> None:
    """Push your new work to the team hub and pull everyone else's (same rules as merge)."""
    from annotator.hub.sync import sync as run

    with ctx.open(project) as p:
        report = run(p, ask_password=_ask())
    if as_json:
        _print_json(report.__dict__)
        return
    for problem in report.problems:
        click.echo(f"warning: {problem}", err=True)
    for conflict in report.conflicts:
        click.echo(f"conflict: annotation {conflict['annotation_id']} of {conflict['layer']} was"
                   " edited differently on both sides; ours is kept, theirs is stored beside it.")
    if report.scheme_updated:
        click.echo("The hub's new scheme was taken.")
    click.echo(f"Synced with {report.summary()}.")
