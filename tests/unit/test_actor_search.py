"""The registry search's ranking: exact id and alias first, then prefixes, then the rest."""

from __future__ import annotations

from annotator.core.actor_search import rank_actors

ACTORS = [
    ("P_ANATOLY_SERDYUKOV", "Anatoly Serdyukov", ("Serdyukov",)),
    ("P_JENS_STOLTENBERG", "Jens Stoltenberg", ("Stoltenberg",)),
    ("NATO", "North Atlantic Treaty Organization", ("NATO", "Atlantic Alliance")),
    ("KOR", "South Korea", ("Republic of Korea", "ROK", "Seoul")),
    ("PRK", "North Korea", ("DPRK", "Pyongyang")),
    ("STP", "São Tomé and Príncipe", ()),
    ("USA", "United States", ("US", "Washington")),
]


def test_an_exact_code_comes_before_a_name_that_merely_contains_it():
    assert rank_actors("nato", ACTORS)[:2] == ["NATO", "P_ANATOLY_SERDYUKOV"]


def test_exact_alias_then_prefix_then_word_prefix_then_contains():
    assert rank_actors("rok", ACTORS) == ["KOR"]
    assert rank_actors("north", ACTORS) == ["NATO", "PRK"]  # both names start with it
    assert rank_actors("korea", ACTORS) == ["KOR", "PRK"]  # a word of the name
    assert rank_actors("prk", ACTORS) == ["PRK"]
    assert rank_actors("atlantic", ACTORS) == ["NATO"]
    assert rank_actors("us", ACTORS)[0] == "USA"


def test_accents_and_case_are_ignored_and_an_empty_query_keeps_the_order():
    assert rank_actors("SAO TOME", ACTORS) == ["STP"]
    assert rank_actors("  ", ACTORS, limit=3) == ["P_ANATOLY_SERDYUKOV", "P_JENS_STOLTENBERG", "NATO"]
    assert rank_actors("zzz", ACTORS) == []
