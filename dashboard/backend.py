"""The dashboard's one door to the event store and the ingest pipeline.

Every read or write of stored events goes through the functions below, so the rest of the dashboard sees
the store's records only (``timeline.records.StoredEvent``: the ``Event`` with its article's title, source,
url and publication date). Behind them: ``timeline.store`` (SQLite) and ``timeline.events`` (the
geoparser, the temporal tagger and the event extractor).
"""
from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # the store and its records load when first used (python -m dashboard starts fast)
    from timeline.records import StoredEvent

Progress = Callable[[float, str], None]


def open_store(db_path: str):
    """Open (creating if needed, migrating if old) the SQLite store at ``db_path``."""
    from timeline.store import Store

    if str(db_path) != ":memory:":
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    return Store.open(str(db_path))


def open_dataset(path: str):
    """Open the Parquet dataset folder of ``python -m timeline build`` at ``path``, read-only (DuckDB)."""
    from timeline.store.duck import DuckStore

    return DuckStore(path)


def writable(store) -> bool:
    """Whether articles can be added to ``store`` (the SQLite store; a dataset is read-only)."""
    return hasattr(store, "save")


def default_dataset_path() -> str | None:
    """``NEWSMAP_DATASET`` (a dataset folder to open instead of the SQLite store), else None."""
    return os.environ.get("NEWSMAP_DATASET") or None


_SEED_LOCKS: dict[str, threading.Lock] = {}
_SEED_LOCKS_LOCK = threading.Lock()


def _seed_lock(db_path: str) -> threading.Lock:
    key = db_path if db_path == ":memory:" else str(Path(db_path).expanduser().resolve())
    with _SEED_LOCKS_LOCK:
        return _SEED_LOCKS.setdefault(key, threading.Lock())


def ensure_seeded(store, seeds_dir, progress: Progress) -> int:
    """Ingest the seed articles if the store has none; return how many events were added (0 if none).

    One seeding per store file in this process: a second caller (the app's first run while ``warm_up`` is
    seeding in the background) waits for the first and then finds the store seeded.
    """
    if store.article_ids():
        return 0
    lock = _seed_lock(getattr(store, "path", ":memory:"))
    if not lock.acquire(blocking=False):
        progress(0.1, "Reading the seed articles (started with the server)")
        lock.acquire()
    try:
        if store.article_ids():
            return 0
        from timeline.events import analyse_article
        from timeline.ingest import ingest

        progress(0.02, "Loading the language model and the gazetteer (first start only)")

        def step(done: int, total: int, path) -> None:
            if total:
                progress(min(1.0, 0.1 + 0.9 * done / total),
                         f"Reading seed article {min(done + 1, total)} of {total}")

        report = ingest([Path(seeds_dir)], store=store, analyse=analyse_article, progress=step)
        progress(1.0, "Seed articles ready")
        return report.events
    finally:
        lock.release()


def warm_up(db_path: str, seeds_dir) -> int:
    """Get the first page ready while the server starts and the browser loads: import the app's libraries
    and, when the store is empty, load the NLP pipeline and ingest the seeds (``python -m dashboard`` runs
    this in a background thread; the app's own ``ensure_seeded`` then waits for it instead of seeding again).
    Returns the number of seed events it stored (0 when the store had articles or another caller seeded it).
    """
    # Not streamlit_folium: it declares its component on import, which must happen in the running app.
    import altair  # noqa: F401
    import folium  # noqa: F401
    import pandas  # noqa: F401

    from dashboard import export, map_view, timeline_view, upload  # noqa: F401

    store = open_store(db_path)
    try:
        return ensure_seeded(store, seeds_dir, lambda frac, msg: None)
    finally:
        store.close()


def store_version(db_path: str) -> tuple:
    """Changes whenever the store file changes, whoever wrote it (``timeline ingest`` from a shell too): the
    size and modification time of the file and of its write-ahead log, where new commits land first. For a
    dataset folder: its manifest folder, where each committed unit's entry is renamed in."""
    if Path(db_path).is_dir():
        try:
            st = (Path(db_path) / "_manifest").stat()
            return ((st.st_mtime_ns, st.st_nlink),)
        except OSError:
            return (None,)
    out = []
    for path in (Path(db_path), Path(f"{db_path}-wal")):
        try:
            st = path.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:  # no log (yet), or an in-memory store
            out.append(None)
    return tuple(out)


def kept_for_undo(store, article_id: str) -> dict | None:
    """What an Undo of deleting ``article_id`` needs, read before the deletion: the article as stored (its text
    and fields) and a reader's corrections of it. None when it is not stored."""
    stored = store.article(article_id)
    if stored is None:
        return None
    return {"article": stored, "corrections": list(store.corrections(article_id))}


