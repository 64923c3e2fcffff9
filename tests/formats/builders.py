"""Hand-made projects for the dataset tests: the hard cases in a few short documents.

Emoji (a flag is two code points, four UTF-16 units), CRLF line endings, a combining accent,
overlapping spans, a statement with every slot filled, two statements on the same words with
different slots, a span that cuts a spaCy token ("U.S" of "U.S."), three layers and a gold one.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.exchange import LayerRecord
from annotator.formats.export_options import ExportOptions, LayerImportOptions
from annotator.project import Project

TEXT_1 = ("Seoul 🇰🇷 pledged\r\nsupport. Cafe\u0301 talks: Japan warned Pyongyang 👍🏽.\r\n"
          "U.S. envoy Kim Kwan-jin said the U.S. would defend South Korea.")
TEXT_2 = "North Korea threatened to respond. Beijing urged restraint, the ministry said."
TEXT_3 = "An article nobody has annotated yet.\n\nIt has two paragraphs."
ALL_SLOTS = {"holder": "USA", "target": "KOR", "topic": ["EXTENDED_DETERRENCE", "NUCLEAR"],
             "polarity": "SUPPORT", "strength": "FIRM", "novelty": "REAFFIRMED",
             "attribution": "PARTIAL_QUOTE", "negated": False, "conditional": True,
             "note": "né \"quoted\", with a comma"}
EVERYTHING = ExportOptions(layer="all", status="any", tokens=True)  # every field our JSONL has


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def make_project(path: Path) -> Project:
    """Project with alice's, bob's and a gold layer over three documents."""
    source = path.with_suffix(".articles.jsonl")
    source.write_text("".join(json.dumps({"text": t, "title": f"Doc {i}", "url": f"http://x/{i}",
                                          "published": "2012-10-25", "section": "world"}) + "\n"
                              for i, t in enumerate((TEXT_1, TEXT_2, TEXT_3), start=1)),
                      encoding="utf-8")
    project = Project.create(path, annotator="alice")
    d1, d2, _d3 = project.import_paths([source]).doc_ids
    t = TEXT_1
    project.annotate(d1, *at(t, "Seoul"), "GPE", {"actor_id": "KOR"})
    project.annotate(d1, *at(t, "🇰🇷"), "CUE")
    project.annotate(d1, *at(t, "Cafe\u0301"), "CUE")
    statement = (t.index("Seoul"), t.index("support.") + len("support."))
    project.annotate(d1, *statement, "COMMITMENT", {"holder": "KOR", "polarity": "SUPPORT"})
    project.annotate(d1, *statement, "COMMITMENT", {"holder": "USA", "polarity": "SUPPORT",
                                                    "strength": "QUALIFIED"})
    project.annotate(d1, *at(t, "Japan"), "GPE", {"actor_id": "JPN"})
    project.annotate(d1, *at(t, "warned Pyongyang 👍🏽"), "CUE")
    project.annotate(d1, *at(t, "U.S", 0), "GPE", {"actor_id": "USA"})  # cuts "U.S."
    project.annotate(d1, *at(t, "U.S.", 1), "GPE", {"actor_id": "USA"})
    project.annotate(d1, *at(t, "South Korea"), "GPE", {"actor_id": "KOR"})
    project.annotate(d1, *at(t, "Kim Kwan-jin"), "PERSON")
    project.annotate(d1, *at(t, "U.S. envoy"), "ORG")  # overlaps the "U.S" mention
    defend = (t.index("U.S. envoy"), len(t))
    project.annotate(d1, *defend, "COMMITMENT", ALL_SLOTS)
    project.annotate(d1, *at(t, "would defend"), "CUE")
    project.set_status(d1, "done", add_seconds=42.5)
    project.set_doc_label(d1, "relevance", "RELEVANT")
    project.set_doc_label(d1, "tone", "COOPERATIVE")
    project.set_status(d2, "skipped")
    with Project.open(path, annotator="bob") as bob:
        bob.annotate(d2, *at(TEXT_2, "North Korea"), "GPE", {"actor_id": "PRK"})
        bob.annotate(d2, *at(TEXT_2, "North Korea threatened to respond."), "THREAT",
                     {"holder": "PRK", "topic": ["OTHER"]})
        bob.annotate(d2, *at(TEXT_2, "Beijing"), "GPE")
        bob.set_status(d2, "done")
        bob.annotate(d1, *at(t, "Japan"), "GPE")
    add_gold(project, path)
    return project


def add_gold(project: Project, path: Path) -> None:
    """A gold layer through `import-layer`: TEXT_2 done, with "North Korea" as PRK."""
    gold = path.with_suffix(".gold.jsonl")
    gold.write_text(json.dumps({"text": TEXT_2, "spans": [
        {"start": 0, "end": 11, "label": "GPE", "attrs": {"actor_id": "PRK"}}],
        "meta": {"status": "done"}}) + "\n", encoding="utf-8")
    project.import_layer(gold, LayerImportOptions(layer="gold"))


def fresh_copy(path: Path, export_file: Path, fmt: str = "auto", **options: object) -> Project:
    """A new project holding only what `export_file` carries."""
    project = Project.create(path, annotator="carol")
    report = project.import_layer(export_file, LayerImportOptions(format=fmt, **options))  # type: ignore[arg-type]
    assert not report.problems, report.problems
    return project


def jsonl_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_layer(records: list[LayerRecord]) -> dict[str, LayerRecord]:
    return {r.layer or "": r for r in records}
