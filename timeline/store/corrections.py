"""A reader's corrections of an event: another gazetteer reading for its place, another day for its date.

``Correction`` is the record ``timeline.store.Store`` keeps (table ``corrections``, migration 6) and gives
back; ``apply`` turns an ``Event`` as the pipeline found it into the corrected one. The store writes the
corrected event into its rows at once (so every query, in SQL or in memory, sees it) and applies the same
records again whenever ``Store.save`` stores the article anew (a re-ingest finds the same event ids: they
are made from the article id and the clause's offsets).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Iterable

from geo.records import GazetteerEntry, PlaceMention
from timeline.records import Event
from timeline.timex import Timex

FIELDS = ("place", "date")
CORRECTED_SCORE = 1.0  # a reading the reader picked is not in doubt


@dataclass(frozen=True, slots=True)
class Correction:
    """What a reader set for one event: ``place`` (a gazetteer entry) when ``field`` is "place", ``day``
    when it is "date"; ``made_at`` is UTC, ISO 8601."""

    event_id: str
    article_id: str
    field: str  # one of FIELDS
    place: GazetteerEntry | None = None
    day: dt.date | None = None
    made_at: str = ""

    def __post_init__(self) -> None:
        if self.field not in FIELDS:
            raise ValueError(f"a correction is of {' or '.join(FIELDS)}, not {self.field!r}")
        if (self.field == "place") != (self.place is not None) or (self.field == "date") != (self.day is not None):
            raise ValueError(f"a {self.field} correction needs {'a place' if self.field == 'place' else 'a day'} "
                             "and nothing else")

    def to_dict(self) -> dict:
        value = dataclasses.asdict(self.place) if self.place else self.day.isoformat()
        return {"event_id": self.event_id, "article_id": self.article_id, "field": self.field, "value": value,
                "made_at": self.made_at}

    def value_json(self) -> str:
        """The stored ``value`` column: the entry's fields, or ``{"day": "YYYY-MM-DD"}``."""
        value = dataclasses.asdict(self.place) if self.place else {"day": self.day.isoformat()}
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_row(cls, event_id: str, article_id: str, field: str, value: str, made_at: str) -> "Correction":
        v = json.loads(value)
        if field == "place":
            return cls(event_id, article_id, field, place=GazetteerEntry(**v), made_at=made_at)
        return cls(event_id, article_id, field, day=dt.date.fromisoformat(v["day"]), made_at=made_at)


def apply(event: Event, corrections: Iterable[Correction]) -> Event:
    """``event`` with each of ``corrections`` (those of other events are ignored) applied in order."""
    for c in corrections:
        if c.event_id != event.id:
            continue
        if c.field == "place":
            old = event.location
            new = corrected_place(old, c.place, event)
            same = (old.start, old.end) if old else None
            # the same mention among the clause's places is read anew too (the map draws it once)
            places = tuple(new if same and (p.start, p.end) == same else p for p in event.places)
            event = dataclasses.replace(event, location=new, places=places)
        else:
            event = dataclasses.replace(event, date=corrected_date(event.date, c.day, event), date_basis="own")
    return event


def corrected_place(old: PlaceMention | None, entry: GazetteerEntry, event: Event) -> PlaceMention:
    """The mention ``old`` read as ``entry`` (an unplaced event gets a mention at its clause's start)."""
    if old is None:
        return PlaceMention(text=entry.name, start=event.start, end=event.start, entry=entry, score=CORRECTED_SCORE)
    return PlaceMention(text=old.text, start=old.start, end=old.end, entry=entry, score=CORRECTED_SCORE)


def corrected_date(old: Timex | None, day: dt.date, event: Event) -> Timex:
    """The date expression ``old`` (kept as the text it was read from) set to the one ``day``."""
    iso = day.isoformat()
    text, start, end = (old.text, old.start, old.end) if old else (iso, event.start, event.start)
    return Timex(text=text, start=start, end=end, type="DATE", value=iso, earliest=iso, latest=iso, precision="day")
