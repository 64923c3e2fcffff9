"""The committed BASIL and FNC-1 labelling rounds (tests/fixtures/rounds, and the fresh round
in rounds/fresh): references without text, every line decided in full against its batch, in the
scheme and registry, none of it kept for evaluation nor in two rounds, the FNC-1 rounds drawn as
the rounds' README says, and (with ../shared) every article found again with the text it was
labelled on."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bench.label_agreement import first_labels, fnc_round_of, line_key
from bench.labelled_articles import (
    ROUNDS,
    ROUNDS_DIR,
    label_problems,
    label_records,
    labelled_articles,
)
from tests.conftest import CORPORA
from tests.conftest import corpus as corpus_path
from tests.fixtures.gold import load as gold
from tests.unit.test_gold_fixture import ACTOR_IDS, reserved_keys

ROUND_FILES = {"basil": ("basil-", "basil-out-"), "fnc": ("fnc-", "fnc-out-")}
FRESH = ROUNDS_DIR / "fresh"
ARTICLES = {(ROUNDS_DIR, "basil"): 75, (ROUNDS_DIR, "fnc"): 131, (FRESH, "basil"): 15,
            (FRESH, "fnc"): 80}
BOTH = pytest.mark.parametrize("folder, corpus", list(ARTICLES), ids=lambda x: getattr(x, "name", x))


def _batches(corpus: str, folder: Path = ROUNDS_DIR, number: str = "[0-9]") -> dict[str, dict]:
    prefix, _ = ROUND_FILES[corpus]
    return {a["key"]: a for path in sorted(folder.glob(f"{prefix}{number}.json"))
            for a in json.loads(path.read_text(encoding="utf-8"))}


def _lines(corpus: str, folder: Path = ROUNDS_DIR) -> list[dict]:
    _, prefix = ROUND_FILES[corpus]
    return [json.loads(line) for path in sorted(folder.glob(f"{prefix}*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()]


@BOTH
def test_every_article_is_decided_in_full_with_offsets_and_no_text(folder, corpus):
    batches, lines = _batches(corpus, folder), _lines(corpus, folder)
    assert len(lines) == len(batches) == ARTICLES[folder, corpus]
    for line in lines:
        article = batches[line["key"]]
        assert label_problems(line, article, ACTOR_IDS) == []
        assert len(article["text_sha256"]) == 64
        ends = [0]
        for sentence in article["sentences"]:
            assert set(sentence) == {"start", "end"}  # the text stays in ../shared
            assert ends[-1] <= sentence["start"] < sentence["end"]
            ends.append(sentence["end"])


def test_the_second_analyst_decided_the_same_sentences():
    first, round_of = first_labels(), fnc_round_of()
    rounds: dict[str, int] = {}
    for raw in (ROUNDS_DIR / "second-analyst.jsonl").read_text(encoding="utf-8").splitlines():
        line = json.loads(raw)
        assert len(first[line_key(line)]) == line["n"]
        assert all(0 <= s["i"] < line["n"] for s in line["statements"])
        if line["corpus"] == "fnc-1":
            rounds[round_of[line["key"]]] = rounds.get(round_of[line["key"]], 0) + 1
    assert rounds == DECIDED_TWICE  # every body of these FNC-1 rounds, decided twice


def test_the_fresh_round_holds_nothing_of_the_first():
    for corpus in ROUND_FILES:
        assert not set(_batches(corpus)) & set(_batches(corpus, FRESH))
    assert not ({a["triplet"] for a in _batches("basil").values()}
                & {a["triplet"] for a in _batches("basil", FRESH).values()})


# Each later FNC-1 round: its number, how many bodies, and the rounds drawn before it
LATER_FNC_ROUNDS = {"2": 31, "3": 30, "4": 30}
# The later FNC-1 rounds whose every body was decided a second time (second-analyst.jsonl)
DECIDED_TWICE = {"2": 31, "3": 30}


def _drawn_before(number: str) -> set[str]:
    """Keys a later FNC-1 round had to keep apart from: the earlier rounds, the fresh round
    (by key only: never read) and the gold set's FNC-1 bodies."""
    others = set(_batches("fnc", FRESH))
    for earlier in range(1, int(number)):
        others |= set(_batches("fnc", number=str(earlier)))
    return others | {str(r["key"]) for r in gold.references() if r["corpus"] == "fnc-1"}


