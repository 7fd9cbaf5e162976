"""The dashboard and the web (#24), in Chromium: "Add by link" fetches a page from a loopback server and its events
show; with the dashboard open, `python -m timeline follow` adds articles and they appear without a reload, the
reader's filter kept, marked "new since you opened", and the sidebar lists the feed.

The app is started here (its own store, NEWSMAP_ALLOW_PRIVATE=1 so it may fetch from 127.0.0.1); the browser
conftest's ``page`` fixture and its settle()/act() synchronise with it.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import act, free_port, settle
from map_probe import body_has, brush, map_view, markers
from tests.feeds_loopback_server import LoopbackSite, Route, corpus_articles, rss

ROOT = Path(__file__).resolve().parents[2]
WAIT = 120_000  # ms: the first run loads the models and seeds the store


@pytest.fixture(scope="module")
def site():
    with LoopbackSite() as s:
        s.routes["/robots.txt"] = Route("User-agent: *\nAllow: /\n", content_type="text/plain")
        yield s


@pytest.fixture(scope="module")
def app(chromium_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feeds_app")
    db = tmp / "events.sqlite"
    port = free_port()
    env = dict(os.environ, MAP_TILES="offline", PYTHONUNBUFFERED="1", NEWSMAP_ALLOW_PRIVATE="1")
    env.pop("NEWSMAP_DB", None)
    log = open(tmp / "streamlit.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                             "--server.headless", "true", "--browser.gatherUsageStats", "false",
                             "--server.enableStaticServing", "true", "--server.address", "127.0.0.1",
                             "--server.port", str(port), "--server.fileWatcherType", "none", "--", "--db", str(db)],
                            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, (tmp / "streamlit.log").read_text()
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "streamlit did not come up"
            time.sleep(0.5)
        yield url, db
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_add_by_link_fetches_the_page_and_shows_its_events(page, app, site):
    """Before dashboard.link_job the fetch ran inside the script run, which a rerun asked for meanwhile (the
    map reporting its view) cut short: the page was stored, but no message came and the form's press was lost."""
    url, db = app
    doc = corpus_articles(20)[10]
    link = site.add_article("/link/one.html", doc)
    page.goto(url)
    settle(page)
    page.get_by_text("Add by link").first.click()
    box = page.get_by_label("Link to a news page (http or https)")
    box.wait_for(timeout=WAIT)
    box.fill(link)
    act(page, lambda: page.get_by_role("button", name="Fetch and add").click(), map=False)
    # the job runs on while the page stays usable; its message comes with the run after it ends
    said = re.escape(f"Added “{doc['title']}” from the link: ") + r"\d+ events"
    body_has(page, said, timeout=WAIT)
    settle(page)
    assert site.hits["/link/one.html"] == 1
    # the message lasts over the reruns that follow (it was one run's, gone with the map's refit, unread)
    act(page, lambda: page.get_by_role("button", name="All dates").click())
    assert re.search(said, page.locator("body").inner_text())
    # its events are listed, each card linking to the page (the date window moved onto them if need be)
    show = page.get_by_role("button", name=re.compile(r"Show the added article's dates"))
    if show.count():
        act(page, lambda: show.first.click())
    page.get_by_role("link", name=doc["title"]).first.wait_for(timeout=WAIT)
    assert page.get_by_role("link", name=doc["title"]).first.get_attribute("href") == link


def _in_window(doc: dict, day: str) -> dict:
    """``doc`` published on ``day``: its events fall in the seeds' weeks, under the reader's brush."""
    return dict(doc, published=day)


def test_open_dashboard_shows_what_follow_adds_without_a_reload(page, app, site):
    url, db = app
    docs = [_in_window(d, "2016-01-20") for d in corpus_articles(20)[12:14]]
    links = [site.add_article(f"/feed/{i}.html", d) for i, d in enumerate(docs)]
    site.routes["/feed.rss"] = Route(rss([(u, d["title"], d["published"]) for u, d in zip(links, docs)]),
                                     content_type="application/rss+xml", etag='"one"')
    page.goto(url)
    frame = settle(page)
    page.evaluate("window.__notReloaded = true")
    # the reader's view: a brush on the timeline, the map moved onto the United States, a sidebar filter
    frame = brush(page, 0.3, 0.95)
    brushed = re.search(r"Date window: (\S+) to (\S+) \(brushed\)", page.locator("body").inner_text()).groups()
    frame = act(page, lambda: frame.evaluate("() => window.map.setView([39, -96], 4, {animate: false})"))
    view = map_view(frame)
    act(page, lambda: page.get_by_text("Needs review only", exact=True).click(), map=False)
    assert page.get_by_role("checkbox", name="Needs review only").is_checked()
    frame = settle(page)
    assert "new since you opened" not in page.locator("body").inner_text()
    done = subprocess.run([sys.executable, "-m", "timeline", "follow", site.url("/feed.rss"), "--db", str(db),
                           "--allow-private", "--host-delay", "0"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1])["articles"] == 2
    came = time.monotonic()
    # within the refresh interval (10 s) and the run it starts (tens of seconds on a loaded machine)
    feed = page.get_by_role("link", name=site.url("/feed.rss"), exact=True)  # the URL as the reader typed it
    feed.wait_for(timeout=90_000)
    print(f"the feed showed {time.monotonic() - came:.1f} s after follow ended")
    assert feed.get_attribute("href") == site.url("/feed.rss")
    assert page.evaluate("window.__notReloaded === true")
    assert page.get_by_role("checkbox", name="Needs review only").is_checked()
    frame = act(page, lambda: page.get_by_text("Needs review only", exact=True).click())  # the filter off
    assert page.evaluate("window.__notReloaded === true")
    text = page.locator("body").inner_text()
    assert re.search(r"Date window: (\S+) to (\S+) \(brushed\)", text).groups() == brushed  # brush kept
    now = map_view(frame)
    assert abs(now["lat"] - view["lat"]) < 0.5 and abs(now["lng"] - view["lng"]) < 0.5, (view, now)  # view kept
    assert now["zoom"] == view["zoom"], (view, now)
    assert "in the map view" in text
    # the new articles' events, marked on the list and on the map
    assert "● new since you opened" in text
    assert re.search(r"\d+ new since you opened: their tooltips say so", text)
    assert any("new since you opened" in t for t in markers(frame)["tips"])
