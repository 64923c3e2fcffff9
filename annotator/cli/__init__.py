"""The `annotator` command: thin click commands over the Project API.

Each command opens a Project, calls one method and prints. Errors meant for the user are
printed as one coded line; anything unexpected is logged to a file and reported without a
traceback, with the log's path. Commands live in one module per group and register here.
"""

from __future__ import annotations

import os
import signal


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """Ctrl+C while the program is still loading: nothing was done (no file is open for
    writing, nothing is buffered), so end at once with 130, as a shell expects, instead of a
    traceback from inside some import (an exception raised there can even come out wrapped in
    another, so not even SystemExit is safe)."""
    os._exit(130)


# Loading numpy (srsly loads it for every JSON file we read) starts OpenBLAS's worker thread,
# which then spins for about 0.1 s of CPU waiting for work: nothing here does linear algebra
# with numpy (spaCy multiplies with blis), so a cold `annotator import-layer` paid 0.1 s of CPU
# for nothing. Told to sleep when idle, the thread costs nothing; the number of threads and
# every result stay as they were, and a value the user set wins. It must be set before numpy
# loads (bench/startup.py, docs/benchmarks.md).
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")

_STARTING = signal.getsignal(signal.SIGINT) is signal.default_int_handler
if _STARTING:
    try:
        signal.signal(signal.SIGINT, _interrupted_while_starting)
    except ValueError:  # imported outside the main thread: not a program starting
        _STARTING = False

from pathlib import Path  # noqa: E402  (these imports are most of the start-up)

import click  # noqa: E402

from annotator import __version__, userconfig  # noqa: E402
from annotator.cli import interrupts, terminal  # noqa: E402
from annotator.cli.common import AnnotatorGroup, Context  # noqa: E402

# Which module registers each command. A command's module is imported only when that command
# runs (or for `--help`): importing every group up front cost `annotator show` about 0.1 s of
# its 0.5 s start-up (bench/startup.py). tests/cli/test_cli_startup.py checks this table against
# what the modules register, so a command added to a module without a line here is caught.
COMMAND_MODULES: dict[str, str] = {
    "init": "documents", "import": "documents", "docs": "documents", "stats": "documents",
    "export": "export", "import-layer": "export",
    "history": "history", "restore": "history",
    "merge": "merge",
    "suggest": "prehighlight", "show": "prehighlight", "actors": "prehighlight",
    "settings": "prehighlight", "scheme": "prehighlight",
    "agreement": "review_agreement",
    "evaluate": "evaluate",
    "tokens": "tokens",
    "train": "learning",
    "hub": "hub", "sync": "hub",
}


class LazyGroup(AnnotatorGroup):
    """Imports a command's module on first use, so a command pays only for what it runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            register_module(self, COMMAND_MODULES[cmd_name])
        return super().get_command(ctx, cmd_name)


def register_module(group: click.Group, name: str) -> None:
    import importlib

    importlib.import_module(f"annotator.cli.{name}").register(group)


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="Stance Annotator")
@click.option("--annotator", "annotator_name", metavar="NAME", envvar="ANNOTATOR_NAME",
              help="Whose layer to read and write (default: saved name, else the OS user).")
@click.pass_context
def cli(ctx: click.Context, annotator_name: str | None) -> None:
    """Stance Annotator: label stance and commitment statements in news articles.

    With no command, opens the last project (first start: a ready sample project).
    """
    from annotator.core.text import bad_name

    name = annotator_name if annotator_name is not None else userconfig.default_annotator()
    problem = bad_name(name)
    if problem:  # it would become a layer name, shown in every table and history line
        raise click.ClickException(f"[E223] the annotator name {name[:60]!r} {problem}. Give a"
                                   " short printable name with --annotator NAME.")
    ctx.obj = Context(name)
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




if _STARTING:  # loaded: from here on Ctrl+C is a KeyboardInterrupt that commands handle
    signal.signal(signal.SIGINT, signal.default_int_handler)


def main() -> None:
    terminal.install()
    interrupts.install()
    cli(prog_name="annotator")
