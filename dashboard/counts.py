"""How many of the shown events fall in each country (issue #10, "Counts"): a table beside the timeline.

An event counts once for every country one of its placed places lies in (a meeting in Rome about Libya counts
for Italy and for Libya), so the counts can add up to more than the events shown.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from timeline.model import StoredEvent

from .filters import event_places


def country_names(events: Iterable[StoredEvent]) -> dict[str, str]:
    """Country code -> the gazetteer's name of the country, for the countries that are places of ``events``."""
    return {p.entry.country_code: p.entry.name for se in events for p in event_places(se.event)
            if p.entry.is_country and p.entry.country_code}


def country_counts(events: Sequence[StoredEvent]) -> list[tuple[str, str, int]]:
    """(country code, country name, events) for every country of a placed place, most events first.

    The name is the gazetteer's, from a place that is the country itself; the code where none is."""
    counts: Counter[str] = Counter()
    for se in events:
        counts.update({p.entry.country_code for p in event_places(se.event) if p.entry.country_code})
    names = country_names(events)
    return [(code, names.get(code, code), n) for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
