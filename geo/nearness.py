"""The places an article's sure choices anchor, bucketed so "how near is the closest other anchor?" is local.

The resolver rewards a reading close to the places already chosen with a clear margin (``Resolver._nearness``).
Asking every anchor for every reading made resolution quadratic in the article's length: a long article has
thousands of mentions and as many anchors. Points go into a grid over 3-D unit vectors whose cell is as wide
as the straight-line (chord) distance of the reach: two points within the reach on the sphere are within it
in space too, so they lie in the same or adjacent cells (27 to look at), at any latitude and across the
antimeridian. The distances themselves are the same ``haversine_km`` the resolver always used, so every
nearness within the reach is what the quadratic loop found.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

from geo.geometry import EARTH_RADIUS_KM, haversine_km
from geo.records import GazetteerEntry

# Float slack on the cell width: a point right at the reach must not fall two cells away by rounding.
_CELL_SLACK = 1.001
_NEIGHBOURS = tuple((dx, dy, dz) for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dz in (-1, 0, 1))


class NearbyAnchors:
    """Anchors ``(entry, mention text)``; ``nearest_km`` answers within ``reach_km``, ``inf`` beyond it.

    Entries whose feature code is in ``skip_codes`` (countries, states: too large to be near a point) never
    anchor; the same point named by the same text is kept once.
    """

    def __init__(self, anchors: Iterable[tuple[GazetteerEntry, str]], *, reach_km: float,
                 skip_codes: frozenset[str] = frozenset()):
        self.reach_km = reach_km
        self._cell = 2 * math.sin(min(math.pi / 2, reach_km / (2 * EARTH_RADIUS_KM))) * _CELL_SLACK
        self._grid: dict[tuple[int, int, int], dict[tuple[float, float], set[str]]] = {}
        for entry, text in anchors:
            if entry.feature_code in skip_codes:
                continue
            point = (entry.lat, entry.lon)
            self._grid.setdefault(self._cell_of(*point), {}).setdefault(point, set()).add(text)

    def __bool__(self) -> bool:
        return bool(self._grid)

    def nearest_km(self, lat: float, lon: float, *, other_than: str) -> float:
        """The distance to the closest anchor named by another text than ``other_than`` (the mention's own
        name never anchors itself), when it is within the reach; ``inf`` otherwise."""
        best = math.inf
        cx, cy, cz = self._cell_of(lat, lon)
        for dx, dy, dz in _NEIGHBOURS:
            for (other_lat, other_lon), texts in self._grid.get((cx + dx, cy + dy, cz + dz), {}).items():
                if len(texts) == 1 and other_than in texts:
                    continue
                best = min(best, haversine_km(lat, lon, other_lat, other_lon))
        return best if best < self.reach_km else math.inf

    def _cell_of(self, lat: float, lon: float) -> tuple[int, int, int]:
        phi, lam = math.radians(lat), math.radians(lon)
        x, y, z = math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)
        return math.floor(x / self._cell), math.floor(y / self._cell), math.floor(z / self._cell)
