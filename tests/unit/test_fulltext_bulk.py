"""A bulk insert fills the full-text index after its batch: the same index as row by row."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import ImportFailed
from annotator.core.models import DocumentDraft
from annotator.formats.export_options import LayerImportOptions
from annotator.formats.reading import ImportOptions
from annotator.project import Project, importing
from annotator.store import documents as doc_store
from annotator.store.fulltext import BULK_FROM, HASHSIZE, INSERT_TRIGGER

WORDS = ["Seoul", "reaffirmed", "the", "U.S.", "commitment", "to", "extended", "deterrence",
         "Café", "nuclear", "umbrella", "🇰🇷", "Pyongyang", "e\u0301", "alliance", "talks"]
QUERIES = ['"Seoul"', '"extended nuclear"', '"U.S."', '"Café"', '"reaffirmed" "alliance"',
           'title:"Report"', '"e\u0301"']


def drafts(n: int) -> list[DocumentDraft]:
    out = []
    for i in range(n):
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(5 + i % 9)]
        out.append(DocumentDraft(text=" ".join(words) + f".\r\nDay {i}.", title=f"Report {i % 5}"))
    return out


def searches(db) -> list[list[tuple[int, float]]]:
    return [db.execute("SELECT rowid, round(bm25(documents_fts), 9) FROM documents_fts"
                       " WHERE documents_fts MATCH ? ORDER BY rank, rowid", [q]).fetchall()
            for q in QUERIES]


def trigger_present(db) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                      [INSERT_TRIGGER]).fetchone() is not None


def test_bulk_insert_builds_the_index_the_trigger_builds(tmp_path: Path) -> None:
    batch = drafts(3 * BULK_FROM)
    with Project.open(tmp_path / "bulk.annotator", create=True) as bulk, \
            Project.open(tmp_path / "rows.annotator", create=True) as rows:
        before = [p.db.execute("PRAGMA schema_version").fetchone()[0] for p in (bulk, rows)]
        with bulk.db.atomic():
            doc_store.insert_drafts(bulk.db, batch)
        with rows.db.atomic():
            for draft in batch:  # one at a time: the trigger indexes each
                doc_store.insert_drafts(rows.db, [draft])
        after = [p.db.execute("PRAGMA schema_version").fetchone()[0] for p in (bulk, rows)]
        # the bulk path lifted the trigger and put it back; single inserts left it alone
        assert after[0] == before[0] + 2 and after[1] == before[1]
        assert searches(bulk.db) == searches(rows.db)
        assert all(searches(bulk.db))  # every query finds something
        for project in (bulk, rows):
            project.db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
            assert trigger_present(project.db)
        assert bulk.db.execute("SELECT COUNT(*) FROM documents_fts_docsize").fetchone()[0] == len(batch)


def test_a_batch_that_fails_midway_leaves_the_index_complete_and_the_trigger_back(tmp_path: Path) -> None:
    batch = drafts(2 * BULK_FROM)
    batch[BULK_FROM] = dataclasses.replace(batch[BULK_FROM], title="boom")
    with Project.open(tmp_path / "p.annotator", create=True) as project:
        db = project.db
        db.execute("CREATE TEMP TRIGGER boom BEFORE INSERT ON documents WHEN new.title = 'boom'"
                   " BEGIN SELECT RAISE(ABORT, 'boom'); END")
        db.conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.IntegrityError):
            doc_store.insert_drafts(db, batch)
        db.conn.execute("COMMIT")  # a caller that goes on with what went in
        assert trigger_present(db)
        n = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        assert n == BULK_FROM
        assert db.execute("SELECT COUNT(*) FROM documents_fts_docsize").fetchone()[0] == n
        db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        db.execute("DROP TRIGGER temp.boom")
        with db.atomic():  # and the next single insert is indexed by the trigger again
            (new_id,), _ = doc_store.insert_drafts(db, [DocumentDraft(text="Quetzal summit.")])
        assert db.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'quetzal'"
                          ).fetchall() == [(new_id,)]


def _jsonl(path: Path, batch: list[DocumentDraft], bad_at: int | None = None) -> Path:
    lines = [json.dumps({"text": d.text, "title": d.title}, ensure_ascii=False) for d in batch]
    if bad_at is not None:
        lines.insert(bad_at, json.dumps({"body": "no text field"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_file_import_indexes_all_its_batches_once_as_the_trigger_would(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "INSERT_BATCH", BULK_FROM)  # several batches in one file
    batch = drafts(3 * BULK_FROM + 5)
    source = _jsonl(tmp_path / "in.jsonl", batch)
    with Project.open(tmp_path / "file.annotator", create=True) as bulk, \
            Project.open(tmp_path / "rows.annotator", create=True) as rows:
        version = bulk.db.execute("PRAGMA schema_version").fetchone()[0]
        assert bulk.import_paths([source]).imported == len(batch)
        # lifted once for the whole file, not once per batch
        assert bulk.db.execute("PRAGMA schema_version").fetchone()[0] == version + 2
        for draft in batch:
            with rows.db.atomic():
                doc_store.insert_drafts(rows.db, [draft])
        assert searches(bulk.db) == searches(rows.db) and all(searches(bulk.db))
        bulk.db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        assert trigger_present(bulk.db)
        assert bulk.db.execute("SELECT v FROM documents_fts_config WHERE k = 'hashsize'"
                               ).fetchone()[0] == HASHSIZE
        with bulk.db.atomic():  # a single insert afterwards is indexed by the trigger again
            (new_id,), _ = doc_store.insert_drafts(bulk.db, [DocumentDraft(text="Quetzal.")])
        assert bulk.db.execute("SELECT rowid FROM documents_fts WHERE documents_fts"
                               " MATCH 'quetzal'").fetchall() == [(new_id,)]


def test_a_file_refused_midway_leaves_no_document_and_no_index_entry(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "INSERT_BATCH", BULK_FROM)
    batch = drafts(3 * BULK_FROM)
    source = _jsonl(tmp_path / "in.jsonl", batch, bad_at=2 * BULK_FROM + 3)
    with Project.open(tmp_path / "p.annotator", create=True) as project:
        with pytest.raises(ImportFailed):
            project.import_paths([source], ImportOptions(strict=True))
        db = project.db
        assert trigger_present(db)
        assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM documents_fts_docsize").fetchone()[0] == 0
        db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        assert project.import_paths([_jsonl(tmp_path / "ok.jsonl", batch)]).imported == len(batch)
        assert searches(db) and all(searches(db))


def test_a_layer_import_indexes_its_new_documents_once(tmp_path):
    batch = drafts(3 * BULK_FROM + 5)
    source = tmp_path / "layer.jsonl"
    source.write_text("\n".join(json.dumps({"text": d.text, "meta": {"title": d.title},
                                            "label": [[0, 3, "GPE"]]}, ensure_ascii=False)
                                for d in batch) + "\n", encoding="utf-8")
    options = LayerImportOptions(format="doccano", layer="bob", doccano_offsets="code-points")
    found = {}
    for size in (1, BULK_FROM):  # one record at a time: the trigger indexes each document
        with Project.open(tmp_path / f"b{size}.annotator", create=True) as p:
            version = p.db.execute("PRAGMA schema_version").fetchone()[0]
            assert p.import_layer(source, options, batch=size).documents_added == len(batch)
            bumps = p.db.execute("PRAGMA schema_version").fetchone()[0] - version
            assert bumps == (0 if size == 1 else 2)  # lifted once for the file, not per batch
            p.db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
            assert trigger_present(p.db)
            found[size] = searches(p.db)
    assert found[BULK_FROM] == found[1] and all(found[1])
