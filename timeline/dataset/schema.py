"""The Parquet dataset's columns, derived from the records (``Article``, ``Event``, ``Actor``, the incidents'
``Lead`` and ``Incident``), not written out.

A record's field becomes a column of the Arrow type of its annotation: ``str`` string, ``int`` int64,
``float`` float64, ``bool`` bool, ``datetime.date`` date32, ``X | None`` a nullable X, ``tuple[X, ...]`` a
list of X, and a nested record (``Timex``, ``PlaceMention``, ``GazetteerEntry``) a struct of its own fields.
``to_row`` turns a record into the row of that type and ``from_row`` turns a row (as pyarrow or DuckDB give
it back) into the record again, so a field added to a record is a column of the dataset with no other change.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from functools import lru_cache

import pyarrow as pa

from timeline.incidents.leads import Lead
from timeline.records import IN_MEMORY, Actor, Article, Event, Incident, StoredEvent

_SCALARS = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), dt.date: pa.date32()}

# Columns that are not a record's field, each with why it is there.
MONTH = "month"  # hive partition key: YYYY-MM of the event's first day (articles, actors: of publication)
UNDATED = "undated"  # the partition of what has no date
# Event.day_range, the days of the date's Timex.earliest/latest: the window filter and the time bins use these.
# Named as the SQLite store names them (version 1 of the dataset called them day_first, day_last).
DERIVED_EVENT_COLUMNS = (
    pa.field("date_earliest", pa.date32()),
    pa.field("date_latest", pa.date32()),
)
# Columns a version 1 dataset names otherwise, as (old name, name now): its readers rename them.
RENAMED_SINCE_V1 = (("day_first", "date_earliest"), ("day_last", "date_latest"))


def arrow_type(hint) -> pa.DataType:
    """The Arrow type of one field annotation (see the module doc)."""
    hint = _without_none(hint)
    if hint in _SCALARS:
        return _SCALARS[hint]
    if typing.get_origin(hint) is tuple:
        item, *rest = typing.get_args(hint)
        if rest != [Ellipsis]:
            raise TypeError(f"only tuple[X, ...] fields map to a column, not {hint}")
        return pa.list_(arrow_type(item))
    if dataclasses.is_dataclass(hint):
        return pa.struct(record_fields(hint))
    raise TypeError(f"no column type for a field of type {hint}")


@lru_cache(maxsize=None)
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _stored_fields(cls_or_record) -> list[dataclasses.Field]:
    """The fields a dataset keeps: all but those marked in memory only (``timeline.records.IN_MEMORY``)."""
    return [f for f in dataclasses.fields(cls_or_record) if not f.metadata.get(IN_MEMORY)]


def record_fields(cls) -> list[pa.Field]:
    hints = _hints(cls)
    return [pa.field(f.name, arrow_type(hints[f.name])) for f in _stored_fields(cls)]


def to_row(record, *, exclude: tuple[str, ...] = ()) -> dict:
    """A record as a dict of its stored fields (less ``exclude``), nested records as dicts and tuples as lists."""
    return {f.name: _value(getattr(record, f.name)) for f in _stored_fields(record) if f.name not in exclude}


def _value(v):
    if dataclasses.is_dataclass(v):
        return to_row(v)
    if isinstance(v, tuple):
        return [_value(x) for x in v]
    return v


def from_row(cls, row: dict):
    """``to_row``'s inverse: the record of type ``cls`` from a row, reading nested structs and lists back."""
    hints = _hints(cls)
    return cls(**{f.name: _read(hints[f.name], row[f.name]) for f in dataclasses.fields(cls) if f.name in row})


def _read(hint, v):
    if v is None:
        return None
    hint = _without_none(hint)
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_read(item, x) for x in v)
    if dataclasses.is_dataclass(hint):
        return from_row(hint, v)
    if hint is dt.date and isinstance(v, dt.datetime):
        return v.date()
    return v


def _without_none(hint):
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"only X | None unions map to a column, not {hint}")
        return args[0]
    return hint


# A lead row's words (timeline.incidents.merging.LeadText, a list column each), and what an incident's summary
# reads beside the Lead (its event's actors, its article's outlet and address): the incidents pass of a build
# merges the leads from these rows alone, with no analysis and no join.
LEAD_WORDS = (("title_words", "title"), ("opening_words", "opening"), ("names", "names"), ("numbers", "numbers"))
LEAD_EXTRAS = (pa.field("actors", pa.list_(pa.string())), pa.field("source", pa.string()),
               pa.field("url", pa.string()))

# --- the tables --------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def table_schemas() -> dict[str, pa.Schema]:
    """Each table's schema (without the ``month`` partition column, which is the folder name)."""
    return {
        "articles": pa.schema([pa.field("id", pa.string()), *record_fields(Article)]),
        # An event row is a StoredEvent: the Event's fields, then its own (the article's title, source, ...);
        # not ``corrected``: a built data set is read-only, corrections live in the SQLite store.
        "events": pa.schema([*record_fields(Event),
                             *(f for f in record_fields(StoredEvent) if f.name not in ("event", "corrected")),
                             *DERIVED_EVENT_COLUMNS]),
        "event_places": pa.schema([  # one row per placed point of an event: map boxes, cells, countries
            pa.field("event_id", pa.string()), pa.field("article_id", pa.string()), pa.field("position", pa.int32()),
            pa.field("lat", pa.float64()), pa.field("lon", pa.float64()), pa.field("country_code", pa.string()),
            *DERIVED_EVENT_COLUMNS]),
        "actors": pa.schema([pa.field("article_id", pa.string()), *record_fields(Actor)]),
        # each article's lead (none for an article with no event), filed under its publication month
        "leads": pa.schema([*record_fields(Lead), *LEAD_EXTRAS,
                            *(pa.field(column, pa.list_(pa.string())) for column, _ in LEAD_WORDS)]),
    }


TABLES = ("articles", "events", "event_places", "actors", "leads")  # a unit's tables, partitioned by month
# The incidents of the whole dataset: written by the build's last pass (timeline.dataset.incidents), one file
# replacing the last, not partitioned (an incident's reports span months).
INCIDENTS = "incidents"


@lru_cache(maxsize=None)
def incident_schema() -> pa.Schema:
    return pa.schema(record_fields(Incident))


def month_of(day: dt.date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day else UNDATED
