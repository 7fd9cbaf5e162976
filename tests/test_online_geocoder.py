"""geo.online against a real HTTP server on 127.0.0.1 that answers like Nominatim (no internet, no mocks)."""
from __future__ import annotations

import logging
import socket
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from geopy.geocoders import Nominatim

from geo import feature_codes as fc
from geo.online import DEFAULT_USER_AGENT, OnlineGeocoder, entry_from_nominatim, feature_code_for
from geo.online_cache import SCHEMA_VERSION, TABLE
from geo.records import GazetteerEntry

try:
    from nominatim_loopback_server import NominatimLoopback, place
except ImportError:  # tests/ became a package
    from tests.nominatim_loopback_server import NominatimLoopback, place

PLACES = {
    "Sirte": [{
        "place_id": 101, "lat": "31.2089", "lon": "16.5887", "display_name": "Sirte, Libya",
        "class": "place", "type": "city", "address": {"city": "Sirte", "country": "Libya", "country_code": "ly"},
    }],
    "Tripoli": [
        place("Tripoli", "Lebanon", "lb", "34.4367", "35.8497", place_id=201),
        place("Tripoli", "Libya", "ly", "32.8967", "13.1777", place_id=202),
    ],
    "Benghazi": [place("Benghazi", "Libya", "ly", "32.1167", "20.0667", place_id=301)],
    "Derna": [place("Derna", "Libya", "ly", "32.7670", "22.6367", place_id=401)],
    "Misrata": [place("Misrata", "Libya", "ly", "32.3754", "15.0925", place_id=501)],
    "Ajdabiya": [place("Ajdabiya", "Libya", "ly", "30.7554", "20.2263", place_id=601)],
    "Libya": [place("Libya", "Libya", "ly", "26.8234", "18.1236", cls="boundary", typ="administrative",
                    addresstype="country", place_id=701)],
}

SIRTE = GazetteerEntry(geonameid=None, name="Sirte", lat=31.2089, lon=16.5887, country_code="LY",
                       feature_code=fc.TOWN, population=0, source="nominatim")


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    # geopy honours these; a proxy must never see (or forward) the tests' loopback traffic.
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def server():
    with NominatimLoopback(PLACES) as server:
        yield server


@pytest.fixture
def make_geocoder(server):
    made = []

    def make(**kwargs) -> OnlineGeocoder:
        kwargs.setdefault("domain", server.domain)
        kwargs.setdefault("scheme", "http")
        kwargs.setdefault("timeout", 2.0)
        kwargs.setdefault("min_delay_seconds", 0.0)
        g = OnlineGeocoder(**kwargs)
        made.append(g)
        return g

    yield make
    for g in made:
        g.close()


def warnings_from(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "geo.online" and r.levelno >= logging.WARNING]


# -- answers ----------------------------------------------------------------------------------------

def test_answer_is_mapped_to_a_gazetteer_entry(server, make_geocoder):
    entry = make_geocoder().lookup("Sirte")

    assert entry == SIRTE
    assert server.request_count == 1
    req = server.last
    assert req.path == "/search"
    assert req.params["q"] == "Sirte"
    assert req.params["format"] == "json"
    assert req.params["limit"] == "1"
    assert req.params["addressdetails"] == "1"
    assert req.params["accept-language"] == "en"
    assert "countrycodes" not in req.params


def test_admin_boundary_country_maps_to_pcli(make_geocoder):
    entry = make_geocoder().lookup("Libya")
    assert (entry.name, entry.country_code, entry.feature_code, entry.is_country) == ("Libya", "LY", fc.COUNTRY, True)


