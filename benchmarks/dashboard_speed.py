"""Dashboard speed and memory: first render, filter / date-window / map-view changes, peak RSS, seeds open time.

    .venv/bin/python benchmarks/dashboard_speed.py [--db PATH | --dataset DIR] [--events N] [--runs 3] [--no-browser]
    .venv/bin/python benchmarks/dashboard_speed.py --curve [--curve-dir data/bench] [--runs 1]

``--dataset DIR`` measures the app on a Parquet dataset (``python -m dashboard --dataset``) instead of the
SQLite store; ``--events N`` builds the store or dataset of N events (make_big_store.py) when it is missing.
``--curve`` prints the growth curve (issue #12): the AppTest figures at 10k / 100k / 1M events on a dataset
and 10k / 100k on SQLite, each store built once under ``--curve-dir`` (the templates analysed once, kept in
``--curve-dir``/templates.json). Issue #12's targets: 1M events on the dataset and 100k on SQLite within
the same limits as below.

Targets (issue #4), checked against the median of ``--runs`` fresh processes:
- a store of 10,000 events from 1,000 articles (built by benchmarks/make_big_store.py at ``--db``, default
  data/bench-1000x10.sqlite, when missing): first render of the app <= 3 s; an actor-filter, date-window or
  map-view change <= 0.5 s of server time; a playback step <= 0.5 s of server time; memory <= 1 GB;
- ``bash scripts/start.sh`` on a fresh, empty store: the page shows the map with the seed markers in < 5 s.

How:
- server time: ``streamlit.testing.v1.AppTest`` runs dashboard/app.py in a fresh Python process per run (so
  Streamlit's caches are cold and the first run pays the imports, as the first visitor of a new server
  does). First render = the first ``at.run()``; each change = the ``run()`` after setting the widget: the
  actor multiselect (pick one, switch to another, clear), the date slider (a year, a month, back to all),
  and the map view (``st_folium``'s returned ``bounds``, set in session state as the component would: a
  box on Europe, one on North America, the world), then playback steps (``play_steps``). Peak RSS is that
  process's ``ru_maxrss``.
- open time: ``bash scripts/start.sh --db FRESH --server.port P`` is started, headless Chromium (Debian's
  /usr/bin/chromium through Playwright, every non-loopback request blocked) opens the page as soon as the
  health check answers, and the clock stops when Leaflet has drawn markers in the map's iframe. Without
  Chromium or Playwright only the health-check time is reported. The same browser measure is also taken on
  the big store (no target: the browser's share of a first render), with the server's peak RSS.
Timings on a shared machine are noisy: the load average is printed with the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
DEFAULT_DB = ROOT / "data" / "bench-1000x10.sqlite"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
TARGETS = {"first_render_s": 3.0, "filter_change_s": 0.5, "window_change_s": 0.5, "bounds_change_s": 0.5,
           "peak_rss_mib": 1024.0, "seeds_open_s": 5.0, "play_step_s": 0.5}

_MARKERS_DRAWN = """() => {
    const g = window.feature_group || [];
    if (!g.length) { return 0; }
    return document.querySelectorAll('path.nm-town, path.nm-area, .marker-cluster').length;
}"""


def own_checkout_env() -> dict:
    """The environment with this checkout first on PYTHONPATH, for the child processes: an editable install
    may point at another checkout (whose store schema may differ)."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- AppTest child --------------------------------------------------------------------------------------------

