"""The SQLite store of analysed articles: articles, place mentions, actors, events, temporal expressions.

One file (or ``:memory:``), schema kept by ``timeline.store.migrations``. Writes are per article and atomic:
``save(analysis)`` deletes the article's previous rows and inserts the new ones in ONE transaction, so
saving an article again replaces it (never duplicates it) and a failure half-way leaves what was stored
before untouched. Actors are global, keyed by canonical name: each article's view of an actor (kind,
aliases, title) is kept in ``article_actors`` and the ``actors`` row is rebuilt from those views after
every save, so re-saving an article never leaves stale aliases behind.

Reads give records back: ``events()`` gives ``StoredEvent`` records (the ``Event`` and its article's title,
source, url and publication date); ``actors()`` gives ``StoredActor`` records (the ``Actor`` with its event
and article counts). Rows are only the store's own format: dates, locations and places are kept as their
JSON records (TIMEX; PLACE with its admin1 code, ``PlaceMention.to_dict(admin1=True)``) and read back into
``Timex`` and ``PlaceMention``; where the date comes from is the ``date_basis`` column (``Event.date_basis``).

Threads: the connection is opened with ``check_same_thread=False`` (Streamlit reads from worker
threads) and every use of it, read or write, is serialised by one lock, so a reader never sees another
thread's half-done transaction. Other processes may read the file meanwhile (WAL journal).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from geo.records import PLACE_KEYS, GazetteerEntry, PlaceMention
from timeline.store import corrections as corr
from timeline.store import incidents as book
from timeline.store.corrections import Correction
from timeline.errors import MigrationError, StoreDamaged, StoreError
from articles.errors import one_line
from timeline.store.migrations import migrate
from timeline.records import (ACTOR_KINDS, Actor, Analysis, Event, Incident, StoredEvent, iso_day, timex_from_dict,
                              timex_range)
from timeline.query import (REVIEW_PLACE_SCORE, Box, Bounds, EventPage, Filters, MapCell, TimeBin, ValueCount,
                            box_condition, box_of, check_by, check_facet, check_page, check_size, check_unit,
                            date_doubtful_sql, search_words, sorted_counts, with_per_incident)
from timeline.timex import Timex




@dataclass(frozen=True, slots=True)
class StoredActor:
    """An actor as the store gives it back, with how many events and articles name it."""

    actor: Actor
    events: int = 0
    articles: int = 0

    def to_dict(self) -> dict:
        """The ACTOR record with ``events`` and ``articles`` counts."""
        return dict(self.actor.to_dict(), events=self.events, articles=self.articles)


class Store:
    """An event store on one SQLite file; use as a context manager or call ``close()``."""

    def __init__(self, *, path: str | Path = ":memory:", timeout: float = 30.0) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._merging = None  # (LeadReader, PairModel), read from their JSON files at the first save
        self._common_words: set[str] = set()  # words too common to block on (timeline.store.incidents._near)
        memory = self.path == ":memory:" or self.path.startswith("file::memory:")
        try:
            if not memory:
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: autocommit, transactions are ours (BEGIN IMMEDIATE ... COMMIT).
            self._conn = sqlite3.connect(self.path if memory else str(Path(self.path).expanduser()),
                                         timeout=timeout, isolation_level=None, check_same_thread=False)
            # SQLite's own lower() folds ASCII letters only; the search rule (timeline.query.text_matches) is
            # Python's str.lower, so the SQL calls Python's.
            self._conn.create_function("nm_lower", 1, _py_lower, deterministic=True)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open the store ({one_line(exc)})") from None
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            if not memory:
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_CORRUPT:  # a store, damaged on disk
                raise StoreDamaged(f"{self.path}: the store is damaged and cannot be opened ({one_line(exc)}); "
                                   "copy out what it still holds with sqlite3's .recover") from None
            raise StoreError(f"{self.path}: not a usable SQLite store ({one_line(exc)})") from None
        except MigrationError as exc:
            self._conn.close()
            raise StoreError(f"{self.path}: {exc}") from None

    @classmethod
    def open(cls, path: str | Path) -> "Store":
        return cls(path=path)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store(path={self.path!r})"

    # --- writing ------------------------------------------------------------------------------------------

    def save(self, analysis: Analysis, *, replace_path: bool = False) -> None:
        """Store one analysed article, replacing whatever was stored for it before (one transaction).

        ``replace_path``: also replace articles stored from the same ``Article.path`` under another id (a
        file without a URL whose text or date changed gets a new ``Article.id``; ingest uses this so that
        a file is one article). Leave it off where paths are not unique, e.g. uploaded file names.
        """
        self._save_articles((analysis,), replace_path=replace_path)

    def save_many(self, analyses: Iterable[Analysis]) -> None:
        """Save several analysed articles in ONE transaction (all or none), each replacing what was stored for it.

        What ``save`` does for each, but every actor the articles name is rebuilt once, not once per article:
        an import's thousands of one-event articles naming the same actors would otherwise re-read all of that
        actor's rows for each article (quadratic)."""
        self._save_articles(tuple(analyses), replace_path=False)

    def _save_articles(self, analyses, *, replace_path: bool) -> None:
        """``save`` for each of ``analyses`` in ONE transaction, each actor they name rebuilt once at the end."""
        prepared = []
        for analysis in analyses:
            if not isinstance(analysis, Analysis):
                _validate(analysis, "", [])  # says it is not an Analysis
            actors = _merge_actors(analysis.actors)
            _validate(analysis, analysis.article.id, actors)
            prepared.append((analysis, actors))
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
        article = None
        try:
            with self._lock, self._transaction():
                names: set[str] = set()
                touched: set[int] = set()  # incidents whose summaries are rewritten once, at the end
                for analysis, actors in prepared:
                    article = analysis.article
                    names |= self._write_article(analysis, actors, replace_path=replace_path, now=now,
                                                 touched=touched)
                book.refresh(self._conn, touched)
                self._refresh_actors(names)
        except (sqlite3.Error, ValueError, TypeError, AttributeError) as exc:  # bad rows: JSON, numbers, dicts
            where = f"article {article.id} ({article.title or article.path or 'untitled'})" if article else "articles"
            raise StoreError(f"{where} not stored: {write_problem(exc)}") from exc

    def _write_article(self, analysis: Analysis, actors: list[Actor], *, replace_path: bool, now: str,
                       touched: set[int]) -> set[str]:
        """Replace one article's rows (inside the caller's transaction); the actor names to rebuild. The
        incidents it joins or leaves are added to ``touched``, whose summaries the caller rewrites."""
        c = self._conn
        article = analysis.article
        aid = article.id
        replaced = [aid]
        if replace_path and article.path:
            replaced += [r[0] for r in c.execute("SELECT id FROM articles WHERE path = ? AND id != ?",
                                                 (article.path, aid))]
        old_names: set[str] = set()
        left = book.incidents_of_articles(c, replaced)  # rewritten once the article's new lead has joined one
        for old_id in replaced:
            old_names.update(r[0] for r in c.execute(
                "SELECT actor_name FROM article_actors WHERE article_id = ?", (old_id,)))
            c.execute("DELETE FROM articles WHERE id = ?", (old_id,))  # cascades to all its rows, its lead too
            if old_id != aid:  # another id's events are gone for good, and so are their corrections and edits
                c.execute("DELETE FROM corrections WHERE article_id = ?", (old_id,))
                book.forget_edits(c, old_id)
        # A reader's corrections of this article hold over a new analysis of it (timeline.store.corrections).
        fixes = self.corrections(aid)
        events = [corr.apply(ev, fixes) for ev in analysis.events] if fixes else list(analysis.events)
        c.execute("INSERT INTO articles (id, title, source, url, published, path, text, ingested_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (aid, article.title, article.source, article.url,
                   article.published.isoformat() if article.published else None,
                   article.path, article.text, now))
        for pos, actor in enumerate(actors):
            aliases = _dumps(list(actor.aliases))
            c.execute("INSERT INTO actors (name, kind, aliases, title) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (name) DO NOTHING", (actor.name, actor.kind, aliases, actor.title))
            c.execute("INSERT INTO article_actors (article_id, actor_name, position, kind, aliases, title) "
                      "VALUES (?, ?, ?, ?, ?, ?)", (aid, actor.name, pos, actor.kind, aliases, actor.title))
        c.executemany(
            f"INSERT INTO places (article_id, {_PLACE_COLUMNS}) VALUES (?, {_marks(PLACE_KEYS)})",
            [(aid, *_place_row(p)) for p in _corrected_mentions(analysis.places, analysis.events, events)])
        c.executemany(
            'INSERT INTO timexes (article_id, start, "end", text, type, value, earliest, latest, precision) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(aid, t.start, t.end, t.text, t.type, t.value, t.earliest, t.latest, t.precision)
             for t in analysis.timexes])
        for ev in events:
            self._insert_event(ev)
        touched |= self._merge_lead(dataclasses.replace(analysis, events=tuple(events)), fixes, left)
        return old_names | {a.name for a in actors}

    def _merge_lead(self, analysis: Analysis, fixes: list[Correction], left: set[int]) -> set[int]:
        """Read the stored article's lead and merge it into an incident (timeline.store.incidents); the
        incidents whose summaries need rewriting: that one and those the article left. (Rewritten once per
        transaction: an import's thousands of rows of one story would otherwise summarise it each time.)"""
        if self._merging is None:
            from timeline.incidents.leads import LeadReader
            from timeline.incidents.merging import load_pair_model

            self._merging = (LeadReader.shipped(), load_pair_model())
        from timeline.incidents.run import OPENING_CHARS  # the opening a run of `incidents` compares too

        reader, model = self._merging
        lead = reader.read(analysis)
        joined = set()
        if lead is not None:
            lead = book.with_corrections(lead, fixes)
            joined.add(book.attach(self._conn, lead, analysis.article.text[:OPENING_CHARS], model, reuse=left,
                                   common=self._common_words))
        return left | joined

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and everything found in it; False when it was not stored."""
        with self._lock, self._transaction():
            names = {r[0] for r in self._conn.execute(
                "SELECT actor_name FROM article_actors WHERE article_id = ?", (article_id,))}
            left = book.incidents_of_articles(self._conn, [article_id])
            gone = self._conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0
            self._conn.execute("DELETE FROM corrections WHERE article_id = ?", (article_id,))
            book.forget_edits(self._conn, article_id)
            book.refresh(self._conn, left)  # the article leaves its incident; an emptied one goes
            self._refresh_actors(names)
        return gone

    def restore_article(self, analysis: Analysis, corrections: Iterable[Correction] = ()) -> None:
        """Store again an article a reader deleted (the dashboard's Undo): ``analysis`` is its text analysed
        anew (the same article id, so the same event ids), ``corrections`` what ``corrections(article_id)`` gave
        before the deletion. The corrections are kept first, then the article is saved, which applies them as
        a re-ingest does; a correction of another article is refused and nothing is stored."""
        fixes = list(corrections)
        aid = analysis.article.id
        wrong = [c for c in fixes if not isinstance(c, Correction) or c.article_id != aid]
        if wrong:
            raise StoreError(f"a restore of article {aid} takes that article's corrections only, not {wrong[0]!r}")
        try:
            with self._lock, self._transaction():
                self._conn.executemany(
                    "INSERT INTO corrections (event_id, article_id, field, value, made_at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (event_id, field) DO UPDATE SET value = excluded.value, made_at = excluded.made_at",
                    [(c.event_id, c.article_id, c.field, c.value_json(), c.made_at) for c in fixes])
        except sqlite3.Error as exc:
            raise StoreError(f"article {aid} not restored: {write_problem(exc)}") from exc
        self.save(analysis)

    # --- a reader's corrections (timeline.store.corrections) ------------------------------------------------------

    def correct_place(self, event_id: str, entry: GazetteerEntry) -> Correction:
        """Read event ``event_id``'s place as ``entry`` (another gazetteer reading, the reader's pick)."""
        if not isinstance(entry, GazetteerEntry):
            raise StoreError(f"a place correction takes a GazetteerEntry, not {type(entry).__name__}")
        return self._correct(event_id, "place", place=entry)[0]

    def correct_sentence_place(self, event_id: str, entry: GazetteerEntry) -> list[Correction]:
        """Read event ``event_id``'s place as ``entry``, and with it every other event of its sentence (in its
        article) that was placed where it was: the clauses of one sentence read one mention as one place, so a
        wrong reading is wrong for all of them. One correction each (each kept over a re-ingest), the event's
        own first, in one transaction."""
        if not isinstance(entry, GazetteerEntry):
            raise StoreError(f"a place correction takes a GazetteerEntry, not {type(entry).__name__}")
        return self._correct(event_id, "place", same_sentence=True, place=entry)

    def correct_date(self, event_id: str, day: dt.date | str) -> Correction:
        """Date event ``event_id`` to ``day`` (a date or YYYY-MM-DD)."""
        parsed = iso_day(day)
        if parsed is None:
            raise StoreError(f"a date correction needs a day (YYYY-MM-DD), got {day!r}")
        return self._correct(event_id, "date", day=parsed)[0]

    def corrections(self, article_id: str | None = None) -> list[Correction]:
        """Every stored correction (of one article's events with ``article_id``), oldest first."""
        clause, params = (" WHERE article_id = ?", [article_id]) if article_id is not None else ("", [])
        with self._lock:
            rows = self._conn.execute("SELECT event_id, article_id, field, value, made_at FROM corrections"
                                      f"{clause} ORDER BY made_at, rowid", params).fetchall()
        return [Correction.from_row(*r) for r in rows]

    def _correct(self, event_id: str, field: str, *, same_sentence: bool = False, **value) -> list[Correction]:
        """Store the correction and rewrite the event's rows with it (one transaction), so that every read,
        the list and the pushed-down queries alike, sees the corrected place or date; ``same_sentence``: the
        place of the sentence's other events placed where this one was too."""
        try:
            return self._write_corrections(event_id, field, same_sentence, **value)
        except sqlite3.Error as exc:
            raise StoreError(f"correction not stored: {write_problem(exc)}") from exc

    def _write_corrections(self, event_id: str, field: str, same_sentence: bool, **value) -> list[Correction]:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
        with self._lock, self._transaction():
            found = self._select_events(" WHERE e.id = ?", [event_id])
            if not found:
                raise StoreError(f"no stored event {event_id!r} to correct")
            old = found[0].event
            targets = [old]
            if same_sentence and old.location is not None:
                others = self._select_events(" WHERE e.article_id = ? AND e.sentence = ? AND e.id <> ?",
                                             [old.article_id, old.sentence, event_id])
                targets += [se.event for se in others
                            if se.event.location is not None and se.event.location.entry == old.location.entry]
            return [self._rewrite_corrected(ev, field, now, **value) for ev in targets]

    def _rewrite_corrected(self, old: Event, field: str, now: str, **value) -> Correction:
        """Within a transaction: keep the correction of event ``old`` and write its rows anew with it."""
        fix = Correction(event_id=old.id, article_id=old.article_id, field=field, made_at=now, **value)
        new = corr.apply(old, [fix])
        c = self._conn
        c.execute("INSERT INTO corrections (event_id, article_id, field, value, made_at) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (event_id, field) DO UPDATE SET value = excluded.value, made_at = excluded.made_at",
                  (old.id, old.article_id, field, fix.value_json(), now))
        c.execute("DELETE FROM events WHERE id = ?", (old.id,))  # cascades to its actors, points, countries
        self._insert_event(new)
        book.correct_lead(c, fix)  # a lead's new place or day moves its incident
        if field == "place" and old.location is not None:  # the article's mention is read anew as well
            read = dict(zip(PLACE_KEYS, _place_row(new.location)))
            keys = [k for k in PLACE_KEYS if k not in _MENTION_KEYS]
            c.execute(f"UPDATE places SET {', '.join(f'{k} = ?' for k in keys)} "
                      'WHERE article_id = ? AND start = ? AND "end" = ?',
                      [read[k] for k in keys] + [old.article_id, old.location.start, old.location.end])
        return fix

    # --- incidents (timeline.store.incidents) ---------------------------------------------------------------

    def incidents(self, filters: Filters | None = None, *, bbox: Bounds | None = None) -> list[Incident]:
        """The incidents one of whose events passes ``filters`` and lies inside ``bbox`` (every incident when
        neither is given), earliest day first, undated last. ``DuckStore.incidents`` answers the same."""
        clause, params = _where(filters or Filters(), bbox)
        with self._lock:
            return book.select(self._conn, clause if clause or bbox else None, params)

    def incident(self, incident_id: str) -> Incident | None:
        """One incident by its id, or None."""
        with self._lock:
            return book.one(self._conn, str(incident_id))

    def split_article(self, article_id: str) -> Incident:
        """A reader's split: the article leaves its incident for one of its own, and stays apart from the
        other articles when any of them is stored again."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
        try:
            with self._lock, self._transaction():
                inc = book.split(self._conn, article_id, now)
                if inc is None:
                    raise StoreError(f"article {article_id!r} has no incident to split it from (not stored, or "
                                     "no event)")
        except sqlite3.Error as exc:
            raise StoreError(f"split not stored: {write_problem(exc)}") from exc
        return self.incident(str(inc))

    def join_incidents(self, keep: str, other: str) -> Incident:
        """A reader's join: every report of incident ``other`` moves into ``keep``, and stays with its reports
        when any of them is stored again."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
        try:
            with self._lock, self._transaction():
                ids = []
                for given in (keep, other):
                    row = self._conn.execute("SELECT id FROM incidents WHERE CAST(id AS TEXT) = ?",
                                             (str(given),)).fetchone()
                    if row is None:
                        raise StoreError(f"no stored incident {given!r} to join")
                    ids.append(row[0])
                book.join(self._conn, ids[0], ids[1], now)
        except sqlite3.Error as exc:
            raise StoreError(f"join not stored: {write_problem(exc)}") from exc
        return self.incident(str(ids[0]))

    def mentions(self, article_id: str) -> tuple[list[PlaceMention], list[Timex]]:
        """The place mentions and temporal expressions found in one article, in text order (its evidence)."""
        with self._lock:
            places = self._conn.execute(f'SELECT {_PLACE_COLUMNS} FROM places WHERE article_id = ? ORDER BY start, "end"',
                                        (article_id,)).fetchall()
            timexes = self._conn.execute(
                'SELECT text, start, "end", type, value, earliest, latest, precision FROM timexes '
                'WHERE article_id = ? ORDER BY start, "end"', (article_id,)).fetchall()
        return ([PlaceMention.from_dict(dict(zip(PLACE_KEYS, r))) for r in places],
                [Timex(text=r[0], start=r[1], end=r[2], type=r[3], value=r[4], earliest=r[5], latest=r[6],
                       precision=r[7]) for r in timexes])

    def _insert_event(self, ev: Event) -> None:
        c = self._conn
        date = ev.date
        days = timex_range(date)
        lo, hi = (days[0].isoformat(), days[1].isoformat()) if days else (None, None)
        # The PLACE records with their admin1 code (migration 5's event_regions reads it), converted once for
        # the rows' JSON and the points below.
        loc = ev.location.to_dict(admin1=True) if ev.location else None
        places = [p.to_dict(admin1=True) for p in ev.places]
        lat, lon = _latlon(loc)
        c.execute('INSERT INTO events (id, article_id, sentence, start, "end", type, date, date_basis, date_value, '
                  "date_earliest, date_latest, date_precision, location, lat, lon, places, lead, factuality) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (ev.id, ev.article_id, ev.sentence, ev.start, ev.end, ev.type,
                   _dumps(date.to_dict()) if date else None, ev.date_basis, date.value if date else None,
                   lo, hi, date.precision if date else None, _dumps(loc) if loc else None, lat, lon,
                   _dumps(places), int(ev.lead), ev.factuality))
        c.executemany("INSERT INTO event_actors (event_id, actor_name, position) VALUES (?, ?, ?)",
                      [(ev.id, name, pos) for pos, name in enumerate(dict.fromkeys(ev.actors))])
        # Every distinct placed coordinate (the location and the other places) for bbox queries.
        points = {_latlon(p) for p in [loc, *places] if p} - {(None, None)}
        c.executemany("INSERT INTO event_points (event_id, lat, lon) VALUES (?, ?, ?)",
                      [(ev.id, p_lat, p_lon) for p_lat, p_lon in sorted(points)])

    def _refresh_actors(self, names: Iterable[str]) -> None:
        """Rebuild each named actor from every article's view of it; drop actors no article names."""
        c = self._conn
        for name in sorted(names):
            rows = c.execute("SELECT aa.kind, aa.aliases, aa.title FROM article_actors aa "
                             "JOIN articles a ON a.id = aa.article_id WHERE aa.actor_name = ? "
                             "ORDER BY a.ingested_at, aa.rowid", (name,)).fetchall()
            if not rows:
                c.execute("DELETE FROM actors WHERE name = ?", (name,))
                continue
            counts = Counter(r[0] for r in rows)
            top = max(counts.values())
            kind = [r[0] for r in rows if counts[r[0]] == top][-1]  # most often said; the latest on a tie
            aliases = list(dict.fromkeys(a for r in rows for a in json.loads(r[1])))
            titles = [r[2] for r in rows if r[2]]
            c.execute("UPDATE actors SET kind = ?, aliases = ?, title = ? WHERE name = ?",
                      (kind, _dumps(aliases), titles[-1] if titles else None, name))

    @contextmanager
    def _transaction(self):
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    # --- reading ------------------------------------------------------------------------------------------

    def events(self, filters: Filters | None = None, *, bbox: Bounds | None = None) -> list[StoredEvent]:
        """Stored events passing ``filters`` and inside ``bbox``, earliest date first (undated last).

        The rules are those of ``timeline.query`` (``DuckStore.events`` applies the same ones).
        """
        clause, params = _where(filters or Filters(), bbox)
        return self._select_events(clause, params)

    def _select_events(self, clause: str, params: list, page: tuple[int, int] | None = None) -> list[StoredEvent]:
        """The events of ``FROM events e JOIN articles a{clause}`` in the list's order (``page``: limit, offset)."""
        tail, tail_params = (" LIMIT ? OFFSET ?", list(page)) if page else ("", [])
        with self._lock:
            rows = self._conn.execute(
                'SELECT e.id, e.sentence, e.start, e."end", e.type, e.date, e.location, e.places, '
                "e.article_id, a.title, a.source, a.url, a.published, e.date_basis, "
                "(SELECT group_concat(c.field) FROM corrections c WHERE c.event_id = e.id), e.lead, e.factuality "
                f"FROM events e JOIN articles a ON a.id = e.article_id{clause} "
                f"ORDER BY e.date_earliest IS NULL, e.date_earliest, a.published, e.article_id, e.start, e.id{tail}",
                params + tail_params).fetchall()
            ids = [r[0] for r in rows]
            names_of: dict[str, list[str]] = {}
            for chunk in range(0, len(ids), 900):  # SQLite's limit on bound parameters
                part = ids[chunk:chunk + 900]
                for event_id, name in self._conn.execute(
                        "SELECT ea.event_id, ea.actor_name FROM event_actors ea "
                        f"WHERE ea.event_id IN ({_marks(part)}) ORDER BY ea.event_id, ea.position", part):
                    names_of.setdefault(event_id, []).append(name)
            incident_of = self._incidents_of(ids)
        out = []
        for r in rows:
            location = _loads(r[6])
            event = Event(id=r[0], article_id=r[8], sentence=r[1], start=r[2], end=r[3], type=r[4],
                          date=timex_from_dict(_loads(r[5])), date_basis=r[13],
                          location=PlaceMention.from_dict(location) if location else None,
                          places=tuple(PlaceMention.from_dict(p) for p in _loads(r[7]) or []),
                          actors=tuple(names_of.get(r[0], ())), lead=bool(r[15]), factuality=r[16])
            incident, reports = incident_of.get(r[0], (None, 0))
            out.append(StoredEvent(event=event, article_title=r[9], source=r[10], url=r[11],
                                   published=iso_day(r[12]), corrected=tuple(sorted(r[14].split(","))) if r[14] else (),
                                   incident_id=incident, reports=reports))
        return out

    def _incidents_of(self, event_ids: list[str]) -> dict[str, tuple[str, int]]:
        """Each lead event's incident id and number of reports (the caller holds the lock)."""
        out = {}
        for chunk in range(0, len(event_ids), 900):  # SQLite's limit on bound parameters
            part = event_ids[chunk:chunk + 900]
            for event_id, incident, reports in self._conn.execute(
                    "SELECT l.event_id, l.incident_id, i.reports FROM leads l JOIN incidents i ON i.id = l.incident_id "
                    f"WHERE l.event_id IN ({_marks(part)})", part):
                out[event_id] = (str(incident), int(reports))
        return out

    # --- timeline.query.EventQueries: each question answered in SQL ---------------------------------------

    def events_page(self, filters: Filters | None = None, *, bbox: Bounds | None = None, offset: int = 0,
                    limit: int = 100) -> EventPage:
        check_page(offset, limit)
        clause, params = _where(filters or Filters(), bbox)
        with self._lock:
            total = self._conn.execute(f"SELECT COUNT(*) FROM events e JOIN articles a ON a.id = e.article_id"
                                       f"{clause}", params).fetchone()[0]
            events = self._select_events(clause, params, (limit, offset))
        return EventPage(events=tuple(events), total=total, offset=offset, limit=limit)

    def event(self, event_id: str) -> StoredEvent | None:
        """One stored event by its id, or None."""
        with self._lock:
            found = self._select_events(" WHERE e.id = ?", [str(event_id)], (1, 0))
        return found[0] if found else None

    def time_bins(self, filters: Filters | None = None, *, bbox: Bounds | None = None,
                  unit: str = "month", by: str | None = None) -> list[TimeBin]:
        key = _BIN_START[check_unit(unit)]
        split = ", e.type" if check_by(by) else ", NULL"
        clause, params = _where(filters or Filters(), bbox, dated=True)
        with self._lock:
            rows = self._conn.execute(f"SELECT {key} AS bin{split} AS t, COUNT(*) FROM events e JOIN articles a "
                                      f"ON a.id = e.article_id{clause} GROUP BY bin, t ORDER BY bin, t",
                                      params).fetchall()
        return [TimeBin(start=dt.date.fromisoformat(b), count=n, type=t) for b, t, n in rows]

    def map_cells(self, filters: Filters | None = None, *, bbox: Bounds | None = None,
                  size: float = 1.0) -> list[MapCell]:
        size = check_size(size)
        clause, params = _where(filters or Filters(), None)
        inside, box_params = ("1", [])
        if bbox is not None:  # the points inside: candidates from the R*Tree, then the exact test
            coarse, coarse_params = _rtree_condition(box_of(bbox))
            exact, exact_params = box_condition(bbox, "p.lat", "p.lon")
            inside = f"p.id IN (SELECT r.id FROM event_points_rtree r WHERE {coarse}) AND {exact}"
            box_params = coarse_params + exact_params
        with self._lock:
            rows = self._conn.execute(
                "SELECT CAST(floor(p.lat / ?) AS INTEGER) AS i, CAST(floor(p.lon / ?) AS INTEGER) AS j, "
                "COUNT(DISTINCT p.event_id) FROM event_points p WHERE p.event_id IN "
                f"(SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id{clause}) AND {inside} "
                "GROUP BY i, j ORDER BY i, j", [size, size, *params, *box_params]).fetchall()
        return [MapCell(south=i * size, west=j * size, size=size, count=n) for i, j, n in rows]

    def value_counts(self, facet: str, filters: Filters | None = None, *,
                     bbox: Bounds | None = None) -> list[ValueCount]:
        column, table = _FACETS[check_facet(facet)]
        clause, params = _where(filters or Filters(), bbox)
        # Each facet's table holds a value once per event (event_actors, event_countries and event_regions are
        # keyed by event and value), so a plain count is the events' count; the articles are joined only when
        # the facet or a filter reads them (a join and a DISTINCT per row were most of a facet's time).
        if table and not clause:  # all events: the facet's own table alone (each of its rows has its event)
            with self._lock:
                rows = self._conn.execute(f"SELECT {column} AS v, COUNT(*) FROM {table} WHERE {column} IS NOT NULL "
                                          f"AND {column} != '' GROUP BY v").fetchall()
            return sorted_counts(rows)
        articles = " JOIN articles a ON a.id = e.article_id" if "a." in column + clause else ""
        joined = f" JOIN {table} ON {table.split()[1]}.event_id = e.id" if table else ""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {column} AS v, COUNT(*) FROM events e{articles}"
                f"{joined}{clause}{' AND' if clause else ' WHERE'} {column} IS NOT NULL AND {column} != '' "
                "GROUP BY v", params).fetchall()
        return sorted_counts(rows)

    def date_extent(self, filters: Filters | None = None, *,
                    bbox: Bounds | None = None) -> tuple[dt.date, dt.date] | None:
        clause, params = _where(filters or Filters(), bbox, dated=True)
        with self._lock:
            lo, hi = self._conn.execute(f"SELECT MIN(e.date_earliest), MAX(e.date_latest) FROM events e "
                                        f"JOIN articles a ON a.id = e.article_id{clause}", params).fetchone()
        return None if lo is None else (dt.date.fromisoformat(lo), dt.date.fromisoformat(hi))

    def event_count(self, filters: Filters | None = None, *, bbox: Bounds | None = None) -> int:
        clause, params = _where(filters or Filters(), bbox)
        with self._lock:
            return self._conn.execute(f"SELECT COUNT(*) FROM events e JOIN articles a ON a.id = e.article_id"
                                      f"{clause}", params).fetchone()[0]

    def day_ranges(self, filters: Filters | None = None, *,
                   bbox: Bounds | None = None) -> list[tuple[dt.date, dt.date, int]]:
        clause, params = _where(filters or Filters(), bbox, dated=True)
        with self._lock:
            rows = self._conn.execute(f"SELECT e.date_earliest, e.date_latest, COUNT(*) FROM events e JOIN articles a "
                                      f"ON a.id = e.article_id{clause} GROUP BY 1, 2 ORDER BY 1, 2", params).fetchall()
        return [(dt.date.fromisoformat(lo), dt.date.fromisoformat(hi), n) for lo, hi, n in rows]

    def point_bounds(self, filters: Filters | None = None, *, bbox: Bounds | None = None) -> Bounds | None:
        clause, params = _where(filters or Filters(), bbox)
        with self._lock:
            row = self._conn.execute(
                "SELECT MIN(p.lat), MIN(p.lon), MAX(p.lat), MAX(p.lon) FROM event_points p WHERE p.event_id IN "
                f"(SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id{clause})", params).fetchone()
        return None if row[0] is None else Bounds(*row)

    def article_titles(self, article_ids) -> dict[str, str]:
        ids, out = list(dict.fromkeys(article_ids)), {}
        with self._lock:
            for chunk in range(0, len(ids), 900):  # SQLite's limit on bound parameters
                part = ids[chunk:chunk + 900]
                out.update(self._conn.execute(f"SELECT id, CASE WHEN title != '' THEN title ELSE id END "
                                              f"FROM articles WHERE id IN ({_marks(part)})", part).fetchall())
        return out

    def actors(self) -> list[StoredActor]:
        """Every stored actor with its ``events`` and ``articles`` counts, most events first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT a.name, a.kind, a.aliases, a.title, "
                "(SELECT COUNT(*) FROM event_actors ea WHERE ea.actor_name = a.name) AS n_events, "
                "(SELECT COUNT(*) FROM article_actors aa WHERE aa.actor_name = a.name) AS n_articles "
                "FROM actors a ORDER BY n_events DESC, a.name").fetchall()
        return [StoredActor(actor=Actor(name=name, kind=kind, aliases=tuple(json.loads(aliases)), title=title),
                            events=n_events, articles=n_articles)
                for name, kind, aliases, title, n_events, n_articles in rows]

    def articles(self) -> list[dict]:
        """One dict per stored article (``Article.to_dict()`` + ``ingested_at`` and counts), without text."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT a.id, a.title, a.source, a.url, a.published, a.path, a.ingested_at, "
                "(SELECT COUNT(*) FROM events e WHERE e.article_id = a.id), "
                "(SELECT COUNT(*) FROM places p WHERE p.article_id = a.id), "
                "(SELECT COUNT(*) FROM timexes t WHERE t.article_id = a.id), "
                "(SELECT COUNT(*) FROM article_actors aa WHERE aa.article_id = a.id) "
                "FROM articles a ORDER BY a.published IS NULL, a.published, a.title, a.id").fetchall()
        keys = ("id", "title", "source", "url", "published", "path", "ingested_at", "events", "places",
                "timexes", "actors")
        return [dict(zip(keys, r)) for r in rows]

    def article(self, article_id: str) -> dict | None:
        """One article with its text, or None."""
        with self._lock:
            r = self._conn.execute("SELECT id, title, source, url, published, path, ingested_at, text "
                                   "FROM articles WHERE id = ?", (article_id,)).fetchone()
        if r is None:
            return None
        return dict(zip(("id", "title", "source", "url", "published", "path", "ingested_at", "text"), r))

    def article_ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self._conn.execute("SELECT id FROM articles")}

    def count(self) -> dict:
        try:
            with self._lock:
                return {table: self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # fixed names
                        for table in ("articles", "events", "places", "actors", "timexes")}
        except sqlite3.DatabaseError as exc:  # "database disk image is malformed": pages damaged on disk
            raise StoreDamaged(f"{self.path}: the store is damaged and cannot be counted ({one_line(exc)}); "
                             "copy out what it still holds with sqlite3's .recover") from None


