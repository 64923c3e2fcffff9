"""What every dataset writer shares: its context, the fields common to several formats, and
the Prodigy-style hashes.

A writer turns `LayerRecord`s into bytes on an open binary file; it never decides which
documents go out or where the file lands (that is `formats.exporter`), so each format module
is a small translation that can be tested on plain records.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, BinaryIO

from annotator.core.exchange import LayerRecord, SpanRecord
from annotator.core.scheme import Scheme
from annotator.formats.export_options import TOKENS_BY_DEFAULT, ExportOptions
from annotator.formats.tokens import Tokens

# Prodigy's answers for our document statuses; meta.status keeps the exact one.
ANSWERS = {"done": "accept", "flagged": "reject", "skipped": "ignore", "todo": "ignore"}
STATUS_OF_ANSWER = {"accept": "done", "reject": "flagged", "ignore": "skipped"}


@dataclass
class ExportContext:
    scheme: Scheme
    options: ExportOptions
    actor_names: dict[str, str] = field(default_factory=dict)
    notes: dict[str, int] = field(default_factory=dict)  # counters a writer wants reported

    def note(self, key: str, n: int = 1) -> None:
        self.notes[key] = self.notes.get(key, 0) + n


class FormatWriter:
    """One output file. `write` is called once per record, `close` once at the end."""

    needs_tokens = False

    def __init__(self, fh: BinaryIO, context: ExportContext) -> None:
        self.fh = fh
        self.context = context

    def write(self, record: LayerRecord, tokens: Tokens | None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Write whatever a format can only write at the end (a DocBin)."""


class JsonLinesWriter(FormatWriter):
    """A format whose file is one JSON object per record."""

    def write(self, record: LayerRecord, tokens: Tokens | None) -> None:
        self.fh.write(json_line(self.to_dict(record, tokens)))

    def to_dict(self, record: LayerRecord, tokens: Tokens | None) -> dict[str, Any]:
        """The line as a dict; a `RawJson` value in it is already serialised (`json_line`)."""
        raise NotImplementedError


class TokenLinesWriter(JsonLinesWriter):
    """A JSON-lines format that may carry Prodigy-style tokens: `--tokens`/`--no-tokens`, else
    the format's default (`TOKENS_BY_DEFAULT`)."""

    @property
    def needs_tokens(self) -> bool:  # type: ignore[override]
        return tokens_wanted(self.context.options)


def tokens_wanted(options: ExportOptions) -> bool:
    """Whether lines of this format carry tokens: `--tokens`/`--no-tokens`, else its default."""
    return TOKENS_BY_DEFAULT.get(options.format, False) if options.tokens is None else options.tokens


class RawJson(str):
    """A value that is JSON text already: `json_line` writes it as it is."""


def json_line(line: dict[str, Any]) -> bytes:
    """`srsly.json_dumps(line)` and a newline, as UTF-8, with `RawJson` values written as they
    are. srsly writes an object compactly, `{"key":value,...}` in key order, so the plain keys
    between raw ones are serialised together and the raw text is spliced in: the same bytes."""
    import srsly  # here: srsly loads numpy (0.1-0.2 s), which the default JSONL export avoids

    parts: list[str] = []
    plain: dict[str, Any] = {}
    for key, value in line.items():
        if type(value) is RawJson:
            if plain:
                parts.append(srsly.json_dumps(plain)[1:-1])
                plain = {}
            parts.append(f"{srsly.json_dumps(key)}:{value}")
        else:
            plain[key] = value
    if not parts:
        return srsly.json_dumps(line).encode("utf-8") + b"\n"
    if plain:
        parts.append(srsly.json_dumps(plain)[1:-1])
    return ("{" + ",".join(parts) + "}\n").encode("utf-8")


_TOKEN_JSON = '{"text":"%s","start":%d,"end":%d,"id":%d,"ws":%s}'
_JSON_BOOLS = ("false", "true")
_JSON_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')  # the inside of each JSON string


def prodigy_tokens(tokens: Tokens, text: str) -> RawJson:
    """Prodigy's token objects, `[{"text", "start", "end", "id", "ws"}, ...]`, serialised
    byte for byte as srsly writes that list of dicts.

    The token objects are most of a dataset with tokens; building a dict per token and having
    srsly walk them cost more than everything else an export does once the boundaries are
    stored. Here srsly escapes all the token texts in one call and one %-format fills the
    integers and booleans around them.
    """
    n = len(tokens)
    if not n:
        return RawJson("[]")
    values = chain.from_iterable(zip(_escaped(tokens.words(text)), tokens.starts, tokens.ends,
                                     range(n), map(_JSON_BOOLS.__getitem__, tokens.ws)))
    return RawJson("[" + ",".join([_TOKEN_JSON] * n) % tuple(values) + "]")


def _escaped(words: list[str]) -> list[str]:
    """Each word as srsly writes it inside a JSON string. A quote inside a JSON string is
    always escaped, so the compact list `["a","b"]` splits at `","`, unless `\\","` appears
    (a word holding a quote then a comma, or ending in a backslash), when a `","` may start
    inside a word: that rare list is read string by string."""
    import srsly

    listed = srsly.json_dumps(words)
    if '\\","' not in listed:
        return listed[2:-2].split('","')
    return _JSON_STRING.findall(listed)


def doc_meta_fields(record: LayerRecord) -> dict[str, Any]:
    """The `meta` object of our JSONL, Prodigy and doccano lines (Prodigy shows it as is)."""
    return {"uid": record.uid, "title": record.title, "source": record.source, "url": record.url,
            "published": record.published, "layer": record.layer, "status": record.status}


def _signed32(digest: bytes) -> int:
    return int.from_bytes(digest[:4], "big", signed=True)


def input_hash(uid: str) -> int:
    """Same document text (by uid, so across projects and line endings) -> same hash."""
    return _signed32(bytes.fromhex(uid[:8]))


def task_hash(uid: str, spans: list[SpanRecord]) -> int:
    """The question asked about the input: its text and the spans in it (Prodigy's notion)."""
    return task_hash_of(uid, "".join(f"|{s.start},{s.end},{s.label}" for s in spans))


def task_hash_of(uid: str, span_keys: str) -> int:
    """`task_hash` from the spans' "|start,end,label" keys joined in order."""
    return _signed32(hashlib.blake2b((uid + span_keys).encode("utf-8"), digest_size=4).digest())


def token_fields(span: SpanRecord, tokens: Tokens | None) -> dict[str, int]:
    if tokens is None:
        return {}
    first, last = tokens.span_indices(span.start, span.end)
    return {"token_start": first, "token_end": last}
