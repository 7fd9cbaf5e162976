"""timeline.store and timeline.store.migrations on real SQLite files in tmp_path."""
from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import threading

import pytest

from timeline.store.migrations import LATEST, MIGRATIONS, Migration, MigrationError, current_version, migrate
from geo.records import GazetteerEntry, PlaceMention
from timeline.records import Actor, Analysis, Article, Event
from timeline.query import Filters
from timeline.store import Store, StoreError
from timeline.timex import Timex

def place(text: str, name: str | None = None, lat: float = 0.0, lon: float = 0.0, country_code: str | None = None,
          geonameid: int | None = None, feature_code: str = "PPLC", score: float = 0.9) -> PlaceMention:
    """A place mention as the geoparser gives it (``name=None``: a mention it could not place)."""
    entry = None if name is None else GazetteerEntry(geonameid=geonameid, name=name, lat=lat, lon=lon,
                                                     country_code=country_code, feature_code=feature_code)
    return PlaceMention(text=text, start=0, end=len(text), entry=entry, score=score if entry else 0.0)


TRIPOLI = place("Tripoli", "Tripoli", 32.88, 13.19, "LY", 2210247)
ROME = place("Rome", "Rome", 41.89, 12.51, "IT", 3169070, score=0.95)
WASHINGTON = place("Washington", "Washington", 38.9, -77.04, "US", 4140963)
FIJI = place("Suva", "Suva", -18.14, 178.44, "FJ", 2198148)
NOWHERE = place("Wattiya")


def day(iso: str, precision: str = "day", earliest: str | None = None, latest: str | None = None) -> Timex:
    return Timex(text=iso, start=0, end=len(iso), type="DATE", value=iso, earliest=earliest or iso,
                 latest=latest or iso, precision=precision)


def article(n: int, *, source: str = "Agency", published: str = "2016-01-31") -> Article:
    return Article(text=f"Text of article {n}. Tripoli and Rome.", title=f"Article {n}", source=source,
                   url=f"https://news.example.org/{n}", published=dt.date.fromisoformat(published),
                   path=f"/articles/{n}.txt")


def event(art: Article, k: int, *, type: str = "attack", date: Timex | None = None,
          location: PlaceMention | None = None,
          places: tuple = (), actors: tuple = ()) -> Event:
    return Event(id=f"{art.id}#e{k}", article_id=art.id, sentence=f"Sentence {k}.", start=10 * k, end=10 * k + 9,
                 type=type, date=date, location=location, places=places, actors=actors)


OBAMA = Actor("Barack Obama", "person", ("Obama",), "President")
IS = Actor("Islamic State", "group", ("IS", "ISIS"))
ITALY = Actor("Italy", "country", ("Italian",))


def analysis_one() -> Analysis:
    a = article(1)
    return Analysis(
        article=a,
        events=(event(a, 1, date=day("2016-02-08"), location=ROME, places=(ROME,), actors=("Barack Obama", "Italy")),
                event(a, 2, type="STATEMENT", date=day("2015-12", "month", "2015-12-01", "2015-12-31"),
                      location=TRIPOLI, places=(TRIPOLI, NOWHERE), actors=("Islamic State",)),
                event(a, 3, type="STATEMENT", date=None, location=None, places=(NOWHERE,))),
        actors=(OBAMA, IS, ITALY),
        places=(TRIPOLI, ROME, NOWHERE),
        timexes=(day("2016-02-08"), day("2015-12", "month", "2015-12-01", "2015-12-31")))


def analysis_two() -> Analysis:
    a = article(2, source="Wire", published="2016-03-01")
    return Analysis(
        article=a,
        events=(event(a, 1, type="CONSULT", date=day("2016-03-01"), location=WASHINGTON, places=(WASHINGTON,),
                      actors=("Barack Obama",)),
                event(a, 2, type="attack", date=day("2016", "year", "2016-01-01", "2016-12-31"), location=None,
                      places=(FIJI,), actors=("Islamic State",))),
        actors=(Actor("Barack Obama", "person", ("Mr Obama",)), IS),
        places=(WASHINGTON, FIJI),
        timexes=(day("2016-03-01"),))


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store.sqlite"


@pytest.fixture
def store(db):
    with Store.open(db) as s:
        s.save(analysis_one())
        s.save(analysis_two())
        yield s


def table_counts(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("articles", "places", "actors", "article_actors", "events", "event_actors",
                          "event_points", "timexes")}
    finally:
        conn.close()


# --- migrations -------------------------------------------------------------------------------------------

