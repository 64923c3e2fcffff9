"""The 300 BASIL articles (real news, 1,726 bias spans with target, polarity, quote, speaker)
turned into a layer, then through every format and back. Skips where the corpus is absent."""

from __future__ import annotations

import json

import pytest

from annotator.formats.export_options import ExportOptions, LayerImportOptions
from annotator.project import Project
from tests.conftest import corpus
from tests.formats.builders import jsonl_lines

pytestmark = pytest.mark.corpora

SCHEME = """
[scheme]
name = "basil"
version = "2"
[[labels]]
name = "INF"
kind = "STATEMENT"
color = "#d62728"
[[labels]]
name = "LEX"
kind = "STATEMENT"
color = "#ff7f0e"
[[slots]]
name = "target"
type = "actor"
[[slots]]
name = "polarity"
type = "choice"
values = ["pos", "neg"]
[[slots]]
name = "aim"
type = "choice"
values = ["dir", "ind_general", "ind_pro", "ind_anti"]
[[slots]]
name = "quote"
type = "bool"
[[slots]]
name = "speaker"
type = "text"
[[slots]]
name = "indirect_target"
type = "text"
[[slots]]
name = "indirect_sentiment"
type = "choice"
values = ["pos", "neu", "neg"]
[[slots]]
name = "notes"
type = "text"
[[doc_labels]]
name = "relative_stance"
values = ["left", "center", "right"]
"""
STANCE = {"liberal": "left", "conservative": "right"}


def as_layer_line(record: dict) -> dict:
    spans = []
    for s in record["spans"]:
        attrs = {"target": s["target"], "polarity": s["polarity"], "aim": s["aim"],
                 "quote": s["quote"] == "yes", "speaker": s["speaker"],
                 "indirect_target": s["indirect_target"],
                 "indirect_sentiment": s["indirect_sentiment"], "notes": s["notes"]}
        spans.append({"start": s["start"], "end": s["end"], "text": s["text"],
                      "label": s["bias"].upper(), "attrs": {k: v for k, v in attrs.items()
                                                            if v not in ("", None)}})
    stance = record["article_labels"].get("relative_stance", "")
    return {"text": record["text"], "spans": spans,
            "meta": {"title": record["title"], "source": record["source"], "url": record["url"],
                     "published": record["date"], "status": "done"},
            "doc_meta": {"basil_id": record["doc_id"], "triplet": record["triplet_uuid"]},
            "doc_labels": {"relative_stance": STANCE.get(stance, stance)} if stance else {}}


SMALL = 25  # articles for the formats that need spaCy tokens (the tokenizer is the slow part)


def basil_project(path, records: list[dict]) -> Project:
    layer_file = path.with_suffix(".jsonl")
    layer_file.write_text("".join(json.dumps(as_layer_line(r)) + "\n" for r in records),
                          encoding="utf-8")
    project = Project.create(path, annotator="basil", scheme_text=SCHEME)
    report = project.import_layer(layer_file, LayerImportOptions(layer="basil"))
    assert not report.problems, report.problems[:3]
    assert report.records == len(records) and report.created == sum(len(r["spans"]) for r in records)
    return project


@pytest.fixture(scope="module")
def records():
    source = corpus("basil", "derived", "basil_docs_with_abs_spans.jsonl")
    return [json.loads(x) for x in source.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="module")
def basil(tmp_path_factory, records):
    with basil_project(tmp_path_factory.mktemp("basil") / "all.annotator", records) as project:
        yield project


@pytest.fixture(scope="module")
def basil_small(tmp_path_factory, records):
    with basil_project(tmp_path_factory.mktemp("basil") / "small.annotator",
                       records[:SMALL]) as project:
        yield project


def round_trip(project: Project, tmp_path, options: ExportOptions) -> tuple[bytes, bytes]:
    first, second = tmp_path / "a.out", tmp_path / "b.out"
    report = project.export(first, options)
    with Project.create(tmp_path / "copy.annotator", annotator="x", scheme_text=SCHEME) as copy:
        imported = copy.import_layer(first, LayerImportOptions(
            format="spacy" if options.format == "spacy" else "auto"))
        assert not imported.problems
        assert imported.documents_added == sum(report.documents.values())
        copy.export(second, options)
    return first.read_bytes(), second.read_bytes()


def test_all_300_basil_articles_round_trip_byte_identically(basil, tmp_path):
    first, second = round_trip(basil, tmp_path, ExportOptions(layer="basil", tokens=False))
    assert first == second and first.count(b"\n") == 300


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "doccano", "doccano-rel", "spacy"])
def test_basil_articles_round_trip_with_spacy_tokens(basil_small, tmp_path, fmt):
    first, second = round_trip(basil_small, tmp_path, ExportOptions(format=fmt, layer="basil"))
    assert first == second


def test_basil_spans_are_exact_and_none_is_dropped(basil, basil_small, records, tmp_path):
    out = tmp_path / "basil.jsonl"
    basil.export(out, ExportOptions(layer="basil", tokens=False))
    lines = jsonl_lines(out)
    assert len(lines) == len(records) == 300
    assert sum(len(line["spans"]) for line in lines) == sum(len(r["spans"]) for r in records) == 1726
    for line, record in zip(lines, records):
        assert line["doc_meta"]["basil_id"] == record["doc_id"]
        assert sorted((s["start"], s["end"], s["text"]) for s in line["spans"]) == sorted(
            (s["start"], s["end"], s["text"]) for s in record["spans"])
        for span in line["spans"]:
            assert span["text"] == line["text"][span["start"] : span["end"]]
    report = basil_small.export(out, ExportOptions(layer="basil", tokens=True))
    lines = jsonl_lines(out)
    for line in lines:
        for span in line["spans"]:
            assert line["tokens"][span["token_start"]]["start"] == span["start"]
            assert line["tokens"][span["token_end"]]["end"] == span["end"]
    # spans off spaCy's token edges are each reported, and still exported
    assert report.misaligned == len(report.problems)
    assert sum(len(line["spans"]) for line in lines) == sum(len(r["spans"]) for r in records[:SMALL])
