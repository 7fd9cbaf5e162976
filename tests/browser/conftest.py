"""Fixtures for the browser tests: a real `streamlit run` on loopback and Debian's headless Chromium.

Skips (with the reason) where /usr/bin/chromium or the playwright package is missing. The browser
context aborts every request that is not to the loopback app and records it, so the tests prove the
page works with no internet and can assert nothing tried to reach a CDN.
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
