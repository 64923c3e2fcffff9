"""Ctrl+C ends a command quietly even where Python hides the KeyboardInterrupt (see
annotator/cli/interrupts.py)."""

from __future__ import annotations

import subprocess
import sys
import weakref
from pathlib import Path

import click
from click.testing import CliRunner

from annotator.cli import interrupts
from annotator.cli.common import AnnotatorGroup

REPO = Path(__file__).resolve().parents[2]


def test_ctrl_c_wrapped_by_python_in_another_error_is_an_interruption_not_a_crash():
    """Python 3.11 turns a KeyboardInterrupt inside a class's creation (a dataclass field's
    `__set_name__`, as when Ctrl+C lands during a lazy import) into a RuntimeError whose
    cause is the interrupt: that used to end in E999 and a crash log."""
    @click.group(cls=AnnotatorGroup)
    def group() -> None:
        pass

    @group.command()
    def start() -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from interrupt

    @group.command()
    def broken() -> None:
        raise RuntimeError("a real bug")

    result = CliRunner().invoke(group, ["start"])
    assert result.exit_code == 130, result.output
    assert "Interrupted" in result.output and "E999" not in result.output
    result = CliRunner().invoke(group, ["broken"])
    assert result.exit_code != 130 and "E999" in result.output


DROPPED = """
import sys, weakref
if sys.argv[1] == "hook":
    from annotator.cli import interrupts
    interrupts.install()
class Thing: pass
def callback(ref): raise KeyboardInterrupt  # as the import system's module-lock callback
thing = Thing(); ref = weakref.ref(thing, callback); del thing
print("ran on")
"""


def drop_an_interrupt() -> None:
    class Thing:
        pass

    def callback(ref: object) -> None:
        raise KeyboardInterrupt

    thing = Thing()
    ref = weakref.ref(thing, callback)  # noqa: F841
    del thing


def test_ctrl_c_python_cannot_raise_is_not_printed_as_a_traceback():
    """Python prints "Exception ignored ... Traceback ... KeyboardInterrupt" for it."""
    plain = subprocess.run([sys.executable, "-c", DROPPED, "plain"], cwd=REPO,
                           capture_output=True, text=True, timeout=60)
    assert "Traceback" in plain.stderr and "KeyboardInterrupt" in plain.stderr
    hooked = subprocess.run([sys.executable, "-c", DROPPED, "hook"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert hooked.stdout.strip() == "ran on" and hooked.stderr == ""


def test_a_command_during_which_ctrl_c_was_dropped_ends_as_interrupted(monkeypatch):
    """Without this the command ran on and ended as if Ctrl+C had not been pressed."""
    monkeypatch.setattr(interrupts, "_dropped", False)
    monkeypatch.setattr(sys, "unraisablehook", interrupts._unraisable)

    @click.group(cls=AnnotatorGroup)
    def group() -> None:
        pass

    @group.command()
    def work() -> None:
        drop_an_interrupt()
        click.echo("work done")

    result = CliRunner().invoke(group, ["work"])
    assert result.exit_code == 130 and "Interrupted" in result.output, result.output
