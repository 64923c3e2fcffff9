"""With a dependency parse, holder and target come from the subject and object of the cue's
verb, not from where actors stand."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

WORDS = ["Japan", ",", "after", "talks", "with", "Egypt", ",", "pledged", "to", "Brazil", "'s",
         "leaders", "support", "for", "India", "."]
HEADS = [7, 7, 7, 2, 3, 4, 7, 7, 7, 11, 9, 8, 7, 12, 13, 7]
DEPS = ["nsubj", "punct", "prep", "pobj", "prep", "pobj", "punct", "ROOT", "prep", "poss", "case",
        "pobj", "dobj", "prep", "pobj", "punct"]


def _processed(suggester, parsed: bool):
    from spacy.tokens import Doc

    nlp = suggester.loaded.nlp
    spaces = [WORDS[i + 1] not in {",", "'s", "."} for i in range(len(WORDS) - 1)] + [False]
    extra = {"heads": HEADS, "deps": DEPS} if parsed else {"sent_starts": [True] +
                                                            [False] * (len(WORDS) - 1)}
    doc = Doc(nlp.vocab, words=WORDS, spaces=spaces, **extra)
    for name, component in nlp.pipeline:
        if name != "sentencizer":
            doc = component(doc)
    return doc


@pytest.mark.parametrize("model", [False, True], ids=["rules", "model"])
def test_subject_and_object_of_the_cue_verb(project, model):
    from annotator.nlp.suggest import suggestions_of
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always("COMMITMENT")
                                       if model else False)
    text = _processed(suggester, False).text
    assert text == "Japan, after talks with Egypt, pledged to Brazil's leaders support for India."

    def statement(parsed: bool):
        doc = _processed(suggester, parsed)
        found = [s for s in suggestions_of(doc, text, suggester.extract, suggester.cue_matcher)
                 if s.kind == "STATEMENT"]
        assert len(found) == 1
        return found[0].attrs

    by_position = statement(False)
    by_parse = statement(True)
    assert (by_position["holder"], by_position["target"]) == ("EGY", "BRA")  # nearest before
    assert (by_parse["holder"], by_parse["target"]) == ("JPN", "IND")  # subject, object


def test_clauses_of_a_parsed_doc(project):
    from annotator.nlp.clauses import clause_for, clauses

    suggester = project.load_suggester("builtin", statement_model=False)
    doc = _processed(suggester, True)
    found = clauses(doc)
    assert len(found) == 1
    clause = clause_for(found, doc[7].idx, 0, len(doc.text))
    assert doc.text[slice(*clause.subject)] == "Japan"
    assert doc.text[slice(*clause.object)] == "support for India"
    assert clauses(_processed(suggester, False)) == []
