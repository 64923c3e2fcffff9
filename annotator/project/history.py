"""History: who changed what and when, read from the append-only event log.

The log already holds every change with its full state before and after (that is what undo
replays), so history is a reading of it, never a second record that could disagree. Each entry
gets a one-line summary in words an analyst uses ("label STANCE -> COMMITMENT"), computed here
once so the CLI and the GUI say the same thing.
"""

from __future__ import annotations

import json
from typing import Any

from annotator.core.errors import ProjectError
from annotator.project.base import ProjectBase
from annotator.store.events import events as read_events

SHOWN_ATTRS = ("holder", "target", "topic", "polarity", "strength", "novelty", "attribution",
               "negated", "conditional", "note", "actor_id")


class HistoryMixin(ProjectBase):
    # ------------------------------------------------------------------ history
    def history(self, *, doc: str | int | None = None, who: str | None = None,
                limit: int = 50) -> list[dict[str, Any]]:
        """The newest `limit` changes (of one document, of one person), newest first, each with
        `summary`: id, ts, who, op, entity, entity_id, doc_id, before, after, source."""
        if limit < 1:
            raise ProjectError("--limit must be at least 1")
        doc_id = self.document(doc).id if doc is not None else None  # type: ignore[attr-defined]
        rows = read_events(self.db, doc_id=doc_id, who=who, limit=limit)
        for row in rows:
            row["summary"] = summarise(row)
        return rows

    def find_annotation_id(self, ref: str) -> str:
        """A full annotation id from a prefix (history shows 12 characters)."""
        text = ref.strip().lower()
        if len(text) < 6:
            raise ProjectError(f"annotation id {ref!r} is too short",
                               hint="Give at least 6 characters, as `annotator history` shows.")
        found = [r[0] for r in self.db.execute(
            "SELECT id FROM annotations WHERE id LIKE ? LIMIT 2", [text.replace("%", "") + "%"])]
        if not found:
            raise ProjectError(f"no annotation {ref!r}", hint="See `annotator history`.")
        if len(found) > 1:
            raise ProjectError(f"annotation id {ref!r} is ambiguous", hint="Give more of it.")
        return found[0]


# ---------------------------------------------------------------------------- summaries
def summarise(event: dict[str, Any]) -> str:
    """One line saying what an event did, from its before/after states."""
    entity, op = event["entity"], event["op"]
    before, after = event["before"], event["after"]
    prefix = f"{op} of #{event['source'].split(':', 1)[1]}: " if op in ("undo", "redo") and (
        event.get("source") or "").startswith(op + ":") else ""
    if op in ("undo-refused", "redo-refused"):
        number = (event.get("source") or ":?").split(":", 1)[1]
        return (f"{op.split('-')[0]} of #{number} refused: the {entity.replace('_', ' ')} was"
                " changed since")
    if entity == "annotation":
        return prefix + _annotation_change(before, after)
    if entity == "doc_status":
        old = (before or {}).get("status", "todo")
        new = (after or {}).get("status", "todo")
        spent = ((after or {}).get("seconds") or 0) - ((before or {}).get("seconds") or 0)
        extra = f" (+{spent:.0f} s)" if spent >= 0.5 else ""
        return f"{prefix}status {old} -> {new}{extra}"
    if entity == "doc_label":
        name = _key(event["entity_id"])[-1]
        old = (before or {}).get("value") or "(none)"
        new = (after or {}).get("value") or "(none)"
        return f"{prefix}{name} {old} -> {new}"
    if entity == "suggestion_decision":
        kind, start, end, label = ([*_key(event["entity_id"])[-1].split(":"), "", "", "", ""])[:4]
        decision = (after or {}).get("decision") or "undecided"
        return f"{prefix}suggestion {label} {kind} {start}-{end} {decision}"
    if entity == "file" and op == "import":
        figures = after or {}
        return (f"imported {figures.get('imported', 0)} documents from {event['entity_id']}"
                f" ({figures.get('duplicates', 0)} duplicates, {figures.get('errors', 0)} errors)")
    if entity == "setting":
        return f"setting {event['entity_id']} = {json.dumps(after, ensure_ascii=False)}"
    name = f"{entity} {event['entity_id']}" if event["entity_id"] else entity
    detail = json.dumps(after, ensure_ascii=False, sort_keys=True) if after is not None else ""
    return f"{op} {name} {_cut(detail, 80)}".rstrip()


def _annotation_change(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    if after is None:
        return "annotation gone"
    what = f"{after['kind']} {after['label']} {_quote(after['text'])} ({after['start']}-{after['end']})"
    if before is None or (before.get("deleted_at") and after.get("deleted_at")):
        slots = _attrs(after)
        return f"+ {what}" + (f" {_slots(slots)}" if slots else "")
    if after.get("deleted_at") and not before.get("deleted_at"):
        return f"- {what}"
    if before.get("deleted_at") and not after.get("deleted_at"):
        return f"restored {what}"
    changes = []
    if before["label"] != after["label"]:
        changes.append(f"label {before['label']} -> {after['label']}")
    if (before["start"], before["end"]) != (after["start"], after["end"]):
        changes.append(f"span {before['start']}-{before['end']} -> {after['start']}-{after['end']}"
                       f" {_quote(after['text'])}")
    old, new = _attrs(before), _attrs(after)
    for name in sorted(set(old) | set(new), key=_slot_order):
        if old.get(name) != new.get(name):
            changes.append(f"{name} {_value(old.get(name))} -> {_value(new.get(name))}")
    label = f"{after['kind']} {after['label']} {_quote(after['text'])}"
    return f"{label}: " + ("; ".join(changes) if changes else "touched")


def _attrs(state: dict[str, Any]) -> dict[str, Any]:
    raw = state.get("attrs")
    return (json.loads(raw) if isinstance(raw, str) else raw) or {}


def _slot_order(name: str) -> tuple[int, str]:
    return (SHOWN_ATTRS.index(name) if name in SHOWN_ATTRS else len(SHOWN_ATTRS), name)


def _slots(attrs: dict[str, Any]) -> str:
    return " ".join(f"{k}={_value(attrs[k])}" for k in sorted(attrs, key=_slot_order))


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "+".join(map(str, value)) or "(none)"
    return _cut(str(value), 40)


def _quote(text: str) -> str:
    return json.dumps(_cut(text, 40), ensure_ascii=False)


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _key(entity_id: str | None) -> list[Any]:
    if not entity_id:
        return [""]
    return json.loads(entity_id) if entity_id.startswith("[") else [entity_id]
