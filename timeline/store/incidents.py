"""The SQLite store's incidents (migration 10): each article's lead, the incident it is merged into, the
incidents' summaries, and a reader's splits and joins.

Merging is incremental, as ``timeline.incidents.merging.IncidentMerger`` does it in memory: a stored article's
lead is compared only with the stored leads blocking lets it meet (the same rule, asked in SQL: leads whose
day lies in the window, and leads sharing a name or headline word that not too many incidents share) and joins
the incident ``best_incident`` picks, or opens one. So the cost of storing an article grows with the leads near
it, not with the store. A reader's split ("apart" from the incident's other articles) and join ("together"
with the other incident's articles) are kept per pair of articles and read again whenever an article is stored
anew, so a re-ingest merges it the way the reader said.

Every function here runs on the caller's connection inside the caller's transaction (``Store`` holds the lock).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from functools import lru_cache
from typing import Iterable, Sequence

from geo.records import PlaceMention
from timeline.incidents.leads import Lead, PlaceCandidate
from timeline.incidents.merging import (DAY_WINDOW, MEAN_OVER, UNDATED_WINDOW, WORD_POSTINGS, LeadText,
                                        PairModel, anchor_day, best_incident)
from timeline.incidents.summary import Report, summarise
from timeline.records import Incident, iso_day
from timeline.store.corrections import Correction

_LEAD_COLUMNS = ("article_id, event_id, type, sentence, title, day, day_in_text, published, place, "
                 "place_mentions, words")
_INCIDENT_COLUMNS = ("id, type, day_earliest, day_latest, day_precision, location, place_precision, lat, lon, "
                     "actors, event_ids, article_ids, sources, urls, first_report, last_report, fatalities")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _marks(values: Sequence) -> str:
    return ", ".join("?" * len(values))


# --- a lead's row and back ------------------------------------------------------------------------------------

def _lead_row(lead: Lead, text: LeadText) -> tuple:
    place = lead.place
    words = {"title": sorted(text.title), "opening": sorted(text.opening), "names": sorted(text.names),
             "numbers": sorted(text.numbers)}
    return (lead.article_id, lead.event_id, lead.type, lead.sentence, lead.title, _iso(lead.day),
            int(lead.day_in_text), _iso(lead.published), _iso(anchor_day(lead)),
            _dumps(place.mention.to_dict(admin1=True)) if place else None, place.mentions if place else 0,
            _dumps(words))


@lru_cache(maxsize=8192)
def _lead_of(row: tuple) -> tuple[Lead, LeadText]:
    """A (Lead, LeadText) from the columns ``_LEAD_COLUMNS``. Kept by the row's values: a day's window asks
    the same leads again for each new article, and reading their JSON was most of a save's merging."""
    aid, event_id, type_, sentence, title, day, day_in_text, published, place, mentions, words = row
    w = json.loads(words)
    lead = Lead(article_id=aid, event_id=event_id, type=type_, sentence=sentence, day=iso_day(day),
                place=PlaceCandidate(PlaceMention.from_dict(json.loads(place)), mentions) if place else None,
                published=iso_day(published), title=title, day_in_text=bool(day_in_text))
    return lead, LeadText(frozenset(w["title"]), frozenset(w["opening"]), frozenset(w["names"]),
                          frozenset(w["numbers"]))


def with_corrections(lead: Lead, fixes: Iterable[Correction]) -> Lead:
    """``lead`` with a reader's corrections of its event: the corrected place or day is the lead's."""
    for fix in fixes:
        if fix.event_id != lead.event_id:
            continue
        if fix.field == "place":
            mention = PlaceMention(text=fix.place.name, start=0, end=0, entry=fix.place, score=1.0)
            lead = dataclasses.replace(lead, place=PlaceCandidate(mention, 1))
        else:
            lead = dataclasses.replace(lead, day=fix.day, day_in_text=True)
    return lead


# --- merging a stored article ---------------------------------------------------------------------------------

def incidents_of_articles(conn: sqlite3.Connection, article_ids: Sequence[str]) -> set[int]:
    ids = list(article_ids)
    return {r[0] for r in conn.execute(f"SELECT incident_id FROM leads WHERE article_id IN ({_marks(ids)})", ids)}


