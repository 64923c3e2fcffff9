"""The one write path for annotations, statuses, document labels and decisions.

`apply` reads the current state of every row it is given, works out each new state, writes
them and logs one event per change (the state before and after), all in one transaction, and
returns the changes as `Applied` values the caller (and the GUI, through it) refreshes from.
Annotating, undo/redo, review decisions, layer import and merge all write through it, so the
rule "every write has its event" holds in one place.

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
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotator.core.errors import AnnotatorError
from annotator.store import states
from annotator.store.events import log_events
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


@dataclass(frozen=True)
class Change:
    """One row to set. `after` is the new state (None: no row), or a function of the current
    state returning the new one, or SKIP to leave this row (no write, no event). `before`,
    when given, is the row's current state as the caller read it in this transaction (a bulk
    caller that had to read it to decide saves the second read)."""

    entity: str
    key: Key
    doc_id: int
    after: After
    op: str = "set"
    source: str | None = None
    expect: Any = ANY
    before: Any = ANY


@dataclass(frozen=True)
class Applied:
    """A change as written: its event id and the row's state before and after."""

    event_id: int
    entity: str
    key: Key
    doc_id: int
    op: str
    before: State | None
    after: State | None
    source: str | None


def apply(db: Database, who: str, changes: Change | Sequence[Change]) -> list[Applied]:
    """Write the changes and their events in one transaction (joins an open one)."""
    batch = [changes] if isinstance(changes, Change) else list(changes)
    if not batch:
        return []
    with db.atomic():
        current: dict[tuple[str, Key], State | None] = {}
        for change in batch:
            if change.before is not ANY:
                current.setdefault((change.entity, states.normal_key(change.entity, change.key)),
                                   change.before)
        for entity in {c.entity for c in batch}:
            keys = [k for k in (states.normal_key(entity, c.key) for c in batch
                                if c.entity == entity) if (entity, k) not in current]
            found = states.read_many(db, entity, keys) if keys else {}
            current.update(((entity, k), found.get(k)) for k in keys)
        new = {key for key, state in current.items() if state is None}  # no row yet
        done: list[tuple[Change, Key, State | None, State | None]] = []
        for change in batch:
            key = states.normal_key(change.entity, change.key)
            before = current[(change.entity, key)]
            if change.expect is not ANY and not states.same(before, change.expect):
                raise ChangeRefused(f"the {change.entity.replace('_', ' ')} was changed since",
                                    entity=change.entity, key=key, current=before)
            after = change.after(before) if callable(change.after) else change.after
            if after is SKIP:
                continue
            current[(change.entity, key)] = after
            done.append((change, key, before, after))
        final: dict[str, dict[Key, State | None]] = {}
        for change, key, _, after in done:
            final.setdefault(change.entity, {})[key] = after
        for entity, rows in final.items():
            states.write_many(db, entity, list(rows.items()),
                              {key for (e, key) in new if e == entity})
        first = log_events(db, who, [
            (change.op, change.entity, states.entity_id(change.entity, key), change.doc_id,
             before, after, change.source) for change, key, before, after in done])
    return [Applied(first + i, change.entity, key, change.doc_id, change.op, before, after,
                    change.source) for i, (change, key, before, after) in enumerate(done)]
