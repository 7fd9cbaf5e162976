"""Item 7, online: a server trickling its answer is cut off at the timeout in all, and ``--online`` can be
pointed at another Nominatim (``--nominatim-url``). Real HTTP on 127.0.0.1."""
from __future__ import annotations

import json
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from geo.online import OnlineGeocoder
from tests.nominatim_loopback_server import NominatimLoopback, place
from tests.reliability.helpers import run


class _Trickle(BaseHTTPRequestHandler):
    """Headers at once, then one byte of a valid answer every 0.05 s: no single read ever times out."""

    def do_GET(self) -> None:  # noqa: N802 -- http.server's naming
        body = json.dumps([place("Sirte", "Libya", "ly", "31.2", "16.6")]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for k in range(len(body)):
            try:
                self.wfile.write(body[k:k + 1])
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.05)

    def log_message(self, *args) -> None:
        pass


def test_a_trickling_server_is_cut_off_at_the_timeout(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        geocoder = OnlineGeocoder(domain=f"127.0.0.1:{server.server_address[1]}", scheme="http", timeout=1.5,
                                  min_delay_seconds=0, cache_path=tmp_path / "cache.sqlite")
        started = time.monotonic()
        assert geocoder.lookup("Sirte") is None  # fell back, as for any failure
        # the whole answer takes about half a minute at this pace; the lookup ends at the 1.5 s timeout
        assert time.monotonic() - started < 5
        assert geocoder.describe()["failures"] == 1
    finally:
        server.shutdown()
        server.server_close()


def test_online_lookups_go_to_the_nominatim_url(tmp_path, gazetteer):
    # a private cache folder (its answers cache must start empty): the real index copied in, not rebuilt
    shutil.copy2(gazetteer.path, tmp_path / gazetteer.path.name)
    article = tmp_path / "a.txt"
    article.write_text("Militants attacked the town of Bin Jawad and Ras Lanuf, near Wishka in Libya.\n",
                       encoding="utf-8")
    with NominatimLoopback({"Wishka": [place("Wishka", "Libya", "ly", "30.98", "17.71")]}) as server:
        proc = run("geo", "parse", str(article), "--online", "--nominatim-url", f"http://{server.domain}",
                   cache_dir=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert server.request_count >= 1 and server.last.path.startswith("/search")
    places = {p["text"]: p for p in json.loads(proc.stdout)["places"]}
    assert places["Wishka"]["source"] == "nominatim" and places["Wishka"]["lat"] == 30.98


def test_a_bad_nominatim_url_is_one_usage_error(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Talks in Rome.\n", encoding="utf-8")
    proc = run("geo", "parse", str(article), "--online", "--nominatim-url", "ftp://example.org")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "--nominatim-url" in err and len(err.strip().splitlines()) == 1


_LOOKUPS = """
import sys
from geo.online import OnlineGeocoder

g = OnlineGeocoder(domain=sys.argv[1], scheme="http", min_delay_seconds=1.0, cache_path=sys.argv[2])
for n in range(4):
    g.lookup(f"{sys.argv[3]} {n}")  # names no one asked before: each one a request
"""


def test_two_processes_share_the_one_request_per_second_limit(tmp_path):
    import subprocess
    import sys

    from tests.reliability.helpers import ROOT, env

    cache = tmp_path / "nominatim-cache.sqlite"
    with NominatimLoopback({}) as server:
        procs = [subprocess.Popen([sys.executable, "-c", _LOOKUPS, server.domain, str(cache), f"place{k}"],
                                  cwd=ROOT, env=env()) for k in range(2)]
        for proc in procs:
            assert proc.wait(timeout=60) == 0
        arrivals = sorted(r.at for r in server.requests)
    assert len(arrivals) == 8
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    # one schedule for both: a second between requests (less the jitter of a loaded machine); apart, 0.1 s
    assert min(gaps) > 0.5, gaps