@pytest.mark.parametrize(("cls", "typ", "addresstype", "code"), [
    ("place", "city", None, fc.TOWN),
    ("place", "town", None, fc.TOWN),
    ("place", "village", None, fc.TOWN),
    ("place", "hamlet", None, fc.TOWN),
    ("place", "country", None, fc.COUNTRY),
    ("place", "state", None, fc.STATE),
    ("place", "county", None, fc.COUNTY),
    ("place", "sea", None, fc.SEA),
    ("boundary", "administrative", "country", fc.COUNTRY),
    ("boundary", "administrative", "state", fc.STATE),
    ("boundary", "administrative", "city", fc.TOWN),
    ("natural", "sea", None, fc.SEA),
    ("natural", "water", None, fc.LAKE),
    ("aeroway", "aerodrome", None, fc.AIRPORT),
    ("military", "base", None, fc.MILITARY_BASE),
    ("landuse", "military", None, fc.MILITARY_BASE),
    ("amenity", "hospital", None, fc.OSM_OTHER),
    ("place", "something_new", None, fc.OSM_OTHER),
])
def test_osm_class_and_type_map_to_feature_codes(cls, typ, addresstype, code):
    raw = {"class": cls, "type": typ, **({"addresstype": addresstype} if addresstype else {})}
    assert feature_code_for(raw) == code


def test_entry_without_address_or_display_name_uses_the_query():
    entry = entry_from_nominatim({"lat": "1.5", "lon": "-2", "class": "place", "type": "town"},
                                 fallback_name=" Nowhere ")
    assert entry == GazetteerEntry(geonameid=None, name="Nowhere", lat=1.5, lon=-2.0, country_code=None,
                                   feature_code=fc.TOWN, population=0, source="nominatim")


def test_unknown_place_is_none_and_cached_as_a_miss(server, make_geocoder):
    g = make_geocoder()
    assert g.lookup("Atlantis") is None
    assert server.request_count == 1
    # Same key after normalisation (case, spaces): answered from the cache, no second request.
    assert g.lookup("  ATLANTIS ") is None
    assert server.request_count == 1
    assert g.describe()["cache_hits"] == 1
    assert g.enabled


def test_country_codes_are_sent_as_countrycodes_and_are_part_of_the_cache_key(server, make_geocoder):
    g = make_geocoder()

    libya = g.lookup("Tripoli", country_codes=["LY"])
    assert server.last.params["countrycodes"] == "ly"
    assert (libya.country_code, libya.lat) == ("LY", 32.8967)

    lebanon = g.lookup("Tripoli", country_codes=("lb",))
    assert server.last.params["countrycodes"] == "lb"
    assert lebanon.country_code == "LB"
    assert server.request_count == 2

    assert g.lookup("tripoli", country_codes=["ly"]) == libya  # cache hit
    assert server.request_count == 2

    g.lookup("Tripoli", country_codes=["LY", "eg", "ly"])
    assert server.last.params["countrycodes"] == "eg,ly"  # sorted, de-duplicated, lower-case

    with pytest.raises(ValueError):
        g.lookup("Tripoli", country_codes=["Libya"])


def test_user_agent_header_is_the_configured_one(server, make_geocoder):
    make_geocoder(user_agent="my-newsroom-map/2.0 (maps@example.org)").lookup("Sirte")
    assert server.last.headers["user-agent"] == "my-newsroom-map/2.0 (maps@example.org)"

    make_geocoder().lookup("Derna")
    assert server.last.headers["user-agent"] == DEFAULT_USER_AGENT


def test_empty_name_makes_no_request(server, make_geocoder):
    assert make_geocoder().lookup("   ") is None
    assert server.request_count == 0


# -- failures ---------------------------------------------------------------------------------------

def test_timeout_gives_none_one_warning_and_is_not_cached(server, make_geocoder, caplog):
    g = make_geocoder(timeout=0.3)
    server.mode, server.delay_seconds = "delay", 2.0

    t0 = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="geo.online"):
        assert g.lookup("Sirte") is None
    assert time.monotonic() - t0 < 1.5  # gave up at the client timeout, no retries

    (warning,) = warnings_from(caplog)
    assert "Sirte" in warning.getMessage() and "offline" in warning.getMessage()
    assert "TimedOut" in warning.getMessage()
    assert g.enabled  # one failure does not switch it off

    server.mode = "ok"
    assert g.lookup("Sirte") == SIRTE  # the failure was not cached as a miss: asked again
    assert server.request_count == 2


@pytest.mark.parametrize(("status", "error"), [("429", "GeocoderRateLimited"),
                                               ("403", "GeocoderInsufficientPrivileges")])