# --- helpers ------------------------------------------------------------------------------------------------

def _merge_actors(actors: Iterable[Actor]) -> list[Actor]:
    """One Actor per canonical name (the first kind and title, aliases of all)."""
    merged: dict[str, Actor] = {}
    for a in actors:
        if a.name in merged:
            m = merged[a.name]
            merged[a.name] = Actor(name=m.name, kind=m.kind, aliases=tuple(dict.fromkeys(m.aliases + a.aliases)),
                                   title=m.title or a.title)
        else:
            merged[a.name] = a
    return list(merged.values())


def _validate(analysis: Analysis, aid: str, actors: list[Actor]) -> None:
    if not isinstance(analysis, Analysis):
        raise StoreError(f"save() takes an Analysis, not {type(analysis).__name__}")
    known = {a.name for a in actors}
    for a in actors:
        if a.kind not in ACTOR_KINDS:
            raise StoreError(f"article {aid}: actor {a.name!r} has kind {a.kind!r}, "
                             f"not one of {', '.join(ACTOR_KINDS)}")
    for ev in analysis.events:
        if ev.article_id != aid:
            raise StoreError(f"article {aid}: event {ev.id!r} belongs to article {ev.article_id!r}")
        missing = [n for n in ev.actors if n not in known]
        if missing:
            raise StoreError(f"article {aid}: event {ev.id!r} names actor {missing[0]!r}, "
                             "not among the article's actors")


