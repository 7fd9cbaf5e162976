"""``python -m timeline fetch`` and ``follow`` against a real HTTP server on 127.0.0.1 started here (nothing
leaves the machine), a real SQLite file and the real analysis. The pages are LGL dev articles as HTML; the
faults are served for real (a slow answer, 404, 410, 500, a redirect loop, JSON, 21 MB, Latin-1, not XML)."""
from __future__ import annotations

import ipaddress
import json

import pytest

from tests.conftest import hears_ctrl_c, run_cli
from tests.feeds_loopback_server import LoopbackSite, Route, atom, corpus_articles, news_sitemap, rss
from timeline.cli import main
from timeline.feeds import FeedError, parse_feed
from timeline.fetch import FetchError, Fetcher
from timeline.store import Store
from timeline.store.feeds import FeedLog

NET = ["--allow-private", "--host-delay", "0"]


@pytest.fixture(scope="module")
def docs():
    return corpus_articles(12)


@pytest.fixture
def site():
    with LoopbackSite() as s:
        s.routes["/robots.txt"] = Route("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        yield s


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("python -m timeline: error:")]


def test_fetch_stores_a_link_once_with_its_title_outlet_and_date(tmp_path, site, docs, capsys):
    url = site.add_article("/news/one.html", docs[0])
    mirror = site.url("/mirror/one.html")  # the same text under another URL
    site.routes["/mirror/one.html"] = Route(site.routes["/news/one.html"].body.replace(url.encode(), mirror.encode()))
    db = str(tmp_path / "db.sqlite")
    code, out, err = run_cli(main, ["fetch", url, mirror, "--db", db, *NET], capsys=capsys)
    summary = json.loads(out)
    assert code == 0, err
    assert summary["articles"] == 1 and summary["events"] > 0
    assert [s["reason"] for s in summary["skipped"]] == ["already stored (the same text under another URL)"]
    with Store.open(db) as store:
        (art,) = store.articles()
        assert art["url"] == url and art["title"] == docs[0]["title"]
        assert art["source"] == "Loopback Gazette"  # the page's og:site_name
        assert art["published"] == docs[0]["published"]
        assert art["events"] > 0
    hits = site.hits["/news/one.html"]
    code, out, _ = run_cli(main, ["fetch", url + "#comments", "--db", db, *NET], capsys=capsys)
    assert code == 0 and json.loads(out)["skipped"][0]["reason"] == "already stored (same URL)"
    assert site.hits["/news/one.html"] == hits  # known by its canonical URL: not fetched again


def test_fetch_out_commits_links_to_a_dataset_once(tmp_path, site, docs, capsys):
    from timeline.store.duck import DuckStore

    first = site.add_article("/news/d1.html", docs[1])
    second = site.add_article("/news/d2.html", docs[2])
    mirror = site.url("/mirror/d1.html")  # the same text under another URL
    site.routes["/mirror/d1.html"] = Route(site.routes["/news/d1.html"].body.replace(first.encode(), mirror.encode()))
    out = tmp_path / "dataset"
    code, printed, err = run_cli(main, ["fetch", first, mirror, "--out", str(out), *NET], capsys=capsys)
    summary = json.loads(printed)
    assert code == 0, err
    assert summary["dataset"] == str(out) and "db" not in summary and "store" not in summary
    assert summary["articles"] == 1 and summary["events"] > 0
    assert [s["reason"] for s in summary["skipped"]] == ["already stored (the same text under another URL)"]
    with DuckStore(out) as ds:
        assert ds.count()["articles"] == 1 and ds.count()["events"] == summary["events"]
        (event, *_) = ds.events()
        assert event.url == first and event.article_title == docs[1]["title"] and event.source == "Loopback Gazette"
    # a second run adds to the dataset: the new link goes in; the first (by its URL) and its mirror (by its text,
    # known from the dataset's own articles table) are skipped
    hits = site.hits["/news/d1.html"]
    code, printed, err = run_cli(main, ["fetch", first, mirror, second, "--out", str(out), *NET], capsys=capsys)
    summary = json.loads(printed)
    assert code == 0, err
    assert summary["articles"] == 1 and [s["reason"] for s in summary["skipped"]] == [
        "already stored (same URL)", "already stored (the same text under another URL)"]
    assert site.hits["/news/d1.html"] == hits
    with DuckStore(out) as ds:
        assert ds.count()["articles"] == 2
        assert {se.url for se in ds.events()} == {first, second}
    # --db and --out together, or a file as the dataset: one line, exit 2
    (tmp_path / "file").write_text("x")
    for argv in (["fetch", first, "--out", str(out), "--db", str(tmp_path / "d.sqlite")],
                 ["fetch", first, "--out", str(tmp_path / "file"), *NET]):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2 and len(err.strip().splitlines()) == 1, err


