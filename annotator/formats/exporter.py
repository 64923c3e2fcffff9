"""Running an export: records in, finished files out, or nothing at all.

Every output goes to a temporary file beside its target (`core.outputs`: an unpredictable name
created with O_EXCL, never a planted symlink) and is renamed into place only after the last
record was written and flushed to disk, so a failed or cancelled export leaves no half file (a
previous file at OUT stays as it was). No target may be the project or one of its SQLite
files. Records stream through one at a time; nothing here holds more than the record being
written (a DocBin aside, see `docbin`).

Formats with tokens take each document's token boundaries from the project where they are
stored (`token_source`) and tokenize the rest; the layers of one document share them.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from annotator.core.exchange import ExportError, ExportProblem, LayerRecord, LineParts
from annotator.core.outputs import finish, open_output, refuse_project_part
from annotator.formats.csv_statements import CsvStatementWriter
from annotator.formats.docbin import DocBinWriter
from annotator.formats.doccano import DoccanoRelWriter, DoccanoWriter
from annotator.formats.export_base import ExportContext, FormatWriter
from annotator.formats.export_jsonl import JsonlWriter, built_from_parts
from annotator.formats.export_options import EXTENSIONS, ExportOptions
from annotator.formats.prodigy import ProdigyWriter
from annotator.formats.tokens import Boundaries, align, boundaries

WRITERS: dict[str, type[FormatWriter]] = {
    "jsonl": JsonlWriter, "prodigy": ProdigyWriter, "doccano": DoccanoWriter,
    "doccano-rel": DoccanoRelWriter, "spacy": DocBinWriter, "csv": CsvStatementWriter,
}
MAX_LISTED = 200  # problems listed one by one; the rest are counted
TOKENIZED_HINT = 1000  # from this many documents tokenized at export time, say how to avoid it
# Called as progress(documents_done, documents_total).
ExportProgress = Callable[[int, int], None]
# A document's stored token blob by its id, or None (see `store.doc_tokens.Reader`).
TokenLookup = Callable[[int], bytes | None]
# The part (of a --split) a record goes to.
PartOf = Callable[[LayerRecord | LineParts], str]


@dataclass
class ExportReport:
    files: dict[str, str] = field(default_factory=dict)  # part ("" unsplit) -> path written
    documents: Counter = field(default_factory=Counter)  # per part
    records: int = 0  # lines: one per document per layer
    spans: Counter = field(default_factory=Counter)  # per label
    misaligned: int = 0
    tokenized: int = 0  # documents whose tokens had to be computed (none stored for them)
    problems: list[ExportProblem] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        n_docs = sum(self.documents.values())
        spans = ", ".join(f"{label} {n}" for label, n in sorted(self.spans.items())) or "none"
        lines = [f"{n_docs} document(s), {self.records} record(s), "
                 f"{sum(self.spans.values())} span(s) ({spans}) in {self.seconds:.1f} s:"]
        for part, path in self.files.items():
            lines.append(f"  {path}" + (f"  ({part}: {self.documents[part]} documents)" if part else ""))
        if self.misaligned:
            lines.append(f"{self.misaligned} span(s) do not fall on spaCy token boundaries; their "
                         "tokens were split at the span edges (listed above).")
        for note, n in sorted(self.notes.items()):
            lines.append(f"{n} {note}.")
        if self.tokenized >= TOKENIZED_HINT:
            lines.append(f"{self.tokenized} document(s) had no stored tokens and were tokenized "
                         "now; `annotator tokens PROJECT` stores them once, for faster exports.")
        return "\n".join(lines)


def plan_targets(out: Path, options: ExportOptions, protect: Path | None = None) -> dict[str, Path]:
    """Where each part goes: OUT itself, or OUT/<part><ext> with --split (OUT a folder)."""
    if options.split:
        if out.exists() and not out.is_dir():
            raise ExportError("with --split, OUT is a folder to write the parts into, but a file "
                              "is there", path=str(out), hint="Give a folder name.")
        targets = {name: out / f"{name}{EXTENSIONS[options.format]}" for name, _ in options.split}
    else:
        if out.is_dir():
            raise ExportError("OUT is a folder", path=str(out),
                              hint="Give a file name, or use --split to write parts into it.")
        targets = {"": out}
    if not out.parent.is_dir():
        raise ExportError("the folder to write into does not exist", path=str(out.parent),
                          hint="Create it first, or give another path.")
    for target in targets.values():
        refuse_project_part(target, protect, "OUT")
    return targets


def run_export(records: Iterable[LayerRecord] | Iterable[LineParts], total: int, out: Path,
               options: ExportOptions, context: ExportContext, *, part_of: PartOf | None = None,
               progress: ExportProgress | None = None, should_stop: Callable[[], bool] | None = None,
               protect: Path | None = None,
               token_source: Callable[[], TokenLookup] | None = None) -> ExportReport:
    """Write `records` to `out`: `LineParts` when `built_from_parts(options)`, else
    `LayerRecord`s. `token_source` gives the lookup of stored token boundaries; it is called
    only when the format needs tokens (so other exports never load spaCy)."""
    started = time.perf_counter()
    targets = plan_targets(out, options, protect)
    created_dir = bool(options.split) and not out.exists()
    temps: dict[str, Path | None] = {}  # None: a stream (/dev/null, a FIFO)
    handles: dict[str, BinaryIO] = {}
    report = ExportReport()
    try:
        if created_dir:
            out.mkdir()
        writers = {}
        for part, target in targets.items():
            temps[part], handles[part] = open_output(target)  # type: ignore[assignment]
            writers[part] = WRITERS[options.format](handles[part], context)
        documents = _Documents(total, progress, should_stop)
        if built_from_parts(options):
            _write_parts(records, writers, part_of, report, documents)  # type: ignore[arg-type]
        else:
            lookup: TokenLookup | None = None
            if next(iter(writers.values())).needs_tokens:
                lookup = token_source() if token_source is not None else _nothing_stored
            _write_all(records, writers, lookup, part_of, report, documents)  # type: ignore[arg-type]
        documents.finish()
        if not report.records:  # a file with nothing in it is not a dataset
            raise ExportError("no record matched, so nothing was written", code="E207",
                              hint="Widen the selection: --status any, --layer all.")
        for writer in writers.values():
            writer.close()
        for part, temp in temps.items():
            finish(handles[part], temp, targets[part])
            report.files[part] = str(targets[part])
    except OSError as exc:  # disk full, permissions: the user's to fix, not a crash
        _discard(temps, handles, out if created_dir else None)
        raise ExportError(f"cannot write the export ({exc.strerror or exc})",
                          path=str(exc.filename or out), hint="Check the disk and the folder.") from exc
    except BaseException:
        _discard(temps, handles, out if created_dir else None)
        raise
    report.notes = dict(context.notes)
    report.seconds = time.perf_counter() - started
    return report


def _discard(temps: dict[str, Path | None], handles: dict[str, BinaryIO], created: Path | None) -> None:
    for part, temp in temps.items():
        if part in handles:
            with suppress(OSError):  # flushing what is left fails again on a full disk
                handles[part].close()
        if temp is not None:
            temp.unlink(missing_ok=True)
    if created is not None and created.is_dir() and not any(created.iterdir()):
        created.rmdir()


def _nothing_stored(doc_id: int) -> None:
    return None


class _Documents:
    """Counts documents as their first record goes out (the records of one document come one
    after the other, one per layer), for progress and cancelling."""

    def __init__(self, total: int, progress: ExportProgress | None,
                 should_stop: Callable[[], bool] | None) -> None:
        self.total, self.progress, self.should_stop = total, progress, should_stop
        self.done, self.last, self.step = 0, None, max(1, total // 500)
        if progress:
            progress(0, total)

    def starts(self, doc_id: int | None) -> bool:
        """Whether a record of `doc_id` begins a new document; cancels between documents."""
        if doc_id == self.last:
            return False
        self.last = doc_id
        self.done += 1
        if self.should_stop and self.should_stop():
            raise ExportError("the export was cancelled; nothing was written", code="E709")
        if self.progress and self.done % self.step == 0:
            self.progress(self.done, self.total)
        return True

    def finish(self) -> None:
        if self.progress:
            self.progress(self.done, self.total)


def _write_all(records: Iterable[LayerRecord], writers: dict[str, FormatWriter],
               lookup: TokenLookup | None, part_of: PartOf | None, report: ExportReport,
               documents: _Documents) -> None:
    """`lookup` None: the format has no tokens. A document's boundaries are decoded or
    computed once for all its layers."""
    bounds: Boundaries | None = None
    part = ""
    for record in records:
        if documents.starts(record.doc_id):
            part = part_of(record) if part_of else ""
            report.documents[part] += 1
            bounds = None
        tokens = None
        if lookup is not None:
            if bounds is None or record.doc_id is None:
                stored = lookup(record.doc_id) if record.doc_id is not None else None
                bounds, from_store = boundaries(record.text, stored)
                report.tokenized += not from_store
            tokens = align(record.text, *bounds, record.spans)
            if tokens.misaligned:
                _report_misaligned(record, tokens.misaligned, report)
        writers[part].write(record, tokens)
        report.records += 1
        report.spans.update(s.label for s in record.spans)


def _write_parts(lines: Iterable[LineParts], writers: dict[str, FormatWriter],
                 part_of: PartOf | None, report: ExportReport, documents: _Documents) -> None:
    """Lines SQLite wrote in pieces (`built_from_parts`): joined and written as they come."""
    part = ""
    for line in lines:
        if documents.starts(line.doc_id):
            part = part_of(line) if part_of else ""
            report.documents[part] += 1
        writers[part].write_parts(line)  # type: ignore[attr-defined]
        report.records += 1
        report.spans.update(line.labels)


def _report_misaligned(record: LayerRecord, spans: list, report: ExportReport) -> None:
    for span in spans:
        report.misaligned += 1
        if len(report.problems) < MAX_LISTED:
            report.problems.append(ExportProblem("W720", (
                f"document {(record.uid or '')[:12]} [{record.layer}]: {span.label} span "
                f"{span.start}-{span.end} {span.text!r} does not fall on spaCy token boundaries; "
                "its tokens were split at the span edges")))
