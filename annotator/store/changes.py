"""The one write path for annotations, statuses, document labels and decisions.

`apply` reads the current state of every row it is given, works out each new state, writes
them and logs one event per change (the state before and after), all in one transaction, and
returns the changes as `Applied` values the caller (and the GUI, through it) refreshes from.
Annotating, undo/redo, review decisions, layer import and merge all write through it, so the
rule "every write has its event" holds in one place. Beside it, `insert_new` writes new
annotation rows that a bulk import knows no row holds, with the very rows and events `apply`
would write for them (tested), at a fraction of its cost per row.

It takes one change or thousands: states are read `CHUNK` keys per query, written with one
`executemany` per table and the events with one more, so a bulk import of 100,000 spans costs
a few dozen statements instead of 400,000. Several changes of one key in a batch see each
other in order, exactly as if they had been applied one by one.

A change may carry `expect`, the state its row must still hold (undo: what the event being
undone wrote). If the row holds something else, nothing of the batch is written and
`ChangeRefused` (E250) says what the row holds now: a later change, e.g. one a merge brought
in, is never overwritten by taking back an older one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from sqlite_utils import Database

from annotator.core.errors import AnnotatorError
from annotator.store import states
from annotator.store.events import log_events, log_inserted_annotations
from annotator.store.states import Key, State


class _Any:
    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _Any()  # `expect` default: no condition on the current state
SKIP: Any = type("Skip", (), {"__repr__": lambda self: "SKIP"})()  # `after` may return it

After = State | None | Callable[[State | None], Any]


class ChangeRefused(AnnotatorError):
    """The row no longer holds the state a change expected: it was changed since."""

    code = "E250"

    def __init__(self, message: str, *, entity: str, key: Key, current: State | None,
                 hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.entity = entity
        self.key = key
        self.current = current


class Change(NamedTuple):
    """One row to set. `after` is the new state (None: no row), or a function of the current
    state returning the new one, or SKIP to leave this row (no write, no event). `before`,
    when given, is the row's current state as the caller read it in this transaction (a bulk
    caller that had to read it to decide saves the second read). A named tuple, not a frozen
    dataclass: a bulk import makes 100,000, and this is several times quicker to make."""

    entity: str
    key: Key
    doc_id: int
    after: After
    op: str = "set"
    source: str | None = None
    expect: Any = ANY
    before: Any = ANY


class Applied(NamedTuple):
    """A change as written: its event id and the row's state before and after."""

    event_id: int
    entity: str
    key: Key
    doc_id: int
    op: str
    before: State | None
    after: State | None
    source: str | None


def apply(db: Database, who: str, changes: Change | Sequence[Change]) -> Sequence[Applied]:
    """Write the changes and their events in one transaction (joins an open one)."""
    batch = [changes] if isinstance(changes, Change) else list(changes)
    if not batch:
        return []
    with db.atomic():
        # entity -> key -> the row's state now (None: no row); annotation keys are their ids
        keys = [c.key if c.entity == "annotation" else states.normal_key(c.entity, c.key)
                for c in batch]
        current: dict[str, dict[Key, State | None]] = {}
        for change, key in zip(batch, keys):
            rows = current.get(change.entity)
            if rows is None:
                rows = current[change.entity] = {}
            if change.before is not ANY and key not in rows:
                rows[key] = change.before
        for entity, rows in current.items():
            unread = [k for c, k in zip(batch, keys) if k not in rows and c.entity == entity]
            if unread:
                found = states.read_many(db, entity, unread)
                rows.update((k, found.get(k)) for k in unread)
        new = {entity: {k for k, state in rows.items() if state is None}  # no row yet
               for entity, rows in current.items()}
        done: list[tuple[Change, Key, State | None, State | None]] = []
        final: dict[str, dict[Key, State | None]] = {}  # in the order the writes come
        for change, key in zip(batch, keys):
            rows = current[change.entity]
            before = rows[key]
            after = change.after
            if change.expect is not ANY and not states.same(before, change.expect):
                raise ChangeRefused(f"the {change.entity.replace('_', ' ')} was changed since",
                                    entity=change.entity, key=key, current=before)
            if callable(after):
                after = after(before)
            if after is SKIP:
                continue
            rows[key] = after
            written = final.get(change.entity)
            if written is None:
                written = final[change.entity] = {}
            written[key] = after
            done.append((change, key, before, after))
        for entity, written in final.items():
            states.write_many(db, entity, list(written.items()), new[entity])
        first = log_events(db, who, [
            (change.op, change.entity,
             key if change.entity == "annotation" else states.entity_id(change.entity, key),
             change.doc_id, before, after, change.source)
            for change, key, before, after in done])
    return _AppliedList(first, done)


class _AppliedList(Sequence[Applied]):
    """The changes as written, each made when asked for: a bulk import or merge writes
    100,000 and looks at none of them."""

    def __init__(self, first: int, done: list[tuple[Change, Key, State | None, State | None]]):
        self._first, self._done = first, done

    def __len__(self) -> int:
        return len(self._done)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._done)))]
        change, key, before, after = self._done[index]
        number = index if index >= 0 else len(self._done) + index
        return Applied(self._first + number, change.entity, key, change.doc_id, change.op,
                       before, after, change.source)


def insert_new(db: Database, who: str, op: str, rows: Sequence[Sequence[Any]],
               sources: Sequence[str | None]) -> None:
    """New annotations whose ids are known to be free, as row tuples in
    `store.annotations.COLUMNS` order (attrs as JSON text; `sources[i]` is row i's): writes
    exactly what `apply` writes for `Change("annotation", id, doc_id, state, op, source,
    before=None)` of each (the rows and one event each, tested), without the per-change
    reading, comparing and bookkeeping. For a bulk import's spans on the documents it has just
    added, which no row can hold yet: a quarter of the Python such an import spends a span."""
    if not rows:
        return
    with db.atomic():
        last = int(db.execute("SELECT COALESCE(MAX(rowid), 0) FROM annotations").fetchone()[0])
        states.insert_annotation_rows(db, rows)  # rowids last + 1, last + 2, ... in order
        log_inserted_annotations(db, who, op, last, sources)
