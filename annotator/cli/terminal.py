"""What the command line prints to a terminal: never a control sequence from the data.

A title or text holding `ESC[2J` clears the screen when printed; others retitle the window,
remap keys on some terminals, or hide what follows (a carriage return, right-to-left
overrides). When stdout or stderr is a terminal, every control character (C0 but line feed and
tab, DEL, C1) and every bidirectional override is shown escaped (`\\x1b`, `\\u202e`); a CR
directly before a line feed is kept, so CRLF texts print as they are. Output to a pipe or a file
is left exactly as stored: scripts get the real text.
"""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def escape_controls(text: str) -> str:
    return _CONTROL.sub(_escaped, text)


class EscapingStream:
    """A text stream that escapes control characters on their way to the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.unescaped = stream  # the progress bar's own \r and ANSI go here

    def write(self, text: str) -> int:
        self.unescaped.write(escape_controls(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unescaped, name)


def install() -> None:
    """Escape on the streams that are terminals; leave pipes and files alone."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, EscapingStream) and stream.isatty():
            setattr(sys, name, EscapingStream(stream))


def raw_stderr() -> TextIO:
    return getattr(sys.stderr, "unescaped", sys.stderr)
