"""Published dates that name no real day ("2012-99-99", "2012-02-30").

Such a date used to become the document's published date. Now the document still goes in,
without the date; the value stays in its meta, and a W311 warning names file, line and field.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.errors import ImportFailed
from annotator.formats.dates import impossible
from annotator.formats.reading import ImportOptions


@pytest.mark.parametrize("value", [
    "2012-10-25", "2012-02-29", "2000-02-29", "2012-1-5", "2012/10/25", "2012.10.25",
    "2012-10-25T09:58:00Z", "2012-10-25 09:58", "2012-10-25T23:59:60+02:00", "2012-10-25T24:00",
    " 2012-10-25", "2012-10-25T09:58:00.123456", "Oct 25, 2012", "25/10/2012", "2012", "yesterday",
    "20121025", "1350000000", "",
])
def test_real_dates_and_unchecked_forms_pass(value):
    assert impossible(value) is None


@pytest.mark.parametrize(("value", "why"), [
    ("2012-99-99", "there is no month 99"),
    ("2012-00-10", "there is no month 0"),
    ("2012-02-30", "February 2012 has 29 days"),
    ("2011-02-29", "February 2011 has 28 days"),
    ("1900-02-29", "February 1900 has 28 days"),
    ("2012-04-31", "April 2012 has 30 days"),
    ("2012-10-00", "October 2012 has 31 days"),
    ("0000-01-01", "there is no year 0"),
    ("2012/13/01", "there is no month 13"),
    ("2012-10-25T25:00:00Z", "there is no time 25:00:00"),
    ("2012-10-25 09:60", "there is no time 09:60"),
    ("2012-10-25T24:30", "there is no time 24:30"),
])
def test_impossible_dates_say_why(value, why):
    assert impossible(value) == why


def _jsonl(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_jsonl_bad_date_keeps_the_document_not_the_date(project, tmp_path):
    path = _jsonl(tmp_path / "a.jsonl",
                  {"text": "First article.", "published": "2012-10-25"},
                  {"text": "Second article.", "published": "2012-02-30", "title": "Two"},
                  {"text": "Third article.", "date": "2012-99-99"})
    report = project.import_paths([path])
    assert (report.imported, report.errors, report.warnings) == (3, 0, 2)
    first, second, third = (project.document(i) for i in report.doc_ids)
    assert first.published == "2012-10-25" and "published" not in first.meta
    assert (second.published, second.meta, second.title) == (None, {"published": "2012-02-30"},
                                                             "Two")
    assert (third.published, third.meta) == (None, {"date": "2012-99-99"})
    warning = report.problems[0]
    assert (warning.code, warning.line, warning.warning) == ("W311", 2, True)
    assert str(warning).startswith(f"[W311] line 2 of {path}: published '2012-02-30' is not a "
                                   "real date (February 2012 has 29 days)")
    assert "kept in its meta as 'published'" in warning.reason
    assert "date '2012-99-99'" in report.problems[1].reason and report.problems[1].line == 3
    assert report.summary() == ("3 imported, 0 duplicates skipped, 0 errors, 2 warnings, "
                                "from 1 file(s)")


def test_a_bad_date_does_not_hide_a_good_one_in_the_nested_meta(project, tmp_path):
    path = _jsonl(tmp_path / "n.jsonl",
                  {"text": "Nested good.", "date": "2012-13-01", "meta": {"published": "2012-10-25"}},
                  {"text": "Nested bad.", "meta": {"published": "2012-02-31", "id": 7}})
    report = project.import_paths([path])
    good, bad = (project.document(i) for i in report.doc_ids)
    assert (good.published, good.meta) == ("2012-10-25", {"date": "2012-13-01"})
    assert (bad.published, bad.meta) == (None, {"published": "2012-02-31", "id": 7})
    assert [(p.line, p.code) for p in report.problems] == [(1, "W311"), (2, "W311")]
    assert report.problems[1].reason.startswith("meta.published '2012-02-31' is not a real date")


def test_a_key_in_both_the_record_and_its_nested_meta_keeps_both_values(project, tmp_path):
    """Two false dates, one at the top and one nested, and another key in both: nothing the
    record held is lost (the nested value used to be overwritten by the top one)."""
    path = _jsonl(tmp_path / "both.jsonl",
                  {"text": "Both bad.", "published": "2012-02-30", "lang": "en",
                   "meta": {"published": "2012-02-31", "lang": "fr", "id": 7}})
    report = project.import_paths([path])
    doc = project.document(report.doc_ids[0])
    assert doc.published is None
    assert doc.meta == {"id": 7, "published": "2012-02-30", "lang": "en",
                        "meta": {"published": "2012-02-31", "lang": "fr"}}
    assert [(p.line, p.code) for p in report.problems] == [(1, "W311"), (1, "W311")]
    assert "kept in its meta as 'published'" in report.problems[0].reason
    assert "kept in its meta as 'meta.published'" in report.problems[1].reason
    again = _jsonl(tmp_path / "deeper.jsonl",
                   {"text": "Nested meta in meta.", "lang": "en", "meta": {"lang": "fr", "meta": 1}})
    doc = project.document(project.import_paths([again]).doc_ids[0])
    assert doc.meta == {"lang": "en", "meta": {"lang": "fr", "meta": 1}}


def test_csv_bad_date_names_the_row_and_column(project, tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b'text,title,date\n"Multi\nline.",a,2012-10-25\nSecond.,b,2012-06-31\n')
    report = project.import_paths([path])
    assert report.imported == 2
    (warning,) = report.problems
    assert (warning.line, warning.code) == (4, "W311")
    assert "date '2012-06-31' is not a real date (June 2012 has 30 days)" in warning.reason
    second = project.document(report.doc_ids[1])
    assert (second.published, second.meta) == (None, {"date": "2012-06-31"})


def test_scraped_page_with_a_false_date_line(project, tmp_path):
    body = ("The minister reaffirmed the commitment to extended deterrence for the ally in a "
            "long statement on Tuesday.")
    path = tmp_path / "page.txt"
    path.write_text(f"Talks go on\nUpdated: 2012-99-99 09:58\n(Wire)\n{body}\n", encoding="utf-8")
    report = project.import_paths([path])
    doc = project.document(report.doc_ids[0])
    assert (doc.title, doc.source, doc.text, doc.published) == ("Talks go on", "Wire", body, None)
    assert doc.meta["date_line"] == "Updated: 2012-99-99 09:58"
    (warning,) = report.problems
    assert (warning.line, warning.code) == (2, "W311")
    assert "date_line 'Updated: 2012-99-99 09:58' is not a real date (there is no month 99)" in (
        warning.reason)


def test_html_date_is_checked_too(project, tmp_path, monkeypatch):
    """trafilatura checks dates itself; a false one that slipped through is still kept out."""
    import trafilatura

    found = {"text": "The minister pledged support.", "title": "T", "date": "2012-02-30"}
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: json.dumps(found))
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    report = project.import_paths([path])
    doc = project.document(report.doc_ids[0])
    assert (doc.published, doc.meta["date"]) == (None, "2012-02-30")
    assert [(p.line, p.code) for p in report.problems] == [(None, "W311")]


def test_strict_refuses_a_false_date_and_changes_nothing(project, tmp_path):
    """--strict takes a file as it is or not at all, and a false date is not as it is."""
    path = _jsonl(tmp_path / "s.jsonl", {"text": "Fine."}, {"text": "Dated.", "date": "2012-02-30"})
    with pytest.raises(ImportFailed, match=r"W311\] line 2 of .*s\.jsonl: date '2012-02-30'"):
        project.import_paths([path], ImportOptions(strict=True))
    assert project.count_documents() == 0


def test_the_cli_shows_the_warning_and_counts_it_apart(tmp_path):
    path = _jsonl(tmp_path / "c.jsonl", {"text": "Dated.", "published": "2012-99-99"})
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.annotator"), str(path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"[W311] line 1 of {path}: published '2012-99-99'")
    assert "1 imported, 0 duplicates skipped, 0 errors, 1 warnings" in result.stdout
