"""Polygons cut at the antimeridian, so a map draws Russia or Fiji as two shapes, not one stretched around
the world (an edge from 179.9°E to -179.9° is drawn straight across every longitude: a stripe).

A ring is given as [[lon, lat], ...], closed (its last point repeats its first), as GeoJSON has it.
"""
from __future__ import annotations

Ring = list[list[float]]


def _unwrap(ring: Ring, start: float | None = None) -> Ring:
    """The ring with each longitude moved by whole turns to within 180° of the one before (its first point
    moved next to ``start`` when given), so a ring crossing the antimeridian runs on past ±180."""
    out: Ring = []
    prev = start
    for lon, lat in ring:
        if prev is not None:
            lon += 360.0 * round((prev - lon) / 360.0)
        out.append([lon, lat])
        prev = lon
    return out


def _clip(ring: Ring, x: float, keep_below: bool) -> Ring:
    """Sutherland-Hodgman against the meridian ``x``: the part of the ring west (``keep_below``) or east of it."""
    def inside(p):
        return p[0] <= x if keep_below else p[0] >= x

    out: Ring = []
    pts = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    for i, cur in enumerate(pts):
        prev = pts[i - 1]
        if inside(cur) != inside(prev):
            t = (x - prev[0]) / (cur[0] - prev[0])
            out.append([x, prev[1] + t * (cur[1] - prev[1])])
        if inside(cur):
            out.append(list(cur))
    if len(out) < 3:
        return []
    return out + [list(out[0])]


def _shift(ring: Ring, by: float) -> Ring:
    return [[lon + by, lat] for lon, lat in ring]


def split_polygon(rings: list[Ring], ndigits: int = 3) -> list[list[Ring]]:
    """A polygon (outer ring, then holes) as one or more polygons none of whose edges crosses ±180°.

    A ring that winds around a pole (Antarctica: unwrapped, it does not close) is left as it is."""
    if not rings:
        return [rings]
    outer = _unwrap(rings[0])
    if abs(outer[-1][0] - outer[0][0]) > 1e-6:  # around a pole
        return [rings]
    lo, hi = min(p[0] for p in outer), max(p[0] for p in outer)
    if lo >= -180 and hi <= 180:
        return [rings]
    cut = 180.0 if hi > 180 else -180.0
    west_side = cut > 0  # the part in [-180, 180] is west of +180 or east of -180
    frame = [outer] + [_unwrap(h, start=outer[0][0]) for h in rings[1:]]
    pieces = []
    for keep_below, shift in ((west_side, 0.0), (not west_side, -360.0 if cut > 0 else 360.0)):
        parts = [_shift(_clip(r, cut, keep_below), shift) for r in frame]
        if parts[0]:
            pieces.append([[[round(lon, ndigits), round(lat, ndigits)] for lon, lat in r] for r in parts if r])
    return pieces
