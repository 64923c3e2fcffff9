"""The README's command table names every command `annotator --help` shows, with its options.

The table is where a user looks a command up; a command or option added without a word there is
invisible to everyone who does not read `--help`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click

from annotator.cli import cli

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| `annotator ([a-z-]+(?: [a-z-]+)?)\b[^`]*`")


def commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def readme_rows() -> dict[str, str]:
    """The command table's first cells, by command ('hub init', 'export')."""
    found: dict[str, str] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            words = match.group(1).split()
            # `annotator hub init URL` is 'hub init'; `annotator export PROJECT` is 'export'
            name = " ".join(words) if len(words) == 2 and words[1].islower() else words[0]
            found[name] = line.split("` |")[0]
    return found


def option_names(command: click.Command) -> list[str]:
    """Each option as a user types it, the first long name of each ('--tokens/--no-tokens' is
    one option: its first name is enough)."""
    names = []
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            longs = [opt for opt in param.opts if opt.startswith("--")]
            if longs and longs[0] != "--help":
                names.append(longs[0])
    return names


def test_every_command_has_a_row() -> None:
    rows = readme_rows()
    missing = [name for name, _ in commands(cli) if name not in rows]
    assert not missing, f"commands missing from the README's command table: {missing}"


def test_every_row_names_the_options_of_its_command() -> None:
    rows = readme_rows()
    missing = {name: [opt for opt in option_names(command)
                      if not re.search(re.escape(opt) + r"\b", rows[name])]
               for name, command in commands(cli) if name in rows}
    missing = {name: opts for name, opts in missing.items() if opts}
    assert not missing, f"options missing from the README's command table: {missing}"
