"""Plain text and scraped pages, the seed article first."""

from __future__ import annotations

from annotator.formats.reading import ImportOptions
from tests.conftest import SEED


def test_seed_article_is_split_into_header_body_and_tail(project, seed_path):
    report = project.import_paths([seed_path])
    assert (report.imported, report.duplicates, report.errors) == (1, 0, 0)
    doc = project.document(report.doc_ids[0])
    assert doc.title == "US, ROK focus on joint nuclear deterrence"
    assert doc.published == "2012-10-25"
    assert doc.source == "English.news.cn"
    assert doc.text.startswith("WASHINGTON - US Defense Secretary Leon Panetta on Wednesday met")
    assert doc.text.endswith("adding a new radar.")
    assert "Panetta reaffirmed to his South Korean counterpart" in doc.text
    for junk in ("Most Viewed", "Editor's Picks", "Today's Top News", "Relief reaches", "|"):
        assert junk not in doc.text
    tail = doc.meta["trailing"]
    assert "Most Viewed" in tail and "Today's Top News" in tail and "Money power |" in tail
    assert "- Relief reaches isolated village" in tail
    assert doc.meta["caption"].startswith("US Defense Secretary Leon Panetta (L) and his")
    assert doc.meta["date_line"] == "Updated: 2012-10-25 09:58"
    # Nothing thrown away: every non-blank line of the file is in the text or the meta.
    kept = doc.text + "\n".join(
        [doc.title or "", doc.meta["date_line"], doc.meta["caption"], *doc.meta["trailing"],
         *doc.meta.get("header_extra", []), f"({doc.source})"])
    for line in SEED.read_text(encoding="utf-8").splitlines():
        assert line.strip().rstrip("|").strip() in kept


def test_body_is_an_exact_slice_of_the_file(project, seed_path):
    raw = seed_path.read_text(encoding="utf-8")
    doc = project.document(project.import_paths([seed_path]).doc_ids[0])
    assert doc.text in raw


def test_plain_text_is_imported_as_is(project, tmp_path):
    text = "Friday, January 4, 2019\n\nThe minister said the talks would go on.\n- not a nav list\n"
    path = tmp_path / "plain.txt"
    path.write_text(text, encoding="utf-8")
    doc = project.document(project.import_paths([path]).doc_ids[0])
    assert doc.text == text
    assert doc.title is None


def test_crlf_emoji_and_combining_marks_keep_their_offsets(project, tmp_path):
    text = "Caf\u0065\u0301 talks 🇰🇷🤝🇺🇸\r\nSeoul pledged support.\r\nNext line 👍🏽 done.\r\n"
    path = tmp_path / "odd.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = project.document(project.import_paths([path]).doc_ids[0])
    assert doc.text == text
    start = text.index("Seoul")
    assert doc.text[start : start + len("Seoul pledged")] == "Seoul pledged"
    assert doc.text.index("done") == text.index("done")


def test_scraped_page_with_crlf_keeps_crlf_inside_body(project, seed_path, tmp_path):
    crlf = tmp_path / "seed-crlf.txt"
    crlf.write_bytes(seed_path.read_bytes().replace(b"\n", b"\r\n"))
    doc = project.document(project.import_paths([crlf]).doc_ids[0])
    assert doc.title == "US, ROK focus on joint nuclear deterrence"
    assert "\r\n" in doc.text and doc.text.endswith("adding a new radar.")


def test_txt_variants_are_found_in_folders(project, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("First article about NATO commitments.", encoding="utf-8")
    (tmp_path / "a" / "two.text").write_text("Second article about sanctions.", encoding="utf-8")
    (tmp_path / "a" / "skip.pdf").write_bytes(b"%PDF-1.4")
    report = project.import_paths([tmp_path / "a"], ImportOptions())
    assert report.imported == 2 and report.files == 2
