"""``EventQueries`` answered by DuckDB over the Parquet dataset of ``python -m timeline build``.

The dataset's files are read where they lie: the ``month=`` folders are hive partitions and only the committed
files (the manifest's) are read, so a build running meanwhile shows whole units or none; ``refresh()`` takes in
what it committed since (done by itself when a build's compaction removed a file). On opening (and each
refresh) the narrow columns every question filters, sorts and counts on (ids, type, source, actors, days,
the places' coordinates and countries: about 200 bytes an event) are read into DuckDB's memory as the tables
``ev`` and ``pl``, so a question is a scan of memory rather than of hundreds of files; the wide columns
(sentence, places, dates) stay in the files, read for a page's own rows only, by row number from
their files.
No DuckDB extension is loaded (Parquet is built in; loading others would download them). The answers are
the SQLite store's, by the rules of ``timeline.query``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from pathlib import Path

import duckdb
import pyarrow as pa

from articles import iso_day
from timeline.dataset.parquet import Dataset
from timeline.dataset.schema import (INCIDENTS, MONTH, RENAMED_SINCE_V1, TABLES, UNDATED, from_row, incident_schema,
                                     month_of, table_schemas)
from timeline.errors import StoreError, UsageError
from timeline.records import IN_MEMORY, Event, Incident, StoredEvent
from geo.records import PlaceMention
from timeline.timex import Timex
from timeline.query import (REVIEW_PLACE_SCORE, Bounds, EventPage, Filters, MapCell, TimeBin, ValueCount,
                            box_condition, check_by, check_facet, check_page, check_size, check_unit,
                            date_doubtful_sql, region_code_sql, search_words, sorted_counts, with_per_incident)

_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event) if not f.metadata.get(IN_MEMORY))  # the columns
# a data set has no corrections (StoredEvent.corrected: the SQLite store's curation)
_STORED_FIELDS = tuple(f.name for f in dataclasses.fields(StoredEvent)
                       if f.name not in ("event", "corrected", "incident_id", "reports"))  # (these from inc_events)
# Each facet's value: (SELECT giving event id and value, FROM) over the filtered events' ids.
_FACETS = {
    "actors": "SELECT e.id, unnest(list_distinct(e.actors)) AS v FROM ev e",
    "types": "SELECT e.id, e.type AS v FROM ev e",
    "sources": "SELECT e.id, e.source AS v FROM ev e",
    "articles": "SELECT e.id, e.article_id AS v FROM ev e",
}
# The columns of ``ev`` and ``pl``, the in-memory copies of ``events`` and ``event_places`` the questions read
_NARROW = ("id", "article_id", "type", "source", "actors", "date_earliest", "date_latest", "published", '"start"',
           "factuality", MONTH)
# What a dataset before version 3 did not hold (timeline.dataset.parquet): its events read as no lead, asserted
# (the SQLite store's migration 9 gives its old rows the same defaults).
_ADDED_IN_V3 = ("FALSE AS lead", "'asserted' AS factuality")
_NARROW_PLACES = ("event_id", "lat", "lon", "country_code", MONTH)
# An event's placed places, location first (timeline.query.event_places' order)
_PLACED = "list_filter(list_prepend(e.location, e.places), lambda x: x IS NOT NULL AND x.entry IS NOT NULL)"
_SAME_POINT = "round(y.entry.lat, 5) = round(x.entry.lat, 5) AND round(y.entry.lon, 5) = round(x.entry.lon, 5)"
# timeline.query's review rule: a date not from the event's own sentence, or a doubtful place among the first
# placed place at each coordinate (the places event_places keeps)
_REVIEW = (f"({date_doubtful_sql('e.date', 'e.date_basis')} OR len(list_filter({_PLACED}, lambda x, i: x.score < ? "
           f"AND NOT coalesce(list_bool_or(list_transform(list_slice({_PLACED}, 1, i - 1), "
           f"lambda y: {_SAME_POINT})), false))) > 0)")

# An event's first-level regions ("CC.ADM1", timeline.query.region_code's rule) from the entries of its location
# and places, which the events table holds whole (the event_places rows carry no admin1).
_HAS_REGION, _REGION = region_code_sql("p.entry.country_code", "p.entry.admin1")
_REGIONS = ("list_transform(list_filter(list_concat(e.places, [e.location]), lambda p: p.entry.lat IS NOT NULL "
            f"AND {_HAS_REGION}), lambda p: {_REGION})")


class DuckStore:
    """The dataset folder at ``path``, queried with DuckDB; use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path) -> None:
        self.dataset = Dataset(path)
        if not Path(path).is_dir():
            raise StoreError(f"{path}: no dataset folder there")
        try:
            self.dataset.settings()
        except UsageError as exc:
            raise StoreError(str(exc)) from None
        self._lock = threading.RLock()
        # No extension autoloading (it may download); Parquet is built into the wheel ("statically linked").
        self._conn = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                                        "autoload_known_extensions": False})
        self._conn.execute("LOAD parquet")
        self._conn.execute("SET parquet_metadata_cache = true")  # every question reads the same files' footers
        self.refresh()

    def refresh(self) -> None:
        """(Re)define the tables over the files committed so far, and read their narrow columns into memory."""
        schemas = table_schemas()
        with self._lock:
            for table in TABLES:
                files = self.dataset.files(table)
                self._conn.execute(f"DROP VIEW IF EXISTS {table}")
                if files:
                    self._conn.execute(f"CREATE VIEW {table} AS SELECT {self._columns(table)} "
                                       f"FROM read_parquet([{_listed(files)}], "
                                       f"hive_partitioning = true, hive_types = {{'{MONTH}': VARCHAR}})")
                else:  # nothing committed yet: the same columns, no rows
                    empty = pa.table({f.name: pa.array([], f.type) for f in schemas[table]}
                                     | {MONTH: pa.array([], pa.string())})
                    self._conn.register(f"_empty_{table}", empty)
                    self._conn.execute(f"CREATE VIEW {table} AS SELECT * FROM _empty_{table}")
            # The incidents (the build's last pass; none in a dataset before version 4), in memory: a few per
            # hundred events, each read whole.
            files = self.dataset.files(INCIDENTS)
            self._conn.execute("DROP TABLE IF EXISTS inc")
            if files:
                self._conn.execute(f"CREATE TABLE inc AS SELECT * FROM read_parquet([{_listed(files)}])")
            else:
                self._conn.register("_empty_incidents", incident_schema().empty_table())
                self._conn.execute("CREATE TABLE inc AS SELECT * FROM _empty_incidents")
            # each lead event's incident, its place among the incident's reports, and the number of reports
            self._conn.execute("CREATE OR REPLACE TABLE inc_events AS SELECT id AS incident_id, "
                               "unnest(event_ids) AS event_id, unnest(generate_series(1, len(event_ids))) AS pos, "
                               "len(article_ids) AS reports FROM inc")
            # The columns every question filters, sorts or counts on, in memory (about 200 bytes an event): a
            # question is then a scan of memory, not of hundreds of files; the wide ones (sentence, places,
            # dates) stay in the files, read for a page's own rows only.
            # With each event its file and row there: a page reads its rows from those files only, by number.
            files = self.dataset.files("events")
            source = (f"read_parquet([{_listed(files)}], hive_partitioning = true, "
                      f"hive_types = {{'{MONTH}': VARCHAR}}, filename = true, file_row_number = true)" if files else
                      "(SELECT *, CAST(NULL AS VARCHAR) AS filename, CAST(NULL AS BIGINT) AS file_row_number "
                      "FROM events)")
            self._conn.execute(f"CREATE OR REPLACE TABLE ev AS SELECT {', '.join(_NARROW)}, filename AS file, "
                               f"file_row_number AS row_no FROM (SELECT {self._columns('events')} FROM {source})")
            self._conn.execute(f"CREATE OR REPLACE TABLE pl AS SELECT {', '.join(_NARROW_PLACES)} FROM event_places")
            self._conn.execute("DROP TABLE IF EXISTS review_ids")
            for table in getattr(self, "_text_tables", ()):
                self._conn.execute(f"DROP TABLE IF EXISTS {table}")
            self._conn.execute("DROP TABLE IF EXISTS event_regions")
            self._review_ready = self._regions_ready = False
            # A search's events, one table per search (``_text_table``), the latest TEXT_TABLES kept: sessions
            # sharing this store may search for different words at once.
            self._text_tables: dict[str, None] = {}

    def _columns(self, table: str) -> str:
        """The SELECT list that reads ``table``'s files under today's column names and with today's columns (a
        version 1 dataset's events and event_places call the date's bounds day_first, day_last; the events of a
        version 1 or 2 dataset have no lead and factuality columns)."""
        version = self.dataset.settings()["version"]
        columns = "*"
        if version == 1 and table in ("events", "event_places"):
            old = ", ".join(o for o, _ in RENAMED_SINCE_V1)
            columns = f"* EXCLUDE ({old}), " + ", ".join(f"{o} AS {n}" for o, n in RENAMED_SINCE_V1)
        if version < 3 and table == "events":
            columns += ", " + ", ".join(_ADDED_IN_V3)
        return columns

    def _clause(self, filters: Filters | None, bbox: Bounds | None, *, dated: bool = False) -> tuple[str, list]:
        f = filters or Filters()
        if f.review and not self._review_ready:
            with self._lock:  # the review rule's events, found once per refresh (it reads the wide columns)
                self._conn.execute(f"CREATE OR REPLACE TABLE review_ids AS SELECT e.id FROM events e WHERE {_REVIEW}",
                                   [REVIEW_PLACE_SCORE])
                self._review_ready = True
        words = search_words(f.text)
        if words:
            with self._lock:  # the search's events, found once per text (it reads the wide columns)
                table = _text_table(words)
                if table in self._text_tables:
                    self._text_tables[table] = self._text_tables.pop(table)  # the latest used goes last
                else:
                    each = " AND ".join(["(contains(lower(e.sentence), ?) OR contains(lower(e.article_title), ?))"]
                                        * len(words))
                    self._conn.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT e.id FROM events e WHERE {each}",
                                       [w for w in words for _ in (0, 1)])
                    self._text_tables[table] = None
                    while len(self._text_tables) > TEXT_TABLES:
                        oldest = next(iter(self._text_tables))
                        del self._text_tables[oldest]
                        self._conn.execute(f"DROP TABLE IF EXISTS {oldest}")
        self._need_regions(bool(f.regions))
        return _where(f, bbox, dated=dated)

    def _need_regions(self, needed: bool) -> None:
        """Each event's regions in memory, found once per refresh when first asked (they are in the wide
        location/places columns: the event_places rows carry no admin1)."""
        if needed and not self._regions_ready:
            with self._lock:
                self._conn.execute("CREATE OR REPLACE TABLE event_regions AS SELECT DISTINCT id AS event_id, "
                                   f"unnest({_REGIONS}) AS region FROM events e")
                self._regions_ready = True

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "DuckStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _run(self, sql: str, params: list):
        """The cursor of ``sql``; once more after ``refresh()`` when a file is gone (a build compacted it)."""
        with self._lock:
            try:
                return self._conn.execute(sql, params)
            except duckdb.IOException:
                self.refresh()
                return self._conn.execute(sql, params)

    def _all(self, sql: str, params: list) -> list[tuple]:
        with self._lock:
            return self._run(sql, params).fetchall()

    # --- timeline.query.EventQueries ---------------------------------------------------------------------

    def events(self, filters: Filters | None = None, *, bbox: Bounds | None = None) -> list[StoredEvent]:
        """Every event passing ``filters`` and in ``bbox``, in the list's order (``Store.events``'s answer)."""
        clause, params = self._clause(filters, bbox)
        return self._select(clause, params, "", [])

    def events_page(self, filters: Filters | None = None, *, bbox: Bounds | None = None, offset: int = 0,
                    limit: int = 100) -> EventPage:
        check_page(offset, limit)
        clause, params = self._clause(filters, bbox)
        total = self._all(f"SELECT COUNT(*) FROM ev e{clause}", params)[0][0]
        events = self._select(clause, params, " LIMIT ? OFFSET ?", [limit, offset])
        return EventPage(events=tuple(events), total=total, offset=offset, limit=limit)

    def event(self, event_id: str) -> StoredEvent | None:
        """One stored event by its id, or None."""
        found = self._select(" WHERE e.id = ?", [str(event_id)], " LIMIT ? OFFSET ?", [1, 0])
        return found[0] if found else None

    def _select(self, clause: str, params: list, tail: str, tail_params: list) -> list[StoredEvent]:
        order = 'e.date_earliest ASC NULLS LAST, e.published ASC NULLS FIRST, e.article_id, e."start", e.id'
        columns = ", ".join(f'e."{c}"' for c in _EVENT_FIELDS + _STORED_FIELDS)
        with self._lock:
            if tail:  # a page: its rows by number from their own files (the narrow columns sorted in memory)
                try:
                    rows = self._page_rows(clause, params + tail_params, order, tail, columns)
                except duckdb.IOException:  # a build's compaction removed a file: read the files again
                    self.refresh()
                    rows = self._page_rows(clause, params + tail_params, order, tail, columns)
            else:
                cur = self._run(f"SELECT {columns} FROM events e{clause} ORDER BY {order}", params)
                names = [d[0] for d in cur.description]
                rows = [dict(zip(names, r)) for r in cur.fetchall()]
            incident_of = self._incidents_of([r["id"] for r in rows])
        return [StoredEvent(event=from_row(Event, r), **{k: r[k] for k in _STORED_FIELDS},
                            **dict(zip(("incident_id", "reports"), incident_of.get(r["id"], (None, 0)))))
                for r in rows]

    def _incidents_of(self, event_ids: list[str]) -> dict[str, tuple[str, int]]:
        """Each lead event's incident id and number of reports (the caller holds the lock)."""
        if not event_ids:
            return {}
        return {e: (str(i), int(n)) for e, i, n in self._conn.execute(
            "SELECT event_id, incident_id, reports FROM inc_events WHERE event_id IN (SELECT unnest(?))",
            [event_ids]).fetchall()}

    def _page_rows(self, clause: str, params: list, order: str, tail: str, columns: str) -> list[dict]:
        got = self._conn.execute(f"SELECT e.id, e.file, e.row_no FROM ev e{clause} ORDER BY {order}{tail}",
                                 params).fetchall()
        by_file: dict[str, list[int]] = {}
        for _, file, row_no in got:
            by_file.setdefault(file, []).append(row_no)
        found = {}
        for file, numbers in by_file.items():
            cur = self._conn.execute(f"SELECT {columns} FROM (SELECT {self._columns('events')} "
                                     f"FROM read_parquet([{_listed([file])}], file_row_number = true)) e "
                                     "WHERE e.file_row_number IN (SELECT unnest(?))", [numbers])
            names = [d[0] for d in cur.description]
            for r in cur.fetchall():
                row = dict(zip(names, r))
                found[row["id"]] = row
        return [found[i] for i, _, _ in got]

    def time_bins(self, filters: Filters | None = None, *, bbox: Bounds | None = None,
                  unit: str = "month", by: str | None = None) -> list[TimeBin]:
        key = "e.date_earliest" if check_unit(unit) == "day" else f"CAST(date_trunc('{unit}', e.date_earliest) AS DATE)"
        split = ", e.type" if check_by(by) else ", CAST(NULL AS VARCHAR)"
        clause, params = self._clause(filters, bbox, dated=True)
        rows = self._all(f"SELECT {key} AS bin{split} AS t, COUNT(*) FROM ev e{clause} GROUP BY bin, t "
                         "ORDER BY bin, t", params)
        return [TimeBin(start=b, count=n, type=t) for b, t, n in rows]

    def map_cells(self, filters: Filters | None = None, *, bbox: Bounds | None = None,
                  size: float = 1.0) -> list[MapCell]:
        size = check_size(size)
        clause, params = self._clause(filters, None)
        inside, box_params = box_condition(bbox, "p.lat", "p.lon") if bbox is not None else ("TRUE", [])
        rows = self._all(
            "SELECT CAST(floor(p.lat / ?) AS BIGINT) AS i, CAST(floor(p.lon / ?) AS BIGINT) AS j, "
            f"COUNT(DISTINCT p.event_id) FROM pl p WHERE {_of_events(clause)} "
            f"AND {inside} GROUP BY i, j ORDER BY i, j", [size, size, *params, *box_params])
        return [MapCell(south=i * size, west=j * size, size=size, count=n) for i, j, n in rows]

    def value_counts(self, facet: str, filters: Filters | None = None, *,
                     bbox: Bounds | None = None) -> list[ValueCount]:
        clause, params = self._clause(filters, bbox)
        count = "COUNT(*)"  # one row per event and value (an event's actors made distinct)
        if check_facet(facet) == "countries":
            values = f"SELECT p.event_id AS id, p.country_code AS v FROM pl p WHERE {_of_events(clause)}"
            count = "COUNT(DISTINCT id)"  # two places of an event may lie in one country
        elif facet == "regions":
            self._need_regions(True)
            values = f"SELECT p.event_id AS id, p.region AS v FROM event_regions p WHERE {_of_events(clause)}"
        else:
            values = _FACETS[facet] + clause
        rows = self._all(f"SELECT v, {count} FROM ({values}) WHERE v IS NOT NULL AND v != '' GROUP BY v", params)
        return sorted_counts(rows)

    def date_extent(self, filters: Filters | None = None, *,
                    bbox: Bounds | None = None) -> tuple[dt.date, dt.date] | None:
        clause, params = self._clause(filters, bbox, dated=True)
        lo, hi = self._all(f"SELECT MIN(e.date_earliest), MAX(e.date_latest) FROM ev e{clause}", params)[0]
        return None if lo is None else (lo, hi)

    def event_count(self, filters: Filters | None = None, *, bbox: Bounds | None = None) -> int:
        clause, params = self._clause(filters, bbox)
        return self._all(f"SELECT COUNT(*) FROM ev e{clause}", params)[0][0]

    def day_ranges(self, filters: Filters | None = None, *,
                   bbox: Bounds | None = None) -> list[tuple[dt.date, dt.date, int]]:
        clause, params = self._clause(filters, bbox, dated=True)
        return [tuple(r) for r in self._all(f"SELECT e.date_earliest, e.date_latest, COUNT(*) FROM ev e{clause} "
                                            "GROUP BY 1, 2 ORDER BY 1, 2", params)]

    def point_bounds(self, filters: Filters | None = None, *, bbox: Bounds | None = None) -> Bounds | None:
        clause, params = self._clause(filters, bbox)
        row = self._all(f"SELECT MIN(p.lat), MIN(p.lon), MAX(p.lat), MAX(p.lon) FROM pl p WHERE {_of_events(clause)}",
                        params)[0]
        return None if row[0] is None else Bounds(*row)

    def article_titles(self, article_ids) -> dict[str, str]:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        return dict(self._all("SELECT id, CASE WHEN title != '' THEN title ELSE id END FROM articles "
                              "WHERE id IN (SELECT unnest(?))", [ids]))

    def article(self, article_id: str) -> dict | None:
        """One article with its text (the dataset keeps it), or None; the keys of ``Store.article`` it has."""
        with self._lock:
            cursor = self._conn.execute("SELECT id, title, source, url, published, path, text FROM articles "
                                        "WHERE id = ? LIMIT 1", [str(article_id)])
            row = cursor.fetchone()
        if row is None:
            return None
        out = dict(zip(("id", "title", "source", "url", "published", "path", "text"), row))
        out["published"] = out["published"].isoformat() if out["published"] else None
        return out

    def mentions(self, article_id: str) -> tuple[list[PlaceMention], list[Timex]]:
        """The places and dates of one article's events, in text order (its evidence). A dataset keeps the
        events, not every place and date the article names: those no event holds are not marked."""
        events = self._select(" WHERE e.article_id = ?", [str(article_id)], "", [])
        places = {(p.start, p.end): p for se in events for p in (*se.event.places, se.event.location) if p}
        dates = {(t.start, t.end): t for se in events for t in [se.event.date] if t and t.start is not None}
        return sorted(places.values(), key=lambda p: (p.start, p.end)), sorted(dates.values(), key=lambda t: (t.start, t.end))

    def incidents(self, filters: Filters | None = None, *, bbox: Bounds | None = None) -> list[Incident]:
        """The incidents one of whose events passes ``filters`` and lies inside ``bbox`` (every incident when
        neither is given), in the order ``Store.incidents`` gives them."""
        clause, params = self._clause(filters, bbox)
        where = f" WHERE list_has_any(i.event_ids, (SELECT list(e.id) FROM ev e{clause}))" if clause else ""
        with self._lock:
            cursor = self._conn.execute(
                f"SELECT * FROM inc i{where} ORDER BY i.first_day NULLS LAST, i.first_report NULLS FIRST, "
                "CAST(i.id AS BIGINT)", params)
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        return [from_row(Incident, dict(zip(names, r))) for r in rows]

    def incident(self, incident_id: str) -> Incident | None:
        """One incident by its id, or None (as ``Store.incident``)."""
        with self._lock:
            cursor = self._conn.execute("SELECT * FROM inc i WHERE CAST(i.id AS VARCHAR) = ?", [str(incident_id)])
            names = [d[0] for d in cursor.description]
            row = cursor.fetchone()
        return from_row(Incident, dict(zip(names, row))) if row else None

    def count(self) -> dict:
        return {t: self._all(f"SELECT COUNT(*) FROM {t}", [])[0][0] for t in TABLES}


