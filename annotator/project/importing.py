"""Importing files into a project: one transaction per file, or one for all with --strict."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path

from annotator.core.errors import ImportFailed
from annotator.core.models import DocumentDraft, ImportProblem, ImportReport
from annotator.formats.counting import count_documents
from annotator.formats.importers import read_records
from annotator.formats.reading import ImportOptions, expand_paths
from annotator.project.base import ProjectBase
from annotator.store import documents as doc_store
from annotator.store.events import log_event
from annotator.store.fulltext import indexed_at_end

INSERT_BATCH = 500
# Called as progress(documents_done, documents_total, current_path): the documents are counted
# before the import starts (`formats.counting`), so a window can say "1,204 of 4,000 documents".
ImportProgress = Callable[[int, int, str], None]
REPORT_EVERY = 0.1  # seconds between progress calls: one per record would flood a window


class ImportMixin(ProjectBase):
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
        files, skipped = expand_paths([Path(p) for p in paths], options.format,
                                      follow_links=options.follow_links, project=self.path)
        counts = [count_documents(f, options.format) for f in files] if progress else []
        total = sum(counts)
        report = ImportReport()
        report.problems.extend(skipped)
        with self.db.atomic() if options.strict else nullcontext():
            before = 0  # documents in the files already read
            for i, path in enumerate(files):
                on_record = None
                if progress:
                    progress(before, total, str(path))
                    on_record = _Reporter(progress, before, counts[i], total, str(path))
                    before += counts[i]
                self._import_file(path, options, on_record, report)
                report.files += 1
            if progress:
                progress(total, total, "")
        return report

    def _import_file(self, path: Path, options: ImportOptions,
                     on_record: Callable[[], None] | None, report: ImportReport) -> None:
        imported, duplicates, problems, ids = 0, 0, [], []
        try:
            with self.db.atomic(), indexed_at_end(self.db):
                batch: list[DocumentDraft] = []

                def flush() -> None:
                    nonlocal imported, duplicates
                    new_ids, dups = doc_store.insert_drafts(self.db, batch)
                    ids.extend(new_ids)
                    imported += len(new_ids)
                    duplicates += dups
                    batch.clear()

                for record in read_records(path, options):
                    if on_record and (isinstance(record, DocumentDraft) or not record.warning):
                        on_record()  # a warning rides on a record already counted
                    if isinstance(record, ImportProblem):
                        if options.strict:
                            raise ImportFailed(
                                f"{record} — nothing was imported (--strict)",
                                hint="Fix the record, or import without --strict "
                                     + ("to import it with this warning." if record.warning
                                        else "to skip it."),
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
                           "errors": sum(not p.warning for p in problems),
                           "warnings": sum(p.warning for p in problems), "doc_ids": _ranges(ids)},
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


class _Reporter:
    """Counts the records of one file as they are read and passes the running total to the
    progress callback, at most every REPORT_EVERY seconds, never past the file's count."""

    def __init__(self, progress: ImportProgress, before: int, count: int, total: int,
                 path: str) -> None:
        self.progress, self.before, self.count, self.total, self.path = (
            progress, before, count, total, path)
        self.done = 0
        self.last = time.monotonic()

    def __call__(self) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.last >= REPORT_EVERY:
            self.last = now
            self.progress(self.before + min(self.done, self.count), self.total, self.path)


def _ranges(ids: list[int]) -> list[list[int]]:
    """[[first, last], ...] runs: an import of 10,000 documents logs a few numbers, not 10,000."""
    runs: list[list[int]] = []
    for i in ids:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs

