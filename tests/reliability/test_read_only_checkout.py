"""Item 6: the dashboard starts from a checkout nobody can write to, and its store lands outside it.

The checkout is copied as a clone would have it (``git ls-files``) plus the map files setup writes into
``dashboard/static/vendor``, made read-only (``chmod -R a-w``, and immutable with ``chattr +i`` where it
can be: these tests may run as root, whom modes do not stop), and ``python -m dashboard`` is started from it
as a real process with its own data folder (``XDG_DATA_HOME``).
"""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.helpers import ROOT, stop


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _snapshot(root: Path) -> dict[str, tuple[int, float]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime) for p in root.rglob("*")}


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    resp = conn.getresponse()
    return resp.status, resp.read()


@pytest.fixture(scope="module")
def read_only_checkout(tmp_path_factory):
    from dashboard import offline_assets

    offline_assets.sync_assets()  # what scripts/setup.sh does once in the checkout
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    copy = tmp_path_factory.mktemp("ro") / "checkout"
    for rel in filter(None, files.decode().split("\0")):
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, copy / rel)
    shutil.copytree(offline_assets.VENDOR_DIR, copy / "dashboard" / "static" / "vendor")
    subprocess.run(["chmod", "-R", "a-w", str(copy)], check=True)
    immutable = subprocess.run(["chattr", "-R", "+i", str(copy)], capture_output=True).returncode == 0
    if os.geteuid() == 0 and not immutable:
        subprocess.run(["chmod", "-R", "u+w", str(copy)], check=True)
        pytest.skip("running as root and chattr +i is not available: the copy could not be made read-only")
    yield copy
    if immutable:
        subprocess.run(["chattr", "-R", "-i", str(copy)], check=True)
    subprocess.run(["chmod", "-R", "u+w", str(copy)], check=True)


def test_the_dashboard_starts_from_a_read_only_checkout_and_stores_outside_it(read_only_checkout, tmp_path):
    from geo.index import default_cache_dir

    with pytest.raises(OSError):
        (read_only_checkout / "probe").write_text("x")  # the copy really is read-only, for this user too
    before = _snapshot(read_only_checkout)
    data_home = tmp_path / "data-home"
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(read_only_checkout), XDG_DATA_HOME=str(data_home),
               GEO_CACHE_DIR=str(default_cache_dir()), PYTHONUNBUFFERED="1")
    env.pop("NEWSMAP_DB", None)
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "--server.port", str(port)], cwd=read_only_checkout,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    store = data_home / "newsmap" / "newsmap.sqlite"
    try:
        deadline = time.monotonic() + 240
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = _get(port, "/_stcore/health")[0]
                break
            except OSError:
                time.sleep(0.3)
        assert health == 200, "the server did not answer"
        status, page = _get(port, "/")
        assert status == 200 and b"<html" in page.lower()
        # the map's files, served from the read-only checkout's static folder
        status, leaflet = _get(port, "/app/static/vendor/leaflet/leaflet.js")
        assert status == 200 and b"Leaflet" in leaflet
        # the warm-up seeds the store: in the data folder, not in the checkout
        while time.monotonic() < deadline and proc.poll() is None and not _seeded(store):
            time.sleep(0.5)
        assert _seeded(store), "the seeds were not stored in the data folder"
    finally:
        out = stop(proc)
    assert "Traceback" not in out and "warm-up skipped" not in out, out[-2000:]
    assert not (read_only_checkout / "data").exists()
    assert _snapshot(read_only_checkout) == before  # nothing written, nothing touched


def _seeded(store: Path) -> bool:
    import sqlite3

    if not store.is_file():
        return False
    try:
        con = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] > 0
        finally:
            con.close()
    except sqlite3.Error:
        return False


def test_map_files_that_cannot_be_written_are_reported_not_raised(tmp_path, capsys):
    from dashboard import offline_assets

    static = tmp_path / "static"
    static.mkdir()
    static.chmod(0o555)
    immutable = subprocess.run(["chattr", "+i", str(static)], capture_output=True).returncode == 0
    try:
        if os.geteuid() == 0 and not immutable:
            pytest.skip("running as root and chattr +i is not available")
        status = offline_assets.sync_assets(static)  # raised PermissionError: the app failed to start
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(static)], check=True)
        static.chmod(0o755)
    assert status["leaflet"] is False and status["markercluster"] is False
    err = capsys.readouterr().err
    assert "cannot write the map's files" in err and "scripts/setup.sh" in err and len(err.splitlines()) == 1
    assert list(static.iterdir()) == []


def test_current_map_files_are_left_alone(tmp_path):
    from dashboard import offline_assets

    offline_assets.sync_assets(tmp_path)
    before = _snapshot(tmp_path)
    time.sleep(0.05)
    status = offline_assets.sync_assets(tmp_path)
    assert status["leaflet"] and status["markercluster"]
    assert _snapshot(tmp_path) == before  # nothing rewritten at start when setup already wrote them
