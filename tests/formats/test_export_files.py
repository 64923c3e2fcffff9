"""Which records go out, where the files land, and that a failed export leaves nothing."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.exchange import ExportError
from annotator.formats.export_options import ExportOptions, parse_split
from annotator.project import Project
from tests.formats.builders import TEXT_1, TEXT_2, at, jsonl_lines, make_project


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    path = tmp_path_factory.mktemp("src") / "a.annotator"
    with make_project(path) as project:
        yield project


def lines(project, tmp_path, **options):
    out = tmp_path / "x.jsonl"
    project.export(out, ExportOptions(tokens=False, **options))
    return [(x["meta"]["title"], x["meta"]["layer"], x["meta"]["status"], len(x["spans"]))
            for x in jsonl_lines(out)]


def test_layer_and_status_filters(source, tmp_path):
    assert lines(source, tmp_path) == [("Doc 1", "alice", "done", 14)]
    assert lines(source, tmp_path, status="any") == [
        ("Doc 1", "alice", "done", 14), ("Doc 2", "alice", "skipped", 0),
        ("Doc 3", "alice", "todo", 0)]
    assert lines(source, tmp_path, layer="bob") == [("Doc 2", "bob", "done", 3)]
    assert lines(source, tmp_path, layer="gold") == [("Doc 2", "gold", "done", 1)]
    assert lines(source, tmp_path, layer="all") == [
        ("Doc 1", "alice", "done", 14), ("Doc 2", "bob", "done", 3), ("Doc 2", "gold", "done", 1)]
    assert len(lines(source, tmp_path, layer="all", status="any")) == 5


def test_kind_and_label_filters(source, tmp_path):
    out = tmp_path / "k.jsonl"
    source.export(out, ExportOptions(kinds=("STATEMENT",), tokens=False))
    (line,) = jsonl_lines(out)
    assert {s["kind"] for s in line["spans"]} == {"STATEMENT"} and len(line["spans"]) == 3
    assert line["doc_labels"]  # document labels are not spans: always there
    source.export(out, ExportOptions(labels=("GPE", "PERSON"), tokens=False))
    (line,) = jsonl_lines(out)
    assert {s["label"] for s in line["spans"]} == {"GPE", "PERSON"}


def test_unknown_layer_or_label_is_refused(source, tmp_path):
    with pytest.raises(ExportError, match=r"no layer 'bobby'.*Layers: alice, bob, gold"):
        source.export(tmp_path / "x.jsonl", ExportOptions(layer="bobby"))
    with pytest.raises(ExportError, match="'WHATEVER' is not a label"):
        source.export(tmp_path / "x.jsonl", ExportOptions(labels=("WHATEVER",)))
    assert not (tmp_path / "x.jsonl").exists()


def test_split_writes_parts_into_a_folder_and_never_splits_a_document(tmp_path):
    project = Project.create(tmp_path / "p.annotator", annotator="alice")
    data = tmp_path / "docs.jsonl"
    data.write_text("".join(json.dumps({"text": f"Text number {i}. Seoul pledged support."}) + "\n"
                            for i in range(20)), encoding="utf-8")
    ids = project.import_paths([data]).doc_ids
    with Project.open(project.path, annotator="bob") as bob:
        for doc_id in ids:
            project.annotate(doc_id, 0, 4, "CUE")
            project.set_status(doc_id, "done")
            bob.annotate(doc_id, 0, 4, "CUE")
    options = ExportOptions(layer="all", status="any", split=parse_split("train=0.75,dev=0.25"),
                            seed=7, tokens=False)
    report = project.export(tmp_path / "out", options)
    train, dev = jsonl_lines(tmp_path / "out" / "train.jsonl"), jsonl_lines(tmp_path / "out" / "dev.jsonl")
    assert (len(train), len(dev)) == (30, 10)  # 15 + 5 documents, two layers each
    assert report.documents == {"train": 15, "dev": 5}
    assert not {x["meta"]["uid"] for x in train} & {x["meta"]["uid"] for x in dev}
    again = tmp_path / "again"
    project.export(again, options)
    assert (again / "train.jsonl").read_bytes() == (tmp_path / "out" / "train.jsonl").read_bytes()
    project.export(tmp_path / "other", ExportOptions(layer="all", status="any", seed=8,
                                                     split=options.split, tokens=False))
    assert (tmp_path / "other" / "dev.jsonl").read_bytes() != (tmp_path / "out" / "dev.jsonl").read_bytes()
    with pytest.raises(ExportError, match="OUT is a folder"):
        project.export(tmp_path / "out", ExportOptions())
    project.close()


def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(source, tmp_path):
    out = tmp_path / "data.jsonl"
    out.write_text("previous export\n")
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(ExportError, match=r"\[E709\] the export was cancelled"):
        source.export(out, ExportOptions(layer="all", status="any"), should_stop=stop)
    assert out.read_text() == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl"]
    with pytest.raises(ExportError, match="cancelled"):
        source.export(tmp_path / "parts", ExportOptions(split=parse_split("a=0.5,b=0.5"),
                                                        status="any"), should_stop=lambda: True)
    assert not (tmp_path / "parts").exists()


def test_out_may_not_be_the_project_file_nor_in_a_missing_folder(source, tmp_path):
    with pytest.raises(AnnotatorError, match=r"\[E203\] .*OUT is the project file"):
        source.export(source.path, ExportOptions())
    assert source.document(1).text == TEXT_1
    with pytest.raises(ExportError, match=r"\[E701\] .*/missing: the folder to write into does not"):
        source.export(tmp_path / "missing" / "x.jsonl", ExportOptions())
    assert not (tmp_path / "missing").exists()


def test_an_export_reads_one_snapshot_while_another_connection_writes(tmp_path, monkeypatch):
    monkeypatch.setattr("annotator.store.exchange.BATCH", 1)  # one document per read
    project = make_project(tmp_path / "p.annotator")
    seen = []

    def progress(done: int, total: int) -> None:
        if done == 1 and not seen:  # the first document is written; now someone else writes
            with Project.open(project.path, annotator="bob") as bob:
                bob.annotate(2, *at(TEXT_2, "Beijing"), "ORG")
                bob.set_status(3, "done")
            seen.append(done)

    out = tmp_path / "x.jsonl"
    project.export(out, ExportOptions(layer="bob", status="any", tokens=False), progress=progress)
    line = jsonl_lines(out)[1]
    assert seen and [s["label"] for s in line["spans"]] == ["GPE", "THREAT", "GPE"]
    project.export(out, ExportOptions(layer="bob", status="any", tokens=False))
    assert len(jsonl_lines(out)[1]["spans"]) == 4  # the next export sees the new span
    project.close()
