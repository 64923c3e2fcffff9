"""The hidden file a new project is built in, and what a killed build leaves behind.

A new project is built under a hidden temporary name beside its target (`.NAME.xxxxxxxx.new`,
`Project._build_new`) and linked into place only once complete. A build that is killed
(SIGKILL, a power cut, the system ending the window) never reaches its cleanup, so that file,
up to the size of the whole project (100+ MB for a big import), and its `-wal`/`-shm` stayed
beside the project for good, invisible to the user.

So the builder holds a lock on its temporary file for as long as it builds, and the next
build at the same NAME removes the `.NAME.*.new` files (and their SQLite parts) that nobody
holds. The system drops a lock when its holder dies, however it dies, so a file whose lock can
be taken is one no live process is building; one another process is building is never touched.

* Linux: `flock` on the file itself. It belongs to the open file description, not to the
  process, so (unlike fcntl record locks) it outlives SQLite closing its own descriptor of the
  file, two builds in one process exclude each other too, and it is independent of the fcntl
  locks SQLite takes on the same file.
* Windows: the builder's open handle makes deleting the file fail, so the next build simply
  tries and leaves what it cannot delete.
* Where `flock` and fcntl locks may share one lock table (BSD and macOS; NFS emulates
  `flock` with fcntl locks) a lock of ours could block SQLite's own. So a new lock is first
  checked against a record lock of the kind SQLite takes; where they clash, or `flock` fails,
  no lock is held and that build removes nothing (leftovers stay, as before). Only POSIX
  systems other than Linux are not tried at all: untested there.

A build in this process is never opened by the cleanup: opening and closing a descriptor of a
file drops the POSIX locks this process's SQLite connection holds on it.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
import threading
from contextlib import suppress
from pathlib import Path

from annotator.core.outputs import project_parts

WINDOWS = os.name == "nt"
LOCKS = sys.platform.startswith("linux")
if LOCKS:
    import fcntl

SQLITE_PENDING_BYTE = 0x40000000
_building: set[str] = set()  # this process's temporary files, skipped by the cleanup
_building_lock = threading.Lock()


class BuildFile:
    """A new, owner-only (0600) temporary file beside `path`, held until `release`."""

    def __init__(self, path: Path) -> None:
        while True:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
            held = _hold(fd, name)
            if held is not None:
                break
            os.close(fd)  # another build's cleanup took it in the instant before our lock
        self.fd, self.path, self.held = fd, Path(name), held
        with _building_lock:
            _building.add(name)

    def before_link(self) -> None:
        """Windows: let go of the handle, which would make the link or rename into place fail
        (the instant between this and the link is the only one a cleanup could take it in)."""
        if WINDOWS:
            self._close()

    def release(self) -> None:
        """Remove the temporary file and its SQLite parts (after a link, the project keeps
        the file under its own name), then let go of it."""
        try:
            if WINDOWS:  # the open handle would make the deletion fail
                self._close()
            for part in project_parts(self.path):
                part.unlink(missing_ok=True)
        finally:
            self._close()
            with _building_lock:
                _building.discard(str(self.path))

    def _close(self) -> None:
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)


def _hold(fd: int, name: str) -> bool | None:
    """Lock our new file: whether a lock is held (on Windows the handle is), or None when its
    name no longer leads to it (a cleanup removed it in the instant before the lock)."""
    if not LOCKS:
        return WINDOWS
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:  # a file system without flock: build unheld
        return False
    try:
        if not os.path.samestat(os.fstat(fd), os.stat(name)):
            return None
    except FileNotFoundError:
        return None
    try:  # a write lock on SQLite's pending byte, as SQLite takes it: does our flock clash?
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SQLITE_PENDING_BYTE)
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, SQLITE_PENDING_BYTE)  # SQLite has no lock here yet
    except OSError:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    return True


def remove_leftovers(path: Path, building: BuildFile) -> list[Path]:
    """Remove the temporary files of earlier builds of `path` that no live process holds,
    with their `-journal`/`-wal`/`-shm`. Only when `building` (ours) holds its lock, so that
    builds in this folder hold theirs too; only names `mkstemp` makes for this NAME, only
    regular files; what cannot be checked or removed is left. Returns what was removed."""
    if not building.held:
        return []
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.new")
    removed = []
    with suppress(OSError):
        for entry in os.scandir(path.parent):
            if not pattern.fullmatch(entry.name):
                continue
            with _building_lock:
                ours = entry.path in _building
            if not ours and _remove_if_unheld(Path(entry.path)):
                removed.append(Path(entry.path))
    return removed


def _remove_if_unheld(temp: Path) -> bool:
    if WINDOWS:
        try:
            temp.unlink()  # refused while its builder has it open
        except OSError:
            return False
        for part in project_parts(temp)[1:]:
            with suppress(OSError):
                part.unlink(missing_ok=True)
        return True
    try:
        fd = os.open(temp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # gone, a link, another account's: not ours to judge
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a live build holds it
            return False
        for part in project_parts(temp):  # removed while we hold it: no build can start on it
            with suppress(OSError):
                part.unlink(missing_ok=True)
        return True
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Push a folder's entries to the disk, so a name just linked or renamed in it survives a
    power cut (the file's own pages were synced before: `sync_file`). Windows cannot open a
    folder for this, and some file systems refuse to sync one: skipped there."""
    if WINDOWS:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with suppress(OSError):  # the project is in place already: an error here undoes nothing
            os.fsync(fd)
    finally:
        os.close(fd)
