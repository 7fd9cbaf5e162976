"""Build a large event store for the dashboard benchmark: N articles x M events, replicated from real analyses.

    .venv/bin/python benchmarks/make_big_store.py (--db /tmp/big.sqlite | --dataset /tmp/big-ds)
        [--articles 1000 | --events 1000000] [--events-per-article 10] [--real 150] [--seed 4]
        [--templates FILE.json] [--force]

``--db`` writes a SQLite store (``Store.save``, one transaction per article); ``--dataset`` writes the Parquet
dataset of ``python -m timeline build`` (``timeline.dataset.parquet``: ``unit_tables`` and ``Dataset.commit``,
``UNIT_ARTICLES`` articles a unit, then ``compact``), in bulk: a million events take minutes.
``--events N`` asks for N events (``N / --events-per-article`` articles). ``--templates`` keeps the analysed
templates in a JSON file, so the stores of a growth curve share them without analysing the texts again.

How: the real pipeline (``timeline.events.analyse_article``) reads the seed article and ``--real`` texts of
the dev corpora in ``../shared/eval/geoparsing`` (trnews-dev and lgl-dev, alternately: world news and US
local news, each with a publication date). Those analyses are the templates. Each of the ``--articles``
stored articles is one template (or several run together when one has too few events), with:
- a distinct URL (so a distinct ``Article.id``), title and one of 12 sources;
- every date moved by a whole number of weeks so the publication dates spread evenly over 2012-2019
  (week/month/quarter/year/decade values are recomputed for the moved range; the text keeps its words);
- exactly ``--events-per-article`` of its real events (a seeded sample, in text order), with new ids;
- its real places, timexes and actors, offsets intact (templates run together have theirs shifted).
Everything goes in through ``timeline.store.Store.save``, so schema, indexes and links are the real ones.
Deterministic for a given ``--seed`` and pipeline (the SQLite store and the dataset of one seed hold the same
events). Written to ``PATH.tmp`` and renamed when complete, so a half-built store is never left at PATH.
Prints progress to stderr and a JSON summary to stdout.
"""
from __future__ import annotations

import argparse
import calendar
import dataclasses
import datetime as dt
import hashlib
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "geoparsing"
CORPORA = [EVAL / "trnews-dev.jsonl", EVAL / "lgl-dev.jsonl"]
SEED_ARTICLE = ROOT / "seeds" / "libya-channel-2016-01-31.md"
SOURCES = [f"Bench Wire {i:02d}" for i in range(1, 13)]
FIRST_DAY, LAST_DAY = dt.date(2012, 1, 2), dt.date(2019, 12, 30)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- dates --------------------------------------------------------------------------------------------------

def _d(s) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10]) if isinstance(s, str) and len(s) >= 10 else None
    except ValueError:
        return None


