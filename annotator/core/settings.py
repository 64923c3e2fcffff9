"""The project settings the program reads, each with the type it must have.

`annotator settings P KEY VALUE` receives text. A known setting is turned into its type and
checked here before it is stored: `suggest_with_model false` used to be stored as the text
"false", which Python counts as true, so the model stayed on; `suggest_target_precision abc`
was stored and then made every `suggest` end in E999. A value read back that does not fit (a
file from before this check, or edited by hand) is named with a coded error where it is used,
never E999. Other keys are free notes: stored as given, with a warning that nothing reads them
(a misspelt setting is caught that way).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from annotator.core.errors import AnnotatorError

TRUE = ("true", "yes", "on", "1")
FALSE = ("false", "no", "off", "0")


@dataclass(frozen=True)
class Spec:
    kind: str  # "flag", "fraction" (0 < x <= 1), "share" (0 <= x <= 1), "count" (>= 1), "choice", "text"
    meaning: str
    example: str
    choices: tuple[str, ...] = ()


SETTINGS: dict[str, Spec] = {
    "pipeline": Spec("text", "the spaCy pipeline: an installed name, a folder, or builtin",
                     "builtin"),
    "suggest_with_model": Spec("flag", "rank candidates with the statement model", "false"),
    "parser_slots": Spec("flag", "fill holder and target from the dependency parse", "true"),
    "suggest_target_precision": Spec(
        "fraction", "the precision the statement model's threshold aims at", "0.8"),
    "model_start": Spec("choice", "train from the shipped starter model or from nothing",
                        "starter", ("starter", "scratch")),
    "teach.random_share": Spec("share", "the share of teach-mode sentences drawn at random",
                               "0.2"),
    "teach.retrain_every": Spec("count", "teach-mode decisions between two retrainings", "20"),
}

_WANTED = {
    "flag": "true or false",
    "fraction": "a number above 0 and at most 1",
    "share": "a number from 0 to 1",
    "count": "a whole number from 1",
    "text": "text",
}


HUB_PREFIX = "hub."  # written by `hub clone` and `sync` (address, annotator, last event)


def is_known(key: str) -> bool:
    return key in SETTINGS or key.startswith(HUB_PREFIX)


def convert(key: str, value: Any, *, stored: bool = False) -> Any:
    """`value` as the type setting `key` has, or a coded error (E221) naming the setting, what
    it must be and how to set it; unknown keys pass through. `stored`: the value was read back
    from the project (the hint says to set it again) rather than given now."""
    spec = SETTINGS.get(key)
    if spec is None:
        return value
    typed = _typed(spec, value)
    if typed is None:
        wanted = _WANTED.get(spec.kind) or " or ".join(spec.choices)
        where = "the stored value " if stored else ""
        raise AnnotatorError(
            f"setting {key} ({spec.meaning}) must be {wanted}; {where}{value!r} is not",
            code="E221",
            hint=f"Set it with `annotator settings PROJECT {key} {spec.example}`"
                 + ("." if stored else "; nothing was changed."))
    return typed


def _typed(spec: Spec, value: Any) -> Any:
    """The typed value, or None when `value` does not fit `spec`."""
    if spec.kind == "flag":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower() if isinstance(value, (str, int)) else None
        return True if text in TRUE else False if text in FALSE else None
    if spec.kind in ("fraction", "share", "count"):
        number = _number(value, whole=spec.kind == "count")
        if number is None:
            return None
        low_ok = number >= 1 if spec.kind == "count" else (
            number > 0 if spec.kind == "fraction" else number >= 0)
        high_ok = spec.kind == "count" or number <= 1
        return number if low_ok and high_ok else None
    if spec.kind == "choice":
        return value if value in spec.choices else None
    return value if isinstance(value, str) and value.strip() else None


def _number(value: Any, *, whole: bool) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value) if not isinstance(value, int) else value
    except (ValueError, OverflowError):
        return None
    if isinstance(number, float) and not math.isfinite(number):
        return None
    if whole:
        if number != int(number):
            return None
        return int(number)
    return float(number)
