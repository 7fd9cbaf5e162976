"""Schema migrations of the timeline store (``timeline.store``).

``PRAGMA user_version`` records how far a database file has come. Each migration is numbered (1, 2, ...)
and runs in its own transaction together with the ``user_version`` bump, so a migration that fails
leaves the file exactly at the previous version (SQLite's DDL is transactional). To change the schema,
append a migration; never edit one that has shipped.

A migration that rebuilds a table other tables reference (create new, copy, drop old, rename) must set
``foreign_keys_off=True``: dropping a referenced table with foreign keys on would cascade-delete its
children. ``migrate`` then turns enforcement off around that transaction and runs
``PRAGMA foreign_key_check`` before committing (SQLite's documented procedure for such changes).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Callable, Sequence


from timeline.errors import MigrationError  # noqa: E402  (defined with the package's other errors)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]
    foreign_keys_off: bool = False


def _sql(*statements: str) -> Callable[[sqlite3.Connection], None]:
    """Statements run one by one (``executescript`` would commit the surrounding transaction)."""
    def apply(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)
    return apply


_V1 = _sql(
    """CREATE TABLE articles (
        id          TEXT PRIMARY KEY,           -- Article.id
        title       TEXT NOT NULL DEFAULT '',
        source      TEXT NOT NULL DEFAULT '',
        url         TEXT NOT NULL DEFAULT '',
        published   TEXT,                       -- YYYY-MM-DD or NULL
        path        TEXT NOT NULL DEFAULT '',
        text        TEXT NOT NULL,
        ingested_at TEXT NOT NULL               -- UTC, ISO 8601
    )""",
    """CREATE TABLE places (                     -- one row per place mention (PLACE of README.md)
        article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start        INTEGER NOT NULL,
        "end"        INTEGER NOT NULL,
        text         TEXT NOT NULL,
        name         TEXT,
        lat          REAL,
        lon          REAL,
        country_code TEXT,
        geonameid    INTEGER,
        feature_code TEXT,
        score        REAL,
        source       TEXT
    )""",
    """CREATE TABLE actors (                     -- global, by canonical name; rebuilt from article_actors
        name    TEXT PRIMARY KEY,
        kind    TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'group', 'country', 'government')),
        aliases TEXT NOT NULL DEFAULT '[]',     -- JSON list
        title   TEXT
    )""",
    """CREATE TABLE article_actors (             -- what each article says about an actor
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        actor_name TEXT NOT NULL REFERENCES actors(name),
        position   INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        aliases    TEXT NOT NULL DEFAULT '[]',
        title      TEXT,
        PRIMARY KEY (article_id, actor_name)
    )""",
    """CREATE TABLE events (
        id             TEXT PRIMARY KEY,        -- Event.id
        article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence       TEXT NOT NULL,
        start          INTEGER NOT NULL,
        "end"          INTEGER NOT NULL,
        type           TEXT NOT NULL,
        date           TEXT,                    -- TIMEX JSON or NULL
        date_value     TEXT,
        date_earliest  TEXT,                    -- YYYY-MM-DD: the range the date spans, for window queries
        date_latest    TEXT,
        date_precision TEXT,
        location       TEXT,                    -- PLACE JSON or NULL
        lat            REAL,                    -- of the location
        lon            REAL,
        places         TEXT NOT NULL DEFAULT '[]'  -- JSON list of PLACE
    )""",
    """CREATE TABLE event_actors (
        event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        actor_name TEXT NOT NULL REFERENCES actors(name),
        position   INTEGER NOT NULL,
        PRIMARY KEY (event_id, actor_name)
    )""",
    """CREATE TABLE event_points (               -- every placed coordinate of an event: bbox queries
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        lat      REAL NOT NULL,
        lon      REAL NOT NULL
    )""",
    """CREATE TABLE timexes (                    -- TIMEX of README.md, one row per expression
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start      INTEGER NOT NULL,
        "end"      INTEGER NOT NULL,
        text       TEXT NOT NULL,
        type       TEXT,
        value      TEXT,
        earliest   TEXT,
        latest     TEXT,
        precision  TEXT
    )""",
)

_V2 = _sql(
    # The dashboard's queries: a date window, a map box, an actor, a source; and the cascades' lookups.
    "CREATE INDEX events_article ON events(article_id)",
    "CREATE INDEX events_dates ON events(date_earliest, date_latest)",
    "CREATE INDEX events_latlon ON events(lat, lon)",
    "CREATE INDEX events_type ON events(type)",
    "CREATE INDEX event_points_latlon ON event_points(lat, lon)",
    "CREATE INDEX event_points_event ON event_points(event_id)",
    "CREATE INDEX event_actors_actor ON event_actors(actor_name)",
    "CREATE INDEX article_actors_actor ON article_actors(actor_name)",
    "CREATE INDEX places_article ON places(article_id)",
    "CREATE INDEX places_latlon ON places(lat, lon)",
    "CREATE INDEX timexes_article ON timexes(article_id)",
    "CREATE INDEX articles_source ON articles(source)",
    "CREATE INDEX articles_published ON articles(published)",
    "CREATE INDEX articles_path ON articles(path)",
    # Answers of an online geocoder, misses (answer NULL) included, for a later cache-backed lookup.
    """CREATE TABLE geocode_cache (
        query         TEXT NOT NULL,            -- normalised place name
        country_codes TEXT NOT NULL DEFAULT '', -- sorted ISO2 codes joined by ',' ('' = no filter)
        answer        TEXT,                     -- JSON, NULL = no match
        fetched_at    TEXT NOT NULL,            -- UTC, ISO 8601
        PRIMARY KEY (query, country_codes)
    )""",
)

# The geocoder keeps its own cache (geo.online_cache); the store's table was never used outside tests.
_V3 = _sql("DROP TABLE IF EXISTS geocode_cache")

def _places_json(event: str) -> str:
    """A JSON array of ``event``'s places with its location (if any) appended."""
    return (f"CASE WHEN {event}.location IS NULL THEN {event}.places "
            f"ELSE json_insert({event}.places, '$[#]', json({event}.location)) END")


