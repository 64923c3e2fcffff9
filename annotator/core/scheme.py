"""The annotation scheme: labels, statement slots and document labels, loaded from TOML.

The scheme is data, not code, so a team can adapt it per project. Validation is strict and
names the exact key at fault, because a scheme with a typo would otherwise surface much later
as a mysterious keyboard clash or an export that other tools reject.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import SchemeError
from annotator.core.keys import CLEAR_KEY, LABEL_KEYS, RESERVED_KEYS, doc_label_key
from annotator.core.models import KINDS
from annotator.core.outputs import require_regular_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SLOT_TYPES = ("actor", "choice", "multi", "bool", "text")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
MENTION_ATTRS = ("actor_id",)  # a MENTION links to an actor; a CUE carries nothing


@dataclass(frozen=True)
class Value:
    name: str
    key: str | None = None
    definition: str = ""


@dataclass(frozen=True)
class Label:
    name: str
    kind: str
    color: str
    key: str | None = None
    definition: str = ""


@dataclass(frozen=True)
class Slot:
    name: str
    type: str
    key: str | None = None
    definition: str = ""
    values: tuple[Value, ...] = ()
    ordered: bool = False

    def value_names(self) -> list[str]:
        return [v.name for v in self.values]


@dataclass(frozen=True)
class DocLabel:
    name: str
    values: tuple[Value, ...]
    definition: str = ""


@dataclass(frozen=True)
class Scheme:
    name: str
    version: str
    description: str
    labels: tuple[Label, ...]
    slots: tuple[Slot, ...]
    doc_labels: tuple[DocLabel, ...]
    source: str = field(default="", compare=False)  # the TOML text it came from

    @property
    def ref(self) -> str:
        return f"{self.name}/{self.version}"

    def label(self, name: str) -> Label:
        for label in self.labels:
            if label.name == name:
                return label
        raise SchemeError(f"label {name!r} is not in scheme {self.ref}")

    def labels_of(self, kind: str) -> list[Label]:
        return [label for label in self.labels if label.kind == kind]

    def slot(self, name: str) -> Slot:
        for slot in self.slots:
            if slot.name == name:
                return slot
        raise SchemeError(f"slot {name!r} is not in scheme {self.ref}")

    def doc_label(self, name: str) -> DocLabel:
        for doc_label in self.doc_labels:
            if doc_label.name == name:
                return doc_label
        raise SchemeError(f"document label {name!r} is not in scheme {self.ref}")

    def check_attrs(self, attrs: dict[str, Any]) -> None:
        """Refuse slot values the scheme does not know; None means unset."""
        for name, value in attrs.items():
            slot = self.slot(name)
            if value is None:
                continue
            allowed = set(slot.value_names())
            if slot.type == "choice" and (not isinstance(value, str) or value not in allowed):
                raise SchemeError(f"{value!r} is not a value of slot {name!r}")
            if slot.type == "multi":  # a list of names; anything else (even unhashable) refused
                bad = [v for v in value if not isinstance(v, str) or v not in allowed
                       ] if isinstance(value, list) else [value]
                if bad:
                    raise SchemeError(f"{bad!r} not among the values of slot {name!r}")
            if slot.type == "bool" and not isinstance(value, bool):
                raise SchemeError(f"slot {name!r} takes true or false, not {value!r}")
            if slot.type in ("actor", "text") and not isinstance(value, str):
                raise SchemeError(f"slot {name!r} takes text, not {value!r}")


    def check_span_attrs(self, kind: str, attrs: dict[str, Any]) -> None:
        """`check_attrs` for a STATEMENT; a MENTION may carry only its actor, a CUE nothing."""
        if kind == "STATEMENT":
            self.check_attrs(attrs)
            return
        allowed = MENTION_ATTRS if kind == "MENTION" else ()
        unknown = [k for k in attrs if k not in allowed]
        if unknown:
            raise SchemeError(f"a {kind} has no slot {unknown[0]!r}")
        if not isinstance(attrs.get("actor_id", ""), str):
            raise SchemeError("actor_id must be an actor id")


def load_scheme_file(path: str | Path) -> Scheme:
    path = Path(path)
    require_regular_file(path)  # a FIFO would block the read forever
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemeError(f"cannot read the scheme file ({exc})", path=str(path)) from exc
    return parse_scheme(text, origin=str(path))


def parse_scheme(text: str, origin: str = "scheme") -> Scheme:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(f"{origin}: not valid TOML ({exc})", hint="Fix the syntax.") from exc
    except RecursionError as exc:  # `a = [[[[...` thousands deep: the parser recurses per level
        raise SchemeError(f"{origin}: the TOML is nested too deeply to be a scheme",
                          hint="Fix the syntax.") from exc
    except ValueError as exc:  # an integer of more than 4,300 digits (Python's conversion limit)
        raise SchemeError(f"{origin}: a value cannot be read ({exc})",
                          hint="Fix the value; a scheme needs no such number.") from exc
    return _Builder(origin).build(data, text)


class _Builder:
    """Turns parsed TOML into a Scheme, collecting the dotted path of whatever is wrong."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, problem: str, code: str | None = None) -> SchemeError:
        return SchemeError(f"{self.origin}: {where}: {problem}", hint="Fix the scheme file.",
                           code=code)

    def text(self, table: dict, key: str, where: str, required: bool = True) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}.{key}", "is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", f"must be non-empty text, not {value!r}")
        return value

    def key(self, table: dict, where: str) -> str | None:
        key = self.text(table, "key", where, required=False)
        if key is not None and len(key) != 1:
            raise self.fail(f"{where}.key", f"must be one character, not {key!r}")
        return key

    def name(self, table: dict, where: str) -> str:
        name = self.text(table, "name", where)
        assert name is not None
        if not _NAME.match(name):
            raise self.fail(f"{where}.name", f"{name!r} must be letters, digits and _")
        return name

    def tables(self, data: dict, key: str) -> list[dict]:
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise self.fail(key, "must be an array of tables ([[{key}]])")
        return items

    def values(self, table: dict, where: str) -> tuple[Value, ...]:
        raw = table.get("values")
        if not isinstance(raw, list) or not raw:
            raise self.fail(f"{where}.values", "must be a non-empty list")
        values = []
        for i, item in enumerate(raw):
            at = f"{where}.values[{i}]"
            if isinstance(item, str):
                item = {"name": item}
            if not isinstance(item, dict):
                raise self.fail(at, "must be a name or a table {name, key, definition}")
            values.append(
                Value(self.name(item, at), self.key(item, at), item.get("definition", ""))
            )
        self.unique([v.name for v in values], f"{where}.values", "name")
        self.unique([v.key for v in values if v.key], f"{where}.values", "key")
        for i, value in enumerate(values):  # read as typed, lowercased; CLEAR_KEY clears
            if value.key and (value.key != value.key.lower() or value.key == CLEAR_KEY):
                raise self.fail(f"{where}.values[{i}].key", f"{value.key!r} can never be typed"
                                f" for a value: keys are read in lower case, and {CLEAR_KEY!r}"
                                " clears the slot; use another key", code="E108")
        return tuple(values)

    def unique(self, items: list[str], where: str, what: str) -> None:
        seen: set[str] = set()
        for item in items:
            if item in seen:
                raise self.fail(where, f"{what} {item!r} is used twice")
            seen.add(item)

    def build(self, data: dict, source: str) -> Scheme:
        head = data.get("scheme")
        if not isinstance(head, dict):
            raise self.fail("scheme", "the [scheme] table with name and version is missing")
        name = self.text(head, "name", "scheme")
        version = str(head.get("version", "")) or None
        if not version:
            raise self.fail("scheme.version", "is missing")

        labels = []
        for i, table in enumerate(self.tables(data, "labels")):
            at = f"labels[{i}]"
            kind = self.text(table, "kind", at)
            if kind not in KINDS:
                raise self.fail(f"{at}.kind", f"{kind!r} is not one of {', '.join(KINDS)}")
            color = self.text(table, "color", at)
            if not _COLOUR.match(color or ""):
                raise self.fail(f"{at}.color", f"{color!r} is not a colour like '#1f77b4'")
            labels.append(
                Label(
                    self.name(table, at), kind, color, self.key(table, at),
                    table.get("definition", ""),
                )
            )
        if not labels:
            raise self.fail("labels", "the scheme needs at least one label")
        self.unique([label.name for label in labels], "labels", "name")
        self.unique([label.key for label in labels if label.key], "labels", "key")
        for i, label in enumerate(labels):
            if label.key and label.key not in LABEL_KEYS:
                raise self.fail(f"labels[{i}].key", f"{label.key!r} is never reached: labels are"
                                f" applied with the digit keys {LABEL_KEYS[0]}-{LABEL_KEYS[-1]}",
                                code="E105")

        slots = []
        for i, table in enumerate(self.tables(data, "slots")):
            at = f"slots[{i}]"
            slot_type = self.text(table, "type", at)
            if slot_type not in SLOT_TYPES:
                raise self.fail(f"{at}.type", f"{slot_type!r} is not one of {', '.join(SLOT_TYPES)}")
            values = self.values(table, at) if slot_type in ("choice", "multi") else ()
            slots.append(
                Slot(
                    self.name(table, at), slot_type, self.key(table, at),
                    table.get("definition", ""), values, bool(table.get("ordered", False)),
                )
            )
        self.unique([slot.name for slot in slots], "slots", "name")
        self.unique([slot.key for slot in slots if slot.key], "slots", "key")
        for i, slot in enumerate(slots):
            if slot.key and slot.key in RESERVED_KEYS:
                raise self.fail(f"slots[{i}].key", f"{slot.key!r} already"
                                f" {RESERVED_KEYS[slot.key]} in the article view; use another key",
                                code="E106")
            if slot.key and slot.key != slot.key.lower():
                raise self.fail(f"slots[{i}].key", f"{slot.key!r} is never reached: with Shift a"
                                " letter sets a document label; use a lower-case key", code="E106")

        doc_labels = []
        for i, table in enumerate(self.tables(data, "doc_labels")):
            at = f"doc_labels[{i}]"
            doc_labels.append(
                DocLabel(self.name(table, at), self.values(table, at), table.get("definition", ""))
            )
        self.unique([d.name for d in doc_labels], "doc_labels", "name")
        taken: dict[str, str] = {}
        for i, doc_label in enumerate(doc_labels):
            key = doc_label_key(doc_label.name)
            if key in taken:
                raise self.fail(f"doc_labels[{i}].name", f"{doc_label.name!r} and {taken[key]!r}"
                                f" both take Shift+{key} (a document label is set with Shift and"
                                " its first letter); rename one", code="E107")
            taken[key] = doc_label.name

        return Scheme(
            name=name or "", version=version, description=head.get("description", ""),
            labels=tuple(labels), slots=tuple(slots), doc_labels=tuple(doc_labels), source=source,
        )
