"""Fixtures for the browser tests: a real `streamlit run` on loopback and Debian's headless Chromium.

Skips (with the reason) where /usr/bin/chromium or the playwright package is missing. The browser
context aborts every request that is not to the loopback app and records it, so the tests prove the
page works with no internet and can assert nothing tried to reach a CDN.

Synchronisation with the app (one way, for every browser test): ``settle(page)`` waits until the app is at
rest (no script run, connected, the page and the map's iframe unchanged for a quiet moment, the map drawn and
no rerun started meanwhile) and returns the map's current frame; ``act(page, action)`` does something that
makes the app rerun, waits for that rerun to start, then settles. Elements are found afresh after each (by
role, text or test id); no element handle or frame is kept across a rerun, and no fixed sleep stands in for
a wait.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path():
    if not (Path(CHROMIUM).exists() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    return CHROMIUM


@contextlib.contextmanager
def serving(cmd: list[str], env: dict, log_path: Path):
    """Run ``cmd`` (a Streamlit server) from the repository root; once its health check answers, yield its URL.

    The server is stopped (and its log closed) when the ``with`` block ends."""
    log = open(log_path, "w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    port = cmd[cmd.index("--server.port") + 1]
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}: {log_path.read_text()}")
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit did not come up within 60 s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextlib.contextmanager
def fresh_app(tmp: Path, app_args: list[str] | None = None):
    """The dashboard on a free loopback port with a fresh store in ``tmp`` (or what ``app_args`` name:
    ``["--dataset", DIR]``, ``["--db", FILE]``); yields its URL."""
    env = dict(os.environ, MAP_TILES="offline", PYTHONUNBUFFERED="1")
    env.pop("NEWSMAP_DB", None)
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
           "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.enableStaticServing", "true",
           "--server.address", "127.0.0.1", "--server.port", str(free_port()), "--server.fileWatcherType", "none",
           "--", *(app_args or ["--db", str(tmp / "events.sqlite")])]
    with serving(cmd, env, tmp / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def app_url(chromium_path, tmp_path_factory):
    """Start the dashboard on a free loopback port with a fresh store; stop it after the session."""
    with fresh_app(tmp_path_factory.mktemp("browser_app")) as url:
        yield url


@pytest.fixture(scope="module")
def own_app_url(chromium_path, tmp_path_factory):
    """An app of this test module's own (a fresh store), for tests that add articles the others must not see."""
    with fresh_app(tmp_path_factory.mktemp("own_app")) as url:
        yield url


@pytest.fixture(scope="session")
def plain_run(chromium_path, tmp_path_factory):
    """``streamlit run dashboard/app.py`` from the root exactly as a Streamlit user types it (a port only).

    Everything else must come from the project: .streamlit/config.toml and the app itself. HOME is a fresh
    directory so no ~/.streamlit of this machine helps, STREAMLIT_* variables are dropped for the same reason,
    and the store (NEWSMAP_DB) is a fresh file; the gazetteer cache stays where it is (a rebuild is slow and
    beside the point). Yields (url, log path)."""
    from geo.index import default_cache_dir

    # `streamlit run` puts dashboard/, not the root, on sys.path: the app imports the installed packages, and
    # an editable install of another checkout would serve that checkout's code.
    where = "import os, dashboard; print(os.path.realpath(dashboard.__file__))"
    installed = subprocess.run([sys.executable, "-I", "-c", where], capture_output=True, text=True).stdout.strip()
    if installed != str((ROOT / "dashboard" / "__init__.py").resolve()):
        pytest.fail(f"the dashboard package installed in {sys.prefix} is {installed or 'missing'}, "
                    "not this checkout's: run bash scripts/setup.sh")
    tmp = tmp_path_factory.mktemp("plain_run")
    (tmp / "home").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_") and k not in ("MAP_TILES",)}
    env.update(HOME=str(tmp / "home"), NEWSMAP_DB=str(tmp / "events.sqlite"), GEO_CACHE_DIR=str(default_cache_dir()),
               PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(free_port())]
    with serving(cmd, env, tmp / "streamlit.log") as url:
        yield url, tmp / "streamlit.log"


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        yield b
        b.close()


