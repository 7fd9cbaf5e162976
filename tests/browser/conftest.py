"""Fixtures for the browser tests: a real `streamlit run` on loopback and Debian's headless Chromium.

Skips (with the reason) where /usr/bin/chromium or the playwright package is missing. The browser
context aborts every request that is not to the loopback app and records it, so the tests prove the
page works with no internet and can assert nothing tried to reach a CDN.
"""
from __future__ import annotations

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path():
    if not (Path(CHROMIUM).exists() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def app_url(chromium_path, tmp_path_factory):
    """Start the dashboard on a free loopback port with a fresh store; stop it after the session."""
    tmp = tmp_path_factory.mktemp("browser_app")
    port = _free_port()
    env = dict(os.environ, MAP_TILES="offline", PYTHONUNBUFFERED="1")
    env.pop("NEWSMAP_DB", None)
    log = open(tmp / "streamlit.log", "w")
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
           "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.enableStaticServing", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
           "--", "--db", str(tmp / "events.sqlite")]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}: {(tmp / 'streamlit.log').read_text()}")
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
