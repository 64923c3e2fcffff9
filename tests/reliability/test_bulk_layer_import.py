"""The quick paths of a bulk layer import store exactly what the general ones store.

A doccano record whose spans are plain `[start, end, "LABEL"]` triples is read without the
general loop; a line with no `\\u` escape of a NUL or a surrogate skips the walk that looks for
one; an annotation's state is written to the event log by a template instead of the JSON
encoder. Each is checked here against the path it shortcuts, on text with emoji, CRLF and
combining characters (offsets are code points)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.exchange import LayerImportError
from annotator.formats.export_options import LayerImportOptions
from annotator.project import Project
from annotator.store import events
from annotator.store.database import BUILD_CACHE_KIB, bulk_cache
from tests.reliability.test_batched_writes import TEXTS, snapshot

LABELS = ("GPE", "PERSON", "ORG", "NORP")


def utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def _doccano_file(path: Path, unit: str) -> Path:
    """Every TEXT with spans on each capitalised word; one record with slots, one with a bad
    offset (refused, E711), one with a NUL escaped in its label (refused, E237)."""
    lines = []
    for i, text in enumerate(TEXTS):
        at = (lambda k, text=text: utf16(text, k)) if unit == "utf-16" else (lambda k: k)
        words = sorted((k, k + len(w)) for k, w in ((text.index(w), w) for w in
                                              ("Seoul", "Japan", "Tokyo", "Moscow", "Hanoi",
                                               "Pyongyang", "Manila", "Beijing") if w in text))
        label = [[at(s), at(e), LABELS[(i + n) % 4]] for n, (s, e) in enumerate(words)]
        record = {"text": text, "label": label, "meta": {"offsets": unit}}
        if i == 2:
            record["attrs"] = {"0": {"actor_id": "RUS"}}
        lines.append(json.dumps(record, ensure_ascii=i % 2 == 0))  # \u escapes in some lines
    lines.append(json.dumps({"text": TEXTS[0], "label": [[0, True, "GPE"]]}))
    lines.append(json.dumps({"text": TEXTS[1], "label": [[0, 4, "G\u0000PE"]]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("unit", ["utf-16", "code-points"])
def test_doccano_in_batches_stores_what_one_by_one_stores(tmp_path: Path, unit: str) -> None:
    source = _doccano_file(tmp_path / "in.jsonl", unit)
    base = tmp_path / "base.annotator"
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"text": TEXTS[0]}, ensure_ascii=False), encoding="utf-8")
    with Project.create(base, annotator="bob") as p:
        p.import_paths([docs])
    results = {}
    options = LayerImportOptions(format="doccano", layer="bob", doccano_offsets=unit)
    for batch in (1, 1000):
        path = tmp_path / f"b{batch}.annotator"
        shutil.copy(base, path)
        with Project.open(path, annotator="bob") as p:
            reports = [p.import_layer(source, options, batch=batch) for _ in range(2)]
            spans = [(a.start, a.end, a.text, a.label, a.attrs) for doc in p.documents()
                     for a in p.annotations(doc.id)]
        results[batch] = ([r.summary() for r in reports],
                          [[(x.line, x.code) for x in r.problems] for r in reports], spans,
                          snapshot(path))
    assert results[1000] == results[1]
    summaries, problems, spans, _ = results[1]
    assert problems == [[(5, "E711"), (6, "E237")]] * 2
    assert "9 annotation(s) added" in summaries[0] and "0 annotation(s) added" in summaries[1]
    for start, end, text, _, _ in spans:  # code points into the stored text, whatever the unit
        assert any(t[start:end] == text for t in TEXTS)
    assert {s[2] for s in spans if s[4]} == {"Moscow"}  # the record with slots


@pytest.mark.parametrize("escape, refused", [
    ("\\u0000", True), ("\\uD800", True), ("\\udfff", True), ("\\ud83d\\ude00", False),
    ("\\u00e9", False), ("\\\\u0000", False),  # the last: a backslash, then "u0000"
])
@pytest.mark.parametrize("where", ["text", "label", "title"])
def test_nul_and_lone_surrogate_escapes_are_refused_in_any_field(tmp_path: Path, escape: str,
                                                                 refused: bool,
                                                                 where: str) -> None:
    text = '"Seoul ' + (escape if where == "text" else "") + ' agreed."'
    label = '"GPE' + (escape if where == "label" else "") + '"'
    title = '"T' + (escape if where == "title" else "") + '"'
    record = (f'{{"text": {text}, "label": [[0, 5, {label}]],'
              f' "meta": {{"offsets": "code-points", "title": {title}}}}}')
    source = tmp_path / "in.jsonl"
    source.write_text(record + "\n", encoding="utf-8")
    with Project.create(tmp_path / "p.annotator", annotator="bob") as p:
        report = p.import_layer(source, LayerImportOptions(format="doccano", layer="bob"))
        codes = [x.code for x in report.problems]
        if refused:
            assert codes == ["E237"] and p.stats()["documents"] == 0
        elif where == "label":  # a label that is not the scheme's: refused for that
            assert codes == ["E713"]
        else:
            assert codes == [] and [a.text for a in p.annotations(1)] == ["Seoul"]


@pytest.mark.parametrize("item, reason", [
    ([0, True, "GPE"], "entity 1: end must be a whole number, not True"),
    ([0.0, 5, "GPE"], "entity 1: start must be a whole number, not 0.0"),
    (["0", 5, "GPE"], "entity 1: start must be a whole number, not '0'"),
    ([0, 5, ""], "entity 1 has no label"),
    ([0, 5], "each \"label\" item must be [start, end, \"LABEL\"], not [0, 5]"),
    ({"start": 0}, "each \"label\" item must be [start, end, \"LABEL\"], not {'start': 0}"),
    ([7, 5, "GPE"], "GPE span 7-5 is outside the text (0-19)"),
    ([0, 5, "NOPE"], "label 'NOPE' is not in scheme"),
])
def test_doccano_spans_that_are_not_plain_get_the_general_loops_message(tmp_path: Path,
                                                                        item: list,
                                                                        reason: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Seoul agreed today.", "label": [[0, 5, "GPE"], item]})
                      + "\n", encoding="utf-8")
    with Project.create(tmp_path / "p.annotator", annotator="bob") as p:
        report = p.import_layer(source, LayerImportOptions(format="doccano", layer="bob"))
        assert [x.line for x in report.problems] == [1]
        assert reason in str(report.problems[0]), str(report.problems[0])
        assert p.stats()["documents"] == 0


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, label=_TEXT, layer=_TEXT, attrs=st.dictionaries(_TEXT, _TEXT, max_size=2),
       doc_id=st.integers(-2**63, 2**63 - 1), start=st.integers(0, 10**9),
       deleted=st.one_of(st.none(), _TEXT), odd=st.sampled_from(
           [None, "attrs-dict", "bool-doc", "float-end", "extra-key", "other-key", "none-text"]))
def test_an_annotation_state_is_spelled_as_the_json_encoder_spells_it(
        text, label, layer, attrs, doc_id, start, deleted, odd) -> None:
    state = {"id": "a" * 32, "doc_id": doc_id, "layer": layer, "kind": "MENTION",
             "start": start, "end": start + 3, "text": text, "label": label,
             "attrs": json.dumps(attrs, ensure_ascii=False, sort_keys=True),
             "origin": "import", "created_at": "2026-12-07T09:00:00.000+00:00",
             "updated_at": "2026-12-07T09:00:00.000+00:00", "deleted_at": deleted}
    if odd == "attrs-dict":
        state["attrs"] = attrs
    elif odd == "bool-doc":
        state["doc_id"] = True
    elif odd == "float-end":
        state["end"] = 3.0
    elif odd == "extra-key":
        state["gold"] = None
    elif odd == "other-key":
        state["other"] = state.pop("origin")
    elif odd == "none-text":
        state["text"] = None
    expected = json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert events._state_json(state) == expected
    assert json.loads(events._state_json(state)) == state


def test_explicit_ids_in_any_script_are_found_again(tmp_path: Path) -> None:
    """Annotations are read back by id in one query (a JSON array unpacked by SQLite): ids with
    emoji, CJK, quotes or a backslash must come back, or a second import would add them again."""
    text = TEXTS[0]
    ids = ["id-🇰🇷-1", "標識-2", 'q"uote\\3', "tab\t4"]
    spans = [{"start": s, "end": s + 5, "label": "GPE", "id": i}
             for i, s in zip(ids, (text.index("Seoul"), text.index("Japan"), 0, 6))]
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": text, "spans": spans, "meta": {"layer": "bob"}},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    with Project.create(tmp_path / "p.annotator", annotator="bob") as p:
        first = p.import_layer(source, LayerImportOptions(format="jsonl"))
        second = p.import_layer(source, LayerImportOptions(format="jsonl"))
        assert (first.created, second.created, second.updated) == (4, 0, 4)  # found: no times
        assert sorted(a.id for a in p.annotations(1)) == sorted(ids)


def _cache(p: Project) -> int:
    return int(p.db.execute("PRAGMA cache_size").fetchone()[0])


@pytest.mark.parametrize("strict", [False, True])
def test_a_layer_import_writes_with_a_larger_page_cache_and_puts_it_back(tmp_path: Path,
                                                                         strict: bool) -> None:
    """Into a project in use (WAL, SQLite's 2 MB cache) the annotations are written with the
    cache raised (their random ids), which is put back after the commit, or after a refused
    (--strict) import rolled back."""
    source = _doccano_file(tmp_path / "in.jsonl", "code-points")
    with Project.create(tmp_path / "p.annotator", annotator="bob") as p:
        p.import_paths([source])
        default = _cache(p)
        seen: list[str] = []
        p.db.conn.set_trace_callback(seen.append)
        try:
            p.import_layer(source, LayerImportOptions(format="doccano", layer="bob",
                                                      strict=strict))
        except LayerImportError:
            assert strict
        p.db.conn.set_trace_callback(None)
        assert _cache(p) == default == -2000
        raised = seen.index(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
        begin = seen.index("BEGIN IMMEDIATE")
        assert raised < begin < seen.index(f"PRAGMA cache_size = {default}")
        assert any(s.startswith("INSERT INTO annotations") for s in seen) is not strict
        assert p.db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == (0 if strict
                                                                                  else 9)


def test_the_larger_cache_never_lowers_one(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.annotator", annotator="bob") as p:
        for size in (-4 * BUILD_CACHE_KIB, BUILD_CACHE_KIB):  # KiB, and pages of 4 KiB
            p.db.execute(f"PRAGMA cache_size = {size}")
            with bulk_cache(p.db):
                assert _cache(p) == size
            assert _cache(p) == size
        p.db.execute("PRAGMA cache_size = 100")  # pages
        with pytest.raises(KeyError), bulk_cache(p.db):
            assert _cache(p) == -BUILD_CACHE_KIB
            raise KeyError
        assert _cache(p) == 100