def _corrected_mentions(places: Iterable[PlaceMention], found: list[Event], fixed: list[Event]) -> list[PlaceMention]:
    """The article's place mentions with each corrected event location's mention read as corrected."""
    anew = {(old.location.start, old.location.end): new.location for old, new in zip(found, fixed)
            if old.location is not None and new.location is not old.location}
    return [anew.get((p.start, p.end), p) for p in places]


# The places table's columns are the PLACE record's keys ("end" quoted: a keyword of SQL); a mention's own
# keys stay put when a reader corrects its reading.
_PLACE_COLUMNS = ", ".join('"end"' if k == "end" else k for k in PLACE_KEYS)
_MENTION_KEYS = ("text", "start", "end")


def _place_row(place: PlaceMention) -> tuple:
    """A place mention as the places table's columns (``PLACE_KEYS``), from its PLACE record."""
    d = place.to_dict()
    return tuple(d[k] for k in PLACE_KEYS)


def _latlon(place: dict | None) -> tuple[float | None, float | None]:
    if not place or place.get("lat") is None or place.get("lon") is None:
        return None, None
    return float(place["lat"]), float(place["lon"])


# Where each time bin starts, from the event's earliest day (YYYY-MM-DD); a week starts on its Monday.
_BIN_START = {
    "day": "e.date_earliest",
    "week": "date(e.date_earliest, '-' || ((CAST(strftime('%w', e.date_earliest) AS INTEGER) + 6) % 7) || ' days')",
    "month": "substr(e.date_earliest, 1, 7) || '-01'",
    "year": "substr(e.date_earliest, 1, 4) || '-01-01'",
}
# Each facet's value column and the join that gives it (one row per event and value).
_FACETS = {  # facet -> (column, the per-event table holding it as "name alias", or None: a column of e or a)
    "actors": ("ea.actor_name", "event_actors ea"),
    "types": ("e.type", None),
    "sources": ("a.source", None),
    "countries": ("ec.country_code", "event_countries ec"),
    "articles": ("e.article_id", None),
    "regions": ("er.region", "event_regions er"),
}