# Installed in every document of the browser context (the app and the map's iframe) before its own scripts:
# counts Streamlit's script runs (stApp's data-test-script-state turning to "running") and notes when the
# document last changed (any mutation outside the status widget, whose running icon animates).
_WATCH_JS = """(() => {
    if (window.__nmSettle) { return; }
    const s = window.__nmSettle = {runs: 0, state: '', changed: performance.now()};
    const look = () => {
        const app = document.querySelector('[data-testid="stApp"]');
        if (!app) { return; }
        const run = app.getAttribute('data-test-script-state') || '';
        const now = run + '/' + (app.getAttribute('data-test-connection-state') || '');
        if (now !== s.state) {
            if (run === 'running' && !s.state.startsWith('running/')) { s.runs += 1; }
            s.state = now;
            s.changed = performance.now();
        }
    };
    new MutationObserver(records => {
        look();
        if (records.some(r => { const e = r.target.nodeType === 1 ? r.target : r.target.parentElement;
                                return !(e && e.closest && e.closest('[data-testid="stStatusWidget"]')); })) {
            s.changed = performance.now();
        }
    }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();"""

# The app is at rest: connected, no script run going or asked for, no running icon, and no change for ``quiet`` ms.
_AT_REST_JS = """(quiet) => {
    const s = window.__nmSettle, app = document.querySelector('[data-testid="stApp"]');
    if (!s || !app) { return false; }
    if (app.getAttribute('data-test-script-state') !== 'notRunning') { return false; }
    if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') { return false; }
    if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')) { return false; }
    return performance.now() - s.changed >= quiet;
}"""

# The map's document has Leaflet's markers (or count cells) and has not changed for ``quiet`` ms.
_MAP_AT_REST_JS = """(quiet) => {
    const s = window.__nmSettle;
    if (!s || !window.map || !window.feature_group || !window.feature_group.length) { return false; }
    if (window.map._animatingZoom || (window.map._panAnim && window.map._panAnim._inProgress)) { return false; }
    return performance.now() - s.changed >= quiet;
}"""

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SETTLE_TIMEOUT = 120_000  # ms: a rerun on a machine at load 6 can take tens of seconds
QUIET = 400  # ms with nothing changing that counts as "at rest"


def watch(ctx) -> None:
    """Install the settle watcher (``_WATCH_JS``) in every document the browser context ``ctx`` opens: ``settle``
    and ``act`` read it. For pages made outside the ``page`` fixture (benchmarks/browser_speed.py)."""
    ctx.add_init_script(script=_WATCH_JS)


def runs(page) -> int:
    """How many script runs this page has seen start (see ``_WATCH_JS``)."""
    return page.evaluate("() => window.__nmSettle ? window.__nmSettle.runs : 0")


# The page's (last) map iframe has its document, with Leaflet's map and markers (or count cells) on it.
_MAP_DRAWN_JS = """(sel) => {
    const all = document.querySelectorAll(sel), f = all[all.length - 1];
    let w = null;
    try { w = f && f.contentWindow; } catch (e) { return false; }
    return !!(w && w.map && w.feature_group && w.feature_group.length > 0);
}"""


def _map_frame_now(page):
    """The frame of the map's iframe as the page holds it now (the last one, should a rerun be adding one), or
    None while a rerun is replacing it."""
    from playwright.sync_api import Error

    try:
        handle = page.locator(MAP_IFRAME).last.element_handle(timeout=1_000)
        return handle.content_frame() if handle else None
    except Error:
        return None


def _gone(exc: Exception) -> bool:
    """``exc`` says the element, frame or document waited on was replaced (by a rerun) meanwhile."""
    return any(w in str(exc) for w in ("detached", "not attached", "context was destroyed", "Frame was detached"))


