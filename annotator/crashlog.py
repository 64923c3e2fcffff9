"""The crash log: one file in the user's data directory that only its owner can read.

A traceback can quote article text, file paths and annotator names, so the log is created
with mode 0600 (and an older, wider one is narrowed) before anything is written to it. The
command line, the window's worker threads and the window's exception hook all write here.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from annotator import userconfig

LOG_NAME = "crash.log"


def crash_log_path() -> Path:
    return userconfig.data_dir() / LOG_NAME


def write_crash_log(exc: BaseException, context: str = "") -> Path:
    """Append the exception's traceback (with a time stamp and what was going on) and return
    the log's path. Never raises: a full disk must not turn one error into two."""
    log = crash_log_path()
    stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    text = f"--- {stamp}{f' {context}' if context else ''}\n" + "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__)) + "\n"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.fchmod(fd, 0o600)  # a log made by an older version may be world-readable
            os.write(fd, text.encode("utf-8", "replace"))
        finally:
            os.close(fd)
    except OSError:
        pass
    return log
