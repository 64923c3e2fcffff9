"""Commands for pre-highlighting, inspecting a document, actors and settings."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.common import PROJECT_ARG, Context, _print_json, pass_ctx, progress_bar
from annotator.core.actors import ACTOR_TYPES
from annotator.core.errors import AnnotatorError


def register(cli: click.Group) -> None:
    for command in (suggest, show, actors, settings, scheme):
        cli.add_command(command)


@click.command()
@PROJECT_ARG
@click.option("--model", metavar="NAME|PATH",
              help="spaCy pipeline: package name, folder, or 'builtin' (default: the project's "
                   "setting, else en_core_web_sm if installed, else builtin).")
@click.option("--n-process", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for spaCy.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=64, show_default=True)
@pass_ctx
def suggest(ctx: Context, project: Path, model: str | None, n_process: int,
            batch_size: int) -> None:
    """Pre-highlight actors, entities, cues and candidate statements.

    Runs over every document the active pipeline has not finished yet, so an interrupted run
    simply resumes. Suggestions are kept apart from annotations, keyed by pipeline.
    """
    import time

    with ctx.open(project) as p:
        suggester = p.load_suggester(model)
        click.echo(f"Pipeline: {suggester.loaded.describe()}", err=True)
        model = suggester.statement_model
        click.echo(f"Statement model: {model.meta.get('name') or 'trained here'} {model.version}"
                   f" (threshold {model.threshold:g})" if model is not None else
                   "Statement model: none (rules only)", err=True)
        note = p.model_state().note()
        if note:
            click.echo(f"Warning: {note}", err=True)
        started = time.perf_counter()
        with progress_bar("Suggesting") as bar:
            result = p.suggest(suggester=suggester, n_process=n_process, batch_size=batch_size,
                               progress=bar.set)
        seconds = time.perf_counter() - started
    rate = result["documents"] / seconds if seconds > 0 else 0.0
    click.echo(f"{result['documents']} document(s) pre-annotated with {result['pipeline']}: "
               f"{result['suggestions']} suggestions, {rate:.1f} docs/s.")


@click.command()
@PROJECT_ARG
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--pipeline", help="Whose suggestions (default: the last pipeline that ran).")
@pass_ctx
def show(ctx: Context, project: Path, doc: str, as_json: bool, pipeline: str | None) -> None:
    """One document with its suggestions and annotations (DOC = id or uid prefix)."""
    with ctx.open(project) as p:
        data = p.show(doc, pipeline=pipeline)
    if as_json:
        _print_json(data)
        return
    d = data["document"]
    click.echo(f"#{d['id']}  {d['title'] or '(untitled)'}")
    click.echo(f"{d['source'] or ''}  {d['published'] or ''}  uid {d['uid'][:12]}")
    click.echo("")
    click.echo(d["text"])
    click.echo("")
    for s in data["suggestions"]:
        if s["kind"] == "SENTENCES":
            continue
        flag = " (ambiguous)" if s["ambiguous"] else ""
        actor = f" -> {s['actor_id']}" if s["actor_id"] else ""
        extra = ""
        if s["kind"] == "STATEMENT":
            extra = "  " + ", ".join(f"{k}={v}" for k, v in s["attrs"].items() if k != "cues")
            click.echo(f"  {s['kind']:<9} {s['label']:<10} {s['start']}-{s['end']}{actor}{extra}")
            continue
        click.echo(f"  {s['kind']:<9} {s['label']:<10} {s['text']!r}{actor}{flag}")
    for a in data["annotations"]:
        click.echo(f"  [{a['layer']}] {a['kind']} {a['label']} {a['text']!r}")


@click.command()
@PROJECT_ARG
@click.option("--import", "import_file", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="Add or update actors from a JSONL registry file.")
@click.option("--export", "export_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the project's registry as JSONL.")
@click.option("--add", "add_id", metavar="ID", help="Add (or update) one actor with this id.")
@click.option("--name", help="With --add: the canonical name.")
@click.option("--type", "actor_type", type=click.Choice(ACTOR_TYPES),
              help="With --add: the actor type (a new actor: PERSON unless given).")
@click.option("--country", help="With --add: the state (ISO-3 id) it belongs to.")
@click.option("--alias", "aliases", multiple=True, help="With --add: a name texts use (repeat).")
@click.option("--search", help="List actors whose id, name or alias starts with this.")
@pass_ctx
def actors(ctx: Context, project: Path, import_file: Path | None, export_file: Path | None,
           add_id: str | None, name: str | None, actor_type: str | None, country: str | None,
           aliases: tuple[str, ...], search: str | None) -> None:
    """Show and edit the project's actor registry."""
    from annotator.core.actors import validate_actor

    with ctx.open(project) as p:
        if import_file:
            click.echo(f"{p.import_actors(import_file)} actor(s) imported from {import_file}.")
        if add_id is not None:  # an existing actor keeps what the options do not change
            known = p.actor_fields(add_id.strip()) or {"name": add_id, "type": "PERSON"}
            actor = validate_actor({**known, "id": add_id, "name": name or known["name"],
                                    "type": actor_type or known["type"],
                                    "country": country if country is not None
                                    else known.get("country"), "aliases": list(aliases)},
                                   "--add")
            p.add_actor(actor)
            click.echo(f"Actor {actor.id} ({actor.type}) saved with {len(aliases)} alias(es).")
        if export_file:
            click.echo(f"{p.export_actors(export_file)} actor(s) written to {export_file}.")
        if search or not (import_file or add_id or export_file):
            rows = p.find_actors(search or "", limit=10_000 if not search else 50)
            for actor_id, actor_name, kind in rows:
                click.echo(f"{actor_id:<16} {kind:<9} {actor_name}")
            click.echo(f"{len(rows)} actor(s)", err=True)