@pytest.mark.parametrize("number", list(LATER_FNC_ROUNDS))
def test_a_later_fnc_round_holds_nothing_of_the_others_nor_of_the_gold_set(number):
    drawn = set(_batches("fnc", number=number))
    assert len(drawn) == LATER_FNC_ROUNDS[number]
    assert not drawn & _drawn_before(number)


def _opening(text: str) -> str:
    """A story's opening: its first 100 characters, white space folded (FNC-1 repeats a
    story's body with small changes further on)."""
    return " ".join(text.split())[:100]


@pytest.mark.corpora
@pytest.mark.parametrize("number", list(LATER_FNC_ROUNDS))
def test_a_later_fnc_round_is_drawn_one_body_per_story_apart_from_the_others(number):
    corpus_path("fnc-1")
    texts = ROUNDS["fnc"][3]()
    drawn = [texts[key][1] for key in _batches("fnc", number=number)]
    assert all(800 <= len(text) <= 5000 for text in drawn)
    openings = {_opening(text) for text in drawn}
    assert len(openings) == len(drawn)
    assert not openings & {_opening(texts[key][1]) for key in _drawn_before(number)}


@pytest.mark.corpora
@pytest.mark.parametrize("folder", [ROUNDS_DIR, FRESH], ids=["first", "fresh"])
def test_none_kept_for_evaluation_nor_of_a_reserved_basil_event(folder):
    reserved = reserved_keys()
    corpus_path("fnc-1")
    corpus_path("basil")
    assert not {("basil", key) for key in _batches("basil", folder)} & reserved
    fnc_keys = {key for corpus, key in reserved if corpus == "fnc-1"}
    # reserved bodies come from both files (Body IDs do not overlap): a round's own keys, and
    # any body repeated under another id with the same opening
    assert not set(_batches("fnc", folder)) & fnc_keys
    reserved_bodies = set()
    for name in ("competition_test_bodies.csv", "train_bodies.csv"):
        with (CORPORA / "fnc-1" / name).open(newline="", encoding="utf-8") as fh:
            reserved_bodies |= {row["articleBody"][:200] for row in csv.DictReader(fh)
                                if row["Body ID"] in fnc_keys}
    texts = ROUNDS["fnc"][3]()
    assert not {texts[key][1][:200] for key in _batches("fnc", folder)} & reserved_bodies
    triplet_of = {}
    with (CORPORA / "basil" / "derived" / "basil_docs_with_abs_spans.jsonl").open(
            encoding="utf-8") as fh:
        for raw in fh:
            record = json.loads(raw)
            triplet_of[record["doc_id"]] = record["triplet_uuid"]
    reserved_events = {triplet_of[key] for corpus, key in reserved
                       if corpus == "basil" and key in triplet_of}
    assert not {a["triplet"] for a in _batches("basil", folder).values()} & reserved_events


@pytest.mark.corpora
@BOTH
def test_every_article_is_found_again_in_the_corpus(folder, corpus):
    corpus_path({"basil": "basil", "fnc": "fnc-1"}[corpus])
    records, skipped, problems = label_records(folder, ACTOR_IDS, corpus)
    assert problems == [] and skipped == {"not placed": 0, "malformed": 0, "text changed": 0}
    assert len(records) == len(_batches(corpus, folder))
    assert sum(len(r["spans"]) for r in records) == sum(len(x["statements"])
                                                         for x in _lines(corpus, folder))


def test_each_fnc_round_can_be_read_alone():
    """`fnc1` … `fnc4` (bench: `--set fnc4`) read one round each; `fnc` reads all."""
    counts = {name: len(labelled_articles(ROUNDS_DIR, ACTOR_IDS, name)[0])
              for name in ("fnc", "fnc1", "fnc2", "fnc3", "fnc4")}
    assert counts == {"fnc": 131, "fnc1": 40, "fnc2": 31, "fnc3": 30, "fnc4": 30}