def restore_article(store, kept: dict) -> int:
    """Undo a deletion: analyse the kept article's text anew and store it with its corrections
    (``Store.restore_article``); return its number of events. Its id is the one it had (made from the same
    text and fields), so the corrections find their events again."""
    from articles import Article
    from timeline.events import analyse_article

    a = kept["article"]
    article = Article(text=a["text"], title=a["title"] or "", source=a["source"] or "", url=a["url"] or "",
                      published=date.fromisoformat(a["published"]) if a["published"] else None,
                      path=a["path"] or "")
    if article.id != a["id"]:
        raise ValueError(f"the article kept for undo reads as {article.id}, not {a['id']}: not restored")
    analysis = analyse_article(article)
    store.restore_article(analysis, kept["corrections"])
    return len(analysis.events)


def add_article(store, *, article, published: date | None, title: str, source: str, url: str,
                progress: Progress) -> dict:
    """Analyse one article read by ``dashboard.upload`` and add its events, with the form's fields over the
    article's own (non-empty ``title``/``source``/``url``, a ``published`` date); return ``{"article_id",
    "events", "places", "dates", "actors"}``.

    Raises ValueError (one line) for an article yielding no places or no dates; then nothing is stored.
    """
    from dataclasses import replace

    from timeline.events import analyse_article

    overrides = {k: v.strip() for k, v in (("title", title), ("source", source), ("url", url)) if v and v.strip()}
    article = replace(article, published=published or article.published, **overrides)
    progress(0.1, "Finding places, dates and actors")
    analysis = analyse_article(article)
    placed = [p for p in analysis.places if p.entry is not None]
    dated = [t for t in analysis.timexes if t.earliest]
    if not placed:
        raise ValueError("No places were found in the article, so it was not added.")
    if not dated and article.published is None:
        raise ValueError("No dates were found in the article and no publication date was given, so it was not added.")
    progress(0.8, "Storing")
    store.save(analysis)
    progress(1.0, "Stored")
    return {"article_id": article.id, "events": len(analysis.events), "places": len(placed), "dates": len(dated),
            "actors": len(analysis.actors)}


def private_links_allowed() -> bool:
    """Whether "Add by link" may fetch from private, loopback and link-local addresses: only when whoever
    started the dashboard said so (``NEWSMAP_ALLOW_PRIVATE=1``, a reader's intranet), so a shared dashboard
    cannot be made to fetch internal pages."""
    return os.environ.get("NEWSMAP_ALLOW_PRIVATE", "").strip().lower() in ("1", "true", "yes")


def add_link(store, url: str, *, progress: Progress) -> dict:
    """Fetch the page at ``url`` and add its article as ``python -m timeline fetch`` does (the same checks of
    the address, robots.txt, the size and time limits, the same reading and the same dedup); return
    ``{"article_id", "title", "events"}``. Raises ValueError (one line naming the URL) when it cannot be
    fetched or read, or is stored already; then nothing is stored."""
    from timeline.events import analyse_article
    from timeline.fetch import Fetcher
    from timeline.follow import LinkReader

    url = url.strip()
    reader = LinkReader(store=store, analyse=analyse_article, fetcher=Fetcher(allow_private=private_links_allowed()))
    progress(0.1, "Fetching the page")
    prepared = reader.prepare(url)
    progress(0.4, "Finding places, dates and actors")
    result = reader.finish(url, prepared)
    if result.status == "failed":
        raise ValueError(result.reason)
    if result.status == "skipped":
        raise ValueError(f"{url}: {result.reason}")
    progress(1.0, "Stored")
    return {"article_id": result.article_id, "title": result.title, "events": result.events}


def followed_feeds(store) -> list[dict]:
    """The feeds ``python -m timeline follow`` reads into this store: each one's state (``FeedState``) and its
    latest entries (``url``, ``title``, ``seen_at``, ``done``, ``error``); none for a dataset."""
    from timeline.store import Store
    from timeline.store.feeds import FeedLog

    if not isinstance(store, Store):
        return []
    log = FeedLog(store)
    return [dict(f.to_dict(), latest=log.entries(f.url)[:5]) for f in log.feeds()]


def default_db_path() -> str:
    """``NEWSMAP_DB``, else newsmap.sqlite in the user's data folder, ``$XDG_DATA_HOME/newsmap`` or
    ~/.local/share/newsmap: outside the checkout, so the dashboard starts from a read-only one."""
    if os.environ.get("NEWSMAP_DB"):
        return os.environ["NEWSMAP_DB"]
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "newsmap" / "newsmap.sqlite")
