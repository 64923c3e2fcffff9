"""What `suggest` stores is exactly what extraction found, whichever path it took: the cue
component across worker processes, the array-based sentence bounds, the writer thread and its
single-statement inserts. And a failing writer stops the run without a half chunk."""

from __future__ import annotations

import json
import sqlite3

import pytest

pytest.importorskip("spacy")

from annotator.nlp.candidates import sentence_bounds
from annotator.nlp.cues import COMPONENT, USER_DATA_KEY
from annotator.nlp.layout import doc_layouts
from annotator.project import Project

TEXTS = [
    "Panetta reaffirmed to his South Korean counterpart the U.S. commitment to extended "
    "deterrence. 🇰🇷 The DPRK warned Japan.",
    "\r\n\r\n  Seoul vowed to oppose the test.\r\n\r\nWashington pledged support to NATO.  \n",
    "Cafe\u0301 owners in Tokyo said nothing. Japan\u00a0urged restraint. “We will not tolerate "
    "it,” the Pentagon said \\ twice.",
    "",
    "   \n\t ",
    "No actors here, only words. None at all",
]


def _key(s):
    return (s.start, s.end, s.kind, s.label, s.actor_id, s.ambiguous, s.score,
            json.dumps(s.attrs, sort_keys=True))


def _import(project, tmp_path, texts):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps({"title": f"t{i}", "text": t})
                              for i, t in enumerate(texts)), encoding="utf-8")
    report = project.import_paths([path])
    return report.doc_ids


@pytest.fixture(scope="module")
def suggester(tmp_path_factory):
    with Project.create(tmp_path_factory.mktemp("s") / "s.annotator") as project:
        return project.load_suggester("builtin")


def test_stored_suggestions_equal_what_extraction_finds(project, tmp_path, suggester):
    ids = _import(project, tmp_path, TEXTS)
    assert len(ids) == 4  # the empty and the blank text are refused by the importer
    project.suggest(suggester=suggester)
    for doc_id in ids:
        text = project.document(doc_id).text
        stored = sorted(map(_key, project.suggestions(doc_id)))
        assert stored == sorted(map(_key, suggester.one(text)))
    types = project.db.execute(
        "SELECT DISTINCT typeof(start), typeof(score), typeof(ambiguous), typeof(attrs)"
        " FROM suggestions WHERE kind = 'STATEMENT'").fetchall()
    assert types == [("integer", "real", "integer", "text")]


