"""The development gold set (tests/fixtures/gold) loads, imports and means what it says:
offsets cover the text they name, every span and hard negative is one sentence of the
built-in pipeline, types and actors exist, and no document kept for evaluation is in it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.core.actors import parse_actor_lines
from annotator.core.resources import resource
from annotator.core.scheme import load_scheme_file
from annotator.core.text import text_uid
from annotator.formats.layer_import import LayerImportOptions
from tests.conftest import CORPORA
from tests.fixtures.gold import load

STATEMENT_TYPES = {lab.name for lab in load_scheme_file(resource("schemes", "default.toml"))
                   .labels_of("STATEMENT")}
ACTOR_IDS = {a.id for a in parse_actor_lines(
    resource("actors", "actors.jsonl").read_text(encoding="utf-8").splitlines(), "actors.jsonl")}


def reserved_keys() -> set[tuple[str, str]]:
    path = CORPORA / "RESERVED.tsv"
    if not path.is_file():
        pytest.skip(f"corpus not available: {path}")
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return {(corpus, key) for corpus, _file, key in rows}


def check_record(record: dict) -> None:
    text, meta = record["text"], record["meta"]
    assert meta["uid"] == text_uid(text)
    assert meta["layer"] == "gold" and meta["status"] == "done"
    statements = []
    for span in record["spans"]:
        assert span["kind"] == "STATEMENT" and span["label"] in STATEMENT_TYPES
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert text[span["start"]:span["end"]] == span["text"]
        for slot in ("holder", "target"):
            assert span["attrs"].get(slot) in ACTOR_IDS | {None}, (slot, span)
        statements.append((span["start"], span["end"]))
    for start, end in meta["hard_negatives"]:
        assert 0 <= start < end <= len(text) and text[start:end].strip()
        assert all(end <= s or start >= e for s, e in statements), "a hard negative is a statement"


def test_committed_records_are_consistent():
    records = load.wikinews_records()
    assert sum(len(r["spans"]) for r in records) >= 50
    for record in records:
        assert record["meta"]["corpus"] == "wikinews-cc-by"
        check_record(record)


def test_references_commit_no_text():
    for ref in load.references():
        assert "text" not in ref and all("text" not in span for span in ref["spans"])


@pytest.mark.corpora
def test_referenced_documents_build_from_the_corpora():
    if not CORPORA.is_dir():
        pytest.skip(f"corpus not available: {CORPORA}")
    records = load.reference_records()
    assert len(records) == len(load.references())
    for record in records:
        check_record(record)


def reserved_uids() -> set[str]:
    """The text uids of the reserved documents: FNC-1 repeats some bodies under other ids."""
    rows = [line.split("\t") for line in (CORPORA / "RESERVED.tsv").read_text(encoding="utf-8")
            .splitlines() if line and not line.startswith("#")]
    by_file: dict[tuple[str, str], set[str]] = {}
    for corpus, name, key in rows:
        by_file.setdefault((corpus, name), set()).add(key)
    uids = set()
    for (corpus, name), keys in by_file.items():
        if corpus == "wikinews-cc-by":
            with (CORPORA / corpus / name).open(newline="", encoding="utf-8") as fh:
                uids |= {text_uid(r["text"]) for r in csv.DictReader(fh) if r["url"] in keys}
        else:
            docs = load._corpus_docs(CORPORA, corpus, "derived/" + name if corpus == "basil" else name)
            uids |= {text_uid(docs[key][0]) for key in keys}
    return uids


@pytest.mark.corpora
def test_no_reserved_document():
    reserved = reserved_keys()
    keys = [(r["meta"]["corpus"], str(r["meta"]["key"])) for r in load.wikinews_records()]
    keys += [(r["corpus"], str(r["key"])) for r in load.references()]
    assert keys and not set(keys) & reserved
    assert len(set(keys)) == len(keys)
    uids = {r["meta"]["uid"] for r in load.wikinews_records()} | {r["uid"] for r in load.references()}
    assert not uids & reserved_uids()


def test_imports_as_gold_layer_on_the_builtin_sentences(project, tmp_path: Path):
    """`annotator import` + `import-layer --layer gold` take the file whole, and every decided
    span is a sentence exactly as the built-in pipeline cuts it (what suggestions use)."""
    path = tmp_path / "gold.jsonl"
    records = load.gold_records()
    load.write_jsonl(path, records)
    assert not project.import_paths([path]).problems
    report = project.import_layer(path, LayerImportOptions(layer="gold", strict=True))
    assert not report.problems and report.records == len(records)
    assert report.created == sum(len(r["spans"]) for r in records)
    project.suggest(model="builtin", separate_process=False)
    for record in records:
        shown = project.show(record["meta"]["uid"])
        assert shown["document"]["text"] == record["text"]
        bounds = next(s["attrs"]["bounds"] for s in shown["suggestions"] if s["kind"] == "SENTENCES")
        sentences = {tuple(b) for b in bounds}
        assert len(sentences) == record["meta"]["sentences"]
        decided = [(s["start"], s["end"]) for s in record["spans"]]
        decided += [tuple(h) for h in record["meta"]["hard_negatives"]]
        assert set(decided) <= sentences, record["meta"]["title"]
        gold = [a for a in shown["annotations"] if a["layer"] == "gold"]
        assert sorted((a["start"], a["end"], a["label"], a["attrs"].get("holder")) for a in gold) == \
            sorted((s["start"], s["end"], s["label"], s["attrs"].get("holder")) for s in record["spans"])


def test_fixture_files_are_json_lines():
    for path in (load.WIKINEWS, load.REFS):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                assert isinstance(json.loads(line), dict)