def test_new_file_is_migrated_to_latest_with_wal_and_foreign_keys(db):
    with Store.open(db) as s:
        assert s.count() == {"articles": 0, "events": 0, "places": 0, "actors": 0, "timexes": 0}
        assert s._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn = sqlite3.connect(db)
    assert current_version(conn) == LATEST == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"articles", "places", "actors", "article_actors", "events", "event_actors", "timexes",
            "events_dates", "event_points_latlon", "event_actors_actor"} <= names
    assert "geocode_cache" not in names  # dropped by migration 3: the geocoder keeps its own cache
    conn.close()


def test_file_at_version_1_is_upgraded_and_keeps_its_rows(db):
    conn = sqlite3.connect(db, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:1]) == [1]
    conn.execute("INSERT INTO articles (id, title, text, ingested_at) VALUES (?, ?, ?, ?)",
                 ("old1", "An old article", "Some text.", "2016-01-01T00:00:00+00:00"))
    conn.close()
    with Store.open(db) as s:
        assert s.article_ids() == {"old1"}
    conn = sqlite3.connect(db)
    assert current_version(conn) == LATEST
    conn.close()


def test_a_version_8_file_gets_lead_and_factuality_and_its_rows_read_as_before(db):
    """Migration 9: a store of version 8 opens, its events read as no lead and asserted until their article is
    stored again, and the factuality filter answers over them."""
    from tests.old_store import write_old_store

    a1 = analysis_one()
    marked = dataclasses.replace(a1, events=(dataclasses.replace(a1.events[0], lead=True, factuality="negated"),
                                             *a1.events[1:]))
    write_old_store(db, [marked], 8)  # as the version 8 program saved it: no lead or factuality column
    conn = sqlite3.connect(db)
    assert current_version(conn) == 8
    assert not {"lead", "factuality"} & {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    conn.close()
    with Store.open(db) as s:
        old = s.events()
        assert len(old) == len(a1.events)
        assert all(not se.event.lead and se.event.factuality == "asserted" for se in old)
        assert s.events_page(Filters(factualities=("asserted",))).total == len(old)
        s.save(marked)  # stored again: the analysis's own lead and factuality
        again = {se.event.id: se.event for se in s.events()}
        assert again[a1.events[0].id].lead and again[a1.events[0].id].factuality == "negated"
        assert s.events_page(Filters(factualities=("negated",))).total == 1
        assert s.events_page(Filters(factualities=("asserted",))).total == len(old) - 1
    conn = sqlite3.connect(db)
    assert current_version(conn) == LATEST >= 9
    conn.close()


def test_failing_migration_leaves_previous_version_intact(db):
    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("INSERT INTO articles (id, title, text, ingested_at) VALUES ('x', 't', 'y', 'z')")
        conn.execute("SELECT * FROM no_such_table")

    with Store.open(db) as s:
        s.save(analysis_one())
    conn = sqlite3.connect(db, isolation_level=None)
    with pytest.raises(MigrationError) as ei:
        migrate(conn, (*MIGRATIONS, Migration(LATEST + 1, "broken", broken)))
    assert f"migration {LATEST + 1} (broken) failed" in str(ei.value)
    assert current_version(conn) == LATEST
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    assert not conn.in_transaction
    conn.close()
    with Store.open(db) as s:  # still opens and reads
        assert len(s.events()) == 3


def test_migration_with_foreign_keys_off_can_rebuild_a_referenced_table(db):
    def rebuild_articles(conn):  # SQLite's 12-step table change, without cascading the children away
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
        conn.execute(sql.replace("CREATE TABLE articles", "CREATE TABLE articles_new", 1))
        conn.execute("INSERT INTO articles_new SELECT * FROM articles")
        conn.execute("DROP TABLE articles")
        conn.execute("ALTER TABLE articles_new RENAME TO articles")

    with Store.open(db) as s:
        s.save(analysis_one())
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    assert migrate(conn, (*MIGRATIONS, Migration(LATEST + 1, "rebuild", rebuild_articles,
                                                 foreign_keys_off=True))) == [LATEST + 1]
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 3
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn.close()


def test_newer_file_and_non_database_are_refused(tmp_path, db):
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this program"):
        Store.open(db)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError) as ei:
        Store.open(junk)
    assert str(junk) in str(ei.value) and "\n" not in str(ei.value)


# --- save: idempotent, atomic -----------------------------------------------------------------------------

