"""ACLED's CSV format, both ways: an export of acleddata.com read into ``FieldEvent`` records (``read``), and
stored events written as ACLED-style rows (``to_csv``, the dashboard's "ACLED CSV" download). One module, so
that what is written is what is read back: the round trip is tested (tests/test_import.py).

One row is one event. Read: ``event_id_cnty`` (the key; a row without it is keyed by its content, so the
project's own ACLED-style export reads back), ``event_date``, ``time_precision``, ``event_type`` /
``sub_event_type``, ``actor1``/``actor2`` with ``inter1``/``inter2``, ``iso``/``country``, ``admin1``,
``location``, ``latitude``/``longitude``, ``geo_precision``, ``source``, ``notes``, ``fatalities``.
Written: ``COLUMNS``; ``event_type`` holds the project's own type (a PLOVER type, STATEMENT or OTHER), which
the reader takes as it is. ACLED's own rows always have a date and a point; the project's may have neither
(an event with no date or no placed place): such a row is written with those columns blank and read back as
an undated or unplaced event, not refused.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from articles import MAX_CHARS, InputError, parse_date
from articles.dates import MAX_YEAR
from geo import feature_codes as fc
from timeline.errors import UsageError
from timeline.export import csv_cell
from timeline.query import event_places
from timeline.imports.countries import iso2_of
from timeline.imports.record import FieldEvent, FieldPlace, RowError, RowResult
from timeline.records import Actor, Incident, StoredEvent
from timeline.events.type_lexicon import EVENT_TYPES as PROJECT_TYPES, OTHER

SOURCE = "ACLED"
REQUIRED = ("event_date", "event_type", "latitude", "longitude")

# geo_precision: 1 the town itself; 2 near a town or in part of a region (an area about a district's size
# around the named location); 3 only the region is known (ACLED writes its provincial capital's point).
PLACE_PRECISION = {"1": fc.TOWN, "2": fc.COUNTY, "3": fc.STATE}
# time_precision: 1 the day; 2 a week or weekend (ACLED writes a day in it); 3 only the month.
DATE_PRECISION = {"1": "day", "2": "week", "3": "month"}

# event_type -> PLOVER type; Strategic developments by sub_event_type.
EVENT_TYPES = {
    "battles": "ASSAULT",  # PLOVER's ASSAULT takes CAMEO 19 "fight" too
    "explosions/remote violence": "ASSAULT",
    "violence against civilians": "ASSAULT",
    "protests": "PROTEST",
    "riots": "PROTEST",  # PLOVER's PROTEST covers riots
}
STRATEGIC = "strategic developments"
SUB_EVENT_TYPES = {
    "agreement": "AGREE",
    "arrests": "COERCE",
    "disrupted weapons use": "COERCE",  # weapons seized or defused
    "headquarters or base established": "MOBILIZE",
    "looting/property destruction": "ASSAULT",  # PLOVER's ASSAULT includes destruction of property
    "non-violent transfer of territory": "RETREAT",  # ceding territory
    "change to group/activity": OTHER,
    "other": OTHER,
}
# inter1/inter2 (numbers in older exports, words in newer ones) -> Actor.kind
ACTOR_KINDS = {"1": "government", "state forces": "government",
               "8": "organization", "external/other forces": "organization"}
_DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y")


def check(path: Path) -> None:
    """``UsageError`` unless ``path`` is an ACLED CSV: a header with at least the REQUIRED columns."""
    with _open(path) as fh:
        header = next(csv.reader(fh), None)
    if not header:
        raise UsageError(f"{path}: empty file, not an ACLED CSV export")
    missing = [c for c in REQUIRED if c not in {h.strip().lower() for h in header}]
    if missing:
        raise UsageError(f"{path}: not an ACLED CSV export (no column {', '.join(missing)} in its header)")


def count(path: Path) -> int:
    with _open(path) as fh:
        return max(sum(1 for _ in _rows(csv.reader(fh))) - 1, 0)


def read(path: Path) -> Iterator[RowResult]:
    """Every data row of an ACLED CSV (``check`` it first); row 2 is the first."""
    with _open(path) as fh:
        reader = csv.DictReader(fh)
        reader.fieldnames = [h.strip().lower() for h in reader.fieldnames or []]
        for n, raw in enumerate(_rows(reader), 2):
            if isinstance(raw, csv.Error):
                yield RowResult(n, None, f"unreadable CSV row ({raw})")
                continue
            row = {k: (v or "").strip() for k, v in raw.items() if k}
            try:
                _check_utf8(row)
                yield RowResult(n, event_of(row))
            except RowError as exc:
                yield RowResult(n, None, str(exc))


def _rows(reader):
    """The reader's rows; a row the csv module refuses (a field over ``FIELD_LIMIT``) as its ``csv.Error``."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield exc


