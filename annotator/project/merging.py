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
from annotator.core.text import text_uid
from annotator.project.base import ProjectBase
from annotator.store import annotations as ann_store
from annotator.store import documents as doc_store
from annotator.store.database import utcnow
from annotator.store.events import log_event
from annotator.store.merge_source import SourceBundle, canonical, is_project_file, read_project
from annotator.store.source_checks import check_bundle


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


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

    def summary(self) -> str:
        return (f"layers {', '.join(self.layers) or '-'}: {self.documents_added} document(s) added,"
                f" {self.added} annotation(s) added, {self.updated} updated, {self.unchanged}"
                f" unchanged, {self.kept_ours} newer here, {len(self.conflicts)} conflict(s),"
                f" {self.statuses} status and {self.labels} label change(s)"
                + (f", {self.models_added} statement model(s)" if self.models_added else ""))


class MergeMixin(ProjectBase):
    def merge(self, source: str | Path, *, layers: list[str] | None = None) -> MergeReport:
        source = Path(source)
        if not source.exists():
            raise ProjectError("no such file", path=str(source))
        if _same_file(source, self.path):  # also through a symlink or a hard link
            raise ProjectError("a project cannot be merged into itself", path=str(source))
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
        report = MergeReport(source=str(source), layers=sorted(bundle.layers()))
        with self.db.atomic():
            ids = self._merge_documents(bundle, report)
            ours_history = self._history([row["id"] for row in bundle.annotations])
            for row in bundle.annotations:
                self._merge_annotation(row, ids[row["doc_uid"]], bundle, ours_history, report)
            self._merge_states(bundle, ids, report)
            self._merge_models(bundle, report)
            log_event(self.db, who=self.annotator, op="merge", entity="project",
                      entity_id=str(source), source=str(source),
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
        only where we have none of our own (ours was trained on what we decided)."""
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
            log_event(self.db, who=self.annotator, op="merge", entity="statement_model",
                      entity_id=row["uid"], source=bundle.name,
                      after={"active": activate, "created_by": row["created_by"]})

    def _merge_documents(self, bundle: SourceBundle, report: MergeReport) -> dict[str, int]:
        ids: dict[str, int] = {}
        for uid, row in bundle.documents.items():
            found = self.db.execute("SELECT id FROM documents WHERE uid = ?", [uid]).fetchone()
            if found:
                ids[uid] = found[0]
                continue
            meta = json.loads(row.get("meta") or "{}")
            draft = DocumentDraft(text=row["text"], title=row.get("title"), source=row.get("source"),
                                  url=row.get("url"), published=row.get("published"), meta=meta,
                                  origin=row.get("origin") or bundle.name)
            new_ids, _ = doc_store.insert_drafts(self.db, [draft])
            if not new_ids:  # same text under another uid normalisation: match it instead
                found = self.db.execute("SELECT id FROM documents WHERE uid = ?",
                                        [text_uid(row["text"])]).fetchone()
                ids[uid] = found[0]
                continue
            ids[uid] = new_ids[0]
            report.documents_added += 1
            log_event(self.db, who=self.annotator, op="merge", entity="document",
                      entity_id=str(new_ids[0]), doc_id=new_ids[0], source=bundle.name,
                      after={"uid": uid, "title": row.get("title")})
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

    def _merge_annotation(self, row: dict[str, Any], doc_id: int, bundle: SourceBundle,
                          ours_history: dict[str, set[str]], report: MergeReport) -> None:
        attrs = row["attrs"]
        theirs = Annotation(
            id=row["id"], doc_id=doc_id, layer=row["layer"], kind=row["kind"], start=row["start"],
            end=row["end"], text=row["text"], label=row["label"],
            attrs=json.loads(attrs or "{}") if isinstance(attrs, str) else (attrs or {}),
            origin=row.get("origin") or "manual", created_at=row.get("created_at") or utcnow(),
            updated_at=row.get("updated_at") or utcnow(), deleted_at=row.get("deleted_at"))
        covered = self.db.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                                  [theirs.start + 1, theirs.end - theirs.start, doc_id]).fetchone()
        if covered is None or covered[0] != theirs.text:
            report.problems.append(f"annotation {theirs.id}: its text does not match the document"
                                   f" at {theirs.start}-{theirs.end}; skipped")
            return
        ours = ann_store.get(self.db, theirs.id)
        theirs_row = ann_store.to_row(theirs)
        if ours is None:
            self._write_merged(None, theirs, bundle.name, "merge")
            report.added += 1
            return
        ours_row = ann_store.to_row(ours)
        ours_state, theirs_state = canonical(ours_row), canonical(theirs_row)
        if ours_state == theirs_state:
            report.unchanged += 1
        elif ours_state in bundle.history.get(theirs.id, set()):
            self._write_merged(ours, theirs, bundle.name, "merge")  # theirs is the later version
            report.updated += 1
        elif theirs_state in ours_history.get(theirs.id, set()):
            report.kept_ours += 1  # ours is the later version
        elif (not bundle.history.get(theirs.id) and theirs.updated_at > ours.updated_at
              and self._unchanged_since_merge(ours.id)):
            self._write_merged(ours, theirs, bundle.name, "merge")  # an export has no history:
            report.updated += 1  # its later timestamp wins over a copy nobody edited here
        else:
            self._record_conflict(ours, theirs, bundle.name, report)

    def _unchanged_since_merge(self, annotation_id: str) -> bool:
        row = self.db.execute("SELECT op FROM events WHERE entity = 'annotation' AND entity_id = ?"
                              " ORDER BY id DESC LIMIT 1", [annotation_id]).fetchone()
        return row is not None and row[0] == "merge"

    def _write_merged(self, before: Annotation | None, after: Annotation, source: str,
                      op: str) -> None:
        ann_store.write(self.db, after)
        log_event(self.db, who=self.annotator, op=op, entity="annotation", entity_id=after.id,
                  doc_id=after.doc_id, source=source,
                  before=ann_store.to_row(before) if before else None,
                  after=ann_store.to_row(after))

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
        for rows, table, keys, columns, counter in (
            (bundle.statuses, "doc_status", ("layer",), ("status", "seconds", "updated_at"),
             "statuses"),
            (bundle.labels, "doc_labels", ("layer", "name"), ("value", "updated_at"), "labels"),
        ):
            for row in rows:
                doc_id = ids[row["doc_uid"]]
                where = " AND ".join(f"{k} = ?" for k in ("doc_id", *keys))
                key_values = [doc_id, *(row[k] for k in keys)]
                ours = self.db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {where}",
                                       key_values).fetchone()
                theirs = tuple(row[c] for c in columns)
                if ours is not None and (tuple(ours) == theirs
                                         or (ours[-1] or "") >= (row["updated_at"] or "")):
                    continue
                self.db.execute(f"DELETE FROM {table} WHERE {where}", key_values)
                names = ("doc_id", *keys, *columns)
                self.db.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES"
                                f" ({', '.join('?' * len(names))})", [*key_values, *theirs])
                entity = "doc_status" if table == "doc_status" else "doc_label"
                log_event(self.db, who=self.annotator, op="merge", entity=entity,
                          entity_id=json.dumps(key_values), doc_id=doc_id, source=bundle.name,
                          before=dict(zip(columns, ours)) if ours else None,
                          after=dict(zip(columns, theirs)))
                setattr(report, counter, getattr(report, counter) + 1)
