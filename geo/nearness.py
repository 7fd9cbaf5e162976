"""The places an article's sure choices anchor, bucketed so "how near is the closest other anchor?" is local.

The resolver rewards a reading close to the places already chosen with a clear margin (``Resolver._nearness``).
Asking every anchor for every reading made resolution quadratic in the article's length: a long article has
thousands of mentions and as many anchors. Points go into grids over 3-D unit vectors whose cell is as wide
as the straight-line (chord) distance of a radius: two points within that radius on the sphere are within it
in space too, so they lie in the same or adjacent cells (27 to look at), at any latitude and across the
antimeridian. One grid per radius, the reach and its quarters down to ``_LEVELS`` of them: a question starts
on the finest grid and stops at the first whose radius holds the nearest anchor found, so an article naming
thousands of towns close together (each coarse cell holding hundreds) asks only those in a few small cells.
The distances themselves are the same ``haversine_km`` the resolver always used, and every anchor within the
radius a question stops at is among those it looked at, so every nearness is what the full loop found.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

from geo.geometry import EARTH_RADIUS_KM, haversine_km
from geo.records import GazetteerEntry

# Float slack on the cell width: a point right at the radius must not fall two cells away by rounding.
_CELL_SLACK = 1.001
_NEIGHBOURS = tuple((dx, dy, dz) for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dz in (-1, 0, 1))
_LEVELS = 4  # radii: the reach, a quarter of it, ..., 1/64 of it (500 km, 125 km, 31 km, under 8 km)
_STEP = 4

_Grid = dict[tuple[int, int, int], dict[tuple[float, float], set[str]]]


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


class NearbyAnchors:
    """Anchors ``(entry, mention text)``; ``nearest_km`` answers within ``reach_km``, ``inf`` beyond it.

    Entries whose feature code is in ``skip_codes`` (countries, states: too large to be near a point) never
    anchor; the same point named by the same text is kept once.
    """

    def __init__(self, anchors: Iterable[tuple[GazetteerEntry, str]], *, reach_km: float,
                 skip_codes: frozenset[str] = frozenset()):
        self.reach_km = reach_km
        # (radius, cell width, grid), finest first
        self._levels: list[tuple[float, float, _Grid]] = []
        for k in reversed(range(_LEVELS)):
            radius = reach_km / _STEP ** k
            self._levels.append((radius, 2 * math.sin(min(math.pi / 2, radius / (2 * EARTH_RADIUS_KM))) * _CELL_SLACK,
                                 {}))
        for entry, text in anchors:
            if entry.feature_code in skip_codes:
                continue
            point = (entry.lat, entry.lon)
            xyz = _unit(*point)
            for _radius, cell, grid in self._levels:
                grid.setdefault(_cell_of(xyz, cell), {}).setdefault(point, set()).add(text)

    def __bool__(self) -> bool:
        return bool(self._levels[-1][2])

    def nearest_km(self, lat: float, lon: float, *, other_than: str) -> float:
        """The distance to the closest anchor named by another text than ``other_than`` (the mention's own
        name never anchors itself), when it is within the reach; ``inf`` otherwise."""
        xyz = _unit(lat, lon)
        best = math.inf
        for radius, cell, grid in self._levels:
            cx, cy, cz = _cell_of(xyz, cell)
            best = math.inf
            for dx, dy, dz in _NEIGHBOURS:
                for (other_lat, other_lon), texts in grid.get((cx + dx, cy + dy, cz + dz), {}).items():
                    if len(texts) == 1 and other_than in texts:
                        continue
                    best = min(best, haversine_km(lat, lon, other_lat, other_lon))
            if best <= radius:
                break  # every anchor within the radius was looked at: none nearer lies outside these cells
        return best if best < self.reach_km else math.inf


def _cell_of(xyz: tuple[float, float, float], cell: float) -> tuple[int, int, int]:
    x, y, z = xyz
    return math.floor(x / cell), math.floor(y / cell), math.floor(z / cell)
