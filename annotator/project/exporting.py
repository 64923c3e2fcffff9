"""Datasets out (`export`) and annotations in (`import_layer`).

An export reads one snapshot of the project (the GUI may keep writing meanwhile) and leaves
either finished files or nothing. A layer import is one transaction: every annotation, status
and document label it writes is logged as an event with the file and line it came from, and a
refused import (--strict, an unreadable file, a crash) changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import SchemeError
from annotator.core.exchange import ExportError, LayerRecord, LineParts
from annotator.formats.export_options import (
    ALL_LAYERS,
    ExportOptions,
    LayerImportOptions,
    assign_parts,
)
from annotator.project.base import ProjectBase
from annotator.project.layer_importing import BATCH as LAYER_BATCH
from annotator.store import doc_tokens, exchange, export_lines

if TYPE_CHECKING:  # the format modules load on first use: start-up stays light
    from annotator.formats.exporter import ExportProgress, ExportReport
    from annotator.formats.layer_import import LayerImportReport

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
        from annotator.formats.export_jsonl import built_from_parts
        from annotator.formats.exporter import plan_targets, run_export

        options = options or ExportOptions()
        options.check()
        plan_targets(Path(out), options, self.path)  # a bad OUT is refused before anything else
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
            if not selected:
                raise _nothing_matches(layer, options, known)
            part_of = None
            if options.split:
                assignment = assign_parts([uid for _, uid in selected], options.split, options.seed)

                def part_of(record: LayerRecord | LineParts) -> str:
                    return assignment[record.uid or ""]
            doc_ids = [doc_id for doc_id, _ in selected]
            read = export_lines.jsonl_parts if built_from_parts(options) else exchange.layer_records
            records = read(self.db, doc_ids, which, options.status, options.kinds, options.labels)
            names = exchange.actor_names(self.db) if options.format == "csv" else {}
            context = ExportContext(self.scheme, options, names)

            def token_source() -> doc_tokens.Reader:  # read in the same snapshot as the records
                from annotator.formats.tokens import export_tokenizer_key

                return doc_tokens.Reader(self.db, export_tokenizer_key(), doc_ids)
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
    def import_layer(self, path: str | Path, options: LayerImportOptions | None = None, *,
                     batch: int = LAYER_BATCH) -> LayerImportReport:
        """Bring a file's annotations in as a layer (`options.layer`, else the annotator each
        record names); documents are matched by uid and added when unknown. Bad records are
        reported and skipped, or refuse the whole file with `strict`. `batch` records are
        written at a time (1: one by one, the same result, slower)."""
        from annotator.formats.layer_import import LayerImportReport
        from annotator.project.layer_importing import LayerImport

        report = LayerImportReport()
        LayerImport(self.db, self.scheme, self.annotator, Path(path),
                    options or LayerImportOptions(), report).run(batch)
        return report


def _nothing_matches(layer: str, options: ExportOptions, known: list[str]) -> ExportError:
    """Why an export selects no document, and how to widen it: an empty file with exit 0
    looked like a dataset to scripts."""
    if options.status == "done":
        whose = "any layer" if layer == ALL_LAYERS else f"layer {layer!r}"
        return ExportError(f"no document is marked done in {whose}, so nothing was written",
                           code="E207", hint="`--status any` exports every document (status 'any'"
                                             " in the window's export dialog).")
    return ExportError(
        "no document has anything in "
        + ("any layer" if layer == ALL_LAYERS else f"layer {layer!r}") + ", so nothing was written",
        code="E207", hint=f"Layers here: {', '.join(known) or 'none yet'}; import documents or"
                          " annotate first.")