def _per_event_codes(table: str, column: str, what: str, trigger: str, select_of, *,
                     pad: tuple[str, str, str], index: str) -> tuple[str, ...]:
    """The statements of a table of codes per event (``what`` of its placed location and places): the table,
    its index on the code, its rows from the events stored so far (``select_of``: ``_countries_of``...), and
    the trigger that adds the rows of each event stored later. ``pad``: the spacing of the table's text."""
    after_name, before_id, before_col = pad
    return (
        f"""CREATE TABLE {table} ({after_name}-- {what} of an event's placed location and places
        event_id{before_id} TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        {column}{before_col} TEXT NOT NULL,
        PRIMARY KEY (event_id, {column})
    )""",
        f"CREATE INDEX {index} ON {table}({column})",
        f"INSERT OR IGNORE INTO {table} (event_id, {column}) " + select_of("e", "events e, "),
        f"""CREATE TRIGGER {trigger} AFTER INSERT ON events BEGIN
        INSERT OR IGNORE INTO {table} (event_id, {column}) """ + select_of("new") + """;
    END""",
    )


def _countries_of(event: str, tables: str = "") -> str:
    """SELECT (event id, country code) of each placed PLACE in ``event``'s location and places (JSON)."""
    items = _places_json(event)
    return (f"SELECT DISTINCT {event}.id, json_extract(j.value, '$.country_code') FROM {tables}json_each({items}) j "
            "WHERE json_extract(j.value, '$.country_code') IS NOT NULL AND json_extract(j.value, '$.lat') IS NOT NULL")