def test_fetch_faults_one_line_each_the_others_go_on_nothing_stored_touched(tmp_path, site, docs, capsys):
    good = site.add_article("/news/good.html", docs[1])
    first = site.add_article("/news/first.html", docs[2])
    db = str(tmp_path / "db.sqlite")
    assert run_cli(main, ["fetch", first, "--db", db, *NET], capsys=capsys)[0] == 0
    with Store.open(db) as store:
        before = store.article(store.articles()[0]["id"])
        counts = store.count()
    site.routes["/slow.html"] = Route("<html></html>", delay=3)
    site.routes["/gone.html"] = Route("gone", status=410)
    site.routes["/error.html"] = Route("boom", status=503)
    site.routes["/loop-a"] = Route("", status=302, headers={"Location": "/loop-b"})
    site.routes["/loop-b"] = Route("", status=301, headers={"Location": site.url("/loop-a")})
    site.routes["/data.json"] = Route('{"a": 1}', content_type="application/json")
    site.routes["/huge.html"] = Route(stream=21 * 1024 * 1024)
    site.routes["/latin1.html"] = Route(("<html><body><article><p>" + "Caf\u00e9 in Montr\u00e9al reopened. " * 20
                                         + "</p></article></body></html>").encode("latin-1"),
                                        content_type="text/html")
    faults = {"/slow.html": "timed out after 1 s", "/missing.html": "HTTP 404", "/gone.html": "HTTP 410",
              "/error.html": "HTTP 503", "/loop-a": "redirects in a loop", "/data.json": "not an HTML page",
              "/huge.html": "too large", "/latin1.html": "not UTF-8", "/private/secret.html": "robots.txt"}
    urls = [site.url(p) for p in faults] + [good, "file:///etc/passwd"]
    code, out, err = run_cli(main, ["fetch", *urls, "--db", db, "--timeout", "1", *NET], capsys=capsys)
    assert code == 1
    lines = _errors(err)
    assert len(lines) == len(faults) + 1, err
    for path, problem in faults.items():
        (line,) = [x for x in lines if site.url(path) + ":" in x]
        assert problem in line, line
    assert any("file:///etc/passwd: only http and https" in x for x in lines)
    summary = json.loads(out)
    assert summary["articles"] == 1 and len(summary["failed"]) == len(faults) + 1
    assert "/private/secret.html" not in site.hits  # robots.txt said no: never asked
    with Store.open(db) as store:
        assert store.article(before["id"]) == before
        assert store.count()["articles"] == counts["articles"] + 1


def test_a_loopback_link_is_refused_by_name_without_allow_private(tmp_path, site, docs, capsys):
    url = site.add_article("/news/one.html", docs[0])
    db = str(tmp_path / "db.sqlite")
    code, out, err = run_cli(main, ["fetch", url, "--db", db, "--host-delay", "0"], capsys=capsys)
    assert code == 1
    (line,) = _errors(err)
    assert line.startswith(f"python -m timeline: error: {url}: refused: 127.0.0.1 is a private address")
    assert "--allow-private" in line
    assert "/news/one.html" not in site.hits and "/robots.txt" not in site.hits
    assert json.loads(out)["articles"] == 0


