"""articles (the one reader): real files in tmp_path, real trafilatura on the HTML fixtures."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from articles import MAX_CHARS, InputError
from articles import article_from_text, read_article

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def one_line_error(excinfo, *needles: str) -> str:
    msg = str(excinfo.value)
    assert "\n" not in msg, msg
    for n in needles:
        assert n in msg, (n, msg)
    return msg


# --- .txt -------------------------------------------------------------------------------------------------

def test_txt_title_is_short_first_line_and_text_is_whole_file(tmp_path):
    content = "\n  Obama weighs Libya strikes  \n\nUS President Barack Obama met advisers in Washington.\n"
    p = write(tmp_path, "a.txt", content)
    a = read_article(p)
    assert a.title == "Obama weighs Libya strikes"
    assert a.text == content
    assert a.published is None and a.source == "" and a.url == ""
    assert a.path == str(p)


def test_txt_first_line_that_is_a_sentence_or_too_long_is_no_title(tmp_path):
    assert read_article(write(tmp_path, "s.txt", "Officials met in Rome on Tuesday.\nMore.\n")).title == ""
    long_line = "word " * 60  # 300 characters, no final period
    assert read_article(write(tmp_path, "l.txt", long_line + "\nMore text.\n")).title == ""


def test_published_argument_is_used_for_txt(tmp_path):
    p = write(tmp_path, "a.txt", "Headline\n\nBody text here.\n")
    assert read_article(p, published=dt.date(2016, 1, 31)).published == dt.date(2016, 1, 31)


# --- .md with front matter --------------------------------------------------------------------------------

MD = """---
title: France warns of IS crossing the Med
source: Libya Channel
url: http://example.org/france-warns
published: 2016-01-31
---
France warns of IS crossing the Med

