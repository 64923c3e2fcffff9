"""Agreement coefficients on plain values: Cohen's kappa, Krippendorff's alpha, P/R/F1.

These know nothing about annotations or documents, so each can be checked against published
worked examples on its own. A coefficient that is undefined for the data (nothing to compare,
or no variation at all) comes back as None with a reason, never as 0 or NaN: a 0 would read as
"agreement at chance level", which is a claim the data cannot support.

Alpha is computed by the `krippendorff` package (a well-kept, vectorised implementation that
reproduces Krippendorff's own worked examples); this module only turns our values into its
value-count matrix and catches the cases in which alpha is undefined before it would divide by
zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import krippendorff

LEVELS = ("nominal", "ordinal", "interval", "ratio")


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def prf(matched: int, n_a: int, n_b: int) -> dict[str, Any]:
    """Precision, recall and F1 of layer B against layer A as the reference.

    Precision is undefined when B marked nothing, recall when A marked nothing; F1 =
    2·matched / (n_a + n_b) is symmetric in A and B and undefined only when neither marked
    anything.
    """
    return {
        "precision": ratio(matched, n_b),
        "recall": ratio(matched, n_a),
        "f1": ratio(2 * matched, n_a + n_b),
        "support": n_a,
        "predicted": n_b,
        "matched": matched,
    }


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the defined values; None when none is defined."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> dict[str, Any]:
    """Cohen's kappa of two raters over items both of them labelled.

    Counts stay integers until the last division, so a perfect agreement is exactly 1.0 and
    the undefined case (both raters used one and the same category for every item, so the
    expected agreement is 1) is recognised exactly rather than by a float tolerance.
    """
    n = len(pairs)
    result: dict[str, Any] = {"kappa": None, "n": n, "observed": None, "expected": None,
                              "categories": [], "reason": None}
    if n == 0:
        result["reason"] = "no items that both layers labelled"
        return result
    count_a = Counter(a for a, _ in pairs)
    count_b = Counter(b for _, b in pairs)
    categories = sorted({*count_a, *count_b}, key=str)
    agree = sum(1 for a, b in pairs if a == b)
    chance = sum(count_a[c] * count_b[c] for c in categories)  # expected agreement × n²
    result.update(observed=agree / n, expected=chance / (n * n), categories=categories)
    if chance == n * n:
        result["reason"] = (f"both layers gave {categories[0]!s} to every item: kappa is undefined"
                            " without variation")
        return result
    result["kappa"] = (n * agree - chance) / (n * n - chance)
    return result


def krippendorff_alpha(units: Sequence[Sequence[Any]], *, level: str = "nominal",
                       domain: Sequence[Any] | None = None) -> dict[str, Any]:
    """Krippendorff's alpha over units, each given as the values its coders assigned.

    `units` holds one sequence per unit with one entry per coder; None is a missing value,
    so any number of coders and any pattern of missing data is fine. `domain` lists the
    possible values, in order for an ordinal or interval level (for ordinal the ranks matter,
    not the numbers); by default the values seen, sorted. Values outside the domain count as
    missing. Only pairable units (two or more values) enter alpha; `units` and `values` in the
    result count those, and `counts` says how often each value occurs among them, which is
    what makes a low or undefined alpha readable.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level of measurement {level!r}")
    seen = sorted({v for unit in units for v in unit if v is not None}, key=_sort_key)
    values = list(domain) if domain is not None else seen
    index = {v: i for i, v in enumerate(values)}
    pairable = []  # value counts (one column per domain value) of units with two or more values
    for unit in units:
        row = [0] * len(values)
        for value in unit:
            if value is not None and value in index:
                row[index[value]] += 1
        if sum(row) >= 2:
            pairable.append(row)
    totals = [sum(column) for column in zip(*pairable)]
    used = [i for i, total in enumerate(totals) if total]
    result: dict[str, Any] = {
        "alpha": None, "level": level, "units": len(pairable), "values": sum(totals),
        "counts": {str(values[i]): totals[i] for i in used},  # how often each value was given
        "reason": None,
    }
    if not pairable:
        result["reason"] = "no unit has values from two or more layers"
    elif len(used) < 2:
        result["reason"] = (f"every value given is {values[used[0]]!s}: alpha is"
                            " undefined without variation")
    else:
        result["alpha"] = float(krippendorff.alpha(
            value_counts=pairable, value_domain=_numeric_domain(values, level),
            level_of_measurement=level))
    return result


def _numeric_domain(values: list[Any], level: str) -> list[float] | list[int]:
    """What krippendorff compares: ranks for nominal and ordinal, the numbers themselves for
    interval and ratio (so the published interval figures come out as published)."""
    if level in ("interval", "ratio"):
        return [float(v) for v in values]
    return list(range(len(values)))


def _sort_key(value: Any) -> tuple[str, Any]:
    return (type(value).__name__, value)
