"""How a stored record reads to the reader: an event's date and a place's name, as the map, the timeline
and the event list all show them (plain text; each caller escapes it for its own medium)."""
from __future__ import annotations

from geo.records import PlaceMention
from timeline.records import Event, StoredEvent
from timeline.query import REVIEW_PLACE_SCORE, place_doubtful


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


DOUBTFUL_PLACE_SCORE = REVIEW_PLACE_SCORE  # the store's review filter applies the same threshold
_BASIS = {"own": "in its own sentence", "carried": "carried from an earlier sentence",
          "reported": "only the publication date"}


def sureness_label(event: Event, place: PlaceMention | None) -> str:
    """How sure the reading is: ``place score 0.72 (doubtful) · date to the day, carried from an earlier
    sentence``."""
    parts = []
    if place is not None and place.entry is not None:
        parts.append(f"place score {place.score:.2f}" + (" (doubtful)" if place_doubtful(place) else ""))
    if event.date is None:
        parts.append("no date")
    else:
        prec = event.date.precision or "range"
        parts.append(f"date to the {prec}, {_BASIS.get(event.date_basis, event.date_basis)}")
    return " · ".join(parts)


def corrected_label(se: StoredEvent) -> str:
    """``corrected: date, place`` when a reader corrected the event (timeline.store.corrections), else ""."""
    return f"corrected: {', '.join(se.corrected)}" if se.corrected else ""
