"""Where pre-highlighting's batches go: extracted, encoded and stored, one transaction each.

The thread running the pipeline hands over `DocBatch`es, plain data read off the Docs. What
is left (sentence bounds, mentions, cues, candidate statements, JSON, SQLite) takes about a
tenth of the pipeline's time when done on its thread. `ProcessSink` does it in a process of
its own, on another core, so the pipeline's thread only runs the pipeline and reads the Docs;
`InlineSink` does the extraction on the pipeline's thread and the SQLite work on a writer
thread (`ChunkWriter`), which costs no process start and suits short runs.

Both commit each batch in one transaction, in order, and stop at the first failure, so an
interrupted run loses at most the batches not yet committed and resumes from there.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
import traceback
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.nlp.candidates import SuggestionExtractor
from annotator.nlp.suggest import DocBatch, extract_batch
from annotator.project.chunk_writer import ChunkWriter
from annotator.store import doc_tokens
from annotator.store import suggestions as suggestion_store
from annotator.store.database import Database, connect
from annotator.store.suggestions import EncodedResults

WAIT = 0.5  # seconds between checks that the extraction process is still alive


@dataclass(frozen=True)
class Chunk:
    """What is stored for one batch, in one transaction."""

    suggestions: EncodedResults
    tokens: tuple[bytes, str] | None  # `doc_tokens.joined`, when the boundaries are kept


@dataclass(frozen=True)
class ChunkStore:
    """How a batch becomes stored rows: plain data, so a process of its own can have it."""

    pipeline: str  # the suggestions' key
    extract: SuggestionExtractor
    token_key: str | None  # the export tokenizer's key when token boundaries are kept

    def prepare(self, batch: DocBatch) -> Chunk:
        with collection_paused():
            results = extract_batch(self.extract, batch, with_tokens=self.token_key is not None)
            encoded = suggestion_store.encode_results([(i, rows) for i, rows, _ in results])
            tokens = doc_tokens.joined([(i, blob) for i, _, blob in results]
                                       ) if self.token_key is not None else None
        return Chunk(encoded, tokens)

    def write(self, db: Database, chunk: Chunk) -> None:
        """Inside the caller's transaction."""
        suggestion_store.store_encoded(db, self.pipeline, chunk.suggestions)
        if chunk.tokens is not None:
            doc_tokens.save_joined(db, self.token_key, *chunk.tokens)


class InlineSink:
    """Extraction on the caller's thread, SQLite on a writer thread."""

    def __init__(self, path: Path, store: ChunkStore) -> None:
        self._store = store
        self._writer: ChunkWriter[Chunk] = ChunkWriter(path, store.write)
        self._rows = 0

    @property
    def failed(self) -> bool:
        return self._writer.failed

    def put(self, batch: DocBatch) -> None:
        chunk = self._store.prepare(batch)
        self._writer.put(chunk)
        self._rows += chunk.suggestions.n_rows

    def close(self) -> int:
        """Wait until every batch handed over is committed; the suggestions stored. Raises
        the writer's error if it had one."""
        self._writer.close()
        return self._rows


