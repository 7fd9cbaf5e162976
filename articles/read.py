"""Files, pasted text and uploads into ``Article`` records: the one reader every way in goes through.

* ``.txt``: the text is the whole file as read; the title is its first non-empty line when that line is
  short (under ``MAX_TITLE_CHARS``) and does not end with a period (a headline, not a sentence).
* ``.md`` (and a ``.txt`` that starts with front matter): optional ``---``-fenced front matter (``title``,
  ``source``, ``url``, ``published``); the text is the body after it, so every offset found later is into the
  body. Without a ``title`` field the first line is used as for ``.txt`` (a leading ``#`` dropped).
* ``.html``/``.htm``: the main text, title, site name, canonical URL and publication date extracted by
  trafilatura. A page with fewer than ``MIN_HTML_WORDS`` words of text (menus, cookie notices) is refused.
  Pasted text that starts like a page (``<!doctype html``, ``<html``) is read as HTML too.

A ``published`` argument overrides the date found in the file. Every problem raises ``InputError`` with one
line that names the file (or "pasted text") and the problem.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from pathlib import Path

from articles.dates import parse_date
from articles.errors import InputError, one_line
from articles.front_matter import split_front_matter
from articles.record import Article

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MAX_CHARS = 1_000_000  # spaCy's own limit per document; a news article is ~5,000
MAX_TITLE_CHARS = 200
MAX_HTML_BYTES = 20 * 1024 * 1024  # raw page; the extracted text still has the MAX_CHARS limit
# The most bytes a text of MAX_CHARS characters can take (4 a character, UTF-8 or UTF-32) with a byte-order
# mark and front matter: a larger file is refused by its size, before it is read.
MAX_TEXT_BYTES = 4 * MAX_CHARS + 64 * 1024
MIN_HTML_WORDS = 10
PASTED = "pasted text"

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LOOKS_HTML = re.compile(r"(?is)\A\s*(<!doctype html|<html)")
_WORD = re.compile(r"\w+")


def read_article(path: str | Path, *, published: dt.date | None = None, any_suffix: bool = False) -> Article:
    """One article file; ``published`` (when given) overrides the file's own publication date.

    The format comes from the extension; ``any_suffix`` reads a file of any other extension as plain text
    (the commands that take "a text file" do; ingest, which walks folders, does not)."""
    p = Path(path)
    if p.is_dir():  # before the extension: "news/" is a folder, not a file of an unknown kind
        raise InputError(f"{p}: is a directory, not a file")
    suffix = p.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        if not any_suffix:
            _suffix(p.name, where=str(p))
        suffix = ".txt"
    raw = _read_bytes(p, max_bytes=MAX_HTML_BYTES if suffix in HTML_SUFFIXES else MAX_TEXT_BYTES)
    if suffix in HTML_SUFFIXES:
        return _from_html(_decode_html(raw, where=str(p)), where=str(p), path=str(p), published=published)
    return _from_plain(_decode_text(raw, where=str(p)), where=str(p), path=str(p), markdown=suffix == ".md",
                       published=published)


def article_from_bytes(data: bytes, *, filename: str, title: str | None = None, source: str | None = None,
                       url: str | None = None, published: dt.date | str | None = None) -> Article:
    """An uploaded file's bytes (decoded as ``read_article`` decodes a file), then ``article_from_text``."""
    suffix = _suffix(filename, where=filename)
    if len(data) > MAX_HTML_BYTES:
        raise InputError(f"{filename}: is larger than {MAX_HTML_BYTES // (1024 * 1024)} MB")
    text = _decode_html(data, where=filename) if suffix in HTML_SUFFIXES else _decode_text(data, where=filename)
    return article_from_text(text, title=title, source=source, url=url, published=published, filename=filename)


def article_from_text(text: str, *, title: str | None = None, source: str | None = None, url: str | None = None,
                      published: dt.date | str | None = None, filename: str | None = None) -> Article:
    """An article from text the reader pasted or uploaded, with the file checks.

    ``filename`` (an upload's name) selects the format by its extension: HTML is extracted, Markdown front
    matter is read; without it the text is plain, or HTML when it starts like a page. Non-empty
    ``title``/``source``/``url`` and a ``published`` date (a date or ``YYYY-MM-DD``) override the text's own.
    """
    where = filename or PASTED
    if not isinstance(text, str):
        raise InputError(f"{where}: expected text (str), got {type(text).__name__}")
    suffix = _suffix(filename, where=where) if filename else (".html" if _LOOKS_HTML.match(text) else ".txt")
    if isinstance(published, str):
        published = _date(published, where=where, what="published date") if published.strip() else None
    elif published is not None:
        published = _date(published, where=where, what="published date")
    overrides = {k: v.strip() for k, v in (("title", title), ("source", source), ("url", url))
                 if isinstance(v, str) and v.strip()}
    if suffix in HTML_SUFFIXES:
        if "\x00" in text:
            raise InputError(f"{where}: looks like a binary file (NUL bytes), not text")
        if len(text.encode("utf-8")) > MAX_HTML_BYTES:
            raise InputError(f"{where}: page is larger than {MAX_HTML_BYTES // (1024 * 1024)} MB")
        return _from_html(text, where=where, path=filename or "", published=published, overrides=overrides)
    check_text(text, where=where)
    return _from_plain(text, where=where, path=filename or "", markdown=suffix == ".md", published=published,
                       overrides=overrides)


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(value: str, *, where: str) -> str:
    """``value`` unless it holds a lone surrogate (JSON's ``"\\ud800"``): no UTF-8 can store or print it."""
    m = _SURROGATE.search(value)
    if m:
        raise InputError(f"{where}: holds a lone surrogate {ascii(m.group())[1:-1]} at offset {m.start()}, "
                         "not a character")
    return value


