"""The Parquet dataset of ``python -m timeline build`` and ``import --out``: ``schema`` derives its tables'
columns from the records; ``parquet`` writes units atomically, keeps the manifest that says which are committed,
and compacts the months. Read by ``timeline.store.duck``."""
