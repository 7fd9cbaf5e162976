"""One event of an event data set (ACLED, GDELT), and the synthetic article with one event it becomes.

The data sets have no article text: what they keep of the report (ACLED's notes, GDELT's source URL) is the
evidence. The article's text is the evidence sentence followed by a line for the date and one for the place, so
the event's Timex and PlaceMention point at real offsets of the text, as the analysis' do.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from geo.records import GazetteerEntry, PlaceMention
from timeline.records import Actor, Analysis, Article, Event
from timeline.timex import Timex
from timeline.timex.calendar import Period

# The date precisions a data set can state, as the calendar's granularities (and Timex precisions).
GRANULARITIES = ("day", "week", "month")


@dataclass(frozen=True, slots=True)
class ImportedArticle(Article):
    """An article made for one imported event: its id comes from the data set's own event id (``key``), so
    importing the event again (even after the data set corrected its notes or place) replaces it."""

    key: str = ""  # "ACLED:SYR123456", "GDELT:1234567890"

    @property
    def id(self) -> str:
        return hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class FieldPlace:
    """Where the data set puts the event, at the precision it states (``feature_code``: PPL, ADM2, ADM1, PCLI)."""

    name: str
    lat: float
    lon: float
    country_code: str | None
    feature_code: str
    label: str = ""  # the full name written in the article ("Aleppo, Aleppo, Syria"); the name when empty
    admin1: str | None = None
    geonameid: int | None = None


@dataclass(frozen=True, slots=True)
class FieldEvent:
    """One row of a data set, read: everything the synthetic article and its event are made of."""

    source: str  # "ACLED" or "GDELT": the article's source, what the source filter tells apart
    key: str  # the data set's own event id
    type: str  # a PLOVER type (timeline.events.type_lexicon.EVENT_TYPES)
    day: dt.date | None  # the day the data set gives (None: undated, as the project's own ACLED export writes one)
    granularity: str  # one of GRANULARITIES: the span of days that day stands for
    evidence: str  # the event's sentence: ACLED's notes, GDELT's coded event in words
    published: dt.date | None
    title: str = ""
    url: str = ""
    place: FieldPlace | None = None
    actors: tuple[Actor, ...] = ()
    details: tuple[str, ...] = ()  # more lines of the article (its sources, fatalities, codes)

    @property
    def event_id(self) -> str:
        return f"{self.source.lower()}-{self.key}"


def field_timex(day: dt.date, granularity: str, *, text: str, start: int) -> Timex:
    """The Timex of a day stated at a precision: the day, its ISO week, or its month."""
    period = Period.containing(granularity, day)
    lo, hi = period.bounds
    return Timex(text=text, start=start, end=start + len(text), type="DATE", value=period.value,
                 earliest=lo.isoformat(), latest=hi.isoformat(), precision=period.precision)


def to_analysis(fe: FieldEvent) -> Analysis:
    """The synthetic article of ``fe`` with its one event, its actors, its place and its date."""
    evidence = fe.evidence.strip()
    parts = [evidence]
    if fe.day is not None:
        parts.append("\n\nDate: ")
        date_start = sum(map(len, parts))
        date_text = fe.day.isoformat()
        parts += [date_text, f" ({fe.granularity})"]
    mention = None
    if fe.place is not None:
        parts.append("\nPlace: ")
        place_start = sum(map(len, parts))
        label = fe.place.label or fe.place.name
        parts.append(label)
        # The mention is the place's name where the label writes it (a label starts with the name, or is it).
        offset = max(label.find(fe.place.name), 0) if fe.place.name else 0
        text = fe.place.name if fe.place.name and fe.place.name in label else label
        p = fe.place
        entry = GazetteerEntry(geonameid=p.geonameid, name=p.name or label, lat=p.lat, lon=p.lon,
                               country_code=p.country_code, feature_code=p.feature_code, admin1=p.admin1,
                               source=fe.source)
        mention = PlaceMention(text=text, start=place_start + offset, end=place_start + offset + len(text),
                               entry=entry, score=1.0)
    for line in fe.details:
        parts.append("\n" + line)
    article = ImportedArticle(text="".join(parts), title=fe.title, source=fe.source, url=fe.url,
                              published=fe.published, key=f"{fe.source}:{fe.key}")
    timex = field_timex(fe.day, fe.granularity, text=date_text, start=date_start) if fe.day is not None else None
    event = Event(id=fe.event_id, article_id=article.id, sentence=evidence, start=0, end=len(evidence),
                  type=fe.type, date=timex, location=mention, places=(mention,) if mention else (),
                  actors=tuple(dict.fromkeys(a.name for a in fe.actors)),
                  lead=True)  # a coded row is one happening: its synthetic article's lead, asserted
    return Analysis(article=article, events=(event,), actors=fe.actors, places=(mention,) if mention else (),
                    timexes=(timex,) if timex else ())


@dataclass(frozen=True, slots=True)
class RowResult:
    """One row of an imported file: its number (as a spreadsheet or ``sed -n`` counts: the header, if any, is
    row 1) and the event read from it, or why it could not be."""

    row: int
    event: FieldEvent | None
    error: str = ""


class RowError(ValueError):
    """What is wrong with one row (a one-line message, without the row number)."""
