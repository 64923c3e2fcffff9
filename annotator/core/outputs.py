"""Files the user names for output, and files the user names for input, checked before use.

Outputs (exports, the actor registry, the scheme) are written to a temporary file created in
the target's folder with an unpredictable name and `O_EXCL` (`tempfile.mkstemp`, owner-only),
so a planted `OUT.partial` symlink is never followed, and renamed over the target only once
complete: a full disk or any failed write leaves the old file as it was and no temporary file.

No output may be the project file or one of SQLite's files beside it (`-wal`, `-shm`,
`-journal`): writing over them destroys the project, and even opening and closing one of them
in a process that holds a connection drops SQLite's locks (see `store/database.py`). They are
compared by resolved path and by device and inode, so a symlink or a hard link is caught too,
and never opened to find out.

An output that already exists as a device, FIFO or socket (`/dev/null`, `/dev/stdout` into a
pipe, a named pipe) is written as the stream it is: a temporary file renamed over it would
replace the device node itself (as root, `export P /dev/null` used to turn `/dev/null` into a
regular file). A FIFO nobody reads gets a coded error at once instead of a hang. The temporary
file goes beside the resolved target, so a symlink such as `/dev/stdout` is never renamed over.

Inputs must be regular files: opening a FIFO blocks until someone writes to it, and a device can
be endless, so both get a coded error at once.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from annotator.core.errors import AnnotatorError

# Bytes buffered before a write to a temporary output: a JSONL line is often longer than the
# default 8 KiB, so each one cost a system call; 1 MiB halved the CPU of writing an export.
WRITE_BUFFER = 1 << 20

PROJECT_SUFFIXES = ("", "-wal", "-shm", "-journal")


def project_parts(project: Path) -> list[Path]:
    return [Path(f"{project}{suffix}") for suffix in PROJECT_SUFFIXES]


def is_project_part(candidate: Path, project: Path) -> bool:
    """Whether writing or reading `candidate` would touch the project's own files."""
    resolved = os.path.realpath(candidate)
    for part in project_parts(project):
        if resolved == os.path.realpath(part):
            return True
        with suppress(OSError):  # one of them missing: not the same file
            if os.path.samefile(candidate, part):
                return True
    return False


def refuse_project_part(candidate: Path, project: Path | None, role: str = "the output") -> None:
    if project is not None and is_project_part(candidate, project):
        raise AnnotatorError(
            f"{role} is the project file or one of SQLite's files beside it", path=str(candidate),
            code="E203", hint="Give another file name; nothing was written.",
        )


def kind_of(path: Path) -> str | None:
    """'FIFO', 'socket', 'device' for what must not be read as a file; None otherwise."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return None


def missing(path: Path, what: str = "file or folder") -> str:
    """Why `path` cannot be read although the user named it: a link to nothing (a loop, or a
    target that is gone) says so, rather than "no such file" beside a link the user can see."""
    if os.path.islink(path):
        return "this is a symbolic link that leads nowhere (a loop, or its target is missing)"
    return f"no such {what}"


def require_regular_file(path: Path) -> None:
    """A coded error at once for a FIFO, socket or device given as an input file."""
    kind = kind_of(path)
    if kind is not None:
        raise AnnotatorError(f"this is a {kind}, not a file", path=str(path), code="E206",
                             hint="Give a regular file; nothing was read.")


def temp_beside(target: Path) -> tuple[Path, IO[bytes]]:
    """A new, owner-only temporary file in `target`'s folder, opened for writing."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    return Path(name), os.fdopen(fd, "wb", buffering=WRITE_BUFFER)


def open_output(target: Path) -> tuple[Path | None, IO[bytes]]:
    """The temporary file to write `target` through, or None and the stream itself when the
    target is a device, FIFO or socket (see the module docstring)."""
    kind = kind_of(target)  # stat follows links, /dev/stdout's /proc link too
    if kind is None:
        return temp_beside(Path(os.path.realpath(target)))
    try:  # non-blocking only to open: a FIFO without a reader fails at once (ENXIO)
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.ENODEV, errno.EOPNOTSUPP):
            raise AnnotatorError(f"this is a {kind} that nothing is reading from", path=str(target),
                                 code="E220", hint="Start the program that reads it first, or give"
                                 " a file name; nothing was written.") from exc
        raise
    os.set_blocking(fd, True)
    return None, os.fdopen(fd, "wb")


def finish(handle: IO[bytes], temp: Path | None, target: Path) -> None:
    """Flush to disk and rename into place: the target is the old file or the whole new one.
    A stream (`temp` None) is only flushed: there is nothing to sync or rename."""
    handle.flush()
    if temp is None:
        handle.close()
        return
    os.fsync(handle.fileno())
    handle.close()
    os.replace(temp, os.path.realpath(target))


def write_error(exc: OSError, target: Path) -> AnnotatorError:
    return AnnotatorError(f"cannot write the file ({exc.strerror or exc})", path=str(target),
                          code="E204",
                          hint="Check the free space and the folder's permissions; an older file"
                               " there was left as it was.")


@contextmanager
def atomic_output(target: str | Path, *, project: Path | None = None) -> Iterator[IO[bytes]]:
    """Write `target` whole or not at all; see the module docstring."""
    target = Path(target)
    refuse_project_part(target, project)
    if target.is_dir():
        raise AnnotatorError("this is a folder", path=str(target), code="E204",
                             hint="Give a file name.")
    temp: Path | None = None
    try:
        temp, handle = open_output(target)
        with handle:
            yield handle
            finish(handle, temp, target)
        temp = None
    except OSError as exc:
        raise write_error(exc, target) from exc
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
