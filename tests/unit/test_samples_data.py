"""Data checks for the shipped sample articles in resources/samples/."""

import csv
import sys
from pathlib import Path

import pytest

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "resources" / "samples"
CSV_PATH = SAMPLES_DIR / "wikinews-samples.csv"
README_PATH = SAMPLES_DIR / "README.md"


@pytest.fixture(scope="module")
def rows():
    csv.field_size_limit(sys.maxsize)
    with CSV_PATH.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


@pytest.fixture(scope="module")
def readme():
    return README_PATH.read_text(encoding="utf-8")


def test_header(rows):
    assert rows[0] == ["url", "date", "title", "text"]


def test_row_count(rows):
    assert 20 <= len(rows) - 1 <= 40


def test_rows_complete(rows):
    for n, row in enumerate(rows[1:], 2):
        assert len(row) == 4, f"record {n} has {len(row)} fields"
        url, date, title, text = row
        assert url.startswith("https://en.wikinews.org/"), url
        assert len(date) == 10 and date[4] == "-" and date[7] == "-", date
        assert title.strip(), f"record {n} has no title"
        assert text.strip(), f"record {n} has empty text"


def test_urls_unique(rows):
    urls = [row[0] for row in rows[1:]]
    assert len(set(urls)) == len(urls)


def test_every_url_in_readme_table(rows, readme):
    table_lines = [line for line in readme.splitlines() if line.startswith("|")]
    table = "\n".join(table_lines)
    for url, _date, title, _text in rows[1:]:
        assert url in table, f"{url} is not in the README table"
        assert title in table, f"{title!r} is not in the README table"


def test_readme_names_licence(readme):
    assert "CC BY 2.5" in readme
    assert "https://creativecommons.org/licenses/by/2.5/" in readme
    assert "Wikinews, https://en.wikinews.org, CC BY 2.5" in readme
    assert "347254178bf343f3801aac1d03c41cc09c35decb" in readme
