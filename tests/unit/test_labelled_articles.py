"""Labelled articles rebuilt for the slot benchmark (bench/labelled_articles.py): statements
land on their sentences, and a malformed line of a labelling round is named, not guessed."""

from __future__ import annotations

import json
from pathlib import Path

from bench.labelled_articles import article_record, label_problems, labelled_articles

TEXT = "Monday 🙂\r\n\r\nJapan said it will help.  Brazil objected. The weather was fine."
SENTENCES = ["Monday 🙂", "Japan said it will help.", "Brazil objected.", "The weather was fine."]


def test_statements_land_on_their_sentences_in_code_points():
    sentences = [{"text": t} for t in SENTENCES]
    sentences[1].update(label="COMMITMENT", holder="JPN", target=None)
    sentences[2].update(label="STANCE", holder="BRA", target="JPN")
    record = article_record("u1", sentences, {"u1": ("Title", TEXT)}, "labels")
    assert record is not None and record["meta"]["sentences"] == 4
    spans = record["spans"]
    assert [TEXT[s["start"]:s["end"]] for s in spans] == SENTENCES[1:3]
    assert spans[0]["attrs"] == {"holder": "JPN"} and spans[1]["attrs"]["target"] == "JPN"


def test_an_article_whose_sentences_are_not_in_its_text_in_order_is_left_out():
    sentences = [{"text": SENTENCES[2]}, {"text": SENTENCES[1]}]
    assert article_record("u1", sentences, {"u1": ("T", TEXT)}, "labels") is None
    assert article_record("u2", [{"text": "x"}], {"u1": ("T", TEXT)}, "labels") is None
    # given offsets (BASIL rounds) must point at the sentence
    assert article_record("u1", [{"text": SENTENCES[1], "start": 0}], {"u1": ("T", TEXT)},
                          "basil") is None


def test_malformed_lines_are_named():
    article = {"url": "u1", "sentences": [{"text": t} for t in SENTENCES]}
    good = {"url": "u1", "n": 4, "statements": [{"i": 1, "label": "STANCE", "holder": "JPN",
                                                 "target": None}]}
    assert label_problems(good, article, frozenset({"JPN"})) == []
    bad = {"url": "u1", "n": 3, "statements": [{"i": 9, "label": "OPINION", "holder": "XXX"}]}
    problems = label_problems(bad, article, frozenset({"JPN"}))
    assert len(problems) == 4 and all(p.startswith("u1: ") for p in problems)
    assert label_problems(good, None, frozenset()) == ["u1: not in its batch"]


def test_a_round_reads_finished_lines_only(tmp_path: Path):
    batch = [{"url": "u1", "title": "T", "sentences": [{"text": t} for t in SENTENCES]}]
    (tmp_path / "batch-1.json").write_text(json.dumps(batch), encoding="utf-8")
    line = {"article": 0, "url": "u1", "n": 4,
            "statements": [{"i": 2, "label": "STANCE", "holder": "BRA", "target": "JPN"}]}
    (tmp_path / "out-1.jsonl").write_text(json.dumps(line) + "\n{\"article\": 1, \"url\"",
                                          encoding="utf-8")
    articles, problems = labelled_articles(tmp_path, frozenset({"BRA", "JPN"}))
    assert problems == []
    ((url, sentences),) = articles
    assert url == "u1" and sentences[2]["holder"] == "BRA" and "label" not in sentences[1]


def test_negatives_that_quote_or_report_speech_are_marked_hard():
    text = "Monday 🙂\r\nJapan said the talks ended. “We met,” he added. Brazil objected. Rain fell."
    pieces = ["Monday 🙂", "Japan said the talks ended.", "“We met,” he added.",
              "Brazil objected.", "Rain fell."]
    sentences = [{"text": t} for t in pieces]
    sentences[3].update(label="STANCE", holder="BRA", target=None)
    record = article_record("u1", sentences, {"u1": ("T", text)}, "fnc")
    assert record is not None
    assert [text[a:b] for a, b in record["meta"]["hard_negatives"]] == pieces[1:3]
