"""JSONL, CSV and HTML imports, bad records, --strict, re-import."""

from __future__ import annotations

import csv
import json

import pytest

from annotator.core.errors import ImportFailed
from annotator.formats.reading import ImportOptions
from tests.conftest import corpus


def _write_jsonl(path, lines):
    path.write_bytes(b"".join(
        (line if isinstance(line, bytes) else line.encode("utf-8")) + b"\n" for line in lines))
    return path


def _table_counts(project):
    return {t: project.db[t].count for t in project.db.table_names()}


def test_jsonl_fields_and_meta(project, tmp_path):
    path = _write_jsonl(tmp_path / "a.jsonl", [
        json.dumps({"text": "Seoul and Washington agreed.", "title": "Talks", "url": "http://x",
                    "date": "2012-10-25", "source": "Wire", "section": "World"}),
        json.dumps({"text": "Second 🇰🇷 story.\r\nWith CRLF.", "meta": {"title": "Nested", "id": 7}}),
    ])
    report = project.import_paths([path])
    assert (report.imported, report.errors) == (2, 0)
    first, second = (project.document(i) for i in report.doc_ids)
    assert (first.title, first.url, first.published, first.source) == (
        "Talks", "http://x", "2012-10-25", "Wire")
    assert first.meta == {"section": "World"}
    assert first.origin.endswith("a.jsonl:1")
    assert second.title == "Nested" and second.meta == {"id": 7}
    assert second.text == "Second 🇰🇷 story.\r\nWith CRLF."


def test_jsonl_text_field_option(project, tmp_path):
    path = _write_jsonl(tmp_path / "b.jsonl", [json.dumps({"body": "A body text."})])
    assert project.import_paths([path]).errors == 1
    report = project.import_paths([path], ImportOptions(text_field="body"))
    assert report.imported == 1


def test_bad_jsonl_records_are_reported_and_good_ones_kept(project, tmp_path):
    path = _write_jsonl(tmp_path / "bad.jsonl", [
        json.dumps({"text": "Good one."}),
        '{"text": "broken',
        json.dumps({"title": "no text"}),
        json.dumps({"text": ""}),
        json.dumps({"text": 42}),
        b'{"text": "bad \xff utf8"}',
        "[1, 2, 3]",
        "[" * 100000,
        json.dumps({"text": "Good two."}),
    ])
    report = project.import_paths([path])
    assert report.imported == 2
    by_line = {p.line: p for p in report.problems}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8]
    assert "not valid JSON" in by_line[2].reason
    assert "no 'text' field" in by_line[3].reason
    assert "is empty" in by_line[4].reason
    assert "must be text" in by_line[5].reason
    assert "not valid UTF-8" in by_line[6].reason
    assert "expected a JSON object" in by_line[7].reason
    assert str(by_line[2]).startswith(f"[E309] line 2 of {path}:")


def test_strict_refuses_everything_and_changes_nothing(project, tmp_path):
    good = _write_jsonl(tmp_path / "good.jsonl", [json.dumps({"text": "Fine article."})])
    bad = _write_jsonl(tmp_path / "bad.jsonl", [json.dumps({"text": "Also fine."}), "{oops"])
    before = _table_counts(project)
    with pytest.raises(ImportFailed, match=r"line 2 of .*bad.jsonl.*nothing was imported"):
        project.import_paths([good, bad], ImportOptions(strict=True))
    assert _table_counts(project) == before
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ImportFailed, match="binary file"):
        project.import_paths([good, binary], ImportOptions(strict=True))
    assert _table_counts(project) == before


def test_reimport_creates_no_duplicates(project, tmp_path):
    path = _write_jsonl(tmp_path / "a.jsonl", [json.dumps({"text": "Same text."}),
                                               json.dumps({"text": "Same text.  "}),
                                               json.dumps({"text": "Other text."})])
    first = project.import_paths([path])
    assert (first.imported, first.duplicates) == (2, 1)
    again = project.import_paths([path])
    assert (again.imported, again.duplicates) == (0, 3)
    assert project.count_documents() == 2