def check_text(text: str, *, where: str) -> str:
    """``text`` if it can be analysed: not binary, not empty, not over ``MAX_CHARS``, no lone surrogate."""
    if "\x00" in text:
        raise InputError(f"{where}: looks like a binary file (NUL bytes), not text")
    if not text.strip():
        raise InputError(f"{where}: is empty")
    if len(text) > MAX_CHARS:
        raise InputError(f"{where}: {len(text):,} characters is too long for one article (limit {MAX_CHARS:,})")
    return check_unicode(text, where=where)


# --- plain text and Markdown ------------------------------------------------------------------------------

def _from_plain(text: str, *, where: str, path: str, markdown: bool, published: dt.date | None,
                overrides: dict | None = None) -> Article:
    meta, body = split_front_matter(text)
    if meta and not body.strip():
        raise InputError(f"{where}: has front matter but no article text after it")
    check_text(body, where=where)
    if published is None:
        raw = meta.get("published") or meta.get("date")
        if raw:
            published = _date(raw, where=where, what="published date in the front matter")
    title = meta.get("title") or _first_line_title(body, markdown=markdown)
    fields = {"title": title, "source": meta.get("source", ""), "url": meta.get("url", "")}
    fields.update(overrides or {})
    return Article(text=body, published=published, path=path, **fields)


def _first_line_title(text: str, *, markdown: bool) -> str:
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if markdown and line.startswith("#"):
            line = line.lstrip("#").strip()
        if len(line) < MAX_TITLE_CHARS and not line.endswith("."):
            return line
        return ""
    return ""


# --- HTML -------------------------------------------------------------------------------------------------

def _from_html(html: str, *, where: str, path: str, published: dt.date | None,
               overrides: dict | None = None) -> Article:
    import trafilatura  # imported here: it takes a second to load and only HTML needs it

    if not html.strip():
        raise InputError(f"{where}: is empty")
    try:
        raw = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False,
                                  date_extraction_params={"original_date": True})
    except Exception as exc:  # a parser failure on a malformed page: report it, never crash the batch
        raise InputError(f"{where}: cannot parse the HTML page ({type(exc).__name__}: {one_line(exc)})") from None
    doc = json.loads(raw) if raw else {}
    # trafilatura writes one block (headline, paragraph, list item) per line; the other readers separate
    # paragraphs by a blank line, which is what the sentence splitter takes as a boundary (a headline has no
    # full stop, so on a single line break it would run into the first paragraph).
    text = "\n\n".join(line.strip() for line in (doc.get("text") or "").splitlines() if line.strip())
    if len(_WORD.findall(text)) < MIN_HTML_WORDS:
        raise InputError(f"{where}: no article text found in the HTML page")
    check_text(text, where=where)
    if published is None and doc.get("date"):
        published = _date(str(doc["date"]), where=where, what="publication date in the HTML page")
    page_url = doc.get("source") or ""
    fields = {
        "title": (doc.get("title") or "").strip() or _first_line_title(text, markdown=False),
        "source": (doc.get("source-hostname") or doc.get("hostname") or "").strip(),
        "url": page_url.strip() if re.match(r"(?i)https?://", page_url) else "",
    }
    fields.update(overrides or {})
    return Article(text=text, published=published, path=path, **fields)


def _decode_html(raw: bytes, *, where: str) -> str:
    """UTF-8, else the charset the page declares in a ``<meta>`` tag (many saved pages are windows-1252)."""
    try:
        return _decode_text(raw, where=where)
    except _NotUtf8 as exc:
        bad = exc.offset
    m = _CHARSET.search(raw[:4096])
    if m:
        name = m.group(1).decode("ascii", "replace")
        try:
            codecs.lookup(name)
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            raise InputError(f"{where}: not decodable as its declared charset {name!r}") from None
    raise InputError(f"{where}: not UTF-8 text (bad byte at offset {bad}) and no charset declared")


# --- shared -----------------------------------------------------------------------------------------------

def _read_bytes(p: Path, *, max_bytes: int | None = None) -> bytes:
    try:
        size = p.stat().st_size if max_bytes is not None else 0
        if max_bytes == MAX_TEXT_BYTES and size > max_bytes:
            raise InputError(f"{p}: {size:,} bytes is too long for one article (limit {MAX_CHARS:,} characters)")
        if max_bytes is not None and size > max_bytes:
            raise InputError(f"{p}: is larger than {max_bytes // (1024 * 1024)} MB")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


class _NotUtf8(InputError):
    def __init__(self, where: str, offset: int):
        super().__init__(f"{where}: not UTF-8 text (bad byte at offset {offset})")
        self.offset = offset


# Text saved as UTF-16 or UTF-32 (Windows "Unicode") starts with its byte-order mark and is full of NUL bytes:
# decoded by the mark, not called binary. UTF-32's marks first: UTF-16 LE's is a prefix of UTF-32 LE's.
_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                 (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode_text(raw: bytes, *, where: str) -> str:
    for bom, encoding in _UNICODE_BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)  # the codec reads and drops the mark
            except UnicodeDecodeError as exc:
                raise InputError(f"{where}: not {encoding.upper()} text after its byte-order mark "
                                 f"(bad bytes at offset {exc.start})") from None
    if b"\x00" in raw[:8192]:
        raise InputError(f"{where}: looks like a binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _NotUtf8(where, exc.start) from None


def _suffix(name: str, *, where: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        shown = repr(Path(name).suffix) if Path(name).suffix else "none"
        raise InputError(f"{where}: unknown extension {shown}: expected .txt, .md, .html or .htm")
    return suffix


def _date(value, *, where: str, what: str) -> dt.date:
    try:
        return parse_date(value, what=what)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None

