"""The filtered events (``StoredEvent`` records) as downloadable bytes: the same CSV, GeoJSON and JSON as
`python -m timeline events`."""
from __future__ import annotations

from timeline.export import CSV_COLUMNS, to_csv, to_geojson, to_json

__all__ = ["CSV_COLUMNS", "to_csv", "to_geojson", "to_json"]
