"""Reading a reader's article (pasted or uploaded) into plain text plus metadata (pure)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # 2 MB
ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass(frozen=True)
class ArticleText:
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: date | None = None


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head", "svg"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self.in_title = True
        if tag == "meta":
            k = (a.get("property") or a.get("name") or "").lower()
            if k and a.get("content"):
                self.meta[k] = a["content"]
        if tag in self._SKIP:
            self.skip += 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self._SKIP and self.skip:
            self.skip -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


def _date(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s.strip()[:10])
    except ValueError:
        return None


def html_to_text(markup: str) -> ArticleText:
    p = _TextExtractor()
    p.feed(markup)
    p.close()
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(p.parts))
    text = re.sub(r"\n\s*\n+", "\n\n", text).strip()
    m = p.meta
    return ArticleText(text=text, title=(m.get("og:title") or " ".join("".join(p.title).split())),
                       source=m.get("og:site_name", ""), url=m.get("og:url", ""),
                       published=_date(m.get("article:published_time") or m.get("date")))


def split_front_matter(text: str) -> ArticleText:
    """A Markdown/text article with an optional ``---`` front-matter block (title, source, url, published)."""
    m = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, flags=re.DOTALL)
    if not m:
        return ArticleText(text=text.strip())
    meta = {}
    for line in m.group(1).splitlines():
        k, sep, v = line.partition(":")
        if sep:
            meta[k.strip().lower()] = v.strip().strip('"')
    return ArticleText(text=text[m.end():].strip(), title=meta.get("title", ""), source=meta.get("source", ""),
                       url=meta.get("url", ""), published=_date(meta.get("published")))


def read_upload(filename: str, data: bytes) -> ArticleText:
    """Decode an uploaded file; ValueError (one line) when too large, not a text type, or not text."""
    name = (filename or "").lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(f"The file is {len(data) / 1048576:.1f} MB; the limit is 2 MB.")
    if not name.endswith(ALLOWED_SUFFIXES):
        raise ValueError("Only .txt, .md and .html files can be added.")
    if b"\x00" in data[:8192]:
        raise ValueError("The file is not text (it contains binary data).")
    try:
        s = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("The file is not UTF-8 text.") from None
    art = html_to_text(s) if name.endswith((".html", ".htm")) else split_front_matter(s)
    if not art.text.strip():
        raise ValueError("The file holds no text.")
    return art


def read_pasted(text: str) -> ArticleText:
    if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
        raise ValueError("The pasted text is over the 2 MB limit.")
    s = text.strip()
    if not s:
        raise ValueError("Paste an article's text first.")
    if re.match(r"(?is)\A\s*(<!doctype html|<html)", s):
        return html_to_text(s)
    return split_front_matter(s)
