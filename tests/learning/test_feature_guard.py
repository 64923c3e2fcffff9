"""The features a stored model reads never change while `FEATURE_VERSION` stays the same.

A project's own model trained with other features is named stale only where its recorded
feature set differs from `FEATURE_VERSION`: a change of the features without a bump would have
it read silently wrong again. The fingerprint (`feature_fingerprint`) of fixture sentences
and probe words is recorded per version; this test fails when the current one differs.
"""

from __future__ import annotations

from annotator.nlp.statement_features import FEATURE_VERSION
from tests.learning.feature_fingerprint import (
    RECORD,
    RECORD_COMMAND,
    changed_parts,
    fingerprint,
    read_record,
)

WHAT_TO_DO = (
    "If the change is meant: (1) bump FEATURE_VERSION in annotator/nlp/statement_features.py, "
    "(2) rebuild the starter with `python bench/train_starter.py` (test_feature_version.py "
    f"checks it), (3) record the new fingerprint with `{RECORD_COMMAND}`, and commit all three "
    "together. If no sentence's features were meant to change (speed, tidying), undo what "
    "changed them. (Edited the fixture in tests/fixtures/features/ alone? Then "
    f"`{RECORD_COMMAND} --replace`.)")


def test_features_unchanged_or_version_bumped():
    recorded = read_record().get(str(FEATURE_VERSION))
    assert recorded is not None, (
        f"FEATURE_VERSION {FEATURE_VERSION} has no fingerprint in {RECORD.name}. After a "
        f"deliberate bump: rebuild the starter (`python bench/train_starter.py`), then "
        f"`{RECORD_COMMAND}`.")
    current = fingerprint()
    changed = changed_parts(recorded, current)
    assert current["digest"] == recorded["digest"] and not changed, (
        f"The features a stored model reads changed while FEATURE_VERSION is still "
        f"{FEATURE_VERSION}: a project's own model trained before would be read with features "
        f"that mean something else, and nobody told. Changed: {', '.join(changed)} "
        f"(fixture sentences are 'document#index' in tests/fixtures/features/documents.jsonl;"
        f" 'words X' are probe words of words.txt by initial). {WHAT_TO_DO}")
