"""The records of the timeline: the actors an article names, the events it reports (``Article`` itself is
``articles.record.Article``, re-exported here).

They travel as frozen dataclasses from the NLP to the store and back: an event's date is a ``Timex``, its
location and places are ``geo.records.PlaceMention``. Dicts exist only at the edges: ``to_dict()`` gives
the JSON records of the README (EVENT, ACTOR, TIMEX, PLACE), and ``timex_from_dict`` and
``PlaceMention.from_dict`` read them back (the SQLite store's rows).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from articles.dates import iso_day
from articles.record import Article
from geo.records import PlaceMention
from timeline.timex import Timex

# A record field marked so (dataclasses.field(metadata={IN_MEMORY: True})) is not stored: no dataset column
# (timeline.dataset.schema skips it), no SQLite column.
IN_MEMORY = "in_memory"

__all__ = ["ACTOR_KINDS", "DATE_BASES", "DAY_PRECISIONS", "FACTUALITIES", "PLACE_PRECISIONS", "Actor", "Analysis",
           "Article", "Event", "Incident", "StoredEvent", "iso_day", "timex_from_dict", "timex_range"]

ACTOR_KINDS = ("person", "organization", "group", "country", "government")

# Where an event's date comes from: its own clause ("own"), a date carried from an earlier sentence of the
# same narrative ("carried", precision lowered), or only the publication date ("reported"). ``Event.date_basis``
# holds it under that one name in the EVENT record, the SQLite column and the Parquet column alike.
DATE_BASES = ("own", "carried", "reported")

# Whether the text says the event's happening took place (or takes place): "asserted" ("the army attacked"),
# "negated" ("did not attack", "denied that it attacked", "no one was hurt"), or "hypothetical" (a modal, a
# condition, an intention: "could make the crossing", "if the talks fail", "plans to attack").
# timeline.events.factuality reads it from the clause's parse.
FACTUALITIES = ("asserted", "negated", "hypothetical")


# How sure an incident's days are: "day" when a report's text dates its lead (a weekday, "yesterday", a date),
# "published" when the days are only the reports' publication days.
DAY_PRECISIONS = ("day", "published")
# What kind of place an incident's location is (the gazetteer entry's feature code, read by
# timeline.incidents.leads.place_precision): a town is a point, a country only its centre.
PLACE_PRECISIONS = ("town", "county", "state", "country", "other")


@dataclass(frozen=True, slots=True)
class Actor:
    name: str  # canonical
    kind: str  # one of ACTOR_KINDS
    aliases: tuple[str, ...] = ()
    title: str | None = None  # "Defense Secretary", when the article states one

    def to_dict(self) -> dict:
        d = {"name": self.name, "kind": self.kind, "aliases": list(self.aliases)}
        if self.title:
            d["title"] = self.title
        return d


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    article_id: str
    sentence: str
    start: int
    end: int
    type: str
    date: Timex | None
    location: PlaceMention | None  # where it happened
    places: tuple[PlaceMention, ...] = ()  # every place its clause names
    actors: tuple[str, ...] = ()  # canonical actor names
    date_basis: str = "own"  # one of DATE_BASES
    lead: bool = False  # the article's main happening (timeline.events.lead): one event per article at most
    factuality: str = "asserted"  # one of FACTUALITIES
    # the [start, end) spans of the later clauses that retell the same happening (timeline.events.happenings);
    # in memory only: the store and the printed record keep the first telling
    mentions: tuple[tuple[int, int], ...] = field(default=(), metadata={IN_MEMORY: True})

    def to_dict(self) -> dict:
        return {"id": self.id, "sentence": self.sentence, "start": self.start, "end": self.end, "type": self.type,
                "date": self.date.to_dict() if self.date else None, "date_basis": self.date_basis,
                "location": self.location.to_dict() if self.location else None,
                "places": [p.to_dict() for p in self.places], "actors": list(self.actors),
                "lead": self.lead, "factuality": self.factuality}

    @property
    def day_range(self) -> tuple[dt.date, dt.date] | None:
        """The (earliest, latest) days the event's date spans, or None when undated."""
        return timex_range(self.date)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as the store gives it back: the event and the article it came from."""

    event: Event
    article_title: str = ""
    source: str = ""
    url: str = ""
    published: dt.date | None = None
    corrected: tuple[str, ...] = ()  # what a reader corrected ("date", "place"; timeline.store.corrections)
    incident_id: str | None = None  # the incident this article's lead event is merged into (None: not a lead)
    reports: int = 0  # how many articles report that incident ("4 reports"; 0 when not a lead)

    def to_dict(self) -> dict:
        """The EVENT record enriched with its article (``article_id``, ``article_title``, ``source``, ...);
        ``corrected`` only when a reader corrected something; ``incident_id`` and ``reports`` for a lead."""
        d = dict(self.event.to_dict(), article_id=self.event.article_id, article_title=self.article_title,
                 source=self.source, url=self.url, published=self.published.isoformat() if self.published else None)
        if self.corrected:
            d["corrected"] = list(self.corrected)
        if self.incident_id is not None:
            d["incident_id"], d["reports"] = self.incident_id, self.reports
        return d


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything found in one article."""

    article: Article
    events: tuple[Event, ...] = ()
    actors: tuple[Actor, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    timexes: tuple[Timex, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {"article": self.article.to_dict(), "events": [e.to_dict() for e in self.events],
                "actors": [a.to_dict() for a in self.actors]}


@dataclass(frozen=True, slots=True)
class Incident:
    """The reports of one happening across articles, merged (timeline.incidents): one mark on the map.

    Its events are the lead events of its articles (one per article), in the order they joined; ``sources``
    and ``urls`` are the articles' outlets and addresses, each once. ``first_day`` .. ``last_day`` spans the leads' days.
    """

    id: str
    type: str
    first_day: dt.date | None
    last_day: dt.date | None
    day_precision: str | None  # one of DAY_PRECISIONS; None when undated
    location: PlaceMention | None
    place_precision: str | None  # one of PLACE_PRECISIONS; None when unplaced
    lat: float | None
    lon: float | None
    actors: tuple[str, ...]
    event_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    sources: tuple[str, ...]
    urls: tuple[str, ...]
    first_report: dt.date | None
    last_report: dt.date | None
    fatalities: int | None = None  # the most any report's lead says were killed; None when none says

    @property
    def reports(self) -> int:
        """How many articles report it (the dashboard's "4 reports")."""
        return len(self.article_ids)

    def to_dict(self) -> dict:
        """The INCIDENT record (README): dates ISO, the location a PLACE record."""
        return {"id": self.id, "type": self.type,
                "first_day": self.first_day.isoformat() if self.first_day else None,
                "last_day": self.last_day.isoformat() if self.last_day else None, "day_precision": self.day_precision,
                "location": self.location.to_dict() if self.location else None,
                "place_precision": self.place_precision, "lat": self.lat, "lon": self.lon,
                "actors": list(self.actors), "event_ids": list(self.event_ids),
                "article_ids": list(self.article_ids), "sources": list(self.sources), "urls": list(self.urls),
                "first_report": self.first_report.isoformat() if self.first_report else None,
                "last_report": self.last_report.isoformat() if self.last_report else None,
                "fatalities": self.fatalities, "reports": self.reports}


# --- the edges: JSON records back into records ---------------------------------------------------------------

_TIMEX_FIELDS = ("text", "start", "end", "type", "value", "earliest", "latest", "precision")


def timex_from_dict(d: dict | None) -> Timex | None:
    """A Timex from its TIMEX record (``Timex.to_dict``'s inverse); keys it does not know are left out."""
    if not d:
        return None
    return Timex(**{k: d.get(k) for k in _TIMEX_FIELDS})


def timex_range(timex: Timex | None) -> tuple[dt.date, dt.date] | None:
    """The (earliest, latest) days a TIMEX spans (its value when it has no bounds), or None when undated."""
    if timex is None:
        return None
    lo = iso_day(timex.earliest) or iso_day(timex.value)
    hi = iso_day(timex.latest) or lo
    if lo is None:
        return None
    return (lo, hi) if hi >= lo else (hi, lo)
