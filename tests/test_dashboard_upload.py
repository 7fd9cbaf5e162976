"""dashboard.upload and backend.add_article: an upload or a paste read once by the one article reader."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import backend
from dashboard.upload import read_pasted, read_upload
from timeline.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGE = FIXTURES / "ingest" / "coalition-sirte.html"


def test_html_upload_is_extracted_once_and_its_events_stored(tmp_path):
    # Before, the form turned the page into text and add_article read that text as HTML again:
    # every .html upload failed with "no article text found".
    art = read_upload(PAGE.name, PAGE.read_bytes())
    assert art.title == "Coalition weighs strikes on Sirte" and art.published == dt.date(2016, 2, 3)
    assert "<p>" not in art.text and "Defence ministers met in Rome" in art.text
    assert "analytics" not in art.text and "Most read" not in art.text  # scripts and page furniture left out
    with Store.open(tmp_path / "s.sqlite") as store:
        summary = backend.add_article(store, article=art, published=None, title="", source="", url="",
                                      progress=lambda frac, msg: None)
        assert summary["events"] > 0 and summary["places"] > 0
        stored = store.events()
        assert {e.article_title for e in stored} == {"Coalition weighs strikes on Sirte"}
        assert any(e.event.location and e.event.location.entry.name == "Rome" for e in stored)


def test_pasted_page_and_pasted_front_matter_go_through_the_same_reader():
    page = read_pasted(PAGE.read_text(encoding="utf-8"))
    assert page.title == "Coalition weighs strikes on Sirte" and "<article>" not in page.text
    md = read_pasted("---\ntitle: Ministers meet\npublished: 2016-02-02\n---\nMinisters met in Rome today.\n")
    assert (md.title, md.published, md.text) == ("Ministers meet", dt.date(2016, 2, 2), "Ministers met in Rome today.\n")


@pytest.mark.parametrize("text, needle", [
    ("---\npublished: 2025-02-30\n---\nMinisters met in Rome.\n", "2025-02-30"),  # named, never dropped
    ("   ", "Paste an article"),
    ("---\ntitle: x\n---\n", "no article text"),
])
def test_bad_pastes_are_refused_with_a_message_naming_the_problem(text, needle):
    with pytest.raises(ValueError, match=needle):
        read_pasted(text)


@pytest.mark.parametrize("name, data, needle", [
    ("a.pdf", b"%PDF-1.4", "Only .txt, .md and .html"),
    ("a.txt", b"\x00\x01binary", "binary"),
    ("a.txt", "caf\u00e9".encode("latin-1"), "not UTF-8"),
    ("a.txt", b"x" * (2 * 1024 * 1024 + 1), "limit is 2 MB"),
    ("a.md", b"   \n", "is empty"),
    ("a.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
])
def test_bad_uploads_are_refused(name, data, needle):
    with pytest.raises(ValueError, match=needle):
        read_upload(name, data)


def test_publication_date_takes_1900_to_a_year_ahead_and_names_a_bad_day():
    from datetime import date

    from dashboard.upload import both_given_note, read_published

    today = date(2026, 12, 1)
    assert read_published("2016-01-31", today) == date(2016, 1, 31)  # the seed's own date
    assert read_published("1900-01-01", today) == date(1900, 1, 1)
    assert read_published("2027-12-01", today) == date(2027, 12, 1)
    assert read_published("  ", today) is None
    assert read_published("2025-02-28", date(2024, 2, 29)) == date(2025, 2, 28)  # a leap day's year ahead
    for bad, says in (("2025-02-30", "2025-02-30"), ("1899-12-31", "outside"), ("2027-12-02", "outside"),
                      ("31 Jan 2016", "YYYY-MM-DD")):
        with pytest.raises(ValueError, match=says):
            read_published(bad, today)
    assert "a.txt" in both_given_note("a.txt") and "pasted text" in both_given_note("a.txt")
