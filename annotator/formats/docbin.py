"""spaCy DocBin (`.spacy`), ready for `spacy train`, and read back.

* `doc.spans["sc"]`: every span, overlaps included (what `spancat` trains on); a span's `id_`
  is the annotation id and a mention's `kb_id_` its actor.
* `doc.ents`: the mentions (or, when the export has no MENTION kind, all spans) that overlap
  no other candidate; the tokens of overlapping ones are marked *missing*, not *outside*, so
  an NER model is never taught that a real entity is not one.
* `doc.cats`: one category per document label value ("relevance=RELEVANT": 1.0, others 0.0).
* `doc.user_data["stance_annotator"]`: the whole record as in our JSONL (slots, ids,
  provenance, document labels, status), which is what the importer reads back.

A DocBin is one compressed blob, so unlike the JSONL formats it is held in memory until the
end (compact arrays, not Doc objects: roughly 40 bytes a token plus the user data).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.core.exchange import LayerRecord
from annotator.core.models import ImportProblem
from annotator.formats.export_base import ExportContext, FormatWriter
from annotator.formats.export_jsonl import record_dict
from annotator.formats.span_lines import BadRecord, problem, record_from_dict
from annotator.formats.tokens import Tokens, spacy_tokenizer

USER_DATA_KEY = "stance_annotator"
SPANS_KEY = "sc"
DOCBIN_ATTRS = ["ORTH", "SPACY", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID"]


class DocBinWriter(FormatWriter):
    needs_tokens = True

    def __init__(self, fh: BinaryIO, context: ExportContext) -> None:
        super().__init__(fh, context)
        from spacy.tokens import DocBin

        self.vocab = spacy_tokenizer().vocab
        self.docbin = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
        kinds = context.options.kinds
        self.ent_kinds = {"MENTION"} if not kinds or "MENTION" in kinds else set(kinds)
        self.cat_names = [(d.name, [v.name for v in d.values]) for d in context.scheme.doc_labels]

    def write(self, record: LayerRecord, tokens: Tokens | None) -> None:
        from spacy.tokens import Doc, Span

        assert tokens is not None
        doc = Doc(self.vocab, words=tokens.words(record.text), spaces=tokens.ws)
        spans = []
        candidates = []
        for s in record.spans:
            first, last = tokens.span_indices(s.start, s.end)
            actor = s.attrs.get("actor_id") if s.kind == "MENTION" else None
            span = Span(doc, first, last + 1, label=s.label, kb_id=actor or "", span_id=s.id or "")
            spans.append(span)
            if s.kind in self.ent_kinds:
                candidates.append(span)
        doc.spans[SPANS_KEY] = spans
        ents, clashes = _split_overlaps(candidates)
        if clashes:
            self.context.note("overlapping entity spans left out of doc.ents (their tokens are "
                              "marked missing; all are in doc.spans['sc'])", len(clashes))
        doc.set_ents(ents, missing=[Span(doc, a, b) for a, b in clashes], default="outside")
        for name, values in self.cat_names:
            chosen = record.doc_labels.get(name)
            if chosen is not None:
                doc.cats.update({f"{name}={v}": float(v == chosen) for v in values})
        doc.user_data[USER_DATA_KEY] = record_dict(record, None, self.context.scheme.ref,
                                                   with_text=False)
        self.docbin.add(doc)

    def close(self) -> None:
        self.fh.write(self.docbin.to_bytes())


def _split_overlaps(spans: list[Any]) -> tuple[list[Any], list[tuple[int, int]]]:
    """(spans overlapping no other, the token ranges covered by overlapping ones, merged);
    identical duplicates count as one."""
    unique = sorted({(s.start, s.end, s.label_): s for s in spans}.values(),
                    key=lambda s: (s.start, s.end))
    clean: list[Any] = []
    clusters: list[list[Any]] = []
    for span in unique:
        if clusters and span.start < clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], span.end)
            clusters[-1][2].append(span)
        else:
            clusters.append([span.start, span.end, [span]])
    ranges = []
    for start, end, members in clusters:
        if len(members) == 1:
            clean.extend(members)
        else:
            ranges.append((start, end))
    return clean, ranges


def read_docbin(path: Path) -> Iterator[LayerRecord | ImportProblem]:
    """Our DocBins come back whole (user_data); others by their `sc` spans, else their ents."""
    from spacy.tokens import DocBin

    try:
        docbin = DocBin(store_user_data=True).from_bytes(path.read_bytes())
    except (OSError, ValueError, TypeError, KeyError, zlib.error) as exc:
        yield ImportProblem(str(path), None, f"not a spaCy DocBin ({exc or type(exc).__name__})",
                            code="E711")
        return
    for number, doc in enumerate(docbin.get_docs(spacy_tokenizer().vocab), start=1):
        data = doc.user_data.get(USER_DATA_KEY)
        try:
            if isinstance(data, dict):
                yield record_from_dict({**_lists(data), "text": doc.text}, number)
                continue
            spans = doc.spans.get(SPANS_KEY, doc.ents)
            yield record_from_dict({"text": doc.text, "spans": [
                {"start": s.start_char, "end": s.end_char, "label": s.label_} for s in spans]}, number)
        except BadRecord as exc:
            yield problem(str(path), number, exc)


def _lists(value: Any) -> Any:
    """msgpack gives JSON arrays back as tuples; the records and the scheme want lists."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value
