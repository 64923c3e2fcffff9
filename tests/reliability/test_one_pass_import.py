"""`import-layer` into a project that lacks the documents adds them in the same pass: texts and
spans from one read of the file, instead of `import` and then `import-layer` reading it twice.

Checked here: the one pass stores what the two commands store (documents, annotations, their
events and history) on doccano files with emoji, CRLF and combining characters in both offset
units; the annotations of the documents it adds are written by `store.changes.insert_new`,
which writes exactly what `apply` writes for them; and a refused record behaves as on the two
commands (file and line, exit 1, the good records kept; --strict keeps nothing)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import cli
from annotator.formats.export_options import LayerImportOptions
from annotator.project import Project
from annotator.store import annotations as ann_store
from annotator.store import changes, events
from tests.reliability.test_batched_writes import TEXTS, _strip
from tests.reliability.test_bulk_layer_import import _doccano_file


def _stored(path: Path) -> dict:
    """What both paths must agree on: the documents' own columns, the annotations, every
    event about an annotation, and the history of each document, timestamps aside."""
    with Project.open(path, annotator="bob") as p:
        out = {
            "documents": [dict(r) for r in p.db.query(
                "SELECT id, uid, text, title, source, url, published FROM documents ORDER BY id")],
            "annotations": [_strip(dict(r)) for r in p.db.query(
                "SELECT * FROM annotations ORDER BY id")],
            "events": sorted((e["op"], e["entity_id"], e["doc_id"], e["source"].rsplit(":", 1)[1],
                              json.dumps(_strip(e), sort_keys=True, ensure_ascii=False))
                             for e in (dict(r) for r in p.db.query(
                                 "SELECT op, entity_id, doc_id, before, after, source FROM events"
                                 " WHERE entity = 'annotation'"))),
            "history": {doc.id: sorted(h["summary"] for h in p.history(doc=doc.id,
                                                                       limit=10_000)
                                       if h.get("entity") == "annotation")
                        for doc in p.documents()},
        }
    return out


def _two_commands(source: Path, path: Path, options: LayerImportOptions):
    with Project.create(path, annotator="bob") as p:
        imported = p.import_paths([source])
        return imported, p.import_layer(source, options)


@pytest.mark.parametrize("unit", ["utf-16", "code-points"])
def test_one_pass_stores_what_import_then_import_layer_store(tmp_path: Path, unit: str) -> None:
    source = _doccano_file(tmp_path / "in.jsonl", unit)
    options = LayerImportOptions(format="doccano", layer="bob", doccano_offsets=unit)
    _, two = _two_commands(source, tmp_path / "two.annotator", options)
    with Project.create(tmp_path / "one.annotator", annotator="bob") as p:
        one = p.import_layer(source, options)
    assert [(x.line, x.code) for x in one.problems] == [(5, "E711"), (6, "E237")]
    assert [(x.line, x.code) for x in two.problems] == [(5, "E711"), (6, "E237")]
    assert (one.created, one.records, one.documents_added) == (two.created, two.records, 4)
    assert two.documents_added == 0
    stored_one, stored_two = _stored(tmp_path / "one.annotator"), _stored(tmp_path / "two.annotator")
    # `import` also took the refused lines' texts, which are TEXTS[0] and TEXTS[1] again
    assert stored_one == stored_two
    assert len(stored_one["annotations"]) == 9 and len(stored_one["documents"]) == len(TEXTS)
    for row in stored_one["annotations"]:  # code points into the stored text, whatever the unit
        doc = stored_one["documents"][row["doc_id"] - 1]
        assert doc["text"][row["start"]:row["end"]] == row["text"]


def test_what_differs_between_the_paths_is_the_documents_own_trace(tmp_path: Path) -> None:
    """`import` knows nothing of spans: it keeps a doccano line's `label` list and `meta` in
    the document's meta and logs one event for the file. The one pass keeps only what is not
    spans in meta, and logs an event for each document it adds (with its file and line)."""
    source = _doccano_file(tmp_path / "in.jsonl", "code-points")
    options = LayerImportOptions(format="doccano", layer="bob", doccano_offsets="code-points")
    _two_commands(source, tmp_path / "two.annotator", options)
    with Project.create(tmp_path / "one.annotator", annotator="bob") as p:
        p.import_layer(source, options)
    with Project.open(tmp_path / "two.annotator") as p:
        assert {json.loads(r[0]).keys() >= {"label"} for r in p.db.execute(
            "SELECT meta FROM documents")} == {True}
        assert [r[0] for r in p.db.execute(
            "SELECT entity FROM events WHERE entity IN ('file', 'document', 'layer_file')"
            " ORDER BY id")] == ["file", "layer_file"]
    with Project.open(tmp_path / "one.annotator") as p:
        assert {r[0] for r in p.db.execute("SELECT meta FROM documents")} == {"{}"}
        assert [(r[0], r[1]) for r in p.db.execute(
            "SELECT entity, source FROM events WHERE entity IN ('file', 'document', 'layer_file')"
            " ORDER BY id")] == [
            ("document", str(source)), ("document", str(source)), ("document", str(source)),
            ("document", str(source)), ("layer_file", str(source))]
        assert [json.loads(r[0])["origin"] for r in p.db.execute(
            "SELECT after FROM events WHERE entity = 'document' ORDER BY id")] == [
            f"{source}:{n}" for n in (1, 2, 3, 4)]


ODD = ["Seoul 🇰🇷 said \"no\".\r\nA tab\there, a back\\slash, a bell \x07, e\u0301 and \u2028."
       + "".join(map(chr, range(1, 32))) + "\x7f\u00a0\ufeff",
       "plain"]


def test_insert_new_writes_what_apply_writes(tmp_path: Path) -> None:
    """The same new annotations through `apply` (one Change each, nothing before) and through
    `insert_new`: the same rows and the same events, byte for byte, for odd text, slots,
    an origin left empty (spelled null) and a deleted row."""
    source = tmp_path / "docs.jsonl"
    source.write_text("\n".join(json.dumps({"text": t}) for t in ODD), encoding="utf-8")
    base = tmp_path / "base.annotator"
    with Project.create(base, annotator="bob") as p:
        p.import_paths([source])
    t = ODD[0]
    states = [
        {"id": "a1", "doc_id": 1, "layer": "bob", "kind": "MENTION", "start": 0, "end": 5,
         "text": t[0:5], "label": "GPE", "attrs": "{}", "origin": "import",
         "created_at": "2026-01-01T00:00:00", "updated_at": "2026-01-01T00:00:00",
         "deleted_at": None},
        {"id": "a2", "doc_id": 1, "layer": "bob", "kind": "STATEMENT", "start": 6, "end": len(t),
         "text": t[6:], "label": "COMMITMENT",
         "attrs": json.dumps({"holder": "KOR", "note": "é \"q\""}, ensure_ascii=False,
                             sort_keys=True),
         "origin": None, "created_at": "2026-01-02T00:00:00",
         "updated_at": "2026-01-03T00:00:00", "deleted_at": "2026-01-04T00:00:00"},
        {"id": "a3", "doc_id": 2, "layer": "ann\u00e9", "kind": "MENTION", "start": 0, "end": 5,
         "text": "plain", "label": "ORG", "attrs": "{}", "origin": "import",
         "created_at": "2026-01-01T00:00:00", "updated_at": "2026-01-01T00:00:00",
         "deleted_at": None},
    ]
    sources = ["in.jsonl:1", None, "in.jsonl:2"]
    written = {}
    for way in ("apply", "insert_new"):
        path = tmp_path / f"{way}.annotator"
        shutil.copy(base, path)
        with Project.open(path, annotator="bob") as p, p.db.atomic():
            if way == "apply":
                changes.apply(p.db, "bob", [
                    changes.Change("annotation", s["id"], s["doc_id"], s, "import", src,
                                   before=None) for s, src in zip(states, sources)])
            else:
                changes.insert_new(p.db, "bob", "import",
                                   [tuple(s[c] for c in ann_store.COLUMNS) for s in states],
                                   sources)
        with Project.open(path) as p:
            written[way] = ([tuple(r) for r in p.db.execute(
                "SELECT * FROM annotations ORDER BY id")], [tuple(r) for r in p.db.execute(
                    "SELECT who, op, entity, entity_id, doc_id, before, after, source FROM events"
                    " WHERE entity = 'annotation' ORDER BY id")])
    assert written["apply"] == written["insert_new"]
    assert len(written["apply"][1]) == 3
    for (*_, after, _source), state in zip(written["insert_new"][1], states):
        assert after == events._ENCODE(state)  # the JSON encoder's text, as every state's


# Any text a project can store: no NUL, no lone surrogate (both refused at import, E237)
STORABLE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@settings(max_examples=300, deadline=None)
@given(text=STORABLE, label=STORABLE, attrs=st.dictionaries(STORABLE, STORABLE, max_size=3),
       origin=st.one_of(st.none(), STORABLE), number=st.integers(0, 2**62))
def test_sqlite_spells_a_new_rows_state_as_the_json_encoder(text, label, attrs, origin, number):
    """The events of `insert_new` are spelled by SQLite's json_object: for every storable
    value, the same text as the JSON encoder writes for the state in every other event."""
    import sqlite3

    state = {"id": f"x{number}", "doc_id": number, "layer": label, "kind": "MENTION",
             "start": number, "end": number + 1, "text": text, "label": label,
             "attrs": json.dumps(attrs, ensure_ascii=False, sort_keys=True), "origin": origin,
             "created_at": text, "updated_at": label, "deleted_at": None}
    conn = sqlite3.connect(":memory:")
    conn.execute('CREATE TABLE annotations (id TEXT PRIMARY KEY, doc_id INTEGER, layer TEXT,'
                 ' kind TEXT, start INTEGER, "end" INTEGER, text TEXT, label TEXT, attrs TEXT,'
                 ' origin TEXT, created_at TEXT, updated_at TEXT, deleted_at TEXT)')
    conn.execute(f"INSERT INTO annotations VALUES ({', '.join('?' * 13)})",
                 [state[c] for c in ann_store.COLUMNS])
    spelled = conn.execute(f"SELECT {events._ROW_STATE} FROM annotations AS a").fetchone()[0]
    assert spelled == events._ENCODE(state)


def _run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def test_a_refused_record_in_one_pass_is_reported_as_on_two_commands(tmp_path: Path) -> None:
    source = _doccano_file(tmp_path / "in.jsonl", "code-points")
    results = {}
    for way in ("one", "two"):
        project = tmp_path / f"{way}.annotator"
        if way == "two":
            assert _run("import", project, source)[0] == 0
        code, output = _run("import-layer", project, source, "--layer", "bob",
                            "--format", "doccano")
        assert code == 1, output
        assert f"[E711] line 5 of {source}" in output, output
        assert f"[E237] line 6 of {source}" in output and "[E320]" in output, output
        with Project.open(project) as p:
            results[way] = p.db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0]
        code, output = _run("import-layer", tmp_path / f"{way}-strict.annotator", source,
                            "--layer", "bob", "--format", "doccano", "--strict")
        assert code == 1 and "nothing was imported (--strict)" in output, output
        assert not (tmp_path / f"{way}-strict.annotator").exists()
    assert results == {"one": 9, "two": 9}  # the good records went in
