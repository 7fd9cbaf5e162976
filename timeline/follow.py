"""Links and feeds into the store: ``fetch`` (a page per link) and ``follow`` (rounds over feeds).

A link goes: URL checked (http/https) -> already stored under its canonical URL? (skipped, not fetched) ->
robots.txt -> the per-host delay -> ``timeline.fetch.Fetcher`` (address checks, size and time limits) ->
``timeline.fetch.page_article`` (``articles``' HTML reading) -> stored under its canonical URL, or the same
text under another URL? (skipped) -> ``timeline.ingest.analyse_and_save`` (the analysis and the store of
every ingest). Pages are fetched by a few threads ahead of the analysis, which runs one article at a time
here, or in worker processes (``analysis_workers``, ``timeline.analysis_pool``) while this one stores them in order.

Each problem is one ``(url, message)`` in the report; the others go on, nothing stored is touched.
"""
from __future__ import annotations

import ipaddress
import threading
import time
import urllib.robotparser
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable
from urllib.parse import urljoin, urlsplit

from articles import Article, InputError, one_line
from timeline.feeds import FeedEntry, parse_feed
from timeline.fetch import ROBOTS_AGENT, FetchError, Fetcher, canonical_url, check_url, page_article
from timeline.analysis_pool import pool_for
from timeline.ingest import Analyse, IngestFailure, analyse_and_save, analysed_in, save_analysis
from timeline.store import Store
from timeline.store.feeds import FeedLog, article_with_text, has_article

HOST_DELAY = 1.0  # seconds between two requests to one host (robots.txt's Crawl-delay when longer)
MAX_CRAWL_DELAY = 60.0
WORKERS = 4  # pages fetched ahead of the analysis

Progress = Callable[[int, int, str], None]


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"


def _loopback(url: str) -> bool:
    """Whether ``url``'s host is this machine by its very name (localhost, 127.0.0.0/8, ::1)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HostPacer:
    """At most one request per ``delay`` seconds to each host, across threads (slots are reserved in order).
    A loopback host is not paced: the delay spares other people's servers, and this machine's own (reached only
    with --allow-private) was paced to 1 article/s for nothing (issue #24's speed target)."""

    def __init__(self, delay: float = HOST_DELAY) -> None:
        self.delay = max(0.0, delay)
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._lock = threading.Lock()

    def set_delay(self, host: str, delay: float) -> None:
        with self._lock:
            self._delays[host] = max(self.delay, min(delay, MAX_CRAWL_DELAY))

    def wait(self, url: str) -> None:
        if _loopback(url):
            return
        host = _host(url)
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, 0.0))
            self._next[host] = slot + self._delays.get(host, self.delay)
        if slot > now:
            time.sleep(slot - now)


class Robots:
    """robots.txt of each host, read once per run (RFC 9309: a 4xx answer allows everything; a 5xx, a time-out
    or no answer disallows everything, for now)."""

    def __init__(self, fetcher: Fetcher, pacer: HostPacer) -> None:
        self.fetcher, self.pacer = fetcher, pacer
        self._rules: dict[str, urllib.robotparser.RobotFileParser | bool] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        host = _host(url)
        with self._lock:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            if host not in self._rules:
                try:
                    self._rules[host] = self._read(host)
                except FetchError as exc:  # the address rule: said of the page asked for, not of robots.txt
                    raise FetchError(url, exc.problem, refused=True) from None
        rules = self._rules[host]
        return rules if isinstance(rules, bool) else rules.can_fetch(ROBOTS_AGENT, url)

    def _read(self, host: str):
        self.pacer.wait(host + "/")
        try:
            resp = self.fetcher.get(host + "/robots.txt")
        except FetchError as exc:
            if exc.refused:
                raise
            if exc.status is not None and 400 <= exc.status < 500:
                return True
            return False
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(resp.body.decode("utf-8", "replace").splitlines())
        delay = rules.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.pacer.set_delay(host, float(delay))
        return rules


