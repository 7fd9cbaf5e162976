"""An incident's summary (``timeline.records.Incident``) from the reports merged into it.

The SQLite store rewrites the summary whenever a report joins or leaves, or a reader corrects a lead's place or
date; the dataset build writes it once per incident. Both read it here, so the two stores give one record.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from timeline.incidents.fatalities import fatalities
from timeline.incidents.leads import Lead, place_precision
from timeline.records import Incident


@dataclass(frozen=True, slots=True)
class Report:
    """One article of an incident as its summary reads it: its lead and what the store knows beside it."""

    lead: Lead
    actors: tuple[str, ...] = ()  # of the lead event
    source: str = ""
    url: str = ""


@lru_cache(maxsize=16384)
def _toll(sentence: str, title: str) -> int | None:
    """``fatalities`` of a lead, kept: the store summarises an incident again each time a report joins it."""
    return fatalities(sentence, title)


def _most_common(values: Sequence):
    """The value said most often; on a tie the one said first (the earliest report's)."""
    counts = Counter(values)
    top = max(counts.values())
    return next(v for v in values if counts[v] == top)


def summarise(incident_id: str, reports: Sequence[Report]) -> Incident:
    """The incident of ``reports`` (in the order they joined it; at least one)."""
    if not reports:
        raise ValueError(f"incident {incident_id} has no reports")
    leads = [r.lead for r in reports]
    days = [x.day for x in leads if x.day is not None]
    placed = [x.place for x in leads if x.place is not None]
    place = None
    if placed:
        key = _most_common([(p.entry.geonameid, p.entry.name, p.entry.lat, p.entry.lon) for p in placed])
        place = next(p for p in placed if (p.entry.geonameid, p.entry.name, p.entry.lat, p.entry.lon) == key)
    published = [x.published for x in leads if x.published is not None]
    tolls = [n for n in (_toll(x.sentence, x.title) for x in leads) if n is not None]
    return Incident(
        id=incident_id, type=_most_common([x.type for x in leads]),
        first_day=min(days) if days else None, last_day=max(days) if days else None,
        day_precision=("day" if any(x.day_in_text for x in leads) else "published") if days else None,
        location=place.mention if place else None,
        place_precision=place_precision(place.entry) if place else None,
        lat=place.entry.lat if place else None, lon=place.entry.lon if place else None,
        actors=tuple(dict.fromkeys(a for r in reports for a in r.actors)),
        event_ids=tuple(x.event_id for x in leads if x.event_id),
        article_ids=tuple(x.article_id for x in leads),
        sources=tuple(dict.fromkeys(r.source for r in reports if r.source)),
        urls=tuple(dict.fromkeys(r.url for r in reports if r.url)),
        first_report=min(published) if published else None, last_report=max(published) if published else None,
        fatalities=max(tolls) if tolls else None)


