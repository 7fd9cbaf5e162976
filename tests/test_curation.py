"""A reader's corrections in the SQLite store (timeline.store.corrections, Store.correct_place / correct_date /
corrections / delete_article), on a real file filled by the real `timeline ingest` of the seed article."""
from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest

from timeline.cli import main as timeline_main
from timeline.store.corrections import Correction
from timeline.errors import StoreError
from timeline.query import Bounds, Filters
from timeline.store import Store

from tests.conftest import SEED


def _ingest(folder, db, capsys) -> None:
    assert timeline_main(["ingest", str(folder), "--db", str(db)]) == 0
    capsys.readouterr()


@pytest.fixture
def seeded(tmp_path, capsys):
    """(folder holding a copy of the seed article, store file it was ingested into)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    db = tmp_path / "events.sqlite"
    _ingest(folder, db, capsys)
    return folder, db


def _other_reading(gazetteer, events):
    """An event placed on a mention the gazetteer reads in more than one way, and a reading other than its
    own, in another country (so the map box and the country filter must both move)."""
    for se in events:
        loc = se.event.location
        if loc is None or loc.entry is None:
            continue
        for entry, _ in gazetteer.lookup(loc.text):
            if entry.country_code and entry.country_code != loc.entry.country_code and abs(entry.lat - loc.entry.lat) > 2:
                return se, entry
    raise AssertionError("no seed event's place has a reading in another country")


def _box(lat, lon) -> Bounds:
    return Bounds(south=lat - 0.5, west=lon - 0.5, north=lat + 0.5, east=lon + 0.5)


def test_a_corrected_place_is_what_every_query_sees_and_it_survives_reingest(seeded, gazetteer, capsys):
    folder, db = seeded
    with Store.open(db) as store:
        se, entry = _other_reading(gazetteer, store.events())
        eid, was = se.event.id, se.event.location.entry
        assert eid not in {e.event.id for e in store.events(bbox=_box(entry.lat, entry.lon))}
        fix = store.correct_place(eid, entry)
        assert isinstance(fix, Correction) and fix.field == "place" and fix.place == entry and fix.made_at

    def check(store: Store) -> None:
        got = {e.event.id: e for e in store.events()}[eid]
        assert got.event.location.entry.geonameid == entry.geonameid
        assert got.event.location.text == se.event.location.text  # the same words, read as another place
        assert got.event.location.score == 1.0 and got.corrected == ("place",)
        assert got.to_dict()["corrected"] == ["place"]
        # the pushed-down queries: the R*Tree box, the country facet and filter follow the new place
        assert eid in {e.event.id for e in store.events_page(bbox=_box(entry.lat, entry.lon)).events}
        assert eid in {e.event.id for e in store.events_page(Filters(countries=(entry.country_code,))).events}
        assert any(c.count for c in store.map_cells(bbox=_box(entry.lat, entry.lon)))
        assert entry.country_code in {v.value for v in store.value_counts("countries")}
        if not any(p.entry and p.entry.country_code == was.country_code for p in got.event.places):
            assert eid not in {e.event.id for e in store.events(Filters(countries=(was.country_code,)))}
        # the article's own mention is read anew as well (the evidence view marks it)
        places, _ = store.mentions(se.event.article_id)
        same = [p for p in places if (p.start, p.end) == (se.event.location.start, se.event.location.end)]
        assert same and all(p.entry.geonameid == entry.geonameid for p in same)
        assert [c.field for c in store.corrections()] == ["place"]
        # no other event moved
        others = [e for e in store.events() if e.event.id != eid]
        assert all(e.corrected == () for e in others)

    with Store.open(db) as store:
        check(store)
    _ingest(folder, db, capsys)  # the same file again: a new analysis replaces the article's rows
    with Store.open(db) as store:
        check(store)


def test_a_sentence_s_place_corrected_once_moves_each_of_its_events_placed_there(seeded, gazetteer, capsys):
    folder, db = seeded
    with Store.open(db) as store:
        by_sentence: dict = {}
        for se in store.events():
            if se.event.location is not None:
                by_sentence.setdefault((se.event.sentence, se.event.location.entry), []).append(se.event.id)
        (sentence, was), ids = next((k, v) for k, v in by_sentence.items() if len(v) > 1)
        entry = next(e for e, _ in gazetteer.lookup("Benghazi") if e.country_code == "LY")
        assert entry != was
        fixes = store.correct_sentence_place(ids[-1], entry)
        assert [f.event_id for f in fixes][0] == ids[-1] and sorted(f.event_id for f in fixes) == sorted(ids)
        assert all(f.place == entry for f in fixes)

    def check(store: Store) -> None:
        got = {se.event.id: se for se in store.events()}
        assert all(got[i].event.location.entry.geonameid == entry.geonameid for i in ids)
        assert all(got[i].corrected == ("place",) for i in ids)
        # the sentence's events placed elsewhere and every other sentence's stay as they were
        assert all(se.corrected == () for i, se in got.items() if i not in ids)

    with Store.open(db) as store:
        check(store)
    _ingest(folder, db, capsys)  # each event's correction is kept over a re-ingest
    with Store.open(db) as store:
        check(store)


def test_a_corrected_date_moves_the_event_in_time_and_survives_reingest(seeded, capsys):
    folder, db = seeded
    day = dt.date(2015, 7, 14)  # far from every seed date
    with Store.open(db) as store:
        assert store.events(Filters(start=day, end=day)) == []
        target = next(e for e in store.events() if e.event.date is not None)
        eid = target.event.id
        fix = store.correct_date(eid, "2015-07-14")
        assert fix.field == "date" and fix.day == day

    def check(store: Store) -> None:
        on_day = store.events(Filters(start=day, end=day))
        assert [e.event.id for e in on_day] == [eid]
        got = on_day[0]
        assert got.event.date.value == "2015-07-14" and got.event.date.precision == "day"
        assert got.event.date_basis == "own" and got.corrected == ("date",)
        assert got.event.date.text == target.event.date.text  # still the words it was read from
        assert store.date_extent()[0] == day
        assert [(b.start, b.count) for b in store.time_bins(unit="month")][0] == (dt.date(2015, 7, 1), 1)
        assert store.events_page(Filters(start=day, end=day)).total == 1

    with Store.open(db) as store:
        check(store)
    _ingest(folder, db, capsys)
    with Store.open(db) as store:
        check(store)
        # both corrections of one event are kept and both show
        store.correct_place(eid, next(e.event.location.entry for e in store.events() if e.event.location))
        got = {e.event.id: e for e in store.events()}[eid]
        assert got.corrected == ("date", "place")
        # a second date correction replaces the first instead of piling up
        store.correct_date(eid, dt.date(2015, 7, 20))
        assert sorted(c.field for c in store.corrections()) == ["date", "place"]
        assert {e.event.id: e for e in store.events()}[eid].event.date.value == "2015-07-20"


def test_deleting_an_article_removes_its_events_and_corrections(seeded, capsys):
    folder, db = seeded
    with Store.open(db) as store:
        aid = store.events()[0].event.article_id
        store.correct_date(store.events()[0].event.id, "2016-01-02")
        assert store.delete_article(aid) is True
        assert store.events() == [] and store.corrections() == [] and store.article(aid) is None
        assert store.count()["places"] == store.count()["timexes"] == store.count()["actors"] == 0
        assert store.delete_article(aid) is False
    _ingest(folder, db, capsys)  # ingested again later, it comes back as found, uncorrected
    with Store.open(db) as store:
        assert store.events() and all(e.corrected == () for e in store.events())


def test_a_deleted_article_is_restored_with_its_corrections(seeded, gazetteer):
    """The dashboard's Undo: what was kept before the deletion (dashboard.backend.kept_for_undo) stored again
    (Store.restore_article, through backend.restore_article: the text analysed anew)."""
    from dashboard import backend

    _, db = seeded
    with Store.open(db) as store:
        se, entry = _other_reading(gazetteer, store.events())
        store.correct_place(se.event.id, entry)
        dated = next(e for e in store.events() if e.event.date is not None and e.event.id != se.event.id)
        store.correct_date(dated.event.id, "2015-07-14")
        # the records less the incident's number: the restored lead opens an incident anew
        records = lambda: [{k: v for k, v in e.to_dict().items() if k != "incident_id"} for e in store.events()]  # noqa: E731
        before = records()
        aid = se.event.article_id
        kept = backend.kept_for_undo(store, aid)
        assert kept is not None and len(kept["corrections"]) == 2
        assert store.delete_article(aid) and store.events() == []
        assert backend.restore_article(store, kept) == len(before)
        assert records() == before  # the corrections hold again
        assert sorted(c.field for c in store.corrections()) == ["date", "place"]
        assert backend.kept_for_undo(store, "no-such-article") is None


def test_a_restore_takes_its_own_article_s_corrections_only(seeded):
    from timeline.events import analyse_article
    from articles import Article

    _, db = seeded
    with Store.open(db) as store:
        other = Correction(event_id="x#e01", article_id="someone-else", field="date", day=dt.date(2016, 1, 2))
        analysis = analyse_article(Article(text="Police arrested two men in Tripoli on Monday.", title="t",
                                           published=dt.date(2016, 2, 3)))
        with pytest.raises(StoreError, match="that article's corrections only"):
            store.restore_article(analysis, [other])
        assert store.article(analysis.article.id) is None and store.corrections() == []


def test_bad_corrections_are_refused_with_one_line_and_change_nothing(seeded, gazetteer):
    _, db = seeded
    with Store.open(db) as store:
        before = store.events()
        eid = before[0].event.id
        with pytest.raises(StoreError, match="2025-02-30"):
            store.correct_date(eid, "2025-02-30")
        with pytest.raises(StoreError, match="no stored event 'nope'"):
            store.correct_date("nope", "2016-01-01")
        with pytest.raises(StoreError, match="GazetteerEntry"):
            store.correct_place(eid, {"name": "Tripoli"})
        assert store.events() == before and store.corrections() == []
    with pytest.raises(ValueError, match="place or date"):
        Correction("e", "a", "actor")


def test_a_version_4_file_migrates_to_corrections_and_keeps_its_events(seeded):
    """A store written before migration 6 (here: rolled back to version 4) opens and takes corrections."""
    _, db = seeded
    with Store.open(db) as store:
        n = len(store.events())
    conn = sqlite3.connect(db, isolation_level=None)
    for table in ("incident_edits", "lead_words", "leads", "incidents"):  # what versions 5 to 10 added
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DROP INDEX events_factuality")
    conn.execute("ALTER TABLE events DROP COLUMN lead")
    conn.execute("ALTER TABLE events DROP COLUMN factuality")
    conn.execute("ALTER TABLE events DROP COLUMN date_basis")
    conn.execute("DROP TABLE corrections")
    conn.execute("DROP TABLE feed_entries")
    conn.execute("DROP TABLE feeds")
    conn.execute("DROP INDEX articles_text_key")
    conn.execute("DROP TRIGGER events_regions_insert")
    conn.execute("DROP TABLE event_regions")
    conn.execute("PRAGMA user_version = 4")
    conn.close()
    with Store.open(db) as store:
        assert len(store.events()) == n
        store.correct_date(store.events()[0].event.id, "2016-01-05")
        assert len(store.corrections()) == 1