# The pushed-down queries of timeline.query.EventQueries: an R*Tree (SQLite's built-in module) over the event
# points for map boxes and cells, and each event's countries for the country filter. Triggers keep both in
# step with what Store.save writes, so saving is unchanged. The R*Tree's ids must be stable: event_points is
# rebuilt with an INTEGER PRIMARY KEY (a plain rowid may be renumbered by VACUUM).
_V4 = _sql(
    """CREATE TABLE event_points_v4 (
        id       INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        lat      REAL NOT NULL,
        lon      REAL NOT NULL
    )""",
    "INSERT INTO event_points_v4 (event_id, lat, lon) SELECT event_id, lat, lon FROM event_points ORDER BY rowid",
    "DROP TABLE event_points",
    "ALTER TABLE event_points_v4 RENAME TO event_points",
    "CREATE INDEX event_points_latlon ON event_points(lat, lon)",
    "CREATE INDEX event_points_event ON event_points(event_id)",
    "CREATE VIRTUAL TABLE event_points_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon)",
    "INSERT INTO event_points_rtree (id, min_lat, max_lat, min_lon, max_lon) SELECT id, lat, lat, lon, lon "
    "FROM event_points",
    """CREATE TRIGGER event_points_rtree_insert AFTER INSERT ON event_points BEGIN
        INSERT INTO event_points_rtree (id, min_lat, max_lat, min_lon, max_lon)
        VALUES (new.id, new.lat, new.lat, new.lon, new.lon);
    END""",
    """CREATE TRIGGER event_points_rtree_delete AFTER DELETE ON event_points BEGIN
        DELETE FROM event_points_rtree WHERE id = old.id;
    END""",
    *_per_event_codes("event_countries", "country_code", "ISO2 codes", "events_countries_insert",
                      _countries_of, pad=(" " * 13, "    ", ""), index="event_countries_code"),
)

def _regions_of(event: str, tables: str = "") -> str:
    """SELECT (event id, "CC.ADM1") of each placed place in ``event``'s location and places (JSON) that has
    an admin1 code (``timeline.query.region_code``'s rule: none for "00" or a missing one)."""
    items = _places_json(event)
    cc, a1 = "json_extract(j.value, '$.country_code')", "json_extract(j.value, '$.admin1')"
    return (f"SELECT DISTINCT {event}.id, {cc} || '.' || {a1} FROM {tables}json_each({items}) j "
            f"WHERE {cc} IS NOT NULL AND {cc} != '' AND {a1} IS NOT NULL AND {a1} NOT IN ('', '00') "
            "AND json_extract(j.value, '$.lat') IS NOT NULL")


# The region filter (timeline.query.Filters.regions): each event's first-level regions, kept in step by a
# trigger as event_countries is. The admin1 code rides in the event's place JSON from this version on
# (PlaceMention.to_dict(admin1=True)); events stored before have none there, so they get their regions when their article
# is stored again (``python -m timeline ingest`` of the same files), and until then match no region.
_V5 = _sql(*_per_event_codes("event_regions", "region", '"CC.ADM1" codes', "events_regions_insert",
                             _regions_of, pad=(" " * 15, "", "  "), index="event_regions_region"))

# A reader's corrections (timeline.store.corrections): one row per event and corrected field. No foreign key to
# articles or events: Store.save deletes and re-inserts an article's rows, and the correction must outlive
# that to be applied again; Store.delete_article removes an article's corrections itself.
_V6 = _sql(
    """CREATE TABLE corrections (
        event_id   TEXT NOT NULL,
        article_id TEXT NOT NULL,
        field      TEXT NOT NULL CHECK (field IN ('place', 'date')),
        value      TEXT NOT NULL,               -- JSON: the gazetteer entry's fields, or {"day": "YYYY-MM-DD"}
        made_at    TEXT NOT NULL,               -- UTC, ISO 8601
        PRIMARY KEY (event_id, field)
    )""",
    "CREATE INDEX corrections_article ON corrections(article_id)",
)

_V7 = _sql(
    """CREATE TABLE feeds (                      -- the feeds `python -m timeline follow` reads
        url           TEXT PRIMARY KEY,
        added_at      TEXT NOT NULL,            -- UTC, ISO 8601
        etag          TEXT,                     -- the last answer's ETag and Last-Modified, sent back
        last_modified TEXT,                     -- as If-None-Match / If-Modified-Since
        kind          TEXT,                     -- rss, atom, sitemap
        last_read     TEXT,                     -- when it was last asked (answered or not)
        last_status   TEXT,                     -- new, unchanged, failed
        last_error    TEXT,
        last_new      INTEGER NOT NULL DEFAULT 0, -- articles stored by the last read
        articles      INTEGER NOT NULL DEFAULT 0, -- articles stored from it in all
        failures      INTEGER NOT NULL DEFAULT 0, -- failed reads in a row
        wait_rounds   INTEGER NOT NULL DEFAULT 0  -- rounds still to skip (backoff after failures)
    )""",
    """CREATE TABLE feed_entries (               -- each entry of a feed, fetched once
        feed_url    TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
        url         TEXT NOT NULL,
        seen_at     TEXT NOT NULL,
        done        INTEGER NOT NULL DEFAULT 0, -- 1: stored, or already in the store; never fetched again
        article_id  TEXT,
        error       TEXT,                       -- the last failure (retried with backoff)
        failures    INTEGER NOT NULL DEFAULT 0,
        wait_rounds INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (feed_url, url)
    )""",
    # The same text under another URL is the same article: found by length and opening, then compared whole.
    "CREATE INDEX articles_text_key ON articles(length(text), substr(text, 1, 64))",
)

