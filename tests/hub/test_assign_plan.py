"""The assignment plan: balanced, deterministic, overlap to two, extendable without moves."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator.hub.assign import plan
from annotator.hub.connection import HubError

UIDS = [f"doc{n:04d}" for n in range(1000)]


def _per_doc(pairs):
    return Counter(uid for uid, _ in pairs)


def test_balanced_with_the_overlap_share_on_two_annotators():
    result = plan(UIDS, [], ["a", "b", "c"], overlap=0.2, seed="s")
    copies = _per_doc(result.new)
    assert set(copies) == set(UIDS) and set(copies.values()) == {1, 2}
    assert 0.16 < sum(1 for n in copies.values() if n == 2) / len(UIDS) < 0.24
    loads = Counter(name for _, name in result.new)
    assert max(loads.values()) - min(loads.values()) <= 1
    pairs = Counter(tuple(sorted(n for u, n in result.new if u == uid))
                    for uid, k in copies.items() if k == 2)
    assert set(pairs) == {("a", "b"), ("a", "c"), ("b", "c")}  # every pair shares documents


def test_deterministic_and_seeded():
    assert plan(UIDS, [], ["a", "b"], overlap=0.3, seed="s").new == \
        plan(list(reversed(UIDS)), [], ["a", "b"], overlap=0.3, seed="s").new
    assert plan(UIDS, [], ["a", "b"], overlap=0.3, seed="s").new != \
        plan(UIDS, [], ["a", "b"], overlap=0.3, seed="t").new


def test_extending_never_moves_what_was_assigned():
    first = plan(UIDS[:600], [], ["a", "b"], overlap=0.2, seed="s")
    second = plan(UIDS, first.new, ["a", "b", "c"], overlap=0.2, seed="s")
    assert not {uid for uid, _ in second.new} & {uid for uid, _ in first.new
                                                 if _per_doc(first.new)[uid] == 2}
    assert set(first.new).isdisjoint(second.new)
    totals = Counter(name for _, name in first.new + second.new)
    assert totals["c"] == 400  # the newcomer takes a copy of every new document first
    assert max(totals.values()) - min(totals.values()) <= 5
    assert plan(UIDS, first.new + second.new, ["a", "b", "c"], overlap=0.2, seed="s").new == []


def test_a_cap_leaves_the_rest_for_later():
    result = plan(UIDS[:100], [], ["a", "b"], per_annotator=30, seed="s")
    assert Counter(name for _, name in result.new) == {"a": 30, "b": 30}
    assert result.unassigned == 40


@pytest.mark.parametrize("kwargs", [{"overlap": 1.5}, {"overlap": 0.2, "names": ["a"]},
                                    {"names": ["a", "a"]}])
def test_bad_requests_are_coded(kwargs):
    names = kwargs.pop("names", ["a", "b"])
    with pytest.raises(HubError) as bad:
        plan(UIDS, [], names, **kwargs)
    assert bad.value.code == "E969"
