"""Every format: export -> import into a fresh project -> export gives the same bytes, and
every exported span covers exactly its text."""

from __future__ import annotations

import csv
import io
import json

import pytest

from annotator.formats.doccano import to_utf16
from annotator.formats.export_options import ExportOptions
from tests.formats.builders import EVERYTHING, TEXT_1, fresh_copy, jsonl_lines, make_project


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    path = tmp_path_factory.mktemp("src") / "a.annotator"
    with make_project(path) as project:
        yield project


@pytest.mark.parametrize("fmt", ["jsonl", "jsonl+tokens", "prodigy", "doccano", "doccano-rel", "spacy"])
def test_export_import_export_is_byte_identical(source, tmp_path, fmt):
    first = tmp_path / f"first.{fmt}"
    fmt, tokens = (fmt.removesuffix("+tokens"), True) if fmt.endswith("+tokens") else (fmt, None)
    options = ExportOptions(format=fmt, layer="all", status="any", tokens=tokens)
    source.export(first, options)
    with fresh_copy(tmp_path / "b.annotator", first, "spacy" if fmt == "spacy" else "auto") as copy:
        second = tmp_path / f"second.{fmt}"
        copy.export(second, options)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("fmt", ["spacy", "csv", "prodigy", "doccano"])
def test_a_project_rebuilt_from_our_jsonl_exports_the_same_in_every_format(source, tmp_path, fmt):
    ours = tmp_path / "all.jsonl"
    source.export(ours, EVERYTHING)
    with fresh_copy(tmp_path / "b.annotator", ours) as copy:
        options = ExportOptions(format=fmt, layer="all", status="any")
        source.export(tmp_path / "a.out", options)
        copy.export(tmp_path / "b.out", options)
    assert (tmp_path / "a.out").read_bytes() == (tmp_path / "b.out").read_bytes()


def test_jsonl_is_exact_and_complete(source, tmp_path):
    out = tmp_path / "out.jsonl"
    report = source.export(out, EVERYTHING)
    lines = jsonl_lines(out)
    assert [(line["meta"]["layer"], line["meta"]["title"]) for line in lines] == [
        ("alice", "Doc 1"), ("bob", "Doc 1"), ("alice", "Doc 2"), ("bob", "Doc 2"), ("gold", "Doc 2")]
    for line in lines:
        text = line["text"]
        assert line["format"] == "stance-annotator/1" and line["scheme"] == "stance-commitment/1.0"
        for span in line["spans"]:
            assert span["text"] == text[span["start"] : span["end"]]
            tokens = line["tokens"]
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]
        rebuilt = "".join(t["text"] + (" " if t["ws"] else "") for t in line["tokens"])
        assert rebuilt == text
    alice = lines[0]
    assert alice["text"] == TEXT_1 and "\r\n" in alice["text"]
    assert alice["meta"]["status"] == "done" and alice["answer"] == "accept"
    assert alice["provenance"]["seconds"] == 42.5 and alice["provenance"]["annotator"] == "alice"
    assert alice["doc_labels"] == {"relevance": "RELEVANT", "tone": "COOPERATIVE"}
    assert alice["doc_meta"] == {"section": "world"}
    full = next(s for s in alice["spans"] if s["attrs"].get("note"))
    assert full["attrs"]["topic"] == ["EXTENDED_DETERRENCE", "NUCLEAR"]
    assert full["attrs"]["negated"] is False and full["kind"] == "STATEMENT"
    assert full["origin"] == "manual" and full["created_at"] and len(full["id"]) == 32
    twins = [s for s in alice["spans"] if s["label"] == "COMMITMENT" and s["start"] == 0]
    assert len(twins) == 2 and twins[0]["attrs"] != twins[1]["attrs"]
    # "U.S" cuts spaCy's "U.S." token, and spaCy reads "👍🏽." as "👍" + "🏽.": both spans are
    # reported and kept, and the tokens are split at their edges
    assert report.misaligned == 2
    reported = " ".join(map(str, report.problems))
    assert reported.count("W720") == 2 and "'U.S'" in reported and "Pyongyang 👍🏽'" in reported
    cut = next(s for s in alice["spans"] if s["text"] == "U.S")
    assert alice["tokens"][cut["token_start"]]["text"] == "U.S"
    assert alice["_input_hash"] == next(x for x in lines if x["meta"]["layer"] == "bob"
                                        and x["text"] == TEXT_1)["_input_hash"]


