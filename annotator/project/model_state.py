"""Which statement model draws the suggestions, and whether the project's own is stale.

A model's weights mean something only for the features it was trained with. Every model
records its feature set (`statement_features.FEATURE_VERSION`, `meta["features"]`; a model
stored before versions were recorded counts as `UNVERSIONED_FEATURES`). A project's own model
trained with another feature set than this version computes is *stale*: it still loads, but it
reads sentences whose features mean something else. It is not used: the shipped starter model
(always trained with the current features, a test sees to it) suggests instead until the
project's model is trained again (`annotator train`, Review ▸ Train suggestion model, or teach
mode's retraining), and the user is told so wherever the model is described.

Why the starter and not the stale model (bench/stale_model.py, own models trained at 253ef36's
features from that revision's starter, read with feature set 2): on the development gold set
(4 folds by document) F1 0.73 stale against 0.72 starter with all decisions, 0.73 / 0.72 after
100 decided sentences, 0.71 / 0.72 after 200; on BASIL (2 folds) 0.73 / 0.72 — a tie within
the folds' noise. But the stale model no longer holds the operating point its threshold was
chosen for: it drew 0.38 of the gold set's hard negatives (0.36 when read as trained, the
starter 0.30) and 0.48 of BASIL's (starter 0.45). And the change measured mostly gave sentences
more features (cues and word families for verbs of judging), which an old model ignores; a
change that renames or drops features takes a stale model's weights away, never the starter's.
Where this build ships no starter, the stale model is used rather than nothing, and the user is
told the same.

Reads the stored models' meta only (no numpy, no model data): `annotator stats` and the status
bar can say it cheaply.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from annotator.nlp.statement_features import FEATURE_VERSION, trained_features

RETRAIN = "annotator train PROJECT"
# A suggestion key names the statement model that drew it (`Suggester.key`).
MODEL_IN_KEY = re.compile(r"\+model@([^/,\s]+)")
# What a model that drew suggestions is, to this project now (`drawn_by`).
DRAWN = {"own": "the project's own model", "starter": "the shipped starter model",
         "other": "a model no longer in use"}
# Teach mode retrains every few decisions: the next retraining there replaces a stale model.
TEACH_REMEDY = "teach mode's next retraining (or `annotator train`) replaces it"


@dataclass(frozen=True)
class ModelState:
    """What suggests: "own" (the project's model), "starter" (the shipped model) or "rules"
    (no model), with the project's own model and the feature set it was trained with."""

    in_use: str
    own: str | None = None  # the project's active own model, if any
    own_features: int | None = None
    features: int = FEATURE_VERSION  # the feature set this version computes

    @property
    def stale(self) -> bool:
        return self.own is not None and self.own_features != self.features

    def in_use_words(self) -> str:
        """The model in use, in a few words ("starter model")."""
        return {"own": f"own model {(self.own or '')[:8]}", "starter": "starter model",
                "rules": "rules only"}[self.in_use]

    def stale_words(self, remedy: str = "retrain it") -> str:
        """"own model … is stale: `remedy`" where the project's own model is stale, else "":
        the one wording of the status bar, teach mode's panel and `annotator evaluate`."""
        return f"own model {(self.own or '')[:8]} is stale: {remedy}" if self.stale else ""

    def describe(self) -> str:
        """A few words for a status line: the model in use and, where stale, that it is."""
        return self.in_use_words() + (f" ({self.stale_words()})" if self.stale else "")

    def note(self) -> str:
        """What a user needs to know and do, where the project's own model is stale; else ""."""
        if not self.stale:
            return ""
        using = ("Suggestions use the starter model meanwhile" if self.in_use == "starter" else
                 "It is still used, as this build has no starter model")
        return (f"The project's own statement model {(self.own or '')[:8]} was trained with "
                f"feature set {self.own_features}; this version computes feature set "
                f"{self.features}, so the model would misread sentences. {using}. Train it "
                f"again on the project's labels: `{RETRAIN}` (or Review ▸ Train suggestion "
                "model).")

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"stale": self.stale, "note": self.note()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelState:
        """Back from `as_json` (a report's `statement_model`), to say it in the same words."""
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


def drawn_by(pipelines: str | None, state: ModelState,
             starter_version: str | None) -> list[dict[str, Any]]:
    """The statement models that drew the suggestions of `pipelines` (suggestion keys, comma
    separated): each one's version, what it is ("own", "starter" or "other", `DRAWN`) and
    whether it is the model in use now. Rules-only suggestions name none."""
    in_use = {"own": state.own, "starter": starter_version}.get(state.in_use)
    drawn = []
    for version in dict.fromkeys(MODEL_IN_KEY.findall(pipelines or "")):
        what = ("own" if version == state.own else
                "starter" if version == starter_version else "other")
        drawn.append({"version": version, "model": what, "in_use": version == in_use})
    return drawn


def model_state(own: tuple[str, dict[str, Any]] | None, *, with_model: bool,
                starter: bool) -> ModelState:
    """The state of a project whose active own model is `own` (uid, meta) or None;
    `with_model`: the project suggests with a model at all (setting `suggest_with_model`);
    `starter`: this build ships the starter model."""
    uid, features = (own[0], trained_features(own[1])) if own is not None else (None, None)
    if not with_model:
        in_use = "rules"
    elif uid is not None and (features == FEATURE_VERSION or not starter):
        in_use = "own"
    else:
        in_use = "starter" if starter else "rules"
    return ModelState(in_use, uid, features)


def drawn_words(drawn: list[dict[str, Any]], pipelines: str | None) -> str:
    """`drawn_by` in words, for `annotator evaluate` and Review ▸ Suggestion quality; "" where
    no suggestions were evaluated (`pipelines` None)."""
    if not pipelines:
        return ""
    return "; ".join(
        f"{DRAWN[d['model']]} {d['version'][:8]}" + (
            "" if d["in_use"] else " (not the model in use now: `annotator suggest` draws the "
            "suggestions again with it)") for d in drawn) or "rules only (no statement model)"
