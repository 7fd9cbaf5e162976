"""Where analysed articles are kept and asked: ``sqlite`` (the ``Store`` of ingest, imports and the dashboard),
``migrations`` (its schema versions), ``corrections`` (a reader's corrections it keeps), ``duck`` (the same
queries answered by DuckDB over a Parquet dataset, read-only).

``from timeline.store import Store`` works (SQLite only: DuckDB is imported by ``timeline.store.duck`` alone).
"""
from __future__ import annotations

from timeline.errors import StoreDamaged, StoreError
from timeline.store.sqlite import Store, StoredActor

__all__ = ["Store", "StoreDamaged", "StoreError", "StoredActor"]