# A word's leads read for blocking. All of them made a story told thousands of times (one day's coded rows of
# an import) cost the whole story for each new row: quadratic. Past this many, a word either names more than
# WORD_POSTINGS incidents among them (common, as IncidentMerger would find it) or few incidents told many times,
# of which those read are blocked with; the day window still brings every incident of the lead's days.
POSTINGS_READ = 2 * WORD_POSTINGS


def _near(conn: sqlite3.Connection, lead: Lead, text: LeadText, common: set[str]) -> set[int]:
    """The incidents blocking lets ``lead`` meet (``IncidentMerger.near``'s rule, in SQL). ``common``: words
    found in more incidents than blocking uses, not asked again (they stay so: IncidentMerger never forgets
    an incident's words either); the caller keeps it between articles."""
    sharing: set[int] = set()
    words = sorted((text.names | text.title) - common)
    postings: dict[str, set[int]] = {}
    for word in words:  # at most POSTINGS_READ of each word's leads: a bounded question, not all its leads
        postings[word] = {r[0] for r in conn.execute(
            "SELECT DISTINCT l.incident_id FROM (SELECT article_id FROM lead_words WHERE word = ? LIMIT ?) w "
            "JOIN leads l ON l.article_id = w.article_id", (word, POSTINGS_READ))}
    for word, found in postings.items():
        if len(found) <= WORD_POSTINGS:
            sharing |= found
        else:  # a word of more incidents names no one happening
            common.add(word)
    anchor = anchor_day(lead)
    if anchor is None:
        return sharing
    window = dt.timedelta(days=DAY_WINDOW if lead.day else UNDATED_WINDOW)
    near = {r[0] for r in conn.execute("SELECT DISTINCT incident_id FROM leads WHERE anchor BETWEEN ? AND ?",
                                       ((anchor - window).isoformat(), (anchor + window).isoformat()))}
    if sharing:
        ids = sorted(sharing)
        near |= {r[0] for r in conn.execute("SELECT DISTINCT incident_id FROM leads WHERE anchor IS NULL AND "
                                            f"incident_id IN ({_marks(ids)})", ids)}
    return near


def _edited(conn: sqlite3.Connection, article_id: str, kind: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT other_id FROM incident_edits WHERE article_id = ? AND kind = ? "
                                       "ORDER BY other_id", (article_id, kind))]


def _choose(conn: sqlite3.Connection, lead: Lead, text: LeadText, model: PairModel, common: set[str]) -> int | None:
    """The stored incident ``lead`` joins: the one a reader joined it to, else the model's pick among the near
    incidents the reader did not split it from; None to open one."""
    together = _edited(conn, lead.article_id, "together")
    if together:
        row = conn.execute(f"SELECT incident_id FROM leads WHERE article_id IN ({_marks(together)}) "
                           "ORDER BY rowid LIMIT 1", together).fetchone()
        if row:
            return row[0]
    candidates = _near(conn, lead, text, common)
    apart = _edited(conn, lead.article_id, "apart")
    if apart and candidates:
        candidates -= incidents_of_articles(conn, apart)
    if not candidates:
        return None
    return best_incident(model, lead, text, ((i, _compared(conn, i)) for i in sorted(candidates)))


def _compared(conn: sqlite3.Connection, incident: int) -> list[tuple[Lead, LeadText]]:
    """The incident's reports a new lead is compared with (``compared_reports``: its first and latest
    ``MEAN_OVER // 2``), asked as two bounded questions on the leads_incident index, so a story with
    thousands of reports costs no more to join than one with forty."""
    half = MEAN_OVER // 2
    first = conn.execute(f"SELECT rowid, {_LEAD_COLUMNS} FROM leads WHERE incident_id = ? ORDER BY rowid "
                         "LIMIT ?", (incident, half)).fetchall()
    last = conn.execute(f"SELECT rowid, {_LEAD_COLUMNS} FROM leads WHERE incident_id = ? ORDER BY rowid DESC "
                        "LIMIT ?", (incident, half)).fetchall()
    rows = {r[0]: r for r in first + last}
    return [_lead_of(rows[k][1:]) for k in sorted(rows)]