@click.command()
@PROJECT_ARG
@click.argument("key", required=False)
@click.argument("value", required=False)
@pass_ctx
def settings(ctx: Context, project: Path, key: str | None, value: str | None) -> None:
    """Show or change project settings (e.g. `settings P pipeline en_core_web_sm`)."""
    from annotator.core import settings as known

    if key is not None and not key.strip():
        raise AnnotatorError("a setting needs a name", code="E222",
                             hint="Run `annotator settings PROJECT` to see them; nothing was changed.")
    with ctx.open(project) as p:
        if key and value is not None:
            if key == "pipeline":
                p.load_suggester(value)  # refuse a pipeline that cannot load, before saving
            p.change_setting(key, value)
            if not known.is_known(key):
                click.echo(f"[W340] {key!r} is not a setting the program reads (those are: "
                           f"{', '.join(known.SETTINGS)}); it was stored as a note.", err=True)
        keys = [key] if key else [r[0] for r in p.db.execute("SELECT key FROM settings")]
        for name in keys:
            click.echo(f"{name} = {p.setting(name)}")
        if not key:
            click.echo(f"pipeline (active) = {p.pipeline_name()}")


@click.command()
@PROJECT_ARG
@click.option("--export", "export_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the project's scheme (labels, slots, keys, colours) as TOML.")
@click.option("--set", "set_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Replace the project's scheme with this TOML file (validated first).")
@pass_ctx
def scheme(ctx: Context, project: Path, export_file: Path | None, set_file: Path | None) -> None:
    """Show, export or change the project's scheme — including its keys.

    To change a key: export the scheme, edit `key = "..."` of a label, slot or value, set it
    back. The window reads keys from the scheme, so the change applies at its next start.
    """
    with ctx.open(project) as p:
        if set_file is not None:
            from annotator.core.scheme import load_scheme_file

            new = p.set_scheme(load_scheme_file(set_file).source)
            click.echo(f"Scheme set to {new.ref} from {set_file}.")
        if export_file is not None:
            click.echo(f"Scheme {p.export_scheme(export_file).ref} written to {export_file}.")
        if set_file is None and export_file is None:
            current = p.scheme
            click.echo(f"{current.ref}: {current.description}")
            for label in current.labels:
                click.echo(f"  [{label.key or ' '}] {label.kind:<9} {label.name}")
            for slot in current.slots:
                values = " ".join(f"{v.key}={v.name}" for v in slot.values if v.key)
                click.echo(f"  [{slot.key or ' '}] slot {slot.name:<12} {values}")
