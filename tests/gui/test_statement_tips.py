"""The hover text of a suggested statement says which score drew it."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from annotator.core.models import Suggestion
from annotator.gui.highlights import statement_tip


def test_model_suggestion_shows_its_score_and_the_runner_up_type():
    s = Suggestion(0, 10, "STATEMENT", "THREAT", "RUS", False, 0.834,
                   {"model": "1a2b3c4d", "holder": "RUS", "target": "UKR",
                    "type_scores": {"THREAT": 0.7, "DEMAND": 0.25, "STANCE": 0.05}})
    tip = statement_tip(s)
    assert tip.startswith("Suggested THREAT: model score 0.83 (model 1a2b3c4d, DEMAND 25%)")
    assert "holder RUS, target UKR" in tip and "STANCE" not in tip


def test_rule_suggestion_says_it_is_the_rules_score():
    s = Suggestion(0, 10, "STATEMENT", "COMMITMENT", "USA", False, 0.9, {"holder": "USA"})
    assert statement_tip(s).startswith("Suggested COMMITMENT: rule score 0.90, holder USA")