# Where an event's date comes from (Event.date_basis: own, carried, reported) is a column under the record's
# name, as in the Parquet dataset; before, it was a "carried": true / "reported": true key inside the date's
# JSON (undated events kept none: they read back as "own" until their article is stored again). Backfilled from
# those keys, which then leave the JSON, so the value has one name and one place in the store.
_V8 = _sql(
    "ALTER TABLE events ADD COLUMN date_basis TEXT NOT NULL DEFAULT 'own' "
    "CHECK (date_basis IN ('own', 'carried', 'reported'))",
    "UPDATE events SET date_basis = CASE WHEN json_extract(date, '$.reported') THEN 'reported' "
    "WHEN json_extract(date, '$.carried') THEN 'carried' ELSE 'own' END, "
    "date = json_remove(date, '$.carried', '$.reported') "
    "WHERE date IS NOT NULL AND (json_extract(date, '$.reported') OR json_extract(date, '$.carried'))",
)

# Each event's lead flag (the article's main happening, timeline.events.lead) and factuality (asserted, negated,
# hypothetical: timeline.events.factuality). Events stored before are no lead and asserted until their article
# is stored again (python -m timeline ingest of the same files); the factuality filter reads an index.
_V9 = _sql(
    "ALTER TABLE events ADD COLUMN lead INTEGER NOT NULL DEFAULT 0 CHECK (lead IN (0, 1))",
    "ALTER TABLE events ADD COLUMN factuality TEXT NOT NULL DEFAULT 'asserted' "
    "CHECK (factuality IN ('asserted', 'negated', 'hypothetical'))",
    "CREATE INDEX events_factuality ON events(factuality)",
)

# Incidents (timeline.incidents): each article's lead as merging reads it (the Lead's fields and its LeadText's
# words, so the store merges a new article without analysing the old ones again), the incident it belongs to,
# and each incident's summary (timeline.records.Incident), rewritten whenever a report joins or leaves it.
# lead_words holds the names and headline words blocking looks leads up by; incident_edits a reader's splits
# ("apart") and joins ("together"), one row per ordered pair of articles, with no foreign key (like the
# corrections: they outlive a re-save of the article; Store.delete_article removes them). Articles stored before
# have no lead until they are stored again (python -m timeline ingest of the same files), like migration 9.
_V10 = _sql(
    """CREATE TABLE incidents (
        id              INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: an incident's id stays its own
        type            TEXT NOT NULL,
        day_earliest    TEXT,                   -- YYYY-MM-DD, the leads' days
        day_latest      TEXT,
        day_precision   TEXT CHECK (day_precision IN ('day', 'published')),
        location        TEXT,                   -- JSON: PLACE with admin1
        place_precision TEXT CHECK (place_precision IN ('town', 'county', 'state', 'country', 'other')),
        lat             REAL,
        lon             REAL,
        actors          TEXT NOT NULL DEFAULT '[]', -- JSON lists
        event_ids       TEXT NOT NULL DEFAULT '[]',
        article_ids     TEXT NOT NULL DEFAULT '[]',
        sources         TEXT NOT NULL DEFAULT '[]',
        urls            TEXT NOT NULL DEFAULT '[]',
        first_report    TEXT,
        last_report     TEXT,
        fatalities      INTEGER,
        reports         INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE leads (                      -- rowid: the order leads joined their incidents
        article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        event_id    TEXT,
        type        TEXT NOT NULL,
        sentence    TEXT NOT NULL,
        title       TEXT NOT NULL DEFAULT '',
        day         TEXT,                       -- the chosen day, YYYY-MM-DD
        day_in_text INTEGER NOT NULL DEFAULT 0 CHECK (day_in_text IN (0, 1)),
        published   TEXT,
        anchor      TEXT,                       -- day, else published: what the day window blocks on
        place       TEXT,                       -- JSON: the chosen PLACE with admin1
        place_mentions INTEGER NOT NULL DEFAULT 0,
        words       TEXT NOT NULL               -- JSON: the LeadText, {"title", "opening", "names", "numbers"}
    )""",
    "CREATE INDEX leads_incident ON leads(incident_id)",
    "CREATE INDEX leads_anchor ON leads(anchor)",
    "CREATE INDEX leads_event ON leads(event_id)",
    """CREATE TABLE lead_words (
        word       TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES leads(article_id) ON DELETE CASCADE,
        PRIMARY KEY (word, article_id)
    )""",
    "CREATE INDEX lead_words_article ON lead_words(article_id)",
    """CREATE TABLE incident_edits (
        article_id TEXT NOT NULL,
        other_id   TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('apart', 'together')),
        made_at    TEXT NOT NULL,               -- UTC, ISO 8601
        PRIMARY KEY (article_id, other_id)
    )""",
)