def _check_utf8(row: dict[str, str]) -> None:
    for k, v in row.items():
        if _UNDECODED.search(v):  # a byte the file's UTF-8 did not decode (kept by "surrogateescape")
            raise RowError(f"{k} is not UTF-8 text (byte 0x{ord(_UNDECODED.search(v).group()) - 0xDC00:02x})")


def event_of(row: dict[str, str]) -> FieldEvent:
    """One ACLED row as a FieldEvent; ``RowError`` naming the first problem."""
    undated = not row.get("event_date") and not row.get("time_precision")  # as to_csv writes an undated event
    day = None if undated else _day(row.get("event_date", ""))
    granularity = _coded(row, "time_precision", DATE_PRECISION) if not undated else "day"
    unplaced = not row.get("latitude") and not row.get("longitude")  # as to_csv writes an unplaced event
    kind = _coded(row, "geo_precision", PLACE_PRECISION) if not unplaced else None
    lat, lon = (None, None) if unplaced else (_coordinate(row, "latitude", 90), _coordinate(row, "longitude", 180))
    event_type, sub = row.get("event_type", ""), row.get("sub_event_type", "")
    if event_type.upper() in PROJECT_TYPES:  # the project's own ACLED-style export writes its PLOVER types
        plover = event_type.upper()
    elif event_type.lower() == STRATEGIC:
        plover = SUB_EVENT_TYPES.get(sub.lower())
    else:
        plover = EVENT_TYPES.get(event_type.lower())
    if plover is None:
        what = f"sub_event_type {sub!r}" if event_type.lower() == STRATEGIC else f"event_type {event_type!r}"
        raise RowError(f"unknown ACLED {what}")
    country, admin1, location = row.get("country", ""), row.get("admin1", ""), row.get("location", "")
    # At precision 3 only the region is known: the place is the region, at the point ACLED gives.
    name = (admin1 or location) if kind == fc.STATE else (location or admin1 or country)
    label = ", ".join(dict.fromkeys(x for x in (name, admin1, country) if x))
    place = None if unplaced else FieldPlace(name=name, lat=lat, lon=lon, feature_code=kind, label=label,
                                             country_code=iso2_of(row.get("iso", ""), country), admin1=admin1 or None)
    actors = tuple(Actor(name=row[col], kind=ACTOR_KINDS.get(row.get(inter, "").lower(), "group"))
                   for col, inter in (("actor1", "inter1"), ("actor2", "inter2")) if row.get(col))
    what = f"{event_type}: {sub}" if sub else event_type
    notes = row.get("notes", "") or f"{what} in {label or 'an unnamed place'}."
    details = [f"ACLED {what}"]
    if row.get("source"):
        details.append(f"Sources: {row['source']}")
    if row.get("fatalities"):
        details.append(f"Fatalities: {row['fatalities']}")
    key = row.get("event_id_cnty") or "row-" + hashlib.sha1(
        "\x1f".join(f"{k}={v}" for k, v in sorted(row.items())).encode("utf-8")).hexdigest()[:16]
    return FieldEvent(source=SOURCE, key=key, type=plover, day=day, granularity=granularity, evidence=notes,
                      published=day, title=f"{what} in {label}" if label else what, place=place, actors=actors,
                      details=tuple(details))


# The longest field read: an article's sentence can be that long, and the project's own export writes it in
# one field (the csv module's default limit, 131,072 characters, is shorter than MAX_CHARS).
FIELD_LIMIT = 4 * MAX_CHARS
_UNDECODED = re.compile("[\udc80-\udcff]")


def _open(path: Path):
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    # ACLED's exports may start with a byte-order mark; a byte that is not UTF-8 costs its own row only
    return open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")


def _day(value: str) -> dt.date:
    if not value:
        raise RowError("no event_date")
    try:
        return parse_date(value, what="event_date")
    except InputError as exc:
        if "out of range" in str(exc):
            raise RowError(str(exc)) from None
        for fmt in _DATE_FORMATS:  # older exports: "15 March 2024", "15-March-2024"
            try:
                day = dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
            if day.year > MAX_YEAR:
                raise RowError(f"invalid event_date {value!r}: year {day.year} is out of range (1 to {MAX_YEAR})")
            return day
    raise RowError(f"invalid event_date {value!r}: expected YYYY-MM-DD or '15 March 2024'")


