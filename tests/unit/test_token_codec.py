"""The stored form of token boundaries: lossless for any tokens, versioned, and only ever
trusted for the tokenizer that made it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.token_codec import FORMAT, decode, encode, tokenizer_key


def reference(lengths: list[int], spaces: list[bool]) -> tuple[list[int], list[int], list[bool]]:
    """What the boundaries are, written the slow, obvious way."""
    starts, ends, position = [], [], 0
    for length, space in zip(lengths, spaces):
        starts.append(position)
        ends.append(position + length)
        position += length + space
    return starts, ends, [bool(s) for s in spaces]


LENGTHS = st.one_of(st.integers(1, 12), st.integers(1, 200), st.integers(1, 2**31))
TOKENS = st.lists(st.tuples(LENGTHS, st.booleans()), max_size=300)


@settings(max_examples=300, deadline=None)
@given(TOKENS)
def test_any_tokens_round_trip(tokens):
    lengths, spaces = [n for n, _ in tokens], [w for _, w in tokens]
    blob = encode(lengths, spaces)
    assert decode(blob) == reference(lengths, spaces)
    assert blob[0] == FORMAT


@pytest.mark.parametrize("lengths, width", [([5, 1, 127], 1), ([128], 2), ([100_000], 4),
                                            ([3, 2**31 + 7, 1], 8)])
def test_one_long_token_widens_the_blob_without_losing_anything(lengths, width):
    spaces = [True] * len(lengths)
    blob = encode(lengths, spaces)
    assert blob[1] == width and len(blob) == 2 + width * len(lengths)
    assert decode(blob) == reference(lengths, spaces)


def test_prose_costs_a_byte_a_token():
    assert encode([5, 7, 1], [True, False, True]) == bytes([FORMAT, 1, 11, 14, 3])
    assert decode(encode([], [])) == ([], [], [])


@pytest.mark.parametrize("blob", [b"", bytes([FORMAT]), bytes([FORMAT + 1, 1, 10]),
                                  bytes([FORMAT, 3, 10, 10, 10]), bytes([FORMAT, 2, 10])])
def test_a_blob_of_another_format_or_cut_short_is_refused(blob):
    with pytest.raises(ValueError):
        decode(blob)


def test_encoding_refuses_what_cannot_be_tokens():
    with pytest.raises(ValueError):
        encode([3, 4], [True])
    with pytest.raises(ValueError):
        encode([3, -1], [True, False])


KEY_SCRIPT = ("import spacy; from annotator.core.token_codec import tokenizer_key; "
              "print(tokenizer_key(spacy.blank('en').tokenizer))")


def test_the_tokenizer_key_is_the_same_for_the_same_tokenizer_in_any_process():
    spacy = pytest.importorskip("spacy")
    here = tokenizer_key(spacy.blank("en").tokenizer)
    assert here == tokenizer_key(spacy.blank("en").tokenizer)  # built separately
    assert here.startswith("spacy-")
    there = subprocess.run([sys.executable, "-c", KEY_SCRIPT], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout.strip()
    assert there == here


def test_the_tokenizer_key_changes_with_the_tokenizers_rules():
    spacy = pytest.importorskip("spacy")
    from spacy.attrs import ORTH

    tokenizer = spacy.blank("en").tokenizer
    before = tokenizer_key(tokenizer)
    tokenizer("Tokenizing text fills a cache, which is not part of the rules.")
    assert tokenizer_key(tokenizer) == before
    tokenizer.add_special_case("U.S.A.", [{ORTH: "U.S."}, {ORTH: "A."}])
    assert tokenizer_key(tokenizer) != before
    assert tokenizer_key(spacy.blank("de").tokenizer) != before
