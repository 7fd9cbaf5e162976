"""What the dashboard knows of the whole store, asked once per store revision (no Streamlit): the event and
placed totals, the date extent and opening window, the sidebar's options with their counts, the type colours,
the map's opening view and the country names.

Every answer comes from the store's own queries (``timeline.query.EventQueries``: SQLite or DuckDB over a
Parquet dataset), so it is a few thousand values at most whatever the number of events; nothing here holds
the events themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

from timeline.query import Bounds, Filters

from . import filters as flt
from .counts import gazetteer_country_names
from .regions import PlaceOptions, options_from_counts
from .type_colors import type_colors

WORLD = Bounds(-90.0, -180.0, 90.0, 180.0)
ARTICLE_OPTIONS = 500  # the Article list offers the articles with most events (a link may name any other)


@dataclass(frozen=True)
class Overview:
    total: int  # stored events
    placed: int  # events with a placed place
    extent: tuple | None  # (first, last) date the slider can show, or None
    window: tuple | None  # the window the app opens on (filters.window_of_ranges)
    spans: tuple  # the stretches of days with dated events (filters.dated_spans): Step and Play skip the rest
    counts: dict[str, int]  # events per actor, most first
    titles: dict[str, str]  # article id -> title, for the Article list's options (most events first)
    article_ids: frozenset[str]  # every stored article (a share link's article is checked against these)
    types: list[str]
    sources: list[str]
    colors: dict[str, str]
    bounds: list | None  # the map's initial view [[s, w], [n, e]]
    country_names: dict[str, str]  # country code -> name
    places: PlaceOptions  # the country and region filter's options (dashboard.regions)

    @property
    def known(self) -> dict[str, set[str]]:
        return {"actor": set(self.counts), "type": set(self.types), "source": set(self.sources),
                "article": set(self.article_ids), "country": set(self.places.countries),
                "region": set(self.places.regions)}


def build_overview(store) -> Overview:
    """The ``Overview`` of ``store`` (any ``EventQueries``)."""
    all_ = Filters()
    types = flt.distinct(v.value for v in store.value_counts("types", all_))
    articles = store.value_counts("articles", all_)
    extent = flt.slider_extent(store.date_extent(all_))
    ranges = store.day_ranges(all_)
    box = store.point_bounds(all_)
    return Overview(
        total=store.event_count(all_), placed=store.event_count(all_, bbox=WORLD), extent=extent,
        window=flt.window_of_ranges(ranges, extent), spans=flt.dated_spans(ranges),
        counts={v.value: v.count for v in store.value_counts("actors", all_)},
        titles=store.article_titles(v.value for v in articles[:ARTICLE_OPTIONS]),
        article_ids=frozenset(v.value for v in articles), types=types,
        sources=flt.distinct(v.value for v in store.value_counts("sources", all_)),
        colors=type_colors(types),
        bounds=[[box.south - 1, box.west - 1], [box.north + 1, box.east + 1]] if box else None,
        country_names=gazetteer_country_names(),
        places=options_from_counts(store.value_counts("countries", all_), store.value_counts("regions", all_)))
