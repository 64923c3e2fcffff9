"""The project's actor registry in the `actors` and `aliases` tables."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from annotator.core.actors import Actor, Alias


def upsert_actors(db: Database, actors: Iterable[Actor]) -> int:
    """Insert or replace actors and add their aliases (existing aliases are kept)."""
    n = 0
    for actor in actors:
        db.execute(
            "INSERT INTO actors (id, name, type, country, note) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type,"
            " country = excluded.country, note = excluded.note",
            [actor.id, actor.name, actor.type, actor.country, actor.note],
        )
        add_aliases(db, actor.alias_rows())
        n += 1
    return n


def add_aliases(db: Database, aliases: Iterable[Alias]) -> None:
    db.conn.executemany(
        "INSERT INTO aliases (alias, actor_id, kind, ambiguous) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(alias, actor_id) DO UPDATE SET kind = excluded.kind,"
        " ambiguous = excluded.ambiguous",
        [(a.text, a.actor_id, a.kind, int(a.ambiguous)) for a in aliases],
    )


def load_actors(db: Database) -> list[Actor]:
    aliases: dict[str, dict[str, list[str]]] = {}
    for alias, actor_id, kind in db.execute(
        "SELECT alias, actor_id, kind FROM aliases ORDER BY rowid"
    ):
        aliases.setdefault(actor_id, {}).setdefault(kind, []).append(alias)
    actors = []
    for actor_id, name, actor_type, country, note in db.execute(
        "SELECT id, name, type, country, note FROM actors ORDER BY rowid"
    ):
        own = aliases.get(actor_id, {})
        actors.append(Actor(
            id=actor_id, name=name, type=actor_type, country=country, note=note,
            aliases=tuple(own.get("name", [])), demonyms=tuple(own.get("demonym", [])),
            ambiguous=tuple(own.get("ambiguous", [])),
        ))
    return actors


def aliases_by_actor(db: Database) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for alias, actor_id in db.execute("SELECT alias, actor_id FROM aliases ORDER BY rowid"):
        found.setdefault(actor_id, []).append(alias)
    return found


def find_actors(db: Database, query: str, limit: int = 20) -> list[tuple[str, str, str]]:
    """(id, name, type) of actors whose id, name or an alias starts with the query."""
    like = query.strip() + "%"
    rows = db.execute(
        "SELECT DISTINCT a.id, a.name, a.type FROM actors a LEFT JOIN aliases l"
        " ON l.actor_id = a.id WHERE a.id LIKE ? OR a.name LIKE ? OR l.alias LIKE ?"
        " ORDER BY a.type = 'STATE' DESC, a.name LIMIT ?",
        [like, like, like, limit],
    ).fetchall()
    return [tuple(r) for r in rows]