TEXT_TABLES = 8  # searches whose events are kept in memory at once (a search's table: its events' ids)


def _text_table(words: tuple[str, ...]) -> str:
    """The table of the events a search for ``words`` keeps (a name made from the words, safe in SQL)."""
    return "text_ids_" + hashlib.sha1("\x00".join(words).encode("utf-8")).hexdigest()[:16]


def _where(f: Filters, bbox: Bounds | None, *, dated: bool = False) -> tuple[str, list]:
    """`` WHERE ...`` over ``events e`` by the rules of ``timeline.query`` ('' for all)."""
    return with_per_incident(f, bbox, dated, _where_each, lambda inner: (
        "e.id NOT IN (SELECT x.event_id FROM inc_events x JOIN inc_events y ON y.incident_id = x.incident_id "
        f"AND y.pos < x.pos WHERE y.event_id IN (SELECT e.id FROM ev e{inner}))"))


def _where_each(f: Filters, bbox: Bounds | None, *, dated: bool = False) -> tuple[str, list]:
    """``_where`` but for ``per_incident``: every event by itself."""
    where, params = [], []
    months = []  # partition pruning: conditions on the month folders, for events and their places alike
    if f.actors:
        where.append("list_has_any(e.actors, ?)")
        params.append(list(f.actors))
    for column, values in (("e.type", f.types), ("e.source", f.sources), ("e.article_id", f.articles),
                           ("e.factuality", f.factualities)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += list(values)
    if f.start is not None:
        where.append("e.date_latest >= ?")
        params.append(_day(f.start, "start"))
        months.append(("<>", UNDATED))
    if f.end is not None:
        end = _day(f.end, "end")
        where.append("e.date_earliest <= ?")
        params.append(end)
        months.append(("<=", month_of(end)))  # an event is filed under its first day's month
    if dated:
        where.append("e.date_earliest IS NOT NULL")
        months.append(("<>", UNDATED))
    if f.review:  # the review rule reads the wide columns: its events' ids are found once (DuckStore._clause)
        where.append("e.id IN (SELECT id FROM review_ids)")
    if search_words(f.text):  # so does the text search: its events' ids are found once per text (DuckStore._clause)
        where.append(f"e.id IN (SELECT id FROM {_text_table(search_words(f.text))})")
    where += [f"e.{MONTH} {op} ?" for op, _ in months]
    params += [m for _, m in months]
    if f.countries:
        where.append(_places_with(f"p.country_code IN ({', '.join('?' * len(f.countries))})", months))
        params += list(f.countries) + [m for _, m in months]
    if f.regions:  # from the regions table DuckStore._need_regions made
        where.append(f"e.id IN (SELECT event_id FROM event_regions WHERE region IN ({', '.join('?' * len(f.regions))}))")
        params += list(f.regions)
    if bbox is not None:
        inside, box_params = box_condition(bbox, "p.lat", "p.lon")
        where.append(_places_with(inside, months))
        params += box_params + [m for _, m in months]
    return (" WHERE " + " AND ".join(where)) if where else "", params


def _listed(files) -> str:
    """Paths as a SQL list's items."""
    return ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)


def _of_events(clause: str) -> str:
    """The places' condition: of the events of ``clause`` (every place has its event: none when no clause)."""
    return f"p.event_id IN (SELECT e.id FROM ev e{clause})" if clause else "TRUE"


def _places_with(condition: str, months: list[tuple[str, str]]) -> str:
    """Events with a placed point meeting ``condition`` (the places' month folders pruned as the events')."""
    pruned = "".join(f" AND p.{MONTH} {op} ?" for op, _ in months)
    return f"e.id IN (SELECT p.event_id FROM pl p WHERE {condition}{pruned})"


def _day(value, what: str) -> dt.date:
    day = iso_day(value)  # the one date parser, as Store's window does
    if day is None:
        raise ValueError(f"{what} must be a date, got {value!r}")
    return day
