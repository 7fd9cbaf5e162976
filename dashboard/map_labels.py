"""Place names for the offline map (issue #10, "map context"): country names at low zoom, the gazetteer's
largest towns as the reader zooms in, from data the project ships (the GeoNames-based gazetteer index).

Python picks the labels and, for each, the lowest zoom at which it can be drawn without running into a label
of more weight (countries first, then towns by population), on Leaflet's own pixel grid; the map draws the
labels whose zoom has come, inside the view, at most ``MAX_PER_VIEW`` of them, so they never swamp the
markers. ``write_labels`` saves them once per process as a small JSON file the map fetches from the app's
static files, like the outlines. Names are HTML-escaped here: the map puts them into label elements as they are.
"""
from __future__ import annotations

import html
import json
import math
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from geo import feature_codes as fc

MIN_ZOOM, MAX_ZOOM = 2, 12  # countries from zoom 2 (the whole world), every label placed by zoom 12
# The first zoom a place may be named at, by its people: the whole world shows only large countries (not
# Saint Helena in an empty ocean), and towns wait until a country or two fill the view.
COUNTRY_ZOOMS = ((30_000_000, 2), (5_000_000, 3), (1_000_000, 4), (0, 6))
TOWN_ZOOMS = ((500_000, 5), (100_000, 6), (0, 7))
WORLD_TOWNS, COUNTRY_TOWNS = 3000, 30  # the world's largest towns, and each country's own largest
MAX_PER_VIEW = 40  # labels drawn at once (the map's script keeps to it)
CHAR_PX, LINE_PX, GAP_PX = 6.5, 14, 18  # a label's box at the map's 11-12 px type, and the room kept around it
# (18 px: fewer than 40 names on a 1100 x 620 px map at zoom 3, the country of a Libyan story among them)


@dataclass(frozen=True)
class MapLabel:
    name: str  # HTML-escaped
    lat: float
    lon: float
    kind: str  # "country" or "town"
    min_zoom: int  # the lowest zoom the label is drawn at


def _pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel of (lat, lon) at ``zoom`` (Leaflet's 256-px tiles)."""
    size = 256 * 2 ** zoom
    lat = max(min(lat, 85.0), -85.0)
    s = math.sin(math.radians(lat))
    return (lon + 180) / 360 * size, (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * size


class _Grid:
    """Placed label boxes at one zoom, bucketed for the overlap test."""

    CELL = 256

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box):
        x0, y0, x1, y1 = box
        for i in range(int(x0 // self.CELL), int(x1 // self.CELL) + 1):
            for j in range(int(y0 // self.CELL), int(y1 // self.CELL) + 1):
                yield i, j

    def free(self, box) -> bool:
        x0, y0, x1, y1 = box
        return not any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1
                       for k in self._keys(box) for b in self.cells.get(k, ()))

    def add(self, box) -> None:
        for k in self._keys(box):
            self.cells.setdefault(k, []).append(box)


def first_zoom(kind: str, population: int) -> int:
    return next(z for least, z in (COUNTRY_ZOOMS if kind == "country" else TOWN_ZOOMS) if population >= least)


def place_labels(candidates: list[tuple[str, float, float, str, int]]) -> list[MapLabel]:
    """``candidates`` (name, lat, lon, kind, first zoom), most weight first -> the labels with their lowest zoom.

    At each zoom the labels of the lower zooms keep their places (boxes of a fixed size only grow apart as
    the map zooms in, so they still do not overlap), then each other label in turn takes its box where no
    label holds the spot; its zoom is the first at which it does. Labels no zoom up to ``MAX_ZOOM`` has room
    for are dropped."""
    zooms: dict[int, int] = {}

    def box(i: int, z: int):
        name, lat, lon = candidates[i][:3]
        x, y = _pixel(lat, lon, z)
        half = len(name) * CHAR_PX / 2 + GAP_PX
        return x - half, y - LINE_PX / 2 - GAP_PX, x + half, y + LINE_PX / 2 + GAP_PX

    for z in range(MIN_ZOOM, MAX_ZOOM + 1):
        grid = _Grid()
        for i in zooms:
            grid.add(box(i, z))
        for i, c in enumerate(candidates):
            if i in zooms or z < c[4]:
                continue
            b = box(i, z)
            if grid.free(b):
                grid.add(b)
                zooms[i] = z
    return [MapLabel(html.escape(c[0], quote=True), round(c[1], 4), round(c[2], 4), c[3], zooms[i])
            for i, c in enumerate(candidates) if i in zooms]


def candidates_from(gazetteer) -> list[tuple[str, float, float, str, int]]:
    """Countries by population, then the towns of ``WORLD_TOWNS`` and each country's ``COUNTRY_TOWNS``."""
    countries = gazetteer.most_populous([fc.COUNTRY], 1000)
    towns = {e.geonameid: e for e in [*gazetteer.most_populous([fc.TOWN, fc.CAPITAL], WORLD_TOWNS),
                                      *gazetteer.most_populous([fc.TOWN, fc.CAPITAL], COUNTRY_TOWNS,
                                                               per_country=True)]}
    ordered = sorted(towns.values(), key=lambda e: (-e.population, e.geonameid or 0))
    return ([(e.name, e.lat, e.lon, "country", first_zoom("country", e.population)) for e in countries]
            + [(e.name, e.lat, e.lon, "town", first_zoom("town", e.population)) for e in ordered])


def labels_json(labels: list[MapLabel]) -> str:
    """The file the map fetches: ``[[name, lat, lon, kind, min_zoom], ...]`` in order of weight."""
    return json.dumps([[x.name, x.lat, x.lon, x.kind, x.min_zoom] for x in labels], ensure_ascii=False,
                      separators=(",", ":"))


def write_labels(path: Path, gazetteer) -> int:
    """Write the labels of ``gazetteer`` to ``path`` (atomically); return how many."""
    labels = place_labels(candidates_from(gazetteer))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(labels_json(labels), encoding="utf-8")
    tmp.replace(path)
    return len(labels)


WAIT_FOR_INDEX_S, WAIT_STEP_S = 900.0, 10.0  # how long the labels wait for the index to be built by others


def write_in_background(path: Path) -> threading.Thread:
    """Write the labels file from the gazetteer index in a thread, so the first page does not wait.

    The thread never builds the index (a build holds most of a CPU and some 600 MB for half a minute, and a
    daemon thread's build dies with the process): it waits, up to a quarter of an hour, for the index the
    geoparser builds (seeding, an added article, setup). A failure is one line on stderr; the map then goes
    without names."""
    def run() -> None:
        from geo.exc import GazetteerError, IndexNotBuilt
        from geo.index import Gazetteer

        deadline = time.monotonic() + WAIT_FOR_INDEX_S
        try:
            while True:
                try:
                    gaz = Gazetteer.open(quiet=True, build_missing=False)
                    break
                except IndexNotBuilt:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(WAIT_STEP_S)
            try:
                write_labels(path, gaz)
            finally:
                gaz.close()
        except (GazetteerError, OSError, sqlite3.Error) as exc:
            print(f"dashboard: no place names on the map: {' '.join(str(exc).split())}", file=sys.stderr)

    thread = threading.Thread(target=run, name="map-labels", daemon=True)
    thread.start()
    return thread
