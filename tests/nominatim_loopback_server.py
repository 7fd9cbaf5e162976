"""A real HTTP server on 127.0.0.1 that answers like Nominatim's ``/search`` endpoint, for tests.

It is not a mock: the geocoder under test talks HTTP to it through geopy's real adapter. It records
every request (query parameters, headers, arrival time) and can be told to misbehave the ways the
public Nominatim does: answer slowly, answer HTTP 429 (rate limited), 403 (blocked) or 500.

    with NominatimLoopback(PLACES) as server:
        geocoder = OnlineGeocoder(domain=server.domain, scheme="http", ...)
        server.mode = "429"
"""
from __future__ import annotations

import copy
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# "ok", "delay" (answer after ``delay_seconds``), "429" (with Retry-After), or any other HTTP status code.
MODES = ("ok", "delay", "429", "500", "403", "503")


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    params: dict[str, str]  # last value of each query parameter
    headers: dict[str, str]  # header names lower-cased
    at: float  # time.monotonic() on arrival


def place(name: str, country: str, cc: str, lat: str, lon: str, cls: str = "place", typ: str = "city",
          addresstype: str | None = None, place_id: int = 1) -> dict:
    """One result the way Nominatim's format=json&addressdetails=1 spells it (coordinates as strings)."""
    return {
        "place_id": place_id,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": "node",
        "osm_id": place_id * 10,
        "lat": lat,
        "lon": lon,
        "class": cls,
        "type": typ,
        "place_rank": 16,
        "importance": 0.5,
        "addresstype": addresstype or typ,
        "name": name,
        "display_name": f"{name}, {country}" if name != country else country,
        "address": {addresstype or typ: name, "country": country, "country_code": cc},
        "boundingbox": [lat, lat, lon, lon],
    }


class NominatimLoopback:
    """``places`` maps a case-folded query to the list of results Nominatim would give for it."""

    def __init__(self, places: dict[str, list[dict]] | None = None) -> None:
        self.places = {k.casefold(): v for k, v in (places or {}).items()}
        self.mode = "ok"
        self.delay_seconds = 2.0
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> "NominatimLoopback":
        server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))  # port 0: a free port
        server.daemon_threads = True
        server.block_on_close = False  # a handler still "delaying" must not hold up stop()
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="nominatim-loopback", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # cuts any delayed answer short
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "NominatimLoopback":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- what tests look at -----------------------------------------------------------------------

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the server first"
        return self._server.server_address[1]

    @property
    def domain(self) -> str:
        """What to pass as geopy's ``domain`` (with ``scheme="http"``)."""
        return f"127.0.0.1:{self.port}"

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def last(self) -> RecordedRequest:
        with self._lock:
            return self.requests[-1]

    # -- answering --------------------------------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _search(self, params: dict[str, str]) -> tuple[int, object]:
        if params.get("format") != "json":
            return 400, {"error": "only format=json is supported by this loopback server"}
        results = copy.deepcopy(self.places.get(" ".join(params.get("q", "").split()).casefold(), []))
        if params.get("countrycodes"):
            wanted = {c.strip().lower() for c in params["countrycodes"].split(",")}
            results = [r for r in results if r.get("address", {}).get("country_code") in wanted]
        if params.get("addressdetails") != "1":
            for r in results:
                r.pop("address", None)
        limit = int(params.get("limit") or 10)
        return 200, results[:limit]


def _make_handler(server: NominatimLoopback) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "NominatimLoopback/1"

        def do_GET(self) -> None:  # noqa: N802 -- http.server's naming
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            server._record(RecordedRequest(
                path=url.path, params=params,
                headers={k.lower(): v for k, v in self.headers.items()}, at=time.monotonic(),
            ))
            try:
                if url.path != "/search":
                    return self._send(404, {"error": "not found"})
                mode = server.mode
                if mode == "429":
                    return self._send(429, {"error": "Too Many Requests"}, {"Retry-After": "30"})
                if mode.isdigit():  # "500", "403", "503"...: that status with an error body
                    return self._send(int(mode), {"error": f"HTTP {mode}"})
                if mode == "delay":
                    server._stopping.wait(server.delay_seconds)
                status, body = server._search(params)
                self._send(status, body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout): nothing to answer

        def _send(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep pytest output clean; requests are in server.requests

    return Handler
