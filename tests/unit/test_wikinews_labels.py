"""The converter of labelled Wikinews batches (bench/wikinews_labels.py): every line checked,
a bad one left out and named, never guessed at; unfinished lines wait for a later run."""

from __future__ import annotations

import json

from bench.wikinews_labels import Problems, convert

URL = "https://en.wikinews.org//wiki/A"
TEXT = "Monday, May 4, 2020\n\nJapan pledged aid to Peru. The weather was mild."
SENTENCES = ["Monday, May 4, 2020", "Japan pledged aid to Peru.", "The weather was mild."]


def _run(tmp_path, lines: list[str], *, texts=None, excluded=None, tail: str = "\n"):
    batch = tmp_path / "batch-1.json"
    batch.write_text(json.dumps([{"url": URL, "title": "A", "sentences": [
        {"text": t, "rule": None} for t in SENTENCES]}]), encoding="utf-8")
    labels = tmp_path / "out-1.jsonl"
    labels.write_text("\n".join(lines) + tail, encoding="utf-8")
    problems = Problems()
    found = convert(batch, labels, actors={"JPN", "PER"}, texts=texts or {URL: TEXT},
                    excluded=excluded or {}, seen=set(), problems=problems)
    return found, problems


def _line(**changes) -> str:
    record = {"article": 0, "url": URL, "n": 3, "statements": [
        {"i": 1, "label": "COMMITMENT", "holder": "JPN", "target": "PER", "note": "why"}]}
    return json.dumps(record | changes)


def test_a_finished_article_becomes_one_line_per_sentence(tmp_path):
    found, problems = _run(tmp_path, [_line()])
    assert not problems
    (rows,) = found
    assert [r["text"] for r in rows] == SENTENCES
    assert [r["label"] for r in rows] == [None, "COMMITMENT", None]
    assert rows[1] == {"text": SENTENCES[1], "label": "COMMITMENT", "holder": "JPN",
                       "target": "PER", "source": "wikinews", "doc": URL}


def test_an_unfinished_last_line_waits(tmp_path):
    found, problems = _run(tmp_path, [_line(), _line()[:30]], tail="")
    assert len(found) == 1 and not problems


def test_bad_lines_are_left_out_and_named(tmp_path):
    bad = [
        _line(n=4),
        _line(url="https://en.wikinews.org//wiki/B"),
        _line(article=7),
        _line(statements=[{"i": 3, "label": "STANCE", "holder": None, "target": None}]),
        _line(statements=[{"i": 1, "label": "OPINION", "holder": None, "target": None}]),
        _line(statements=[{"i": 1, "label": "STANCE", "holder": "XXX", "target": None}]),
        _line(statements=[{"i": 1, "label": "STANCE", "holder": "JPN", "target": "JPN"}]),
        _line(statements=[{"i": 1, "label": "STANCE", "holder": "JPN", "target": None},
                          {"i": 1, "label": "THREAT", "holder": "JPN", "target": None}]),
        "{not json",
    ]
    found, problems = _run(tmp_path, bad)
    assert found == []
    text = "\n".join(problems)
    for expected in ("out-1.jsonl:1: n = 4", "out-1.jsonl:2: url", "out-1.jsonl:3: article 7",
                     "out-1.jsonl:4: statement i = 3", "'OPINION' is not a statement type",
                     "holder 'XXX' is not a registry actor", "target is the holder",
                     "sentence 1 labelled twice", "out-1.jsonl:9: not JSON"):
        assert expected in text


def test_articles_kept_for_evaluation_or_not_in_the_corpus_are_refused(tmp_path):
    _, problems = _run(tmp_path, [_line()], excluded={URL: "kept for evaluation (RESERVED.tsv)"})
    assert "kept for evaluation" in problems[0]
    _, problems = _run(tmp_path, [_line()], texts={URL: "Other text entirely."})
    assert "sentence 0 is not in the article's text" in problems[0]
    _, problems = _run(tmp_path, [_line()], texts={"https://elsewhere": TEXT})
    assert "not in the Wikinews corpus" in problems[0]


def test_an_article_labelled_twice_keeps_the_first(tmp_path):
    found, problems = _run(tmp_path, [_line(), _line(statements=[])])
    assert len(found) == 1 and found[0][1]["label"] == "COMMITMENT"
    assert "labelled twice" in problems[0]
