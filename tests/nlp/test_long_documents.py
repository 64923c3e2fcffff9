"""One very long document no longer stops pre-highlighting: it goes through the pipeline in
pieces joined back with exact offsets, in the run's own thread and in the extraction process,
and its stored token boundaries are the ones an export would make; import warns about it."""

from __future__ import annotations

import itertools
import json
import sqlite3

import pytest

pytest.importorskip("spacy")

from annotator.core.token_codec import decode
from annotator.formats.tokens import export_tokenizer_key, spacy_encoded
from annotator.nlp import suggest
from annotator.nlp.layout import layouts
from annotator.nlp.pieces import split_long
from annotator.nlp.suggest import PIECE_CHARS
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


@pytest.mark.parametrize("text, clean", [
    (_long_text(350_000), True),
    ("x" * 250_001, False),  # no whitespace anywhere: cut at the limit
    (("word " * 30_000) + ("\U0001f600" * 120_000) + "\r\n" * 70_000, False),
    (("Seoul said no.\n\n   Indented, it goes on.\t\r\n \r\n" + "filler " * 20) * 1_500, True),
])
def test_pieces_join_back_exactly_and_end_where_the_tokenizer_cuts(text, clean):
    pieces = split_long(text, PIECE_CHARS)
    assert "".join(pieces) == text
    assert len(pieces) > 1 and all(0 < len(p) <= PIECE_CHARS for p in pieces)
    if clean:  # each piece ends a whitespace run, before a character that is not whitespace
        assert all(piece[-1].isspace() and not after[0].isspace()
                   for piece, after in itertools.pairwise(pieces))


def test_a_long_texts_tokens_are_the_ones_an_export_makes(project):
    """The pieces' tokens laid end to end are the whole text's, so the stored boundaries are
    what an export would make: also where whitespace runs on past a paragraph break, and for
    a token longer than a piece (it goes on to its end)."""
    suggester = project.load_suggester("builtin")
    unit = "Seoul said no.\n\n   Indented, it goes on.\t\r\n \r\n" + "filler " * 20
    texts = [unit * 1_500, unit * 700 + "y" * 150_000 + " " + unit * 700]
    _facts, tokens = suggester.findings(texts)
    for text, layout in zip(texts, layouts(tokens, with_tokens=True)):
        assert len(split_long(text, PIECE_CHARS, 1_000_000)) > 1
        assert decode(layout.tokens) == decode(spacy_encoded(text))


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
