"""How many of the shown events fall in each country (issue #10, "Counts"): a table beside the timeline.

An event counts once for every country one of its placed places lies in (a meeting in Rome about Libya counts
for Italy and for Libya), so the counts can add up to more than the events shown.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Iterable, Sequence

from timeline.records import StoredEvent
from timeline.query import event_places



def country_names(events: Iterable[StoredEvent]) -> dict[str, str]:
    """Country code -> the gazetteer's name of the country, for the countries that are places of ``events``."""
    return {p.entry.country_code: p.entry.name for se in events for p in event_places(se.event)
            if p.entry.is_country and p.entry.country_code}


@lru_cache(maxsize=1)
def gazetteer_country_names() -> dict[str, str]:
    """Country code -> the gazetteer's name of every country (``geo.sources.countries``, a small file read
    once): the names of the counts per country without reading every stored event's places."""
    from geo.sources import countries

    return {entry.country_code: entry.name for entry, _ in countries() if entry.country_code}


def event_countries(events: Iterable[StoredEvent]) -> dict[str, tuple[str, ...]]:
    """Event id -> the country codes of its placed places (built once per data set: the app counts from it)."""
    return {se.event.id: tuple(sorted({p.entry.country_code for p in event_places(se.event) if p.entry.country_code}))
            for se in events}


def country_counts(events: Sequence[StoredEvent], countries: dict[str, tuple[str, ...]] | None = None,
                   names: dict[str, str] | None = None) -> list[tuple[str, str, int]]:
    """(country code, country name, events) for every country of a placed place, most events first.

    The name is the gazetteer's, from a place that is the country itself; the code where none is.
    ``countries``/``names``: ``event_countries``/``country_names`` of a larger set the events are from."""
    countries = event_countries(events) if countries is None else countries
    names = country_names(events) if names is None else names
    counts = Counter(code for se in events for code in countries.get(se.event.id, ()))
    return [(code, names.get(code, code), n) for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
