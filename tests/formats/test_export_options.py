"""Options parsing and the train/dev split: exact shares, deterministic, order-independent."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.exchange import ExportError
from annotator.formats.export_options import ExportOptions, assign_parts, parse_list, parse_split


def test_parse_split_and_list():
    assert parse_split("train=0.8,dev=0.2") == (("train", 0.8), ("dev", 0.2))
    assert parse_split(" train = 0.7 , dev=0.2,test=0.1") == (("train", 0.7), ("dev", 0.2),
                                                              ("test", 0.1))
    assert parse_split(None) == () and parse_split("") == ()
    assert parse_list(["MENTION,CUE", "CUE", " STATEMENT "]) == ("MENTION", "CUE", "STATEMENT")


@pytest.mark.parametrize("spec, message", [
    ("train=0.8,dev=0.3", "add up to 1.1"),
    ("train=0.8", "add up to 0.8"),
    ("train:0.8,dev=0.2", "cannot read 'train:0.8'"),
    ("train=x,dev=1", "'x' in --split is not a number"),
    ("train=0.5,train=0.5", "'train' appears twice"),
    ("a/b=1", "cannot read"),
    ("train=0,dev=1", "above 0"),
])
def test_bad_splits_are_refused_with_a_code(spec, message):
    with pytest.raises(ExportError, match=message) as info:
        parse_split(spec)
    assert str(info.value).startswith("[E701]")


def test_bad_options_are_refused():
    for options, message in ((ExportOptions(format="xml"), "unknown format 'xml'"),
                             (ExportOptions(status="todo"), "status filter"),
                             (ExportOptions(kinds=("ENTITY",)), "unknown kind 'ENTITY'"),
                             (ExportOptions(doccano_offsets="bytes"), "offset unit")):
        with pytest.raises(ExportError, match=message):
            options.check()


def uids(n: int) -> list[str]:
    return [hashlib.sha256(str(i).encode()).hexdigest() for i in range(n)]


def test_split_sizes_follow_the_shares_exactly():
    parts = assign_parts(uids(10), (("train", 0.8), ("dev", 0.2)), seed=1)
    assert sorted(parts.values()).count("train") == 8
    parts = assign_parts(uids(7), (("train", 0.7), ("dev", 0.2), ("test", 0.1)), seed=1)
    counts = {name: list(parts.values()).count(name) for name in ("train", "dev", "test")}
    assert counts == {"train": 5, "dev": 1, "test": 1}
    assert assign_parts([], (("train", 1.0),), seed=0) == {}


@given(st.integers(0, 60), st.integers(0, 2**31), st.randoms(use_true_random=False))
def test_split_is_deterministic_and_ignores_order(n, seed, rnd):
    items = uids(n)
    split = (("train", 0.8), ("dev", 0.2))
    shuffled = items[:]
    rnd.shuffle(shuffled)
    first = assign_parts(items, split, seed)
    assert first == assign_parts(shuffled, split, seed)
    assert set(first) == set(items)
    assert abs(list(first.values()).count("train") - 0.8 * n) < 1
