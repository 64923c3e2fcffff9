"""One very long document no longer stops pre-highlighting: it goes through the pipeline in
pieces joined back with exact offsets, in the run's own thread and in the extraction process,
and its stored token boundaries are the ones an export would make; import warns about it."""

from __future__ import annotations

import json
import sqlite3

import pytest

pytest.importorskip("spacy")

from annotator.core.token_codec import decode
from annotator.formats.tokens import export_tokenizer_key, spacy_encoded
from annotator.nlp import suggest
from annotator.nlp.suggest import PIECE_CHARS, split_long
from annotator.project import Project

PARAGRAPH = ("Panetta reaffirmed to his South Korean counterpart the US commitment to extended "
             "deterrence for the ROK. \U0001f1f0\U0001f1f7 Cafe\u0301 owners in Seoul said the "
             "DPRK warned Japan.\r\n\r\nWashington pledged support to NATO.\n\n")


FILLER = "The committee met again on Tuesday and talked about the budget at length. " * 30


def _long_text(n_chars: int) -> str:
    unit = PARAGRAPH + FILLER + "\n\n"
    text = unit * (n_chars // len(unit) + 1)
    return text[:n_chars].rstrip() + " The end."


def _key(s):
    return (s.start, s.end, s.kind, s.label, s.actor_id, s.ambiguous, s.score,
            json.dumps(s.attrs, sort_keys=True))


@pytest.mark.parametrize("text", [
    _long_text(350_000),
    "x" * 250_001,  # no break anywhere: cut at the limit
    ("word " * 30_000) + ("\U0001f600" * 120_000) + "\r\n" * 70_000,
])
def test_pieces_join_back_exactly_and_respect_the_limit(text):
    pieces = split_long(text, PIECE_CHARS)
    assert "".join(pieces) == text
    assert len(pieces) > 1 and all(0 < len(p) <= PIECE_CHARS for p in pieces)
    if "\n\n" in text:
        assert all(p.endswith("\n\n") for p in pieces[:-1])


def test_a_long_text_gets_the_suggestions_of_the_whole_text(project, monkeypatch):
    suggester = project.load_suggester("builtin")
    text = _long_text(130_000)
    with monkeypatch.context() as whole_text:  # the whole text at once, for comparison
        whole_text.setattr(suggest, "PIECE_CHARS", 10_000_000)
        whole = sorted(map(_key, suggester.one(text)))
    (facts,), tokens = suggester.findings([text])
    assert tokens.counts[0] == len(suggester.loaded.nlp.tokenizer(text))
    assert all(text[s:e] for s, e, *_ in facts.ents) and facts.cues
    assert sorted(map(_key, suggester.one(text))) == whole
    assert whole and all(text[s[0]:s[1]] for s in whole)


@pytest.mark.parametrize("separate_process", [False, True], ids=["in-thread", "process"])
def test_a_1_040_000_character_document_does_not_stop_pre_highlighting(tmp_path, separate_process):
    """It imported without a word, then every `suggest` failed with E999 (spaCy's max_length)."""
    path = tmp_path / "docs.jsonl"
    long_text = _long_text(1_040_000)
    path.write_text(json.dumps({"title": "Everything at once", "text": long_text}) + "\n"
                    + json.dumps({"title": "Short", "text": PARAGRAPH}) + "\n", encoding="utf-8")
    with Project.create(tmp_path / "p.annotator", annotator="alice") as project:
        report = project.import_paths([path])
        assert report.imported == 2
        warnings = [p for p in report.problems if p.code == "W402"]
        assert len(warnings) == 1 and "'Everything at once'" in warnings[0].reason
        assert "1,040," in warnings[0].reason and warnings[0].line == 1
        result = project.suggest(model="builtin", separate_process=separate_process)
        assert result["documents"] == 2 and result["remaining"] == 0
        long_id = next(d.id for d in project.documents() if d.title == "Everything at once")
        stored = project.suggestions(long_id)
        mentions = [s for s in stored if s.kind == "MENTION"]
        assert len(mentions) > 2_000  # found all the way to the end, offsets exact
        assert max(s.end for s in mentions) > 1_030_000
        for s in mentions[::97]:
            assert long_text[s.start:s.end] in {"Panetta", "South Korean", "ROK", "Seoul", "DPRK",
                                                 "Japan", "Washington", "NATO", "US"}, s
    conn = sqlite3.connect(tmp_path / "p.annotator")
    row = conn.execute("SELECT tokenizer, data FROM doc_tokens WHERE doc_id = ?",
                       [long_id]).fetchone()
    conn.close()
    assert row is not None and row[0] == export_tokenizer_key()
    assert decode(row[1]) == decode(spacy_encoded(long_text))  # what an export would make


def test_the_pieces_findings_are_shifted_to_the_texts_offsets():
    """Entities, cues and the parse's clauses (subject and object of a verb) of each piece."""
    from annotator.nlp.candidates import DocFacts
    from annotator.nlp.clauses import Clause

    first = DocFacts([(0, 5, "GPE", "KOR")], [(6, 12, "pledge")], (Clause(6, (0, 5), (13, 20)),))
    second = DocFacts([(2, 7, "GPE", "JPN")], [], (Clause(8, (2, 7), None),))
    joined = suggest._joined([first, second], [0, 100])
    assert joined.ents == [(0, 5, "GPE", "KOR"), (102, 107, "GPE", "JPN")]
    assert joined.cues == [(6, 12, "pledge")]
    assert joined.clauses == (Clause(6, (0, 5), (13, 20)), Clause(108, (102, 107), None))