def test_http_429_or_403_switches_the_geocoder_off(server, make_geocoder, caplog, status, error):
    g = make_geocoder()
    assert g.lookup("Sirte") == SIRTE  # cached before the server starts refusing

    server.mode = status  # 429 = slow down; 403 = how Nominatim blocks a User-Agent
    with caplog.at_level(logging.WARNING, logger="geo.online"):
        assert g.lookup("Benghazi") is None
        assert server.request_count == 2
        assert not g.enabled
        assert error in g.describe()["disabled_reason"]

        server.mode = "ok"  # even if the server recovers, this run asks nothing more
        assert g.lookup("Derna") is None
        assert g.lookup("Benghazi") is None
        assert server.request_count == 2
        assert g.lookup("Sirte") == SIRTE  # cached answers are still served

    (warning,) = warnings_from(caplog)
    assert "switched off" in warning.getMessage() and "offline" in warning.getMessage()


def test_consecutive_server_errors_trip_the_circuit_breaker(server, make_geocoder, caplog):
    g = make_geocoder()  # max_failures=3
    server.mode = "500"
    with caplog.at_level(logging.WARNING, logger="geo.online"):
        assert g.lookup("Sirte") is None
        assert g.lookup("Derna") is None
        server.mode = "ok"
        assert g.lookup("Misrata") is not None  # a success resets the count
        server.mode = "500"
        assert g.lookup("Sirte") is None
        assert g.lookup("Derna") is None
        assert g.enabled
        assert g.lookup("Benghazi") is None  # third in a row
        assert not g.enabled
        assert g.lookup("Ajdabiya") is None
    assert server.request_count == 6
    records = warnings_from(caplog)
    assert len(records) == 5  # one per failed lookup, none once switched off
    assert "switched off" in records[-1].getMessage()
    assert all("switched off" not in r.getMessage() for r in records[:-1])
    assert g.describe()["failures"] == 5


def test_unreachable_server_falls_back_quickly(caplog):
    with socket.socket() as s:  # a port nobody listens on: connection refused, like a dead server
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    g = OnlineGeocoder(domain=f"127.0.0.1:{port}", scheme="http", timeout=2.0, min_delay_seconds=0)
    t0 = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="geo.online"):
        results = [g.lookup(name) for name in ("Sirte", "Derna", "Misrata", "Benghazi")]
    assert results == [None] * 4
    assert time.monotonic() - t0 < 2.0
    assert not g.enabled
    assert g.describe()["requests"] == 3  # the fourth was never tried
    assert len(warnings_from(caplog)) == 3
    g.close()


# -- cache ------------------------------------------------------------------------------------------

def test_cache_survives_a_restart(server, make_geocoder, tmp_path):
    path = tmp_path / "cache" / "nominatim.sqlite"  # the directory is created on demand
    first = make_geocoder(cache_path=path)
    assert first.lookup("Sirte") == SIRTE
    assert first.lookup("Atlantis") is None
    first.close()
    assert server.request_count == 2

    second = make_geocoder(cache_path=path)
    assert second.lookup("sirte") == SIRTE
    assert second.lookup("Atlantis") is None
    assert server.request_count == 2  # nothing asked again
    assert (second.describe()["requests"], second.describe()["cache_hits"]) == (0, 2)

    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        rows = dict(conn.execute(f"SELECT query, answer FROM {TABLE}").fetchall())
    assert rows["atlantis"] is None  # a real miss, stored as NULL
    assert '"Sirte, Libya"' in rows["sirte"]


def test_cache_from_a_newer_version_is_left_alone(server, make_geocoder, tmp_path, caplog):
    path = tmp_path / "nominatim.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with caplog.at_level(logging.WARNING, logger="geo.online"):
        g = make_geocoder(cache_path=path)
    assert g.describe()["cache"] == "memory"
    assert len(warnings_from(caplog)) == 1
    assert g.lookup("Sirte") == SIRTE
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_unreadable_cache_file_falls_back_to_memory(server, make_geocoder, tmp_path, caplog):
    path = tmp_path / "nominatim.sqlite"
    path.write_bytes(b"this is not an SQLite database" * 100)
    with caplog.at_level(logging.WARNING, logger="geo.online"):
        g = make_geocoder(cache_path=path)
        assert g.lookup("Sirte") == SIRTE
    assert g.describe()["cache"] == "memory"
    assert len(warnings_from(caplog)) == 1
    assert path.read_bytes().startswith(b"this is not")  # left untouched


