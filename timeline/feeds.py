"""Reading news feeds: RSS 2.0, Atom and (news) sitemaps into ``FeedEntry`` records.

Parsed with the standard library's ElementTree through ``defusedxml``, which refuses entity declarations,
so a hostile feed cannot expand entities (the "billion laughs") or reach external ones. feedparser was the
other candidate: it reads more dialects, but it does not read sitemaps at all, and these three formats are
small enough to read by their element names, namespace-blind.
"""
from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass

from articles import InputError, one_line, parse_date


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str = ""
    published: dt.date | None = None


class FeedError(InputError):
    """The bytes are not a feed this reader knows; the message says why, in one line."""


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(elem, name: str):
    for c in elem:
        if _local(c.tag) == name:
            return c
    return None


def _text(elem, name: str) -> str:
    c = _child(elem, name)
    return (c.text or "").strip() if c is not None else ""


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return parse_date(value[:10], what="feed date")  # Atom, sitemaps: ISO 8601
    except InputError:
        return None


def parse_feed(data: bytes) -> tuple[str, list[FeedEntry]]:
    """(kind, entries) of an RSS 2.0 feed, an Atom feed or a sitemap (``urlset``; news sitemaps' titles
    and dates are read too). A sitemap index lists no articles and is refused."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data)
    except DefusedXmlException as exc:
        raise FeedError(f"refused: the XML declares entities ({type(exc).__name__})") from None
    except (ParseError, ValueError) as exc:
        raise FeedError(f"not an XML feed ({one_line(exc)})") from None
    kind = _local(root.tag)
    entries: list[FeedEntry] = []
    if kind in ("rss", "rdf"):
        channel = _child(root, "channel")
        items = [e for e in (channel if channel is not None else []) if _local(e.tag) == "item"]
        items += [e for e in root if _local(e.tag) == "item"]  # RSS 1.0 keeps items beside the channel
        for item in items:
            link = _text(item, "link")
            guid = _child(item, "guid")
            if not link and guid is not None and (guid.get("isPermaLink", "true") != "false"):
                link = (guid.text or "").strip()
            if link:
                entries.append(FeedEntry(link, _text(item, "title"),
                                         _date(_text(item, "pubdate") or _text(item, "date"))))
        return "rss", entries
    if kind == "feed":
        for item in (e for e in root if _local(e.tag) == "entry"):
            links = [c for c in item if _local(c.tag) == "link"]
            best = next((c for c in links if c.get("rel", "alternate") == "alternate"), links[0] if links else None)
            link = (best.get("href") or "").strip() if best is not None else ""
            if link:
                entries.append(FeedEntry(link, _text(item, "title"),
                                         _date(_text(item, "published") or _text(item, "updated"))))
        return "atom", entries
    if kind == "urlset":
        for item in (e for e in root if _local(e.tag) == "url"):
            link = _text(item, "loc")
            news = _child(item, "news")
            title = _text(news, "title") if news is not None else ""
            day = _date(_text(news, "publication_date")) if news is not None else None
            if link:
                entries.append(FeedEntry(link, title, day or _date(_text(item, "lastmod"))))
        return "sitemap", entries
    if kind == "sitemapindex":
        raise FeedError("a sitemap index (lists sitemaps, not articles): follow its news sitemap instead")
    raise FeedError(f"not an RSS, Atom or sitemap feed (root element <{kind}>)")
