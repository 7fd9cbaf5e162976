"""What a reader asks of the stored events: one ``Filters`` record, one ``Bounds`` box, one query interface.

Both stores answer it in SQL (``timeline.store.Store``, ``timeline.store.duck.DuckStore``), by these rules:
- ``actors``/``types``/``sources``/``articles``: keep events matching any of the values (empty: all);
- ``countries``: keep events whose location or any placed place is in one of these ISO2 countries;
- ``regions``: keep events whose location or any placed place is in one of these first-level regions, each
  ``"CC.ADM1"`` (the place's ISO2 country and GeoNames admin1 code, e.g. ``"LY.77"``); a place with no admin1
  code (a country, a sea) is in no region;
- ``factualities``: keep events whose factuality (``Event.factuality``: asserted, negated, hypothetical) is one
  of these (empty: all); the dashboard asks for ``("asserted",)`` until the reader shows the rest;
- ``start``/``end``: keep dated events whose date range overlaps the window (undated ones drop out);
- ``text``: keep events whose sentence or article title holds every word of it (``search_words``: split on
  spaces, lower-cased; each word anywhere in either, as a part of a word too: "attack" finds "attacked"):
  ``text_matches``;
- a ``Bounds`` box: keep events with their location or any placed place inside it;
- ``review``: keep only the events a reader should check: undated, dated from context or the publication date
  only (``date_basis`` not "own"), or with a doubtful place (``place_doubtful``: the first placed place at a
  coordinate, as ``event_places`` keeps it, scoring under ``REVIEW_PLACE_SCORE``): ``needs_review``;
- ``per_incident``: of the lead events of one incident (``timeline.records.Incident``) that pass every other
  rule, keep only the one of the incident's earliest report (the order its reports joined it); events that are
  no incident's lead are kept.
Each rule is stated here once in Python (``event_places``, ``region_code``, ``needs_review``). The stores' SQL of
the date half of the review rule and of the region code is written here too (``date_doubtful_sql``,
``region_code_sql``); the rest (the first placed place per coordinate, in SQLite's JSON and DuckDB's lists)
and SQLite's region table (migration 5, shipped and frozen) translate them, and tests/test_queries.py and
tests/test_event_filters.py check both stores against these functions on one table of cases.

``EventQueries`` is what the dashboard asks of a store with those rules, each question answered inside the
store (SQL) rather than over every event in memory: a page of the list, counts per time bin and per map cell,
the values a filter can take. Two implementations answer it identically (one test suite runs against both):
``timeline.store.Store`` (SQLite, with an R*Tree over the event points) and ``timeline.store.duck.DuckStore``
(DuckDB over the Parquet dataset of ``python -m timeline build``).
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol, runtime_checkable

from geo.records import PlaceMention
from timeline.records import Event, StoredEvent


class Bounds(NamedTuple):
    """A map box in degrees; ``west > east`` crosses the antimeridian, ``east - west >= 360`` is the world."""

    south: float
    west: float
    north: float
    east: float


@dataclass(frozen=True)
class Filters:
    """What the reader chose. Empty tuples mean "all"; ``start``/``end`` None mean no date window."""

    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    countries: tuple[str, ...] = ()  # ISO2 codes of the event's placed places
    regions: tuple[str, ...] = ()  # "CC.ADM1" codes of the event's placed places (``region_code``)
    review: bool = False  # only the events that need review (module doc)
    factualities: tuple[str, ...] = ()  # of FACTUALITIES (timeline.records); empty: all
    # One mark per incident: of the lead events of one incident that pass the other filters, only the one of
    # its earliest report (the others are its reports, listed with it); an article's other events stay.
    per_incident: bool = False
    text: str = ""  # words to find in the event's sentence or its article's title (``text_matches``)


# A search box's text is a handful of words: longer text is cut here, so a pasted page cannot become a query of
# thousands of conditions.
MAX_SEARCH_WORDS = 12


def search_words(text: str) -> tuple[str, ...]:
    """The words a search for ``text`` looks for: split on white space, lower-cased (``str.lower``, which the
    stores apply to the columns too), each once, at most ``MAX_SEARCH_WORDS``."""
    return tuple(dict.fromkeys(text.lower().split()))[:MAX_SEARCH_WORDS]


def text_matches(sentence: str, title: str, text: str) -> bool:
    """The ``text`` rule: every search word of ``text`` occurs in the sentence or in the title."""
    s, t = sentence.lower(), title.lower()
    return all(w in s or w in t for w in search_words(text))


def with_per_incident(f: Filters, bbox, dated: bool, each, later_of) -> tuple[str, list]:
    """A store's `` WHERE`` clause with the ``per_incident`` rule: ``each(filters, bbox, dated=)`` is its clause of
    the other rules (clause, params); ``later_of(inner)`` its SQL condition leaving out the leads of an incident's
    later reports among the events of ``inner`` (the other rules' clause, asked again in a subquery of its own,
    whose FROM gives the same aliases: SQL names resolve to the nearest FROM, so the clause is written once)."""
    if not f.per_incident:
        return each(f, bbox, dated=dated)
    rest = replace(f, per_incident=False)
    inner, inner_params = each(rest, bbox)
    clause, params = each(rest, bbox, dated=dated)
    later = later_of(inner)
    return (f"{clause} AND {later}" if clause else f" WHERE {later}"), params + inner_params


# Admin1 codes that name no region: none given, or GeoNames' "00" (a place in no first-level division)
NO_ADMIN1 = ("", "00")


def region_code(country_code: str | None, admin1: str | None) -> str | None:
    """A place's first-level region as ``Filters.regions`` names it (``"LY.77"``), or None when the place has
    no country or no admin1 code (``NO_ADMIN1``)."""
    if not country_code or not admin1 or admin1 in NO_ADMIN1:
        return None
    return f"{country_code}.{admin1}"


def region_code_sql(country_code: str, admin1: str) -> tuple[str, str]:
    """``region_code`` in SQL (DuckDB's and SQLite's alike) over two column expressions: (the condition that
    the place has a region, the expression of its code)."""
    none = ", ".join(f"'{code}'" for code in NO_ADMIN1)
    return (f"coalesce({country_code}, '') != '' AND coalesce({admin1}, '') NOT IN ({none})",
            f"{country_code} || '.' || {admin1}")


# A place read with less than this score is doubtful: the resolver halves the score of a coin-flip between
# two readings and of a weak best reading (geo.resolve), so sure readings score 0.8-0.9 and doubtful ones
# fall to about 0.6 and below.
REVIEW_PLACE_SCORE = 0.65


def event_places(event: Event) -> list[PlaceMention]:
    """The event's placed places: its location first, then the others, one per coordinate."""
    out, seen = [], set()
    for p in (event.location, *event.places):
        if p is None or p.entry is None:
            continue
        key = (round(p.entry.lat, 5), round(p.entry.lon, 5))
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out