def test_prodigy_lines_have_what_prodigy_reads(source, tmp_path):
    out = tmp_path / "p.jsonl"
    source.export(out, ExportOptions(format="prodigy"))
    (line,) = jsonl_lines(out)
    assert set(line) == {"text", "meta", "_input_hash", "_task_hash", "tokens", "spans", "_view_id",
                         "answer", "_annotator_id", "_session_id"}
    assert line["_annotator_id"] == "alice" and line["answer"] == "accept"
    for span in line["spans"]:
        assert set(span) == {"start", "end", "text", "token_start", "token_end", "label"}
        assert span["text"] == line["text"][span["start"] : span["end"]]


def test_doccano_offsets_count_utf16_units_by_default(source, tmp_path):
    source.export(tmp_path / "d.jsonl", ExportOptions(format="doccano"))
    source.export(tmp_path / "cp.jsonl", ExportOptions(format="doccano", doccano_offsets="code-points"))
    (line,) = jsonl_lines(tmp_path / "d.jsonl")
    (plain,) = jsonl_lines(tmp_path / "cp.jsonl")
    units = line["text"].encode("utf-16-le")
    for (start, end, _), (cp_start, cp_end, _) in zip(line["label"], plain["label"]):
        assert units[2 * start : 2 * end].decode("utf-16-le") == line["text"][cp_start:cp_end]
    assert line["meta"]["offsets"] == "utf-16" and plain["meta"]["offsets"] == "code-points"
    assert to_utf16(TEXT_1)(len(TEXT_1)) == len(TEXT_1.encode("utf-16-le")) // 2


def test_doccano_relations_point_statements_to_their_actors(source, tmp_path):
    source.export(tmp_path / "r.jsonl", ExportOptions(format="doccano-rel",
                                                      doccano_offsets="code-points"))
    (line,) = jsonl_lines(tmp_path / "r.jsonl")
    entities = {e["id"]: e for e in line["entities"]}
    text = line["text"]
    pairs = {(r["type"], text[entities[r["to_id"]]["start_offset"] : entities[r["to_id"]]
                              ["end_offset"]]) for r in line["relations"]}
    assert ("holder", "Seoul") in pairs and ("target", "South Korea") in pairs
    for relation in line["relations"]:
        assert entities[relation["from_id"]]["label"] == "COMMITMENT"


def test_docbin_keeps_overlaps_in_spans_and_only_clean_mentions_in_ents(source, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    source.export(tmp_path / "a.spacy", ExportOptions(format="spacy"))
    (doc,) = DocBin().from_disk(tmp_path / "a.spacy").get_docs(spacy.blank("en").vocab)
    assert doc.text == TEXT_1
    spans = doc.spans["sc"]
    assert len(spans) == 14 and sum(s.label_ == "COMMITMENT" for s in spans) == 3
    by_text = {s.text: s for s in spans}
    assert by_text["Seoul"].kb_id_ == "KOR" and len(by_text["Seoul"].id_) == 32
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Japan", "GPE") in ents and ("Kim Kwan-jin", "PERSON") in ents
    assert not any(e.label_ in ("COMMITMENT", "CUE") for e in doc.ents)
    # "U.S" and "U.S. envoy" overlap: neither is an entity, their tokens are missing, not O
    assert "U.S. envoy" not in {e.text for e in doc.ents}
    envoy = by_text["U.S. envoy"]
    assert all(t.ent_iob_ == "" for t in doc[envoy.start : envoy.end])
    assert doc[0].ent_iob_ == "B" and doc[1].ent_iob_ == "O"
    data = doc.user_data["stance_annotator"]
    assert data["doc_labels"] == {"relevance": "RELEVANT", "tone": "COOPERATIVE"}
    assert doc.cats["relevance=RELEVANT"] == 1.0 and doc.cats["relevance=NO"] == 0.0


def test_csv_has_one_row_per_statement_with_its_slots(source, tmp_path):
    source.export(tmp_path / "s.csv", ExportOptions(format="csv", layer="all", status="any"))
    raw = (tmp_path / "s.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 4  # alice's three statements, bob's threat
    full = next(r for r in rows if r["note"])
    assert full["holder"] == "USA" and full["holder_name"] == "United States"
    assert full["target_name"] == "South Korea" and full["topic"] == "EXTENDED_DETERRENCE;NUCLEAR"
    assert full["negated"] == "no" and full["conditional"] == "yes"
    assert full["text"] == TEXT_1[int(full["start"]) : int(full["end"])]
    threat = next(r for r in rows if r["type"] == "THREAT")
    assert threat["layer"] == "bob" and threat["status"] == "done" and threat["polarity"] == ""


def test_our_jsonl_is_prodigy_compatible_json(source, tmp_path):
    source.export(tmp_path / "o.jsonl", ExportOptions())
    raw = (tmp_path / "o.jsonl").read_bytes()
    assert raw.endswith(b"\n") and b"\r\n" not in raw.replace(b"\\r\\n", b"")
    json.loads(raw.splitlines()[0])
