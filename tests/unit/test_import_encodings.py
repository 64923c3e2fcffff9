"""Line ends and encodings of imported files: CR-only (old Mac) files and files with a BOM.

A CR-only CSV used to be refused with a confusing E310 (the whole file was one "line" to a
reader that split at LF), and UTF-16 files were called binary (their zero bytes). Texts must
come in exactly: offsets are code points into the text as the file has it.
"""

from __future__ import annotations

import codecs
import csv
import io
import json

import pytest

from annotator.core.errors import ImportFailed
from annotator.formats import reading
from annotator.formats.decoding import decode_chunks, split_lines
from annotator.formats.importers import read_records
from annotator.formats.reading import ImportOptions

# Outside the BMP (a surrogate pair in UTF-16), combining marks, an accent, a quote.
ODD = "Caf\u0065\u0301 talks 🇰🇷🤝 déjà “vu”"
BOMS = {
    "utf-8-sig": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE,
}


def encoded(text: str, encoding: str) -> bytes:
    """`text` in `encoding`, starting with that encoding's BOM."""
    return BOMS[encoding] + text.encode(encoding)


def texts(project, report):
    return [project.document(i).text for i in report.doc_ids]


# ---------------------------------------------------------------------------- CR-only line ends
def test_csv_with_cr_only_line_ends_imports_every_row(project, tmp_path):
    rows = [["text", "title"], ["Seoul pledged support.", "One"],
            ["A cell with a CR\rand a LF\ninside, quoted.", "Two"], [ODD, "Three"]]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r").writerows(rows)
    path = tmp_path / "mac.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    assert path.read_bytes().count(b"\n") == 1  # the one inside the quoted cell

    report = project.import_paths([path])
    assert (report.imported, report.errors) == (3, 0), [str(p) for p in report.problems]
    assert texts(project, report) == [r[0] for r in rows[1:]]
    assert [project.document(i).title for i in report.doc_ids] == ["One", "Two", "Three"]
    # Lines as the file counts them: the quoted CR ends line 3, so the last row is on line 5.
    assert [project.document(i).origin.rsplit(":", 1)[1] for i in report.doc_ids] == ["2", "3", "5"]


def test_cr_only_csv_reports_the_right_line(project, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"text,title\rGood one.,a\rtoo,many,fields\rGood two.,b\r")
    report = project.import_paths([path])
    assert report.imported == 2
    assert [(p.line, p.code) for p in report.problems] == [(3, "E310")]


def test_jsonl_with_cr_only_line_ends(project, tmp_path):
    path = tmp_path / "mac.jsonl"
    path.write_bytes(b'{"text": "First."}\r{broken\r\r{"text": "Third \\r\\n escaped."}\r')
    report = project.import_paths([path])
    assert texts(project, report) == ["First.", "Third \r\n escaped."]
    assert [(p.line, p.code) for p in report.problems] == [(2, "E309")]


def test_a_raw_cr_inside_a_record_of_a_lf_file_does_not_split_it(project, tmp_path):
    """Lines end as the file ends its first line: a lone CR later on is part of a record."""
    path = tmp_path / "lf.jsonl"
    path.write_bytes(b'{"text": "one"}\n{"text": "raw\rCR", "title": "x"}\n')
    report = project.import_paths([path])
    assert (report.errors, texts(project, report)) == (0, ["one", "raw\rCR"])


@pytest.mark.parametrize("text", [
    "Seoul pledged support.\rThe talks go on.\r",
    "Only a CR at the end\r",
    "\r\rBlank lines first.\r" + ODD,
])
def test_txt_with_cr_only_line_ends_is_kept_exactly(project, tmp_path, text):
    path = tmp_path / "mac.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = project.document(project.import_paths([path]).doc_ids[0])
    assert doc.text == text