def settle(page, *, map: bool = True, quiet: int = QUIET, timeout: int = SETTLE_TIMEOUT):
    """Wait until the app is at rest and return the map's frame (None with ``map=False``).

    At rest: Streamlit's script is not running (stApp's ``data-test-script-state`` is ``notRunning``, connected,
    no running icon in the status widget) and the page has not changed for ``quiet`` ms; with ``map`` also the
    map's iframe has drawn its markers and not changed for ``quiet`` ms, and no script run started while the map
    was waited for (the map reports its bounds when drawn, which reruns the app: then it all starts again). The
    frame returned is the one of this moment; after the next rerun, settle again for the current one."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout / 1000

    def left() -> float:
        ms = (deadline - time.monotonic()) * 1000
        if ms <= 0:
            raise AssertionError(f"the app did not settle within {timeout / 1000:.0f} s "
                                 f"({page.evaluate('() => window.__nmSettle && window.__nmSettle.state')})")
        return ms

    def at_rest() -> None:
        from playwright.sync_api import TimeoutError as Timeout

        try:
            page.wait_for_function(_AT_REST_JS, arg=quiet, timeout=left())
        except Timeout:  # say why: a script run that does not end, or a page that keeps changing
            state = page.evaluate("() => window.__nmSettle && [window.__nmSettle.state, window.__nmSettle.runs,"
                                  " Math.round(performance.now() - window.__nmSettle.changed)]")
            raise AssertionError(f"the app did not come to rest within {timeout / 1000:.0f} s: [script/connection "
                                 f"state, runs seen, ms since the page last changed] = {state}") from None

    while True:
        at_rest()
        if not map:
            return None
        before = runs(page)
        try:
            page.wait_for_function(_MAP_DRAWN_JS, arg=MAP_IFRAME, timeout=left())
            frame = _map_frame_now(page)
            if frame is None:
                continue
            frame.wait_for_function(_MAP_AT_REST_JS, arg=quiet, timeout=left())
            at_rest()
        except Error as exc:  # the iframe was replaced by a rerun while being waited for: wait for the new one
            if not _gone(exc):
                raise
            continue
        if runs(page) == before and not frame.is_detached() and frame == _map_frame_now(page):
            return frame


# From now on, note whether the page's text ever matches the regular expression ``p`` (a message the app shows
# for one run only, gone after the next rerun, is still seen).
_RECORD_JS = """(p) => {
    const re = new RegExp(p), saw = window.__nmSaw = window.__nmSaw || {};
    saw[p] = false;
    const o = new MutationObserver(() => {
        if (document.body && re.test(document.body.innerText)) { saw[p] = true; o.disconnect(); }
    });
    o.observe(document, {subtree: true, childList: true, characterData: true});
}"""


def act(page, action: Callable[[], object], *, says: str | None = None, map: bool = True,
        timeout: int = SETTLE_TIMEOUT):
    """Do ``action`` (a click, a key, a map move: something the app answers with a rerun), wait until that rerun
    has started, then ``settle``; return what ``settle`` returns. With ``says`` (a regular expression), the page's
    text must have matched it at some moment since the action (a message shown once, for one run). Find the
    elements afterwards afresh."""
    before = runs(page)
    if says is not None:
        page.evaluate(_RECORD_JS, says)
    action()
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function("(n) => window.__nmSettle && window.__nmSettle.runs > n", arg=before, timeout=timeout)
    except Timeout:
        raise AssertionError(f"the app did not rerun within {timeout / 1000:.0f} s of the action") from None
    frame = settle(page, map=map, timeout=timeout)
    if says is not None:
        page.wait_for_function("(p) => window.__nmSaw[p] || new RegExp(p).test(document.body.innerText)",
                               arg=says, timeout=30_000)
    return frame


class Offline:
    """What the page tried to reach outside loopback, and any JS dialogs it opened."""

    def __init__(self):
        self.blocked: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
    seen = Offline()

    def route(r):
        u = r.request.url
        if u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            r.continue_()
        else:
            seen.blocked.append(u)
            r.abort()

    ctx.route("**/*", route)
    watch(ctx)
    pg = ctx.new_page()

    def on_dialog(d):
        seen.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.offline = seen
    ARTIFACTS.mkdir(exist_ok=True)
    yield pg
    ctx.close()
    assert seen.dialogs == [], f"a dialog opened: {seen.dialogs}"
    assert seen.blocked == [], f"requests left loopback: {seen.blocked}"
