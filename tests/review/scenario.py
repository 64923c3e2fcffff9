"""Hand-made disagreements between annotators on the seed article and two Wikinews samples.

Every annotation goes in through the real Project API into a real project file, so the
figures the tests expect are what an analyst would get. What differs, on purpose:

seed (doc 1)       alice                          bob                          carol
  Leon Panetta     PERSON                         PERSON (exact)               -
  Kim Kwan-jin     PERSON                         PERSON "Kim Kwan" (overlap)  -
  ROK              GPE                            ORG (same span)              -
  Panetta sentence COMMITMENT, FIRM, 4 topics     COMMITMENT shorter, QUALIFIED, COMMITMENT = alice's span,
                                                  2 topics                      FIRM
  DPRK programmes  ASSESSMENT                     THREAT (same span)           -
  "committed to…"  COMMITMENT                     -                            -
  "reaffirmed"     CUE                            CUE (exact)                  -
  "decided to…"    -                              DEMAND                       DEMAND (same span)
Trump (doc 2)      STANCE TENTATIVE + GPE         STANCE QUALIFIED (exact)     -
Mahan Air (doc 3)  nothing                        nothing                      -

Document labels: relevance R/R, NO/NO, PARTIAL/RELEVANT; tone COOPERATIVE/NEUTRAL, NEUTRAL/-,
CONFLICTUAL/CONFLICTUAL. alice marks all three done, bob the first two, carol the seed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.resources import resource
from annotator.project import Project
from tests.conftest import SEED

PANETTA = ('Panetta reaffirmed to his South Korean counterpart the "continued US commitment to'
           ' provide and strengthen extended deterrence for the ROK," including using the US nuclear'
           " umbrella, conventional strike and missile defense capabilities.")
PANETTA_SHORT = ('Panetta reaffirmed to his South Korean counterpart the "continued US commitment to'
                 ' provide and strengthen extended deterrence for the ROK,"')
DPRK = ("the nuclear and ballistic missile programs of the Democratic People's Republic of Korea"
        ' (DPRK) "pose a serious threat to regional stability and global security,"')
COMMITTED = ("committed to maintaining close consultation to develop comprehensive alliance"
             ' capabilities to counter"')
DECIDED = ('The two decided to develop a "tailored bilateral deterrence strategy through the'
           ' Extended Deterrence Policy Committee."')
TRUMP = ("United States President Donald Trump said on Friday he can and may declare a national"
         " state of emergency")


def span(text: str, phrase: str, after: str = "") -> tuple[int, int]:
    start = text.index(phrase, text.index(after) if after else 0)
    return start, start + len(phrase)


def build(path: Path, seed: Path) -> dict[str, int]:
    """Create the project; returns the document ids by name."""
    with Project.create(path, annotator="alice") as p:
        seed_id = p.import_paths([seed]).doc_ids[0]
        samples = path.parent / "two-samples.jsonl"
        with resource("samples", "wikinews-samples.csv").open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))[:2]
        samples.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
        trump_id, mahan_id = p.import_paths([samples]).doc_ids
    ids = {"seed": seed_id, "trump": trump_id, "mahan": mahan_id}
    _alice(path, ids)
    _bob(path, ids)
    _carol(path, ids)
    return ids


def _text(p: Project, doc_id: int) -> str:
    return p.document(doc_id).text


def _mark(p: Project, doc_id: int, phrase: str, label: str, attrs: dict[str, Any] | None = None,
          after: str = "") -> None:
    start, end = span(_text(p, doc_id), phrase, after)
    p.annotate(doc_id, start, end, label, attrs)


def _alice(path: Path, ids: dict[str, int]) -> None:
    seed, trump, mahan = ids["seed"], ids["trump"], ids["mahan"]
    with Project.open(path, annotator="alice") as p:
        _mark(p, seed, "Leon Panetta", "PERSON")
        _mark(p, seed, "Kim Kwan-jin", "PERSON")
        _mark(p, seed, "ROK", "GPE")
        _mark(p, seed, PANETTA, "COMMITMENT", {
            "holder": "USA", "target": "KOR", "polarity": "SUPPORT", "strength": "FIRM",
            "novelty": "REAFFIRMED", "attribution": "PARTIAL_QUOTE",
            "topic": ["EXTENDED_DETERRENCE", "NUCLEAR", "CONVENTIONAL_FORCES", "MISSILE_DEFENSE"]})
        _mark(p, seed, DPRK, "ASSESSMENT", {"polarity": "OPPOSE", "strength": "FIRM",
                                            "attribution": "OFFICIAL_DOC", "topic": ["NUCLEAR"]})
        _mark(p, seed, COMMITTED, "COMMITMENT", {"holder": "USA", "polarity": "SUPPORT",
                                                 "strength": "QUALIFIED"})
        _mark(p, seed, "reaffirmed", "CUE", after=PANETTA)
        _mark(p, trump, TRUMP, "STANCE", {"holder": "USA", "polarity": "SUPPORT",
                                          "strength": "TENTATIVE"})
        _mark(p, trump, "United States", "GPE")
        for doc_id, relevance, tone in ((seed, "RELEVANT", "COOPERATIVE"), (trump, "NO", "NEUTRAL"),
                                        (mahan, "PARTIAL", "CONFLICTUAL")):
            p.set_doc_label(doc_id, "relevance", relevance)
            p.set_doc_label(doc_id, "tone", tone)
            p.set_status(doc_id, "done")


def _bob(path: Path, ids: dict[str, int]) -> None:
    seed, trump, mahan = ids["seed"], ids["trump"], ids["mahan"]
    with Project.open(path, annotator="bob") as p:
        _mark(p, seed, "Leon Panetta", "PERSON")
        _mark(p, seed, "Kim Kwan", "PERSON")
        _mark(p, seed, "ROK", "ORG")
        _mark(p, seed, PANETTA_SHORT, "COMMITMENT", {
            "holder": "USA", "target": "KOR", "polarity": "SUPPORT", "strength": "QUALIFIED",
            "novelty": "REAFFIRMED", "attribution": "PARTIAL_QUOTE",
            "topic": ["EXTENDED_DETERRENCE", "NUCLEAR"]})
        _mark(p, seed, DPRK, "THREAT", {"holder": "USA", "polarity": "OPPOSE", "strength": "FIRM",
                                        "attribution": "OFFICIAL_DOC", "topic": ["NUCLEAR"]})
        _mark(p, seed, "reaffirmed", "CUE", after=PANETTA)
        _mark(p, seed, DECIDED, "DEMAND", {"polarity": "SUPPORT", "strength": "FIRM"})
        _mark(p, trump, TRUMP, "STANCE", {"holder": "USA", "polarity": "SUPPORT",
                                          "strength": "QUALIFIED"})
        for doc_id, relevance, tone in ((seed, "RELEVANT", "NEUTRAL"), (trump, "NO", None),
                                        (mahan, "RELEVANT", "CONFLICTUAL")):
            p.set_doc_label(doc_id, "relevance", relevance)
            if tone:
                p.set_doc_label(doc_id, "tone", tone)
        p.set_status(seed, "done")
        p.set_status(trump, "done")


def _carol(path: Path, ids: dict[str, int]) -> None:
    seed = ids["seed"]
    with Project.open(path, annotator="carol") as p:
        _mark(p, seed, PANETTA, "COMMITMENT", {"holder": "USA", "polarity": "SUPPORT",
                                               "strength": "FIRM"})
        _mark(p, seed, DECIDED, "DEMAND", {"polarity": "SUPPORT", "strength": "FIRM"})
        p.set_status(seed, "done")


_BUILT: dict[str, tuple[Path, dict[str, int]]] = {}


def built_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """(path, document ids) of the alice / bob / carol project, built once per session: the
    agreement tests only read it. Test modules wrap this in their own fixture rather than a
    conftest, because tests/review is shared with the merge and adjudication tests."""
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    if "project" not in _BUILT:
        path = tmp_path_factory.mktemp("agreement") / "review.annotator"
        _BUILT["project"] = (path, build(path, SEED))
    return _BUILT["project"]