def test_empty_unreadable_and_binary_files(project, tmp_path, monkeypatch):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"GIF89a\x00\x01\x02")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 au lait".encode("latin-1"))
    report = project.import_paths([empty, binary, latin])
    reasons = {p.path.rsplit("/", 1)[-1]: str(p) for p in report.problems}
    assert "has no text" in reasons["empty.txt"]
    assert "binary file" in reasons["image.txt"]
    assert "not valid UTF-8" in reasons["latin.txt"]
    assert report.imported == 0

    locked = tmp_path / "locked.txt"
    locked.write_text("Some text.")
    original = type(locked).read_bytes

    def deny(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(type(locked), "read_bytes", deny)
    report = project.import_paths([locked])
    assert "cannot read the file (Permission denied)" in str(report.problems[0])


def test_unknown_extension_needs_format(project, tmp_path):
    path = tmp_path / "article.md"
    path.write_text("A markdown article.")
    with pytest.raises(ImportFailed, match="--format"):
        project.import_paths([path], ImportOptions(strict=True))
    assert project.import_paths([path], ImportOptions(format="txt")).imported == 1


def test_csv_with_quoted_newlines_and_columns(project, tmp_path):
    path = tmp_path / "a.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "body"])
        writer.writerow(["1", "First", 'Line one.\n\nLine "two".'])
        writer.writerow(["2", "Second", ""])
        writer.writerow(["3", "Third", "Plain 👍🏽."])
    assert project.import_paths([path]).problems[0].reason.startswith("no column 'text'")
    report = project.import_paths([path], ImportOptions(text_column="body"))
    assert report.imported == 2
    assert [p.line for p in report.problems] == [5]
    first = project.document(report.doc_ids[0])
    assert first.text == 'Line one.\n\nLine "two".'
    assert first.title == "First" and first.meta == {"id": "1"}


def test_csv_row_with_invalid_utf8_is_skipped(project, tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(b"text,title\nGood row.,A\nBad \xff row.,B\nAnother good row.,C\n")
    report = project.import_paths([path])
    assert report.imported == 2
    assert [(p.line, p.code) for p in report.problems] == [(3, "E303")]


@pytest.mark.corpora
def test_wikinews_csv_corpus(project):
    folder = corpus("wikinews-cc-by")
    report = project.import_paths([folder])
    assert (report.imported, report.errors) == (295, 0)
    hits = project.documents(search="NATO")
    assert hits and all(h.title for h in hits)
    doc = project.document(hits[0].id)
    assert doc.url.startswith("https://en.wikinews.org") and doc.published.startswith("20")
    assert doc.source == "en.wikinews.org"  # no source column: the URL's host stands in


@pytest.mark.corpora
def test_fnc1_bodies_with_text_column(project):
    path = corpus("fnc-1", "train_bodies.csv")
    report = project.import_paths([path], ImportOptions(text_column="articleBody"))
    assert report.imported + report.duplicates == 1683 and report.errors == 0
    assert "Body ID" in project.document(report.doc_ids[0]).meta


def test_html_through_trafilatura_runs_and_fetches_nothing(project, tmp_path):
    article = " ".join(["The minister pledged continued support for the alliance."] * 12)
    html = f"""<!doctype html><html><head><title>Alliance talks | Wire</title>
    <meta property="og:site_name" content="Wire News">
    <meta name="date" content="2012-10-25">
    <script>document.write('EVIL'); fetch('http://example.invalid/x');</script></head>
    <body><nav>Home | World | Sport</nav><article><h1>Alliance talks</h1>
    <p>{article}</p><p>Seoul welcomed the pledge, officials said on Wednesday.</p>
    <img src="http://example.invalid/track.png"><iframe src="http://example.invalid/"></iframe>
    </article><footer>Copyright</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    report = project.import_paths([path])
    assert report.errors == 0
    doc = project.document(report.doc_ids[0])
    assert "pledged continued support" in doc.text
    assert "EVIL" not in doc.text and "fetch(" not in doc.text
    assert doc.title == "Alliance talks"
    assert doc.published == "2012-10-25"


def test_html_without_article_is_reported(project, tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><script>x()</script></body></html>")
    report = project.import_paths([path])
    assert report.imported == 0 and "no article text" in report.problems[0].reason


def test_import_event_logged_per_file(project, tmp_path):
    path = _write_jsonl(tmp_path / "a.jsonl", [json.dumps({"text": f"Text {i}."}) for i in range(3)])
    project.import_paths([path])
    (event,) = [e for e in project.db["events"].rows if e["entity"] == "file"]
    after = json.loads(event["after"])
    assert after["imported"] == 3 and after["doc_ids"] == [[1, 3]] and event["who"] == "alice"


def test_field_names_offer_what_could_hold_the_text(tmp_path):
    from annotator.formats.fields import field_names

    table = tmp_path / "a.csv"
    table.write_text("\ufeffBody ID, articleBody \n1,Seoul said.\n", encoding="utf-8")
    records = tmp_path / "a.jsonl"
    records.write_text('\n{"id": 1, "body": "Seoul said.", "meta": {"x": "y"}, "title": "T"}\n',
                       encoding="utf-8")
    assert field_names(table) == ["Body ID", "articleBody"]
    assert field_names(records) == ["body", "title"]  # text values only
    assert field_names(tmp_path / "a.txt") == [] and field_names(tmp_path / "gone.csv") == []
