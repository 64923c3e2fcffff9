"""Annotations in (`import_layer`), in batches through the one write path.

A layer import is one transaction: every document, annotation, status and document label it
writes is logged as an event with the file and line it came from, and a refused import
(--strict, an unreadable file, a crash) changes nothing. Records are taken `batch` at a time:
their documents are looked up and inserted with one query each, their annotations read and
written with a few statements (`store.changes.apply`, and `insert_new` for the spans whose
derived id no row holds: most of them, and all of a document the import adds), instead of ~4
statements a span. A batch never holds two records of one document or two spans with one
explicit id, so each record sees the rows earlier records wrote, exactly as one by one
(`batch=1`) — tested. Into a project that lacks the documents this is texts and spans in one
pass over the file, storing what `import` and then `import-layer` store (tested).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.exchange import LayerImportError, LayerRecord, SpanRecord
from annotator.core.models import DocumentDraft, ImportProblem
from annotator.core.scheme import Scheme
from annotator.core.text import text_uid
from annotator.formats.export_options import LayerImportOptions
from annotator.store import documents as doc_store
from annotator.store import states
from annotator.store.changes import ANY, SKIP, Change, apply, insert_new
from annotator.store.database import bulk_cache, utcnow
from annotator.store.events import log_event, log_events
from annotator.store.fulltext import indexed_at_end

if TYPE_CHECKING:
    from sqlite_utils import Database

    from annotator.formats.layer_import import LayerImportReport

# Ids of imported spans that carry none (Prodigy, doccano): derived from what they are, so
# importing the same file twice finds them again instead of adding them twice.
ID_SPACE = uuid.UUID("6f1d3c0e-5a5e-4b8e-9a57-5d1c0e1a9b11")
BATCH = 2000  # records per batch: ~20,000 spans, a few MB of states in memory


_ID_PREFIX = ID_SPACE.bytes
_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}  # RFC 4122: 10xx


def derived_id(name: str) -> str:
    """`uuid.uuid5(ID_SPACE, name).hex`, without building UUID objects (a third of the cost
    of a span in a bulk import): the SHA-1's first 32 hex digits with the version (5) and
    variant bits set."""
    h = hashlib.sha1(_ID_PREFIX + name.encode("utf-8")).hexdigest()
    return h[:12] + "5" + h[13:16] + _VARIANT[h[16]] + h[17:32]


@dataclass
class _Pending:
    record: LayerRecord
    layer: str
    spans: list[SpanRecord]
    uid: str
    doc_id: int = 0
    added: bool = False


class LayerImport:
    """One run of `import_layer` on one file."""

    def __init__(self, db: Database, scheme: Scheme, who: str, path: Path,
                 options: LayerImportOptions, report: LayerImportReport) -> None:
        self.db, self.scheme, self.who, self.path = db, scheme, who, path
        self.options, self.report = options, report
        self.seen_docs: set[int] = set()
        self.foreign_schemes: set[str] = set()

    def run(self, batch: int = BATCH) -> None:
        from annotator.formats.layer_import import check_record, label_kinds, read_layer_file
        from annotator.formats.span_lines import BadRecord, problem

        pending: list[_Pending] = []
        uids: set[str] = set()
        span_ids: set[str] = set()
        kinds = label_kinds(self.scheme)
        # new documents: one index fill; new annotations: a page cache their ids fit in
        with bulk_cache(self.db), self.db.atomic(), indexed_at_end(self.db):
            for item in read_layer_file(self.path, self.options):
                if isinstance(item, ImportProblem):
                    self._refuse_or_note(item)
                    continue
                try:
                    layer, spans = check_record(item, self.scheme, self.options.layer, kinds)
                except BadRecord as exc:
                    self._refuse_or_note(problem(str(self.path), item.line, exc))
                    continue
                uid = item.uid or text_uid(item.text)
                ids = {s.id for s in spans if s.id}
                if uid in uids or ids & span_ids or len(pending) >= batch:
                    self._flush(pending)  # a record must see what the one before it wrote
                    pending, uids, span_ids = [], set(), set()
                pending.append(_Pending(item, layer, spans, uid))
                uids.add(uid)
                span_ids |= ids
            self._flush(pending)
            report = self.report
            log_event(self.db, who=self.who, op="import", entity="layer_file",
                      entity_id=str(self.path), source=str(self.path), after={
                          "records": report.records, "layers": dict(report.layers),
                          "created": report.created, "updated": report.updated,
                          "errors": len(report.problems)})
        report.problems.sort(key=lambda p: p.line or 0)  # in file order, as read
        for ref in sorted(self.foreign_schemes):
            report.notes.append(f"the file was written with scheme {ref}; this project uses "
                                f"{self.scheme.ref} (labels and slots were checked against it)")

    def _refuse_or_note(self, item: ImportProblem) -> None:
        if self.options.strict:
            raise LayerImportError(f"{item} — nothing was imported (--strict)",
                                   hint="Fix the record, or import without --strict to skip it.")
        self.report.problems.append(item)

    # ------------------------------------------------------------------ one batch
    def _flush(self, batch: list[_Pending]) -> None:
        if not batch:
            return
        batch = self._documents(batch)
        contents = self._live_contents([p for p in batch if not p.added])
        names = [self._span_ids(p) for p in batch]
        current = states.read_many(self.db, "annotation", [
            i for p, ids in zip(batch, names) if not p.added or any(s.id for s in p.spans)
            for i in ids])  # a document added just now has no annotations yet
        changes: list[Change] = []
        rows: list[tuple] = []  # new annotations, written by `insert_new`
        sources: list[str] = []
        now = utcnow()
        for p, ids in zip(batch, names):
            if p.doc_id not in self.seen_docs:
                self.seen_docs.add(p.doc_id)
                self.report.documents_added += p.added
                self.report.documents_matched += not p.added
            source = f"{self.path}:{p.record.line}" if p.record.line is not None else str(self.path)
            changes += self._span_changes(p, ids, current, source,
                                          contents.get((p.doc_id, p.layer), set()), now,
                                          rows, sources)
            changes += self._state_changes(p, source, now)
            self.report.records += 1
            self.report.layers[p.layer] += 1
            if p.record.scheme and p.record.scheme != self.scheme.ref:
                self.foreign_schemes.add(p.record.scheme)
        insert_new(self.db, self.who, "import", rows, sources)
        apply(self.db, self.who, changes)

    def _documents(self, batch: list[_Pending]) -> list[_Pending]:
        """Match each record's document by uid or add it; returns the records that fit. A known
        uid whose stored text differs (line endings, spaces, normal form) is accepted only if
        every span covers the same text."""
        from annotator.formats.span_lines import BadRecord, problem

        found = doc_store.by_uids(self.db, [p.uid for p in batch])
        kept, new = [], []
        for p in batch:
            if p.uid not in found:
                new.append(p)
                kept.append(p)
                continue
            p.doc_id, stored = found[p.uid]
            try:
                if stored != p.record.text:
                    _check_fits(stored, p.spans)
            except BadRecord as exc:
                self._refuse_or_note(problem(str(self.path), p.record.line, exc))
                continue
            kept.append(p)
        if new:
            drafts = [DocumentDraft(text=r.text, title=r.title, source=r.source, url=r.url,
                                    published=r.published, meta=r.doc_meta,
                                    origin=f"{self.path}:{r.line}", line=r.line)
                      for r in (p.record for p in new)]
            ids, _ = doc_store.insert_drafts(self.db, drafts, [p.uid for p in new])
            for p, doc_id in zip(new, ids):
                p.doc_id, p.added = doc_id, True
            log_events(self.db, self.who, [
                ("import", "document", str(p.doc_id), p.doc_id,
                 None, {"uid": p.uid, "origin": d.origin}, str(self.path))
                for p, d in zip(new, drafts)])
        return kept

    def _live_contents(self, batch: list[_Pending]) -> dict[tuple[int, str], set[tuple]]:
        """(doc, layer) -> what its live annotations are (kind, span, text, label, slots)."""
        wanted = {(p.doc_id, p.layer) for p in batch}
        doc_ids = sorted({doc_id for doc_id, _ in wanted})
        out: dict[tuple[int, str], set[tuple]] = {}
        for start in range(0, len(doc_ids), states.CHUNK):
            chunk = doc_ids[start : start + states.CHUNK]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                    'SELECT doc_id, layer, kind, start, "end", text, label, attrs FROM annotations'
                    f" WHERE doc_id IN ({marks}) AND deleted_at IS NULL", chunk):
                if (row[0], row[1]) in wanted:
                    attrs = json.dumps(json.loads(row[7] or "{}"), ensure_ascii=False,
                                       sort_keys=True)
                    out.setdefault((row[0], row[1]), set()).add((*row[2:7], attrs))
        return out

    @staticmethod
    def _span_ids(p: _Pending) -> list[str]:
        prefix = f"{p.uid}/{p.layer}/"
        return [span.id or derived_id(f"{prefix}{index}/{span.kind}/{span.start}/{span.end}/"
                                      f"{span.label}")
                for index, span in enumerate(p.spans)]

    def _span_changes(self, p: _Pending, names: list[str], current: dict[str, Any], source: str,
                      contents: set[tuple], now: str, rows: list[tuple],
                      sources: list[str]) -> list[Change]:
        """A change per span that updates its annotation, or (most spans: no row holds the id
        derived for it) its new row in `rows` for `store.changes.insert_new`, which writes it
        and its event as `apply` would; counts the rest. The loop runs once per imported span
        (100,000 in a large import): it does no more than that."""
        report, doc_id, layer = self.report, p.doc_id, p.layer
        changes = []
        created = 0
        for span, ann_id in zip(p.spans, names):
            before = current.get(ann_id) if current else None
            while before is not None and (before["layer"] != layer or before["doc_id"] != doc_id):
                ann_id = derived_id(f"{layer}/{ann_id}")  # taken elsewhere
                before = states.read_many(self.db, "annotation", [ann_id]).get(ann_id)
            made = span.created_at or now
            attrs = _attrs_json(span.attrs) if span.attrs else "{}"
            if before is None and span.id is None:  # derived ids are one per span of a batch
                if contents and (span.kind, span.start, span.end, span.text, span.label,
                                 attrs) in contents:
                    report.unchanged += 1  # already there under another id
                    continue
                rows.append((ann_id, doc_id, layer, span.kind, span.start, span.end, span.text,
                             span.label, attrs, span.origin, made, span.updated_at or made, None))
                sources.append(source)
                created += 1
                continue
            new = {"id": ann_id, "doc_id": doc_id, "layer": layer, "kind": span.kind,
                   "start": span.start, "end": span.end, "text": span.text,
                   "label": span.label, "attrs": attrs, "origin": span.origin,
                   "created_at": made, "updated_at": span.updated_at or made, "deleted_at": None}
            if before is None:  # an id of the file's own: `apply` sees one repeated in a record
                created += 1
            else:
                if _content(before) == _content(new) and (
                        span.id is None or _times(before) == _times(new)) \
                        and not before["deleted_at"]:
                    report.unchanged += 1
                    continue
                if span.updated_at and not before["deleted_at"] \
                        and before["updated_at"] > span.updated_at:
                    report.kept_newer += 1
                    continue
                report.updated += 1
            changes.append(Change("annotation", ann_id, doc_id, new, "import", source, ANY,
                                  before))
        report.created += created
        return changes

    def _state_changes(self, p: _Pending, source: str, now: str) -> list[Change]:
        """The record's status (unless the project's is newer) and document labels."""
        record, report = p.record, self.report
        changes = []

        def status(before: dict[str, Any] | None) -> Any:
            if record.status is None or (before is None and record.status == "todo"
                                         and record.status_updated_at is None):
                return SKIP
            seconds = record.seconds if record.seconds is not None else (before or {}).get("seconds")
            after = {"status": record.status, "seconds": seconds,
                     "updated_at": record.status_updated_at or now}
            newer_here = (before is not None and record.status_updated_at is not None
                          and (before["updated_at"] or "") > record.status_updated_at)
            same = before is not None and before["status"] == after["status"] and (
                record.status_updated_at is None or before == after)
            if same or newer_here:
                return SKIP
            report.statuses += 1
            return after

        if record.status is not None:
            changes.append(Change("doc_status", (p.doc_id, p.layer), p.doc_id, status, "import",
                                  source))
        for name, value in record.doc_labels.items():
            def label(before: dict[str, Any] | None, value: str = value) -> Any:
                if before is not None and before["value"] == value:
                    return SKIP
                report.doc_labels += 1
                return {"value": value, "updated_at": now}
            changes.append(Change("doc_label", (p.doc_id, p.layer, name), p.doc_id, label,
                                  "import", source))
        return changes


def _check_fits(stored: str, spans: list[SpanRecord]) -> None:
    from annotator.formats.span_lines import BadRecord

    for span in spans:
        if stored[span.start : span.end] != span.text:
            raise BadRecord(
                "the project's copy of this document differs from the file's (line "
                f"endings, spaces or Unicode form) and span {span.start}-{span.end} "
                f"{span.text!r} does not fit it", code="E716")


def _attrs_json(attrs: dict[str, Any]) -> str:
    """A span's slots as the annotation row stores them (sorted JSON)."""
    return json.dumps(attrs, ensure_ascii=False, sort_keys=True)


def _content(state: dict[str, Any]) -> tuple:
    return (state["kind"], state["start"], state["end"], state["text"], state["label"],
            state["attrs"])


def _times(state: dict[str, Any]) -> tuple:
    return (state["origin"], state["created_at"], state["updated_at"])