def attach(conn: sqlite3.Connection, lead: Lead, opening: str, model: PairModel, *, reuse: Iterable[int] = (),
           common: set[str] | None = None) -> int:
    """Store ``lead`` (its article stored, with no lead yet) in the incident it joins or a new one; its id.

    ``reuse``: incidents the article left as it was stored anew; an emptied one is opened again rather than a
    new id, so an article stored again alone keeps its incident's id. ``common``: see ``_near``."""
    text = LeadText.of(lead, opening)
    incident = _choose(conn, lead, text, model, set() if common is None else common)
    if incident is None:
        emptied = [i for i in sorted(reuse) if conn.execute("SELECT 1 FROM leads WHERE incident_id = ? LIMIT 1",
                                                            (i,)).fetchone() is None]
        incident = emptied[0] if emptied else _open(conn, lead.type)
    conn.execute(f"INSERT INTO leads ({_LEAD_COLUMNS.replace('published, ', 'published, anchor, ')}, incident_id) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*_lead_row(lead, text), incident))
    conn.executemany("INSERT INTO lead_words (word, article_id) VALUES (?, ?)",
                     [(w, lead.article_id) for w in sorted(text.names | text.title)])
    return incident


def _open(conn: sqlite3.Connection, type_: str) -> int:
    return conn.execute("INSERT INTO incidents (type) VALUES (?)", (type_,)).lastrowid


def refresh(conn: sqlite3.Connection, incident_ids: Iterable[int]) -> None:
    """Rewrite each incident's summary from its reports; an incident left with none is removed."""
    for inc in sorted(set(incident_ids)):
        rows = conn.execute(f"SELECT {', '.join('l.' + c for c in _LEAD_COLUMNS.split(', '))}, a.source, a.url "
                            "FROM leads l JOIN articles a ON a.id = l.article_id WHERE l.incident_id = ? "
                            "ORDER BY l.rowid", (inc,)).fetchall()
        if not rows:
            conn.execute("DELETE FROM incidents WHERE id = ?", (inc,))
            continue
        actors: dict[str, list[str]] = {}
        for event_id, name in conn.execute(  # the lead events' actors, in one question for the incident
                "SELECT ea.event_id, ea.actor_name FROM leads l JOIN event_actors ea ON ea.event_id = l.event_id "
                "WHERE l.incident_id = ? ORDER BY ea.event_id, ea.position", (inc,)):
            actors.setdefault(event_id, []).append(name)
        reports = []
        for row in rows:
            lead, _ = _lead_of(row[:-2])
            reports.append(Report(lead, tuple(actors.get(lead.event_id, ())), row[-2] or "", row[-1] or ""))
        s = summarise(str(inc), reports)
        conn.execute(
            "UPDATE incidents SET type = ?, day_earliest = ?, day_latest = ?, day_precision = ?, location = ?, "
            "place_precision = ?, lat = ?, lon = ?, actors = ?, event_ids = ?, article_ids = ?, sources = ?, "
            "urls = ?, first_report = ?, last_report = ?, fatalities = ?, reports = ? WHERE id = ?",
            (s.type, _iso(s.first_day), _iso(s.last_day), s.day_precision,
             _dumps(s.location.to_dict(admin1=True)) if s.location else None, s.place_precision, s.lat, s.lon,
             _dumps(list(s.actors)), _dumps(list(s.event_ids)), _dumps(list(s.article_ids)),
             _dumps(list(s.sources)), _dumps(list(s.urls)), _iso(s.first_report), _iso(s.last_report),
             s.fatalities, s.reports, inc))


def forget_edits(conn: sqlite3.Connection, article_id: str) -> None:
    """A deleted article's splits and joins go with it."""
    conn.execute("DELETE FROM incident_edits WHERE article_id = ? OR other_id = ?", (article_id, article_id))


def correct_lead(conn: sqlite3.Connection, fix: Correction) -> None:
    """A reader's correction of a lead event's place or date moves its lead, and its incident's summary."""
    row = conn.execute(f"SELECT incident_id, {_LEAD_COLUMNS} FROM leads WHERE event_id = ?",
                       (fix.event_id,)).fetchone()
    if row is None:  # not a lead: no incident reads it
        return
    lead, text = _lead_of(row[1:])
    moved = with_corrections(lead, [fix])
    values = _lead_row(moved, text)
    conn.execute("UPDATE leads SET day = ?, day_in_text = ?, anchor = ?, place = ?, place_mentions = ? "
                 "WHERE article_id = ?", (values[5], values[6], values[8], values[9], values[10], lead.article_id))
    refresh(conn, [row[0]])


# --- a reader's splits and joins ------------------------------------------------------------------------------

def _pairs(conn: sqlite3.Connection, kind: str, ours: Sequence[str], theirs: Sequence[str], now: str) -> None:
    """Record ``kind`` between each of ``ours`` and each of ``theirs`` (both ways; it replaces the other kind)."""
    rows = [(a, b, kind, now) for x in ours for y in theirs for a, b in ((x, y), (y, x))]
    conn.executemany("INSERT INTO incident_edits (article_id, other_id, kind, made_at) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (article_id, other_id) DO UPDATE SET kind = excluded.kind, "
                     "made_at = excluded.made_at", rows)


def _members(conn: sqlite3.Connection, incident: int) -> list[str]:
    return [r[0] for r in conn.execute("SELECT article_id FROM leads WHERE incident_id = ? ORDER BY rowid",
                                       (incident,))]


def split(conn: sqlite3.Connection, article_id: str, now: str) -> int | None:
    """Take the article out of its incident into one of its own (kept apart from the others); its incident's
    id, None when the article has no lead."""
    row = conn.execute("SELECT incident_id, type FROM leads WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    old, type_ = row
    others = [a for a in _members(conn, old) if a != article_id]
    if not others:
        return old
    new = _open(conn, type_)
    conn.execute("UPDATE leads SET incident_id = ? WHERE article_id = ?", (new, article_id))
    _pairs(conn, "apart", [article_id], others, now)
    refresh(conn, [old, new])
    return new


def join(conn: sqlite3.Connection, keep: int, other: int, now: str) -> int:
    """Move every report of incident ``other`` into ``keep`` (kept together from now on); ``keep``."""
    ours, theirs = _members(conn, keep), _members(conn, other)
    if keep != other:
        conn.execute("UPDATE leads SET incident_id = ? WHERE incident_id = ?", (keep, other))
        _pairs(conn, "together", ours, theirs, now)
        refresh(conn, [keep, other])
    return keep


# --- reading --------------------------------------------------------------------------------------------------

def _incident_of(row: Sequence) -> Incident:
    (inc, type_, lo, hi, day_precision, location, place_precision, lat, lon, actors, event_ids, article_ids,
     sources, urls, first, last, fatalities) = row
    return Incident(id=str(inc), type=type_, first_day=iso_day(lo), last_day=iso_day(hi),
                    day_precision=day_precision,
                    location=PlaceMention.from_dict(json.loads(location)) if location else None,
                    place_precision=place_precision, lat=lat, lon=lon, actors=tuple(json.loads(actors)),
                    event_ids=tuple(json.loads(event_ids)), article_ids=tuple(json.loads(article_ids)),
                    sources=tuple(json.loads(sources)), urls=tuple(json.loads(urls)), first_report=iso_day(first),
                    last_report=iso_day(last), fatalities=fatalities)


def select(conn: sqlite3.Connection, events_clause: str | None, params: Sequence) -> list[Incident]:
    """The incidents one of whose events is among ``SELECT e.id FROM events e JOIN articles a{events_clause}``
    (every incident when ``events_clause`` is None), earliest day first, undated last."""
    where = "" if events_clause is None else (
        " WHERE i.id IN (SELECT l.incident_id FROM leads l WHERE l.event_id IN "
        f"(SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id{events_clause}))")
    rows = conn.execute(f"SELECT {', '.join('i.' + c for c in _INCIDENT_COLUMNS.split(', '))} FROM incidents i"
                        f"{where} ORDER BY i.day_earliest IS NULL, i.day_earliest, i.first_report, i.id",
                        list(params)).fetchall()
    return [_incident_of(r) for r in rows]


def one(conn: sqlite3.Connection, incident_id: str) -> Incident | None:
    row = conn.execute(f"SELECT {_INCIDENT_COLUMNS} FROM incidents WHERE CAST(id AS TEXT) = ?",
                       (incident_id,)).fetchone()
    return _incident_of(row) if row else None
