"""Stored events as bytes to download or pipe: CSV, GeoJSON, JSON. Used by `timeline events` and the dashboard.

This is an edge: ``StoredEvent`` records come in, and only here do they become rows and JSON.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Sequence

from geo.records import PlaceMention
from timeline.model import Event, StoredEvent


CSV_COLUMNS = ["id", "article_id", "article_title", "source", "url", "published", "type", "date_text",
               "date_value", "earliest", "latest", "precision", "place", "lat", "lon", "country_code",
               "feature_code", "actors", "sentence"]


def event_places(event: Event) -> list[PlaceMention]:
    """The event's placed places: its location first, then the others, one per coordinate."""
    out, seen = [], set()
    for p in (event.location, *event.places):
        if p is None or p.entry is None:
            continue
        key = (round(p.entry.lat, 5), round(p.entry.lon, 5))
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out


def _cell(v) -> str:
    """A CSV text cell, defused against spreadsheet formula injection."""
    s = "" if v is None else str(v)
    if s[:1] in ("=", "+", "-", "@", "\t", "\r"):
        s = "'" + s
    return s


def _rows(events: Sequence[StoredEvent]) -> list[tuple[dict, dict | None]]:
    """Each event's enriched EVENT record and its first placed place's PLACE record."""
    out = []
    for se in events:
        places = event_places(se.event)
        out.append((se.to_dict(), places[0].to_dict() if places else None))
    return out


def to_csv(events: Sequence[StoredEvent]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e, p in _rows(events):
        t = e.get("date") or {}
        p = p or {}
        w.writerow([
            _cell(e.get("id")), _cell(e.get("article_id")), _cell(e.get("article_title")), _cell(e.get("source")),
            _cell(e.get("url")), _cell(e.get("published")), _cell(e.get("type")), _cell(t.get("text")),
            _cell(t.get("value")), _cell(t.get("earliest")), _cell(t.get("latest")), _cell(t.get("precision")),
            _cell(p.get("name")), "" if p.get("lat") is None else p["lat"], "" if p.get("lon") is None else p["lon"],
            _cell(p.get("country_code")), _cell(p.get("feature_code")), _cell("; ".join(e.get("actors") or [])),
            _cell(e.get("sentence")),
        ])
    return buf.getvalue().encode("utf-8")


def to_geojson(events: Sequence[StoredEvent]) -> bytes:
    """A FeatureCollection, one Point feature per event at its location (null geometry when unplaced)."""
    feats = []
    for e, p in _rows(events):
        geom = {"type": "Point", "coordinates": [float(p["lon"]), float(p["lat"])]} if p else None
        props = {k: e.get(k) for k in ("id", "article_id", "article_title", "source", "url", "published", "type",
                                       "sentence", "actors")}
        t = e.get("date") or {}
        props.update(date=t.get("value"), earliest=t.get("earliest"), latest=t.get("latest"),
                     precision=t.get("precision"), place=p.get("name") if p else None,
                     feature_code=p.get("feature_code") if p else None)
        feats.append({"type": "Feature", "id": e.get("id"), "geometry": geom, "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, indent=1).encode("utf-8")


def to_json(events: Sequence[StoredEvent]) -> bytes:
    return json.dumps({"events": [e.to_dict() for e in events]}, ensure_ascii=False, indent=1).encode("utf-8")
