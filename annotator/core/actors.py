"""Actors: canonical states, bodies, organisations and people, with the names texts use.

The registry file format (JSON Lines, one actor a line) is the same for the shipped registry
(`resources/actors/actors.jsonl`) and for `annotator actors --import/--export`, so a team can
round-trip its edits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from annotator.core.errors import ActorError

ACTOR_TYPES = ("STATE", "GOV_BODY", "PERSON", "IO", "ALLIANCE", "NONSTATE")
ALIAS_KINDS = ("name", "demonym", "ambiguous")

# The MENTION label an alias suggests, by actor type and alias kind.
MENTION_LABEL = {"STATE": "GPE", "GOV_BODY": "ORG", "PERSON": "PERSON", "IO": "ORG",
                 "ALLIANCE": "ORG", "NONSTATE": "ORG"}


@dataclass(frozen=True)
class Alias:
    text: str
    actor_id: str
    kind: str = "name"  # name | demonym | ambiguous

    @property
    def ambiguous(self) -> bool:
        return self.kind == "ambiguous"


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    country: str | None = None
    note: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = field(default=())

    def alias_rows(self) -> Iterator[Alias]:
        for kind, texts in (("name", self.aliases), ("demonym", self.demonyms),
                            ("ambiguous", self.ambiguous)):
            for text in texts:
                yield Alias(text, self.id, kind)

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                "aliases": list(self.aliases), "demonyms": list(self.demonyms),
                "ambiguous": list(self.ambiguous), "note": self.note}


def mention_label(actor_type: str, alias_kind: str) -> str:
    return "NORP" if alias_kind == "demonym" else MENTION_LABEL.get(actor_type, "ORG")


MAX_ID = 200  # ids go into every holder and target slot: short codes such as KOR
MAX_NAME = 1000


def _check_text(value: object, field: str, actor_id: str, where: str, limit: int) -> None:
    """Ids, names and aliases are shown in lists and matched against texts: no control
    characters (a terminal escape, a NUL), no lone surrogates, no 100,000-character id."""
    if not isinstance(value, str):
        raise ActorError(f"{field} of {actor_id[:40]!r} must be text", path=where)
    joiners = value.replace("\u200c", "").replace("\u200d", "")  # in Persian, Indic names
    if not joiners.isprintable() or len(value) > limit:
        raise ActorError(
            f"{field} {value[:60]!r} of {actor_id[:40]!r} must be printable text of at most"
            f" {limit} characters (no control characters or lone surrogates)", path=where,
            hint="Fix it and try again; nothing was changed.")


def validate_actor(data: object, where: str) -> Actor:
    if not isinstance(data, dict):
        raise ActorError("an actor must be a JSON object", path=where)
    actor_id = data.get("id")
    if not isinstance(actor_id, str) or not actor_id.strip():
        raise ActorError("the actor has no \"id\"", path=where)
    name = data.get("name") or actor_id
    _check_text(actor_id, "id", actor_id, where, MAX_ID)
    _check_text(name, "name", actor_id, where, MAX_NAME)
    actor_type = data.get("type")
    if actor_type not in ACTOR_TYPES:
        raise ActorError(f"type {actor_type!r} of {actor_id} is not one of {', '.join(ACTOR_TYPES)}",
                         path=where)
    lists = {}
    for key in ("aliases", "demonyms", "ambiguous"):
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ActorError(f"{key!r} of {actor_id} must be a list of names", path=where)
        for v in value:
            _check_text(v, key, actor_id, where, MAX_NAME)
        lists[key] = tuple(dict.fromkeys(v.strip() for v in value))
    country = data.get("country")
    if country is not None and not isinstance(country, str):
        raise ActorError(f"country of {actor_id} must be an actor id or null", path=where)
    if country is not None:
        _check_text(country, "country", actor_id, where, MAX_ID)
    if data.get("note") is not None and not isinstance(data.get("note"), str):
        raise ActorError(f"note of {actor_id} must be text or null", path=where)
    return Actor(id=actor_id.strip(), name=str(name), type=actor_type, country=country,
                 note=data.get("note"), aliases=lists["aliases"], demonyms=lists["demonyms"],
                 ambiguous=lists["ambiguous"])


def parse_actor_lines(lines: Iterable[str], origin: str) -> list[Actor]:
    """Parse a whole registry; the first bad line refuses the file (it is small, fix and retry)."""
    actors = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise ActorError(f"not valid JSON ({exc})", path=origin, line=number,
                             hint="Fix the line and import again.") from exc
        try:
            actor = validate_actor(data, origin)
        except ActorError as exc:
            exc.line = number
            raise
        if actor.id in seen:
            raise ActorError(f"actor id {actor.id!r} appears twice", path=origin, line=number)
        seen.add(actor.id)
        actors.append(actor)
    return actors
