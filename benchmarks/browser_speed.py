"""What a reader waits for in the browser (issue #21): the first map, an actor filter, a map drag, a timeline
brush, a Step and opening evidence, each timed in headless Chromium from the action until the page has settled.

    .venv/bin/python -m benchmarks.browser_speed [--db PATH | --dataset DIR] [--events N] [--runs 3]

``dashboard_speed.py`` times the server's part of a change (AppTest, no browser); a reader also waits for the
browser to take the new page, rebuild the map's frame and draw it. Here each run starts a fresh server
(``streamlit run dashboard/app.py``, cold caches, as the first visitor of a new server meets it) on a free
loopback port and opens it in Debian's Chromium (Playwright; every request off loopback is aborted), then:

- first map: from ``page.goto`` until the page and the map's document have come to rest;
- actor: the sidebar's actor box, the first actor of its list chosen (the clock starts at the Enter that picks it);
- actor cleared: the same box emptied again;
- drag: the map dragged by a third of its width (mouse down, move, up);
- brush: a brush over the middle fifth of the timeline;
- Step: the sidebar's "▶ Step";
- evidence: the first card's "Show evidence".

"Come to rest" is the browser tests' own definition (``tests/browser/conftest.settle``): Streamlit's script is
not running, the map is drawn, nothing changed for a quiet moment, and no rerun started meanwhile (the map
reporting its new view reruns the app: that wait is the reader's too). The time reported ends at the last
change seen before that quiet moment (in the page or the map's frame), so the quiet moment itself is not
counted. The load average is printed with the figures: timings on a shared machine are noisy.

Targets (issue #21): on 10,000 events (``data/bench-1000x10.sqlite``, built by make_big_store.py when missing)
the first map <= 3 s and each change <= 0.5 s; on a 1,000,000-event dataset the first map <= 4 s and each change
<= 1 s.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.dashboard_speed import CHROMIUM, DEFAULT_DB, ensure_store
from tests.browser.conftest import LAUNCH_ARGS, MAP_IFRAME, act, fresh_app, settle, watch

ACTIONS = ("first_map", "actor", "actor_cleared", "drag", "brush", "step", "evidence")
TARGETS = {"sqlite": {"first_map": 3.0, "change": 0.5}, "dataset": {"first_map": 4.0, "change": 1.0}}

# The epoch time (ms) of the last change this document's settle watcher saw (conftest's _WATCH_JS).
_LAST_CHANGE_JS = "() => window.__nmSettle ? performance.timeOrigin + window.__nmSettle.changed : 0"
_NOW_JS = "() => performance.timeOrigin + performance.now()"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def waited(page, frame, t0_ms: float) -> float:
    """Seconds from ``t0_ms`` (epoch ms) to the last change of the page or of the map's ``frame``."""
    last = page.evaluate(_LAST_CHANGE_JS)
    if frame is not None:
        last = max(last, frame.evaluate(_LAST_CHANGE_JS))
    return max(0.0, (last - t0_ms) / 1000)


def timed_action(page, action) -> float:
    """Do ``action`` (one that reruns the app), wait until the page has settled, and return the reader's wait."""
    t0 = page.evaluate(_NOW_JS)
    frame = act(page, action)
    return waited(page, frame, t0)


def pick_actor(page) -> float:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    settle(page, map=False)
    box.click()
    option = page.get_by_role("option").first
    option.wait_for(timeout=30_000)
    return timed_action(page, lambda: page.keyboard.press("Enter"))


def clear_actor(page) -> float:
    page.keyboard.press("Escape")
    settle(page)
    clear = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.get_by_role(
        "button", name="Clear all")
    return timed_action(page, lambda: clear.click())


def drag_map(page) -> float:
    box = page.locator(MAP_IFRAME).last.bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5

    def drag():
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - box["width"] / 3, y + 20, steps=10)
        page.mouse.up()

    return timed_action(page, drag)


def brush_timeline(page) -> float:
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.4

    def drag():
        page.mouse.move(box["x"] + box["width"] * 0.4, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=8)
        page.mouse.up()

    return timed_action(page, drag)


def one_run(browser, url: str) -> dict:
    """One reader's session on a freshly started server: each action's wait in seconds."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")) else r.abort())
    watch(ctx)
    page = ctx.new_page()
    try:
        out = {}
        t0 = time.time() * 1000
        page.goto(url)
        frame = settle(page)
        out["first_map"] = waited(page, frame, t0)
        out["actor"] = pick_actor(page)
        out["actor_cleared"] = clear_actor(page)
        out["drag"] = drag_map(page)
        out["brush"] = brush_timeline(page)
        out["step"] = timed_action(page, lambda: page.get_by_role("button", name="▶ Step").click())
        out["evidence"] = timed_action(page, lambda: page.get_by_role("button", name="Show evidence").first.click())
        return out
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="browser_speed", description=__doc__.split("\n\n")[0])
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--db", help=f"the SQLite store (default {DEFAULT_DB.relative_to(DEFAULT_DB.parents[1])}, "
                                    "built when missing)")
    where.add_argument("--dataset", help="a Parquet dataset folder (built when missing)")
    ap.add_argument("--events", type=int, default=10_000, help="events of a store or dataset built when missing")
    ap.add_argument("--runs", type=int, default=3, help="fresh servers, one reader's session each (median)")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if not (Path(CHROMIUM).exists() and os.access(CHROMIUM, os.X_OK)):
        ap.exit(1, f"browser_speed: error: no Chromium at {CHROMIUM} (apt-get install -y chromium)\n")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        ap.exit(1, "browser_speed: error: the playwright package is missing (bash scripts/setup.sh)\n")
    dataset = args.dataset is not None
    path = Path(args.dataset or args.db or DEFAULT_DB).resolve()
    ensure_store(path, dataset, args.events, 10)
    runs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for i in range(args.runs):
                with tempfile.TemporaryDirectory(prefix="browser_speed_") as tmp, \
                        fresh_app(Path(tmp), ["--dataset" if dataset else "--db", str(path)]) as url:
                    load = os.getloadavg()[0]
                    r = one_run(browser, url)
                    r["load"] = round((load + os.getloadavg()[0]) / 2, 2)
                runs.append(r)
                log(f"  run {i + 1}/{args.runs} (load {r['load']:.1f}): "
                    + ", ".join(f"{a} {r[a]:.2f} s" for a in ACTIONS))
        finally:
            browser.close()
    targets = TARGETS["dataset" if dataset else "sqlite"]
    median = {a: round(statistics.median(r[a] for r in runs), 3) for a in ACTIONS}
    met = {a: median[a] <= (targets["first_map"] if a == "first_map" else targets["change"]) for a in ACTIONS}
    print(json.dumps({"store": str(path), "dataset": dataset, "runs": len(runs), "median_s": median,
                      "targets_s": targets, "met": met, "load": [r["load"] for r in runs],
                      "each_run_s": [{a: round(r[a], 3) for a in ACTIONS} for r in runs]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