def child_apptest(db: str, dataset: bool = False) -> dict:
    """One fresh process: first render and the changes, timed; printed as JSON by main()."""
    import re
    from datetime import date, datetime, timedelta, timezone

    os.environ["NEWSMAP_DATASET" if dataset else "NEWSMAP_DB"] = db
    os.environ["MAP_TILES"] = "offline"
    from streamlit import config as st_config
    from streamlit.testing.v1 import AppTest

    st_config.set_option("server.enableStaticServing", True)
    out: dict = {"filter": [], "window": [], "bounds": [], "shown": {}}

    def shown(at) -> str:
        for m in at.markdown:
            hit = re.match(r"Showing \*\*(\d+)\*\* of (\d+) events", m.value)
            if hit:
                return f"{hit.group(1)}/{hit.group(2)}"
        return "?"

    def timed(kind: str, label: str, run) -> None:
        t = time.perf_counter()
        at_ = run()
        out[kind].append(time.perf_counter() - t)
        if at_.exception:
            raise RuntimeError(f"{label}: {[e.value for e in at_.exception]}")
        out["shown"][label] = shown(at_)

    at = AppTest.from_file(str(APP), default_timeout=300)
    t = time.perf_counter()
    at.run()
    out["first_render_s"] = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(f"first run: {[e.value for e in at.exception]}")
    out["shown"]["first"] = shown(at)
    t = time.perf_counter()
    at.run()
    out["rerun_s"] = time.perf_counter() - t

    actors = list(at.sidebar.multiselect(key="f_actors").options)
    a, b = actors[min(3, len(actors) - 1)], actors[min(20, len(actors) - 1)]
    timed("filter", f"actor {a}", lambda: at.sidebar.multiselect(key="f_actors").set_value([a]).run())
    timed("filter", f"actor {b}", lambda: at.sidebar.multiselect(key="f_actors").set_value([b]).run())
    timed("filter", "actors cleared", lambda: at.sidebar.multiselect(key="f_actors").set_value([]).run())

    # "All dates" first: the slider's track is then the whole extent (it opens on a track around the opening
    # window, state.track_for); the apps before it had no such button and always showed the extent.
    if any(b.key == "nm_all" for b in at.sidebar.button):
        timed("window", "all dates", lambda: at.sidebar.button(key="nm_all").click().run())
    slider = at.sidebar.slider(key="f_window")
    # the whole extent (the slider's range; the window may open on part of it, filters.default_window)
    lo, hi = (datetime.fromtimestamp(v / 1e6, tz=timezone.utc).date() for v in (slider.min, slider.max))
    year_start = max(lo, min(hi, date(2016, 1, 1)))
    windows = [(year_start, min(hi, year_start + timedelta(days=365))),
               (year_start, min(hi, year_start + timedelta(days=30))), (lo, hi)]
    for w in windows:
        timed("window", f"window {w[0]}..{w[1]}", lambda w=w: at.sidebar.slider(key="f_window").set_value(w).run())

    def box(s, w, n, e):
        return {"bounds": {"_southWest": {"lat": s, "lng": w}, "_northEast": {"lat": n, "lng": e}},
                "last_object_clicked": None}

    for label, b_ in (("Europe", box(35, -12, 60, 30)), ("North America", box(24, -126, 50, -66)),
                      ("world", box(-85, -180, 85, 180))):
        def run(b_=b_):
            at.session_state["nm_map"] = b_
            return at.run()
        timed("bounds", f"view {label}", run)
    out["play"] = play_steps(at)
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def play_steps(at, steps: int = 3) -> list[float]:
    """Server time of playback steps (issue #10): the run the Play timer asks for once a step is due, which
    moves the date window on and redraws the page (dashboard.playback). Play is switched on first (its own
    run steps at once and is timed too); each later step is made due as the timer's interval passing would."""
    if not any(t.key == "nm_playing" for t in at.sidebar.toggle):
        return []
    times = []
    for i in range(steps + 1):
        if i:
            at.session_state["nm_play_at"] = 0.0
        t = time.perf_counter()
        (at.sidebar.toggle(key="nm_playing").set_value(True) if i == 0 else at).run()
        times.append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(f"play step {i}: {[e.value for e in at.exception]}")
    return times


def run_children(db: Path, runs: int, dataset: bool = False) -> list[dict]:
    results = []
    for i in range(runs):
        env = dict(own_checkout_env(), PYTHONWARNINGS="ignore")
        env.pop("NEWSMAP_DATASET", None)
        proc = subprocess.run([sys.executable, __file__, "--child-apptest", str(db),
                               *(["--child-dataset"] if dataset else [])], cwd=ROOT, capture_output=True,
                              text=True, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"dashboard_speed: AppTest run failed:\n{proc.stderr[-3000:]}")
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        r = results[-1]
        log(f"  AppTest run {i + 1}/{runs}: first {r['first_render_s']:.2f} s, rerun {r['rerun_s']:.2f} s, "
            f"filter {_fmt(r['filter'])}, window {_fmt(r['window'])}, view {_fmt(r['bounds'])}, "
            f"peak {r['peak_rss_mib']:.0f} MiB")
    return results


def _fmt(xs) -> str:
    return "/".join(f"{x:.2f}" for x in xs)


