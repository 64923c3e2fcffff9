"""What a new scheme would leave stranded: annotations and document labels it no longer fits.

Removing the value FIRM from `strength` while statements carry it was accepted once, and from
then on every edit of those statements failed (the stored slots no longer passed the scheme)
and agreement on `strength` silently came out n/a. So a scheme change is checked against
every live annotation and document label first, and each thing in use is named with how many
use it and in which layers.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlite_utils import Database

from annotator.core.errors import SchemeError
from annotator.core.scheme import Scheme


class _Uses:
    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.layers: dict[str, set[str]] = defaultdict(set)

    def add(self, what: str, layer: str, n: int) -> None:
        self.counts[what] += n
        self.layers[what].add(layer)

    def lines(self, noun: str) -> list[str]:
        return [f"{what} is used by {n} {noun}{'s' if n != 1 else ''} (layer"
                f"{'s' if len(self.layers[what]) != 1 else ''} {', '.join(sorted(self.layers[what]))})"
                for what, n in sorted(self.counts.items())]


def stranded(db: Database, new: Scheme) -> list[str]:
    """One line per label, kind, slot, slot value or document label in use that `new` drops."""
    annotations, doc_labels = _Uses(), _Uses()
    for label, kind, attrs, layer, n in db.execute(
            "SELECT label, kind, attrs, layer, COUNT(*) FROM annotations WHERE deleted_at IS NULL"
            " GROUP BY label, kind, attrs, layer"):
        for what in _annotation_misfits(new, label, kind, attrs):
            annotations.add(what, layer, n)
    for name, value, layer, n in db.execute(
            "SELECT name, value, layer, COUNT(*) FROM doc_labels WHERE value IS NOT NULL"
            " GROUP BY name, value, layer"):
        try:
            values = [v.name for v in new.doc_label(name).values]
        except SchemeError:
            doc_labels.add(f"document label {name!r} (removed)", layer, n)
            continue
        if value not in values:
            doc_labels.add(f"value {value!r} of document label {name!r} (removed)", layer, n)
    return annotations.lines("annotation") + doc_labels.lines("document")


def _annotation_misfits(new: Scheme, label: str, kind: str, attrs_json: str | None) -> list[str]:
    try:
        in_new = new.label(label)
    except SchemeError:
        return [f"label {label!r} (removed)"]
    if in_new.kind != kind:
        return [f"label {label!r} as a {kind} (the new scheme makes it a {in_new.kind})"]
    if kind != "STATEMENT":
        return []
    try:
        attrs: dict[str, Any] = json.loads(attrs_json or "{}")
    except ValueError:
        return []
    misfits = []
    for name, value in attrs.items():
        if value is None:
            continue
        try:
            slot = new.slot(name)
        except SchemeError:
            misfits.append(f"slot {name!r} (removed)")
            continue
        allowed = set(slot.value_names())
        if slot.type in ("choice", "multi"):
            used = value if isinstance(value, list) else [value]
            gone = [v for v in used if isinstance(v, str) and v not in allowed]
            misfits += [f"value {v!r} of slot {name!r} (removed)" for v in gone]
            if gone:
                continue
        try:
            new.check_attrs({name: value})
        except SchemeError:
            misfits.append(f"slot {name!r} with {value!r} (it is now a {slot.type} slot)")
    return misfits


def refuse_stranding(db: Database, new: Scheme) -> None:
    """SchemeError E102 naming everything in use that `new` would drop, or nothing."""
    lines = stranded(db, new)
    if lines:
        raise SchemeError(
            "the new scheme would strand work that uses what it drops: " + "; ".join(lines),
            code="E102",
            hint="Nothing was changed. Keep those in the scheme, or first change or delete the"
                 " annotations and document labels that use them (`annotator history` finds"
                 " them), then set the scheme again.")
