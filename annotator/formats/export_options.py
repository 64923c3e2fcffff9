"""What an export or a layer import is asked to do, and the train/dev split.

The CLI and the GUI's export dialog both build an `ExportOptions`; parsing and checking live
here so both refuse the same mistakes with the same coded message. Kept free of heavy imports:
the CLI loads it at start-up.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.exchange import ExportError
from annotator.core.models import KINDS

EXPORT_FORMATS = ("jsonl", "prodigy", "doccano", "doccano-rel", "spacy", "csv")
EXTENSIONS = {"jsonl": ".jsonl", "prodigy": ".jsonl", "doccano": ".jsonl", "doccano-rel": ".jsonl",
              "spacy": ".spacy", "csv": ".csv"}
EXPORT_STATUSES = ("done", "any")
ALL_LAYERS = "all"
OFFSET_UNITS = ("utf-16", "code-points")
LAYER_FORMATS = ("auto", "jsonl", "prodigy", "doccano", "spacy")
_PART = re.compile(r"^[A-Za-z0-9_-]+$")


# The formats whose lines may carry tokens, and whether they do when `tokens` is not given.
# Prodigy's manual interfaces render and snap spans by `tokens`, and its db-out lines carry
# them; our JSONL is read by character offsets (tokens are for token-level readers).
TOKENS_BY_DEFAULT = {"jsonl": False, "prodigy": True}


@dataclass(frozen=True)
class ExportOptions:
    format: str = "jsonl"
    layer: str | None = None  # a layer name, "gold" or "all"; None: the current annotator
    status: str = "done"  # "done": only documents the layer marked done; "any": all
    kinds: tuple[str, ...] = ()  # empty: every kind
    labels: tuple[str, ...] = ()  # empty: every label
    split: tuple[tuple[str, float], ...] = ()  # (("train", 0.8), ("dev", 0.2)); empty: one file
    seed: int = 0
    # tokens and token indices; None: the format's default (TOKENS_BY_DEFAULT).
    # Documents whose boundaries the project has not stored are tokenized by spaCy, which was
    # 9/10 of a default export's time (docs/benchmarks.md), so only Prodigy's format, whose
    # manual interfaces need them, has them by default.
    tokens: bool | None = None
    doccano_offsets: str = "utf-16"  # what doccano's own editor counts in
    # CSV: cells a spreadsheet would run as a formula are written as text (see csv_statements);
    # True writes them exactly as stored.
    raw_cells: bool = False

    def check(self) -> None:
        if self.format not in EXPORT_FORMATS:
            raise ExportError(f"unknown format {self.format!r}",
                              hint=f"Use one of {', '.join(EXPORT_FORMATS)}.")
        if self.status not in EXPORT_STATUSES:
            raise ExportError(f"unknown status filter {self.status!r}", hint="Use done or any.")
        bad = [k for k in self.kinds if k not in KINDS]
        if bad:
            raise ExportError(f"unknown kind {bad[0]!r}", hint=f"Use {', '.join(KINDS)}.")
        if self.doccano_offsets not in OFFSET_UNITS:
            raise ExportError(f"unknown offset unit {self.doccano_offsets!r}",
                              hint=f"Use {' or '.join(OFFSET_UNITS)}.")
        if self.layer is not None and not self.layer.strip():
            raise ExportError("the layer name is empty", hint="Give a name, gold or all.")


@dataclass(frozen=True)
class LayerImportOptions:
    format: str = "auto"
    layer: str | None = None  # overrides the annotator each record names
    strict: bool = False  # refuse the whole file at the first bad record
    doccano_offsets: str = "utf-16"  # for doccano lines whose meta does not say


def parse_list(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """'A,B' or ['A', 'B,C'] -> ('A', 'B', 'C'): options that take several names."""
    if not value:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    return tuple(dict.fromkeys(p.strip() for item in items for p in item.split(",") if p.strip()))


def parse_split(spec: str | None) -> tuple[tuple[str, float], ...]:
    """'train=0.8,dev=0.2' -> (('train', 0.8), ('dev', 0.2)); fractions must add up to 1."""
    if not spec or not spec.strip():
        return ()
    parts: list[tuple[str, float]] = []
    for item in spec.split(","):
        name, sep, number = item.partition("=")
        name = name.strip()
        if not sep or not _PART.match(name):
            raise ExportError(f"cannot read {item.strip()!r} in --split",
                              hint="Write it like train=0.8,dev=0.2.")
        try:
            fraction = float(number)
        except ValueError:
            raise ExportError(f"{number.strip()!r} in --split is not a number",
                              hint="Write it like train=0.8,dev=0.2.") from None
        if not 0 < fraction <= 1:
            raise ExportError(f"the share of {name!r} must be above 0 and at most 1")
        if name in dict(parts):
            raise ExportError(f"{name!r} appears twice in --split")
        parts.append((name, fraction))
    total = sum(f for _, f in parts)
    if abs(total - 1) > 1e-6:
        raise ExportError(f"the shares in --split add up to {total:g}, not 1",
                          hint="Write it like train=0.8,dev=0.2.")
    return tuple(parts)


def assign_parts(uids: Sequence[str], split: Sequence[tuple[str, float]], seed: int) -> dict[str, str]:
    """uid -> part. Deterministic for a set of documents and a seed, whatever their order or
    ids in the project (so another project with the same documents splits them alike); sizes
    follow the shares exactly (largest remainders), and a document is never in two parts."""
    order = sorted(set(uids))
    random.Random(seed).shuffle(order)
    n = len(order)
    exact = [share * n for _, share in split]
    sizes = [int(x) for x in exact]
    by_remainder = sorted(range(len(split)), key=lambda i: (-(exact[i] - sizes[i]), i))
    for i in by_remainder[: n - sum(sizes)]:
        sizes[i] += 1
    assignment: dict[str, str] = {}
    start = 0
    for (name, _), size in zip(split, sizes):
        for uid in order[start : start + size]:
            assignment[uid] = name
        start += size
    return assignment
