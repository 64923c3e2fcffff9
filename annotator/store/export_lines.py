"""Reads for the default JSONL export (no tokens): SQLite writes the JSON, Python joins it.

`exchange.layer_records` builds a `LayerRecord` and a `SpanRecord` per span and parses every
span's slots, and a writer serialises it all again: 0.9 s of CPU for 10,000 documents with
100,000 spans, against 0.3 s for srsly to write the same records (docs/benchmarks.md). Here
SQLite's JSON functions write each span's object and the start of each line (text, meta,
doc_meta) straight from the stored rows (slots and metadata are stored as JSON already) as
UTF-8 bytes, sorted in SQL, and Python only joins the pieces of a line.

The pieces follow `formats.export_jsonl.record_dict` key for key and escape as srsly does with
`ensure_ascii=False`; `formats.export_jsonl.line_from_parts` assembles the line (and escapes
`export_base.LINE_BREAKS` in it), and
`tests/formats/test_export_lines.py` checks that both paths write the same bytes. Read inside
the caller's snapshot (`exchange.read_snapshot`), batch by batch.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter

from sqlite_utils import Database

from annotator.core.exchange import LineParts
from annotator.store import exchange

# One span, keys in the order of `export_jsonl.span_dict` (without tokens). Slots are stored
# as JSON: json() checks and compacts them rather than parsing them into Python and back.
SPAN_JSON = (
    "json_object('id', id, 'start', start, 'end', \"end\", 'text', text, 'label', label, 'kind',"
    " kind, 'attrs', json(COALESCE(NULLIF(attrs, ''), '{}')), 'origin', origin, 'created_at',"
    " created_at, 'updated_at', updated_at)")
# A layer without a status row has not been started on the document.
STATUS = "CASE WHEN s.doc_id IS NULL THEN 'todo' ELSE s.status END"
# The start of a line, up to the spans (`record_dict`, `export_base.doc_meta_fields`); `p` is
# the (document, layer) pair.
HEAD_JSON = (
    "'{\"text\":' || json_quote(d.text) || ',\"meta\":' || json_object('uid', d.uid, 'title',"
    " d.title, 'source', d.source, 'url', d.url, 'published', d.published, 'layer', p.layer,"
    f" 'status', {STATUS}) || ',\"doc_meta\":' || json(COALESCE(NULLIF(d.meta, ''), '{{}}'))"
    " || ',\"spans\":['")
# A document label: a member of the line's "doc_labels" object.
LABEL_JSON = "json_quote(name) || ':' || json_quote(value)"
_PAIR, _LABEL, _KEY, _JSON = itemgetter(0, 1), itemgetter(2), itemgetter(3), itemgetter(4)


def jsonl_parts(db: Database, doc_ids: Sequence[int], layer: str | None, status: str,
                kinds: Sequence[str] = (), labels: Sequence[str] = ()) -> Iterator[LineParts]:
    """The same records as `exchange.layer_records` with the same arguments, in the same
    order (documents in the order of `doc_ids`, layers by name), as pieces of JSON."""
    for start in range(0, len(doc_ids), exchange.BATCH):
        ids = list(doc_ids[start : start + exchange.BATCH])
        try:
            yield from _batch(db, ids, layer, status, kinds, labels)
        except sqlite3.OperationalError as exc:  # json(): the stored metadata or slots
            if "malformed JSON" not in str(exc):
                raise
            raise exchange.unreadable_json(db, ids) or exc from exc


def _batch(db: Database, ids: list[int], layer: str | None, status: str, kinds: Sequence[str],
           labels: Sequence[str]) -> Iterator[LineParts]:
    marks = ",".join("?" * len(ids))
    layer_sql, layer_args = (" AND layer = ?", [layer]) if layer is not None else ("", [])
    filters, filter_args = exchange.span_filters(layer, kinds, labels)
    # sorted as `exchange._spans` sorts (ids are unique, so the columns after id never decide)
    rows = db.execute(
        f"SELECT doc_id, layer, label, printf('|%d,%d,%s', start, \"end\", label),"
        f" CAST({SPAN_JSON} AS BLOB) FROM annotations WHERE doc_id IN ({marks}){filters}"
        " ORDER BY doc_id, layer, start, \"end\", kind, label, COALESCE(attrs, '{}'), id",
        [*ids, *filter_args]).fetchall()
    label_rows = db.execute(
        f"SELECT doc_id, layer, CAST({LABEL_JSON} AS BLOB)"
        f" FROM doc_labels WHERE doc_id IN ({marks}){layer_sql} ORDER BY doc_id, layer, name",
        [*ids, *layer_args])
    doc_labels = {pair: [row[2] for row in group]
                  for pair, group in groupby(label_rows, key=itemgetter(0, 1))}
    if layer is not None:
        pairs, pair_args = "(SELECT id AS doc_id, ? AS layer FROM documents" \
                           f" WHERE id IN ({marks}))", [layer, *ids]
    else:  # every layer with anything for the document, whatever the kind and label filters
        pairs = (f"(SELECT doc_id, layer FROM annotations WHERE doc_id IN ({marks}) AND deleted_at"
                 f" IS NULL UNION SELECT doc_id, layer FROM doc_status WHERE doc_id IN ({marks})"
                 f" UNION SELECT doc_id, layer FROM doc_labels WHERE doc_id IN ({marks}))")
        pair_args = [*ids, *ids, *ids]
    done = f" WHERE {STATUS} = 'done'" if status == "done" else ""
    for doc_id, uid, name, st, updated, seconds, head in db.execute(
            f"SELECT d.id, d.uid, p.layer, {STATUS}, s.updated_at, s.seconds,"
            f" CAST({HEAD_JSON} AS BLOB) FROM {pairs} p JOIN documents d ON d.id = p.doc_id"
            f" LEFT JOIN doc_status s ON s.doc_id = p.doc_id AND s.layer = p.layer{done}"
            " ORDER BY p.doc_id, p.layer", pair_args):
        lo = bisect_left(rows, (doc_id, name), key=_PAIR)  # the pair's spans: rows[lo:hi]
        hi = bisect_right(rows, (doc_id, name), lo, key=_PAIR)
        yield LineParts(doc_id, uid, name, st, updated, seconds, head,
                        list(map(_JSON, rows[lo:hi])), "".join(map(_KEY, rows[lo:hi])),
                        list(map(_LABEL, rows[lo:hi])), doc_labels.get((doc_id, name), []))