def event_regions(event: Event) -> set[str]:
    """The event's first-level regions (``region_code``) of its placed places: what ``Filters.regions`` matches."""
    return {region_code(p.entry.country_code, p.entry.admin1) for p in event_places(event)} - {None}


def place_doubtful(place: PlaceMention) -> bool:
    """A placed place read with a score under ``REVIEW_PLACE_SCORE``."""
    return place.entry is not None and place.score < REVIEW_PLACE_SCORE


OWN_DATE = "own"  # the Event.date_basis of a date stated in the event's own sentence (timeline.records.DATE_BASES)


def date_doubtful(event: Event) -> bool:
    """No date, or one not stated in the event's own sentence (carried from context, or only the publication
    date)."""
    return event.date is None or event.date_basis != OWN_DATE


def date_doubtful_sql(date: str, date_basis: str) -> str:
    """``date_doubtful`` in SQL (SQLite's and DuckDB's alike) over the event's ``date`` and ``date_basis``
    columns."""
    return f"({date} IS NULL OR {date_basis} <> '{OWN_DATE}')"


def needs_review(event: Event) -> bool:
    """The ``review`` filter's rule: a date not from the event's own sentence, or a doubtful placed place."""
    return date_doubtful(event) or any(place_doubtful(p) for p in event_places(event))


# --- the answers ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventPage:
    """``limit`` events from ``offset`` in the list's order (earliest date first, undated last), of ``total``."""

    events: tuple[StoredEvent, ...]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class TimeBin:
    """Events whose date range starts in the bin that starts on ``start`` (a day, ISO week, month or year);
    with ``time_bins(by="types")``, those of event type ``type`` only (one bin per start and type)."""

    start: dt.date
    count: int
    type: str | None = None


@dataclass(frozen=True)
class MapCell:
    """Events with a placed place in the ``size``-degree cell whose south-west corner is (south, west);
    an event with places in two cells counts in both, once in each."""

    south: float
    west: float
    size: float
    count: int


@dataclass(frozen=True)
class ValueCount:
    value: str
    count: int  # events with this value (among those passing the filters)


TIME_UNITS = ("day", "week", "month", "year")
FACETS = ("actors", "types", "sources", "countries", "articles", "regions")  # article ids; "CC.ADM1" codes


