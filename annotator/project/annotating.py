"""Annotating: spans, slots, suggestions accepted or rejected, document status and labels,
and undo/redo that survive a restart.

Every action is one transaction that writes the change and its event (with the full state
before and after) through `store.changes.apply`, so an action that returned is on disk and can
be undone. Undo is store-level: the undo and redo stacks of an annotator are derived from their
events, across documents and sessions, and an undo is itself an event. An undo or redo applies
only where the row still holds what the event being taken back wrote; a later change (a merge,
another session) is never overwritten: the refusal is E250, logged, and the action leaves the
stack.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.models import GOLD_LAYER, STATUSES, Annotation
from annotator.project.base import ProjectBase
from annotator.store import annotations as ann_store
from annotator.store import states
from annotator.store import suggestions as suggestion_store
from annotator.store.changes import ANY, Applied, Change, ChangeRefused, apply
from annotator.store.database import utcnow
from annotator.store.events import log_event

UNDOABLE = states.ENTITIES
ACTION_OPS = ("create", "update", "delete", "set")
REFUSED = {"undo": "undo-refused", "redo": "redo-refused"}  # taken off the stack, not applied
NAMES = {"doc_status": "status", "doc_label": "document label"}
MENTION_ATTRS = ("actor_id",)


class AnnotationError(AnnotatorError):
    code = "E601"


class AnnotateMixin(ProjectBase):
    _undo_cache: tuple[int, list[int], list[int]] | None = None

    # ------------------------------------------------------------------ reading
    def annotations(self, doc_id: int, layer: str | None = None) -> list[Annotation]:
        return ann_store.for_document(self.db, doc_id, layer or self.annotator)

    def annotation(self, annotation_id: str) -> Annotation:
        found = ann_store.get(self.db, annotation_id)
        if found is None or found.deleted_at:
            raise AnnotationError(f"no annotation {annotation_id!r}")
        return found

    def status(self, doc_id: int, layer: str | None = None) -> str:
        row = self.db.execute("SELECT status FROM doc_status WHERE doc_id = ? AND layer = ?",
                              [doc_id, layer or self.annotator]).fetchone()
        return row[0] if row else "todo"

    def seconds_spent(self, doc_id: int, layer: str | None = None) -> float:
        row = self.db.execute("SELECT seconds FROM doc_status WHERE doc_id = ? AND layer = ?",
                              [doc_id, layer or self.annotator]).fetchone()
        return float(row[0] or 0) if row else 0.0

    def doc_labels(self, doc_id: int, layer: str | None = None) -> dict[str, str]:
        rows = self.db.execute("SELECT name, value FROM doc_labels WHERE doc_id = ? AND layer = ?",
                               [doc_id, layer or self.annotator])
        return dict(rows.fetchall())

    def open_suggestions(self, doc_id: int, pipeline: str | None = None, *,
                         suggestions: list | None = None,
                         annotations: list[Annotation] | None = None) -> list:
        """Suggestions this annotator has neither accepted nor rejected. Callers that already
        read the document's suggestions and annotations pass them in, to read them once."""
        if annotations is None:
            annotations = self.annotations(doc_id)
        if suggestions is None:
            suggestions = suggestion_store.suggestions_for(self.db, doc_id, pipeline)
        taken = {(a.kind, a.start, a.end) for a in annotations}
        rejected = {r[0] for r in self.db.execute(
            "SELECT key FROM suggestion_decisions WHERE doc_id = ? AND layer = ?"
            " AND decision = 'rejected'", [doc_id, self.annotator])}
        return [s for s in suggestions
                if s.kind != "SENTENCES" and (s.kind, s.start, s.end) not in taken
                and _suggestion_key(s) not in rejected]

    # ------------------------------------------------------------------ spans and slots
    def annotate(self, doc_id: int, start: int, end: int, label: str,
                 attrs: dict[str, Any] | None = None, *, origin: str = "manual") -> Annotation:
        layer = self._own_layer()
        kind = self.scheme.label(label).kind
        text = self._span_text(doc_id, start, end)
        attrs = self._checked_attrs(kind, attrs or {})
        now = utcnow()
        annotation = Annotation(ann_store.new_id(), doc_id, layer, kind, start, end, text, label,
                                attrs, origin, now, now, None)
        self._record("annotation", annotation.id, doc_id, "create", annotation)
        return annotation

    def update_annotation(self, annotation_id: str, *, label: str | None = None,
                          attrs: dict[str, Any] | None = None, start: int | None = None,
                          end: int | None = None, review: bool = False) -> Annotation:
        """Change a label, span or slots; in `attrs`, a value of None clears that slot.
        With `review`, a reviewer edits a gold annotation (no one else may)."""
        before = self._own_annotation(annotation_id, allow_gold=review)
        after = before
        if label is not None and label != before.label:
            kind = self.scheme.label(label).kind
            if kind != before.kind:
                raise AnnotationError(f"{label} is a {kind} label; this is a {before.kind}",
                                      hint="Delete it and mark the span again.")
            after = replace(after, label=label)
        if start is not None or end is not None:
            new_start = before.start if start is None else start
            new_end = before.end if end is None else end
            text = self._span_text(before.doc_id, new_start, new_end)
            after = replace(after, start=new_start, end=new_end, text=text)
        if attrs:
            merged = {**after.attrs, **attrs}
            merged = {k: v for k, v in merged.items() if v is not None and v != []}
            after = replace(after, attrs=self._checked_attrs(after.kind, merged))
        if after == before:
            return before
        after = replace(after, updated_at=utcnow())
        self._record("annotation", before.id, before.doc_id, "update", after)
        return after

    def set_slot(self, annotation_id: str, slot: str, value: Any) -> Annotation:
        return self.update_annotation(annotation_id, attrs={slot: value})

    def link_mention(self, annotation_id: str, actor_id: str | None) -> Annotation:
        """Link a mention to an actor; its text becomes an alias of that actor in this project,
        so the next pre-highlighting run links it by itself."""
        if actor_id and not self.db.execute("SELECT 1 FROM actors WHERE id = ?",
                                            [actor_id]).fetchone():
            raise AnnotationError(f"no actor {actor_id!r} in this project",
                                  hint="Add it with `annotator actors PROJECT --add`.")
        annotation = self.set_slot(annotation_id, "actor_id", actor_id)
        if actor_id and annotation.kind == "MENTION":
            known = self.db.execute("SELECT 1 FROM aliases WHERE alias = ? AND actor_id = ?",
                                    [annotation.text, actor_id]).fetchone()
            if not known:
                self.add_alias(annotation.text, actor_id)  # type: ignore[attr-defined]
        return annotation

    def delete_annotation(self, annotation_id: str) -> None:
        before = self._own_annotation(annotation_id)
        after = replace(before, deleted_at=utcnow())
        self._record("annotation", before.id, before.doc_id, "delete", after)

    def restore_annotation(self, annotation_id: str) -> Annotation:
        """Bring back a deleted annotation from the log, however long ago it was deleted."""
        found = ann_store.get(self.db, annotation_id)
        if found is None or found.deleted_at is None:
            raise AnnotationError(f"annotation {annotation_id!r} is not deleted")
        if found.layer != self._own_layer():
            raise AnnotationError(f"annotation {annotation_id!r} is in layer {found.layer!r}")
        after = replace(found, deleted_at=None, updated_at=utcnow())
        self._record("annotation", found.id, found.doc_id, "update", after)
        return after

    # ------------------------------------------------------------------ suggestions
    def accept_suggestion(self, suggestion_id: int, label: str | None = None) -> Annotation:
        row = self.db.execute(
            "SELECT doc_id, start, end, kind, label, actor_id, ambiguous, attrs FROM suggestions"
            " WHERE id = ?", [suggestion_id]).fetchone()
        if row is None:
            raise AnnotationError(f"no suggestion {suggestion_id}")
        doc_id, start, end, kind, suggested, actor_id, ambiguous, raw = row
        extra = json.loads(raw) if raw else {}
        if kind == "MENTION":
            attrs = {"actor_id": actor_id} if actor_id and not ambiguous else {}
        elif kind == "STATEMENT":
            slots = {s.name for s in self.scheme.slots}
            attrs = {k: v for k, v in extra.items() if k in slots}
        else:
            attrs = {}
        label = label or suggested
        if kind == "MENTION" and label not in {lab.name for lab in self.scheme.labels}:
            raise AnnotationError(f"the scheme has no label {label!r} for this suggestion",
                                  hint="Accept it with one of the scheme's labels instead.")
        return self.annotate(doc_id, start, end, label, attrs, origin="suggestion")

    def reject_suggestion(self, suggestion_id: int) -> None:
        suggestion = self.db.execute(
            "SELECT doc_id, start, end, kind, label FROM suggestions WHERE id = ?",
            [suggestion_id]).fetchone()
        if suggestion is None:
            raise AnnotationError(f"no suggestion {suggestion_id}")
        self.reject_span(*suggestion)

    def reject_span(self, doc_id: int, start: int, end: int, kind: str, label: str) -> None:
        """Record that this annotator rejects `label` on this span: a stored suggestion, or a
        sentence teach mode proposed. Its key, `KIND:start:end:label`, is what hides a matching
        suggestion and what makes a rejected statement a negative for the statement model."""
        self._span_text(doc_id, start, end)  # refuses unknown documents and spans outside
        key = f"{kind}:{start}:{end}:{label}"
        state = {"decision": "rejected", "updated_at": utcnow()}
        self._record("suggestion_decision", [doc_id, self._own_layer(), key], doc_id, "set", state)

    # ------------------------------------------------------------------ documents
    def set_status(self, doc_id: int, status: str, *, add_seconds: float = 0.0) -> None:
        if status not in STATUSES:
            raise ProjectError(f"unknown status {status!r}", hint=f"Use one of {STATUSES}.")
        self.document(doc_id)  # type: ignore[attr-defined]  # refuses unknown documents
        now = utcnow()

        def after(before: dict[str, Any] | None) -> dict[str, Any]:
            seconds = (before or {}).get("seconds") or 0.0
            return {"status": status, "seconds": round(seconds + add_seconds, 3),
                    "updated_at": now}
        self._record("doc_status", [doc_id, self._own_layer()], doc_id, "set", after)

    def set_doc_label(self, doc_id: int, name: str, value: str | None) -> None:
        doc_label = self.scheme.doc_label(name)
        if value is not None and value not in {v.name for v in doc_label.values}:
            raise AnnotationError(f"{value!r} is not a value of document label {name!r}")
        key = [doc_id, self._own_layer(), name]
        after = None if value is None else {"value": value, "updated_at": utcnow()}
        self._record("doc_label", key, doc_id, "set", after)

    # ------------------------------------------------------------------ undo / redo
    def undo(self) -> dict[str, Any] | None:
        """Undo this annotator's last action (any document, any session). None: nothing to undo."""
        undo_stack, _ = self._stacks()
        return self._replay(undo_stack[-1], "undo") if undo_stack else None

    def redo(self) -> dict[str, Any] | None:
        _, redo_stack = self._stacks()
        return self._replay(redo_stack[-1], "redo") if redo_stack else None

    def next_undo(self) -> dict[str, Any] | None:
        """What `undo` would take back now: its event id, entity, key, document and the state
        the event wrote; None when there is nothing to undo. A window that undoes only its own
        actions (teach mode) checks here first."""
        undo_stack, _ = self._stacks()
        if not undo_stack:
            return None
        entity, entity_id, doc_id, after = self.db.execute(
            "SELECT entity, entity_id, doc_id, after FROM events WHERE id = ?",
            [undo_stack[-1]]).fetchone()
        return {"event": undo_stack[-1], "entity": entity, "key": states.key_of(entity, entity_id),
                "doc_id": doc_id, "after": json.loads(after) if after else None}

    def can_undo(self) -> bool:
        return bool(self._stacks()[0])

    def can_redo(self) -> bool:
        return bool(self._stacks()[1])

    def _replay(self, event_id: int, direction: str) -> dict[str, Any]:
        """Take an event back (undo) or forward again (redo), only where its row still holds
        what was written last by that event (undo) or by the undo of it (redo): a change made
        since, by anyone or by a merge, is never overwritten. A refusal is logged (it takes the
        action off the stack, so the next Ctrl+Z goes on) and raised as E250."""
        entity, entity_id, doc_id, before, after, op = self.db.execute(
            "SELECT entity, entity_id, doc_id, before, after, op FROM events WHERE id = ?",
            [event_id]).fetchone()
        key = states.key_of(entity, entity_id)
        if direction == "undo":
            wrote, target = after, before
        else:  # what the undo of this event wrote
            wrote, target = self.db.execute(
                "SELECT after FROM events WHERE who = ? AND id > ? AND op = 'undo' AND source = ?"
                " ORDER BY id DESC LIMIT 1", [self.annotator, event_id, f"undo:{event_id}"]
            ).fetchone()[0], after
        wrote, target = (json.loads(s) if s else None for s in (wrote, target))
        if entity == "annotation" and target is None:  # undoing a create: delete it
            target = {**wrote, "deleted_at": utcnow()} if wrote else None
        try:
            self._record(entity, key, doc_id, direction, target, source=f"{direction}:{event_id}",
                         expect=wrote)
        except ChangeRefused as refused:
            self._refuse(direction, event_id, entity, entity_id, doc_id, refused)
        return {"event": event_id, "entity": entity, "op": op, "doc_id": doc_id,
                "annotation_id": key if entity == "annotation" else None}

    def _refuse(self, direction: str, event_id: int, entity: str, entity_id: str, doc_id: int,
                refused: ChangeRefused) -> None:
        with self.db.atomic():
            later = self.db.execute(
                "SELECT who, op, source, ts FROM events WHERE entity = ? AND entity_id = ?"
                " AND id > ? ORDER BY id DESC LIMIT 1", [entity, entity_id, event_id]).fetchone()
            log_event(self.db, who=self.annotator, op=REFUSED[direction], entity=entity,
                      entity_id=entity_id, doc_id=doc_id, before=refused.current,
                      source=f"{direction}:{event_id}")
        what = NAMES.get(entity, entity)
        now = _describe(entity, refused.current)
        by = ""
        if later is not None:
            who, op, source, ts = later
            origin = f"{op} from {PurePath(source).name}" if op in ("merge", "import") and source \
                else op  # a file name: its folder is in `annotator history`
            by = f" by {who} ({origin}) at {ts[:19].replace('T', ' ')}"
        raise ProjectError(
            f"{direction.capitalize()} refused: the {what} in document {doc_id} was changed since{by}"
            f" and now {now}; taking back the older change would lose that",
            code=ChangeRefused.code,
            hint=f"It was left as it is and taken off the {direction} list: change it by hand"
                 " if you need to.")

    def _stacks(self) -> tuple[list[int], list[int]]:
        """Fold this annotator's events into undo/redo stacks, incrementally."""
        last, undo_stack, redo_stack = self._undo_cache or (0, [], [])
        marks = ",".join("?" * len(UNDOABLE))
        rows = self.db.execute(
            f"SELECT id, op FROM events WHERE who = ? AND id > ? AND entity IN ({marks})"
            " ORDER BY id", [self.annotator, last, *UNDOABLE]).fetchall()
        for event_id, op in rows:
            last = event_id
            if op in ACTION_OPS:
                undo_stack.append(event_id)
                redo_stack.clear()
            elif op == "undo" and undo_stack:
                redo_stack.append(undo_stack.pop())
            elif op == "redo" and redo_stack:
                undo_stack.append(redo_stack.pop())
            elif op == REFUSED["undo"] and undo_stack:
                undo_stack.pop()
            elif op == REFUSED["redo"] and redo_stack:
                redo_stack.pop()
        self._undo_cache = (last, undo_stack, redo_stack)
        return undo_stack, redo_stack

    # ------------------------------------------------------------------ state of one row
    def _record(self, entity: str, key: Any, doc_id: int, op: str, after: Any,
                source: str | None = None, expect: Any = ANY) -> Applied:
        """One change through the store's one write path (state, event, in one transaction)."""
        if isinstance(after, Annotation):
            after = ann_store.to_row(after)
        return apply(self.db, self.annotator,
                     Change(entity, key, doc_id, after, op, source, expect))[0]

    # ------------------------------------------------------------------ checks
    def _own_layer(self) -> str:
        if self.annotator == GOLD_LAYER:
            raise AnnotationError("the gold layer is written by review, not by annotating",
                                  hint="Annotate under your own name.")
        return self.annotator

    def _own_annotation(self, annotation_id: str, allow_gold: bool = False) -> Annotation:
        annotation = self.annotation(annotation_id)
        if allow_gold and annotation.layer == GOLD_LAYER:
            return annotation
        if annotation.layer != self._own_layer():
            raise AnnotationError(
                f"annotation {annotation_id!r} belongs to {annotation.layer!r}",
                hint="Each annotator writes only their own layer.")
        return annotation

    def _span_text(self, doc_id: int, start: int, end: int) -> str:
        row = self.db.execute("SELECT substr(text, ?, ?), length(text) FROM documents"
                              " WHERE id = ?", [start + 1, end - start, doc_id]).fetchone()
        if row is None:
            raise AnnotationError(f"no document {doc_id}")
        text, length = row
        if not (0 <= start < end <= length):
            raise AnnotationError(f"span {start}-{end} is outside the text (0-{length})")
        return text

    def _checked_attrs(self, kind: str, attrs: dict[str, Any]) -> dict[str, Any]:
        if kind == "STATEMENT":
            self.scheme.check_attrs(attrs)
            return dict(attrs)
        allowed = MENTION_ATTRS if kind == "MENTION" else ()
        unknown = [k for k in attrs if k not in allowed]
        if unknown:
            raise AnnotationError(f"a {kind} has no slot {unknown[0]!r}")
        return dict(attrs)


def _describe(entity: str, state: dict[str, Any] | None) -> str:
    if state is None:
        return "is unset"
    if entity == "annotation":
        gone = " (deleted)" if state.get("deleted_at") else ""
        return f"is {state['label']} {state['text']!r}{gone}"
    if entity == "doc_status":
        return f"is {state['status']}"
    if entity == "doc_label":
        return f"is {state['value']}"
    return f"holds {state.get('decision')}"


def _suggestion_key(s: Any) -> str:
    return f"{s.kind}:{s.start}:{s.end}:{s.label}"
