"""The SQLite cache behind ``geo.online``: every answer Nominatim gave, including "no match".

Why a persistent cache: the public Nominatim allows one request per second, and the same place names
come back in article after article. Once asked, a name is never asked again -- across runs, too -- so
re-running the pipeline over the same articles needs no network at all.

Why misses are cached too: most names the offline gazetteer cannot place are not places at all (spaCy
false positives) or are too obscure for OSM as well; asking again on every run would waste the rate limit.
Failures (timeouts, HTTP errors) are *not* cached: they say nothing about the place.

The cache is keyed on (normalised query, country filter, answer language). It is not keyed on the server:
answers from a self-hosted Nominatim and the public one are interchangeable for our purposes.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

logger = logging.getLogger("geo.online")

# Bump when the table layout changes; an older file is then rebuilt (it is only a cache).
SCHEMA_VERSION = 1
TABLE = "nominatim_cache"

NOT_CACHED: Any = object()
"""Sentinel for "never asked": ``get`` returns ``None`` for a cached miss, so it needs a third value."""

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    query      TEXT NOT NULL,   -- normalised place name (NFKC, case-folded, single spaces)
    countries  TEXT NOT NULL,   -- sorted lower-case ISO2 codes joined by ',' ('' = no filter)
    language   TEXT NOT NULL,   -- accept-language sent ('' = none): it changes the names answered
    answer     TEXT,            -- JSON of Nominatim's first result; NULL = Nominatim had no match
    fetched_at REAL NOT NULL,   -- Unix time of the answer, so stale entries can be expired later
    PRIMARY KEY (query, countries, language)
)
"""


# When the next request to the server may start, shared by every process using the file (one row). Created
# beside the answers without a schema bump: the answers table and its version are untouched.
RATE_TABLE = "nominatim_rate_limit"
_RATE_SCHEMA = f"CREATE TABLE IF NOT EXISTS {RATE_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), next_at REAL NOT NULL)"


class AnswerCache:
    """A small thread-safe key/value store of Nominatim answers in SQLite.

    ``path=None`` keeps the cache in memory (lost at exit). A file that cannot be opened, or that was
    written by a *newer* version of this module, is left untouched and the cache falls back to memory
    with one warning: a broken cache must never stop the geoparser.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else None
        # One connection shared across threads, serialised by our own lock (sqlite3's default
        # check_same_thread would forbid the dashboard's worker threads from using it).
        self._lock = threading.Lock()
        self._write_error_logged = False
        self._rate_conn: sqlite3.Connection | None = None  # the shared rate limit's own connection
        self._conn = self._open()

    @property
    def persistent(self) -> bool:
        return self.path is not None

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._connect(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(str(self.path))
        except (sqlite3.Error, OSError, _NewerSchema) as exc:
            logger.warning(
                "Online geocoder cache %s is unusable (%s); using an in-memory cache for this run.",
                self.path.name, exc,
            )
            self.path = None
            return self._connect(":memory:")

    @staticmethod
    def _connect(target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, check_same_thread=False, timeout=5.0)
        try:
            AnswerCache._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise _NewerSchema(f"schema version {version} is newer than {SCHEMA_VERSION}")
        with conn:
            # Version 0 is a new file (or one from before versioning): the table is only a cache,
            # so dropping an older layout is cheaper than migrating it.
            if version != 0:
                conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
            conn.execute(_SCHEMA)
            # PRAGMA cannot take a bound parameter; SCHEMA_VERSION is our own int constant.
            conn.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")

    def get(self, query: str, countries: str, language: str) -> dict | None | Any:
        """The cached answer dict, ``None`` for a cached miss, or ``NOT_CACHED``."""
        try:
            with self._lock:
                row = self._conn.execute(
                    f"SELECT answer FROM {TABLE} WHERE query = ? AND countries = ? AND language = ?",
                    (query, countries, language),
                ).fetchone()
        except sqlite3.Error as exc:
            logger.debug("cache read failed: %s", exc)
            return NOT_CACHED
        if row is None:
            return NOT_CACHED
        if row[0] is None:
            return None
        try:
            answer = json.loads(row[0])
        except ValueError:
            return NOT_CACHED  # a damaged row: ask again, the new answer overwrites it
        return answer if isinstance(answer, dict) else NOT_CACHED

    def put(self, query: str, countries: str, language: str, answer: dict | None) -> None:
        """Store an answer (``None`` = Nominatim had no match). Write errors are logged, not raised."""
        payload = None if answer is None else json.dumps(answer, ensure_ascii=False, sort_keys=True)
        try:
            with self._lock, self._conn:
                self._conn.execute(
                    f"INSERT OR REPLACE INTO {TABLE} (query, countries, language, answer, fetched_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (query, countries, language, payload, time.time()),
                )
        except sqlite3.Error as exc:
            if not self._write_error_logged:
                self._write_error_logged = True
                logger.warning("Online geocoder cache write failed (%s); answers will not be kept.", exc)

    def reserve_request(self, min_delay_seconds: float) -> float:
        """Seconds to wait before sending the next request, that moment now reserved for this caller.

        The schedule lives in the cache file, so every process using it shares the one rate limit (two
        processes at 1 request/s each sent 8 requests in 3 s). ``BEGIN IMMEDIATE`` makes the read and the
        reservation one step against the other processes. 0 without a file, or if the file fails: the
        in-process limiter still spaces this process's own requests.
        """
        if self.path is None or min_delay_seconds <= 0:
            return 0.0
        try:
            with self._lock:
                if self._rate_conn is None:
                    # autocommit (isolation_level=None): the transaction below is ours, not the module's
                    self._rate_conn = sqlite3.connect(str(self.path), timeout=5.0, isolation_level=None,
                                                      check_same_thread=False)
                    self._rate_conn.execute(_RATE_SCHEMA)
                con = self._rate_conn
                con.execute("BEGIN IMMEDIATE")
                try:
                    now = time.time()
                    row = con.execute(f"SELECT next_at FROM {RATE_TABLE} WHERE id = 1").fetchone()
                    slot = max(now, row[0] if row else now)
                    con.execute(f"INSERT OR REPLACE INTO {RATE_TABLE} (id, next_at) VALUES (1, ?)",
                                (slot + min_delay_seconds,))
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            logger.debug("shared rate limit unavailable: %s", exc)
            return 0.0
        return slot - now

    def __len__(self) -> int:
        with self._lock:
            (n,) = self._conn.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()
        return int(n)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            if self._rate_conn is not None:
                self._rate_conn.close()


class _NewerSchema(Exception):
    pass