# --- a real server and a browser ----------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


def _peak_rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _stop(proc: subprocess.Popen) -> None:
    """Stop the app (its own process group) and wait for it."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def browser_open(db: Path, browser, *, timeout: float = 120) -> dict:
    """Start `bash scripts/start.sh --db DB` and time it until the map's markers are drawn (or only healthy)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_file = tempfile.NamedTemporaryFile("w+", prefix="dashboard_speed_", suffix=".log", delete=False)
    env = dict(os.environ, MAP_TILES="offline", PYTHONUNBUFFERED="1")
    env.pop("NEWSMAP_DB", None)
    cmd = ["bash", "scripts/start.sh", "--db", str(db), "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.fileWatcherType", "none"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    out: dict = {}
    try:
        while not _healthy(url):
            if proc.poll() is not None:
                raise RuntimeError(f"the app exited with {proc.returncode}: {Path(log_file.name).read_text()[-2000:]}")
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError("the app did not answer its health check in time")
            time.sleep(0.05)
        out["healthy_s"] = time.perf_counter() - t0
        if browser is not None:
            from playwright.sync_api import Error as PlaywrightError

            ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
            ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")) else r.abort())
            page = ctx.new_page()
            page.goto(url)
            # Poll the map's iframe until Leaflet has drawn markers (the iframe may be replaced meanwhile).
            while True:
                frame = next((f for f in page.frames if "st_folium" in f.url), None)
                try:
                    if frame is not None and frame.evaluate(_MARKERS_DRAWN) > 0:
                        break
                except PlaywrightError:
                    pass
                if time.perf_counter() - t0 > timeout:
                    raise RuntimeError("the map drew no markers in time")
                page.wait_for_timeout(40)
            out["markers_s"] = time.perf_counter() - t0
            try:
                out["markers"] = frame.evaluate("""() => { let n = 0; const g = window.feature_group || [];
                    if (g.length) { g[g.length - 1].eachLayer(c => n += c.getLayers ? c.getLayers().length : 1); }
                    return n; }""")
            except PlaywrightError:
                out["markers"] = None
            ctx.close()
        out["server_peak_rss_mib"] = _peak_rss_mib(proc.pid)
    finally:
        _stop(proc)
        log_file.close()
        os.unlink(log_file.name)
    return out


def open_browser():
    """(playwright, browser) or (None, None) with a note when Chromium or Playwright is missing."""
    if not (Path(CHROMIUM).exists() and os.access(CHROMIUM, os.X_OK)):
        log(f"dashboard_speed: no Chromium at {CHROMIUM}; timing the health check only")
        return None, None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        log("dashboard_speed: the playwright package is missing; timing the health check only")
        return None, None
    pw = sync_playwright().start()
    return pw, pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


# --- the stores measured -------------------------------------------------------------------------------------

def ensure_store(path: Path, dataset: bool, events: int, per_article: int, templates: Path | None = None) -> None:
    """Build the SQLite store or dataset of ``events`` events at ``path`` (make_big_store.py) when missing."""
    if path.exists():
        return
    log(f"dashboard_speed: building {path} ({events} events, {per_article} per article)")
    t = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_big_store.py"),
                    "--dataset" if dataset else "--db", str(path), "--events", str(events),
                    "--events-per-article", str(per_article),
                    *(["--templates", str(templates)] if templates else [])],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=own_checkout_env())
    log(f"dashboard_speed: built {path} in {time.perf_counter() - t:.0f} s")


def store_counts(path: Path, dataset: bool) -> dict:
    if dataset:
        from timeline.store.duck import DuckStore

        with DuckStore(path) as store:
            return store.count()
    from timeline.store import Store

    with Store.open(str(path)) as store:
        return store.count()


CURVE_FIGURES = (("first render", "first_render_s", "s"), ("filter change", "filter_change_s", "s"),
                 ("window change", "window_change_s", "s"), ("map-view change", "bounds_change_s", "s"),
                 ("peak RSS", "peak_rss_mib", "MiB"))


