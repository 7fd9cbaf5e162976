"""Reading news articles from files (.txt, .md, .html/.htm) or pasted text into ``Article`` records.

* ``.txt``: the text is the whole file as read; the title is its first non-empty line when that line is
  short (under 200 characters) and does not end with a period (a headline, not a sentence).
* ``.md``: optional ``---``-fenced front matter (``title``, ``source``, ``url``, ``published``); the text is
  the body after it, so every character offset found later is into the body. Without a ``title`` field the
  first line is used as for ``.txt`` (a leading ``#`` heading marker dropped). A ``.txt`` file that starts
  with front matter is read the same way, as ``python -m timeline dates`` does.
* ``.html``/``.htm``: the main text, title, site name, canonical URL and publication date extracted by
  trafilatura. A page whose extraction has fewer than ``MIN_HTML_WORDS`` words (menus, cookie notices)
  is refused: it has no article text.

A ``published`` argument overrides the date found in the file. Every problem raises
``geo.textio.InputError`` with one line that names the file (or "pasted text") and the problem.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from pathlib import Path

from geo.textio import InputError, check_text, parse_date, read_bytes, read_text_file, split_front_matter
from timeline.model import Article

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MAX_TITLE_CHARS = 200
MAX_HTML_BYTES = 20 * 1024 * 1024  # raw page; the extracted text still has geo.textio's MAX_CHARS limit
MIN_HTML_WORDS = 10

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def read_article(path: str | Path, *, published: dt.date | None = None) -> Article:
    """Read one article file; ``published`` (when given) overrides the file's own publication date."""
    p = Path(path)
    suffix = _suffix(p.name, where=str(p))
    if suffix in HTML_SUFFIXES:
        html = _decode_html(_read_bytes(p), where=str(p))
        return _from_html(html, where=str(p), path=str(p), published=published)
    text = read_text_file(p)
    return _from_plain(text, where=str(p), path=str(p), markdown=suffix == ".md", published=published)


def article_from_text(text: str, *, title: str | None = None, source: str | None = None, url: str | None = None,
                      published: dt.date | str | None = None, filename: str | None = None) -> Article:
    """An article from text the reader pasted or uploaded (the dashboard's path), with the file checks.

    ``filename`` (an upload's name) selects the format by its extension: HTML is extracted, Markdown front
    matter is read; without it the text is plain. Non-empty ``title``/``source``/``url`` and a ``published``
    date (a date or ``YYYY-MM-DD``) override what the text itself says.
    """
    where = filename or "pasted text"
    if not isinstance(text, str):
        raise InputError(f"{where}: expected text (str), got {type(text).__name__}")
    suffix = _suffix(filename, where=where) if filename else ".txt"
    if isinstance(published, str):
        published = _parse_date(published, where=where, what="published date") if published.strip() else None
    elif isinstance(published, dt.datetime):
        published = published.date()
    elif published is not None and not isinstance(published, dt.date):
        raise InputError(f"{where}: invalid published date {published!r}: expected YYYY-MM-DD")
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


# --- plain text and Markdown ------------------------------------------------------------------------------

def _from_plain(text: str, *, where: str, path: str, markdown: bool, published: dt.date | None,
                overrides: dict | None = None) -> Article:
    meta, body = split_front_matter(text)
    if meta and not body.strip():
        raise InputError(f"{where}: has front matter but no article text after it")
    if published is None:
        raw = meta.get("published") or meta.get("date")
        if raw:
            published = _parse_date(raw, where=where, what="published date in the front matter")
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
        raise InputError(f"{where}: cannot parse the HTML page ({type(exc).__name__}: {_one_line(exc)})") from None
    doc = json.loads(raw) if raw else {}
    text = (doc.get("text") or "").strip()
    if len(_WORD.findall(text)) < MIN_HTML_WORDS:
        raise InputError(f"{where}: no article text found in the HTML page")
    check_text(text, where=where)
    if published is None and doc.get("date"):
        published = _parse_date(str(doc["date"]), where=where, what="publication date in the HTML page")
    url = doc.get("source") or ""
    fields = {
        "title": (doc.get("title") or "").strip() or _first_line_title(text, markdown=False),
        "source": (doc.get("source-hostname") or doc.get("hostname") or "").strip(),
        "url": url.strip() if re.match(r"(?i)https?://", url) else "",
    }
    fields.update(overrides or {})
    return Article(text=text, published=published, path=path, **fields)


def _read_bytes(p: Path) -> bytes:
    return read_bytes(p, max_bytes=MAX_HTML_BYTES)


def _decode_html(raw: bytes, *, where: str) -> str:
    """UTF-8, else the charset the page declares in a ``<meta>`` tag (many saved pages are windows-1252)."""
    if b"\x00" in raw[:8192]:
        raise InputError(f"{where}: looks like a binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
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

def _suffix(name: str, *, where: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        shown = repr(Path(name).suffix) if Path(name).suffix else "none"
        raise InputError(f"{where}: unknown extension {shown}: expected .txt, .md, .html or .htm")
    return suffix


def _parse_date(value: str, *, where: str, what: str) -> dt.date:
    """``YYYY-MM-DD``; a full ISO timestamp (``2016-01-31T10:00:00Z``) gives its date."""
    value = value.strip()
    try:
        return parse_date(value, what=what)
    except InputError as exc:
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            raise InputError(f"{where}: {exc}") from None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]