def test_save_twice_keeps_one_copy_and_updates_values(db):
    with Store.open(db) as s:
        s.save(analysis_one())
        first = table_counts(db)
        s.save(analysis_one())
        assert table_counts(db) == first
        a1 = analysis_one()
        changed = dataclasses.replace(
            a1, article=dataclasses.replace(a1.article, title="Corrected title"),
            events=(dataclasses.replace(a1.events[0], type="CONSULT"),),
            actors=(dataclasses.replace(OBAMA, aliases=("Mr Obama",)), ITALY))
        s.save(changed)
        assert [a["title"] for a in s.articles()] == ["Corrected title"]
        evs = s.events()
        assert [(e.event.id, e.event.type, e.article_title) for e in evs] == [
            (a1.events[0].id, "CONSULT", "Corrected title")]
        actors = {a.actor.name: a.actor for a in s.actors()}
        assert set(actors) == {"Barack Obama", "Italy"}  # Islamic State no longer named by any article
        assert actors["Barack Obama"].aliases == ("Mr Obama",)  # no stale alias left behind
    assert table_counts(db) == {"articles": 1, "places": 3, "actors": 2, "article_actors": 2, "events": 1,
                                "event_actors": 2, "event_points": 1, "timexes": 2}


def test_replace_path_replaces_an_article_stored_from_the_same_file(db):
    with Store.open(db) as s:
        s.save(analysis_one())
        a1 = analysis_one()
        edited = dataclasses.replace(a1.article, url="", text=a1.article.text + " Edited.")  # a new id
        moved = dataclasses.replace(a1, article=edited, events=(), actors=())
        s.save(moved)  # default: paths are not identities (uploads may share a file name)
        assert s.count()["articles"] == 2
        s.save(moved, replace_path=True)
        assert s.article_ids() == {edited.id}
        assert s.count() == {"articles": 1, "events": 0, "places": 3, "actors": 0, "timexes": 2}


def test_failure_in_the_middle_of_save_rolls_back_and_keeps_previous_data(db):
    with Store.open(db) as s:
        s.save(analysis_one())
        before_events = s.events()
        before = table_counts(db)
        a1 = analysis_one()
        # Same article re-analysed, its rows deleted and half re-inserted, then two events share an id.
        clash = dataclasses.replace(a1.events[2], id=a1.events[1].id)
        dup = dataclasses.replace(a1, article=dataclasses.replace(a1.article, title="New title"),
                                  events=(a1.events[0], a1.events[1], clash))
        with pytest.raises(StoreError) as ei:
            s.save(dup)
        assert "UNIQUE" in str(ei.value) and a1.article.id in str(ei.value)
        assert s.events() == before_events
        assert table_counts(db) == before
        assert [a["title"] for a in s.articles()] == ["Article 1"]
        s.save(analysis_two())  # the store is still usable
        assert s.count()["articles"] == 2


def test_event_of_another_article_or_unknown_actor_is_refused_and_nothing_stored(db):
    with Store.open(db) as s:
        s.save(analysis_two())
        before = table_counts(db)
        a1 = analysis_one()
        stray = dataclasses.replace(a1.events[0], article_id=analysis_two().article.id)
        with pytest.raises(StoreError, match="belongs to article"):
            s.save(dataclasses.replace(a1, events=(a1.events[1], stray)))
        with pytest.raises(StoreError, match="not among the article's actors"):
            s.save(dataclasses.replace(a1, actors=(OBAMA,)))
        with pytest.raises(StoreError, match="kind"):
            s.save(dataclasses.replace(a1, actors=(OBAMA, IS, Actor("Italy", "nation"))))
        assert table_counts(db) == before


def test_constraint_violation_from_a_bad_place_rolls_back(db):
    with Store.open(db) as s:
        s.save(analysis_one())
        before = table_counts(db)
        a1 = analysis_one()
        bad_place = dataclasses.replace(ROME, start=None)  # start is NOT NULL
        with pytest.raises(StoreError, match="NOT NULL"):
            s.save(dataclasses.replace(a1, places=(TRIPOLI, bad_place)))
        with pytest.raises(StoreError, match="not JSON serializable"):  # a set inside a TIMEX
            bad_date = dataclasses.replace(a1.events[0].date, value={1})
            s.save(dataclasses.replace(a1, events=(dataclasses.replace(a1.events[0], date=bad_date),)))
        with pytest.raises(StoreError, match="round"):  # a latitude that is not a number
            north = dataclasses.replace(ROME, entry=dataclasses.replace(ROME.entry, lat="north"))
            s.save(dataclasses.replace(a1, events=(dataclasses.replace(a1.events[0], location=north),)))
        assert table_counts(db) == before