def _trimmed(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _bounds(doc, text):
    return sentence_bounds(text, doc_layouts([doc])[0].cuts)


def _sents_split_at_blank_lines(doc, text):
    """What sentence_bounds promises: spaCy's sentences, cut at every blank line, trimmed."""
    import re
    from itertools import pairwise

    out = []
    for sent in doc.sents if len(doc) else []:
        a, b = sent.start_char, sent.end_char
        cuts = [a, *(a + m.end() for m in re.finditer(r"\n[^\S\n]*\n", text[a:b])), b]
        for start, end in pairwise(cuts):
            start, end = _trimmed(text, start, end)
            if start < end:
                out.append((start, end))
    return out


def test_sentence_bounds_are_doc_sents_trimmed_and_cut_at_blank_lines(suggester):
    nlp = suggester.loaded.nlp
    for text in [*TEXTS, "One.  Two!\n\n\nThree?", "\n\nLeading. Trailing.\n\n",
                 "Monday, January 7, 2019\n\nUnited States President Donald Trump said so.",
                 "A heading\r\n \r\nA paragraph that runs on\nover a line. Next one."]:
        doc = nlp(text)
        starts, ends = _bounds(doc, text)
        assert list(zip(starts, ends)) == _sents_split_at_blank_lines(doc, text), text


def test_a_dateline_is_a_sentence_of_its_own(suggester):
    text = "Monday, January 7, 2019\n\nUnited States President Donald Trump said so."
    starts, ends = _bounds(suggester.loaded.nlp(text), text)
    assert [text[s:e] for s, e in zip(starts, ends)] == [
        "Monday, January 7, 2019", "United States President Donald Trump said so."]


def test_cues_cross_worker_processes(project, tmp_path, suggester):
    assert suggester.loaded.nlp.pipe_names[-1] == COMPONENT
    doc = suggester.loaded.nlp(TEXTS[0])
    assert [cue for *_, cue in doc.user_data[USER_DATA_KEY]] == [
        "reaffirm", "commitment", "extended_deterrence", "warn"]
    ids = _import(project, tmp_path, [f"{text} Day {i}." for i in range(3) for text in TEXTS])
    summary = project.suggest(suggester=suggester, n_process=2, batch_size=2)
    assert summary["documents"] == len(ids) >= 12
    for doc_id, text in project.db.execute("SELECT id, text FROM documents"):
        assert sorted(map(_key, project.suggestions(doc_id))) == \
            sorted(map(_key, suggester.one(text)))


def test_a_failing_writer_stops_the_run_and_keeps_committed_chunks(project, tmp_path, suggester,
                                                                   monkeypatch):
    import annotator.project.suggesting as suggesting
    from annotator.store import suggestions as store

    monkeypatch.setattr(suggesting, "SUGGEST_CHUNK", 2)
    _import(project, tmp_path, [f"Japan pledged support to NATO on day {i}." for i in range(9)])
    real = store.store_encoded
    calls = {"n": 0}

    def fail_on_third(db, pipeline, chunk):
        calls["n"] += 1
        if calls["n"] == 3:
            real(db, pipeline, chunk)  # written, then the transaction must roll back
            raise sqlite3.OperationalError("disk I/O error")
        return real(db, pipeline, chunk)

    monkeypatch.setattr(store, "store_encoded", fail_on_third)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        project.suggest(suggester=suggester)
    assert calls["n"] == 3  # no chunk was written after the failure
    finished = {r["doc_id"] for r in project.db["suggestion_runs"].rows}
    assert len(finished) == 4  # two whole chunks; nothing of the third
    sentences = project.db.execute(
        "SELECT COUNT(*) FROM suggestions WHERE kind = 'SENTENCES'").fetchone()[0]
    assert sentences == 4
    monkeypatch.setattr(store, "store_encoded", real)
    summary = project.suggest(suggester=suggester)  # resumes with the rest
    assert (summary["documents"], summary["remaining"]) == (5, 0)


def test_suggest_keeps_the_token_boundaries_exports_use(project, tmp_path, suggester):
    from annotator.formats.tokens import export_tokenizer_key, spacy_encoded
    from annotator.store import doc_tokens

    ids = _import(project, tmp_path, TEXTS)
    assert suggester.tokenizer_key == export_tokenizer_key()  # the built-in pipeline's tokenizer
    project.suggest(suggester=suggester)
    stored = doc_tokens.load(project.db, export_tokenizer_key(), ids)
    assert sorted(stored) == sorted(ids)
    for doc_id in ids:
        assert stored[doc_id] == spacy_encoded(project.document(doc_id).text)


def test_a_batch_layout_is_each_docs_own(suggester):
    """Sentence starts and token blobs read for a whole batch are what each Doc has alone:
    with empty texts between, emoji, CRLF, combining marks, and a batch where one token is
    too long for a byte (that batch packs Doc by Doc, each as wide as it needs)."""
    from annotator.core import token_codec
    from annotator.formats.tokens import spacy_encoded

    nlp = suggester.loaded.nlp
    texts = [*TEXTS, "", "One.  Two!\n\n\nThree?", "   ", "\n\nLeading. Trailing.\n\n",
             "Cafe\u0301 talks \U0001F91D ended.\r\nSeoul agreed. Then?", ""]
    long = ["See " + "x" * 200 + " now. Fine.", *texts]
    for batch in (texts, long):
        docs = list(nlp.pipe(batch))
        layouts = doc_layouts(docs, with_tokens=True)
        assert len(layouts) == len(batch)
        for text, doc, (cuts, blob) in zip(batch, docs, layouts):
            assert cuts == [sent.start_char for sent in doc.sents] if len(doc) else cuts == []
            assert blob == spacy_encoded(text), text
            starts, ends, _ = token_codec.decode(blob)
            assert starts == [t.idx for t in doc] and ends == [t.idx + len(t) for t in doc]
    assert doc_layouts([]) == []
    assert doc_layouts(list(nlp.pipe(texts)))[0].tokens is None


def test_encoded_rows_are_the_flat_rows():
    """One chunk's rows as one flat JSON array of [doc_id, *row], shared attrs dicts, escapes,
    emoji and tuples included."""
    from annotator.store.suggestions import encode_results

    shared = {"cue": "pledge", "type": "COMMITMENT", "topic": ["alliance"]}
    rows_a = [(0, 5, "MENTION", "GPE", "USA", 0, 1.0, None),
              (9, 14, "MENTION", "GPE", "USA", 0, 1.0, None),
              (20, 26, "CUE", "CUE", None, 0, 0.9, shared),
              (30, 36, "CUE", "CUE", None, 0, 0.9, shared),
              (40, 46, "CUE", "CUE", None, 0, 0.9, dict(shared)),
              (50, 56, "MENTION", "GPE", None, 1, 1.0, {"candidates": ["USA", "GBR"]}),
              (60, 66, "MENTION", "GPE", None, 1, 1.0, {"candidates": ["KOR", "PRK"]}),
              (70, 71, "MENTION", "PERSON", "J\u00e9r\u00f4me \"Q\" \U0001F91D", 0, None, None)]
    rows_b = [(0, 80, "STATEMENT", "COMMITMENT", "USA", 0, 0.95, {"type": "COMMITMENT"}),
              (0, 99, "SENTENCES", "SENT", None, 0, None, {"bounds": [(0, 40), (41, 99)]})]
    encoded = encode_results([(7, rows_a), (8, rows_b), (9, [])])
    expected = [[7, *row] for row in rows_a] + [[8, *row] for row in rows_b]
    assert json.loads(encoded.rows) == json.loads(json.dumps(expected))
    assert json.loads(encoded.doc_ids) == [7, 8, 9]
    assert (encoded.n_docs, encoded.n_rows) == (3, 10)


def test_suggestions_handed_out_share_nothing(suggester):
    """Rows share one attrs dict per cue; the Suggestions handed to callers must not: editing
    one (its topic list, its candidates) changes no other."""
    text = ("Seoul pledged support for extended deterrence. Seoul pledged support for "
            "extended deterrence again. The Congo and the Congo met.")
    first = suggester.one(text)
    for s in first:
        for value in s.attrs.values():
            if isinstance(value, list):
                value.append("edited")
        s.attrs["edited"] = True
    again = suggester.one(text)
    assert [s.attrs for s in again] != [s.attrs for s in first]
    assert not any("edited" in s.attrs or "edited" in json.dumps(s.attrs) for s in again)
    assert any(s.kind == "CUE" and s.attrs.get("topic") for s in again)
    assert any(s.attrs.get("candidates") for s in again)
