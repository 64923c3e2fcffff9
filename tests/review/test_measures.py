"""The coefficients on their own, against published worked examples and hand computation."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator.review.measures import cohen_kappa, krippendorff_alpha, prf

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with four
# observers, twelve units and missing values (also the `C` data of R's irr::kripp.alpha).
OBSERVERS = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def published_units() -> list[list[int | None]]:
    columns = [[None if v == "." else int(v) for v in row.split()] for row in OBSERVERS.values()]
    return [list(unit) for unit in zip(*columns)]


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.743), ("ordinal", 0.815),
                                                  ("interval", 0.849)])
def test_alpha_reproduces_krippendorffs_worked_example(level, published):
    figure = krippendorff_alpha(published_units(), level=level, domain=[1, 2, 3, 4, 5])
    assert round(figure["alpha"], 3) == published
    assert figure["units"] == 11  # unit 12 has one value: not pairable
    assert figure["values"] == 40  # the paper's n..


def nominal_alpha_by_hand(units):
    """Krippendorff's coincidence-matrix definition, written out independently of the package."""
    coincidences: Counter = Counter()
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidences[c, k] += 1 / (m - 1)
    n_c: Counter = Counter()
    for (c, _k), o in coincidences.items():
        n_c[c] += o
    n = sum(n_c.values())
    observed = sum(o for (c, k), o in coincidences.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k) / (n - 1)
    return 1 - observed / expected


def test_nominal_alpha_matches_the_definition_written_out():
    assert krippendorff_alpha(published_units())["alpha"] == pytest.approx(
        nominal_alpha_by_hand(published_units()))


def test_ordinal_alpha_follows_the_given_order_not_the_alphabet():
    # Krippendorff's example again, with words whose alphabetical order is not the scale's.
    words = {1: "very low", 2: "low", 3: "mid", 4: "high", 5: "very high"}
    units = [[words.get(v) for v in unit] for unit in published_units()]
    ordered = krippendorff_alpha(units, level="ordinal", domain=list(words.values()))
    assert round(ordered["alpha"], 3) == 0.815
    alphabetical = krippendorff_alpha(units, level="ordinal", domain=sorted(words.values()))
    assert round(alphabetical["alpha"], 3) != 0.815
    assert round(krippendorff_alpha(units, level="nominal")["alpha"], 3) == 0.743


def test_alpha_with_three_coders_and_missing_values_from_the_package_documentation():
    nan = None
    data = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
            [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
            [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]
    units = [list(u) for u in zip(*data)]
    assert round(krippendorff_alpha(units)["alpha"], 6) == 0.691358
    assert round(krippendorff_alpha(units, level="interval", domain=[1, 2, 3, 4])["alpha"], 6) == 0.810845


def test_alpha_is_none_with_a_reason_when_undefined():
    nothing = krippendorff_alpha([])
    assert nothing["alpha"] is None and nothing["units"] == 0
    assert "two or more layers" in nothing["reason"]
    lonely = krippendorff_alpha([["FIRM", None], [None, "QUALIFIED"]], level="ordinal",
                                domain=["FIRM", "QUALIFIED"])
    assert lonely["alpha"] is None and lonely["units"] == 0
    same = krippendorff_alpha([["SUPPORT", "SUPPORT"], ["SUPPORT", "SUPPORT", None]])
    assert same["alpha"] is None and same["units"] == 2
    assert "SUPPORT" in same["reason"] and "undefined" in same["reason"]
    assert same["counts"] == {"SUPPORT": 4}


def test_alpha_perfect_and_systematic_disagreement():
    assert krippendorff_alpha([["a", "a"], ["b", "b"]])["alpha"] == 1.0
    assert krippendorff_alpha([["a", "b"], ["b", "a"]])["alpha"] < 0


def test_kappa_wikipedia_example():
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = 0.7, pe = 0.5, kappa = 0.4
    pairs = ([("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10
             + [("no", "no")] * 15)
    figure = cohen_kappa(pairs)
    assert figure["kappa"] == pytest.approx(0.4)
    assert figure["observed"] == pytest.approx(0.7) and figure["expected"] == pytest.approx(0.5)
    assert figure["n"] == 50


def test_kappa_three_categories_by_hand():
    # A: a a b b c c ; B: a b b b c a -> po = 4/6; pe = (2*2 + 2*3 + 2*1)/36 = 12/36
    figure = cohen_kappa(list(zip("aabbcc", "abbbca")))
    assert figure["kappa"] == pytest.approx((4 / 6 - 12 / 36) / (1 - 12 / 36))


def test_kappa_undefined_cases():
    empty = cohen_kappa([])
    assert empty["kappa"] is None and "no items" in empty["reason"]
    one = cohen_kappa([("RELEVANT", "RELEVANT")] * 4)
    assert one["kappa"] is None and "RELEVANT" in one["reason"] and one["observed"] == 1.0
    assert cohen_kappa([("x", "x"), ("y", "y")])["kappa"] == 1.0


def test_kappa_against_scikit_learn_where_installed():
    metrics = pytest.importorskip("sklearn.metrics")
    a, b = list("aabbccabca"), list("abbbcaabcc")
    assert cohen_kappa(list(zip(a, b)))["kappa"] == pytest.approx(metrics.cohen_kappa_score(a, b))


def test_prf_reference_and_undefined_parts():
    assert prf(1, 2, 4) == {"precision": 0.25, "recall": 0.5, "f1": 2 / 6, "support": 2,
                            "predicted": 4, "matched": 1}
    nothing_predicted = prf(0, 3, 0)
    assert nothing_predicted["precision"] is None and nothing_predicted["f1"] == 0.0
    assert prf(0, 0, 0)["f1"] is None
