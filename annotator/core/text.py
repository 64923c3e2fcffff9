"""Text identity.

A document's uid is the key that matches the same article across projects and exports, so it
must not change with incidental differences: Unicode normal form, line-ending style, trailing
spaces. The stored text itself is never normalised, because annotation offsets point into it.
"""

from __future__ import annotations

import hashlib
import unicodedata


def normalise_for_uid(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # str methods, not a MULTILINE regex: 10x faster on long articles (bench/import.py); and
    # only where some line ends in spaces (the last one's go with strip()): most texts have
    # none, and the split and join were 0.08 s of an import of 10,000 FNC-1 bodies. A tab,
    # form feed or vertical tab is looked for alone first: a one-character search is a
    # fraction of a two-character one, and few texts hold any (the four two-character
    # searches took 0.08 s of those 10,000 texts, this 0.025 s)
    if " \n" in text or (("\t" in text or "\f" in text or "\v" in text)
                         and ("\t\n" in text or "\f\n" in text or "\v\n" in text)):
        text = "\n".join(line.rstrip(" \t\f\v") for line in text.split("\n"))
    return text.strip()


def text_uid(text: str) -> str:
    """sha256 hex digest of the normalised text."""
    return hashlib.sha256(normalise_for_uid(text).encode("utf-8")).hexdigest()


def bad_character(text: str) -> str | None:
    """Why `text` cannot be stored as text, or None.

    A NUL ends a string for SQLite's own functions (`length()`, `substr()`, the full-text
    index), so offsets computed there would disagree with Python's; a lone surrogate (half a
    UTF-16 pair, or bytes that were never UTF-8) cannot be encoded as UTF-8 at all. Most texts
    are ASCII without NUL, which is the cheap case.
    """
    if "\x00" in text:
        return f"a NUL character at offset {text.index(chr(0))}"
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"half a surrogate pair or bytes that are not UTF-8 at offset {exc.start}"
    return None


MAX_NAME = 100
RESERVED_NAMES = ("all",)  # `export --layer all`, `train --layers all`: every layer


def bad_name(name: object) -> str | None:
    """Why `name` cannot be a layer (an annotator's name), or None. Names are shown in every
    list, table and history line, in the terminal and the window: printable text only (no
    escape sequence, bell or bidirectional override; the joiners some scripts need are fine),
    of a length a column can show, and not `all`, which selects every layer."""
    if not isinstance(name, str) or not name.strip():
        return "is empty"
    if len(name) > MAX_NAME:
        return f"is longer than {MAX_NAME} characters"
    if not name.replace("\u200c", "").replace("\u200d", "").isprintable():
        return "holds a control character, a bidirectional override or a lone surrogate"
    if name.strip() in RESERVED_NAMES:
        return f"is {name.strip()!r}, which means every layer"
    return None


def find_bad_text(value: object, where: str = "") -> str | None:
    """The first string anywhere in `value` (nested lists and dicts, keys too) that
    `bad_character` refuses, as "REASON in WHERE", or None."""
    if not isinstance(value, str) and not _may_hold_bad_text(value):
        return None
    return _find_bad_text(value, where)


def _may_hold_bad_text(value: object) -> bool:
    """False when no string in `value` can hold a NUL or a lone surrogate, found at C speed: a
    dict's long strings (a document's text) by `bad_character`, the rest by `repr`, which
    spells every NUL as \\x00 and every surrogate as \\udXXX. When neither is there, the walk
    below (a Python call per list item) is skipped: 0.47 s -> 0.2 s on the records of a
    10,000-document layer import. A false alarm (a literal backslash sequence) only costs the
    walk."""
    if isinstance(value, dict):
        rest = {}
        for key, item in value.items():
            if isinstance(item, str) and len(item) > 200:
                if bad_character(item):
                    return True
                rest[key] = None  # the key is still looked at
            else:
                rest[key] = item
        value = rest
    shown = repr(value)
    return "\\x00" in shown or "\\ud" in shown


def _find_bad_text(value: object, where: str = "") -> str | None:
    if isinstance(value, str):
        reason = bad_character(value)
        return f"{reason} in {where or 'the text'}" if reason else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _find_bad_text(key, f"{where} (a key)") or _find_bad_text(
                item, f"{where}.{key}" if where else str(key))
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = _find_bad_text(item, f"{where}[{i}]")
            if found:
                return found
    return None