# --- reads ------------------------------------------------------------------------------------------------

def ids(events) -> list[str]:
    return [e.event.id.split("#")[1] + "@" + e.article_title[-1] for e in events]


def test_events_come_back_as_the_records_that_were_saved(store):
    evs = store.events()
    assert len(evs) == 5
    e = next(e for e in evs if e.event.id.endswith("#e1") and e.article_title == "Article 1")
    assert e.event == analysis_one().events[0]  # the same Event record, field for field
    assert (e.source, e.url, e.published) == ("Agency", "https://news.example.org/1", dt.date(2016, 1, 31))
    assert set(e.to_dict()) == {"id", "sentence", "start", "end", "type", "date", "date_basis", "location", "places",
                                "actors", "lead", "factuality", "article_id", "article_title", "source", "url",
                                "published", "incident_id", "reports"}  # e1 is its article's lead: one report
    assert e.reports == 1
    assert e.to_dict()["location"] == ROME.to_dict() and e.to_dict()["published"] == "2016-01-31"
    assert evs[-1].event.date is None  # undated last
    dated = [e.event.date.earliest for e in evs if e.event.date]
    assert dated == sorted(dated)
    unplaced = next(e for e in evs if e.event.id.endswith("#e2") and e.article_title == "Article 1")
    assert unplaced.event.places == (TRIPOLI, NOWHERE) and unplaced.event.places[1].entry is None


def test_date_bases_survive_the_round_trip(db):
    a1 = analysis_one()
    carried = dataclasses.replace(a1.events[0], date_basis="carried")
    reported = dataclasses.replace(a1.events[1], date_basis="reported")
    undated = dataclasses.replace(a1.events[2], date_basis="reported")  # no date at all: kept as well
    with Store.open(db) as s:
        s.save(dataclasses.replace(a1, events=(carried, reported, undated)))
        back = {e.event.id: e.event for e in s.events()}
        rows = dict(s._conn.execute("SELECT id, date_basis FROM events").fetchall())
    assert back == {e.id: e for e in (carried, reported, undated)}
    assert rows == {carried.id: "carried", reported.id: "reported", undated.id: "reported"}
    # one name from the record to the JSON edge: the EVENT record says date_basis, the TIMEX record is only the date
    assert back[carried.id].to_dict()["date_basis"] == "carried" and "carried" not in back[carried.id].to_dict()["date"]
    assert back[reported.id].to_dict()["date_basis"] == "reported"


def test_a_version_7_store_migrates_its_date_bases_into_the_column(tmp_path):
    """Migration 8 on a store the version 7 program wrote: the bases move from the date's JSON into date_basis."""
    from tests.old_store import write_old_store

    a1, a2 = analysis_one(), analysis_two()
    a1 = dataclasses.replace(a1, events=(dataclasses.replace(a1.events[0], date_basis="carried"),
                                         dataclasses.replace(a1.events[1], date_basis="reported"), a1.events[2]))
    path = tmp_path / "old.sqlite"
    write_old_store(path, [a1, a2], 7)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
    old_json = dict(conn.execute("SELECT id, date FROM events").fetchall())
    assert '"carried":true' in old_json[a1.events[0].id] and '"reported":true' in old_json[a1.events[1].id]
    conn.close()
    with Store.open(path) as s:
        assert s._conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        rows = {r[0]: r[1:] for r in s._conn.execute("SELECT id, date_basis, date FROM events")}
        back = {e.event.id: e.event for e in s.events()}
        review = {e.event.id for e in s.events(Filters(review=True))}
    assert {i: basis for i, (basis, _) in rows.items()} == {
        a1.events[0].id: "carried", a1.events[1].id: "reported", a1.events[2].id: "own",
        a2.events[0].id: "own", a2.events[1].id: "own"}
    assert not any("carried" in (d or "") or "reported" in (d or "") for _, d in rows.values())
    assert back == {e.id: e for e in (*a1.events, *a2.events)}  # the records as they were saved
    assert review == {a1.events[0].id, a1.events[1].id, a1.events[2].id}  # two from context, one undated


