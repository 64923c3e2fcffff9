"""The project's actor registry: seeded from resources/actors, edited by analysts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.actors import Actor, Alias, parse_actor_lines
from annotator.core.errors import ActorError
from annotator.core.outputs import atomic_output, require_regular_file
from annotator.core.resources import resource
from annotator.project.base import ProjectBase
from annotator.store import actors as actor_store
from annotator.store.events import log_event


class ActorsMixin(ProjectBase):
    # ------------------------------------------------------------------ actors
    def _install_registry(self) -> None:
        path = resource("actors", "actors.jsonl")
        actors = parse_actor_lines(path.read_text(encoding="utf-8").splitlines(), str(path))
        with self.db.atomic():
            n = actor_store.upsert_actors(self.db, actors)
            log_event(self.db, who=self.annotator, op="import", entity="actors",
                      after={"actors": n, "from": "shipped registry"})

    def actors(self) -> list[Actor]:
        return actor_store.load_actors(self.db)

    def find_actors(self, query: str, limit: int = 20) -> list[tuple[str, str, str]]:
        return actor_store.find_actors(self.db, query, limit)

    def actor_fields(self, actor_id: str) -> dict[str, Any] | None:
        """An actor's own fields (name, type, country, note), or None when there is none."""
        row = self.db.execute("SELECT name, type, country, note FROM actors WHERE id = ?",
                              [actor_id]).fetchone()
        return dict(zip(("name", "type", "country", "note"), row)) if row else None

    def add_actor(self, actor: Actor) -> None:
        """Add or replace one actor; the event keeps what it replaced (nothing is overwritten
        without a trace)."""
        with self.db.atomic():
            before = self.actor_fields(actor.id)
            actor_store.upsert_actors(self.db, [actor])
            log_event(self.db, who=self.annotator, op="upsert", entity="actor",
                      entity_id=actor.id, before=before, after=actor.to_json())

    def add_alias(self, text: str, actor_id: str, *, kind: str = "name") -> None:
        """What the GUI calls when an analyst links a mention to an actor."""
        if not text.strip():
            raise ActorError("an alias cannot be empty")
        if not self.db.execute("SELECT 1 FROM actors WHERE id = ?", [actor_id]).fetchone():
            raise ActorError(f"no actor {actor_id!r} in this project",
                             hint="Add it first with `annotator actors PROJECT --add`.")
        with self.db.atomic():
            actor_store.add_aliases(self.db, [Alias(text.strip(), actor_id, kind)])
            log_event(self.db, who=self.annotator, op="add", entity="alias", entity_id=actor_id,
                      after={"alias": text.strip(), "kind": kind})

    def import_actors(self, path: str | Path) -> int:
        path = Path(path)
        require_regular_file(path)  # a FIFO would block the read forever
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ActorError(f"cannot read the file ({exc})", path=str(path)) from exc
        actors = parse_actor_lines(lines, str(path))
        with self.db.atomic():
            n = actor_store.upsert_actors(self.db, actors)
            log_event(self.db, who=self.annotator, op="import", entity="actors",
                      after={"actors": n, "from": str(path)}, source=str(path))
        return n

    def export_actors(self, path: str | Path) -> int:
        import srsly

        actors = self.actors()
        with atomic_output(path, project=self.path) as fh:
            for actor in actors:
                fh.write(srsly.json_dumps(actor.to_json()).encode("utf-8") + b"\n")
        return len(actors)

    def actor_names(self, actor_ids: list[str]) -> dict[str, str]:
        if not actor_ids:
            return {}
        marks = ",".join("?" * len(actor_ids))
        rows = self.db.execute(f"SELECT id, name FROM actors WHERE id IN ({marks})", actor_ids)
        return dict(rows.fetchall())

    def actor_aliases(self) -> dict[str, list[str]]:
        """Every actor's aliases (names, demonyms, ambiguous ones): what the window's registry
        search matches besides ids and names."""
        return actor_store.aliases_by_actor(self.db)

    def actor_country(self, actor_id: str) -> str | None:
        """The state an actor stands for: itself for a state, else its country."""
        row = self.db.execute("SELECT type, country FROM actors WHERE id = ?",
                              [actor_id]).fetchone()
        if row is None:
            return None
        return actor_id if row[0] == "STATE" else row[1]

    def slot_choices(self, actor_ids: list[str]) -> list[str]:
        """The actors offered for a holder or target, given those named (in order of first
        mention): the states they stand for first, since a person or body stands for its
        state as holder or target, then the rest."""
        order = list(dict.fromkeys(a for a in actor_ids if a))
        states: list[str] = []
        for actor_id in order:
            country = self.actor_country(actor_id)
            if country and country not in states:
                states.append(country)
        return states + [a for a in order if a not in states]
