from __future__ import annotations

import pytest

from annotator.core.errors import SchemeError
from annotator.core.resources import default_scheme_text
from annotator.core.scheme import parse_scheme


def test_default_scheme_has_design_contents():
    scheme = parse_scheme(default_scheme_text())
    assert scheme.ref == "stance-commitment/1.0"
    assert [lab.name for lab in scheme.labels_of("STATEMENT")] == [
        "COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT"]
    assert {"PERSON", "ORG", "GPE", "NORP"} <= {lab.name for lab in scheme.labels_of("MENTION")}
    assert scheme.labels_of("CUE")[0].name == "CUE"
    assert scheme.slot("topic").type == "multi"
    assert scheme.slot("topic").value_names() == [
        "EXTENDED_DETERRENCE", "NUCLEAR", "MISSILE_DEFENSE", "CONVENTIONAL_FORCES",
        "ARMS_TRANSFER_AID", "EXERCISES", "ALLIANCE_GENERAL", "SANCTIONS", "ARMS_CONTROL",
        "ECONOMIC", "TERRITORIAL", "OTHER"]
    assert scheme.slot("strength").ordered
    assert scheme.slot("strength").value_names() == ["FIRM", "QUALIFIED", "TENTATIVE", "UNDERSPECIFIED"]
    assert scheme.slot("novelty").value_names() == ["NEW", "REAFFIRMED", "EXPANDED", "REDUCED", "WITHDRAWN"]
    assert scheme.slot("attribution").value_names() == [
        "DIRECT_QUOTE", "PARTIAL_QUOTE", "PARAPHRASE", "OFFICIAL_DOC", "ANONYMOUS_OFFICIAL",
        "AUTHOR_VOICE"]
    assert scheme.slot("negated").type == scheme.slot("conditional").type == "bool"
    assert scheme.slot("holder").type == scheme.slot("target").type == "actor"
    assert [d.name for d in scheme.doc_labels] == ["relevance", "tone"]
    assert all(label.definition for label in scheme.labels)
    keyed = [lab.key for lab in scheme.labels if lab.key]
    assert sorted(keyed) == list("0123456789")


def test_worked_example_slots_validate():
    scheme = parse_scheme(default_scheme_text())
    scheme.check_attrs({
        "holder": "USA", "target": "KOR",
        "topic": ["EXTENDED_DETERRENCE", "NUCLEAR", "CONVENTIONAL_FORCES", "MISSILE_DEFENSE"],
        "polarity": "SUPPORT", "strength": "FIRM", "novelty": "REAFFIRMED",
        "attribution": "PARTIAL_QUOTE", "negated": False, "conditional": False, "note": None,
    })
    with pytest.raises(SchemeError, match="'STRONG' is not a value of slot 'strength'"):
        scheme.check_attrs({"strength": "STRONG"})
    with pytest.raises(SchemeError, match="slot 'colour' is not in scheme"):
        scheme.check_attrs({"colour": "red"})


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('color = "#1f77b4"', 'color = "blue"'),
         r"labels\[0\]\.color: 'blue' is not a colour"),
        (lambda t: t.replace('kind = "MENTION"\nkey = "1"', 'kind = "ENTITY"\nkey = "1"'),
         r"labels\[0\]\.kind: 'ENTITY' is not one of"),
        (lambda t: t.replace('key = "2"', 'key = "1"'), r"labels: key '1' is used twice"),
        (lambda t: t.replace('type = "bool"\nkey = "k"', 'type = "flag"\nkey = "k"'),
         r"slots\[7\]\.type: 'flag' is not one of"),
        (lambda t: t.replace('{ name = "MIXED", key = "m"', '{ name = "MIXED", key = "s"'),
         r"slots\[3\]\.values: key 's' is used twice"),
        (lambda t: t.replace('name = "stance-commitment"\n', ''), r"scheme\.name: is missing"),
        (lambda t: t.replace('key = "h"', 'key = "hh"'), r"slots\[0\]\.key: must be one character"),
        (lambda t: t + "\n[[labels]]\nname = 'X'\n", r"not valid TOML|labels\[\d+\]\.kind: is missing"),
    ],
)
def test_invalid_scheme_names_key_and_problem(edit, message):
    with pytest.raises(SchemeError, match=message) as info:
        parse_scheme(edit(default_scheme_text()), origin="my.toml")
    assert str(info.value).startswith("[E101] my.toml: ")


def test_broken_toml_is_a_scheme_error():
    with pytest.raises(SchemeError, match="not valid TOML"):
        parse_scheme("[scheme\nname=", origin="x.toml")
