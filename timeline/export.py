"""Stored events as bytes to download or pipe: CSV, GeoJSON, JSON. Used by `timeline events` and the dashboard.

This is an edge: ``StoredEvent`` records come in, and only here do they become rows and JSON.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Iterable, Sequence

from timeline.query import event_places
from timeline.records import StoredEvent


CSV_COLUMNS = ["id", "article_id", "article_title", "source", "url", "published", "type", "date_text",
               "date_value", "earliest", "latest", "precision", "place", "lat", "lon", "country_code",
               "feature_code", "actors", "sentence", "lead", "factuality", "incident_id", "reports"]


def csv_cell(v) -> str:
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
            csv_cell(e.get("id")), csv_cell(e.get("article_id")), csv_cell(e.get("article_title")), csv_cell(e.get("source")),
            csv_cell(e.get("url")), csv_cell(e.get("published")), csv_cell(e.get("type")), csv_cell(t.get("text")),
            csv_cell(t.get("value")), csv_cell(t.get("earliest")), csv_cell(t.get("latest")), csv_cell(t.get("precision")),
            csv_cell(p.get("name")), "" if p.get("lat") is None else p["lat"], "" if p.get("lon") is None else p["lon"],
            csv_cell(p.get("country_code")), csv_cell(p.get("feature_code")), csv_cell("; ".join(e.get("actors") or [])),
            csv_cell(e.get("sentence")), "true" if e.get("lead") else "false", csv_cell(e.get("factuality")),
            csv_cell(e.get("incident_id")), e.get("reports") or "",
        ])
    return buf.getvalue().encode("utf-8")


def to_geojson(events: Iterable[StoredEvent]) -> bytes:
    """A FeatureCollection with one Point feature per placed place of each event (``event_places``: its main place
    first, role "location", the others "mentioned"; feature id ``EVENT_ID#i``); an event with no place is one
    feature with a null geometry (feature id the event's). The CLI's and the dashboard's GeoJSON."""
    feats = []
    for se in events:
        e, t = se.event, se.event.date
        props = {"event_id": e.id, "article_id": e.article_id, "article_title": se.article_title, "source": se.source,
                 "url": se.url, "published": se.published.isoformat() if se.published else None, "type": e.type,
                 "sentence": e.sentence, "actors": list(e.actors), "date": t.value if t else None,
                 "earliest": t.earliest if t else None, "latest": t.latest if t else None,
                 "precision": t.precision if t else None, "lead": e.lead, "factuality": e.factuality,
                 # the incident a lead event is one report of (None for an article's other events)
                 "incident_id": se.incident_id, "reports": se.reports}
        places = event_places(e)
        for i, p in enumerate(places):
            x = p.entry
            feats.append({"type": "Feature", "id": f"{e.id}#{i}",
                          "geometry": {"type": "Point", "coordinates": [round(x.lon, 5), round(x.lat, 5)]},
                          "properties": {**props, "place": x.name, "place_text": p.text,
                                         "role": "location" if p is e.location else "mentioned",
                                         "country_code": x.country_code, "admin1": x.admin1,
                                         "feature_code": x.feature_code, "score": round(p.score, 3)}})
        if not places:
            feats.append({"type": "Feature", "id": e.id, "geometry": None, "properties": {**props, "place": None}})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, indent=1).encode("utf-8")


def to_json(events: Sequence[StoredEvent]) -> bytes:
    return json.dumps({"events": [e.to_dict() for e in events]}, ensure_ascii=False, indent=1).encode("utf-8")