def test_events_filter_by_actor_type_source_article(store):
    assert ids(store.events(Filters(actors=("Italy",)))) == ["e1@1"]
    assert sorted(ids(store.events(Filters(actors=("Barack Obama", "Italy"))))) == ["e1@1", "e1@2"]
    assert sorted(ids(store.events(Filters(types=("STATEMENT",))))) == ["e2@1", "e3@1"]
    assert ids(store.events(Filters(sources=("Wire",), types=("CONSULT",)))) == ["e1@2"]
    assert sorted(ids(store.events(Filters(articles=(analysis_two().article.id,))))) == ["e1@2", "e2@2"]
    assert len(store.events(Filters())) == 5  # empty means all, as in the dashboard
    assert store.events(Filters(actors=("Nobody",))) == []


def test_events_date_window_overlaps_ranges(store):
    # e2@1 spans December 2015, e2@2 all of 2016, e1@1 2016-02-08, e1@2 2016-03-01; e3@1 undated.
    window = lambda start=None, end=None: sorted(ids(store.events(Filters(start=start, end=end))))  # noqa: E731
    assert window(dt.date(2015, 12, 31), dt.date(2015, 12, 31)) == ["e2@1"]
    assert window(dt.date(2016, 2, 1), dt.date(2016, 2, 29)) == ["e1@1", "e2@2"]
    assert window(start=dt.date(2016, 3, 1)) == ["e1@2", "e2@2"]
    assert window(end=dt.date(2015, 12, 1)) == ["e2@1"]
    assert window(start=dt.date(2017, 1, 1)) == []
    with pytest.raises(ValueError):
        store.events(Filters(start="soon"))


def test_events_bbox(store):
    mediterranean = (30.0, 10.0, 45.0, 20.0)  # south, west, north, east
    assert sorted(ids(store.events(bbox=mediterranean))) == ["e1@1", "e2@1"]
    americas = (0.0, -130.0, 60.0, -60.0)
    assert ids(store.events(bbox=americas)) == ["e1@2"]
    across_antimeridian = (-25.0, 170.0, -10.0, -170.0)  # Suva is only among the places, not the location
    assert ids(store.events(bbox=across_antimeridian)) == ["e2@2"]
    assert ids(store.events(bbox=(-25.0, 170.0, -10.0, 190.0))) == ["e2@2"]  # Leaflet past 180
    assert ids(store.events(Filters(types=("CONSULT",)), bbox=(-90, -180, 90, 180))) == ["e1@2"]
    assert ids(store.events(Filters(actors=("Italy",), start=dt.date(2016, 2, 8), end=dt.date(2016, 2, 8)),
                            bbox=(30.0, 10.0, 45.0, 20.0))) == ["e1@1"]


def test_actors_articles_counts(store):
    actors = store.actors()
    assert [(a.actor.name, a.events, a.articles) for a in actors] == [
        ("Barack Obama", 2, 2), ("Islamic State", 2, 2), ("Italy", 1, 1)]
    obama = actors[0].actor
    assert obama.kind == "person" and obama.title == "President"
    assert obama.aliases == ("Obama", "Mr Obama")  # every article's aliases
    assert "title" not in actors[2].to_dict() and actors[0].to_dict()["events"] == 2
    arts = store.articles()
    assert [(a["title"], a["events"], a["places"], a["published"]) for a in arts] == [
        ("Article 1", 3, 3, "2016-01-31"), ("Article 2", 2, 2, "2016-03-01")]
    assert "text" not in arts[0]
    assert store.article(arts[0]["id"])["text"].startswith("Text of article 1")
    assert store.article("missing") is None
    assert store.article_ids() == {analysis_one().article.id, analysis_two().article.id}
    assert store.count() == {"articles": 2, "events": 5, "places": 5, "actors": 3, "timexes": 3}


def test_delete_article_cascades_and_drops_orphan_actors(store, db):
    assert store.delete_article(analysis_one().article.id) is True
    assert store.delete_article("missing") is False
    assert {a.actor.name for a in store.actors()} == {"Barack Obama", "Islamic State"}
    assert table_counts(db)["event_points"] == 2 and table_counts(db)["timexes"] == 1


def test_memory_store_and_reads_from_other_threads(tmp_path):
    with Store(path=":memory:") as s:
        s.save(analysis_one())
        results, errors = [], []

        def reader():
            try:
                for _ in range(20):
                    results.append(len(s.events()))
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=reader) for _ in range(4)]
        for t in threads:
            t.start()
        for _ in range(10):
            s.save(analysis_two())
        for t in threads:
            t.join()
        assert not errors
        assert set(results) <= {3, 5}
        assert s.count()["articles"] == 2


def test_second_connection_sees_committed_data(db):
    with Store.open(db) as writer, Store.open(db) as reader:
        writer.save(analysis_one())
        assert len(reader.events()) == 3