def test_scraped_page_with_cr_only_line_ends(project, seed_path, tmp_path):
    raw = seed_path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    path = tmp_path / "seed-mac.txt"
    path.write_bytes(raw)
    doc = project.document(project.import_paths([path]).doc_ids[0])
    assert doc.title == "US, ROK focus on joint nuclear deterrence"
    assert doc.published == "2012-10-25" and doc.source == "English.news.cn"
    assert "\r" in doc.text and "\n" not in doc.text and doc.text.endswith("adding a new radar.")
    assert doc.text in raw.decode("utf-8")


@pytest.mark.parametrize("text", [
    "", "a", "\r", "\n", "\r\n", "a\rb\rc", "a\nb\r\nc\n", "a\r\nb\rc\n", "ab\r", "\r\na\rb",
    "x\ry\r\n", "1\n2\r3\r\n4",
])
def test_split_lines_does_not_depend_on_where_chunks_end(text):
    """The line end is found once, at the first break, even when a chunk ends inside it."""
    whole = list(split_lines([text]))
    assert "".join(whole) == text
    for i in range(len(text) + 1):
        for j in range(i, len(text) + 1):
            assert list(split_lines([text[:i], text[i:j], text[j:]])) == whole, (i, j)


def test_line_ends_follow_the_first_line():
    assert list(split_lines(["a\rb\nc\r"])) == ["a\r", "b\nc\r"]  # CR file, LF in a record
    assert list(split_lines(["a\nb\rc\n"])) == ["a\n", "b\rc\n"]  # LF file, CR in a record
    assert list(split_lines(["a\r\nb\rc\r\n"])) == ["a\r\n", "b\rc\r\n"]


def test_a_character_cut_between_chunks_is_decoded_whole():
    data = codecs.BOM_UTF16_LE + ("🇰🇷 é\r" * 3).encode("utf-16-le")
    for cut in range(2, len(data)):
        assert "".join(decode_chunks([data[2:cut], data[cut:]], "utf-16-le")) == "🇰🇷 é\r" * 3


def test_cr_lines_across_read_chunks(tmp_path, monkeypatch):
    """Rows straddle the reader's chunks: every one comes back whole, with its line."""
    monkeypatch.setattr(reading, "CHUNK", 7)
    rows = [f"Row number {i} is here.,t{i}\r" for i in range(40)]
    path = tmp_path / "chunked.csv"
    path.write_bytes(("text,title\r" + "".join(rows)).encode("utf-16"))
    drafts = list(read_records(path, ImportOptions()))
    assert [d.text for d in drafts] == [f"Row number {i} is here." for i in range(40)]
    assert [d.line for d in drafts] == list(range(2, 42))


# ---------------------------------------------------------------------------- BOMs
@pytest.mark.parametrize("encoding", list(BOMS))
def test_txt_in_any_unicode_encoding_with_a_bom(project, tmp_path, encoding):
    text = f"{ODD}\r\nSeoul pledged support.\nThe end.\r"
    path = tmp_path / "doc.txt"
    path.write_bytes(encoded(text, encoding))
    doc = project.document(project.import_paths([path]).doc_ids[0])
    assert doc.text == text  # no BOM, no line end changed


@pytest.mark.parametrize("encoding", list(BOMS))
def test_csv_in_any_unicode_encoding_with_a_bom(project, tmp_path, encoding):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([["text", "title"], [ODD, "Odd"], ["Line\none.", "Two"]])
    path = tmp_path / "t.csv"
    path.write_bytes(encoded(buffer.getvalue(), encoding))
    report = project.import_paths([path])  # the first column is `text`, not BOM + `text`
    assert report.errors == 0, [str(p) for p in report.problems]
    assert texts(project, report) == [ODD, "Line\none."]


@pytest.mark.parametrize("encoding", list(BOMS))
def test_jsonl_in_any_unicode_encoding_with_a_bom(project, tmp_path, encoding):
    lines = [json.dumps({"text": ODD, "date": "2012-10-25"}, ensure_ascii=False), "{oops",
             json.dumps({"text": "Second."})]
    path = tmp_path / "t.jsonl"
    path.write_bytes(encoded("\r\n".join(lines) + "\r\n", encoding))
    report = project.import_paths([path])
    assert texts(project, report) == [ODD, "Second."]
    assert project.document(report.doc_ids[0]).published == "2012-10-25"
    assert [(p.line, p.code) for p in report.problems] == [(2, "E309")]