def test_every_address_is_checked_dns_rebinding_and_redirects(site, docs):
    site.add_article("/news/one.html", docs[0])
    # A public-looking name that resolves to loopback (a rebinding attack) is refused, not connected to.
    rebinding = Fetcher(resolver=lambda host, port: ["127.0.0.1"])
    with pytest.raises(FetchError, match=r"refused: news\.example\.com is a private address \(127\.0\.0\.1\)"):
        rebinding.get(f"http://news.example.com:{site.server.server_address[1]}/news/one.html")
    assert "/news/one.html" not in site.hits
    # A redirect is a new request with the same check: 127.0.0.1 allowed here, 127.0.0.2 not.
    site.routes["/hop"] = Route("", status=302, headers={"Location": site.url("/news/one.html").replace(
        "127.0.0.1", "127.0.0.2")})
    only_one = Fetcher(allowed=lambda ip: ip == ipaddress.ip_address("127.0.0.1"))
    with pytest.raises(FetchError, match=r"refused: 127\.0\.0\.2 is a private address .*redirected to"):
        only_one.get(site.url("/hop"))
    assert only_one.get(site.url("/news/one.html")).status == 200
    with pytest.raises(FetchError, match="only http and https"):
        Fetcher(allow_private=True).get("ftp://127.0.0.1/x")


def test_feeds_are_read_rss_atom_and_news_sitemaps():
    items = [("http://a.example/1", "One", "2016-02-01"), ("http://a.example/2", "Two", "2016-02-02")]
    for text, kind in ((rss(items), "rss"), (atom(items), "atom"), (news_sitemap(items), "sitemap")):
        got_kind, entries = parse_feed(text.encode())
        assert got_kind == kind
        assert [(e.url, e.title, e.published.isoformat()) for e in entries] == items
    bomb = (b"<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>"
            b"<rss><channel><item><link>&b;</link></item></channel></rss>")
    with pytest.raises(FeedError, match="declares entities"):
        parse_feed(bomb)
    with pytest.raises(FeedError, match="not an XML feed"):
        parse_feed(b"<html><body>hello</body>")


