"""A real HTTP server on 127.0.0.1 for the feed and link tests (and benchmarks/follow_speed.py): news pages built
from the dev corpora's texts, feeds of them (RSS 2.0, Atom, a news sitemap) that answer conditional requests,
and the faults `fetch` and `follow` must survive. Started in a thread by the test; nothing leaves the machine.
"""
from __future__ import annotations

import html
import json
import threading
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
import datetime as dt

ROOT = Path(__file__).resolve().parent.parent
LGL_DEV = next((d / "shared/eval/geoparsing/lgl-dev.jsonl" for d in ROOT.parents
                if (d / "shared/eval/geoparsing/lgl-dev.jsonl").is_file()),
               ROOT.parent / "shared/eval/geoparsing/lgl-dev.jsonl")


def corpus_articles(limit: int, *, path: Path = LGL_DEV, min_words: int = 60) -> list[dict]:
    """The first ``limit`` articles of a dev corpus (JSONL: title, text, published), read by path."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            if len(doc.get("text", "").split()) >= min_words and doc.get("title"):
                out.append(doc)
                if len(out) == limit:
                    break
    return out


def page_html(doc: dict, canonical: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(s.strip())}.</p>" for s in doc["text"].split(". ") if s.strip())
    title = html.escape(doc["title"])
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<link rel='canonical' href='{canonical}'>"
            "<meta property='og:site_name' content='Loopback Gazette'>"
            f"<meta property='article:published_time' content='{doc.get('published') or '2009-03-01'}'>"
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
            "<footer>Loopback Gazette</footer></body></html>")


def rss(items: list[tuple[str, str, str]]) -> str:
    """RSS 2.0 of (link, title, YYYY-MM-DD)."""
    body = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link><guid>{html.escape(u)}</guid>"
        f"<pubDate>{format_datetime(dt.datetime.fromisoformat(d).replace(tzinfo=dt.timezone.utc))}</pubDate></item>"
        for u, t, d in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Loopback</title>"
            f"<link>http://127.0.0.1/</link><description>test</description>{body}</channel></rss>")


def atom(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f"<entry><title>{html.escape(t)}</title><link rel='alternate' href='{html.escape(u)}'/>"
                   f"<id>{html.escape(u)}</id><updated>{d}T08:00:00Z</updated></entry>" for u, t, d in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Loopback</title><id>urn:loopback</id><updated>2009-03-01T00:00:00Z</updated>{body}</feed>")


def news_sitemap(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f"<url><loc>{html.escape(u)}</loc><news:news><news:publication><news:name>Loopback"
                   f"</news:name><news:language>en</news:language></news:publication><news:publication_date>{d}"
                   f"</news:publication_date><news:title>{html.escape(t)}</news:title></news:news></url>"
                   for u, t, d in items)
    return ("<?xml version='1.0' encoding='utf-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
            f"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{body}</urlset>")


class Route:
    """What one path answers: status, body and headers; ``etag`` makes it answer If-None-Match with 304;
    ``delay`` seconds before answering; ``stream`` bytes sent in chunks (for the size limit)."""

    def __init__(self, body: bytes | str = b"", *, status: int = 200, content_type: str = "text/html; charset=utf-8",
                 headers: dict | None = None, etag: str | None = None, delay: float = 0.0, stream: int = 0) -> None:
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.status, self.content_type, self.headers = status, content_type, dict(headers or {})
        self.etag, self.delay, self.stream = etag, delay, stream


class LoopbackSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.conditional: dict[str, int] = {}  # requests that carried If-None-Match / If-Modified-Since
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                path = self.path
                with site._lock:
                    site.hits[path] = site.hits.get(path, 0) + 1
                    if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                        site.conditional[path] = site.conditional.get(path, 0) + 1
                route = site.routes.get(path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if not route.stream:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    if route.stream:
                        chunk = b"<p>" + b"x" * 65530 + b"</p>"
                        for _ in range(route.stream // len(chunk) + 1):
                            self.wfile.write(chunk)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def add_article(self, path: str, doc: dict) -> str:
        self.routes[path] = Route(page_html(doc, self.url(path)))
        return self.url(path)

    def __enter__(self) -> "LoopbackSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