# An event's PLACE records (location first, then its places) with their order, placed ones only
_PLACED = ("(SELECT -1 AS k, e.location AS v WHERE e.location IS NOT NULL UNION ALL "
           "SELECT j.key, j.value FROM json_each(e.places) j)")
_IS_PLACED = ("json_extract({0}.v, '$.name') IS NOT NULL AND json_extract({0}.v, '$.lat') IS NOT NULL "
              "AND json_extract({0}.v, '$.lon') IS NOT NULL")
# timeline.query's review rule: a date not from the event's own sentence (its SQL from timeline.query), or a
# doubtful place among the first placed place at each coordinate (as timeline.query.event_places keeps them)
_REVIEW = (
    f"({date_doubtful_sql('e.date', 'e.date_basis')} "
    f"OR EXISTS (SELECT 1 FROM {_PLACED} x WHERE {_IS_PLACED.format('x')} AND json_extract(x.v, '$.score') < ? "
    f"AND NOT EXISTS (SELECT 1 FROM {_PLACED} y WHERE y.k < x.k AND {_IS_PLACED.format('y')} "
    "AND round(json_extract(y.v, '$.lat'), 5) = round(json_extract(x.v, '$.lat'), 5) "
    "AND round(json_extract(y.v, '$.lon'), 5) = round(json_extract(x.v, '$.lon'), 5))))")