class ProcessSink:
    """Extraction and storing in a spawned process (a fresh interpreter: no fork of a process
    with Qt and spaCy threads in it). It imports no spaCy and starts while the first batch
    runs through the pipeline.

    Batches go over a pipe, which a thread in the process reads into a one-place queue: a
    batch is sent while the one before is being stored, and `put` waits when two are ahead.
    Each end closes the pipe ends it does not use, so a process that dies breaks the pipe
    instead of leaving the other side waiting."""

    def __init__(self, path: Path, store: ChunkStore) -> None:
        context = multiprocessing.get_context("spawn")
        batches_in, self._batches = context.Pipe(duplex=False)
        self._reports, reports_out = context.Pipe(duplex=False)
        self._process = context.Process(target=serve, args=(path, batches_in, reports_out),
                                        name="stance-annotator-extraction", daemon=True)
        with _main_module_hidden():
            self._process.start()
        batches_in.close()
        reports_out.close()
        self._store: ChunkStore | None = store  # sent with the first batch, then None
        self._rows = 0
        self._done = False
        self.error: BaseException | None = None

    @property
    def failed(self) -> bool:
        self._collect(wait=False)
        return self.error is not None

    def put(self, batch: DocBatch) -> None:
        if self._store is not None:
            # Not a start argument: 130 kB do not fit a pipe, and start() would wait for the
            # new interpreter to read them. By the first batch, it is up and reading.
            self._send(self._store)
            self._store = None
        self._send(batch)

    def close(self) -> int:
        """Wait until every batch handed over is committed; the suggestions stored. Raises
        the process's error if it had one."""
        try:
            self._send(None)
            self._collect(wait=True)
        finally:
            self._batches.close()
            self._process.join(timeout=10 * WAIT)
            if self._process.is_alive():  # only if it hangs: it has said all it will say
                self._process.kill()
                self._process.join()
            self._reports.close()
        if self.error is not None:
            raise self.error
        return self._rows

    def _send(self, item: DocBatch | None) -> None:
        try:
            self._batches.send(item)
        except OSError:  # a broken pipe: the process is gone; its last words say why
            self._collect(wait=True)

    def _collect(self, wait: bool) -> None:
        """Take in what the process reported: until it is done or failed when `wait`, else
        what has come so far."""
        while not self._done and self.error is None:
            if not self._reports.poll(WAIT if wait else 0):
                if wait and self._process.is_alive():
                    continue
                if wait:  # dead, and not even the end of the pipe to read
                    self._ended_unexpectedly()
                return
            try:
                kind, value = self._reports.recv()
            except EOFError:  # every end it wrote to is closed: it ended without a word
                self._ended_unexpectedly()
                return
            if kind == "stored":
                self._rows += value
            elif kind == "done":
                self._done = True
            else:
                self.error = value

    def _ended_unexpectedly(self) -> None:
        self._process.join()
        self.error = RuntimeError(
            "the pre-highlighting process ended unexpectedly (exit code "
            f"{self._process.exitcode}); the batches committed before it are kept")


def serve(path: Path, batches: Any, reports: Any) -> None:
    """The extraction process: the `ChunkStore` first, then a batch at a time until None, each
    committed on its own. After a failure it reads on to the end without storing, so the sender
    never waits on it. Ctrl+C is for the pipeline's side, which then closes, and this process
    commits what it was handed before it ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pending: queue.Queue[Any] = queue.Queue(maxsize=1)

    def receive() -> None:
        while True:
            try:
                item = batches.recv()
            except (EOFError, OSError):  # the other side is gone: store what came, then stop
                item = None
            pending.put(item)
            if item is None:
                return

    threading.Thread(target=receive, name="batches", daemon=True).start()
    db = None
    try:
        store = pending.get()
        db = connect(path)
        while store is not None and (batch := pending.get()) is not None:
            chunk = store.prepare(batch)
            with db.atomic():
                store.write(db, chunk)
            reports.send(("stored", chunk.suggestions.n_rows))
        reports.send(("done", None))
    except BaseException as exc:  # reported to the pipeline's side and raised there
        reports.send(("error", _portable(exc)))
        while pending.get() is not None:
            pass
    finally:
        if db is not None:
            db.close()
    reports.close()
    os._exit(0)  # all is committed and said: the interpreter's teardown is time the caller waits


def _portable(exc: BaseException) -> BaseException:
    """The exception as it can cross to the other process, with where it happened."""
    import pickle

    where = "".join(traceback.format_exception(exc)).rstrip()
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    exc.add_note("in the pre-highlighting process:\n" + where)
    return exc


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """A spawned process runs the parent's main script again (as `__mp_main__`) before it
    does its work, unless the parent has none. Ours needs nothing from it, and a script that
    imports spaCy at the top, or calls `Project.suggest` without an `if __name__ ==
    "__main__"` guard, would cost seconds or fail. So the process is started while a bare
    module stands in for `__main__` (a few milliseconds); a frozen build starts it through
    `multiprocessing.freeze_support`, as before."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch is processed. A batch makes tens of
    thousands of small objects and no reference cycles, yet they trigger collections, and a
    full one walks the ~100,000 objects of a loaded pipeline: 2-5% of the run for nothing
    (measured with gc.callbacks in bench/suggest.py's setting). Reference counting still frees
    everything as usual; collection resumes after the batch."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