def growth_curve(folder: Path, sizes: str, runs: int, per_article: int) -> int:
    """The AppTest figures at each KIND:EVENTS point of ``sizes`` (medians of ``runs`` fresh processes; each
    change the worst of its kind), one table."""
    folder.mkdir(parents=True, exist_ok=True)
    points = []
    for item in sizes.split(","):
        kind, _, n = item.partition(":")
        if kind not in ("dataset", "sqlite") or not n.isdigit():
            raise SystemExit(f"dashboard_speed: --curve-sizes: {item!r} is not dataset:N or sqlite:N")
        points.append((kind, int(n)))
    table = []
    for kind, n in points:
        dataset = kind == "dataset"
        path = folder / (f"ds-{n}" if dataset else f"store-{n}.sqlite")
        ensure_store(path, dataset, n, per_article, folder / "templates.json")
        counts = store_counts(path, dataset)
        load = os.getloadavg()[0]
        results = run_children(path, runs, dataset)
        row = {"kind": kind, "events": counts["events"], "load": load,
               "first_render_s": _median(r["first_render_s"] for r in results),
               "peak_rss_mib": _median(r["peak_rss_mib"] for r in results)}
        for key, src in (("filter_change_s", "filter"), ("window_change_s", "window"), ("bounds_change_s", "bounds")):
            row[key] = max(x for r in results for x in r[src])
        table.append(row)
    print(f"\nGrowth curve (AppTest, fresh process per run, median of {runs}; a change: the worst of its three)")
    heads = " ".join(f"{label:>15}" for label, _, _ in CURVE_FIGURES)
    print(f"{'store':<8} {'events':>9} {heads}  load  verdict")
    for row in table:
        cells = " ".join(f"{row[k]:>13.2f} s" if u == "s" else f"{row[k]:>11.0f} MiB" for _, k, u in CURVE_FIGURES)
        verdict = "PASS" if all(row[k] <= TARGETS[k] for _, k, _ in CURVE_FIGURES) else "SHORT"
        print(f"{row['kind']:<8} {row['events']:>9} {cells}  {row['load']:.2f}  {verdict}")
    print(json.dumps(table))
    return 0


# --- main -----------------------------------------------------------------------------------------------------