def shift_timex(t, days: int):
    """The ``Timex`` moved by ``days`` (a multiple of 7): earliest/latest moved, ``value`` rebuilt for its
    precision. Durations, sets and unanchored values (no ``earliest``) are returned unchanged.
    """
    if t is None or not _d(t.earliest):
        return t
    lo = _d(t.earliest) + dt.timedelta(days=days)
    hi = (_d(t.latest) or _d(t.earliest)) + dt.timedelta(days=days)
    mid = lo + (hi - lo) / 2
    value = t.value or ""
    p = t.precision
    if p in ("day", "hour"):
        value = lo.isoformat() + (value[10:] if _d(value) else "")
    elif p == "week":
        y, w, _ = lo.isocalendar()
        value = f"{y}-W{w:02d}"
    elif p == "month":
        lo = mid.replace(day=1)
        hi = lo.replace(day=calendar.monthrange(lo.year, lo.month)[1])
        value = f"{lo.year}-{lo.month:02d}"
    elif p == "quarter":
        q = (mid.month - 1) // 3
        lo = dt.date(mid.year, 3 * q + 1, 1)
        hi = dt.date(mid.year, 3 * q + 3, calendar.monthrange(mid.year, 3 * q + 3)[1])
        value = f"{mid.year}-Q{q + 1}"
    elif p == "year":
        lo, hi, value = dt.date(mid.year, 1, 1), dt.date(mid.year, 12, 31), str(mid.year)
    elif p == "decade":
        y = mid.year // 10 * 10
        lo, hi, value = dt.date(y, 1, 1), dt.date(y + 9, 12, 31), str(y // 10)
    elif p == "century":
        y = mid.year // 100 * 100
        lo, hi, value = dt.date(y, 1, 1), dt.date(y + 99, 12, 31), str(y // 100)
    return dataclasses.replace(t, value=value, earliest=lo.isoformat(), latest=hi.isoformat())


# --- templates ----------------------------------------------------------------------------------------------

def load_texts(n: int) -> list[dict]:
    """The seed plus ``n`` dated dev-corpus documents, taken from the corpora alternately (in file order)."""
    from articles import split_front_matter

    _, seed_text = split_front_matter(SEED_ARTICLE.read_text(encoding="utf-8"))[:2]
    docs = [{"title": "Libya: the channel (seed)", "text": seed_text, "published": "2016-01-31"}]
    pools = []
    for path in CORPORA:
        if path.exists():
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
            pools.append([r for r in rows if r.get("published") and r.get("text")])
        else:
            log(f"make_big_store: {path} not found; using the other texts")
    i = 0
    while len(docs) < n + 1 and any(i < len(p) for p in pools):
        for p in pools:
            if i < len(p) and len(docs) < n + 1:
                docs.append(p[i])
        i += 1
    return docs


def analyse_templates(docs: list[dict]) -> list:
    from articles import article_from_text
    from timeline.events import analyse_article, default_pipeline

    t = time.perf_counter()
    default_pipeline()
    log(f"make_big_store: pipeline loaded in {time.perf_counter() - t:.1f} s; analysing {len(docs)} real texts")
    out = []
    for k, d in enumerate(docs, 1):
        art = article_from_text(d["text"], title=d.get("title") or None, published=d["published"])
        a = analyse_article(art)
        if a.events:
            out.append(a)
        if k % 10 == 0 or k == len(docs):
            log(f"  analysed {k}/{len(docs)} ({time.perf_counter() - t:.1f} s)")
    return out


# --- replication --------------------------------------------------------------------------------------------

def _with_offset(x, delta: int):
    """A ``PlaceMention`` or ``Timex`` moved ``delta`` characters on (templates run together)."""
    moved = {k: getattr(x, k) + delta for k in ("start", "end") if isinstance(getattr(x, k), int)}
    return dataclasses.replace(x, **moved)


def replicate(i: int, parts: list, rng: random.Random, n_events: int, target: dt.date):
    """Article ``i`` from template analyses ``parts`` (run together), dated near ``target``."""
    from timeline.records import Analysis, Article, Event

    url = f"https://bench.invalid/newsmap/{i:05d}"
    first = parts[0].article
    title = f"{first.title or 'Untitled'} [bench {i:05d}]"
    source = SOURCES[rng.randrange(len(SOURCES))]
    texts, events, places, timexes, actors = [], [], [], [], {}
    pos = 0
    published = None
    for a in parts:
        days = round((target - a.article.published).days / 7) * 7
        if published is None:
            published = a.article.published + dt.timedelta(days=days)
        for p in a.places:
            places.append(_with_offset(p, pos))
        for t in a.timexes:
            timexes.append(shift_timex(_with_offset(t, pos), days))
        for ac in a.actors:
            if ac.name not in actors:
                actors[ac.name] = ac
        for ev in a.events:
            events.append((pos, days, ev))
        texts.append(a.article.text)
        pos += len(a.article.text) + 2
    article = Article(text="\n\n".join(texts), title=title, source=source, url=url, published=published,
                      path=f"bench/{i:05d}.txt")
    aid = article.id
    keep = sorted(rng.sample(range(len(events)), n_events)) if len(events) > n_events else range(len(events))
    new_events = []
    for k in keep:
        off, days, ev = events[k]
        date = shift_timex(_with_offset(ev.date, off), days) if ev.date else None
        new_events.append(Event(
            id=hashlib.sha1(f"{aid}:{k}:{ev.id}".encode()).hexdigest()[:16], article_id=aid, sentence=ev.sentence,
            start=ev.start + off, end=ev.end + off, type=ev.type, date=date, date_basis=ev.date_basis,
            location=_with_offset(ev.location, off) if ev.location else None,
            places=tuple(_with_offset(p, off) for p in ev.places), actors=tuple(ev.actors)))
    return Analysis(article=article, events=tuple(new_events), actors=tuple(actors.values()),
                    places=tuple(places), timexes=tuple(timexes))


UNIT_ARTICLES = 5000  # articles per committed unit of a dataset (rows are converted and written in bulk)


def templates_for(real: int, cache: Path | None) -> list:
    """The analysed templates, from ``cache`` when it holds those of ``real`` texts (else analysed and kept).

    The cache is JSON (``timeline.analysis_json``): a file planted at the path can give wrong templates at
    worst, never run code, as the pickle it once was would."""
    from timeline import analysis_json

    if cache and cache.exists():
        try:
            about, kept = analysis_json.read(cache)
        except (OSError, ValueError, TypeError) as exc:
            log(f"make_big_store: warning: ignoring {cache}: {' '.join(str(exc).split())}")
        else:
            if about.get("real") == real:
                log(f"make_big_store: {len(kept)} templates from {cache}")
                return list(kept)
    templates = analyse_templates(load_texts(real))
    if cache:
        analysis_json.write(cache, templates, real=real)
    return templates


def replicas(templates: list, *, articles: int, events_per_article: int, seed: int):
    """The ``articles`` replicated analyses, in order (deterministic for ``seed``)."""
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    order = list(range(len(templates)))
    rng.shuffle(order)
    cursor = 0
    for i in range(articles):
        parts = []
        while sum(len(a.events) for a in parts) < events_per_article:
            parts.append(templates[order[cursor % len(order)]])
            cursor += 1
        target = FIRST_DAY + dt.timedelta(days=round(span * (i + rng.random()) / articles))
        yield replicate(i, parts, rng, events_per_article, target)


def write_sqlite(tmp: Path, analyses, articles: int) -> dict:
    from timeline.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    with Store.open(str(tmp)) as store:
        for i, analysis in enumerate(analyses):
            store.save(analysis)
            if (i + 1) % 1000 == 0 or i + 1 == articles:
                log(f"  stored {i + 1}/{articles} articles ({time.perf_counter() - t:.1f} s)")
        counts = store.count()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    return counts


def write_dataset(tmp: Path, analyses, articles: int) -> dict:
    import itertools
    import shutil

    from timeline.dataset.parquet import Dataset, unit_tables

    shutil.rmtree(tmp, ignore_errors=True)
    ds = Dataset(tmp)
    ds.open_for_build(UNIT_ARTICLES)
    t = time.perf_counter()
    done = events = 0
    it = iter(analyses)
    for k in itertools.count():
        batch = list(itertools.islice(it, UNIT_ARTICLES))
        if not batch:
            break
        entry = ds.commit(f"bench-{k:05d}", f"bench articles {done}-{done + len(batch) - 1}", unit_tables(batch),
                          [], set())
        done += len(batch)
        events += entry.events
        log(f"  committed {done}/{articles} articles, {events} events ({time.perf_counter() - t:.1f} s)")
    merged = ds.compact()
    ds.sweep()
    log(f"  compacted {merged} parts ({time.perf_counter() - t:.1f} s)")
    return {"articles": done, "events": events}


def build(out: Path, *, articles: int, events_per_article: int, real: int, seed: int, dataset: bool = False,
          templates_cache: Path | None = None) -> dict:
    started = time.perf_counter()
    templates = templates_for(real, templates_cache)
    if not templates:
        raise SystemExit("make_big_store: no template analysis has events")
    log(f"make_big_store: {len(templates)} templates, {sum(len(a.events) for a in templates)} real events")
    analyses = replicas(templates, articles=articles, events_per_article=events_per_article, seed=seed)
    tmp = out.with_name(out.name + ".tmp")
    counts = (write_dataset if dataset else write_sqlite)(tmp, analyses, articles)
    if dataset and out.exists():
        import shutil

        shutil.rmtree(out)
    tmp.replace(out)
    counts.update(**{"dataset" if dataset else "db": str(out)}, templates=len(templates),
                  seconds=round(time.perf_counter() - started, 1))
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="make_big_store.py", description=__doc__.split("\n")[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", help="the SQLite store to write (refused if it exists, unless --force)")
    where.add_argument("--dataset", help="the Parquet dataset folder to write (refused if it exists, unless --force)")
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--articles", type=int, default=1000)
    size.add_argument("--events", type=int, help="events in all (articles = events / --events-per-article)")
    ap.add_argument("--events-per-article", type=int, default=10)
    ap.add_argument("--real", type=int, default=150, help="dev-corpus texts analysed as templates (plus the seed)")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--templates", help="a JSON file keeping the analysed templates between runs")
    ap.add_argument("--force", action="store_true", help="replace an existing store at --db / --dataset")
    args = ap.parse_args(argv)
    if args.events is not None:
        if args.events < 1 or args.events_per_article < 1:
            ap.error("--events and --events-per-article must be >= 1")
        args.articles = -(-args.events // args.events_per_article)
    if args.articles < 1 or args.events_per_article < 1 or args.real < 0:
        ap.error("--articles and --events-per-article must be >= 1, --real >= 0")
    out = Path(args.dataset or args.db)
    if out.exists() and not args.force:
        ap.error(f"{out} exists (use --force to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = build(out, articles=args.articles, events_per_article=args.events_per_article, real=args.real,
                    seed=args.seed, dataset=bool(args.dataset),
                    templates_cache=Path(args.templates) if args.templates else None)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
