"""Importing annotations as a layer: matched by uid, checked exactly, logged, all-or-nothing."""

from __future__ import annotations

import json

import pytest

from annotator.core.exchange import LayerImportError
from annotator.core.text import text_uid
from annotator.formats.export_options import ExportOptions, LayerImportOptions
from annotator.project import Project
from tests.formats.builders import TEXT_2, jsonl_lines

TEXT = "Seoul 🇰🇷 pledged support.\r\nJapan warned Pyongyang."


def line(text: str = TEXT, **fields) -> str:
    return json.dumps({"text": text, **fields}, ensure_ascii=False)


def span(source: str, part: str, label: str, **extra) -> dict:
    start = source.index(part)
    return {"start": start, "end": start + len(part), "label": label, **extra}


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p.annotator", annotator="alice") as p:
        yield p


def write(tmp_path, *lines: str, name: str = "in.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_records_are_reported_with_file_and_line_and_the_good_ones_go_in(project, tmp_path):
    good = line(spans=[span(TEXT, "Japan", "GPE", text="Japan", attrs={"actor_id": "JPN"})],
                meta={"layer": "bob", "status": "done"}, doc_labels={"relevance": "RELEVANT"})
    path = write(
        tmp_path, good,
        "{broken",
        line(spans=[span(TEXT, "Japan", "NATION")], meta={"layer": "bob"}),
        line(spans=[{"start": 0, "end": 5, "label": "GPE", "text": "Seoux"}], meta={"layer": "bob"}),
        line(spans=[span(TEXT, "Seoul", "COMMITMENT", attrs={"polarity": "GLAD"})], meta={"layer": "bob"}),
        line(spans=[span(TEXT, "Seoul", "GPE")]),
        line(spans=[{"start": 3, "end": 999, "label": "GPE"}], meta={"layer": "bob"}),
        line(spans=[span(TEXT, "Seoul", "GPE", kind="STATEMENT")], meta={"layer": "bob"}),
        line(format="stance-annotator/9", meta={"layer": "bob"}),
        line(meta={"layer": "bob", "uid": "0" * 64}),
        line(doc_labels={"relevance": "MAYBE"}, meta={"layer": "bob"}),
        '["a list"]',
        json.dumps({"title": "no text"}),
    )
    report = project.import_layer(path)
    shown = [str(p) for p in report.problems]
    expected = [(2, "E711", "not valid JSON"), (3, "E713", "label 'NATION' is not in scheme"),
                (4, "E712", "'Seoux' is not the document's 'Seoul'"),
                (5, "E714", "'GLAD' is not a value of slot 'polarity'"),
                (6, "E715", "names no annotator; pass --layer NAME"),
                (7, "E712", "outside the text"), (8, "E713", "is a STATEMENT but the scheme's GPE"),
                (9, "E718", "newer Stance Annotator"), (10, "E717", "meta.uid does not match"),
                (11, "E714", "'MAYBE' is not a value of document label"),
                (12, "E711", "expected a JSON object"), (13, "E711", 'no "text"')]
    assert len(shown) == len(expected)
    for message, (number, code, words) in zip(shown, expected):
        assert message.startswith(f"[{code}] line {number} of {path}: "), message
        assert words in message, message
    assert report.records == 1 and report.created == 1 and report.documents_added == 1
    doc_id = project.documents(layer="bob")[0].id
    (japan,) = project.annotations(doc_id, "bob")
    assert (japan.text, japan.origin, japan.attrs) == ("Japan", "import", {"actor_id": "JPN"})
    assert project.status(doc_id, "bob") == "done"
    assert project.doc_labels(doc_id, "bob") == {"relevance": "RELEVANT"}


def test_strict_refuses_the_whole_file_and_changes_nothing(project, tmp_path):
    good = line(spans=[span(TEXT, "Japan", "GPE")], meta={"layer": "bob", "status": "done"})
    path = write(tmp_path, good, line(text="Another text.", meta={"layer": "bob"}), "{broken")
    events = project.db["events"].count
    with pytest.raises(LayerImportError, match=r"\[E710\].*line 3 of .*nothing was imported"):
        project.import_layer(path, LayerImportOptions(strict=True))
    assert project.db["documents"].count == 0 and project.db["annotations"].count == 0
    assert project.db["doc_status"].count == 0 and project.db["events"].count == events


def test_every_change_is_an_event_and_a_second_import_changes_nothing(project, tmp_path):
    path = write(tmp_path, line(spans=[span(TEXT, "Japan", "GPE"), span(TEXT, "Seoul", "GPE")],
                                meta={"status": "done"}, doc_labels={"tone": "NEUTRAL"}))
    report = project.import_layer(path, LayerImportOptions(layer="bob"))
    assert (report.created, report.statuses, report.doc_labels) == (2, 1, 1)
    rows = project.db.execute("SELECT op, entity, source FROM events WHERE op = 'import'"
                              " AND entity != 'actors' ORDER BY id").fetchall()
    assert [r[1] for r in rows] == ["document", "annotation", "annotation", "doc_status",
                                    "doc_label", "layer_file"]
    assert rows[1][2] == f"{path}:1"
    before = project.db["events"].count
    again = project.import_layer(path, LayerImportOptions(layer="bob"))
    assert (again.created, again.updated, again.unchanged, again.statuses) == (0, 0, 2, 0)
    assert project.db["events"].count == before + 1  # only the file's own record
    assert project.db["annotations"].count == 2


def test_documents_are_matched_by_uid_across_line_endings(project, tmp_path):
    lf = TEXT.replace("\r\n", "\n")
    assert text_uid(lf) == text_uid(TEXT)
    project.import_layer(write(tmp_path, line(meta={"layer": "alice"})))
    # same uid, stored text has CRLF: a span before the line break fits, one after does not
    fits = line(lf, spans=[span(lf, "Seoul", "GPE", text="Seoul")], meta={"layer": "bob"})
    misfit = line(lf, spans=[span(lf, "Japan", "GPE", text="Japan")], meta={"layer": "bob"})
    report = project.import_layer(write(tmp_path, fits, misfit, name="lf.jsonl"))
    assert report.documents_matched == 1 and report.documents_added == 0 and report.created == 1
    assert "[E716] line 2" in str(report.problems[0]) and "does not fit" in str(report.problems[0])
    assert project.db["documents"].count == 1


def test_an_id_taken_in_another_layer_gets_a_new_stable_one(project, tmp_path):
    item = line(spans=[span(TEXT, "Japan", "GPE", id="a" * 32)])
    path = write(tmp_path, item)
    project.import_layer(path, LayerImportOptions(layer="alice"))
    project.import_layer(path, LayerImportOptions(layer="bob"))
    project.import_layer(path, LayerImportOptions(layer="bob"))
    rows = project.db.execute("SELECT id, layer FROM annotations ORDER BY layer").fetchall()
    assert rows[0] == ("a" * 32, "alice") and rows[1][0] != "a" * 32 and len(rows) == 2


def test_newer_local_changes_are_kept(project, tmp_path):
    path = write(tmp_path, line(spans=[span(TEXT, "Japan", "GPE", id="b" * 32,
                                           updated_at="2020-01-01T00:00:00.000+00:00")]))
    project.import_layer(path, LayerImportOptions(layer="alice"))
    project.update_annotation("b" * 32, label="ORG")
    report = project.import_layer(path, LayerImportOptions(layer="alice"))
    assert report.kept_newer == 1 and project.annotation("b" * 32).label == "ORG"


def test_prodigy_and_doccano_files_from_elsewhere(project, tmp_path):
    text = "Pyongyang 😀 vowed to retaliate, said Seoul."
    start = text.index("Seoul")
    prodigy = json.dumps({"text": text, "spans": [{"start": start, "end": start + 5,
                          "label": "GPE", "token_start": 6, "token_end": 6}],
                          "answer": "accept", "_annotator_id": "news-dan", "_input_hash": 1})
    utf16 = start + 1  # the emoji is two UTF-16 units
    doccano = json.dumps({"id": 7, "text": text, "label": [[0, 9, "GPE"], [utf16, utf16 + 5, "GPE"]],
                          "Comments": []})
    entities = json.dumps({"text": text, "entities": [
        {"id": 31, "label": "THREAT", "start_offset": 0, "end_offset": 31}], "relations": []})
    report = project.import_layer(write(tmp_path, prodigy, name="p.jsonl"))
    assert report.layers == {"news-dan": 1} and project.status(1, "news-dan") == "done"
    report = project.import_layer(write(tmp_path, doccano, entities, name="d.jsonl"),
                                  LayerImportOptions(layer="eve"))
    assert not report.problems and report.documents_matched == 1
    assert sorted(a.text for a in project.annotations(1, "eve")) == [
        "Pyongyang", "Pyongyang 😀 vowed to retaliate", "Seoul"]
    assert project.document(1).meta == {}  # Prodigy's line came first: no doccano extras
    bad = json.dumps({"text": text, "label": [[11, 13, "GPE"]]})  # 11: inside the emoji
    report = project.import_layer(write(tmp_path, bad, name="bad.jsonl"),
                                  LayerImportOptions(layer="eve"))
    assert "[E712]" in str(report.problems[0]) and "inside an emoji" in str(report.problems[0])


def test_gold_layer_and_unknown_documents(project, tmp_path):
    path = write(tmp_path, line(TEXT_2, spans=[span(TEXT_2, "Beijing", "GPE")],
                                meta={"title": "T2", "url": "http://x"}, doc_meta={"k": [1]}))
    project.import_layer(path, LayerImportOptions(layer="gold"))
    doc = project.document(1)
    assert (doc.title, doc.url, doc.meta, doc.origin) == ("T2", "http://x", {"k": [1]}, f"{path}:1")
    project.export(tmp_path / "g.jsonl", ExportOptions(layer="gold", status="any", tokens=False))
    assert jsonl_lines(tmp_path / "g.jsonl")[0]["spans"][0]["text"] == "Beijing"