US President Barack Obama has instructed key advisors to explore military action in Libya.
"""


def test_md_front_matter_gives_metadata_and_body_is_the_text(tmp_path):
    a = read_article(write(tmp_path, "a.md", MD))
    assert a.title == "France warns of IS crossing the Med"
    assert a.source == "Libya Channel"
    assert a.url == "http://example.org/france-warns"
    assert a.published == dt.date(2016, 1, 31)
    assert a.text.startswith("France warns of IS")  # the body: offsets are into it
    assert "---" not in a.text
    i = a.text.index("Obama")
    assert a.text[i:i + 5] == "Obama"


def test_published_argument_overrides_front_matter(tmp_path):
    a = read_article(write(tmp_path, "a.md", MD), published=dt.date(2016, 2, 1))
    assert a.published == dt.date(2016, 2, 1)


def test_md_without_front_matter_or_date(tmp_path):
    a = read_article(write(tmp_path, "a.md", "# Talks in Rome\n\nMinisters met in Rome.\n"))
    assert a.title == "Talks in Rome"
    assert a.published is None
    assert a.text == "# Talks in Rome\n\nMinisters met in Rome.\n"


def test_front_matter_timestamp_gives_its_date(tmp_path):
    a = read_article(write(tmp_path, "a.md", MD.replace("2016-01-31", "2016-01-31T09:30:00Z")))
    assert a.published == dt.date(2016, 1, 31)


@pytest.mark.parametrize("bad", ["31/01/2016", "2016-02-30", "yesterday"])
def test_bad_front_matter_date_names_file_and_value(tmp_path, bad):
    p = write(tmp_path, "bad.md", MD.replace("2016-01-31", bad))
    with pytest.raises(InputError) as ei:
        read_article(p)
    one_line_error(ei, str(p), repr(bad))


def test_front_matter_without_body(tmp_path):
    p = write(tmp_path, "e.md", "---\ntitle: Nothing\n---\n\n  \n")
    with pytest.raises(InputError) as ei:
        read_article(p)
    one_line_error(ei, str(p), "no article text")


# --- .html (real trafilatura) -----------------------------------------------------------------------------

def test_html_main_text_title_source_url_and_date():
    a = read_article(FIXTURES / "coalition-sirte.html")
    assert a.title == "Coalition weighs strikes on Sirte"
    assert a.source == "Example News"
    assert a.url == "https://news.example.org/2016/02/03/coalition-sirte"
    assert a.published == dt.date(2016, 2, 3)
    assert "Defence ministers met in Rome" in a.text
    assert "Brussels on February 11" in a.text
    assert a.text.startswith("Coalition weighs strikes on Sirte\n\nDefence ministers")  # one block per paragraph
    for boilerplate in ("Most read", "Copyright", "analytics", "Sport"):
        assert boilerplate not in a.text


def test_html_published_argument_overrides_page_date():
    a = read_article(FIXTURES / "coalition-sirte.html", published=dt.date(2016, 2, 4))
    assert a.published == dt.date(2016, 2, 4)


def test_html_with_no_article_text_is_refused():
    p = FIXTURES / "menu-only.html"
    with pytest.raises(InputError) as ei:
        read_article(p)
    one_line_error(ei, str(p), "no article text")


def test_html_in_declared_legacy_charset(tmp_path):
    html = (FIXTURES / "coalition-sirte.html").read_text(encoding="utf-8")
    html = html.replace('charset="utf-8"', 'charset="windows-1252"').replace("Defence ministers", "Défence ministers")
    a = read_article(write(tmp_path, "legacy.htm", html.encode("cp1252")))
    assert "Défence ministers" in a.text


# --- bad input: one line naming the file ------------------------------------------------------------------

def test_empty_file(tmp_path):
    p = write(tmp_path, "empty.txt", "  \n\n")
    with pytest.raises(InputError) as ei:
        read_article(p)
    one_line_error(ei, str(p), "empty")


@pytest.mark.parametrize("name", ["bin.txt", "bin.html"])
def test_binary_file(tmp_path, name):
    p = write(tmp_path, name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError) as ei:
        read_article(p)
    one_line_error(ei, str(p), "binary")


@pytest.mark.parametrize("name", ["latin.txt", "latin.html"])
def test_non_utf8_file(tmp_path, name):
    p = write(tmp_path, name, "Caf\u00e9 talks in Tripoli, said the minister of the interior today.".encode("latin-1"))
    with pytest.raises(InputError) as ei:
        read_article(p)
    one_line_error(ei, str(p), "UTF-8")


def test_too_long_file(tmp_path):
    p = write(tmp_path, "long.txt", "a" * (MAX_CHARS + 1))
    with pytest.raises(InputError) as ei:
        read_article(p)
    one_line_error(ei, str(p), "too long")


def test_unknown_extension_and_missing_file(tmp_path):
    p = write(tmp_path, "a.pdf", "%PDF-1.4 something")
    with pytest.raises(InputError) as ei:
        read_article(p)
    one_line_error(ei, str(p), "unknown extension", ".pdf")
    with pytest.raises(InputError) as ei:
        read_article(tmp_path / "nope.txt")
    one_line_error(ei, "nope.txt", "no such file")


# --- article_from_text (the dashboard's paste/upload path) ------------------------------------------------

def test_article_from_text_plain():
    a = article_from_text("Talks in Rome\n\nMinisters met in Rome.", title="", source="Agency",
                          url="https://e.org/x", published="2016-02-02")
    assert a.title == "Talks in Rome"  # derived when none is given
    assert a.source == "Agency" and a.url == "https://e.org/x"
    assert a.published == dt.date(2016, 2, 2)
    assert a.text == "Talks in Rome\n\nMinisters met in Rome."


def test_article_from_text_explicit_values_override_front_matter():
    a = article_from_text(MD, title="Reader's title", source=None, url=None, published=dt.date(2016, 2, 5),
                          filename="upload.md")
    assert a.title == "Reader's title"
    assert a.source == "Libya Channel"
    assert a.published == dt.date(2016, 2, 5)
    assert a.path == "upload.md"
    assert not a.text.startswith("---")


def test_article_from_text_html_upload():
    html = (FIXTURES / "coalition-sirte.html").read_text(encoding="utf-8")
    a = article_from_text(html, title=None, source=None, url=None, published=None, filename="page.html")
    assert a.title == "Coalition weighs strikes on Sirte"
    assert a.published == dt.date(2016, 2, 3)
    assert "<p>" not in a.text


@pytest.mark.parametrize("text,kwargs,needle", [
    ("   ", {}, "empty"),
    ("a\x00b", {}, "binary"),
    ("x" * (MAX_CHARS + 1), {}, "too long"),
    ("Some text.", {"published": "2016-13-01"}, "'2016-13-01'"),
    ("Some text.", {"filename": "a.docx"}, "unknown extension"),
])
def test_article_from_text_checks(text, kwargs, needle):
    with pytest.raises(InputError) as ei:
        article_from_text(text, title="t", source="s", url="", **{"published": None, **kwargs})
    msg = one_line_error(ei, needle)
    assert msg.startswith(kwargs.get("filename", "pasted text"))
