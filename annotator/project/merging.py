"""Merging another annotator's work: their project file (or our JSONL export) into this one.

Documents match by uid; unknown ones are added. An annotation is inserted when new, updated
when the source holds a later version of what we have (our version is in the source's history),
kept when ours is the later one, and when both sides changed it differently both versions are
kept — ours in place, theirs in `merge_conflicts` — and reported. Everything is one
transaction with an event per change naming the source, so merging the same source twice
changes nothing and a failed merge changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import ProjectError
from annotator.core.models import Annotation, DocumentDraft
from annotator.core.outputs import missing as missing_path
from annotator.core.outputs import refuse_project_part, require_regular_file
from annotator.core.text import text_uid
from annotator.project.base import ProjectBase
from annotator.store import annotations as ann_store
from annotator.store import documents as doc_store
from annotator.store import states
from annotator.store.changes import SKIP, Change, apply
from annotator.store.database import utcnow
from annotator.store.events import log_event, log_events
from annotator.store.merge_source import SourceBundle, canonical, is_project_file, read_project
from annotator.store.source_checks import check_bundle


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


MERGE_BATCH = 2000  # annotations read, decided and written at a time


@dataclass
class MergeReport:
    source: str
    layers: list[str] = field(default_factory=list)
    documents_added: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_ours: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    statuses: int = 0
    labels: int = 0
    problems: list[str] = field(default_factory=list)
    models_added: int = 0
    model_activated: str | None = None
    model_notes: list[str] = field(default_factory=list)  # models trained with other features

    def summary(self) -> str:
        return (f"layers {', '.join(self.layers) or '-'}: {self.documents_added} document(s) added,"
                f" {self.added} annotation(s) added, {self.updated} updated, {self.unchanged}"
                f" unchanged, {self.kept_ours} newer here, {len(self.conflicts)} conflict(s),"
                f" {self.statuses} status and {self.labels} label change(s)"
                + (f", {self.models_added} statement model(s)" if self.models_added else ""))


class MergeMixin(ProjectBase):
    def merge(self, source: str | Path, *, layers: list[str] | None = None,
              batch: int = MERGE_BATCH) -> MergeReport:
        """Merge a project file or export into this one, writing `batch` annotations at a time
        through the one write path (1: one by one, the same result, slower)."""
        source = Path(source)
        if not source.exists():
            raise ProjectError(missing_path(source, "file"), path=str(source))
        if _same_file(source, self.path):  # also through a symlink or a hard link
            raise ProjectError("a project cannot be merged into itself", path=str(source))
        require_regular_file(source)  # a FIFO would block the read forever
        refuse_project_part(source, self.path, "the source")  # its -wal or -shm
        wanted = set(layers) if layers else None
        if is_project_file(source):
            bundle = read_project(source, wanted)
        else:
            from annotator.project.merge_jsonl import read_jsonl_bundle

            bundle = read_jsonl_bundle(source, wanted)
        check_bundle(bundle, self.scheme)  # as an import checks: nothing bad comes in
        if wanted and not wanted & bundle.layers():
            missing = ", ".join(repr(layer) for layer in sorted(wanted))
            raise ProjectError(f"the source has no layer {missing}", path=str(source),
                               hint=f"Its layers: {', '.join(sorted(bundle.all_layers)) or 'none'}.")
        return self.merge_bundle(bundle, batch=batch)

    def merge_bundle(self, bundle: SourceBundle, *, batch: int = MERGE_BATCH) -> MergeReport:
        """Merge rows already read and checked (`check_bundle`), named by `bundle.name`: a
        project file, an export, or what a sync pulled from the team hub — one set of rules."""
        report = MergeReport(source=bundle.name, layers=sorted(bundle.layers()))
        with self.db.atomic():
            ids = self._merge_documents(bundle, report)
            ours_history = self._history([row["id"] for row in bundle.annotations])
            chunk: list[dict[str, Any]] = []
            in_chunk: set[str] = set()
            for row in bundle.annotations:
                if len(chunk) >= batch or row["id"] in in_chunk:  # later rows see earlier ones
                    self._merge_annotations(chunk, ids, bundle, ours_history, report)
                    chunk, in_chunk = [], set()
                chunk.append(row)
                in_chunk.add(row["id"])
            self._merge_annotations(chunk, ids, bundle, ours_history, report)
            self._merge_states(bundle, ids, report)
            self._merge_models(bundle, report)
            log_event(self.db, who=self.annotator, op="merge", entity="project",
                      entity_id=bundle.name, source=bundle.name,
                      after={k: v for k, v in report.__dict__.items() if k != "conflicts"}
                      | {"conflicts": len(report.conflicts)})
        return report

    def merge_conflicts(self, *, open_only: bool = True) -> list[dict[str, Any]]:
        where = "WHERE resolved_at IS NULL" if open_only else ""
        return [dict(r) | {"ours": json.loads(r["ours"]), "theirs": json.loads(r["theirs"])}
                for r in self.db.query(f"SELECT * FROM merge_conflicts {where} ORDER BY id")]

    # ------------------------------------------------------------------ parts
    def _merge_models(self, bundle: SourceBundle, report: MergeReport) -> None:
        """The source's statement models join our history; theirs becomes the active one
        only where we have none of our own (ours was trained on what we decided). Models
        trained with other features than this version computes are merged all the same and
        named in `model_notes`, with what to do where the one now in use is among them."""
        from annotator.nlp.statement_features import FEATURE_VERSION, trained_features
        from annotator.nlp.statement_model import StatementModel
        from annotator.store import statement_models as model_store

        ours_active = model_store.active(self.db) is not None
        for row in bundle.models:
            if model_store.data_of(self.db, row["uid"]) is not None:
                continue
            try:
                StatementModel.from_bytes(row["data"])
            except Exception as exc:  # an unreadable model is left out, not fatal
                report.problems.append(f"statement model {row['uid']} left out: {exc}")
                continue
            activate = bool(row["active"]) and not ours_active
            model_store.save(self.db, row["uid"], row["data"], json.loads(row["meta"] or "{}"),
                             json.loads(row["layers"] or "[]"), row["created_by"] or "",
                             int(row["format"] or 1), activate=activate,
                             created_at=row["created_at"])
            report.models_added += 1
            if activate:
                report.model_activated = row["uid"]
            features = trained_features(json.loads(row["meta"] or "{}"))
            if features != FEATURE_VERSION:
                report.model_notes.append(
                    f"statement model {row['uid'][:8]} of {bundle.name} was trained with feature"
                    f" set {features}, this version computes {FEATURE_VERSION}: it is stale")
            log_event(self.db, who=self.annotator, op="merge", entity="statement_model",
                      entity_id=row["uid"], source=bundle.name,
                      after={"active": activate, "created_by": row["created_by"]})
        state = self.model_state()  # ours or theirs, whichever is now in use
        if bundle.models and state.stale:
            report.model_notes.append(state.note())

    def _merge_documents(self, bundle: SourceBundle, report: MergeReport) -> dict[str, int]:
        """uid -> our document id; unknown documents are added, all with one insert."""
        ids = {uid: doc_id for uid, (doc_id, _) in
               doc_store.by_uids(self.db, list(bundle.documents), texts=False).items()}
        missing = [uid for uid in bundle.documents if uid not in ids]
        computed = [text_uid(bundle.documents[uid]["text"]) for uid in missing]
        known = {u: doc_id for u, (doc_id, _) in
                 doc_store.by_uids(self.db, computed, texts=False).items()}
        new: list[tuple[str, str]] = []  # (their uid, the uid of the text)
        same_text: list[tuple[str, str]] = []  # same text under another uid normalisation
        for uid, text_key in zip(missing, computed):
            if text_key in known or any(text_key == t for _, t in new):
                same_text.append((uid, text_key))
            else:
                new.append((uid, text_key))
        drafts = []
        for uid, _ in new:
            row = bundle.documents[uid]
            drafts.append(DocumentDraft(
                text=row["text"], title=row.get("title"), source=row.get("source"),
                url=row.get("url"), published=row.get("published"),
                meta=json.loads(row.get("meta") or "{}"), origin=row.get("origin") or bundle.name))
        new_ids, _ = doc_store.insert_drafts(self.db, drafts, [t for _, t in new])
        for (uid, text_key), doc_id in zip(new, new_ids):
            ids[uid] = known[text_key] = doc_id
        for uid, text_key in same_text:
            ids[uid] = known[text_key]
        report.documents_added += len(new_ids)
        log_events(self.db, self.annotator, [
            ("merge", "document", str(doc_id), doc_id, None,
             {"uid": uid, "title": bundle.documents[uid].get("title")}, bundle.name)
            for (uid, _), doc_id in zip(new, new_ids)])
        return ids

    def _history(self, annotation_ids: list[str]) -> dict[str, set[str]]:
        history: dict[str, set[str]] = {}
        for start in range(0, len(annotation_ids), 500):
            chunk = annotation_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for entity_id, before, after in self.db.execute(
                    f"SELECT entity_id, before, after FROM events WHERE entity = 'annotation'"
                    f" AND entity_id IN ({marks})", chunk):
                states = history.setdefault(entity_id, set())
                for state in (before, after):
                    if state:
                        states.add(canonical(json.loads(state)))
        return history

    def _merge_annotations(self, rows: list[dict[str, Any]], ids: dict[str, int],
                           bundle: SourceBundle, ours_history: dict[str, set[str]],
                           report: MergeReport) -> None:
        """A chunk of their annotations (no id twice): inserted when new, updated when theirs
        is the later version, kept when ours is, a conflict when both changed."""
        if not rows:
            return
        texts = self._texts({ids[row["doc_uid"]] for row in rows})
        ours_rows = states.read_many(self.db, "annotation", [row["id"] for row in rows])
        changes = []
        for row in rows:
            doc_id = ids[row["doc_uid"]]
            attrs = row["attrs"]
            theirs = Annotation(
                id=row["id"], doc_id=doc_id, layer=row["layer"], kind=row["kind"],
                start=row["start"], end=row["end"], text=row["text"], label=row["label"],
                attrs=json.loads(attrs or "{}") if isinstance(attrs, str) else (attrs or {}),
                origin=row.get("origin") or "manual", created_at=row.get("created_at") or utcnow(),
                updated_at=row.get("updated_at") or utcnow(), deleted_at=row.get("deleted_at"))
            text = texts[doc_id]
            if not (0 <= theirs.start <= theirs.end <= len(text)) or \
                    text[theirs.start : theirs.end] != theirs.text:
                report.problems.append(f"annotation {theirs.id}: its text does not match the"
                                       f" document at {theirs.start}-{theirs.end}; skipped")
                continue
            ours_row = ours_rows.get(theirs.id)
            theirs_row = ann_store.to_row(theirs)
            write = Change("annotation", theirs.id, doc_id, theirs_row, "merge", bundle.name,
                           before=ours_row)
            if ours_row is None:
                changes.append(write)
                report.added += 1
                continue
            ours_state, theirs_state = canonical(ours_row), canonical(theirs_row)
            if ours_state == theirs_state:
                report.unchanged += 1
            elif ours_state in bundle.history.get(theirs.id, set()):
                changes.append(write)  # theirs is the later version
                report.updated += 1
            elif theirs_state in ours_history.get(theirs.id, set()):
                report.kept_ours += 1  # ours is the later version
            elif (not bundle.history.get(theirs.id) and theirs.updated_at > ours_row["updated_at"]
                  and self._unchanged_since_merge(theirs.id)):
                changes.append(write)  # an export has no history: its later timestamp wins
                report.updated += 1  # over a copy nobody edited here
            else:
                self._record_conflict(ann_store.from_row(ours_row), theirs, bundle.name, report)
        apply(self.db, self.annotator, changes)

    def _texts(self, doc_ids: set[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        ordered = sorted(doc_ids)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})",
                                         chunk).fetchall())
        return found

    def _unchanged_since_merge(self, annotation_id: str) -> bool:
        row = self.db.execute("SELECT op FROM events WHERE entity = 'annotation' AND entity_id = ?"
                              " ORDER BY id DESC LIMIT 1", [annotation_id]).fetchone()
        return row is not None and row[0] == "merge"

    def _record_conflict(self, ours: Annotation, theirs: Annotation, source: str,
                         report: MergeReport) -> None:
        theirs_json = json.dumps(ann_store.to_row(theirs), sort_keys=True, ensure_ascii=False)
        known = self.db.execute("SELECT id FROM merge_conflicts WHERE annotation_id = ? AND"
                                " theirs = ?", [theirs.id, theirs_json]).fetchone()
        entry = {"annotation_id": theirs.id, "doc_id": theirs.doc_id, "layer": theirs.layer}
        if known:
            report.conflicts.append(entry | {"id": known[0], "new": False})
            return
        cursor = self.db.execute(
            "INSERT INTO merge_conflicts (annotation_id, doc_id, layer, source, ours, theirs,"
            " detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [theirs.id, theirs.doc_id, theirs.layer, source,
             json.dumps(ann_store.to_row(ours), sort_keys=True, ensure_ascii=False), theirs_json,
             utcnow()])
        log_event(self.db, who=self.annotator, op="conflict", entity="merge_conflict",
                  entity_id=str(cursor.lastrowid), doc_id=theirs.doc_id, source=source,
                  before=ann_store.to_row(ours), after=ann_store.to_row(theirs))
        report.conflicts.append(entry | {"id": cursor.lastrowid, "new": True})

    def _merge_states(self, bundle: SourceBundle, ids: dict[str, int], report: MergeReport) -> None:
        """Status and document labels: the later write wins; both are logged."""
        changes = []
        for rows, entity, keys, columns, counter in (
            (bundle.statuses, "doc_status", ("layer",), ("status", "seconds", "updated_at"),
             "statuses"),
            (bundle.labels, "doc_label", ("layer", "name"), ("value", "updated_at"), "labels"),
        ):
            for row in rows:
                doc_id = ids[row["doc_uid"]]
                theirs = {c: row[c] for c in columns}

                def after(ours: dict[str, Any] | None, theirs: dict[str, Any] = theirs,
                          columns: tuple[str, ...] = columns, counter: str = counter) -> Any:
                    if ours is not None and (
                            tuple(ours[c] for c in columns) == tuple(theirs.values())
                            or (ours["updated_at"] or "") >= (theirs["updated_at"] or "")):
                        return SKIP
                    setattr(report, counter, getattr(report, counter) + 1)
                    return theirs
                changes.append(Change(entity, (doc_id, *(row[k] for k in keys)), doc_id, after,
                                      "merge", bundle.name))
        apply(self.db, self.annotator, changes)