def test_follow_rounds_conditional_requests_each_entry_once_and_retries(tmp_path, site, docs, capsys):
    urls = [site.add_article(f"/news/{i}.html", d) for i, d in enumerate(docs[3:7])]
    items = [(u, d["title"], d["published"]) for u, d in zip(urls, docs[3:7])]
    broken = site.url("/news/broken.html")  # 503 in round 1, an article in round 2
    site.routes["/news/broken.html"] = Route("down", status=503)
    site.routes["/feed.rss"] = Route(rss(items[:2] + [(broken, "Broken", "2016-02-03")]),
                                     content_type="application/rss+xml", etag='"v1"')
    site.routes["/feed.atom"] = Route(atom(items[2:3]), content_type="application/atom+xml",
                                      headers={"Last-Modified": "Mon, 01 Feb 2016 08:00:00 GMT"})
    site.routes["/news-sitemap.xml"] = Route(news_sitemap(items[1:4]), content_type="application/xml", etag='"s1"')
    site.routes["/down.rss"] = Route("down", status=500)
    feeds = [site.url(p) for p in ("/feed.rss", "/feed.atom", "/news-sitemap.xml", "/down.rss")]
    db = str(tmp_path / "db.sqlite")
    code, out, err = run_cli(main, ["follow", *feeds, "--db", db, *NET], capsys=capsys)
    assert code == 1
    (r1,) = [json.loads(line) for line in out.splitlines()]
    assert r1["round"] == 1 and r1["articles"] == 4 and r1["events"] > 0
    status = {f["url"]: f["status"] for f in r1["feeds"]}
    assert status == {feeds[0]: "read", feeds[1]: "read", feeds[2]: "read", feeds[3]: "failed"}
    lines = _errors(err)
    assert any(line.endswith(f"{broken}: HTTP 503 Service Unavailable") for line in lines), err
    assert any(f"{feeds[3]}: HTTP 500" in line and "retried next round" in line for line in lines), err
    assert all(site.hits[f"/news/{i}.html"] == 1 for i in range(4))  # an entry in two feeds: fetched once

    site.add_article("/news/broken.html", docs[7])
    code, out, err = run_cli(main, ["follow", *feeds, "--db", db, "--every", "0s", "--rounds", "3", *NET], capsys=capsys)
    rounds = [json.loads(line) for line in out.splitlines()]
    assert [r["round"] for r in rounds] == [1, 2, 3]
    by_url = {f["url"]: f for f in rounds[0]["feeds"]}
    # the entry that failed is retried though the feed is unchanged (304)
    assert by_url[feeds[0]]["status"] == "unchanged" and by_url[feeds[0]]["articles"] == 1
    assert by_url[feeds[2]]["status"] == "unchanged"  # ETag answered 304
    assert rounds[0]["articles"] == 1
    # the failed feed: failed again in round 1 (its 2nd failure in a row), waits round 2, asked in round 3
    assert [{f["url"]: f["status"] for f in r["feeds"]}[feeds[3]] for r in rounds] == ["failed", "waiting", "failed"]
    assert site.hits["/down.rss"] == 3
    assert site.conditional["/news-sitemap.xml"] == 3 and site.conditional["/feed.rss"] == 3
    assert site.conditional["/feed.atom"] == 3  # If-Modified-Since from its Last-Modified
    assert all(site.hits[f"/news/{i}.html"] == 1 for i in range(4))
    assert site.hits["/news/broken.html"] == 2
    with Store.open(db) as store:
        assert store.count()["articles"] == 5
        log = FeedLog(store)
        state = {f.url: f for f in log.feeds()}
        assert state[feeds[0]].etag == '"v1"' and state[feeds[0]].articles == 3
        assert state[feeds[1]].last_modified == "Mon, 01 Feb 2016 08:00:00 GMT"
        assert state[feeds[3]].last_status == "failed" and state[feeds[3]].failures == 3
        assert all(f.last_read for f in state.values())
        assert {e["url"] for e in log.entries(feeds[0]) if e["done"]} == {urls[0], urls[1], broken}


def test_follow_a_feed_that_is_not_xml_or_too_slow_is_reported_the_others_go_on(tmp_path, site, docs, capsys):
    url = site.add_article("/news/ok.html", docs[8])
    site.routes["/ok.rss"] = Route(rss([(url, docs[8]["title"], docs[8]["published"])]),
                                   content_type="application/rss+xml")
    site.routes["/page.rss"] = Route("<html><body>Not a feed</body></html>")
    site.routes["/broken.rss"] = Route("<rss><channel><item>& no end", content_type="application/rss+xml")
    site.routes["/slow.rss"] = Route(rss([]), delay=3)
    site.routes["/loop.rss"] = Route("", status=302, headers={"Location": "/loop.rss"})
    feeds = [site.url(p) for p in ("/page.rss", "/slow.rss", "/loop.rss", "/broken.rss", "/ok.rss")]
    code, out, err = run_cli(main, ["follow", *feeds, "--db", str(tmp_path / "db.sqlite"), "--timeout", "1", *NET], capsys=capsys)
    assert code == 1
    lines = _errors(err)
    assert len(lines) == 4
    assert any(f"{feeds[0]}: not an RSS, Atom or sitemap feed (root element <html>)" in x for x in lines)
    assert any(f"{feeds[3]}: not an XML feed" in x for x in lines)
    assert any(f"{feeds[1]}: timed out" in x for x in lines)
    assert any(f"{feeds[2]}: redirects in a loop" in x for x in lines)
    assert json.loads(out)["articles"] == 1


def test_usage_errors_are_one_line_exit_2(tmp_path, capsys):
    for argv, says in ((["follow", "http://x.example/f", "--db", str(tmp_path / "d"), "--every", "soon"], "--every"),
                       (["follow", "file:///etc/feed", "--db", str(tmp_path / "d")], "only http and https"),
                       (["fetch", "gopher://x", "--db", str(tmp_path / "d")], "only http and https"),
                       (["fetch", "http://x.example/a", "--db", str(tmp_path / "d"), "--workers", "0"],
                        "--workers 0: give 1 or more")):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2 and len(err.strip().splitlines()) == 1 and says in err
        assert err.startswith("python -m timeline: error: ")