@runtime_checkable
class EventQueries(Protocol):
    """The dashboard's questions; ``bbox`` None means the whole map. Same answers from every store."""

    def events_page(self, filters: Filters | None = None, *, bbox: Bounds | None = None, offset: int = 0,
                    limit: int = 100) -> EventPage: ...

    def event(self, event_id: str) -> StoredEvent | None: ...

    def time_bins(self, filters: Filters | None = None, *, bbox: Bounds | None = None,
                  unit: str = "month", by: str | None = None) -> list[TimeBin]: ...

    def map_cells(self, filters: Filters | None = None, *, bbox: Bounds | None = None,
                  size: float = 1.0) -> list[MapCell]: ...

    def value_counts(self, facet: str, filters: Filters | None = None, *,
                     bbox: Bounds | None = None) -> list[ValueCount]: ...

    def date_extent(self, filters: Filters | None = None, *,
                    bbox: Bounds | None = None) -> tuple[dt.date, dt.date] | None: ...

    def event_count(self, filters: Filters | None = None, *, bbox: Bounds | None = None) -> int: ...

    def day_ranges(self, filters: Filters | None = None, *,
                   bbox: Bounds | None = None) -> list[tuple[dt.date, dt.date, int]]:
        """(first day, last day, events) of each distinct date range of the dated events, in order."""
        ...

    def point_bounds(self, filters: Filters | None = None, *, bbox: Bounds | None = None) -> Bounds | None:
        """The smallest box holding every placed point of the events (None when none is placed)."""
        ...

    def article_titles(self, article_ids) -> dict[str, str]:
        """Article id -> its title (the id when it has none), for the ids stored."""
        ...


# --- the rules both implementations share -----------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    """A ``Bounds`` made ready for a query: latitudes, and 0 (the world), 1 or 2 longitude ranges."""

    south: float
    north: float
    lon_ranges: tuple[tuple[float, float], ...]  # empty: every longitude


def box_of(bbox: Bounds) -> Box:
    """Leaflet's bounds may run past +-180 after panning, or cross the antimeridian: 1 or 2 ranges in [-180, 180]."""
    try:
        south, west, north, east = (float(x) for x in bbox)
    except (TypeError, ValueError):
        raise ValueError(f"bbox must be (south, west, north, east) numbers, got {bbox!r}") from None
    if south > north:
        raise ValueError(f"bbox south {south} is north of north {north}")
    if east - west >= 360:
        return Box(south, north, ())
    if east < west:  # crosses the antimeridian, as Leaflet never says but a caller may
        east += 360
    w = ((west + 180) % 360) - 180
    e = w + (east - west)
    if e <= 180:
        return Box(south, north, ((w, e),))
    return Box(south, north, ((w, 180.0), (-180.0, e - 360)))


def box_condition(bbox: Bounds, lat: str, lon: str) -> tuple[str, list[float]]:
    """A SQL condition (SQLite's and DuckDB's syntax alike) keeping points ``lat``/``lon`` inside ``bbox``."""
    box = box_of(bbox)
    cond, params = f"{lat} BETWEEN ? AND ?", [box.south, box.north]
    if box.lon_ranges:
        cond += " AND (" + " OR ".join(f"{lon} BETWEEN ? AND ?" for _ in box.lon_ranges) + ")"
        params += [x for r in box.lon_ranges for x in r]
    return cond, params


def check_page(offset: int, limit: int) -> None:
    if not isinstance(offset, int) or offset < 0:
        raise ValueError(f"offset must be a whole number >= 0, got {offset!r}")
    if not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a whole number >= 1, got {limit!r}")


def check_unit(unit: str) -> str:
    if unit not in TIME_UNITS:
        raise ValueError(f"time bin unit must be one of {', '.join(TIME_UNITS)}, got {unit!r}")
    return unit


def check_by(by: str | None) -> str | None:
    if by not in (None, "types"):
        raise ValueError(f"time bins split by None or 'types', got {by!r}")
    return by


def check_facet(facet: str) -> str:
    if facet not in FACETS:
        raise ValueError(f"facet must be one of {', '.join(FACETS)}, got {facet!r}")
    return facet


def check_size(size: float) -> float:
    try:
        size = float(size)
    except (TypeError, ValueError):
        raise ValueError(f"map cell size must be a number of degrees, got {size!r}") from None
    if not (math.isfinite(size) and 0 < size <= 180):
        raise ValueError(f"map cell size must be in (0, 180] degrees, got {size!r}")
    return size


def sorted_counts(pairs) -> list[ValueCount]:
    """Most events first, then by value (case-insensitive, then exact): the order every store gives."""
    return [ValueCount(v, n) for v, n in sorted(pairs, key=lambda vn: (-vn[1], vn[0].lower(), vn[0]))]
