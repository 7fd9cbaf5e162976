"""Fetched pages into a Parquet dataset (``python -m timeline fetch URL... --out DATASET``), as ``import --out``
puts rows there: ``DatasetSink`` is the sink ``timeline.follow.LinkReader`` keeps articles in instead of the
SQLite store.

The dataset is held with its writer's lock (``timeline.dataset.lock``: one build, import or fetch at a time),
swept of what a killed run left, and the articles it holds are known before the first link is fetched: their
ids (from the manifest) and their texts (by a digest of the articles table's texts), so a link already in it,
under its canonical URL or with the same text under another URL, is skipped as the store's dedup skips it.
Analyses are committed ``UNIT_ARTICLES`` at a time, each unit atomically (its manifest entry's rename), so
an interrupted run keeps every unit it committed; ``close`` commits the rest and compacts.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from timeline.records import Analysis

UNIT_ARTICLES = 50  # articles per committed unit: few parts per month, and little lost to a kill


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class DatasetSink:
    def __init__(self, root: str | Path, *, unit_articles: int = UNIT_ARTICLES) -> None:
        import pyarrow.parquet as pq

        from timeline.corpus.inputs import DEFAULT_PARTITION_SIZE
        from timeline.dataset.lock import DatasetLock
        from timeline.dataset.parquet import Dataset

        self.dataset = Dataset(root)
        # the partition size only names a build's units; an existing dataset keeps its own
        size = (self.dataset.settings()["partition_size"] if (self.dataset.root / "_dataset.json").exists()
                else DEFAULT_PARTITION_SIZE)
        self.dataset.open_for_build(size)
        self._lock = DatasetLock(self.dataset.root)
        self._lock.__enter__()
        self.dataset.sweep()
        self.ids = {a for entry in self.dataset.committed().values() for a in entry["articles"]}
        self.texts: dict[str, str] = {}
        for path in self.dataset.files("articles"):
            table = pq.read_table(path, columns=["id", "text"], partitioning=None)
            for article_id, text in zip(table["id"].to_pylist(), table["text"].to_pylist()):
                self.texts.setdefault(_digest(text or ""), article_id)
        self.unit_articles = unit_articles
        self.pending: list[Analysis] = []
        self.articles = 0  # committed by this run
        self.events = 0

    def has(self, article_id: str) -> bool:
        return article_id in self.ids

    def with_text(self, text: str) -> str | None:
        return self.texts.get(_digest(text))

    def save(self, analysis: Analysis, *, replace_path: bool = True) -> None:  # noqa: ARG002 (the store's signature)
        article = analysis.article
        self.pending.append(analysis)
        self.ids.add(article.id)
        self.texts.setdefault(_digest(article.text), article.id)
        if len(self.pending) >= self.unit_articles:
            self.flush()

    def flush(self) -> None:
        """Commit the analyses not committed yet as one unit (named by their articles: the same pages fetched
        again make the same unit)."""
        from timeline.dataset.parquet import unit_tables

        if not self.pending:
            return
        unit = "fetch-" + hashlib.sha1("\n".join(sorted(a.article.id for a in self.pending)).encode()).hexdigest()[:16]
        entry = self.dataset.commit(unit, unit, unit_tables(self.pending), [], set())
        self.articles += len(entry.articles)
        self.events += entry.events
        self.pending = []

    def close(self) -> None:
        """Commit the rest, compact the month folders, let the dataset go."""
        try:
            self.flush()
            self.dataset.compact()
        finally:
            self._lock.__exit__(None, None, None)

    def __enter__(self) -> "DatasetSink":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
