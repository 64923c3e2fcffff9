"""The Project facade: every use case of Stance Annotator as one method.

The CLI and the GUI are two faces of this class; neither runs SQL nor calls spaCy itself.
A Project owns one SQLite connection and is used from one thread at a time (the GUI gives it
its own worker thread).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.core.actors import Actor, Alias, parse_actor_lines
from annotator.core.errors import ActorError, ImportFailed, ProjectError
from annotator.core.models import (
    GOLD_LAYER,
    STATUSES,
    Document,
    DocumentDraft,
    DocumentSummary,
    ImportProblem,
    ImportReport,
    Suggestion,
)
from annotator.core.resources import default_scheme_text, resource
from annotator.core.scheme import Scheme, parse_scheme
from annotator.formats.importers import read_records
from annotator.formats.reading import ImportOptions, expand_paths
from annotator.store import actors as actor_store
from annotator.store import documents as doc_store
from annotator.store import suggestions as suggestion_store
from annotator.store.database import open_database, schema_version, utcnow
from annotator.store.events import log_event

INSERT_BATCH = 500
SUGGEST_CHUNK = 256  # documents per transaction: the unit an interrupted run resumes from
# Called as progress(bytes_done, bytes_total, current_path).
ImportProgress = Callable[[int, int, str], None]
# Called as progress(docs_done, docs_total).
CountProgress = Callable[[int, int], None]


class Project:
    def __init__(self, db: Database, path: Path, annotator: str, backup: Path | None = None):
        self.db = db
        self.path = path
        self.annotator = annotator
        self.migration_backup = backup
        self._scheme: Scheme | None = None

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: str | Path, *, annotator: str = "annotator", create: bool = False,
             scheme_text: str | None = None) -> Project:
        path = Path(path)
        db, backup = open_database(path, create=create)
        project = cls(db, path, annotator, backup)
        if not project.db["scheme"].count:  # a new file: give it a scheme and the actor registry
            project._install_scheme(scheme_text or default_scheme_text())
            project._install_registry()
        return project

    @classmethod
    def create(cls, path: str | Path, *, annotator: str = "annotator",
               scheme_text: str | None = None) -> Project:
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError("a file already exists here", path=str(path),
                               hint="Choose another name, or open it instead.")
        return cls.open(path, annotator=annotator, create=True, scheme_text=scheme_text)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def schema_version(self) -> str | None:
        return schema_version(self.db)

    # ------------------------------------------------------------------ scheme & settings
    def _install_scheme(self, toml_text: str) -> None:
        scheme = parse_scheme(toml_text)
        with self.db.atomic():
            self.db["scheme"].upsert(
                {"id": 1, "name": scheme.name, "version": scheme.version, "toml": toml_text,
                 "updated_at": utcnow()}, pk="id",
            )
            log_event(self.db, who=self.annotator, op="set", entity="scheme", entity_id=1,
                      after={"name": scheme.name, "version": scheme.version})
        self._scheme = scheme

    def set_scheme(self, toml_text: str) -> Scheme:
        self._install_scheme(toml_text)
        assert self._scheme is not None
        return self._scheme

    @property
    def scheme(self) -> Scheme:
        if self._scheme is None:
            row = self.db.execute("SELECT toml FROM scheme WHERE id = 1").fetchone()
            self._scheme = parse_scheme(row[0], origin=f"{self.path.name} (stored scheme)")
        return self._scheme

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        before = self.setting(key)
        with self.db.atomic():
            self.db["settings"].upsert({"key": key, "value": json.dumps(value)}, pk="key")
            log_event(self.db, who=self.annotator, op="set", entity="setting", entity_id=key,
                      before=before, after=value)

    # ------------------------------------------------------------------ import
    def import_paths(
        self,
        paths: Sequence[str | Path],
        options: ImportOptions | None = None,
        progress: ImportProgress | None = None,
    ) -> ImportReport:
        """Import files and folders. Each file is one transaction: all of its good records or
        none; with `strict`, the whole call is one transaction refused at the first problem."""
        options = options or ImportOptions()
        files = expand_paths([Path(p) for p in paths], options.format)
        total = sum(f.stat().st_size for f in files if f.is_file())
        done = 0
        report = ImportReport()

        def on_bytes(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total, current)

        current = ""
        with self.db.atomic() if options.strict else nullcontext():
            for path in files:
                current = str(path)
                self._import_file(path, options, on_bytes, report)
                report.files += 1
        return report

    def _import_file(self, path: Path, options: ImportOptions, on_bytes: Callable[[int], None],
                     report: ImportReport) -> None:
        imported, duplicates, problems, ids = 0, 0, [], []
        try:
            with self.db.atomic():
                batch: list[DocumentDraft] = []

                def flush() -> None:
                    nonlocal imported, duplicates
                    new_ids, dups = doc_store.insert_drafts(self.db, batch)
                    ids.extend(new_ids)
                    imported += len(new_ids)
                    duplicates += dups
                    batch.clear()

                for record in read_records(path, options, on_bytes):
                    if isinstance(record, ImportProblem):
                        if options.strict:
                            raise ImportFailed(
                                f"{record} — nothing was imported (--strict)",
                                hint="Fix the record, or import without --strict to skip it.",
                            )
                        problems.append(record)
                        continue
                    batch.append(record)
                    if len(batch) >= INSERT_BATCH:
                        flush()
                if batch:
                    flush()
                log_event(
                    self.db, who=self.annotator, op="import", entity="file", entity_id=str(path),
                    after={"imported": imported, "duplicates": duplicates,
                           "errors": len(problems), "doc_ids": _ranges(ids)},
                    source=str(path),
                )
        except ImportFailed as exc:
            if options.strict:
                raise
            problems = [ImportProblem(str(path), exc.line, exc.message + (
                f". {exc.hint}" if exc.hint else ""), code=exc.code)]
            imported = duplicates = 0
            ids = []
        report.imported += imported
        report.duplicates += duplicates
        report.problems.extend(problems)
        report.doc_ids.extend(ids)

    # ------------------------------------------------------------------ documents
    def document(self, ref: str | int) -> Document:
        return doc_store.get_document(self.db, ref)

    def documents(self, *, search: str | None = None, status: str | None = None,
                  layer: str | None = None, limit: int | None = None,
                  offset: int = 0) -> list[DocumentSummary]:
        self._check_status(status)
        return doc_store.list_documents(
            self.db, layer=layer or self.annotator, search=search, status=status,
            limit=limit, offset=offset,
        )

    def count_documents(self, *, search: str | None = None, status: str | None = None,
                        layer: str | None = None) -> int:
        self._check_status(status)
        return doc_store.count_documents(self.db, layer=layer or self.annotator, search=search,
                                         status=status)

    @staticmethod
    def _check_status(status: str | None) -> None:
        if status is not None and status not in STATUSES:
            raise ProjectError(f"unknown status {status!r}", hint=f"Use one of {STATUSES}.")

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

    def add_actor(self, actor: Actor) -> None:
        with self.db.atomic():
            actor_store.upsert_actors(self.db, [actor])
            log_event(self.db, who=self.annotator, op="upsert", entity="actor",
                      entity_id=actor.id, after=actor.to_json())

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
        tmp = Path(f"{path}.partial")
        srsly.write_jsonl(tmp, (a.to_json() for a in actors))
        tmp.replace(path)
        return len(actors)

    # ------------------------------------------------------------------ suggestions
    def pipeline_name(self) -> str:
        from annotator.nlp.pipeline import default_model_name

        return self.setting("pipeline") or default_model_name()

    def load_suggester(self, model: str | None = None):  # -> Suggester (spaCy import deferred)
        from annotator.nlp.suggest import Suggester

        return Suggester.load(model or self.pipeline_name(), self.actors())

    def suggest(self, *, model: str | None = None, n_process: int = 1, batch_size: int = 64,
                progress: CountProgress | None = None, suggester: Any = None,
                should_stop: Callable[[], bool] | None = None) -> dict[str, Any]:
        """Pre-annotate every document the active pipeline has not finished. Each chunk of
        documents is one transaction, so an interrupted run resumes after the last chunk."""
        suggester = suggester or self.load_suggester(model)
        key = suggester.key
        pending = suggestion_store.pending_doc_ids(self.db, key)
        done = written = 0
        if progress:
            progress(0, len(pending))
        for start in range(0, len(pending), SUGGEST_CHUNK):
            if should_stop and should_stop():
                break
            chunk = pending[start : start + SUGGEST_CHUNK]
            items = suggestion_store.texts(self.db, chunk)
            results = list(suggester.run(items, batch_size=batch_size, n_process=n_process))
            with self.db.atomic():
                written += suggestion_store.store_results(self.db, key, results)
            done += len(chunk)
            if progress:
                progress(done, len(pending))
        if done:
            log_event(self.db, who=self.annotator, op="suggest", entity="pipeline", entity_id=key,
                      after={"documents": done, "suggestions": written})
        return {"pipeline": key, "description": suggester.loaded.describe(), "documents": done,
                "remaining": len(pending) - done, "suggestions": written}

    def suggestions(self, doc_id: int, pipeline: str | None = None) -> list[Suggestion]:
        return suggestion_store.suggestions_for(self.db, doc_id, pipeline)

    def show(self, ref: str | int, pipeline: str | None = None) -> dict[str, Any]:
        """A document with its suggestions and annotations, as plain data (CLI --json)."""
        doc = self.document(ref)
        suggestions = [
            {"id": s.id, "start": s.start, "end": s.end, "text": doc.text[s.start : s.end],
             "kind": s.kind, "label": s.label, "actor_id": s.actor_id, "ambiguous": s.ambiguous,
             "score": s.score, "pipeline": s.pipeline, "attrs": s.attrs}
            for s in self.suggestions(doc.id, pipeline)
        ]
        for item in suggestions:
            if item["kind"] == "SENTENCES":
                item["text"] = ""
        annotations = [
            dict(row, attrs=json.loads(row["attrs"] or "{}"))
            for row in self.db["annotations"].rows_where(
                "doc_id = ? AND deleted_at IS NULL", [doc.id], order_by="start, end")
        ]
        return {"document": doc.__dict__, "suggestions": suggestions, "annotations": annotations}

    # ------------------------------------------------------------------ stats
    def stats(self) -> dict[str, Any]:
        db = self.db
        n_docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        per_layer: dict[str, dict[str, int]] = {}
        for layer, label, n in db.execute(
            "SELECT layer, label, COUNT(*) FROM annotations WHERE deleted_at IS NULL"
            " GROUP BY layer, label ORDER BY layer, label"
        ):
            per_layer.setdefault(layer, {})[label] = n
        status: dict[str, dict[str, int]] = {}
        for layer, state, n in db.execute(
            "SELECT layer, status, COUNT(*) FROM doc_status GROUP BY layer, status"
        ):
            status.setdefault(layer, {})[state] = n
        for layer in {*per_layer, *status, self.annotator} - {GOLD_LAYER}:
            counts = status.setdefault(layer, {})
            counts["todo"] = n_docs - sum(v for k, v in counts.items() if k != "todo")
        suggestions = dict(db.execute(
            "SELECT pipeline, COUNT(*) FROM suggestions GROUP BY pipeline").fetchall())
        return {
            "project": str(self.path), "schema": self.schema_version,
            "scheme": self.scheme.ref, "documents": n_docs,
            "annotations": per_layer, "status": status, "suggestions": suggestions,
            "actors": db["actors"].count, "events": db["events"].count,
        }


def _ranges(ids: list[int]) -> list[list[int]]:
    """[[first, last], ...] runs: an import of 10,000 documents logs a few numbers, not 10,000."""
    runs: list[list[int]] = []
    for i in ids:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs

