"""Token boundaries kept in the project: exports read them instead of tokenizing and write the
same bytes either way; a document without a usable row is tokenized as before."""

from __future__ import annotations

import pytest
import srsly
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import cli
from annotator.core.exchange import SpanRecord
from annotator.core.token_codec import decode
from annotator.formats.export_base import RawJson, _escaped, json_line, prodigy_tokens
from annotator.formats.export_options import ExportOptions
from annotator.formats.tokens import (
    _split,
    _split_around,
    align,
    boundaries,
    export_tokenizer_key,
    spacy_boundaries,
    spacy_encoded,
)
from annotator.project import exporting
from annotator.store import doc_tokens
from tests.formats.builders import TEXT_1, TEXT_2, make_project

FORMATS = ["jsonl", "prodigy", "doccano", "doccano-rel", "spacy", "csv"]
WITH_TOKENS = {"jsonl", "prodigy", "spacy"}
PIECES = ["Seoul", " ", "  ", "\r\n", "\n\n", "\t", "🇰🇷", "👍🏽", "Cafe\u0301", "U.S.", "Kwan-jin",
          ",", "\"no\"", "don't", "中文", "e\u0301", ".", "a/b", "\\", "\",\"", "\",", "\x00",
          "\u2028"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def export(project, out, fmt, **options):
    report = project.export(out, ExportOptions(format=fmt, layer="all", status="any",
                                               **{"tokens": True, **options}))
    return out.read_bytes(), report


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory):
    """Every format from one project, before and after its token boundaries were stored."""
    folder = tmp_path_factory.mktemp("stored")
    with make_project(folder / "a.annotator") as project:
        cold = {fmt: export(project, folder / f"cold.{fmt}", fmt) for fmt in FORMATS}
        stored = project.store_tokens()
        warm = {fmt: export(project, folder / f"warm.{fmt}", fmt) for fmt in FORMATS}
    return cold, warm, stored


@pytest.mark.parametrize("fmt", FORMATS)
def test_stored_tokens_give_the_same_bytes_in_every_format(before_and_after, fmt):
    cold, warm, stored = before_and_after
    assert stored == {"documents": 3, "remaining": 0, "stored_before": 0}
    assert warm[fmt][0] == cold[fmt][0]
    assert cold[fmt][1].misaligned == warm[fmt][1].misaligned
    # two documents have layers; each is tokenized once, not once per layer
    assert cold[fmt][1].tokenized == (2 if fmt in WITH_TOKENS else 0)
    assert warm[fmt][1].tokenized == 0


def test_a_missing_stale_or_damaged_row_is_tokenized_instead(tmp_path):
    with make_project(tmp_path / "a.annotator") as project:
        project.store_tokens()
        expected, report = export(project, tmp_path / "stored.jsonl", "jsonl")
        assert report.tokenized == 0
        key = export_tokenizer_key()
        good = doc_tokens.load(project.db, key, [1])[1]
        for tokenizer, data in [("spacy-0.0.0/0000000000000000", good),  # another tokenizer's
                                (key, bytes([99]) + good[1:]),  # a format we do not know
                                (key, good[:-1]),  # cut short: does not cover the text
                                (key, spacy_encoded(TEXT_2)),  # another text's
                                (key, None)]:  # no row at all
            with project.db.atomic():
                project.db.execute("DELETE FROM doc_tokens WHERE doc_id = 1")
                if data is not None:
                    doc_tokens.save(project.db, tokenizer, [(1, data)])
            got, report = export(project, tmp_path / "out.jsonl", "jsonl")
            assert got == expected and report.tokenized == 1, tokenizer


@pytest.mark.parametrize("text", ["", " ", "   \n\t  ", "a  b", "Seoul 🇰🇷 pledged\r\nsupport.",
                                  "Cafe\u0301 e\u0301 👍🏽.", "x" * 100_000 + " tail", TEXT_1])
def test_stored_boundaries_are_exactly_spacys(text):
    blob = spacy_encoded(text)
    assert decode(blob) == spacy_boundaries(text)
    assert boundaries(text, blob) == (spacy_boundaries(text), True)
    assert boundaries(text + " ", blob)[1] is False  # not this text's: tokenized instead