@dataclass
class LinkResult:
    url: str
    status: str  # stored, skipped, failed
    article_id: str | None = None
    title: str = ""
    events: int = 0
    places: int = 0
    actors: tuple[str, ...] = ()
    reason: str = ""  # why skipped, or the error

    def to_dict(self) -> dict:
        out = {"url": self.url, "status": self.status, "article_id": self.article_id, "title": self.title,
               "events": self.events}
        if self.reason:
            out["reason" if self.status == "skipped" else "error"] = self.reason
        return out


class StoreSink:
    """Where ``LinkReader`` keeps articles by default: the SQLite store. A sink answers whether an article is
    kept already (by id, or by its exact text) and keeps an analysis; ``timeline.fetch_dataset.DatasetSink``
    is the other one (a Parquet dataset)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def has(self, article_id: str) -> bool:
        return has_article(self.store, article_id)

    def with_text(self, text: str) -> str | None:
        return article_with_text(self.store, text)

    def save(self, analysis, *, replace_path: bool = True) -> None:
        self.store.save(analysis, replace_path=replace_path)


class LinkReader:
    """Fetch pages and store their articles (see the module's docstring) in ``store`` (SQLite), or in ``sink``
    when given (a dataset; ``store`` is then None)."""

    def __init__(self, *, store: Store | None, analyse: Analyse, fetcher: Fetcher, pacer: HostPacer | None = None,
                 robots: Robots | None = None, respect_robots: bool = True, sink=None,
                 analysis_workers: int = 1) -> None:
        self.store, self.analyse, self.fetcher = store, analyse, fetcher
        self.analysis_workers = analysis_workers  # > 1: ``analyse`` runs in that many processes (module-level)
        self.sink = sink if sink is not None else StoreSink(store)
        self.pacer = pacer or HostPacer()
        self.robots = (robots or Robots(fetcher, self.pacer)) if respect_robots else None

    def prepare(self, url: str, entry: FeedEntry | None = None) -> Article | LinkResult:
        """The network half: a fetched article, or the result that ends this link (skipped, failed)."""
        try:
            check_url(url)
            known = Article(text="", url=canonical_url(url)).id
            if self.sink.has(known):
                return LinkResult(url, "skipped", known, reason="already stored (same URL)")
            if self.robots is not None and not self.robots.allowed(url):
                return LinkResult(url, "failed", reason=f"{url}: disallowed by its site's robots.txt")
            self.pacer.wait(url)
            article = page_article(self.fetcher.get(url), requested=url)
        except InputError as exc:  # FetchError included
            return LinkResult(url, "failed", reason=one_line(exc))
        if article.published is None and entry is not None and entry.published is not None:
            from dataclasses import replace
            article = replace(article, published=entry.published)
        if not article.title and entry is not None and entry.title:
            from dataclasses import replace
            article = replace(article, title=entry.title)
        return article

    def finish(self, url: str, prepared: Article | LinkResult) -> LinkResult:
        """The store half: skip what is stored already (canonical URL, or the same text), else analyse and save."""
        checked = self.check(url, prepared)
        if isinstance(checked, LinkResult):
            return checked
        try:
            analysis = analyse_and_save(checked, where=url, store=self.sink, analyse=self.analyse)
        except IngestFailure as exc:
            return LinkResult(url, "failed", reason=one_line(exc))
        return self._stored(url, checked, analysis)

    def check(self, url: str, prepared: Article | LinkResult, *, coming: dict[str, str] | None = None
              ) -> Article | LinkResult:
        """The article to analyse, or why not: stored already (canonical URL, or the same text), or ahead of it in
        ``coming`` (text -> article id of the articles under analysis, to be stored before this one)."""
        if isinstance(prepared, LinkResult):
            return prepared
        article = prepared
        if self.sink.has(article.id) or (coming and article.id in coming.values()):
            return LinkResult(url, "skipped", article.id, article.title,
                              reason=f"already stored (same canonical URL {article.url})")
        same = coming.get(article.text) if coming else None
        same = same or self.sink.with_text(article.text)
        if same is not None:
            return LinkResult(url, "skipped", same, article.title,
                              reason="already stored (the same text under another URL)")
        return article

    @staticmethod
    def _stored(url: str, article: Article, analysis) -> LinkResult:
        return LinkResult(url, "stored", article.id, article.title, len(analysis.events), len(analysis.places),
                          tuple(a.name for a in analysis.actors))

    def _save(self, url: str, article: Article, future) -> LinkResult:
        """Store the analysis a worker made of ``article``."""
        try:
            analysis = save_analysis(analysed_in(future, where=url), where=url, store=self.sink)
        except IngestFailure as exc:
            return LinkResult(url, "failed", reason=one_line(exc))
        return self._stored(url, article, analysis)

    def read_all(self, urls: Iterable[str], *, entries: dict[str, FeedEntry] | None = None,
                 progress: Progress | None = None, each: Callable[[LinkResult], None] | None = None,
                 workers: int = WORKERS) -> list[LinkResult]:
        """Every URL, fetched ``workers`` at a time ahead of the analysis (in ``analysis_workers`` processes from
        ``MIN_ARTICLES`` links on), stored in order."""
        urls = list(dict.fromkeys(urls))
        entries = entries or {}
        results: list[LinkResult] = []
        analyses = pool_for(self.analyse, workers=self.analysis_workers, articles=len(urls))
        pending: deque = deque()  # (url, LinkResult) or (url, (article, its analysis under way)), in order
        coming: dict[str, str] = {}  # text -> id of the articles under analysis

        def done(result: LinkResult) -> None:
            results.append(result)
            if each is not None:
                each(result)

        def settle() -> None:
            url, item = pending.popleft()
            if isinstance(item, LinkResult):
                done(item)
                return
            article, future = item
            coming.pop(article.text, None)
            done(self._save(url, article, future))

        pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="fetch")
        try:
            futures = [pool.submit(self.prepare, u, entries.get(u)) for u in urls]
            for i, (url, fut) in enumerate(zip(urls, futures)):
                if progress is not None:
                    progress(i, len(urls), url)
                if analyses is None:
                    done(self.finish(url, fut.result()))
                    continue
                checked = self.check(url, fut.result(), coming=coming)
                if isinstance(checked, LinkResult):
                    pending.append((url, checked))
                else:
                    coming[checked.text] = checked.id
                    pending.append((url, (checked, analyses.submit(checked))))
                while len(pending) > analyses.ahead:
                    settle()
            while pending:
                settle()
            if progress is not None:
                progress(len(urls), len(urls), "")
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            if analyses is not None:
                analyses.close(cancel=True)
        return results


@dataclass
class Summary:
    """What a run (``fetch``) or a round (``follow``) did; ``to_dict`` is its JSON."""
    articles: int = 0
    events: int = 0
    places: int = 0
    actors: set[str] = field(default_factory=set)
    skipped: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    interrupted: bool = False

    def add(self, r: LinkResult) -> None:
        if r.status == "stored":
            self.articles += 1
            self.events += r.events
            self.places += r.places
            self.actors.update(r.actors)
        elif r.status == "skipped":
            self.skipped.append({"url": r.url, "reason": r.reason})
        else:
            self.failed.append({"url": r.url, "error": r.reason})

    def to_dict(self) -> dict:
        return {"articles": self.articles, "events": self.events, "places": self.places,
                "actors": len(self.actors), "skipped": self.skipped, "failed": self.failed}


class Follower:
    """Rounds over feeds: each feed read with If-None-Match/If-Modified-Since, each new entry fetched once,
    a feed or entry that fails retried in a later round with backoff (``timeline.store.feeds``)."""

    def __init__(self, feeds: Iterable[str], *, reader: LinkReader, workers: int = WORKERS,
                 progress: Progress | None = None, on_error: Callable[[str], None] | None = None) -> None:
        self.reader = reader
        self.log = FeedLog(reader.store)
        self.feeds = list(dict.fromkeys(feeds))
        for url in self.feeds:
            self.log.add(url)
        self.workers = workers
        self.progress = progress
        self.on_error = on_error or (lambda line: None)
        self.current: dict | None = None  # the round under way (its summary so far, for Ctrl-C)

    def round(self, number: int = 1) -> dict:
        started = time.monotonic()
        summary = Summary()
        feeds_out: list[dict] = []
        self.current = {"round": number, "feeds": feeds_out, "summary": summary, "started": started}
        for i, url in enumerate(self.feeds):
            if self.progress is not None:
                self.progress(i, len(self.feeds), url)
            feeds_out.append(self._read_feed(url, summary))
        if self.progress is not None:
            self.progress(len(self.feeds), len(self.feeds), "")
        return self.result()

    def result(self) -> dict:
        cur = self.current or {"round": 0, "feeds": [], "summary": Summary(), "started": time.monotonic()}
        s: Summary = cur["summary"]
        return {"round": cur["round"], "seconds": round(time.monotonic() - cur["started"], 3),
                "feeds": cur["feeds"], **s.to_dict()}

    def _read_feed(self, url: str, summary: Summary) -> dict:
        out = {"url": url, "status": "", "entries": 0, "new": 0, "articles": 0, "skipped": 0, "failed": 0}
        if not self.log.take_turn(url):
            state = self.log.feed(url)
            out.update(status="waiting", error=state.last_error if state else None)
            return out
        state = self.log.feed(url)
        headers = {}
        if state is not None and state.etag:
            headers["If-None-Match"] = state.etag
        if state is not None and state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        try:
            check_url(url)
            if self.reader.robots is not None and not self.reader.robots.allowed(url):
                raise FetchError(url, "disallowed by its site's robots.txt")
            self.reader.pacer.wait(url)
            resp = self.reader.fetcher.get(url, headers=headers)
            kind, entries = None, []
            if resp.status != 304:
                try:
                    kind, entries = parse_feed(resp.body)
                except InputError as exc:
                    raise FetchError(url, str(exc)) from None
        except FetchError as exc:
            wait = self.log.read_failed(url, exc.problem)
            line = str(exc) + (f" (retried in {wait + 1} rounds)" if wait else " (retried next round)")
            self.on_error(line)
            summary.failed.append({"url": url, "error": str(exc)})
            out.update(status="failed", error=exc.problem)
            return out
        links: dict[str, FeedEntry] = {}
        for e in entries:
            link = urljoin(resp.url, e.url)
            links.setdefault(link, e)
        # the feed's entries, and those that failed before (retried even when the feed is unchanged)
        due = self.log.due_entries(url, list(links) + self.log.pending(url))
        out.update(entries=len(links), new=len(due))

        def each(r: LinkResult) -> None:
            summary.add(r)
            if r.status == "failed":
                self.log.entry_failed(url, r.url, r.reason)
                self.on_error(r.reason)
                out["failed"] += 1
            else:
                self.log.entry_done(url, r.url, r.article_id)
                out["articles" if r.status == "stored" else "skipped"] += 1

        self.reader.read_all(due, entries=links, progress=self.progress, each=each, workers=self.workers)
        out["status"] = "unchanged" if resp.status == 304 else "read"
        self.log.read_ok(url, status=out["status"], kind=kind, etag=resp.headers.get("etag"),
                         last_modified=resp.headers.get("last-modified"), new=out["articles"])
        return out


def parse_every(value: str) -> float:
    """'15m', '30s', '2h', '1d' or plain seconds -> seconds (ValueError otherwise)."""
    value = value.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = (value[:-1], value[-1]) if value and value[-1] in units else (value, "s")
    seconds = float(number) * units[unit]
    if not seconds >= 0 or seconds == float("inf"):
        raise ValueError(value)
    return seconds
