"""A document's uid ignores line-ending style, trailing spaces and Unicode normal form (so the
same article matches across projects), and the quick path that skips texts with no trailing
spaces gives exactly what the full normalisation gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text import normalise_for_uid, text_uid


def _full(text: str) -> str:
    """The normalisation without its quick path, as it was written first."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip(" \t\f\v") for line in text.split("\n")).strip()


@given(st.text(alphabet=st.sampled_from(list("ab \t\f\v\r\n\u00a0\u0301e🙂")), max_size=40))
def test_the_quick_path_normalises_as_the_full_one(text: str):
    assert normalise_for_uid(text) == _full(text)


def test_incidental_differences_keep_the_uid():
    one = "Caf\u00e9 🙂 said \r\nno.  \r\n\r\nThen left.\t"
    other = "Cafe\u0301 🙂 said\nno.\n\nThen left."
    assert text_uid(one) == text_uid(other)
    assert text_uid(one) != text_uid("Cafe said\nno.\n\nThen left.")
