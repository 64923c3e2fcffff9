"""Checks on the shipped actor registry data (resources/actors/actors.jsonl)."""

import json
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "resources" / "actors" / "actors.jsonl"

KEYS = ["id", "name", "type", "country", "aliases", "demonyms", "ambiguous", "note"]
TYPES = {"STATE", "GOV_BODY", "PERSON", "IO", "ALLIANCE", "NONSTATE"}
# File order: states, then IOs/alliances, then government bodies, then persons, then non-state actors;
# ids sorted within each group.
GROUP_ORDER = {"STATE": 0, "IO": 1, "ALLIANCE": 1, "GOV_BODY": 2, "PERSON": 3, "NONSTATE": 4}

# ISO 3166-1 alpha-3 codes of the 193 UN member states.
UN_MEMBERS = {
    "AFG", "AGO", "ALB", "AND", "ARE", "ARG", "ARM", "ATG", "AUS", "AUT", "AZE", "BDI",
    "BEL", "BEN", "BFA", "BGD", "BGR", "BHR", "BHS", "BIH", "BLR", "BLZ", "BOL", "BRA",
    "BRB", "BRN", "BTN", "BWA", "CAF", "CAN", "CHE", "CHL", "CHN", "CIV", "CMR", "COD",
    "COG", "COL", "COM", "CPV", "CRI", "CUB", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK",
    "DOM", "DZA", "ECU", "EGY", "ERI", "ESP", "EST", "ETH", "FIN", "FJI", "FRA", "FSM",
    "GAB", "GBR", "GEO", "GHA", "GIN", "GMB", "GNB", "GNQ", "GRC", "GRD", "GTM", "GUY",
    "HND", "HRV", "HTI", "HUN", "IDN", "IND", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA",
    "JAM", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO",
    "LBN", "LBR", "LBY", "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAR", "MCO",
    "MDA", "MDG", "MDV", "MEX", "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MOZ",
    "MRT", "MUS", "MWI", "MYS", "NAM", "NER", "NGA", "NIC", "NLD", "NOR", "NPL", "NRU",
    "NZL", "OMN", "PAK", "PAN", "PER", "PHL", "PLW", "PNG", "POL", "PRK", "PRT", "PRY",
    "QAT", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP", "SLB", "SLE", "SLV", "SMR",
    "SOM", "SRB", "SSD", "STP", "SUR", "SVK", "SVN", "SWE", "SWZ", "SYC", "SYR", "TCD",
    "TGO", "THA", "TJK", "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TZA", "UGA",
    "UKR", "URY", "USA", "UZB", "VCT", "VEN", "VNM", "VUT", "WSM", "YEM", "ZAF", "ZMB",
    "ZWE",
}
# States in the file that are not UN members; each must say so in its note.
NON_MEMBER_STATES = {"PSE", "TWN", "VAT"}


def _load():
    records = []
    with DATA.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            assert line.endswith("\n"), f"line {lineno}: missing newline"
            assert line.strip(), f"line {lineno}: blank line"
            records.append((lineno, json.loads(line)))
    return records


@pytest.fixture(scope="module")
def records():
    return [r for _, r in _load()]


@pytest.fixture(scope="module")
def by_id(records):
    return {r["id"]: r for r in records}


@pytest.fixture(scope="module")
def silent_index(records):
    """Surface form -> ids of actors that list it in aliases or demonyms."""
    index = defaultdict(set)
    for r in records:
        for form in r["aliases"] + r["demonyms"]:
            index[form].add(r["id"])
    return index


def test_every_line_parses_with_exact_keys_in_order():
    for lineno, r in _load():
        assert list(r.keys()) == KEYS, f"line {lineno}: keys {list(r.keys())}"


def test_field_types(records):
    for r in records:
        assert isinstance(r["id"], str) and r["id"], r
        assert r["id"] == r["id"].upper() and r["id"].isascii(), r["id"]
        assert isinstance(r["name"], str) and r["name"].strip() == r["name"] != "", r["id"]
        assert r["country"] is None or isinstance(r["country"], str), r["id"]
        assert r["note"] is None or (isinstance(r["note"], str) and r["note"].strip()), r["id"]
        for key in ("aliases", "demonyms", "ambiguous"):
            assert isinstance(r[key], list), (r["id"], key)
            for form in r[key]:
                assert isinstance(form, str) and form and form == form.strip(), (r["id"], key, form)
            assert len(set(r[key])) == len(r[key]), f"{r['id']}: duplicate entry in {key}"


def test_ids_unique(records):
    seen = set()
    for r in records:
        assert r["id"] not in seen, f"duplicate id {r['id']}"
        seen.add(r["id"])


def test_names_unique(records):
    seen = set()
    for r in records:
        assert r["name"] not in seen, f"duplicate name {r['name']!r}"
        seen.add(r["name"])


def test_types_allowed(records):
    for r in records:
        assert r["type"] in TYPES, (r["id"], r["type"])


def test_file_order(records):
    keys = [(GROUP_ORDER[r["type"]], r["id"]) for r in records]
    assert keys == sorted(keys)


def test_country_refers_to_state_or_null(records):
    states = {r["id"] for r in records if r["type"] == "STATE"}
    for r in records:
        assert r["country"] is None or r["country"] in states, (r["id"], r["country"])
        if r["type"] == "STATE":
            assert r["country"] == r["id"], r["id"]
        elif r["type"] in ("IO", "ALLIANCE"):
            assert r["country"] is None, r["id"]
        elif r["type"] == "PERSON":
            assert r["country"] is not None, r["id"]
            assert r["id"].startswith("P_"), r["id"]
        elif r["type"] == "GOV_BODY" and r["country"] is not None:
            assert r["id"].startswith(r["country"] + "_"), r["id"]


