"""Our JSONL export as a merge source.

An export carries each annotation's id, slots, origin and timestamps, but no history and no
deleted annotations; so merging one fast-forwards by timestamp only when our copy has not been
edited since it was last merged, and otherwise keeps both versions as a conflict. Deletions
travel between project files, not through exports.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.errors import ProjectError
from annotator.core.models import ImportProblem
from annotator.core.text import text_uid
from annotator.store.merge_source import SourceBundle


def read_jsonl_bundle(path: Path, layers: set[str] | None) -> SourceBundle:
    from annotator.formats.export_options import LayerImportOptions
    from annotator.formats.layer_import import bad_text, read_layer_file

    bundle = SourceBundle(name=str(path))
    problems: list[str] = []
    for item in read_layer_file(path, LayerImportOptions(format="jsonl")):
        if isinstance(item, ImportProblem):
            problems.append(str(item))
            continue
        if not item.layer:
            problems.append(f"line {item.line} of {path}: the record names no layer")
            continue
        bundle.all_layers.add(item.layer)
        if layers and item.layer not in layers:
            continue
        bad = bad_text(item)
        if bad:
            problems.append(f"line {item.line} of {path}: the record holds {bad}")
            continue
        uid = text_uid(item.text)
        bundle.documents.setdefault(uid, {
            "uid": uid, "text": item.text, "title": item.title, "source": item.source,
            "url": item.url, "published": item.published,
            "meta": json.dumps(item.doc_meta, ensure_ascii=False), "origin": str(path)})
        for span in item.spans:
            if span.id is None or span.kind is None:
                problems.append(f"line {item.line} of {path}: a span without id or kind cannot"
                                " be merged; use `annotator import-layer` for such files")
                continue
            bundle.annotations.append({
                "id": span.id, "doc_uid": uid, "layer": item.layer, "kind": span.kind,
                "start": span.start, "end": span.end,
                "text": span.text if span.text is not None else item.text[span.start:span.end],
                "label": span.label, "attrs": span.attrs, "origin": span.origin,
                "created_at": span.created_at, "updated_at": span.updated_at,
                "deleted_at": None})
        if item.status:
            bundle.statuses.append({"doc_uid": uid, "layer": item.layer, "status": item.status,
                                    "seconds": item.seconds or 0.0,
                                    "updated_at": item.status_updated_at or ""})
        for name, value in item.doc_labels.items():
            bundle.labels.append({"doc_uid": uid, "layer": item.layer, "name": name,
                                  "value": value, "updated_at": item.status_updated_at or ""})
    if problems:
        raise ProjectError(f"the export cannot be merged: {problems[0]}"
                           + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
                           path=str(path), hint="Fix the file; nothing was merged.")
    return bundle
