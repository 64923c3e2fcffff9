"""doccano JSONL, both forms, out and in.

* `doccano`: sequence labelling, `"label": [[start, end, "LABEL"], ...]`.
* `doccano-rel`: `"entities": [{id, label, start_offset, end_offset}]` with `"relations"`
  `[{id, from_id, to_id, type}]`; a statement's actor slots (holder, target) become relations
  to a mention of that actor in the same document, where there is one.

doccano's editor counts offsets in UTF-16 code units (JavaScript strings), not code points:
text after an emoji would be off by one per emoji (doccano issues #2290, #2484). So offsets
are converted to UTF-16 by default and back on import; the unit is recorded in `meta.offsets`.
Slots and document labels ride along as extra keys (`attrs`, `doc_labels`), which doccano keeps
as metadata, so nothing is lost on the way back.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from annotator.core.exchange import LayerRecord, SpanRecord
from annotator.formats.export_base import JsonLinesWriter, doc_meta_fields
from annotator.formats.span_lines import (
    BadRecord,
    a_dict,
    an_int,
    doc_labels_of,
    optional_str,
    status_of,
    text_of,
)
from annotator.formats.tokens import Tokens

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
ACTOR_SLOTS = ("holder", "target")


def to_utf16(text: str) -> Callable[[int], int]:
    """Code-point offset -> UTF-16 offset (identity unless the text has astral characters)."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return lambda i: i
    return lambda i: i + bisect_left(astral, i)


def from_utf16(text: str) -> Callable[[int], int]:
    """UTF-16 offset -> code-point offset; refuses an offset inside a surrogate pair."""
    units = [m.start() + k for k, m in enumerate(_ASTRAL.finditer(text))]
    if not units:
        return lambda u: u
    inside = {u + 1 for u in units}

    def convert(u: int) -> int:
        if u in inside:
            raise BadRecord(f"UTF-16 offset {u} falls inside an emoji or other astral character",
                            code="E712")
        return u - bisect_left(units, u)
    return convert


class DoccanoWriter(JsonLinesWriter):
    def to_dict(self, record: LayerRecord, tokens: Tokens | None) -> dict[str, Any]:
        unit = self.context.options.doccano_offsets
        at = to_utf16(record.text) if unit == "utf-16" else (lambda i: i)
        line: dict[str, Any] = {"text": record.text,
                                "label": [[at(s.start), at(s.end), s.label] for s in record.spans]}
        line.update(_extras(record, unit, {str(i): s.attrs for i, s in enumerate(record.spans)
                                           if s.attrs}))
        return line


class DoccanoRelWriter(JsonLinesWriter):
    def to_dict(self, record: LayerRecord, tokens: Tokens | None) -> dict[str, Any]:
        unit = self.context.options.doccano_offsets
        at = to_utf16(record.text) if unit == "utf-16" else (lambda i: i)
        entities = [{"id": i, "label": s.label, "start_offset": at(s.start), "end_offset": at(s.end)}
                    for i, s in enumerate(record.spans, start=1)]
        line: dict[str, Any] = {"text": record.text, "entities": entities,
                                "relations": _relations(record.spans)}
        line.update(_extras(record, unit, {str(i): s.attrs
                                           for i, s in enumerate(record.spans, start=1) if s.attrs}))
        return line


def _extras(record: LayerRecord, unit: str, attrs: dict[str, Any]) -> dict[str, Any]:
    return {"meta": {**doc_meta_fields(record), "offsets": unit}, "doc_labels": record.doc_labels,
            "attrs": attrs}


def _relations(spans: list[SpanRecord]) -> list[dict[str, Any]]:
    """holder/target -> the mention of that actor inside the statement, else the nearest one."""
    mentions: dict[str, list[int]] = {}
    for i, span in enumerate(spans, start=1):
        actor = span.attrs.get("actor_id") if span.kind == "MENTION" else None
        if isinstance(actor, str):
            mentions.setdefault(actor, []).append(i)
    relations: list[dict[str, Any]] = []
    for i, span in enumerate(spans, start=1):
        if span.kind != "STATEMENT":
            continue
        for slot in ACTOR_SLOTS:
            candidates = mentions.get(span.attrs.get(slot) or "", [])
            if not candidates:
                continue

            def distance(j: int, span: SpanRecord = span) -> tuple[int, int]:
                m = spans[j - 1]
                inside = span.start <= m.start and m.end <= span.end
                return (0 if inside else 1, abs(m.start - span.start))
            relations.append({"id": len(relations) + 1, "from_id": i,
                              "to_id": min(candidates, key=distance), "type": slot})
    return relations