def test_html_in_utf16(project, tmp_path):
    article = " ".join(["The minister pledged continued support for the alliance."] * 12)
    html = (f"<html><head><title>Talks</title></head><body><article><h1>Talks</h1>"
            f"<p>{article} {ODD}.</p></article></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(encoded(html, "utf-16-le"))
    doc = project.document(project.import_paths([path]).doc_ids[0])
    # (trafilatura composes "e" + U+0301 into "é", so not all of ODD is checked here)
    assert "pledged continued support" in doc.text and "🇰🇷🤝 déjà “vu”" in doc.text


def test_a_bom_on_every_line_of_concatenated_jsonl(project, tmp_path):
    """`cat a.jsonl b.jsonl` of files saved with a UTF-8 BOM: each part still reads."""
    path = tmp_path / "cat.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "From a."}\n\xef\xbb\xbf{"text": "From b."}\n')
    assert texts(project, project.import_paths([path])) == ["From a.", "From b."]


def test_a_bad_line_in_utf16_is_reported_and_the_others_kept(project, tmp_path):
    good = '{"text": "Good one."}\n'.encode("utf-16-le")
    lone_surrogate = b"\x00\xd8" + '{"text": "x"}\n'.encode("utf-16-le")
    path = tmp_path / "bad.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + good + lone_surrogate
                     + '{"text": "Good two."}\n'.encode("utf-16-le") + b"!")  # odd last byte
    report = project.import_paths([path])
    assert texts(project, report) == ["Good one.", "Good two."]
    assert [(p.line, p.code) for p in report.problems] == [(2, "E303"), (4, "E303")]
    assert "not valid UTF-16 (byte 0)" in report.problems[0].reason

    txt = tmp_path / "bad.txt"
    txt.write_bytes(codecs.BOM_UTF16_BE + "Fine text".encode("utf-16-be") + b"\xdc\x00")
    (problem,) = project.import_paths([txt]).problems
    assert (problem.code, problem.reason.split(";")[0]) == ("E303", "not valid UTF-16 (byte 20)")


def test_a_bad_row_in_a_utf16_csv_names_utf16(project, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "text\nGood.\n".encode("utf-16-le") + b"\x00\xdc"
                     + "\nAlso good.\n".encode("utf-16-le"))
    report = project.import_paths([path])
    assert texts(project, report) == ["Good.", "Also good."]
    assert [(p.line, p.code) for p in report.problems] == [(3, "E303")]
    assert report.problems[0].reason.startswith("not valid UTF-16;")


@pytest.mark.parametrize("name", ["x.txt", "x.csv", "x.jsonl", "x.html"])
def test_binary_files_are_still_refused(project, tmp_path, name):
    cases = {
        "utf-16 without a BOM": "text\nSeoul pledged support.\n".encode("utf-16-le"),
        "a BOM, then NULs": codecs.BOM_UTF16_LE + b"\x00\x00" * 8 + b"PK\x03\x04" * 20,
        "a UTF-32 BOM, then an image": codecs.BOM_UTF32_LE + b"\x89PNG\r\n\x1a\n\x00\x00\x00\x00",
        "a UTF-8 BOM, then NULs": codecs.BOM_UTF8 + b"GIF89a\x00\x01\x02",
    }
    path = tmp_path / name
    for why, data in cases.items():
        path.write_bytes(data)
        with pytest.raises(ImportFailed, match="binary file") as refused:
            project.import_paths([path], ImportOptions(strict=True))
        assert refused.value.code == "E301", why
        (problem,) = project.import_paths([path]).problems
        assert "binary file" in problem.reason and "byte-order mark" in problem.reason, why
    assert project.count_documents() == 0
