"""Pushed-down query speed: the dashboard's questions (timeline.query.EventQueries) on the SQLite store and on
DuckDB over a Parquet dataset holding the same events, against loading every event (``Store.events()``).

    .venv/bin/python benchmarks/query_speed.py [--articles 10000] [--events-per-article 10] [--runs 5]

``--real`` dev-corpus texts are analysed by the real pipeline; the store gets ``--articles`` copies of those
analyses (each with its own URL, so its own id, one of 12 sources, and its day-precise dates moved by a whole
number of weeks across 2012-2019), ``--events-per-article`` events each (10,000 x 10 = 100,000 events: the size
of issue #12), through ``Store.save``. The dataset is written from the same records with
``timeline.dataset.parquet`` (one unit per 1,000 articles, then compacted, as `timeline build` leaves it). Each
figure is the median of ``--runs`` calls after one warm-up call, in milliseconds.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import build_speed  # where the dev corpora are (benchmarks/, the script's own folder, is on the path)


def real_analyses(n: int) -> list:
    from timeline.corpus.inputs import plan_units, read_unit
    from timeline.events import analyse_article

    items = [i for u in plan_units(build_speed.DEFAULT, 50) for i in read_unit(u) if i.article][:n]
    return [a for a in (analyse_article(i.article) for i in items) if a.events and a.article.published]


def _moved(t, days: int):
    """A day-precise date ``days`` later (other precisions keep their value: a benchmark needs no more)."""
    if t is None or t.precision != "day" or not t.earliest:
        return t
    day = (dt.date.fromisoformat(t.earliest) + dt.timedelta(days=days)).isoformat()
    return dataclasses.replace(t, value=day, earliest=day, latest=day)


def replicas(templates: list, articles: int, per_article: int, rng: random.Random):
    """``articles`` copies of the templates, each its own article (see the module doc)."""
    first, span = dt.date(2012, 1, 2), (dt.date(2019, 12, 30) - dt.date(2012, 1, 2)).days
    for i in range(articles):
        a = templates[i % len(templates)]
        target = first + dt.timedelta(days=round(span * (i + rng.random()) / articles))
        days = round((target - a.article.published).days / 7) * 7
        article = dataclasses.replace(a.article, url=f"https://bench.example/{i}", source=f"Bench Wire {i % 12:02d}",
                                      published=a.article.published + dt.timedelta(days=days), path="")
        events = tuple(dataclasses.replace(e, id=f"{article.id}-{k}", article_id=article.id, date=_moved(e.date, days))
                       for k, e in enumerate(a.events[:per_article]))
        yield dataclasses.replace(a, article=article, events=events,
                                  timexes=tuple(_moved(t, days) for t in a.timexes))


def timed(call, runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        call()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--events-per-article", type=int, default=10)
    ap.add_argument("--real", type=int, default=150)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from timeline.dataset.parquet import Dataset, unit_tables
    from timeline.store.duck import DuckStore
    from timeline.query import Bounds, Filters
    from timeline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db, root = Path(tmp) / "big.sqlite", Path(tmp) / "ds"
        t = time.perf_counter()
        templates = real_analyses(args.real)
        print(f"{len(templates)} real analyses in {time.perf_counter() - t:.0f} s", flush=True)
        ds = Dataset(root)
        ds.open_for_build(1000)
        t = time.perf_counter()
        with Store.open(db) as sqlite_store:
            batch = []
            for n, analysis in enumerate(replicas(templates, args.articles, args.events_per_article,
                                                  random.Random(4)), 1):
                sqlite_store.save(analysis)
                batch.append(analysis)
                if len(batch) == 1000 or n == args.articles:
                    ds.commit(f"unit-{n:06d}", f"to article {n}", unit_tables(batch), [], set())
                    batch = []
            merged = ds.compact()  # as a finished `timeline build` does
            print(f"store and dataset written in {time.perf_counter() - t:.0f} s ({merged} parts compacted into "
                  f"{len(ds.files('events'))} event files)", flush=True)
            with DuckStore(root) as duck:
                top_actor = sqlite_store.value_counts("actors")[0].value
                window = Filters(start=dt.date(2016, 1, 1), end=dt.date(2016, 3, 31))
                europe = Bounds(35.0, -10.0, 60.0, 30.0)
                questions = {
                    "all events in memory (Store.events, today's way)": lambda s: s.events(),
                    "first page of the list (100)": lambda s: s.events_page(limit=100),
                    "counts per week": lambda s: s.time_bins(unit="week"),
                    "counts per 2-degree map cell": lambda s: s.map_cells(size=2.0),
                    "actor counts": lambda s: s.value_counts("actors"),
                    "date window: page + weeks + cells": lambda s: (s.events_page(window), s.time_bins(window, unit="week"),
                                                                     s.map_cells(window, size=2.0)),
                    "map view (Europe): page + cells": lambda s: (s.events_page(bbox=europe),
                                                                   s.map_cells(bbox=europe, size=2.0)),
                    "actor filter: page + weeks": lambda s: (s.events_page(Filters(actors=(top_actor,))),
                                                              s.time_bins(Filters(actors=(top_actor,)), unit="week")),
                }
                counts = sqlite_store.count()
                print(f"{counts['events']} events, {counts['articles']} articles; median of {args.runs} (ms):")
                print(f"{'question':52} {'SQLite':>9} {'DuckDB':>9}")
                figures = {}
                for name, ask in questions.items():
                    if name.startswith("all events"):  # slow: fewer runs
                        a, b = timed(lambda: ask(sqlite_store), max(1, args.runs // 2)), \
                            timed(lambda: ask(duck), max(1, args.runs // 2))
                    else:
                        a, b = timed(lambda: ask(sqlite_store), args.runs), timed(lambda: ask(duck), args.runs)
                    figures[name] = {"sqlite_ms": round(a, 1), "duckdb_ms": round(b, 1)}
                    print(f"{name:52} {a:9.1f} {b:9.1f}", flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
