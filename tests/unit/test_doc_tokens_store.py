"""The doc_tokens table: its migration, and how token blobs are written and read back."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core.token_codec import decode, encode
from annotator.project import Project
from annotator.store import doc_tokens
from annotator.store.migrations import migrations
from tests.fixtures.schemas import make_fixtures
from tests.reliability.conftest import integrity_problems

KEY = "spacy-3.8.18/0123456789abcdef"
OLD = "spacy-3.7.0/fedcba9876543210"


def blob(*lengths: int) -> bytes:
    return encode(list(lengths), [True] * len(lengths))


@pytest.fixture
def project(tmp_path: Path):
    """Five documents, ids 1 to 5."""
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(json.dumps({"text": f"Document {i} says something."}) + "\n"
                              for i in range(1, 6)), encoding="utf-8")
    with Project.create(tmp_path / "p.annotator", annotator="alice") as p:
        assert p.import_paths([source]).doc_ids == [1, 2, 3, 4, 5]
        yield p


def test_saving_joins_the_callers_transaction(project):
    with pytest.raises(RuntimeError), project.db.atomic():
        doc_tokens.save(project.db, KEY, [(1, blob(3)), (2, blob(4))])
        raise RuntimeError("the chunk failed")
    assert doc_tokens.load(project.db, KEY, [1, 2]) == {}
    with project.db.atomic():
        doc_tokens.save(project.db, KEY, iter([(1, blob(3)), (2, blob(4))]))
    assert doc_tokens.load(project.db, KEY, [1, 2, 3]) == {1: blob(3), 2: blob(4)}


def test_a_row_counts_only_for_its_tokenizer_and_a_new_one_replaces_it(project):
    with project.db.atomic():
        doc_tokens.save(project.db, OLD, [(1, blob(9)), (2, blob(9))])
    assert doc_tokens.load(project.db, KEY, [1, 2]) == {}
    assert doc_tokens.missing(project.db, KEY) == [1, 2, 3, 4, 5]
    with project.db.atomic():
        doc_tokens.save(project.db, KEY, [(2, blob(5))])
    assert doc_tokens.load(project.db, KEY, [1, 2]) == {2: blob(5)}
    assert doc_tokens.load(project.db, OLD, [1, 2]) == {1: blob(9)}  # one row per document
    assert doc_tokens.missing(project.db, KEY) == [1, 3, 4, 5]
    assert doc_tokens.count(project.db, KEY) == 1


def test_the_reader_asks_once_per_batch_in_export_order(project):
    with project.db.atomic():
        doc_tokens.save(project.db, KEY, [(i, blob(i)) for i in (1, 2, 3, 5)])
    reads: list[str] = []
    project.db.conn.set_trace_callback(lambda sql: reads.append(sql) if "doc_tokens" in sql
                                       else None)
    reader = doc_tokens.Reader(project.db, KEY, [1, 2, 3, 4, 5], batch=2)
    found = [reader(doc_id) for doc_id in (1, 2, 3, 4, 5)]
    assert found == [blob(1), blob(2), blob(3), None, blob(5)]
    assert len(reads) == 3
    assert reader(2) == blob(2) and reader(99) is None  # out of order: asked for alone
    assert len(reads) == 5
    project.db.conn.set_trace_callback(None)


def test_an_upgraded_file_gets_the_table_with_its_foreign_key(tmp_path):
    path = tmp_path / "old.annotator"
    shutil.copyfile(make_fixtures.HERE / "0003_merge_and_review.annotator", path)
    with Project.open(path, annotator="alice") as project:
        applied = [m.name for m in migrations.applied(project.db)]
        assert "0004_doc_tokens" in applied and project.schema_version == applied[-1]
        assert project.migration_backup is not None
        assert doc_tokens.missing(project.db, KEY) == [1, 2, 3]
        with project.db.atomic():
            doc_tokens.save(project.db, KEY, [(1, blob(7, 2))])
        assert decode(doc_tokens.load(project.db, KEY, [1])[1]) == ([0, 8], [7, 10], [True, True])
        with pytest.raises(sqlite3.IntegrityError), project.db.atomic():
            doc_tokens.save(project.db, KEY, [(99, blob(1))])  # no document 99
        with pytest.raises(sqlite3.IntegrityError), project.db.atomic():
            project.db.execute("INSERT INTO doc_tokens (doc_id, tokenizer, data) VALUES"
                               " (2, ?, NULL)", [KEY])
    assert integrity_problems(path) == []
