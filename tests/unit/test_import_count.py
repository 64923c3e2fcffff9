"""An import counts its documents first and reports documents, not bytes, as it goes."""

from __future__ import annotations

import csv
import json

from annotator.formats.counting import count_documents
from annotator.formats.reading import ImportOptions
from annotator.project import importing


def _csv(path, rows, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "text"])
        writer.writerows(rows)
    return path


def test_a_csv_counts_rows_not_lines(tmp_path):
    # quoted bodies hold newlines (CRLF and lone CR too); a blank row is not a record
    path = _csv(tmp_path / "a.csv", [["One", "Seoul said.\n\nWashington agreed."],
                                      ["", ""],
                                      ["Two", "A\r\nB\rC 🇰🇷"]])
    assert path.read_bytes().count(b"\n") == 7  # what counting lines would say, with the header
    assert count_documents(path) == 2
    assert count_documents(_csv(tmp_path / "w.csv", [["x", "y\nz"]] * 3, "utf-16")) == 3


def test_a_jsonl_counts_non_blank_lines(tmp_path):
    lines = [json.dumps({"text": f"Story {i}"}) for i in range(4)]
    path = tmp_path / "a.jsonl"
    path.write_text("\ufeff" + lines[0] + "\n\n   \n" + "\n\ufeff".join(lines[1:]), encoding="utf-8")
    assert count_documents(path) == 4
    cr = tmp_path / "cr.jsonl"
    cr.write_bytes("\r".join(lines).encode("utf-8"))
    assert count_documents(cr) == 4


def test_one_document_files_and_unreadable_ones(tmp_path):
    (tmp_path / "a.txt").write_text("Seoul said.", encoding="utf-8")
    (tmp_path / "b.odt").write_bytes(b"PK\x03\x04")
    assert count_documents(tmp_path / "a.txt") == 1
    assert count_documents(tmp_path / "b.odt") == 0  # the import says why
    assert count_documents(tmp_path / "missing.jsonl") == 0


def test_import_progress_counts_documents_across_files(project, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "REPORT_EVERY", 0.0)  # every record, to see each step
    folder = tmp_path / "in"
    folder.mkdir()
    _csv(folder / "a.csv", [["One", "Seoul\nsaid."], ["Two", "Tokyo said."]])
    (folder / "b.jsonl").write_text(
        "\n".join(json.dumps({"text": f"Story {i}"}) for i in range(3)) + "\nnot json\n",
        encoding="utf-8")
    (folder / "c.txt").write_text("Beijing said.", encoding="utf-8")
    calls = []
    report = project.import_paths([folder], ImportOptions(),
                                  lambda done, total, path: calls.append((done, total)))
    assert (report.imported, report.errors) == (6, 1)
    assert {total for _done, total in calls} == {7}
    assert [done for done, _total in calls] == [0, 1, 2, 2, 3, 4, 5, 6, 6, 7, 7]