def _coded(row: dict[str, str], column: str, codes: dict[str, str]) -> str:
    value = row.get(column, "") or "1"  # a file without the column: ACLED's default, the exact day / town
    if value not in codes:
        raise RowError(f"invalid {column} {value!r}: expected 1, 2 or 3")
    return codes[value]


def _coordinate(row: dict[str, str], column: str, limit: float) -> float:
    value = row.get(column, "")
    try:
        x = float(value)
    except ValueError:
        raise RowError(f"invalid {column} {value!r}: expected a number") from None
    if not -limit <= x <= limit:
        raise RowError(f"{column} {value} is out of range (-{limit:g} to {limit:g})")
    return x


# --- writing ----------------------------------------------------------------------------------------------

COLUMNS = ["event_date", "time_precision", "event_type", "actor1", "actor2", "country", "admin1", "location",
           "latitude", "longitude", "geo_precision", "source", "notes"]
# The date's precision as ACLED codes it: 1 the day is known, 2 a week (or a few days), 3 a month or longer;
# the date written for 2 and 3 is the middle of the span, which DATE_PRECISION reads back to the same week or
# month.
_TIME_PRECISION = {"day": 1, "hour": 1, "week": 2, "month": 3, "season": 3, "quarter": 3, "year": 3, "decade": 3}


def geo_precision(place) -> int:
    """ACLED's geo precision of a place: 1 a town or site; 2 near a town or part of a region (a district, a
    county, a smaller area); 3 only the first-level region or more is known (a state, province, country,
    continent), which PLACE_PRECISION reads back as a region (3 -> ADM1)."""
    e = place.entry
    if e.feature_code == fc.STATE or e.is_country or e.feature_code == "CONT":
        return 3
    return 2 if e.feature_code == fc.COUNTY or e.is_area else 1


def time_precision(se: StoredEvent) -> int | None:
    r = se.event.day_range
    if r is None:
        return None
    prec = (se.event.date.precision or "").lower()
    if prec in _TIME_PRECISION:
        return _TIME_PRECISION[prec]
    days = (r[1] - r[0]).days
    return 1 if days == 0 else 2 if days <= 7 else 3


def _middle(se: StoredEvent) -> str:
    r = se.event.day_range
    if r is None:
        return ""
    return (r[0] + (r[1] - r[0]) / 2).isoformat()


def to_csv(events: Iterable[StoredEvent], names: dict[str, str], incidents: Mapping[str, Incident] | None = None) -> bytes:
    """ACLED-style CSV: one row per event at its main place (blank place columns when it has none, blank date
    columns when it has no date). ``names``: country code -> the name written in ``country``. ``events`` is
    read once, as it comes (a generator over a store's pages).

    ``incidents`` (id -> Incident): a lead event of one of them is written as its incident, as ACLED codes an
    event with all its sources: ``source`` every outlet that reported it, ``notes`` the sentence and then its
    reports' addresses. (With ``Filters.per_incident`` the events hold one lead per incident: one row each.)"""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for se in events:
        e = se.event
        places = event_places(e)
        p = places[0] if places else None
        actors = list(e.actors)
        notes = e.sentence or ""
        if len(actors) > 2:
            notes += " [Other actors: " + "; ".join(actors[2:]) + "]"
        source = se.source
        incident = incidents.get(se.incident_id) if incidents and se.incident_id else None
        if incident is not None and incident.reports > 1:
            source = "; ".join(incident.sources) or source
            notes += f" [{incident.reports} reports: " + "; ".join(incident.urls) + "]"
        code = p.entry.country_code if p else None
        w.writerow([_middle(se), time_precision(se) or "", csv_cell(e.type), csv_cell(actors[0] if actors else ""),
                    csv_cell(actors[1] if len(actors) > 1 else ""), csv_cell(names.get(code, code) if code else ""),
                    csv_cell(p.entry.admin1 if p else ""), csv_cell(p.entry.name if p else ""),
                    round(p.entry.lat, 5) if p else "", round(p.entry.lon, 5) if p else "",
                    geo_precision(p) if p else "", csv_cell(source), csv_cell(notes)])
    return buf.getvalue().encode("utf-8")