def test_ctrl_c_ends_follow_with_130_and_a_summary(tmp_path, site, docs):
    import signal
    import subprocess
    import sys
    import time

    url = site.add_article("/news/c.html", docs[9])
    site.routes["/c.rss"] = Route(rss([(url, docs[9]["title"], docs[9]["published"])]),
                                  content_type="application/rss+xml")
    proc = subprocess.Popen([sys.executable, "-m", "timeline", "follow", site.url("/c.rss"), "--db",
                             str(tmp_path / "db.sqlite"), "--every", "1h", *NET],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=hears_ctrl_c)
    try:
        first = json.loads(proc.stdout.readline())  # round 1 done; now it sleeps until the next
        assert first["round"] == 1 and first["articles"] == 1
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    last = json.loads(out.strip().splitlines()[-1])
    assert last["interrupted"] is True and last["round"] == 1
    assert "interrupted (Ctrl-C)" in err


def test_a_loopback_host_is_not_paced_others_are():
    import time

    from timeline.follow import HostPacer

    pacer = HostPacer(0.3)
    t = time.monotonic()
    for url in ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b", "http://localhost/c", "http://[::1]/d") * 2:
        pacer.wait(url)
    assert time.monotonic() - t < 0.2  # this machine's own server: no delay
    t = time.monotonic()
    for url in ("http://news.example.org/a", "http://news.example.org/b", "http://news.example.org/c"):
        pacer.wait(url)
    assert time.monotonic() - t >= 0.55  # another's: 0.3 s between two requests


def test_links_analysed_in_two_workers_store_what_one_process_stores_in_order(tmp_path, site, docs, monkeypatch):
    import os
    import sqlite3

    from timeline.follow import HostPacer, LinkReader
    from tests.worker_analysis import CRASH, PID_DIR, analyse_marked

    urls = [site.add_article(f"/w/{i}.html", d) for i, d in enumerate(docs[:10])]
    mirror = site.url("/w/mirror.html")  # the text of /w/2 under another URL, asked while /w/2 is analysed
    site.routes["/w/mirror.html"] = Route(site.routes["/w/2.html"].body.replace(urls[2].encode(), mirror.encode()))
    crash = site.add_article("/w/crash.html", {**docs[10], "text": f"{CRASH}. " + docs[10]["text"]})
    links = urls[:3] + [mirror, site.url("/w/gone.html"), crash] + urls[3:]
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv(PID_DIR, str(pids))  # the spawned workers inherit it
    results, rows = {}, {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.sqlite"
        with Store.open(db) as store:
            reader = LinkReader(store=store, analyse=analyse_marked, fetcher=Fetcher(allow_private=True),
                                pacer=HostPacer(0), analysis_workers=workers)
            results[workers] = [(r.url, r.status, r.article_id, r.reason.split(": ")[-1], r.events)
                                for r in reader.read_all(links)]
        with sqlite3.connect(db) as conn:
            rows[workers] = (conn.execute("SELECT id, title, url, published, text FROM articles ORDER BY rowid").fetchall(),
                             conn.execute("SELECT * FROM events ORDER BY rowid").fetchall())
        seen = {int(p.name) for p in pids.iterdir()}
        assert (seen == {os.getpid()}) if workers == 1 else (seen and os.getpid() not in seen)
        for p in pids.iterdir():
            p.unlink()
    assert results[2] == results[1]
    assert [r[1] for r in results[2]] == ["stored"] * 3 + ["skipped", "failed", "failed"] + ["stored"] * 7
    assert results[2][3][3] == "already stored (the same text under another URL)"
    assert results[2][4][3].startswith("HTTP 404 Not Found")
    assert results[2][5][3] == "tagger crashed on this one)"
    assert rows[2] == rows[1] and len(rows[2][0]) == 10
