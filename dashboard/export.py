"""The listed events (``StoredEvent`` records) as downloadable bytes.

CSV, JSON and GeoJSON are the same as `python -m timeline events` (the GeoJSON has one feature per place of each
event, ``places_geojson``: what the map draws, not only the main place), and ``acled_csv`` writes the
columns of ACLED's event data (one row per event at its main place; an incident's lead as the incident, with
all its sources), for tools made for that format.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from timeline.export import CSV_COLUMNS, to_csv, to_geojson, to_json
from timeline.imports import acled
from timeline.records import Incident, StoredEvent

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

ACLED_COLUMNS = acled.COLUMNS


def acled_csv(events: Iterable[StoredEvent], names: dict[str, str] | None = None,
              incidents: Iterable[Incident] = ()) -> bytes:
    """ACLED-style CSV (``timeline.imports.acled.to_csv``, the module that also reads it back): one row per
    event at its main place; a lead event of one of ``incidents`` as its incident (every outlet in ``source``,
    its reports in ``notes``).

    ``names``: country code -> name (``counts.country_names`` of the events, or the store's
    ``gazetteer_country_names()``); given, ``events`` is read once, as it comes (a generator over the store's pages)."""
    if names is None:
        events = list(events)
        names = country_names(events)
    return acled.to_csv(events, names, {i.id: i for i in incidents})


def places_geojson(events: Iterable[StoredEvent]) -> bytes:
    """One GeoJSON feature per placed place of each event: ``timeline.export.to_geojson``, as the CLI writes it."""
    return to_geojson(events)
