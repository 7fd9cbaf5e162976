"""The listed events (``StoredEvent`` records) as downloadable bytes.

CSV, JSON and GeoJSON are the same as `python -m timeline events` (the GeoJSON has one feature per place of each
event, ``places_geojson``: what the map draws, not only the main place), and ``acled_csv`` writes the
columns of ACLED's event data (one row per event at its main place), for tools made for that format.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator

from geo.feature_codes import COUNTY, STATE
from timeline.export import CSV_COLUMNS, csv_cell, event_places, to_csv, to_geojson, to_json
from timeline.records import StoredEvent

from .counts import country_names

__all__ = ["ACLED_COLUMNS", "CSV_COLUMNS", "acled_csv", "iter_events", "places_geojson", "to_csv", "to_json"]

EXPORT_PAGE = 2000  # events read from the store at a time while a download is written


def iter_events(store, filters, bbox=None, page: int = EXPORT_PAGE) -> Iterator[StoredEvent]:
    """Every event passing ``filters`` in ``bbox``, in the list's order, read page by page from the store
    (``timeline.query.EventQueries.events_page``): a download never asks for all events at once."""
    offset = 0
    while True:
        got = store.events_page(filters, bbox=bbox, offset=offset, limit=page)
        yield from got.events
        offset += len(got.events)
        if not got.events or offset >= got.total:
            return

ACLED_COLUMNS = ["event_date", "time_precision", "event_type", "actor1", "actor2", "country", "admin1", "location",
                 "latitude", "longitude", "geo_precision", "source", "notes"]
# ACLED's time precision: 1 the day is known, 2 a week (or a few days), 3 a month or longer; the date written
# for 2 and 3 is the middle of the span.
_TIME_PRECISION = {"day": 1, "hour": 1, "week": 2, "month": 3, "season": 3, "quarter": 3, "year": 3, "decade": 3}


def geo_precision(place) -> int:
    """ACLED's geo precision: 1 a town or site; 2 near a town or part of a region (a district, a county, a
    smaller area); 3 only the first-level region or more is known (a state, province, country, continent), as
    ``timeline import acled`` reads it back (3 -> ADM1)."""
    e = place.entry
    if e.feature_code == STATE or e.is_country or e.feature_code == "CONT":
        return 3
    return 2 if e.feature_code == COUNTY or e.is_area else 1


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


def acled_csv(events: Iterable[StoredEvent], names: dict[str, str] | None = None) -> bytes:
    """ACLED-style CSV: one row per event at its main place (blank place columns when it has none).

    ``names``: country code -> name (``counts.country_names`` of the events, or the store's
    ``gazetteer_country_names()``); given, ``events`` is read once, as it comes (a generator over the store's pages)."""
    if names is None:
        events = list(events)
        names = country_names(events)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(ACLED_COLUMNS)
    for se in events:
        e = se.event
        places = event_places(e)
        p = places[0] if places else None
        actors = list(e.actors)
        notes = e.sentence or ""
        if len(actors) > 2:
            notes += " [Other actors: " + "; ".join(actors[2:]) + "]"
        code = p.entry.country_code if p else None
        w.writerow([_middle(se), time_precision(se) or "", csv_cell(e.type), csv_cell(actors[0] if actors else ""),
                    csv_cell(actors[1] if len(actors) > 1 else ""), csv_cell(names.get(code, code) if code else ""),
                    csv_cell(p.entry.admin1 if p else ""), csv_cell(p.entry.name if p else ""),
                    round(p.entry.lat, 5) if p else "", round(p.entry.lon, 5) if p else "",
                    geo_precision(p) if p else "", csv_cell(se.source), csv_cell(notes)])
    return buf.getvalue().encode("utf-8")


def places_geojson(events: Iterable[StoredEvent]) -> bytes:
    """One GeoJSON feature per placed place of each event: ``timeline.export.to_geojson``, as the CLI writes it."""
    return to_geojson(events)
