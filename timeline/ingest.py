"""Ingest article files into the store: read each, analyse it, save it in its own transaction.

The analysis is a callable passed in (``analyse(article) -> Analysis``; the real one is
``timeline.events.analyse_article``), so this module needs no NLP and tests can hand in a small one.
A file that cannot be read, analysed or stored is reported (one line naming it) and the others go on.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from articles import ARTICLE_SUFFIXES, InputError, one_line, read_article
from timeline.analysis_pool import pool_for
from timeline.records import Analysis, Article
from timeline.store import Store, StoreError

Analyse = Callable[[Article], Analysis]
Progress = Callable[[int, int, str], None]
"""``progress(done, total, path)``: before each file (``path`` the one starting, ``done`` files finished so
far) and once at the end as ``(total, total, "")``."""


@dataclass
class IngestReport:
    articles: int = 0  # articles stored (new or replaced)
    events: int = 0
    places: int = 0  # place mentions
    actors: int = 0  # distinct actor names in the stored articles
    skipped: int = 0  # already in the store (skip_existing)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line message)
    warnings: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    interrupted: bool = False  # stopped by Ctrl-C (said in ``warnings``; not a key of the JSON summary)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict:
        return {"articles": self.articles, "events": self.events, "places": self.places, "actors": self.actors,
                "skipped": self.skipped, "failed": [{"path": p, "error": m} for p, m in self.failed],
                "warnings": list(self.warnings)}


def find_article_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, plus article files (.txt/.md/.html/.htm) under directories, recursively and sorted.

    Hidden files and folders (names starting with ".") inside a directory are skipped; a file named
    explicitly is kept whatever its extension (reading it then says what is wrong). Each file once.
    """
    out: dict[Path, None] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [Path(root) / f for f in files
                          if not f.startswith(".") and Path(f).suffix.lower() in ARTICLE_SUFFIXES]
            for f in sorted(found):
                out.setdefault(f, None)
        else:
            out.setdefault(p, None)
    seen, unique = set(), []
    for f in out:  # the same file reached twice (./a.txt and a.txt) is read once
        key = f.resolve() if f.exists() else f
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def ingest(paths: Iterable[str | Path], *, store: Store, analyse: Analyse, published: dt.date | None = None,
           progress: Progress | None = None, skip_existing: bool = False, workers: int = 1) -> IngestReport:
    """Read, analyse and save every article under ``paths``; one transaction per article, in the files' order.

    ``published`` overrides every file's publication date. ``skip_existing`` leaves articles already in
    the store alone (no analysis), e.g. when seeding. Exceptions from ``analyse`` are reported per file.
    ``workers`` > 1 analyses in that many processes (``timeline.analysis_pool``; ``analyse`` must then be a
    module-level function) while this one stores, from ``MIN_ARTICLES`` files on.
    """
    files = find_article_files(paths)
    report = IngestReport()
    actor_names: set[str] = set()
    first_path: dict[str, str] = {}
    existing = store.article_ids() if skip_existing else set()
    pool = pool_for(analyse, workers=workers, articles=len(files))
    pending: deque[_Pending] = deque()
    upcoming = iter(enumerate(files, 1))

    def read_ahead() -> None:
        """Read the next files until the pool has enough to do (one file without a pool)."""
        while len(pending) < (pool.ahead if pool is not None else 1):
            nxt = next(upcoming, None)
            if nxt is None:
                return
            i, path = nxt
            try:
                # Stored with its absolute path: a file is one article, whatever its id (see Store.save).
                article = dataclasses.replace(read_article(path, published=published), path=str(path.resolve()))
            except InputError as exc:
                pending.append(_Pending(i, path, error=exc))
                continue
            if article.id in existing:
                pending.append(_Pending(i, path, skipped=True))
                continue
            pending.append(_Pending(i, path, article, pool.submit(article) if pool is not None else None))

    try:
        while True:
            try:
                read_ahead()
            except KeyboardInterrupt:
                report.interrupted = True
                report.warnings.append(f"interrupted (Ctrl-C) while reading ahead: {report.articles} of "
                                       f"{len(files)} files stored, the rest not read")
                break
            if not pending:
                break
            item = pending.popleft()
            i, path = item.number, item.path
            if progress is not None:
                progress(i - 1, len(files), str(path))
            try:
                if item.error is not None:
                    raise item.error
                if item.skipped:
                    report.skipped += 1
                    continue
                article = item.article
                if article.id in first_path:
                    report.warnings.append(f"{path}: same article as {first_path[article.id]} (same URL, or same "
                                           "title, date and text); it replaced it")
                if item.analysis is None:
                    analysis = analyse_and_save(article, where=str(path), store=store, analyse=analyse)
                else:
                    analysis = save_analysis(analysed_in(item.analysis, where=str(path)), where=str(path),
                                             store=store)
            except (InputError, IngestFailure) as exc:
                report.failed.append((str(path), one_line(exc)))
            except KeyboardInterrupt:  # Ctrl-C: this article's transaction is rolled back; report what is stored
                report.interrupted = True
                report.warnings.append(f"interrupted (Ctrl-C) at {path}: {i - 1} of {len(files)} files done, "
                                       "the rest not read")
                break
            else:
                first_path.setdefault(article.id, str(path))
                report.articles += 1
                report.events += len(analysis.events)
                report.places += len(analysis.places)
                actor_names.update(a.name for a in analysis.actors)
                report.article_ids.append(analysis.article.id)
    finally:
        if pool is not None:
            pool.close(cancel=True)  # every analysis handed to it was waited for, unless stopped early
    if progress is not None:
        progress(len(files), len(files), "")
    report.actors = len(actor_names)
    return report


@dataclass
class _Pending:
    """A file read ahead of its turn: its article and analysis under way, or why it goes no further."""

    number: int  # 1-based, in the files' order
    path: Path
    article: Article | None = None
    analysis: Future | None = None  # in a worker; None: analysed here when its turn comes
    error: InputError | None = None
    skipped: bool = False


def analyse_and_save(article: Article, *, where: str, store: Store, analyse: Analyse) -> Analysis:
    """Analyse one article and save it (one transaction, replacing what was stored from its path); the one
    step every way in shares (files here, fetched pages in ``timeline.follow``). ``IngestFailure`` names
    ``where``."""
    try:
        analysis = analyse(article)
    except Exception as exc:
        raise IngestFailure(f"{where}: analysis failed ({type(exc).__name__}: {one_line(exc)})") from exc
    return save_analysis(analysis, where=where, store=store)


def analysed_in(future: Future, *, where: str) -> Analysis:
    """The analysis a worker made (``timeline.analysis_pool``), its failure an ``IngestFailure`` naming ``where``
    (a worker that died fails the articles it held: BrokenProcessPool)."""
    try:
        return future.result()
    except Exception as exc:
        raise IngestFailure(f"{where}: analysis failed ({type(exc).__name__}: {one_line(exc)})") from exc


def save_analysis(analysis, *, where: str, store: Store) -> Analysis:
    """Save one analysis (one transaction, replacing what was stored from its path)."""
    if not isinstance(analysis, Analysis):
        raise IngestFailure(f"{where}: analysis returned {type(analysis).__name__}, not an Analysis")
    try:
        store.save(analysis, replace_path=True)
    except StoreError as exc:
        raise IngestFailure(f"{where}: {one_line(exc)}") from exc
    return analysis


class IngestFailure(Exception):
    """One article's failure, its message already naming the file (or URL)."""

