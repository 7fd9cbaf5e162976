"""The plain records of the timeline: an article, the actors it names, the events it reports.

Dates and places inside events are kept as the JSON-ready TIMEX and PLACE dicts of DESIGN.md, so that what
the store saves, the CLI prints and the dashboard draws are one and the same shape.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

ACTOR_KINDS = ("person", "organization", "group", "country", "government")


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: dt.date | None = None
    path: str = ""

    @property
    def id(self) -> str:
        """Stable across runs: the URL when there is one, else the title, date and text."""
        basis = self.url or f"{self.title}\n{self.published}\n{self.text}"
        return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "source": self.source, "url": self.url,
                "published": self.published.isoformat() if self.published else None, "path": self.path}


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
    date: dict | None  # TIMEX, with "reported": true when it is only the publication date
    location: dict | None  # PLACE where it happened
    places: tuple[dict, ...] = ()
    actors: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "sentence": self.sentence, "start": self.start, "end": self.end, "type": self.type,
                "date": self.date, "location": self.location, "places": list(self.places),
                "actors": list(self.actors)}


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything found in one article."""

    article: Article
    events: tuple[Event, ...] = ()
    actors: tuple[Actor, ...] = ()
    places: tuple[dict, ...] = ()
    timexes: tuple[dict, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {"article": self.article.to_dict(), "events": [e.to_dict() for e in self.events],
                "actors": [a.to_dict() for a in self.actors]}