def _median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="dashboard_speed.py", description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=str(DEFAULT_DB), help="the big store (built when missing)")
    ap.add_argument("--dataset", help="a Parquet dataset folder to measure instead (built when missing)")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--events", type=int, help="events of the store or dataset to build when it is missing")
    ap.add_argument("--curve", action="store_true", help="the growth curve at 10k/100k/1M events (AppTest only)")
    ap.add_argument("--curve-dir", default=str(ROOT / "data" / "bench"), help="where --curve keeps its stores")
    ap.add_argument("--curve-sizes", default="dataset:10000,dataset:100000,dataset:1000000,sqlite:10000,"
                    "sqlite:100000", help="KIND:EVENTS points of --curve")
    ap.add_argument("--events-per-article", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-browser", action="store_true", help="skip the start.sh / browser measures")
    ap.add_argument("--no-apptest", action="store_true", help="skip the AppTest (server time) measures")
    ap.add_argument("--no-big-browser", action="store_true", help="skip the browser measure on the big store")
    ap.add_argument("--child-apptest", metavar="DB", help=argparse.SUPPRESS)
    ap.add_argument("--child-dataset", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_apptest:
        print(json.dumps(child_apptest(args.child_apptest, args.child_dataset)))
        return 0
    if args.curve:
        return growth_curve(Path(args.curve_dir), args.curve_sizes, args.runs, args.events_per_article)

    dataset = bool(args.dataset)
    db = Path(args.dataset or args.db)
    if not db.exists():
        events = args.events or args.articles * args.events_per_article
        ensure_store(db, dataset, events, args.events_per_article)
    counts = store_counts(db, dataset)
    log(f"dashboard_speed: {'dataset' if dataset else 'store'} {db}: {counts['articles']} articles, "
        f"{counts['events']} events; load {os.getloadavg()[0]:.2f}")

    fig: dict = {}
    worst: dict = {}
    if not args.no_apptest:
        results = run_children(db, args.runs, dataset)
        fig.update({
            "first_render_s": _median(r["first_render_s"] for r in results),
            "rerun_s": _median(r["rerun_s"] for r in results),
            "filter_change_s": _median(x for r in results for x in r["filter"]),
            "window_change_s": _median(x for r in results for x in r["window"]),
            "bounds_change_s": _median(x for r in results for x in r["bounds"]),
            "peak_rss_mib": _median(r["peak_rss_mib"] for r in results),
            "play_step_s": _median(x for r in results for x in r.get("play", [])),
        })
        worst = {k: max(x for r in results for x in r[src]) for k, src in
                 (("filter_change_s", "filter"), ("window_change_s", "window"), ("bounds_change_s", "bounds"))}
        worst["first_render_s"] = max(r["first_render_s"] for r in results)
        worst["peak_rss_mib"] = max(r["peak_rss_mib"] for r in results)
        worst["play_step_s"] = max((x for r in results for x in r.get("play", [])), default=None)

    seeds, big = [], []
    if not args.no_browser and not dataset:
        # "On a machine where setup already ran": the venv and the gazetteer index are ready before the clock.
        subprocess.run(["bash", "scripts/setup.sh"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        pw, browser = open_browser()
        try:
            with tempfile.TemporaryDirectory(prefix="dashboard_speed_") as tmp:
                for i in range(args.runs):
                    r = browser_open(Path(tmp) / f"fresh-{i}.sqlite", browser)
                    seeds.append(r)
                    log(f"  start.sh on a fresh store, run {i + 1}/{args.runs}: healthy {r['healthy_s']:.2f} s"
                        + (f", {r['markers']} seed markers drawn {r['markers_s']:.2f} s" if "markers_s" in r else ""))
            if browser is not None and not args.no_big_browser:
                for i in range(args.runs):
                    r = browser_open(db, browser)
                    big.append(r)
                    log(f"  start.sh on the big store, run {i + 1}/{args.runs}: {r['markers']} markers drawn "
                        f"{r['markers_s']:.2f} s, server peak RSS {r['server_peak_rss_mib']:.0f} MiB")
        finally:
            if browser is not None:
                browser.close()
                pw.stop()
        key = "markers_s" if seeds and "markers_s" in seeds[0] else "healthy_s"
        fig["seeds_open_s"] = _median(r.get(key) for r in seeds)
        worst["seeds_open_s"] = max(r.get(key) for r in seeds)
        fig["seeds_healthy_s"] = _median(r["healthy_s"] for r in seeds)
        if big:
            fig["big_browser_first_markers_s"] = _median(r["markers_s"] for r in big)
            fig["big_server_peak_rss_mib"] = _median(r["server_peak_rss_mib"] for r in big)

    rows = [
        ("first render (AppTest, fresh process)", "first_render_s", "s"),
        ("rerun, nothing changed", "rerun_s", "s"),
        ("actor filter change (server time)", "filter_change_s", "s"),
        ("date-window change (server time)", "window_change_s", "s"),
        ("map-view (bounds) change (server time)", "bounds_change_s", "s"),
        ("play step, window moved on (server time)", "play_step_s", "s"),
        ("peak RSS, AppTest process", "peak_rss_mib", "MiB"),
        ("start.sh -> seed markers drawn" if seeds and "markers_s" in seeds[0] else "start.sh -> health check",
         "seeds_open_s", "s"),
        ("start.sh -> health check answers", "seeds_healthy_s", "s"),
        ("big store: start.sh -> markers drawn (browser)", "big_browser_first_markers_s", "s"),
        ("big store: server peak RSS", "big_server_peak_rss_mib", "MiB"),
    ]
    print(f"\nDashboard on {counts['events']} events from {counts['articles']} articles; median of {args.runs} runs; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    def show(v, unit):
        return "-" if v is None else (f"{v:.2f} s" if unit == "s" else f"{v:.0f} MiB")

    print(f"{'figure':<48} {'median':>9} {'worst':>9} {'target':>10}  verdict")
    for label, key, unit in rows:
        if fig.get(key) is None:
            continue
        target = TARGETS.get(key)
        verdict = ("PASS" if fig[key] <= target else "SHORT") if target is not None else "-"
        print(f"{label:<48} {show(fig[key], unit):>9} {show(worst.get(key), unit):>9} "
              f"{('<= ' + show(target, unit)) if target is not None else '-':>10}  {verdict}")
    summary = {k: round(v, 3) for k, v in fig.items() if v is not None}
    summary.update(events=counts["events"], articles=counts["articles"], runs=args.runs,
                   load=round(os.getloadavg()[0], 2),
                   verdict={k: ("PASS" if summary[k] <= t else "SHORT") for k, t in TARGETS.items() if k in summary})
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
