"""The keys the article view gives its own meaning, in one place: the window's key handler
(`gui.keys`) acts on them, and the scheme parser (`core.scheme`) refuses a scheme whose keys the
handler could never honour (a slot key that is already "reject", a label key that is a letter).
"""

from __future__ import annotations

LABEL_KEYS = "0123456789"  # a label is applied with a digit, nothing else
REJECT_KEY = "x"  # reject the current suggestion
SENTENCE_KEY = "s"  # select the sentence at the caret
NEXT_STATEMENT_KEY = "]"
PREVIOUS_STATEMENT_KEY = "["
CLEAR_KEY = "-"  # while a slot or document label waits for its value: clear it
SEARCH_KEY = "/"  # while an actor slot waits: search the registry

# Keys a slot may not take: they act on their own in the article view.
RESERVED_KEYS = {
    REJECT_KEY: "rejects the current suggestion",
    SENTENCE_KEY: "selects the sentence",
    NEXT_STATEMENT_KEY: "goes to the next statement",
    PREVIOUS_STATEMENT_KEY: "goes to the previous statement",
    CLEAR_KEY: "clears a slot",
    SEARCH_KEY: "searches the actor registry",
    **{digit: "applies a label" for digit in LABEL_KEYS},
}


def doc_label_key(name: str) -> str:
    """A document label is set with Shift and the first letter of its name."""
    return name[0].upper()