# Blocking asks for the incidents of the leads whose anchor lies in a day window (timeline.store.incidents._near).
# Answered from the index alone, a day with thousands of stored reports (an import's coded rows) is read in the
# index, not looked up row by row in the table for each new report.
_V11 = _sql(
    "CREATE INDEX leads_anchor_incident ON leads(anchor, incident_id)",
    "DROP INDEX leads_anchor",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, places, actors, events, timexes", _V1),
    Migration(2, "indexes for the dashboard's queries; geocode cache", _V2),
    Migration(3, "drop the unused geocode cache", _V3),
    Migration(4, "R*Tree over the event points; event countries (for timeline.query.EventQueries)", _V4),
    Migration(5, "event regions (country.admin1) for the region filter", _V5),
    Migration(6, "a reader's corrections of events' places and dates", _V6),
    Migration(7, "followed feeds, their entries and backoff; articles found by their text", _V7),
    Migration(8, "events.date_basis: where the date comes from, a column (was a key in the date's JSON)", _V8),
    Migration(9, "events' lead flag and factuality", _V9),
    Migration(10, "incidents: each article's lead, its incident, the incidents' summaries, a reader's splits and joins",
              _V10),
    Migration(11, "leads' day window answered from an index of (anchor, incident)", _V11),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Bring ``conn``'s database up to the last of ``migrations``; return the versions applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``) with no transaction open: each migration
    gets its own ``BEGIN IMMEDIATE ... COMMIT``. Safe against a second process migrating the same file at
    the same time: the version is read again once the write lock is held.
    """
    _check_sequence(migrations)
    if conn.in_transaction:
        raise MigrationError("migrate() needs a connection with no open transaction")
    latest = migrations[-1].version if migrations else 0
    if current_version(conn) > latest:
        raise MigrationError(f"database schema version {current_version(conn)} is newer than this program "
                             f"knows ({latest}); upgrade the program")
    applied = []
    for m in migrations:
        if current_version(conn) >= m.version:
            continue
        fk_was_on = bool(conn.execute("PRAGMA foreign_keys").fetchone()[0])
        if m.foreign_keys_off:
            conn.execute("PRAGMA foreign_keys = OFF")  # has no effect inside a transaction: set it before
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if current_version(conn) >= m.version:  # another process got there first
                    conn.execute("COMMIT")
                    continue
                m.apply(conn)
                if m.foreign_keys_off and conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise MigrationError("it leaves rows whose foreign keys point nowhere")
                conn.execute(f"PRAGMA user_version = {int(m.version)}")  # PRAGMA takes no parameters
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, Exception):
                    raise MigrationError(f"migration {m.version} ({m.name}) failed, database left at version "
                                         f"{current_version(conn)}: {' '.join(str(exc).split())}") from exc
                raise
        finally:
            if m.foreign_keys_off and fk_was_on:
                conn.execute("PRAGMA foreign_keys = ON")
        applied.append(m.version)
    return applied


def _check_sequence(migrations: Sequence[Migration]) -> None:
    for i, m in enumerate(migrations, 1):
        if m.version != i:
            raise MigrationError(f"migrations must be numbered 1, 2, ... in order; found {m.version} at place {i}")