# -- rate limit -------------------------------------------------------------------------------------

class TimedNominatim(Nominatim):
    """The real geopy Nominatim, noting when each request starts (after the rate limiter let it go)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.starts: list[float] = []

    def geocode(self, *args, **kwargs):
        self.starts.append(time.monotonic())
        return super().geocode(*args, **kwargs)


def _assert_spaced(times: list[float], delay: float) -> None:
    """Requests the limiter let go at least ``delay`` apart, as seen a little later by whoever notes them.

    The limiter spaces the moments it hands out; a thread then waits for a core before its request starts
    (and the server's thread before it notes the arrival): on a loaded machine 100 ms and more, so one gap
    can look shorter than the delay by one request's lag. Hence no gap under half the delay (without the
    limiter they are a few ms), and the whole run spread over its delays, late by one lag at most."""
    times = sorted(times)
    assert min(b - a for a, b in zip(times, times[1:])) >= delay / 2, times
    assert times[-1] - times[0] >= (len(times) - 1.5) * delay, times


def test_rate_limiter_spaces_requests(server, make_geocoder):
    delay = 0.4
    nominatim = TimedNominatim(user_agent=DEFAULT_USER_AGENT, domain=server.domain, scheme="http", timeout=10)
    g = make_geocoder(geolocator=nominatim, min_delay_seconds=delay)
    names = ["Sirte", "Derna", "Misrata", "Benghazi"]

    t0 = time.monotonic()
    entries = [g.lookup(name) for name in names]
    elapsed = time.monotonic() - t0

    assert [e.name if e else None for e in entries] == names
    assert server.request_count == len(names)
    assert elapsed >= delay * (len(names) - 1)  # every handed-out moment lies inside the run: exact
    _assert_spaced(nominatim.starts, delay)
    _assert_spaced([r.at for r in server.requests], delay)  # the server saw them spaced too

    t1 = time.monotonic()
    assert g.lookup("Sirte") == entries[0]  # a cache hit is not rate-limited
    assert time.monotonic() - t1 < delay / 2


def test_rate_limit_holds_across_threads(server, make_geocoder):
    delay = 0.4
    nominatim = TimedNominatim(user_agent=DEFAULT_USER_AGENT, domain=server.domain, scheme="http", timeout=10)
    g = make_geocoder(geolocator=nominatim, min_delay_seconds=delay)  # timeout: a slow answer is no failure
    names = ["Sirte", "Derna", "Misrata", "Benghazi"]
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        entries = list(pool.map(g.lookup, names))
    elapsed = time.monotonic() - t0
    assert [e.name if e else None for e in entries] == names
    assert server.request_count == 4
    assert elapsed >= delay * (len(names) - 1)  # four threads at once still took three delays: exact
    _assert_spaced(nominatim.starts, delay)
    _assert_spaced([r.at for r in server.requests], delay)


def test_public_server_refuses_more_than_one_request_per_second():
    with pytest.raises(ValueError):
        OnlineGeocoder(min_delay_seconds=0.5)
    with pytest.raises(ValueError):
        OnlineGeocoder(user_agent="  ")


# -- describe ---------------------------------------------------------------------------------------

def test_describe_and_repr_leak_nothing_sensitive(server, make_geocoder, tmp_path):
    g = make_geocoder(user_agent="secret-app/1.0 (someone@example.org)", cache_path=tmp_path / "c.sqlite")
    g.lookup("Sirte")
    d = g.describe()
    assert d["endpoint"] == f"http://{server.domain}"
    assert d["cache"] == "c.sqlite"
    assert (d["enabled"], d["requests"], d["cache_hits"], d["failures"]) == (True, 1, 0, 0)
    text = repr(g) + repr(d)
    assert "someone@example.org" not in text and "secret-app" not in text
    assert str(tmp_path) not in text