def test_store_tokens_resumes_where_it_stopped_and_replaces_stale_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(exporting, "TOKENS_CHUNK", 1)
    with make_project(tmp_path / "a.annotator") as project:
        with project.db.atomic():
            doc_tokens.save(project.db, "spacy-0.0.0/stale", [(3, spacy_encoded(TEXT_2))])
        asked = []
        first = project.store_tokens(should_stop=lambda: bool(asked.append(1)) or len(asked) > 1)
        assert first == {"documents": 1, "remaining": 2, "stored_before": 0}
        progress = []
        second = project.store_tokens(progress=lambda done, total: progress.append((done, total)))
        assert second == {"documents": 2, "remaining": 0, "stored_before": 1}
        assert progress == [(0, 2), (1, 2), (2, 2)]
        assert project.store_tokens()["documents"] == 0
        key = export_tokenizer_key()
        rows = project.db.execute("SELECT doc_id, tokenizer, data FROM doc_tokens ORDER BY 1")
        texts = dict(project.db.execute("SELECT id, text FROM documents").fetchall())
        for doc_id, tokenizer, data in rows:
            assert tokenizer == key and decode(data) == spacy_boundaries(texts[doc_id])


def test_the_tokens_command_stores_what_is_missing(tmp_path):
    make_project(tmp_path / "a.annotator").close()
    runner = CliRunner()
    result = runner.invoke(cli, ["tokens", str(tmp_path / "a.annotator")])
    assert result.exit_code == 0, result.output
    assert "Token boundaries stored for 3 document(s)" in result.output
    assert "0 had them already" in result.output
    result = runner.invoke(cli, ["tokens", str(tmp_path / "a.annotator")])
    assert "stored for 0 document(s); 3 had them already." in result.output


def token_dicts(tokens, text):
    """The token objects as Prodigy has them, built the plain way."""
    return [{"text": text[s:e], "start": s, "end": e, "id": i, "ws": w}
            for i, (s, e, w) in enumerate(zip(tokens.starts, tokens.ends, tokens.ws))]


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.data())
def test_token_objects_are_written_as_srsly_writes_them(text, data):
    points = st.integers(0, len(text))
    pairs = data.draw(st.lists(st.tuples(points, points), max_size=4))
    spans = [SpanRecord(min(a, b), max(a, b), "X") for a, b in pairs if a != b]
    tokens = align(text, *spacy_boundaries(text), spans)
    assert prodigy_tokens(tokens, text) == srsly.json_dumps(token_dicts(tokens, text))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet='",\\a/é\n🏽', max_size=5), min_size=1, max_size=8))
def test_each_token_text_is_escaped_as_srsly_escapes_it(words):
    assert _escaped(words) == [srsly.json_dumps(word)[1:-1] for word in words]


def test_a_token_ending_in_a_quote_and_comma_is_not_cut_in_two():
    """Found by the property test above: a span cut '🏽","Seoul' into '🏽",' and '"Seoul',
    and `","` then also appears inside a word."""
    text = 'Seoul    👍🏽","Seoul'
    tokens = align(text, *spacy_boundaries(text), [SpanRecord(0, 13, "X")])
    assert '🏽",' in tokens.words(text)
    assert prodigy_tokens(tokens, text) == srsly.json_dumps(token_dicts(tokens, text))


@pytest.mark.parametrize("keys", [["a", "raw", "b"], ["raw", "a"], ["a", "raw"], ["raw"],
                                  ["raw", "raw2", "a"], ["a", "b"]])
def test_a_line_with_raw_json_is_the_line_srsly_writes(keys):
    values = {"a": {"x": "é/\"q\"", "n": [1, 2.5, None]}, "b": "\u2028\\", "raw": [{"t": "ü"}],
              "raw2": []}
    line = {k: RawJson(srsly.json_dumps(values[k])) if k.startswith("raw") else values[k]
            for k in keys}
    expected = srsly.json_dumps({k: values[k] for k in keys}) + "\n"
    assert json_line(line) == expected.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_splitting_around_the_cuts_is_splitting_every_token(text, data):
    starts, ends, ws = spacy_boundaries(text)
    points = st.integers(0, len(text))
    need_start = set(data.draw(st.lists(points, max_size=5))) - set(starts)
    need_end = set(data.draw(st.lists(points, max_size=5))) - set(ends)
    assert (_split_around(starts, ends, ws, need_start, need_end)
            == _split(starts, ends, ws, need_start, need_end))
