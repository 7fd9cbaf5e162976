"""How a stored record reads to the reader: an event's date and a place's name, as the map, the timeline
and the event list all show them (plain text; each caller escapes it for its own medium)."""
from __future__ import annotations

from geo.records import PlaceMention
from timeline.model import Event


def date_label(event: Event) -> str:
    """``2016-02-08``, ``2016-01-18 to 2016-01-24 (week)``, the TIMEX value when it has no days, or ``undated``."""
    t = event.date
    if t is None:
        return "undated"
    r = event.day_range
    if r and r[0] != r[1]:
        return f"{r[0]} to {r[1]} ({t.precision or ''})"
    return f"{r[0]}" if r else str(t.value or t.text)


def place_name(place: PlaceMention) -> str:
    """The gazetteer's name of a placed mention, else the words of the text."""
    return (place.entry.name if place.entry else "") or place.text or ""
