"""Scheme changes that would strand work are refused, naming what uses it; keys the window's
key handler could never honour are refused when the scheme is read."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.errors import SchemeError
from annotator.core.keys import RESERVED_KEYS
from annotator.core.resources import default_scheme_text
from annotator.core.scheme import parse_scheme

TEXT = "Panetta reaffirmed the US commitment to the ROK. Seoul welcomed it."
DEFAULT = default_scheme_text()
WITHOUT_FIRM = DEFAULT.replace(
    '  { name = "FIRM", key = "f", definition = "Unqualified: will, ironclad, unwavering." },\n',
    "")


@pytest.fixture
def doc(project, tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": TEXT, "title": "T"}), encoding="utf-8")
    project.import_paths([path])
    return project.documents()[0].id


def test_removing_a_slot_value_in_use_is_refused_naming_it(project, doc):
    """Removing FIRM was accepted, and every later edit of that statement failed with E101."""
    assert WITHOUT_FIRM != DEFAULT
    statement = project.annotate(doc, 0, 48, "COMMITMENT", {"strength": "FIRM"})
    with pytest.raises(SchemeError) as caught:
        project.set_scheme(WITHOUT_FIRM)
    assert caught.value.code == "E102"
    assert "value 'FIRM' of slot 'strength' (removed) is used by 1 annotation (layer alice)" in str(
        caught.value)
    assert "FIRM" in project.scheme.slot("strength").value_names()  # nothing changed
    project.update_annotation(statement.id, attrs={"polarity": "SUPPORT"})  # still editable
    project.set_slot(statement.id, "strength", "QUALIFIED")
    project.set_scheme(WITHOUT_FIRM)  # nobody uses FIRM any more: fine
    assert "FIRM" not in project.scheme.slot("strength").value_names()


def test_removing_a_slot_or_changing_a_kind_in_use_is_refused(project, doc):
    project.annotate(doc, 0, 48, "COMMITMENT", {"novelty": "REAFFIRMED", "topic": ["NUCLEAR"]})
    project.annotate(doc, 49, 54, "GPE")
    start = DEFAULT.index('[[slots]]\nname = "novelty"')
    without_novelty = DEFAULT[:start] + DEFAULT[DEFAULT.index("[[slots]]", start + 1):]
    parse_scheme(without_novelty)  # a valid scheme, only without the slot
    gpe_as_cue = DEFAULT.replace('name = "GPE"\nkind = "MENTION"', 'name = "GPE"\nkind = "CUE"')
    nuclear_gone = DEFAULT.replace('  { name = "NUCLEAR", key = "n", definition = "Nuclear'
                                   ' weapons, umbrella, programmes." },\n', "")
    tone_gone = DEFAULT.replace('name = "COOPERATIVE"', 'name = "FRIENDLY"')
    project.set_doc_label(doc, "tone", "COOPERATIVE")
    for text, words in ((without_novelty, "slot 'novelty' (removed) is used by 1 annotation"),
                        (gpe_as_cue, "label 'GPE' as a MENTION (the new scheme makes it a CUE)"),
                        (nuclear_gone, "value 'NUCLEAR' of slot 'topic'"),
                        (tone_gone, "value 'COOPERATIVE' of document label 'tone' (removed) is"
                                    " used by 1 document")):
        assert text != DEFAULT
        with pytest.raises(SchemeError, match="would strand") as caught:
            project.set_scheme(text)
        assert words in str(caught.value), str(caught.value)
    assert project.scheme.source == DEFAULT


def test_scheme_set_in_the_cli_exits_1_naming_the_use(tmp_path, project, doc):
    project.annotate(doc, 0, 48, "COMMITMENT", {"strength": "FIRM"})
    scheme = tmp_path / "without-firm.toml"
    scheme.write_text(WITHOUT_FIRM, encoding="utf-8")
    result = CliRunner().invoke(cli, ["scheme", str(project.path), "--set", str(scheme)])
    assert result.exit_code == 1
    assert "[E102]" in result.output and "'FIRM'" in result.output


# ------------------------------------------------------------------ keys the handler can honour
@pytest.mark.parametrize("change, code, words", [
    (('name = "PERSON"\nkind = "MENTION"\nkey = "1"', '"1"', '"a"'), "E105",
     "never reached"),
    (('key = "h"', "h", "x"), "E106", "rejects the current suggestion"),
    (('key = "h"', "h", "s"), "E106", "selects the sentence"),
    (('key = "h"', "h", "]"), "E106", "next statement"),
    (('key = "t"', "t", "7"), "E106", "applies a label"),
    (('key = "h"', "h", "H"), "E106", "lower-case"),
    (('{ name = "FIRM", key = "f"', '"f"', '"F"'), "E108", "lower case"),
    (('{ name = "FIRM", key = "f"', '"f"', '"-"'), "E108", "clears"),
    (('name = "tone"', "tone", "relevance_two"), "E107", "Shift+R"),
])
def test_keys_the_window_cannot_honour_are_refused(change, code, words):
    anchor, old, new = change
    assert anchor in DEFAULT
    text = DEFAULT.replace(anchor, anchor.replace(old, new), 1)
    with pytest.raises(SchemeError) as caught:
        parse_scheme(text, origin="team.toml")
    assert caught.value.code == code, str(caught.value)
    assert words in str(caught.value)


def test_the_shipped_scheme_keeps_clear_of_every_reserved_key():
    scheme = parse_scheme(DEFAULT)
    assert not {slot.key for slot in scheme.slots} & set(RESERVED_KEYS)
    assert {"x", "s", "[", "]", "-"} <= set(RESERVED_KEYS)
