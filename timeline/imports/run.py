"""Import the rows of one file into the SQLite store or a Parquet dataset, reporting each bad row.

Store: each row is its synthetic article, saved ``UNIT_ROWS`` to a transaction (``Store.save_many``;
a batch the store refuses is saved row by row, so only its bad rows are left out): importing a file again
replaces its events, never duplicates them. Dataset: rows are committed in units of ``UNIT_ROWS`` (the build's
atomic commit, ``timeline.dataset.parquet``), each unit named by the file's content and its place in it, so an
import killed half-way is resumed by running it again; an event already in the dataset (same source event id)
is left as it is there and counted as ``skipped``. A dataset with a damaged file is refused before anything in
it is touched (an import cannot make that file again: ``timeline build`` can, from its inputs).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from articles.errors import one_line
from timeline.imports.record import RowResult, to_analysis

UNIT_ROWS = 5000  # rows per store transaction and per dataset commit: few commits, a bounded batch in memory
Progress = Callable[[int, int, str], None]  # (rows done, rows in the file, label), as timeline.ingest's


@dataclass
class ImportReport:
    rows: int = 0  # data rows read
    events: int = 0  # stored (new or replaced) by this run
    skipped: int = 0  # already in the dataset
    failed: list[tuple[int, str]] = field(default_factory=list)  # (row, one-line problem)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict:
        # one article per event: "articles" is there for the ingest summary's readers
        return {"rows": self.rows, "articles": self.events, "events": self.events, "skipped": self.skipped,
                "failed": [{"row": r, "error": m} for r, m in self.failed]}


def into_store(rows: Iterable[RowResult], store, *, total: int, progress: Progress | None = None) -> ImportReport:
    """Save each good row's article in ``store`` (a ``timeline.store.Store``), ``UNIT_ROWS`` per transaction."""
    report = ImportReport()
    batch: list[RowResult] = []
    for result in rows:
        _count(report, result, total, progress)
        if result.event is not None:
            batch.append(result)
        if len(batch) == UNIT_ROWS:
            _save(store, batch, report)
            batch = []
    _save(store, batch, report)
    return report


def _save(store, batch: list[RowResult], report: ImportReport) -> None:
    """One transaction for the batch; if the store refuses it, row by row, so only the bad rows are left out."""
    from timeline.store import StoreError

    if not batch:
        return
    try:
        store.save_many([to_analysis(r.event) for r in batch])
    except StoreError:
        for r in batch:
            try:
                store.save(to_analysis(r.event))
            except StoreError as exc:
                report.failed.append((r.row, one_line(exc)))
            else:
                report.events += 1
    else:
        report.events += len(batch)


def into_dataset(rows: Iterable[RowResult], root: Path, *, file_key: str, total: int,
                 progress: Progress | None = None) -> ImportReport:
    """Commit the good rows to the dataset at ``root`` (created if missing), ``UNIT_ROWS`` at a time."""
    from timeline.dataset.lock import DatasetLock  # one writer per dataset, as for a build
    from timeline.dataset.parquet import Dataset
    from timeline.errors import StoreError
    from timeline.corpus.inputs import DEFAULT_PARTITION_SIZE

    dataset = Dataset(root)
    # The partition size only names a build's units; an existing dataset keeps its own, so a build resumes it.
    size = dataset.settings()["partition_size"] if (dataset.root / "_dataset.json").exists() else DEFAULT_PARTITION_SIZE
    dataset.open_for_build(size)
    report = ImportReport()
    with DatasetLock(dataset.root):
        damaged = dataset.damaged()
        if damaged:
            rel, problem = next(iter(damaged.items()))
            more = f" (and {len(damaged) - 1} more damaged files)" if len(damaged) > 1 else ""
            raise StoreError(f"--out {dataset.root}: {dataset.root / rel} is damaged ({problem}){more}; nothing was "
                             "imported")
        dataset.sweep()
        committed = dataset.committed()
        done = {a for entry in committed.values() for a in entry["articles"]}
        unit: list[RowResult] = []
        number = 0
        for result in rows:
            _count(report, result, total, progress)
            unit.append(result)
            if len(unit) == UNIT_ROWS:
                _commit(dataset, f"{file_key}-{number:05d}", unit, committed, done, report)
                unit, number = [], number + 1
        if unit:
            _commit(dataset, f"{file_key}-{number:05d}", unit, committed, done, report)
        dataset.compact()
    return report


def _commit(dataset, unit_id: str, unit: list[RowResult], committed: dict, done: set[str],
            report: ImportReport) -> None:
    from timeline.dataset.parquet import unit_tables

    failures = [(f"row {r.row}", r.error) for r in unit if r.event is None]
    analyses = [to_analysis(r.event) for r in unit if r.event is not None]
    if unit_id in committed:  # an earlier run committed this unit of this very file
        report.skipped += len(analyses)
        return
    fresh = {a.article.id: a for a in analyses if a.article.id not in done}  # the last row of an id wins
    report.skipped += len(analyses) - len(fresh)
    entry = dataset.commit(unit_id, unit_id, unit_tables(fresh.values()), failures, set())
    done.update(entry.articles)
    report.events += entry.events


def _count(report: ImportReport, result: RowResult, total: int, progress: Progress | None) -> None:
    report.rows += 1
    if result.event is None:
        report.failed.append((result.row, result.error))
    if progress is not None and (report.rows % 500 == 0 or report.rows == total):
        progress(report.rows, total, f"row {result.row}")


def file_key(path: Path, source: str) -> str:
    """A dataset unit prefix naming the file by its content: the same file imported again is the same units."""
    digest = hashlib.sha1()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return f"import-{source.lower()}-{digest.hexdigest()[:16]}"
