"""Incidents in the SQLite store (timeline.store.incidents, migration 10), with the real pipeline, the shipped
models and real SQLite files.

The reports are written here: two of one shooting in Columbus, Ohio (the second a day later, naming the victim
and the street again), and one of another shooting the same night in Cincinnati, the same state.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from articles import article_from_text
from geo.records import GazetteerEntry
from timeline.records import Incident
from timeline.store import Store, StoreError
from timeline.store.migrations import LATEST

COLUMBUS_1 = ("Man shot on Parsons Avenue in Columbus",
              "COLUMBUS, Ohio - A 19-year-old man was shot Friday night on Parsons Avenue, Columbus police said.\n\n"
              "Officers found Devin Carter wounded in the arm near a gas station. He was taken to Grant Medical "
              "Center.\n\nNo arrests have been made.", "2017-06-10", "Columbus Dispatch", "https://a.example/1")
COLUMBUS_2 = ("Police seek shooter after Parsons Avenue shooting",
              "Columbus police are looking for the man who shot Devin Carter, 19, on Friday night.\n\n"
              "Carter was wounded near a gas station on Parsons Avenue in Columbus. Detectives asked witnesses "
              "to call.", "2017-06-11", "WBNS", "https://b.example/2")
CINCINNATI = ("Two killed in Cincinnati shooting",
              "CINCINNATI, Ohio - Two men were shot and killed Friday night outside a bar on Vine Street in "
              "Cincinnati.\n\nPolice identified them as Luis Ortega and James Hill. No suspect has been named.",
              "2017-06-10", "Cincinnati Enquirer", "https://c.example/3")


@pytest.fixture(scope="module")
def analyses(geoparser):
    from timeline.events import Pipeline

    pipeline = Pipeline(geoparser=geoparser)
    return [pipeline.analyse(article_from_text(text, title=title, published=published, source=source, url=url))
            for title, text, published, source, url in (COLUMBUS_1, COLUMBUS_2, CINCINNATI)]


@pytest.fixture
def store(tmp_path, analyses):
    with Store.open(tmp_path / "s.sqlite") as s:
        for a in analyses:
            s.save(a)
        yield s


def incident_of(store: Store, article_id: str) -> Incident:
    found = [i for i in store.incidents() if article_id in i.article_ids]
    assert len(found) == 1, found
    return found[0]


def test_two_reports_of_one_shooting_merge_on_ingest_and_the_other_that_night_stays_apart(store, analyses):
    c1, c2, cin = (a.article.id for a in analyses)
    incidents = store.incidents()
    assert sorted(i.article_ids for i in incidents) == sorted([(c1, c2), (cin,)])
    columbus = incident_of(store, c1)
    assert columbus.reports == 2 and columbus.sources == ("Columbus Dispatch", "WBNS")
    assert columbus.urls == ("https://a.example/1", "https://b.example/2")
    assert columbus.type == "ASSAULT" and (columbus.first_day, columbus.last_day) == (dt.date(2017, 6, 9),) * 2
    assert columbus.day_precision == "day" and columbus.place_precision == "town"
    assert columbus.location.entry.name == "Columbus" and round(columbus.lat) == 40
    assert columbus.first_report == dt.date(2017, 6, 10) and columbus.last_report == dt.date(2017, 6, 11)
    leads = {e.event.id for e in store.events() if e.event.lead}
    assert set(columbus.event_ids) <= leads and len(columbus.event_ids) == 2
    assert columbus.fatalities is None  # wounded: no report says anyone was killed
    assert incident_of(store, cin).fatalities == 2


def test_deleting_a_report_takes_it_out_and_an_emptied_incident_goes(store, analyses):
    c1, c2, cin = (a.article.id for a in analyses)
    before = incident_of(store, c1)
    assert store.delete_article(c2)
    after = incident_of(store, c1)
    assert after.id == before.id and after.article_ids == (c1,) and after.reports == 1
    assert after.last_report == dt.date(2017, 6, 10)
    assert store.delete_article(cin)
    assert [i.article_ids for i in store.incidents()] == [(c1,)]
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("SELECT COUNT(*) FROM incidents").fetchone()[0] == 1
        assert raw.execute("SELECT COUNT(*) FROM lead_words WHERE article_id = ?", (cin,)).fetchone()[0] == 0


def test_a_reader_split_and_join_survive_a_reingest(store, analyses):
    c1, c2, cin = (a.article.id for a in analyses)
    alone = store.split_article(c2)
    assert alone.article_ids == (c2,) and incident_of(store, c1).article_ids == (c1,)
    store.save(analyses[1])  # stored again: the model would merge it, the reader said apart
    store.save(analyses[0])
    assert incident_of(store, c2).article_ids == (c2,) and incident_of(store, c1).article_ids == (c1,)
    joined = store.join_incidents(incident_of(store, c1).id, incident_of(store, cin).id)
    assert set(joined.article_ids) == {c1, cin} and joined.reports == 2
    for a in analyses:
        store.save(a)
    assert set(incident_of(store, cin).article_ids) == {c1, cin}
    assert incident_of(store, c2).article_ids == (c2,)
    assert len(store.incidents()) == 2


def test_a_split_or_join_of_what_is_not_stored_is_refused_by_name(store):
    with pytest.raises(StoreError, match="no-such-article"):
        store.split_article("no-such-article")
    with pytest.raises(StoreError, match="no stored incident '999'"):
        store.join_incidents("999", store.incidents()[0].id)


def test_a_readers_correction_of_the_leads_place_and_date_moves_the_incident(store, analyses):
    cin = analyses[2].article.id
    lead = next(e.event for e in store.events() if e.event.lead and e.event.article_id == cin)
    dayton = GazetteerEntry(geonameid=4509884, name="Dayton", lat=39.75895, lon=-84.19161, country_code="US",
                            feature_code="PPL", admin1="OH")
    store.correct_place(lead.id, dayton)
    store.correct_date(lead.id, "2017-06-08")
    moved = incident_of(store, cin)
    assert moved.location.entry.name == "Dayton" and moved.lat == pytest.approx(39.75895)
    assert (moved.first_day, moved.last_day) == (dt.date(2017, 6, 8),) * 2
    store.save(analyses[2])  # the corrections hold over a new analysis, and so does the incident's summary
    again = incident_of(store, cin)
    assert again.location.entry.name == "Dayton" and (again.first_day, again.last_day) == (dt.date(2017, 6, 8),) * 2


def test_the_filters_pick_the_incidents_of_the_events_they_pick(store, analyses):
    from timeline.query import Bounds, Filters

    c1, c2, cin = (a.article.id for a in analyses)
    assert [i.article_ids for i in store.incidents(Filters(articles=(c2,)))] == [(c1, c2)]
    assert [i.article_ids for i in store.incidents(Filters(sources=("Cincinnati Enquirer",)))] == [(cin,)]
    around_cincinnati = Bounds(south=38.9, west=-84.8, north=39.3, east=-84.2)
    assert [i.article_ids for i in store.incidents(bbox=around_cincinnati)] == [(cin,)]
    assert store.incidents(Filters(start="2018-01-01")) == []


def test_blocking_asks_only_the_leads_near_in_time(tmp_path, analyses):
    """A report months later meets no stored incident, and the blocking queries are index searches."""
    import dataclasses

    from timeline.incidents.leads import LeadReader
    from timeline.incidents.merging import LeadText
    from timeline.store import incidents as book

    with Store.open(tmp_path / "s.sqlite") as s:
        s.save(analyses[0])
        lead = LeadReader.shipped().read(analyses[1])
        far = dataclasses.replace(lead, day=dt.date(2017, 9, 9), published=dt.date(2017, 9, 11))
        text = LeadText(frozenset(), frozenset(), frozenset(), frozenset())
        assert book._near(s._conn, far, text, set()) == set()
        assert book._near(s._conn, lead, text, set()) == {int(incident_of(s, analyses[0].article.id).id)}
        plan = " ".join(r[-1] for r in s._conn.execute(
            "EXPLAIN QUERY PLAN SELECT DISTINCT incident_id FROM leads WHERE anchor BETWEEN ? AND ?", ("a", "b")))
        assert "USING COVERING INDEX leads_anchor_incident" in plan  # the table is not read (schema 11)


def test_a_version_9_store_upgrades_keeping_every_event_and_merges_what_is_stored_again(tmp_path, analyses):
    from tests.old_store import write_old_store

    path = tmp_path / "v9.sqlite"
    write_old_store(path, analyses, 9)
    with Store.open(path) as s:
        assert sorted(e.event.id for e in s.events()) == sorted(e.id for a in analyses for e in a.events)
        assert s.incidents() == []  # no leads were stored before version 10
        for a in analyses:
            s.save(a)
        assert sorted(i.reports for i in s.incidents()) == [1, 2]
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_a_story_told_many_times_is_compared_through_its_first_and_latest_reports(tmp_path):
    """An import's coded rows of one story (here 50 identical ACLED rows) make one incident; a new report is
    compared with its first and latest MEAN_OVER // 2, not with all (that was quadratic: 6,005 rows took
    over 300 s to import)."""
    from tests.reliability.test_odd_rows import _acled_row, _write_acled
    from timeline.incidents.merging import MEAN_OVER, compared_reports
    from timeline.store import incidents as book
    from timeline.imports import acled
    from timeline.imports.run import into_store

    assert compared_reports(list(range(MEAN_OVER))) == list(range(MEAN_OVER))
    assert compared_reports(list(range(100))) == [*range(MEAN_OVER // 2), *range(100 - MEAN_OVER // 2, 100)]
    path = _write_acled(tmp_path / "acled.csv", [_acled_row(f"LBY{i}", "2016-01-30") for i in range(50)])
    with Store.open(tmp_path / "s.sqlite") as s:
        into_store(acled.read(path), s, total=50)
        (incident,) = s.incidents()
        assert incident.reports == 50
        order = [r[0] for r in s._conn.execute("SELECT article_id FROM leads ORDER BY rowid")]
        compared = [lead.article_id for lead, _ in book._compared(s._conn, int(incident.id))]
        assert compared == order[:MEAN_OVER // 2] + order[-(MEAN_OVER // 2):]