def _where(f: Filters, bbox: Bounds | None, *, dated: bool = False) -> tuple[str, list]:
    """`` WHERE ...`` over ``events e JOIN articles a`` for the rules of ``timeline.query`` ('' for all);
    ``dated`` keeps only dated events (for bins and extents)."""
    return with_per_incident(f, bbox, dated, _where_each, lambda inner: (
        "e.id NOT IN (SELECT l.event_id FROM leads l JOIN leads f ON f.incident_id = l.incident_id "
        "AND f.rowid < l.rowid WHERE l.event_id IS NOT NULL AND f.event_id IN (SELECT e.id FROM events e "
        f"JOIN articles a ON a.id = e.article_id{inner}))"))


def _where_each(f: Filters, bbox: Bounds | None, *, dated: bool = False) -> tuple[str, list]:
    """``_where`` but for ``per_incident``: every event by itself."""
    where, params = [], []
    if f.actors:
        names = list(f.actors)
        # the events of those actors from the actor index (a correlated EXISTS would probe once per event)
        where.append(f"e.id IN (SELECT ea.event_id FROM event_actors ea WHERE ea.actor_name IN ({_marks(names)}))")
        params += names
    if f.countries:
        codes = list(f.countries)
        where.append("e.id IN (SELECT ec.event_id FROM event_countries ec "
                     f"WHERE ec.country_code IN ({_marks(codes)}))")
        params += codes
    if f.regions:
        codes = list(f.regions)
        where.append("e.id IN (SELECT er.event_id FROM event_regions er "
                     f"WHERE er.region IN ({_marks(codes)}))")
        params += codes
    for column, values in (("e.type", f.types), ("a.source", f.sources), ("e.article_id", f.articles),
                           ("e.factuality", f.factualities)):
        if values:
            vals = list(values)
            where.append(f"{column} IN ({_marks(vals)})")
            params += vals
    if f.start is not None:
        where.append("e.date_latest >= ?")
        params.append(_iso(f.start, "start"))
    if f.end is not None:
        where.append("e.date_earliest <= ?")
        params.append(_iso(f.end, "end"))
    if dated:
        where.append("e.date_earliest IS NOT NULL")
    for word in search_words(f.text):
        where.append("(instr(nm_lower(e.sentence), ?) > 0 OR instr(nm_lower(a.title), ?) > 0)")
        params += [word, word]
    if f.review:
        where.append(_REVIEW)
        params.append(REVIEW_PLACE_SCORE)
    if bbox is not None:
        # Candidates from the R*Tree (its 32-bit boxes are rounded outwards), then the exact test on the point.
        exact, exact_params = box_condition(bbox, "p.lat", "p.lon")
        coarse, coarse_params = _rtree_condition(box_of(bbox))
        where.append("e.id IN (SELECT p.event_id FROM event_points_rtree r JOIN event_points p ON p.id = r.id "
                     f"WHERE {coarse} AND {exact})")
        params += coarse_params + exact_params
    return (" WHERE " + " AND ".join(where)) if where else "", params