def record_from_doccano(data: dict[str, Any], line: int | None, default_unit: str) -> LayerRecord:
    text = text_of(data)
    meta = a_dict(data.get("meta"), '"meta"')
    unit = meta.get("offsets", default_unit)
    if unit not in ("utf-16", "code-points"):
        raise BadRecord(f"meta.offsets must be utf-16 or code-points, not {unit!r}")
    counted = unit == "utf-16" and _ASTRAL.search(text) is not None  # else the same numbers
    at = from_utf16(text) if counted else (lambda u: u)
    attrs = a_dict(data.get("attrs"), '"attrs"')
    if "entities" in data:
        items = data.get("entities")
        if not isinstance(items, list):
            raise BadRecord('"entities" must be a list')
        raw = [(str(_get(e, "id")), _get(e, "start_offset"), _get(e, "end_offset"), _get(e, "label"))
               for e in items]
    else:
        items = data.get("label")
        if not isinstance(items, list):
            raise BadRecord('"label" must be a list of [start, end, "LABEL"]')
        if not counted and not attrs:
            spans = _plain_spans(items)
            if spans is not None:
                return _record(data, text, meta, spans, line)
        raw = [(str(i), *_triple(item)) for i, item in enumerate(items)]
    spans = []
    for key, start, end, label in raw:
        if not isinstance(label, str) or not label:
            raise BadRecord(f"entity {key} has no label")
        where = f"entity {key}"
        spans.append(SpanRecord(start=at(an_int(start, f"{where}: start")),
                                end=at(an_int(end, f"{where}: end")), label=label,
                                attrs=dict(a_dict(attrs.get(key), f"attrs of {where}"))))
    return _record(data, text, meta, spans, line)


def _plain_spans(items: list[Any]) -> list[SpanRecord] | None:
    """The spans of `"label"` items that are all [int, int, "LABEL"], in a text whose offsets
    need no conversion, without slots (what most files hold), at a third of the general loop's
    cost; None if any item is not so plain (the general loop then reads them, and says what is
    wrong)."""
    spans = []
    for item in items:
        if type(item) is not list or len(item) != 3:
            return None
        start, end, label = item
        if type(start) is not int or type(end) is not int or type(label) is not str or not label:
            return None
        spans.append(SpanRecord(start, end, label))
    return spans


def _record(data: dict[str, Any], text: str, meta: dict[str, Any], spans: list[SpanRecord],
            line: int | None) -> LayerRecord:
    return LayerRecord(
        text=text, uid=optional_str(meta.get("uid"), "meta.uid"),
        title=optional_str(meta.get("title"), "meta.title"),
        source=optional_str(meta.get("source"), "meta.source"),
        url=optional_str(meta.get("url"), "meta.url"),
        published=optional_str(meta.get("published"), "meta.published"),
        doc_meta={k: v for k, v in data.items() if k not in _KNOWN},
        layer=optional_str(meta.get("layer"), "meta.layer"), status=status_of(meta, None),
        doc_labels=doc_labels_of(data.get("doc_labels")), spans=spans, line=line,
    )


_KNOWN = {"text", "label", "entities", "relations", "meta", "attrs", "doc_labels"}


def _get(entity: Any, key: str) -> Any:
    if not isinstance(entity, dict):
        raise BadRecord("each entity must be an object")
    return entity.get(key)


def _triple(item: Any) -> tuple[Any, Any, Any]:
    if not isinstance(item, list) or len(item) != 3:
        raise BadRecord(f'each "label" item must be [start, end, "LABEL"], not {item!r}')
    return item[0], item[1], item[2]