def test_exactly_the_un_member_states(records):
    assert len(UN_MEMBERS) == 193
    states = {r["id"] for r in records if r["type"] == "STATE"}
    missing = UN_MEMBERS - states
    assert not missing, f"missing UN members: {sorted(missing)}"
    extra = states - UN_MEMBERS
    assert extra <= NON_MEMBER_STATES, f"unexpected states: {sorted(extra - NON_MEMBER_STATES)}"
    for r in records:
        if r["id"] in extra:
            assert r["note"] and "not a UN member" in r["note"], r["id"]


def test_states_have_capital_or_note(records):
    for r in records:
        if r["type"] == "STATE" and r["id"] in UN_MEMBERS:
            assert r["ambiguous"] or r["note"], f"{r['id']}: no capital in ambiguous and no note"


def test_name_is_matchable(records):
    for r in records:
        if r["type"] in ("STATE", "PERSON"):
            assert r["name"] in r["aliases"] + r["ambiguous"], r["id"]
            if r["name"] in r["ambiguous"]:
                assert r["note"], f"{r['id']}: ambiguous name needs a note"


def test_no_alias_belongs_to_two_actors(records):
    owner = {}
    for r in records:
        for form in r["aliases"]:
            assert form not in owner or owner[form] == r["id"], (
                f"alias {form!r} in {owner.get(form)} and {r['id']}")
            owner[form] = r["id"]


def test_no_silent_form_belongs_to_two_actors(silent_index):
    # aliases and demonyms are both linked without a flag, so each must have one owner
    clashes = {form: sorted(ids) for form, ids in silent_index.items() if len(ids) > 1}
    assert not clashes, clashes


def test_no_string_both_alias_and_ambiguous(records, silent_index):
    aliases = {form for r in records for form in r["aliases"]}
    ambiguous = {form for r in records for form in r["ambiguous"]}
    assert not aliases & ambiguous, sorted(aliases & ambiguous)
    # demonyms are linked silently as well
    assert not set(silent_index) & ambiguous, sorted(set(silent_index) & ambiguous)


@pytest.mark.parametrize("form, actor_id", [
    ("US", "USA"),
    ("U.S.", "USA"),
    ("United States", "USA"),
    ("ROK", "KOR"),
    ("Republic of Korea", "KOR"),
    ("South Korea", "KOR"),
    ("DPRK", "PRK"),
    ("Democratic People's Republic of Korea", "PRK"),
    ("North Korea", "PRK"),
    ("Japan", "JPN"),
    ("China", "CHN"),
    ("Pentagon", "USA_DOD"),
    ("State Department", "USA_DOS"),
    ("Department of State", "USA_DOS"),
    ("Blue House", "KOR_PRES"),
    ("Kremlin", "RUS_PRES"),
    ("UN Security Council", "UNSC"),
    ("North Atlantic Treaty Organization", "NATO"),
    ("Extended Deterrence Policy Committee", "USA_KOR_EDPC"),
    ("Security Consultative Meeting", "USA_KOR_SCM"),
    ("Leon Panetta", "P_LEON_PANETTA"),
    ("Leon E. Panetta", "P_LEON_PANETTA"),
    ("Panetta", "P_LEON_PANETTA"),
    ("Kim Kwan-jin", "P_KIM_KWAN_JIN"),
    ("Kim Kwan Jin", "P_KIM_KWAN_JIN"),
    ("Kim Jong-un", "P_KIM_JONG_UN"),
    ("Kim Jong Un", "P_KIM_JONG_UN"),
])
def test_seed_aliases(by_id, form, actor_id):
    owners = [r["id"] for r in by_id.values() if form in r["aliases"]]
    assert owners == [actor_id]


@pytest.mark.parametrize("form, actor_id", [
    ("South Korean", "KOR"),
    ("Republic of Korean", "KOR"),
    ("American", "USA"),
    ("North Korean", "PRK"),
    ("Japanese", "JPN"),
])
def test_seed_demonyms(by_id, form, actor_id):
    owners = [r["id"] for r in by_id.values() if form in r["demonyms"]]
    assert owners == [actor_id]


@pytest.mark.parametrize("form, actor_id", [
    ("Washington", "USA"),
    ("Seoul", "KOR"),
    ("Pyongyang", "PRK"),
    ("Korea", "KOR"),
    ("Korea", "PRK"),
    ("Congo", "COD"),
    ("Congo", "COG"),
    ("Georgia", "GEO"),
    ("Kim", "P_KIM_KWAN_JIN"),
])
def test_seed_ambiguous(by_id, form, actor_id):
    assert form in by_id[actor_id]["ambiguous"]


def test_seed_types(by_id):
    assert by_id["P_LEON_PANETTA"]["type"] == "PERSON"
    assert by_id["P_LEON_PANETTA"]["country"] == "USA"
    assert by_id["P_KIM_KWAN_JIN"]["type"] == "PERSON"
    assert by_id["P_KIM_KWAN_JIN"]["country"] == "KOR"
    assert by_id["USA_DOD"]["type"] == "GOV_BODY"
    assert by_id["USA_DOD"]["country"] == "USA"
    assert by_id["USA_KOR_EDPC"]["type"] == "GOV_BODY"
    assert by_id["USA_KOR_EDPC"]["country"] is None
    assert by_id["UN"]["type"] == "IO"
    assert by_id["NATO"]["type"] == "ALLIANCE"


def test_minimum_coverage(records):
    counts = defaultdict(int)
    for r in records:
        counts[r["type"]] += 1
    assert counts["IO"] + counts["ALLIANCE"] >= 25
    assert counts["GOV_BODY"] >= 30
    assert counts["PERSON"] >= 60
