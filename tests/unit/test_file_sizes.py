"""`annotator stats --sizes`: where a project file's bytes go, read from the file's own pages."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.project import Project


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps({"text": f"Seoul 🇰🇷 and Washington reaffirmed ties, day {i}. "
                                                * 40}) + "\n" for i in range(60)),
                   encoding="utf-8")
    with Project.open(path, create=True) as project:
        project.import_paths([src])
    return path


def test_sizes_add_up_to_the_file_and_name_its_parts(tmp_path: Path) -> None:
    path = _project(tmp_path)
    with Project.open(path) as project:
        project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        sizes = project.stats(sizes=True)["sizes"]
    total = sizes.pop("total")
    assert total == path.stat().st_size
    assert sum(sizes.values()) == total  # every page is in exactly one part
    assert sizes["documents (text and metadata)"] > 60 * 2000  # the texts are there
    assert sizes["full-text index"] > 0
    assert sizes["event log"] > 0


def test_stats_prints_sizes_only_when_asked(tmp_path: Path) -> None:
    path = _project(tmp_path)
    plain = CliRunner().invoke(cli, ["stats", str(path)])
    assert plain.exit_code == 0 and "File size" not in plain.output
    sized = CliRunner().invoke(cli, ["stats", str(path), "--sizes"])
    assert sized.exit_code == 0, sized.output
    assert "File size:" in sized.output and "full-text index" in sized.output
    as_json = json.loads(CliRunner().invoke(cli, ["stats", str(path), "--sizes", "--json"]).output)
    assert as_json["sizes"]["total"] > 0


def test_events_are_stored_as_compact_json(tmp_path: Path) -> None:
    path = _project(tmp_path)
    with Project.open(path, annotator="alice") as project:
        doc = project.documents()[0]
        project.annotate(doc.id, 0, 5, "GPE")
        rows = project.db.execute("SELECT after FROM events WHERE after IS NOT NULL").fetchall()
    assert rows
    for (after,) in rows:
        assert after == json.dumps(json.loads(after), ensure_ascii=False, sort_keys=True,
                                   separators=(",", ":"))