def _py_lower(value):
    return value.lower() if isinstance(value, str) else value


def _rtree_condition(box: Box) -> tuple[str, list[float]]:
    cond, params = "r.max_lat >= ? AND r.min_lat <= ?", [box.south, box.north]
    if box.lon_ranges:
        cond += " AND (" + " OR ".join("(r.max_lon >= ? AND r.min_lon <= ?)" for _ in box.lon_ranges) + ")"
        params += [x for r in box.lon_ranges for x in r]
    return cond, params


def _marks(values: list) -> str:
    return ", ".join("?" * len(values))


def _iso(value, what: str) -> str:
    day = iso_day(value)
    if day is None:
        raise ValueError(f"{what} must be a date, got {value!r}")
    return day.isoformat()


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_problem(exc: BaseException) -> str:
    """What stopped a write, in a reader's words, from SQLite's error (or any other's one line)."""
    said = one_line(exc)
    low = said.lower()
    if "locked" in low or "busy" in low:
        return f"the store is busy: another program has held its lock for too long; try again ({said})"
    if "readonly" in low or "read-only" in low:
        return f"the store is read-only: its file or folder cannot be written ({said})"
    if "full" in low:
        return f"the disk is full: the store's file cannot grow ({said})"
    if "disk i/o" in low:  # a write the system refused (EFBIG, EIO): a full disk or quota, or a failing one
        return f"the disk is full or failing: the store's file cannot be written ({said})"
    return said


def _loads(value):
    return None if value is None else json.loads(value)
