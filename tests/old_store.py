"""A SQLite store written as an older program wrote it: the schema of its migrations and its rows in the form
it gave them, in plain SQL (not through today's ``Store``, whose rows have moved on).

What moved, by version: the place JSON of events carries the entry's admin1 code from version 5 on; where the
date comes from is a ``"carried": true`` / ``"reported": true`` key inside the date's JSON up to version 7
(undated events kept none), the ``date_basis`` column from version 8 on; events have their ``lead`` and
``factuality`` columns from version 9 on; no store before version 10 has leads or incidents.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Iterable

from timeline.records import Analysis
from timeline.store.migrations import MIGRATIONS, migrate


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _place(place, version: int) -> dict:
    """An event's place as its JSON held it: the PLACE record, with the entry's admin1 code from version 5."""
    d = place.to_dict()
    if version >= 5 and place.entry is not None and place.entry.admin1:
        d["admin1"] = place.entry.admin1
    return d


def write_old_store(path: Path, analyses: Iterable[Analysis], version: int) -> None:
    """A store at schema ``version`` (< 10) holding ``analyses`` as that version's program saved them."""
    assert version < 10, "from version 10 on, today's Store writes the rows"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, MIGRATIONS[:version])
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
    with conn:
        conn.execute("BEGIN")
        for analysis in analyses:
            _write(conn, analysis, version, now)
    conn.close()


def _write(conn: sqlite3.Connection, analysis: Analysis, version: int, now: str) -> None:
    a = analysis.article
    conn.execute("INSERT INTO articles (id, title, source, url, published, path, text, ingested_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (a.id, a.title, a.source, a.url,
                                                     a.published.isoformat() if a.published else None, a.path,
                                                     a.text, now))
    for pos, actor in enumerate(analysis.actors):
        aliases = _dumps(list(actor.aliases))
        conn.execute("INSERT OR IGNORE INTO actors (name, kind, aliases, title) VALUES (?, ?, ?, ?)",
                     (actor.name, actor.kind, aliases, actor.title))
        conn.execute("INSERT OR IGNORE INTO article_actors (article_id, actor_name, position, kind, aliases, title) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (a.id, actor.name, pos, actor.kind, aliases, actor.title))
    for p in analysis.places:
        d = p.to_dict()
        conn.execute('INSERT INTO places (article_id, start, "end", text, name, lat, lon, country_code, geonameid, '
                     "feature_code, score, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (a.id, d["start"], d["end"], d["text"], d["name"], d["lat"], d["lon"], d["country_code"],
                      d["geonameid"], d["feature_code"], d["score"], d["source"]))
    for ev in analysis.events:
        date = ev.date.to_dict() if ev.date is not None else None
        if date is not None and version < 8 and ev.date_basis != "own":
            date[ev.date_basis] = True
        loc = _place(ev.location, version) if ev.location else None
        places = [_place(p, version) for p in ev.places]
        days = ev.day_range
        row = {"id": ev.id, "article_id": a.id, "sentence": ev.sentence, "start": ev.start, '"end"': ev.end,
               "type": ev.type, "date": _dumps(date) if date else None,
               "date_value": ev.date.value if ev.date else None,
               "date_earliest": days[0].isoformat() if days else None,
               "date_latest": days[1].isoformat() if days else None,
               "date_precision": ev.date.precision if ev.date else None, "location": _dumps(loc) if loc else None,
               "lat": loc["lat"] if loc else None, "lon": loc["lon"] if loc else None, "places": _dumps(places)}
        if version >= 8:
            row["date_basis"] = ev.date_basis
        if version >= 9:
            row["lead"] = int(ev.lead)
            row["factuality"] = ev.factuality
        conn.execute(f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
        conn.executemany("INSERT INTO event_actors (event_id, actor_name, position) VALUES (?, ?, ?)",
                         [(ev.id, name, pos) for pos, name in enumerate(dict.fromkeys(ev.actors))])
        points = {(p["lat"], p["lon"]) for p in [loc, *places] if p and p["lat"] is not None}
        conn.executemany("INSERT INTO event_points (event_id, lat, lon) VALUES (?, ?, ?)",
                         [(ev.id, lat, lon) for lat, lon in sorted(points)])
    for t in analysis.timexes:
        conn.execute('INSERT INTO timexes (article_id, start, "end", text, type, value, earliest, latest, precision) '
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (a.id, t.start, t.end, t.text, t.type, t.value, t.earliest, t.latest, t.precision))
