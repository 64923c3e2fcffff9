"""Data checks for the cue lexicon in resources/cues/cues.jsonl.

The lexicon is consumed by a spaCy ``Matcher`` running over a tokenizer-only
pipeline (``spacy.blank("en")``), so every pattern must work without lemmas,
POS tags or a dependency parse.  These tests load the file, validate its
schema and closed value sets, compile every pattern, and check that the cues
fire on their own examples and on real news sentences.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")
from spacy.matcher import Matcher  # noqa: E402

CUES_PATH = Path(__file__).resolve().parents[2] / "resources" / "cues" / "cues.jsonl"

KEYS = ["id", "pattern", "type", "topics", "polarity", "novelty", "strength", "weight", "example"]
TYPES = {"COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT"}
TOPICS = {
    "EXTENDED_DETERRENCE",
    "NUCLEAR",
    "MISSILE_DEFENSE",
    "CONVENTIONAL_FORCES",
    "ARMS_TRANSFER_AID",
    "EXERCISES",
    "ALLIANCE_GENERAL",
    "SANCTIONS",
    "ARMS_CONTROL",
    "ECONOMIC",
    "TERRITORIAL",
    "OTHER",
}
POLARITIES = {"SUPPORT", "OPPOSE", "NEUTRAL", "MIXED"}
NOVELTIES = {"NEW", "REAFFIRMED", "EXPANDED", "REDUCED", "WITHDRAWN"}
STRENGTHS = {"FIRM", "QUALIFIED", "TENTATIVE", "UNDERSPECIFIED"}

# Token attributes usable without a trained pipeline, and the allowed operators.
TOKEN_KEYS = {"LOWER", "ORTH", "TEXT", "IS_PUNCT", "OP"}
STRING_KEYS = {"LOWER", "ORTH", "TEXT"}
OPS = {"?", "*", "+", "!"}
ID_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

# Cues the lexicon promises to contain (see resources/cues/README.md).
REQUIRED_IDS = {
    "reaffirm",
    "pledge",
    "vow",
    "commit",
    "commitment",
    "committed_to",
    "guarantee",
    "assure",
    "assurance",
    "promise",
    "shoulder_to_shoulder",
    "stand_by",
    "stand_with",
    "will_not_tolerate",
    "not_to_be_tolerated",
    "warn",
    "threaten",
    "demand",
    "urge",
    "call_on",
    "insist",
    "oppose",
    "condemn",
    "reject",
    "support",
    "back",
    "welcome",
    "agree_to",
    "decide_to",
    "approve",
    "announce",
    "sign",
    "deploy",
    "withdraw",
    "suspend",
    "expand",
    "strengthen",
    "reduce",
    "sanction_verb",
    "sanctions",
    "extended_deterrence",
    "nuclear_umbrella",
    "missile_defense",
    "deterrence",
    "nuclear_weapons",
    "nuclear_program",
    "ballistic_missile",
    "denuclearization",
    "joint_exercises",
    "arms_sales",
    "military_aid",
    "alliance",
    "mutual_defense_treaty",
    "troops",
    "article_5",
    "trade_deal",
    "territorial_claims",
    "sovereignty",
    "may",
    "could_consider",
    "firmly",
    "unwavering",
    "ironclad",
    "resolute",
    "continued",
    "once_again",
    "new_commitment",
    "said",
}

# Real sentences (news reporting on US-ROK consultations) and the cue texts
# each must yield, with the id of the cue expected to produce that text.
REAL_SENTENCES = [
    (
        'Panetta reaffirmed to his South Korean counterpart the "continued US commitment '
        'to provide and strengthen extended deterrence for the ROK," including using the '
        "US nuclear umbrella, conventional strike and missile defense capabilities.",
        {
            "reaffirmed": "reaffirm",
            "commitment": "commitment",
            "extended deterrence": "extended_deterrence",
            "nuclear umbrella": "nuclear_umbrella",
            "missile defense": "missile_defense",
        },
    ),
    (
        'they are " committed to maintaining close consultation',
        {"committed to": "committed_to"},
    ),
    (
        'any DPRK "aggression or military provocation is not to be tolerated and that the '
        "US and the Republic of Korea would work shoulder-to-shoulder",
        {
            "not to be tolerated": "not_to_be_tolerated",
            "shoulder-to-shoulder": "shoulder_to_shoulder",
        },
    ),
]

# Spelling / tokenizer variants that must still be caught: (text, cue id, matched text).
VARIANTS = [
    ("We will stand shoulder to shoulder with Seoul", "shoulder_to_shoulder", "shoulder to shoulder"),
    ("Beijing won't tolerate interference", "will_not_tolerate", "won't tolerate"),
    ("Such attacks cannot be tolerated", "not_to_be_tolerated", "not be tolerated"),
    ("Such attacks will not be tolerated", "not_to_be_tolerated", "not be tolerated"),
    ("NATO's missile defence shield", "missile_defense", "missile defence"),
    ("a missile-defense radar", "missile_defense", "missile-defense"),
    ("the denuclearisation of the peninsula", "denuclearization", "denuclearisation"),
    ("Iran's nuclear program", "nuclear_program", "nuclear program"),
    ("The U.S. pledged new aid", "pledge", "pledged"),
    ("NATO's Article 5 guarantee", "article_5", "Article 5"),
    ("an iron-clad commitment", "iron_clad_hyphenated", "iron-clad"),
    ("joint drills near the border", "joint_exercises", "joint drills"),
    ("the Mutual Defense Treaty", "mutual_defense_treaty", "Mutual Defense Treaty"),
    ("Tokyo firmly opposes the move", "oppose", "opposes"),
    ("They remain committed to the deal", "committed_to", "committed to"),
]


def _load():
    lines = CUES_PATH.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", "file must end with a newline"
    return [json.loads(line) for line in lines[:-1]]


CUES = _load()
IDS = [c.get("id", f"line{i + 1}") for i, c in enumerate(CUES)]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def full_matcher(nlp):
    matcher = Matcher(nlp.vocab)
    for cue in CUES:
        matcher.add(cue["id"], [cue["pattern"]])
    return matcher


def _matches(nlp, matcher, text):
    doc = nlp(text)
    return {(nlp.vocab.strings[mid], doc[s:e].text) for mid, s, e in matcher(doc)}


def test_every_line_is_a_json_object():
    raw = CUES_PATH.read_text(encoding="utf-8").split("\n")[:-1]
    for n, line in enumerate(raw, 1):
        assert line.strip(), f"blank line {n}"
        assert isinstance(json.loads(line), dict), f"line {n} is not an object"


def test_enough_cues():
    assert len(CUES) >= 80


def test_keys_exactly_in_order():
    for cue in CUES:
        assert list(cue.keys()) == KEYS, cue.get("id")


def test_ids_unique_and_snake_case():
    dupes = [i for i, n in Counter(IDS).items() if n > 1]
    assert not dupes, dupes
    for cue_id in IDS:
        assert isinstance(cue_id, str) and ID_RE.match(cue_id), cue_id


def test_required_cues_present():
    assert set(IDS) >= REQUIRED_IDS, sorted(REQUIRED_IDS - set(IDS))


@pytest.mark.parametrize("cue", CUES, ids=IDS)
def test_values_in_closed_sets(cue):
    assert cue["type"] is None or cue["type"] in TYPES
    assert isinstance(cue["topics"], list)
    assert len(set(cue["topics"])) == len(cue["topics"])
    assert set(cue["topics"]) <= TOPICS
    assert cue["polarity"] is None or cue["polarity"] in POLARITIES
    assert cue["novelty"] is None or cue["novelty"] in NOVELTIES
    assert cue["strength"] is None or cue["strength"] in STRENGTHS
    weight = cue["weight"]
    assert isinstance(weight, (int, float)) and not isinstance(weight, bool)
    assert 0.0 <= weight <= 1.0
    assert isinstance(cue["example"], str) and cue["example"].strip()
    # a cue must hint at something
    assert (
        cue["type"]
        or cue["topics"]
        or cue["polarity"]
        or cue["novelty"]
        or cue["strength"]
        or cue["id"] == "said"
        or cue["id"] == "joint_statement"
    )


@pytest.mark.parametrize("cue", CUES, ids=IDS)
def test_pattern_uses_only_tokenizer_attributes(cue, nlp):
    pattern = cue["pattern"]
    assert isinstance(pattern, list) and pattern
    for tok in pattern:
        assert isinstance(tok, dict) and tok
        assert set(tok) <= TOKEN_KEYS, set(tok) - TOKEN_KEYS
        assert set(tok) != {"OP"}, "token spec with only OP"
        if "OP" in tok:
            assert tok["OP"] in OPS
        if "IS_PUNCT" in tok:
            assert isinstance(tok["IS_PUNCT"], bool)
        for key in STRING_KEYS & set(tok):
            value = tok[key]
            if isinstance(value, dict):
                assert list(value) == ["IN"], value
                values = value["IN"]
                assert isinstance(values, list) and values
                assert len(set(values)) == len(values), f"duplicates in {values}"
            else:
                values = [value]
            for s in values:
                assert isinstance(s, str) and s
                if key == "LOWER":
                    assert s == s.lower(), f"LOWER value {s!r} is not lower-case"
                # each value must be a single token, otherwise it can never match
                toks = [t.text for t in nlp(s)]
                assert toks == [s], f"{s!r} is tokenized as {toks}"
    # optional edges would create duplicate overlapping matches
    assert pattern[0].get("OP") not in {"?", "*"}
    assert pattern[-1].get("OP") not in {"?", "*"}


@pytest.mark.parametrize("cue", CUES, ids=IDS)
def test_pattern_accepted_by_matcher(cue, nlp):
    matcher = Matcher(nlp.vocab)
    matcher.add(cue["id"], [cue["pattern"]])
    assert len(matcher) == 1


@pytest.mark.parametrize("cue", CUES, ids=IDS)
def test_example_matched_by_own_pattern(cue, nlp):
    matcher = Matcher(nlp.vocab)
    matcher.add(cue["id"], [cue["pattern"]])
    doc = nlp(cue["example"])
    assert matcher(doc), f"{cue['id']!r} does not match its example {cue['example']!r}"


@pytest.mark.parametrize("sentence,expected", REAL_SENTENCES)
def test_real_sentences(sentence, expected, nlp, full_matcher):
    found = _matches(nlp, full_matcher, sentence)
    texts = {text for _, text in found}
    assert set(expected) <= texts, sorted(set(expected) - texts)
    for text, cue_id in expected.items():
        assert (cue_id, text) in found, (cue_id, text)


@pytest.mark.parametrize("text,cue_id,span", VARIANTS)
def test_variants(text, cue_id, span, nlp, full_matcher):
    assert (cue_id, span) in _matches(nlp, full_matcher, text)


def test_month_may_is_not_a_hedge(nlp, full_matcher):
    found = _matches(nlp, full_matcher, "The talks ended on 5 May. May 2019 was calm.")
    assert not any(cue_id == "may" for cue_id, _ in found)
