"""Optional online geocoding (OpenStreetMap Nominatim) for place mentions the offline gazetteer cannot place.

The geoparser is offline-first: this module is only used when the user asks for it (``--online``), and
it must never make an offline run worse. Hence:

* every answer -- including "no such place" -- is kept in a SQLite cache (``geo.online_cache``), so a
  name is asked at most once, ever;
* requests are spaced by a clock-based rate limiter (geopy's ``RateLimiter``): the public Nominatim
  allows at most one request per second (https://operations.osmfoundation.org/policies/nominatim/);
* any failure (no network, timeout, HTTP 429/5xx, a malformed answer) makes ``lookup`` return ``None``
  with one warning, so the caller just keeps its offline result;
* a circuit breaker switches the geocoder off for the rest of the run after a 429/403 or a few failures
  in a row, so an offline laptop pays for at most a few timeouts, not one per mention.
"""
from __future__ import annotations

import functools
import ipaddress
import logging
import math
import threading
import time
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from geopy.adapters import RequestsAdapter, URLLibAdapter
from geopy.exc import (
    GeocoderAuthenticationFailure,
    GeocoderInsufficientPrivileges,
    GeocoderQuotaExceeded,
    GeocoderRateLimited,
    GeocoderTimedOut,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from geo import feature_codes as fc
from geo.exc import GeocoderAnswerError
from geo.online_cache import NOT_CACHED, AnswerCache
from geo.records import GazetteerEntry

__all__ = [
    "DEFAULT_DOMAIN",
    "DEFAULT_USER_AGENT",
    "OnlineGeocoder",
    "entry_from_nominatim",
    "feature_code_for",
]

logger = logging.getLogger("geo.online")

DEFAULT_DOMAIN = "nominatim.openstreetmap.org"
# Nominatim's usage policy requires a User-Agent that identifies the application; users running
# many queries should set their own (with a contact address) through ``user_agent``.
DEFAULT_USER_AGENT = "news-map-timeline/0.1 (+offline-first geoparser)"
SOURCE = "nominatim"

# Errors after which asking again is pointless or abusive for the rest of the run: the server said
# "slow down" (429/402) or "you are blocked" (401/403, which is how Nominatim bans a User-Agent).
_FATAL_ERRORS = (GeocoderQuotaExceeded, GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges)

# OSM place=* values (and Nominatim's ``addresstype`` for admin boundaries) -> GeoNames feature codes,
# so online answers are drawn and ranked like gazetteer ones (see feature_codes.AREA_CODES).
_PLACE_CODES = {
    "city": fc.TOWN, "town": fc.TOWN, "village": fc.TOWN, "hamlet": fc.TOWN, "isolated_dwelling": fc.TOWN,
    "suburb": fc.SECTION_OF_TOWN, "quarter": fc.SECTION_OF_TOWN, "neighbourhood": fc.SECTION_OF_TOWN,
    "borough": fc.SECTION_OF_TOWN,
    "locality": fc.LOCALITY,
    "country": fc.COUNTRY,
    "state": fc.STATE, "province": fc.STATE,
    "county": fc.COUNTY, "district": fc.COUNTY,
    "municipality": fc.DISTRICT,
    "region": fc.REGION,
    "island": fc.ISLAND, "islet": fc.ISLAND, "archipelago": fc.ISLANDS,
    "sea": fc.SEA, "ocean": fc.OCEAN, "continent": fc.CONTINENT,
}
_NATURAL_CODES = {
    "sea": fc.SEA,
    # OSM natural=water is inland water (lakes, reservoirs); seas are place=sea or natural=sea.
    "water": fc.LAKE,
    "bay": fc.BAY, "strait": fc.STRAIT,
    "peak": fc.PEAK, "mountain_range": fc.MOUNTAINS, "cape": fc.CAPE, "peninsula": fc.PENINSULA,
    "island": fc.ISLAND, "desert": fc.DESERT,
}


def feature_code_for(raw: Mapping[str, Any]) -> str:
    """Map one Nominatim result's OSM class/type to a GeoNames feature code (``fc.OSM_OTHER`` if unknown)."""
    cls = str(raw.get("class") or raw.get("category") or "")  # "category" is the jsonv2 spelling
    typ = str(raw.get("type") or "")
    if cls == "place":
        return _PLACE_CODES.get(typ, fc.OSM_OTHER)
    if cls == "boundary" and typ == "administrative":
        # Countries, states and most cities come back as admin boundaries; Nominatim tells their
        # level in ``addresstype`` (country/state/county/city...).
        return _PLACE_CODES.get(str(raw.get("addresstype") or ""), fc.OSM_OTHER)
    if cls == "natural":
        return _NATURAL_CODES.get(typ, fc.OSM_OTHER)
    if cls == "waterway" and typ in {"river", "canal"}:
        return fc.STREAM
    if cls == "aeroway":
        return fc.AIRPORT
    if cls == "military" or (cls == "landuse" and typ == "military"):
        return fc.AIR_BASE if typ == "airfield" else fc.MILITARY_BASE
    return fc.OSM_OTHER


def entry_from_nominatim(raw: Mapping[str, Any], *, fallback_name: str) -> GazetteerEntry:
    """Turn one Nominatim ``/search`` result (``format=json``, ``addressdetails=1``) into an entry.

    Raises ``GeocoderAnswerError`` (a ``ValueError``) on an answer without usable coordinates.
    """
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except (KeyError, TypeError, ValueError) as exc:
        raise GeocoderAnswerError(f"no usable coordinates in the answer ({type(exc).__name__}: {exc})") from exc
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise GeocoderAnswerError(f"coordinates out of range: {lat}, {lon}")
    # display_name is the full address ("Sirte, Libya"); its first part is the place itself.
    display = str(raw.get("display_name") or "")
    name = display.split(",")[0].strip() or str(raw.get("name") or "").strip() or fallback_name.strip()
    address = raw.get("address")
    cc = address.get("country_code") if isinstance(address, Mapping) else None
    country_code = cc.upper() if isinstance(cc, str) and len(cc) == 2 and cc.isalpha() else None
    return GazetteerEntry(
        geonameid=None,
        name=name,
        lat=lat,
        lon=lon,
        country_code=country_code,
        feature_code=feature_code_for(raw),
        population=0,  # Nominatim does not give one; 0 keeps these below any gazetteer city in ranking
        source=SOURCE,
    )


def normalise_query(name: str) -> str:
    """The cache key for a name: NFKC, case-folded, whitespace collapsed ("  SIRTE " == "sirte")."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def normalise_country_codes(country_codes: Sequence[str] | str | None) -> tuple[str, ...]:
    """Sorted, de-duplicated lower-case ISO2 codes; a bare string is one code. Raises ValueError."""
    if not country_codes:
        return ()
    if isinstance(country_codes, str):
        country_codes = [country_codes]
    codes = set()
    for code in country_codes:
        c = str(code).strip().lower()
        if len(c) != 2 or not c.isascii() or not c.isalpha():
            raise ValueError(f"not an ISO 3166-1 alpha-2 country code: {code!r}")
        codes.add(c)
    return tuple(sorted(codes))


def _within(seconds: float, call, *args, **kwargs):
    """``call(*args, **kwargs)``, or ``GeocoderTimedOut`` when it has not returned after ``seconds`` in all.

    The call runs in a daemon thread that is left to finish (or hang) on its own: a socket cannot be
    interrupted from outside, and a daemon thread does not hold up the end of the process."""
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            outcome["value"] = call(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 -- handed to the caller's thread as is
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="nominatim-request", daemon=True).start()
    if not done.wait(seconds):
        raise GeocoderTimedOut(f"no complete answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _is_loopback(domain: str) -> bool:
    host = domain.strip("/").split("/", 1)[0].rsplit("@", 1)[-1]  # "user@host:port/path" -> "host:port"
    if host.startswith("["):  # [::1]:8080
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:  # host:port
        host = host.split(":", 1)[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class OnlineGeocoder:
    """Look place names up on Nominatim, with a persistent cache, a rate limit and a circuit breaker.

    ``domain``, ``scheme``, ``timeout`` and ``user_agent`` configure the geopy ``Nominatim`` built here;
    pass ``geolocator`` to use one of your own instead (they are then ignored). ``language`` is sent as
    ``accept-language`` so names come back in the language of the map rather than the local script.
    ``max_failures`` consecutive failures switch the geocoder off for the rest of its life.

    Thread-safe: the rate limiter and the cache serialise themselves.
    """

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        domain: str = DEFAULT_DOMAIN,
        scheme: str = "https",
        timeout: float = 5.0,
        min_delay_seconds: float = 1.0,
        cache_path: str | Path | None = None,
        geolocator: Nominatim | None = None,
        language: str | None = "en",
        max_failures: int = 3,
    ) -> None:
        if not user_agent or not user_agent.strip():
            # geopy would silently send its own "geopy/x.y" agent, which Nominatim rejects.
            raise ValueError("user_agent must identify the application")
        if min_delay_seconds < 0 or timeout <= 0 or max_failures < 1:
            raise ValueError("min_delay_seconds must be >= 0, timeout > 0 and max_failures >= 1")
        effective_domain = str(getattr(geolocator, "domain", "")) if geolocator is not None else domain
        if effective_domain.strip("/") == DEFAULT_DOMAIN and min_delay_seconds < 1.0:
            raise ValueError("the public Nominatim allows at most 1 request/s: min_delay_seconds >= 1.0")

        if geolocator is None:
            # No urllib3 retries: on an offline laptop each retry would be another full timeout,
            # and the circuit breaker below is the retry policy.
            adapter = (
                (lambda **kw: RequestsAdapter(max_retries=0, **kw))
                if RequestsAdapter.is_available else URLLibAdapter
            )
            geolocator = Nominatim(
                user_agent=user_agent.strip(),
                domain=domain,
                scheme=scheme,
                timeout=timeout,
                # geopy honours HTTP(S)_PROXY but not NO_PROXY: never send a local Nominatim's
                # traffic (e.g. one in Docker) through a corporate proxy.
                proxies={} if _is_loopback(domain) else None,
                adapter_factory=adapter,
            )
        self._geolocator = geolocator
        # geopy's RateLimiter: clock-based spacing of call starts, thread-safe. Its own retries and
        # exception swallowing are off -- failures are handled (and counted) in lookup().
        # The socket timeout bounds each read only: a server trickling a byte a second never trips it. The
        # whole request (connect, headers, body) gets ``timeout`` seconds in all.
        deadline = float(getattr(geolocator, "timeout", None) or timeout)
        self._geocode = RateLimiter(
            functools.partial(_within, deadline, geolocator.geocode),
            min_delay_seconds=min_delay_seconds,
            max_retries=0,
            error_wait_seconds=min_delay_seconds,
            swallow_exceptions=False,
        )
        self._min_delay_seconds = float(min_delay_seconds)
        self._language = language or ""
        self._max_failures = max_failures
        self._cache = AnswerCache(cache_path)

        self._lock = threading.Lock()
        self._disabled_reason: str | None = None
        self._consecutive_failures = 0
        self._stats = {"requests": 0, "cache_hits": 0, "failures": 0}

    # -- public API -------------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        """False once the circuit breaker has tripped; cached answers are still served."""
        return self._disabled_reason is None

    def lookup(self, name: str, *, country_codes: Sequence[str] | None = None) -> GazetteerEntry | None:
        """The place ``name`` refers to according to Nominatim, or None (no match, or any failure).

        ``country_codes`` (ISO2, any case) restricts the search, e.g. to the article's countries.
        Never raises for network or service problems; raises ValueError for a malformed country code.
        """
        query = normalise_query(name)
        countries = normalise_country_codes(country_codes)
        if not query:
            return None
        key = (query, ",".join(countries), self._language)

        cached = self._cache.get(*key)
        if cached is not NOT_CACHED:
            self._count("cache_hits")
            if cached is None:
                return None
            try:
                return entry_from_nominatim(cached, fallback_name=name)
            except GeocoderAnswerError:
                pass  # an unusable cached row: ask again and overwrite it

        if not self.enabled:
            return None

        self._count("requests")
        try:
            wait = self._cache.reserve_request(self._min_delay_seconds)  # the limit shared with other processes
            if wait > 0:
                time.sleep(wait)
            location = self._geocode(
                " ".join(name.split()),
                exactly_one=True,
                addressdetails=True,
                country_codes=list(countries) or None,
                language=self._language or False,
            )
            entry = None if location is None else entry_from_nominatim(location.raw, fallback_name=name)
        except Exception as exc:  # noqa: BLE001 -- an optional helper must never break the offline run
            self._failed(name, exc)
            return None

        self._cache.put(*key, None if location is None else dict(location.raw))
        with self._lock:
            self._consecutive_failures = 0
        return entry

    def describe(self) -> dict[str, Any]:
        """Settings and counters for logs/the dashboard. Leaves out the User-Agent (it often holds
        a contact e-mail), any credentials in the domain and the cache file's directory."""
        geo = self._geolocator
        domain = str(getattr(geo, "domain", "?")).rsplit("@", 1)[-1]
        with self._lock:
            stats = dict(self._stats)
            reason = self._disabled_reason
        return {
            "service": SOURCE,
            "endpoint": f"{getattr(geo, 'scheme', '?')}://{domain}",
            "timeout": getattr(geo, "timeout", None),
            "min_delay_seconds": self._min_delay_seconds,
            "language": self._language or None,
            "cache": self._cache.path.name if self._cache.path is not None else "memory",
            "enabled": reason is None,
            "disabled_reason": reason,
            **stats,
        }

    def __repr__(self) -> str:
        d = self.describe()
        return f"OnlineGeocoder(endpoint={d['endpoint']!r}, cache={d['cache']!r}, enabled={d['enabled']})"

    def close(self) -> None:
        self._cache.close()

    def __enter__(self) -> "OnlineGeocoder":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------------------

    def _count(self, what: str) -> None:
        with self._lock:
            self._stats[what] += 1

    def _failed(self, name: str, exc: Exception) -> None:
        """Count a failure, maybe trip the breaker, and log exactly one warning about it."""
        what = f"{type(exc).__name__}: {str(exc)[:200]}" if str(exc) else type(exc).__name__
        with self._lock:
            self._stats["failures"] += 1
            if self._disabled_reason is not None:
                # Another thread already tripped the breaker and said so.
                logger.debug("online lookup of %r failed after switch-off: %s", name, what)
                return
            self._consecutive_failures += 1
            if isinstance(exc, _FATAL_ERRORS):
                reason = what
                if isinstance(exc, GeocoderRateLimited) and exc.retry_after:
                    reason += f" (retry after {exc.retry_after} s)"
            elif self._consecutive_failures >= self._max_failures:
                reason = f"{self._consecutive_failures} failures in a row, last {what}"
            else:
                reason = None
            self._disabled_reason = reason
        if reason is None:
            logger.warning("Online lookup of %r failed (%s); fell back to the offline gazetteer.", name, what)
        else:
            logger.warning(
                "Online lookup of %r failed (%s); fell back to the offline gazetteer. The online geocoder "
                "is switched off for the rest of this run.", name, what,
            )
        logger.debug("online lookup failure detail", exc_info=exc)
