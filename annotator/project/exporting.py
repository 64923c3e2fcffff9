"""Datasets out (`export`) and annotations in (`import_layer`).

An export reads one snapshot of the project (the GUI may keep writing meanwhile) and leaves
either finished files or nothing. A layer import is one transaction: every annotation, status
and document label it writes is logged as an event with the file and line it came from, and a
refused import (--strict, an unreadable file, a crash) changes nothing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import SchemeError
from annotator.core.exchange import ExportError, LayerImportError, LayerRecord, SpanRecord
from annotator.core.models import Annotation, DocumentDraft, ImportProblem
from annotator.core.text import text_uid
from annotator.formats.export_options import (
    ALL_LAYERS,
    ExportOptions,
    LayerImportOptions,
    assign_parts,
)
from annotator.project.base import ProjectBase
from annotator.store import annotations as ann_store
from annotator.store import doc_tokens, exchange, layer_rows
from annotator.store import documents as doc_store
from annotator.store.database import utcnow
from annotator.store.events import log_event

if TYPE_CHECKING:  # the format modules load on first use: start-up stays light
    from annotator.formats.exporter import ExportProgress, ExportReport
    from annotator.formats.layer_import import LayerImportReport

# Ids of imported spans that carry none (Prodigy, doccano): derived from what they are, so
# importing the same file twice finds them again instead of adding them twice.
_ID_SPACE = uuid.UUID("6f1d3c0e-5a5e-4b8e-9a57-5d1c0e1a9b11")
TOKENS_CHUNK = 500  # documents per transaction of `store_tokens`: the unit a rerun resumes from


class ExportMixin(ProjectBase):
    # ------------------------------------------------------------------ export
    def layers(self) -> list[str]:
        return exchange.layers(self.db)

    def export(self, out: str | Path, options: ExportOptions | None = None, *,
               progress: ExportProgress | None = None,
               should_stop: Callable[[], bool] | None = None) -> ExportReport:
        """Write a dataset to `out` (a folder of parts with a split). Reads one snapshot, so a
        GUI can run this on a Project of its own (its own connection) in a worker while the
        analyst keeps annotating; `should_stop` cancels, leaving no file. Refusals and write
        failures raise ExportError; spans off token edges are in the report, not errors."""
        from annotator.formats.export_base import ExportContext
        from annotator.formats.exporter import run_export

        options = options or ExportOptions()
        options.check()
        layer = options.layer or self.annotator
        for label in options.labels:
            try:
                self.scheme.label(label)
            except SchemeError:
                raise ExportError(f"--labels: {label!r} is not a label of scheme {self.scheme.ref}",
                                  hint="Use the scheme's label names.") from None
        with exchange.read_snapshot(self.db):
            known = exchange.layers(self.db)
            if layer not in (ALL_LAYERS, self.annotator, *known):
                raise ExportError(f"no layer {layer!r} in this project",
                                  hint=f"Layers: {', '.join(known) or 'none yet'}; or use all.")
            which = None if layer == ALL_LAYERS else layer
            selected = exchange.select_documents(self.db, which, options.status)
            part_of = None
            if options.split:
                assignment = assign_parts([uid for _, uid in selected], options.split, options.seed)

                def part_of(record: LayerRecord) -> str:
                    return assignment[record.uid or ""]
            records = exchange.layer_records(self.db, [doc_id for doc_id, _ in selected], which,
                                             options.status, options.kinds, options.labels)
            names = exchange.actor_names(self.db) if options.format == "csv" else {}
            context = ExportContext(self.scheme, options, names)

            def token_source() -> doc_tokens.Reader:  # read in the same snapshot as the records
                from annotator.formats.tokens import export_tokenizer_key

                return doc_tokens.Reader(self.db, export_tokenizer_key(),
                                         [doc_id for doc_id, _ in selected])
            return run_export(records, len(selected), Path(out), options, context, part_of=part_of,
                              progress=progress, should_stop=should_stop, protect=self.path,
                              token_source=token_source)

    def store_tokens(self, *, progress: ExportProgress | None = None,
                     should_stop: Callable[[], bool] | None = None) -> dict[str, int]:
        """Tokenize every document without stored token boundaries for the export tokenizer and
        store them, so exports with tokens skip spaCy's tokenizer (most of their time). A
        chunk of documents is one transaction: an interrupted run keeps the chunks it finished
        and resumes after them. Token boundaries are derived data (a function of the text and
        the tokenizer), so no event is logged and nothing here can be undone or needs to be."""
        from annotator.formats.tokens import export_tokenizer_key, spacy_encoded

        key = export_tokenizer_key()
        stored_before = doc_tokens.count(self.db, key)
        pending = doc_tokens.missing(self.db, key)
        done = 0
        if progress:
            progress(0, len(pending))
        for start in range(0, len(pending), TOKENS_CHUNK):
            if should_stop and should_stop():
                break
            chunk = doc_tokens.texts(self.db, pending[start : start + TOKENS_CHUNK])
            rows = [(doc_id, spacy_encoded(text)) for doc_id, text in chunk]
            with self.db.atomic():
                doc_tokens.save(self.db, key, rows)
            done += len(chunk)
            if progress:
                progress(done, len(pending))
        return {"documents": done, "remaining": len(pending) - done, "stored_before": stored_before}

    # ------------------------------------------------------------------ import
    def import_layer(self, path: str | Path,
                     options: LayerImportOptions | None = None) -> LayerImportReport:
        """Bring a file's annotations in as a layer (`options.layer`, else the annotator each
        record names); documents are matched by uid and added when unknown. Bad records are
        reported and skipped, or refuse the whole file with `strict`."""
        from annotator.formats.layer_import import LayerImportReport, check_record, read_layer_file
        from annotator.formats.span_lines import BadRecord, problem

        options = options or LayerImportOptions()
        path = Path(path)
        report = LayerImportReport()
        foreign_schemes: set[str] = set()
        seen_docs: set[int] = set()
        with self.db.atomic():
            for item in read_layer_file(path, options):
                if isinstance(item, ImportProblem):
                    self._refuse_or_note(item, options, report)
                    continue
                try:
                    layer, spans = check_record(item, self.scheme, options.layer)
                    doc_id, added = self._document_for(item, spans, path)
                except BadRecord as exc:
                    self._refuse_or_note(problem(str(path), item.line, exc), options, report)
                    continue
                if doc_id not in seen_docs:
                    seen_docs.add(doc_id)
                    report.documents_added += added
                    report.documents_matched += not added
                source = f"{path}:{item.line}" if item.line is not None else str(path)
                self._import_spans(doc_id, layer, spans, item, source, report)
                self._import_status_and_labels(doc_id, layer, item, source, report)
                report.records += 1
                report.layers[layer] += 1
                if item.scheme and item.scheme != self.scheme.ref:
                    foreign_schemes.add(item.scheme)
            log_event(self.db, who=self.annotator, op="import", entity="layer_file",
                      entity_id=str(path), source=str(path), after={
                          "records": report.records, "layers": dict(report.layers),
                          "created": report.created, "updated": report.updated,
                          "errors": len(report.problems)})
        for ref in sorted(foreign_schemes):
            report.notes.append(f"the file was written with scheme {ref}; this project uses "
                                f"{self.scheme.ref} (labels and slots were checked against it)")
        return report

    @staticmethod
    def _refuse_or_note(item: ImportProblem, options: LayerImportOptions,
                        report: LayerImportReport) -> None:
        if options.strict:
            raise LayerImportError(f"{item} — nothing was imported (--strict)",
                                   hint="Fix the record, or import without --strict to skip it.")
        report.problems.append(item)

    def _document_for(self, record: LayerRecord, spans: list[SpanRecord],
                      path: Path) -> tuple[int, bool]:
        """(document id, whether it was added). A known uid whose stored text differs (line
        endings, spaces, normal form) is accepted only if every span covers the same text."""
        from annotator.formats.span_lines import BadRecord

        uid = text_uid(record.text)
        found = layer_rows.find_document(self.db, uid)
        if found is not None:
            doc_id, stored = found
            if stored != record.text:
                for span in spans:
                    if stored[span.start : span.end] != span.text:
                        raise BadRecord(
                            "the project's copy of this document differs from the file's (line "
                            f"endings, spaces or Unicode form) and span {span.start}-{span.end} "
                            f"{span.text!r} does not fit it", code="E716")
            return doc_id, False
        draft = DocumentDraft(text=record.text, title=record.title, source=record.source,
                              url=record.url, published=record.published, meta=record.doc_meta,
                              origin=f"{path}:{record.line}", line=record.line)
        (doc_id,), _ = doc_store.insert_drafts(self.db, [draft])
        log_event(self.db, who=self.annotator, op="import", entity="document", entity_id=doc_id,
                  doc_id=doc_id, after={"uid": uid, "origin": draft.origin}, source=str(path))
        return doc_id, True

    def _import_spans(self, doc_id: int, layer: str, spans: list[SpanRecord], record: LayerRecord,
                      source: str, report: LayerImportReport) -> None:
        now = utcnow()
        uid = record.uid or text_uid(record.text)
        live = ann_store.for_document(self.db, doc_id, layer)
        contents = {_content(a) for a in live}
        for index, span in enumerate(spans):
            ann_id = span.id or uuid.uuid5(_ID_SPACE, f"{uid}/{layer}/{index}/{span.kind}/"
                                           f"{span.start}/{span.end}/{span.label}").hex
            current = ann_store.get(self.db, ann_id)
            while current is not None and (current.layer != layer or current.doc_id != doc_id):
                ann_id = uuid.uuid5(_ID_SPACE, f"{layer}/{ann_id}").hex  # taken elsewhere
                current = ann_store.get(self.db, ann_id)
            created = span.created_at or now
            new = Annotation(ann_id, doc_id, layer, span.kind or "", span.start, span.end,
                             span.text or "", span.label, span.attrs, span.origin or "import",
                             created, span.updated_at or created, None)
            if current is None and span.id is None and _content(new) in contents:
                report.unchanged += 1  # already there under another id
                continue
            if current is not None and _content(current) == _content(new) and (
                    span.id is None or (current.origin, current.created_at, current.updated_at)
                    == (new.origin, new.created_at, new.updated_at)) and current.deleted_at is None:
                report.unchanged += 1
                continue
            if (current is not None and span.updated_at and current.deleted_at is None
                    and current.updated_at > span.updated_at):
                report.kept_newer += 1
                continue
            ann_store.write(self.db, new)
            log_event(self.db, who=self.annotator, op="import", entity="annotation",
                      entity_id=ann_id, doc_id=doc_id, source=source,
                      before=ann_store.to_row(current) if current else None,
                      after=ann_store.to_row(new))
            if current is None:
                report.created += 1
            else:
                report.updated += 1

    def _import_status_and_labels(self, doc_id: int, layer: str, record: LayerRecord,
                                  source: str, report: LayerImportReport) -> None:
        now = utcnow()
        before = layer_rows.status_row(self.db, doc_id, layer)
        if record.status is not None and not (before is None and record.status == "todo"
                                              and record.status_updated_at is None):
            seconds = record.seconds if record.seconds is not None else (before or {}).get("seconds")
            after = {"status": record.status, "seconds": seconds,
                     "updated_at": record.status_updated_at or now}
            newer_here = (before is not None and record.status_updated_at is not None
                          and (before["updated_at"] or "") > record.status_updated_at)
            same = before is not None and before["status"] == after["status"] and (
                record.status_updated_at is None or before == after)
            if not same and not newer_here:
                layer_rows.write_status(self.db, doc_id, layer, after)
                log_event(self.db, who=self.annotator, op="import", entity="doc_status",
                          entity_id=json.dumps([doc_id, layer]), doc_id=doc_id, before=before,
                          after=after, source=source)
                report.statuses += 1
        current = layer_rows.doc_labels(self.db, doc_id, layer)
        for name, value in record.doc_labels.items():
            if current.get(name) == value:
                continue
            layer_rows.write_doc_label(self.db, doc_id, layer, name, value, now)
            log_event(self.db, who=self.annotator, op="import", entity="doc_label",
                      entity_id=json.dumps([doc_id, layer, name]), doc_id=doc_id, source=source,
                      before={"value": current[name]} if name in current else None,
                      after={"value": value, "updated_at": now})
            report.doc_labels += 1


def _content(a: Annotation) -> tuple:
    return (a.kind, a.start, a.end, a.text, a.label,
            json.dumps(a.attrs, sort_keys=True, ensure_ascii=False))
