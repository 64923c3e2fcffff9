"""A writer thread for long runs: chunk N is committed while chunk N+1 is computed.

Pre-highlighting spends its time in spaCy, which holds the GIL; storing a chunk is SQLite work,
which does not (Python's sqlite3 lets go of the GIL while each statement runs). Handing the
chunk to a thread of its own, with its own connection, lets the two overlap on a second core
instead of taking turns. The store functions given here must run few statements per chunk
(see `store.suggestions.store_encoded`): each statement ends in a GIL hand-over, which can
wait up to the interpreter's switch interval while the pipeline runs.

One chunk is queued at most, so memory stays flat and a failure stops the producer within a
chunk. Each chunk is one transaction, so an interrupted run loses at most the chunks not yet
committed and resumes from there.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from annotator.store.database import Database, connect

T = TypeVar("T")
_DONE = object()


class ChunkWriter(Generic[T]):
    def __init__(self, path: Path, write: Callable[[Database, T], Any]) -> None:
        self._write = write
        self._path = path
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.committed = 0  # chunks committed
        self._thread = threading.Thread(target=self._run, name="chunk-writer", daemon=True)
        self._thread.start()

    @property
    def failed(self) -> bool:
        """The producer checks this before computing another chunk for nothing."""
        return self.error is not None

    def put(self, chunk: T) -> None:
        """Queue a chunk; waits while the previous one is still being written."""
        self._queue.put(chunk)

    def close(self) -> None:
        """Wait until every queued chunk is committed; raise the writer's error if it had one.
        Call it in a `finally`: the thread ends only here."""
        self._queue.put(_DONE)
        self._thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        db = None
        try:
            db = connect(self._path)
            while (chunk := self._queue.get()) is not _DONE:
                with db.atomic():
                    self._write(db, chunk)
                self.committed += 1
        except BaseException as exc:  # handed to the producer thread, raised there
            self.error = exc
            while self._queue.get() is not _DONE:  # let a waiting producer go on to close()
                pass
        finally:
            if db is not None:
                db.close()
