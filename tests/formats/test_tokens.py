"""Tokens for exports: spaCy's, split exactly where a span needs it, never moving a span."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.exchange import SpanRecord
from annotator.formats.tokens import align, tokenize

PIECES = ["Seoul", " ", "  ", "\r\n", "\n\n", "🇰🇷", "👍🏽", "Cafe\u0301", "U.S.", "Kwan-jin", ",",
          "\"no\"", "don't", "中文", "e\u0301", "."]


def check(text: str, spans: list[SpanRecord]) -> None:
    tokens = tokenize(text, spans)
    rebuilt = "".join(text[s:e] + (" " if w else "") for s, e, w in
                      zip(tokens.starts, tokens.ends, tokens.ws))
    assert rebuilt == text
    assert all(s < e for s, e in zip(tokens.starts, tokens.ends))
    for span in spans:
        first, last = tokens.span_indices(span.start, span.end)
        assert tokens.starts[first] == span.start and tokens.ends[last] == span.end


def test_aligned_spans_keep_spacys_tokens():
    text = "US envoy Kim Kwan-jin said."
    spans = [SpanRecord(0, 2, "GPE"), SpanRecord(9, 21, "PERSON")]
    tokens = tokenize(text, spans)
    assert tokens.misaligned == [] and tokens.words(text) == ["US", "envoy", "Kim", "Kwan", "-",
                                                              "jin", "said", "."]
    assert tokens.span_indices(9, 21) == (2, 5)


def test_a_span_cutting_a_token_or_ending_on_a_space_splits_it():
    text = "the U.S. envoy  said"
    cut, space = SpanRecord(4, 7, "GPE"), SpanRecord(9, 15, "X")  # "U.S", "envoy "
    tokens = tokenize(text, [cut, space])
    assert tokens.misaligned == [cut, space]
    assert tokens.words(text) == ["the", "U.S", ".", "envoy", " ", " ", "said"]
    check(text, [cut, space, SpanRecord(8, 9, "SPACE")])
    assert align("ab", [0], [2], [False]).misaligned == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join), st.data())
def test_any_spans_get_exact_token_indices(text, data):
    points = st.integers(0, len(text))
    pairs = data.draw(st.lists(st.tuples(points, points), max_size=6))
    spans = [SpanRecord(min(a, b), max(a, b), "X") for a, b in pairs if a != b]
    check(text, spans)
