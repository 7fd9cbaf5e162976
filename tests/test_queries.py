"""timeline.query.EventQueries: one suite run against the SQLite store and DuckDB over a Parquet dataset, both
holding the same real analyses (the real spaCy pipeline and gazetteer), checked against plain Python rules."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from articles import Article
from timeline.dataset.incidents import write_incidents
from timeline.dataset.parquet import Dataset, unit_tables
from timeline.store.duck import DuckStore
from timeline.errors import StoreError
from timeline.records import StoredEvent
from timeline.query import (MAX_SEARCH_WORDS, REVIEW_PLACE_SCORE, Bounds, EventQueries, Filters, event_places,
                            event_regions, needs_review, search_words, text_matches)
from timeline.store import Store

TEXTS = [
    ("Kenya clashes", "Daily Nation", "2016-03-14",
     "Police clashed with protesters in Nairobi on Saturday. President Uhuru Kenyatta said on Sunday that the "
     "government would hold talks in Mombasa next week. Kenyatta met opposition leaders in Nairobi on March 20."),
    ("Fiji storm", "Fiji Times", "2016-02-22",
     "Cyclone Winston struck Suva on February 20. The Red Cross sent aid to Fiji on Monday. Prime Minister "
     "Frank Bainimarama declared a state of emergency in Suva."),
    ("Libya talks", "Reuters", "2016-01-31",
     "The United Nations envoy Martin Kobler met rival leaders in Tunis on January 26. Islamic State fighters "
     "attacked the oil port of Sidra in Libya on January 4. Italy said in Rome it would send troops to Tripoli."),
    ("Nairobi talks", "Reuters", "2016-03-22",  # the month of the first: their units share a month folder
     "Opposition leaders met Kenyatta in Nairobi on Monday. The talks resumed in Mombasa on March 21."),
    ("Undated brief", "", None,
     "Rebels attacked a convoy near Aleppo in Syria. The Syrian government condemned the attack. The army did "
     "not retaliate."),
    ("Cyclone Winston hits Fiji", "Fiji Sun", "2016-02-23",  # a second report of the Fiji storm: one incident
     "Cyclone Winston struck Suva in Fiji on Saturday, February 20, tearing roofs from houses. The Red Cross said "
     "thousands of people fled to evacuation centres."),
]


@pytest.fixture(scope="module")
def analyses():
    from timeline.events import analyse_article

    out = []
    for title, source, published, text in TEXTS:
        out.append(analyse_article(Article(text=text, title=title, source=source, url=f"https://example.org/{title}",
                                           published=dt.date.fromisoformat(published) if published else None)))
    return out


@pytest.fixture(scope="module")
def stored(analyses) -> list[StoredEvent]:
    """Every event as the stores should give it back, from the analyses themselves."""
    return [StoredEvent(event=e, article_title=a.article.title, source=a.article.source, url=a.article.url,
                        published=a.article.published) for a in analyses for e in a.events]


@pytest.fixture(scope="module")
def sqlite_store(analyses, tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("sqlite") / "events.sqlite")
    for a in analyses:
        store.save(a)
    yield store
    store.close()


@pytest.fixture(scope="module")
def duck_store(analyses, tmp_path_factory):
    root = tmp_path_factory.mktemp("dataset") / "ds"
    ds = Dataset(root)
    ds.open_for_build(2)
    ds.commit("unit-a", "first two", unit_tables(analyses[:2]), [], set())
    ds.commit("unit-b", "last two", unit_tables(analyses[2:]), [], set())
    write_incidents(ds)  # the build's last pass
    store = DuckStore(root)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "duckdb"])
def queries(request) -> EventQueries:
    return request.getfixturevalue("sqlite_store" if request.param == "sqlite" else "duck_store")


# --- the rules, in plain Python over the records -------------------------------------------------------------

def points(se: StoredEvent) -> list[tuple[float, float, str | None]]:
    return [(round(p.entry.lat, 5), round(p.entry.lon, 5), p.entry.country_code) for p in event_places(se.event)]


def in_box(lat: float, lon: float, b: Bounds) -> bool:
    east = b.east + 360 if b.east < b.west else b.east  # across the antimeridian
    lon_ok = east - b.west >= 360 or ((lon - b.west) % 360) + b.west <= east  # lon brought into [west, west + 360)
    return b.south <= lat <= b.north and lon_ok


def passes(se: StoredEvent, f: Filters, bbox: Bounds | None = None) -> bool:
    e, r = se.event, se.event.day_range
    return ((not f.actors or bool(set(f.actors) & set(e.actors)))
            and (not f.types or e.type in f.types) and (not f.sources or se.source in f.sources)
            and (not f.articles or e.article_id in f.articles)
            and (not f.countries or any(c in f.countries for _, _, c in points(se)))
            and (not f.regions or bool(event_regions(se.event) & set(f.regions)))
            and (f.start is None or (r is not None and r[1] >= f.start))
            and (f.end is None or (r is not None and r[0] <= f.end))
            and (bbox is None or any(in_box(lat, lon, bbox) for lat, lon, _ in points(se)))
            and (not f.review or needs_review(se.event))
            and (not f.factualities or e.factuality in f.factualities)
            and (not search_words(f.text) or text_matches(e.sentence, se.article_title, f.text)))


def list_order(se: StoredEvent):
    r = se.event.day_range
    return (r is None, r[0] if r else dt.date.min, se.published is not None, se.published or dt.date.min,
            se.event.article_id, se.event.start, se.event.id)


def expected(stored, f=Filters(), bbox=None) -> list[StoredEvent]:
    return sorted((se for se in stored if passes(se, f, bbox)), key=list_order)


def filter_cases(stored) -> list[tuple[Filters, Bounds | None]]:
    actors = Counter(a for se in stored for a in se.event.actors).most_common(2)
    types = Counter(se.event.type for se in stored).most_common(2)
    top_regions = Counter(r for se in stored for r in event_regions(se.event)).most_common(2)
    return [
        (Filters(), None),
        (Filters(actors=(actors[0][0],)), None),
        (Filters(actors=tuple(a for a, _ in actors)), None),
        (Filters(types=(types[0][0],)), None),
        (Filters(sources=("Reuters", "Fiji Times")), None),
        (Filters(countries=("KE",)), None),
        (Filters(countries=("LY", "IT")), None),
        (Filters(regions=("KE.05",)), None),  # Nairobi's region
        (Filters(regions=tuple(r for r, _ in top_regions)), None),
        (Filters(regions=(top_regions[0][0],), countries=("KE", "FJ")), Bounds(-40.0, 30.0, 10.0, 180.0)),
        (Filters(start=dt.date(2016, 2, 1)), None),
        (Filters(end=dt.date(2016, 1, 31)), None),
        (Filters(start=dt.date(2016, 2, 15), end=dt.date(2016, 3, 15)), None),
        (Filters(), Bounds(-10.0, 30.0, 10.0, 45.0)),  # East Africa
        (Filters(), Bounds(-30.0, 170.0, 0.0, -170.0)),  # across the antimeridian: Fiji
        (Filters(), Bounds(-30.0, 530.0, 0.0, 550.0)),  # Fiji again, a box panned a whole turn east
        (Filters(types=(types[0][0],), start=dt.date(2016, 1, 1)), Bounds(25.0, 5.0, 45.0, 25.0)),  # Libya, Italy
        (Filters(review=True), None),
        (Filters(review=True, countries=("KE",)), None),
        (Filters(factualities=("asserted",)), None),  # the dashboard's default
        (Filters(factualities=("negated", "hypothetical")), None),
        (Filters(factualities=("asserted",), types=(types[0][0],), start=dt.date(2016, 1, 1)), None),
        (Filters(text="nairobi"), None),  # in sentences only
        (Filters(text="FIJI"), None),  # a title's word, and a sentence's
        (Filters(text="  Cyclone   suva "), None),  # every word, each in the sentence or the title
        (Filters(text="storm red"), None),  # one word from the title ("Fiji storm"), one from the sentence
        (Filters(text="attack"), None),  # a part of a word: "attacked" too
        (Filters(text="talks", sources=("Reuters",)), Bounds(-10.0, 30.0, 10.0, 45.0)),
        (Filters(text="no-such-word-anywhere"), None),
    ]


# --- the suite ---------------------------------------------------------------------------------------------

def test_the_text_cases_tell_events_apart(stored):
    counts = {text: len(expected(stored, Filters(text=text))) for text in
              ("nairobi", "FIJI", "  Cyclone   suva ", "storm red", "attack", "no-such-word-anywhere")}
    assert 0 < counts["storm red"] < counts["FIJI"] < len(stored)
    assert counts["nairobi"] > 0 and counts["attack"] > 0 and counts["no-such-word-anywhere"] == 0
    # "storm" is in no sentence, only in a title: the rule reads the title too
    assert not any("storm" in se.event.sentence.lower() for se in stored)


@pytest.mark.parametrize("text, sentence, title, found", [
    ("kenyatta", "President Uhuru Kenyatta said ...", "", True),
    ("KENYATTA nairobi", "Kenyatta met leaders in Nairobi.", "", True),
    ("kenyatta mombasa", "Kenyatta met leaders in Nairobi.", "Talks in Mombasa", True),  # one word in each
    ("kenyatta mombasa", "Kenyatta met leaders in Nairobi.", "", False),
    ("attack", "Rebels attacked a convoy.", "", True),  # a part of a word
    ("überlingen", "Protesters marched in ÜBERLINGEN.", "", True),  # letters beyond ASCII fold too
    ("", "anything", "", True),  # no words: no condition
    ("   ", "anything", "", True),
])
def test_text_rule(text, sentence, title, found):
    assert text_matches(sentence, title, text) is found


def test_search_words_are_lowered_once_each_and_bounded():
    assert search_words("  Cyclone suva CYCLONE ") == ("cyclone", "suva")
    assert len(search_words(" ".join(f"w{i}" for i in range(100)))) == MAX_SEARCH_WORDS


def test_search_folds_letters_beyond_ascii_in_both_stores(tmp_path):
    """SQLite's own lower() folds ASCII letters only: the store asks Python's, as the rule does."""
    from timeline.events import analyse_article

    a = analyse_article(Article(text="Protesters marched through ÜBERLINGEN on Saturday.", title="Lake towns",
                                source="Südkurier", published=dt.date(2016, 5, 2)))
    assert a.events
    with Store.open(tmp_path / "s.sqlite") as store:
        store.save(a)
        assert store.event_count(Filters(text="überlingen")) == len(a.events)
        assert store.event_count(Filters(text="ÜberLingen marched")) == sum("marched" in e.sentence for e in a.events)
    ds = Dataset(tmp_path / "ds")
    ds.open_for_build(1)
    ds.commit("unit-a", "one", unit_tables([a]), [], set())
    with DuckStore(tmp_path / "ds") as duck:
        assert duck.event_count(Filters(text="überlingen")) == len(a.events)


def test_a_search_asked_while_another_one_is_answered_keeps_its_own_events(duck_store, stored):
    """The dataset store finds a search's events once, into a table; sessions sharing the store may search for
    different words at once: a question's SQL, made for one search, must still read that search's events after
    another search was asked (one shared table gave it the other search's events)."""
    nairobi = len(expected(stored, Filters(text="nairobi")))
    fiji = len(expected(stored, Filters(text="fiji")))
    assert 0 < nairobi != fiji > 0
    clause, params = duck_store._clause(Filters(text="nairobi"), None)  # made, then another session searches
    assert duck_store.event_count(Filters(text="fiji")) == fiji
    assert duck_store._all(f"SELECT COUNT(*) FROM ev e{clause}", params)[0][0] == nairobi
    for i in range(12):  # more searches than are kept: the oldest go, what is asked again is found again
        duck_store.event_count(Filters(text=f"word{i}"))
    assert duck_store.event_count(Filters(text="nairobi")) == nairobi


def test_both_stores_are_event_queries(sqlite_store, duck_store):
    assert isinstance(sqlite_store, EventQueries) and isinstance(duck_store, EventQueries)


def test_the_inputs_give_the_suite_something_to_tell_apart(stored):
    assert len(stored) >= 10
    assert sum(se.event.day_range is None for se in stored) >= 1 or any(se.published is None for se in stored)
    assert {c for se in stored for _, _, c in points(se)} >= {"KE", "FJ", "LY"}
    assert {se.event.factuality for se in stored} == {"asserted", "negated", "hypothetical"}
    assert sum(se.event.lead for se in stored) == len(TEXTS)  # one lead per article


def test_pages_walk_the_whole_list_in_order(queries, stored):
    want = [se.event.id for se in expected(stored)]
    got, offset = [], 0
    while True:
        page = queries.events_page(offset=offset, limit=4)
        assert page.total == len(want) and page.offset == offset and page.limit == 4
        if not page.events:
            break
        got += [se.event.id for se in page.events]
        offset += 4
    assert got == want


def _as_analysed(se: StoredEvent) -> dict:
    """The record less what only a store knows: the incident's id (each store numbers its own) and reports."""
    return {k: v for k, v in se.to_dict().items() if k not in ("incident_id", "reports")}


def test_events_come_back_as_the_records_analysed(queries, stored):
    page = queries.events_page(limit=1000)
    assert [_as_analysed(se) for se in page.events] == [_as_analysed(se) for se in expected(stored)]


def test_filters_and_boxes(queries, stored):
    for f, bbox in filter_cases(stored):
        want = [se.event.id for se in expected(stored, f, bbox)]
        page = queries.events_page(f, bbox=bbox, limit=1000)
        assert [se.event.id for se in page.events] == want, (f, bbox)
        assert page.total == len(want)
    assert any(expected(stored, f, b) for f, b in filter_cases(stored)[1:])  # the cases do select something
    assert not queries.events_page(Filters(countries=("ZZ",))).events


def test_the_region_filter_keeps_events_by_their_places_regions(queries, stored):
    """Nairobi's region (KE.05) keeps the Nairobi events and no other; the country alone is no region."""
    nairobi = {se.event.id for se in stored if any(p.entry.name == "Nairobi" for p in event_places(se.event))}
    kept = {se.event.id for se in queries.events_page(Filters(regions=("KE.05",)), limit=1000).events}
    assert nairobi and nairobi <= kept
    assert all("KE.05" in event_regions(se.event) for se in stored if se.event.id in kept)
    assert not queries.events_page(Filters(regions=("KE",))).events
    assert not queries.events_page(Filters(regions=("KE.00",))).events


def test_time_bins(queries, stored):
    def start(d: dt.date, unit: str) -> dt.date:
        return {"day": d, "week": d - dt.timedelta(days=d.weekday()), "month": d.replace(day=1),
                "year": d.replace(month=1, day=1)}[unit]

    for f, bbox in filter_cases(stored)[:10:3]:
        for unit in ("day", "week", "month", "year"):
            want = Counter(start(se.event.day_range[0], unit) for se in expected(stored, f, bbox)
                           if se.event.day_range)
            got = queries.time_bins(f, bbox=bbox, unit=unit)
            assert [(b.start, b.count) for b in got] == sorted(want.items()), (f, unit)
            assert all(b.type is None for b in got)
            typed = Counter((start(se.event.day_range[0], unit), se.event.type) for se in expected(stored, f, bbox)
                            if se.event.day_range)
            got = queries.time_bins(f, bbox=bbox, unit=unit, by="types")
            assert [((b.start, b.type), b.count) for b in got] == sorted(typed.items()), (f, unit)


def test_map_cells(queries, stored):
    import math

    for size in (1.0, 10.0):
        for f, bbox in [(Filters(), None), (Filters(), Bounds(-10.0, 30.0, 10.0, 45.0)),
                        (Filters(start=dt.date(2016, 2, 1)), Bounds(-30.0, 170.0, 0.0, -170.0))]:
            cells: dict[tuple[int, int], set[str]] = {}
            for se in expected(stored, f, bbox):
                for lat, lon, _ in points(se):
                    if bbox is None or in_box(lat, lon, bbox):
                        cells.setdefault((math.floor(lat / size), math.floor(lon / size)), set()).add(se.event.id)
            got = queries.map_cells(f, bbox=bbox, size=size)
            assert [(c.south, c.west, c.count) for c in got] == \
                [(i * size, j * size, len(ids)) for (i, j), ids in sorted(cells.items())], (size, f, bbox)
            assert all(c.size == size for c in got)


def test_value_counts(queries, stored):
    for f, bbox in filter_cases(stored)[:8:2]:
        events = expected(stored, f, bbox)
        want = {
            "actors": Counter(a for se in events for a in set(se.event.actors)),
            "types": Counter(se.event.type for se in events),
            "sources": Counter(se.source for se in events if se.source),
            "countries": Counter(c for se in events for c in {c for _, _, c in points(se) if c}),
            "regions": Counter(r for se in events for r in event_regions(se.event)),
        }
        for facet, counts in want.items():
            got = queries.value_counts(facet, f, bbox=bbox)
            assert [(v.value, v.count) for v in got] == \
                sorted(counts.items(), key=lambda vc: (-vc[1], vc[0].lower(), vc[0])), (facet, f)


def test_date_extent(queries, stored):
    for f, bbox in filter_cases(stored):
        ranges = [se.event.day_range for se in expected(stored, f, bbox) if se.event.day_range]
        want = (min(r[0] for r in ranges), max(r[1] for r in ranges)) if ranges else None
        assert queries.date_extent(f, bbox=bbox) == want


def test_review_cases_tell_events_apart(stored):
    flagged = [se for se in stored if needs_review(se.event)]
    assert 0 < len(flagged) < len(stored)
    assert any(p.score < REVIEW_PLACE_SCORE for se in stored for p in event_places(se.event)) or \
        any(se.event.date_basis != "own" for se in stored)


def test_counts_ranges_and_point_bounds(queries, stored):
    for f, bbox in filter_cases(stored):
        events = expected(stored, f, bbox)
        assert queries.event_count(f, bbox=bbox) == len(events), (f, bbox)
        ranges = Counter(se.event.day_range for se in events if se.event.day_range)
        assert queries.day_ranges(f, bbox=bbox) == [(lo, hi, n) for (lo, hi), n in sorted(ranges.items())]
        pts = [(lat, lon) for se in events for lat, lon, _ in points(se)]
        got = queries.point_bounds(f, bbox=bbox)
        if not pts:
            assert got is None
        else:
            assert got == pytest.approx(Bounds(min(p[0] for p in pts), min(p[1] for p in pts),
                                               max(p[0] for p in pts), max(p[1] for p in pts)), abs=1e-5)


def test_articles_facet_and_titles(queries, stored):
    got = queries.value_counts("articles")
    assert sorted((v.value, v.count) for v in got) == sorted(Counter(se.event.article_id for se in stored).items())
    ids = [v.value for v in got]
    want = {se.event.article_id: se.article_title or se.event.article_id for se in stored}
    assert queries.article_titles(ids + ["no-such-article"]) == want
    assert queries.article_titles([]) == {}


def test_bad_questions_are_refused_with_one_line(queries):
    with pytest.raises(ValueError, match="unit must be one of"):
        queries.time_bins(unit="decade")
    with pytest.raises(ValueError, match="split by"):
        queries.time_bins(by="actors")
    with pytest.raises(ValueError, match="facet must be one of"):
        queries.value_counts("cities")
    with pytest.raises(ValueError, match="cell size"):
        queries.map_cells(size=0)
    with pytest.raises(ValueError, match="limit"):
        queries.events_page(limit=0)
    with pytest.raises(ValueError, match="south .* is north of north"):
        queries.events_page(bbox=Bounds(10, 0, -10, 5))


def test_the_two_stores_give_the_same_answers(sqlite_store, duck_store, stored):
    for f, bbox in filter_cases(stored):
        a = sqlite_store.events_page(f, bbox=bbox, limit=5, offset=1)
        b = duck_store.events_page(f, bbox=bbox, limit=5, offset=1)
        # each store numbers its incidents its own way: the same records, the same reports
        assert [(_as_analysed(se), se.reports) for se in a.events] == [(_as_analysed(se), se.reports) for se in b.events]
        assert sqlite_store.time_bins(f, bbox=bbox, unit="week") == duck_store.time_bins(f, bbox=bbox, unit="week")


# --- incidents: an incident matches when one of its events does -------------------------------------------------

@pytest.fixture(scope="module")
def reference_incidents(analyses):
    """The incidents of the analyses merged in plain Python (timeline.incidents: a run over the articles)."""
    from timeline.incidents.leads import LeadReader
    from timeline.incidents.merging import LeadText, load_pair_model
    from timeline.incidents.run import OPENING_CHARS, merged_incidents
    from timeline.incidents.summary import Report

    reader, reports = LeadReader.shipped(), []
    for a in analyses:
        lead = reader.read(a)
        if lead is not None:
            event = next(e for e in a.events if e.id == lead.event_id)
            reports.append((Report(lead, event.actors, a.article.source, a.article.url),
                            LeadText.of(lead, a.article.text[:OPENING_CHARS])))
    return merged_incidents(reports, load_pair_model())


def without_id(incidents) -> list[dict]:
    """Incidents as records less their ids (each store numbers its own), in a fixed order."""
    return sorted(({k: v for k, v in i.to_dict().items() if k != "id"} for i in incidents),
                  key=lambda d: d["article_ids"])


def test_incidents_are_the_reference_and_match_by_their_events(queries, stored, reference_incidents):
    assert len(reference_incidents) >= 4  # the suite's articles report different happenings
    for f, bbox in [(Filters(), None), *filter_cases(stored)]:
        picked = {se.event.id for se in expected(stored, f, bbox)}
        want = [i for i in reference_incidents if picked & set(i.event_ids)]
        got = queries.incidents(f, bbox=bbox)
        assert without_id(got) == without_id(want), (f, bbox)
        days = [(i.first_day is None, i.first_day or dt.date.min) for i in got]
        assert days == sorted(days)  # earliest day first, undated last


def test_an_incident_lists_its_events_and_a_count_of_reports(queries, stored):
    leads = {se.event.id: se for se in stored if se.event.lead}
    for incident in queries.incidents():
        assert incident.event_ids and set(incident.event_ids) <= leads.keys()
        assert incident.reports == len(incident.article_ids) == len(incident.event_ids)
        assert set(incident.sources) == {leads[e].source for e in incident.event_ids} - {""}


# --- each store's own machinery ------------------------------------------------------------------------------

def test_migration_4_indexes_the_rows_already_stored(analyses, tmp_path):
    """A file stored before migration 4 gets its points into the R*Tree and its countries, and queries work."""
    from tests.old_store import write_old_store

    path = tmp_path / "old.sqlite"
    write_old_store(path, analyses, 3)  # as the version 3 program saved them
    with Store.open(path) as s:  # now migrated to 4
        n_points = s._conn.execute("SELECT COUNT(*) FROM event_points").fetchone()[0]
        assert n_points > 0
        assert s._conn.execute("SELECT COUNT(*) FROM event_points_rtree").fetchone()[0] == n_points
        kenya = s.events_page(Filters(countries=("KE",))).total
        assert kenya > 0
        assert s.events_page(bbox=Bounds(-10.0, 30.0, 10.0, 45.0)).total > 0
        s.delete_article(analyses[0].article.id)  # the triggers keep the R*Tree in step on delete
        left = s._conn.execute("SELECT COUNT(*) FROM event_points").fetchone()[0]
        assert s._conn.execute("SELECT COUNT(*) FROM event_points_rtree").fetchone()[0] == left < n_points
        kenyan_left = [e for a in analyses[1:] for e in a.events
                       if any(p.entry.country_code == "KE" for p in event_places(e))]
        assert s.events_page(Filters(countries=("KE",))).total == len(kenyan_left) < kenya


def test_duck_store_reads_only_committed_files_and_sweep_removes_the_others(analyses, tmp_path):
    import shutil

    ds = Dataset(tmp_path / "ds")
    ds.open_for_build(1)
    ds.commit("unit-a", "one", unit_tables(analyses[:1]), [], set())
    committed = tmp_path / "ds" / ds.committed()["unit-a"]["files"]["events"][0]
    stray = committed.with_name("part-unit-z.parquet")  # what a build killed before its commit leaves
    shutil.copy(committed, stray)
    with DuckStore(tmp_path / "ds") as d:
        assert d.count()["events"] == len(analyses[0].events)  # not twice: the stray part is not listed
        assert d.count()["articles"] == 1
    assert ds.sweep() == 1 and not stray.exists() and committed.exists()


def test_duck_store_refuses_what_is_not_a_dataset(tmp_path):
    with pytest.raises(StoreError, match="no dataset folder"):
        DuckStore(tmp_path / "missing")
    with pytest.raises(StoreError, match="not a dataset"):
        DuckStore(tmp_path)


def test_empty_dataset_answers_with_nothing(tmp_path):
    Dataset(tmp_path / "ds").open_for_build(5)
    with DuckStore(tmp_path / "ds") as d:
        assert d.events_page().total == 0 and d.time_bins() == [] and d.date_extent() is None
        assert d.value_counts("actors") == [] and d.map_cells() == []


def test_compaction_merges_each_month_and_changes_no_answer(analyses, stored, tmp_path):
    ds = Dataset(tmp_path / "ds")
    ds.open_for_build(1)
    for k, a in enumerate(analyses):  # one unit per article: months shared by several units
        ds.commit(f"unit-{k}", f"article {k}", unit_tables([a]), [], set())
    before = {t: len(ds.files(t)) for t in ("events", "event_places")}
    reader = DuckStore(tmp_path / "ds")  # open across the compaction, as the dashboard would be
    questions = [lambda q: [se.to_dict() for se in q.events_page(limit=1000).events],
                 lambda q: q.time_bins(unit="week"), lambda q: q.map_cells(size=5.0),
                 lambda q: q.value_counts("countries")]
    answers = [ask(reader) for ask in questions]
    merged = ds.compact()
    assert merged > 0
    months = [Path(f).parent.name for f in ds.live()["events"]]
    assert len(months) == len(set(months)) and len(months) < before["events"]
    assert len(ds.files("event_places")) < before["event_places"]
    assert [ask(reader) for ask in questions] == answers  # the removed parts are noticed and the view redone
    reader.close()
    assert ds.compact() == 0  # nothing left to merge
    assert ds.sweep() == 0 and set(ds.committed()) >= {f"unit-{k}" for k in range(len(analyses))}


def test_compaction_killed_before_its_entry_leaves_the_parts_and_is_swept(analyses, tmp_path, monkeypatch):
    import timeline.dataset.parquet as dataset_module

    ds = Dataset(tmp_path / "ds")
    ds.open_for_build(1)
    for k, a in enumerate(analyses):
        ds.commit(f"unit-{k}", f"article {k}", unit_tables([a]), [], set())
    live = ds.live()
    real_write = dataset_module._write_atomic

    def dies_at_the_commit(path, text):
        if path.name.startswith("compact-"):
            raise SystemExit("killed")  # the process dies after the merged files, before the entry
        real_write(path, text)

    monkeypatch.setattr(dataset_module, "_write_atomic", dies_at_the_commit)
    with pytest.raises(SystemExit):
        ds.compact()
    monkeypatch.setattr(dataset_module, "_write_atomic", real_write)
    merged = list((tmp_path / "ds").rglob("part-c*.parquet"))
    assert merged and ds.live() == live  # not committed: the parts are still what is read
    with DuckStore(tmp_path / "ds") as d:
        assert d.count()["events"] == sum(len(a.events) for a in analyses)
    assert ds.sweep() == len(merged) and not list((tmp_path / "ds").rglob("part-c*.parquet"))
    assert ds.compact() > 0


def test_one_event_by_its_id(queries, stored):
    for se in stored[:5]:
        listed = queries.events_page(Filters(articles=(se.event.article_id,)), limit=1000).events
        assert queries.event(se.event.id) == next(e for e in listed if e.event.id == se.event.id)
    assert queries.event("no-such-event") is None


def test_a_version_2_dataset_still_opens_its_events_no_lead_and_asserted(analyses, stored, tmp_path):
    """Version 3 added the events' lead and factuality columns; a version 2 dataset (without them) opens, its
    events read as no lead and asserted (as the SQLite store's migration 9 reads old rows), and every filter,
    the factuality one too, answers over it; no build adds to it."""
    import dataclasses
    import json

    import pyarrow.parquet as pq

    from timeline.errors import UsageError

    root = tmp_path / "v2"
    ds = Dataset(root)
    ds.open_for_build(2)
    ds.commit("unit-a", "first two", unit_tables(analyses[:2]), [], set())
    ds.commit("unit-b", "last two", unit_tables(analyses[2:]), [], set())
    for path in (root / "events").rglob("*.parquet"):  # written as version 2 wrote them
        table = pq.read_table(path, partitioning=None)
        pq.write_table(table.drop_columns(["lead", "factuality"]), path)
    meta = root / "_dataset.json"
    meta.write_text(json.dumps(dict(json.loads(meta.read_text()), version=2)))
    as_v2 = [dataclasses.replace(se, event=dataclasses.replace(se.event, lead=False, factuality="asserted"))
             for se in stored]
    with DuckStore(root) as old:
        for f in (Filters(), Filters(factualities=("asserted",)), Filters(review=True, countries=("KE",))):
            page = old.events_page(f, limit=50)
            assert [se.to_dict() for se in page.events] == [se.to_dict() for se in expected(as_v2, f)]
        assert old.events_page(Filters(factualities=("negated",))).total == 0
        assert old.event(stored[0].event.id).event.factuality == "asserted"
    with pytest.raises(UsageError, match="version 2 dataset"):
        Dataset(root).open_for_build(2)


def test_a_version_3_dataset_opens_with_no_incidents(analyses, stored, tmp_path):
    """Version 4 added the leads and incidents tables; a version 3 dataset has neither: it answers every
    question as before and has no incidents."""
    import json
    import shutil

    root = tmp_path / "v3"
    ds = Dataset(root)
    ds.open_for_build(2)
    ds.commit("unit-a", "all", unit_tables(analyses), [], set())
    entry = root / "_manifest" / "unit-a.json"  # as version 3 committed it: no leads
    committed = json.loads(entry.read_text())
    entry.write_text(json.dumps(dict(committed, files={t: f for t, f in committed["files"].items() if t != "leads"})))
    shutil.rmtree(root / "leads")
    meta = root / "_dataset.json"
    meta.write_text(json.dumps(dict(json.loads(meta.read_text()), version=3)))
    with DuckStore(root) as old:
        assert old.incidents() == [] and old.incidents(Filters(types=("ASSAULT",))) == []
        assert [se.to_dict() for se in old.events()] == [se.to_dict() for se in expected(stored)]


def test_a_version_1_dataset_still_opens_and_answers_as_before(analyses, stored, duck_store, tmp_path):
    """Version 1 named the date's bounds day_first/day_last; version 2 names them as the SQLite store does
    (date_earliest/date_latest). An old dataset reads with its columns renamed, and no build adds to it."""
    import json

    import pyarrow.parquet as pq

    from timeline.errors import UsageError

    root = tmp_path / "v1"
    ds = Dataset(root)
    ds.open_for_build(2)
    ds.commit("unit-a", "first two", unit_tables(analyses[:2]), [], set())
    ds.commit("unit-b", "last two", unit_tables(analyses[2:]), [], set())
    for path in root.rglob("*.parquet"):  # written as version 1 wrote them
        table = pq.read_table(path, partitioning=None)
        names = {"date_earliest": "day_first", "date_latest": "day_last"}
        pq.write_table(table.rename_columns([names.get(n, n) for n in table.column_names]), path)
    meta = root / "_dataset.json"
    meta.write_text(json.dumps(dict(json.loads(meta.read_text()), version=1)))
    assert "day_first" in pq.read_schema(next((root / "events").rglob("*.parquet"))).names
    with DuckStore(root) as old:
        for f in (Filters(), Filters(start=dt.date(2016, 2, 1)), Filters(review=True), Filters(countries=("KE",))):
            was, now = old.events_page(f, limit=50), duck_store.events_page(f, limit=50)
            # an old dataset has no incidents (version 4 added them): the same events, none a report of one
            assert [_as_analysed(se) for se in was.events] == [_as_analysed(se) for se in now.events]
            assert was.total == now.total and all(se.incident_id is None for se in was.events)
            assert old.time_bins(f, unit="week") == duck_store.time_bins(f, unit="week")
        assert old.date_extent() == duck_store.date_extent()
    with pytest.raises(UsageError, match="version 1 dataset"):
        Dataset(root).open_for_build(2)


# --- one mark per incident (Filters.per_incident) ---------------------------------------------------------------

def expected_per_incident(stored, reference_incidents, f: Filters, bbox=None) -> list[StoredEvent]:
    """``timeline.query``'s rule in plain Python: of an incident's leads passing the other rules, the earliest
    report's."""
    kept = expected(stored, dataclasses.replace(f, per_incident=False), bbox)
    passing = {se.event.id for se in kept}
    later = {e for i in reference_incidents for k, e in enumerate(i.event_ids)
             if any(x in passing for x in i.event_ids[:k])}
    return [se for se in kept if se.event.id not in later]


def test_one_mark_per_incident_keeps_the_earliest_report_that_passes(queries, stored, reference_incidents):
    fiji = [i for i in reference_incidents if i.reports > 1]
    assert len(fiji) == 1 and set(fiji[0].sources) == {"Fiji Times", "Fiji Sun"}  # the two storm reports
    first, second = fiji[0].event_ids
    cases = [(Filters(per_incident=True), None),
             (Filters(per_incident=True, sources=("Fiji Sun",)), None),  # the later report alone passes: it is kept
             (Filters(per_incident=True, factualities=("asserted",)), Bounds(-30.0, 170.0, 0.0, -170.0)),
             (Filters(per_incident=True, start=dt.date(2016, 2, 20), end=dt.date(2016, 2, 20)), None)]
    for f, bbox in cases:
        want = [se.event.id for se in expected_per_incident(stored, reference_incidents, f, bbox)]
        page = queries.events_page(f, bbox=bbox, limit=1000)
        assert [se.event.id for se in page.events] == want, (f, bbox)
        assert page.total == len(want) == queries.event_count(f, bbox=bbox)
    every, one = queries.events_page(limit=1000), queries.events_page(Filters(per_incident=True), limit=1000)
    assert {se.event.id for se in every.events} - {se.event.id for se in one.events} == {second}


def test_a_lead_event_says_its_incident_and_its_reports(queries, stored, reference_incidents):
    by_event = {e: i for i in reference_incidents for e in i.event_ids}
    got = queries.events_page(limit=1000).events
    ids = {}
    for se in got:
        if se.event.id in by_event:
            assert se.reports == by_event[se.event.id].reports and se.to_dict()["reports"] == se.reports
            ids.setdefault(se.incident_id, set()).add(se.event.id)
        else:
            assert se.incident_id is None and se.reports == 0 and "incident_id" not in se.to_dict()
    # the store's own ids name its incidents: the same groups as the reference's
    assert sorted(map(sorted, ids.values())) == sorted(sorted(i.event_ids) for i in reference_incidents)
    assert {str(i.id) for i in queries.incidents()} == set(ids)
    for incident_id, events in ids.items():  # each found again by its id
        assert set(queries.incident(incident_id).event_ids) == events
    assert queries.incident("999999") is None


def test_a_dataset_gives_an_article_s_text_and_its_events_places_and_dates_for_the_evidence(sqlite_store, duck_store,
                                                                                             analyses):
    """The evidence panel opens the article (issue #21, defect 11: on a dataset it showed the sentence alone)."""
    for a in analyses:
        aid = a.article.id
        got, want = duck_store.article(aid), sqlite_store.article(aid)
        assert got["text"] == want["text"] == a.article.text and got["title"] == want["title"]
        assert got["published"] == want["published"]
        places, dates = duck_store.mentions(aid)
        event_places_ = {(p.start, p.end) for e in a.events for p in (*e.places, e.location) if p}
        assert {(p.start, p.end) for p in places} == event_places_
        assert event_places_ <= {(p.start, p.end) for p in sqlite_store.mentions(aid)[0]}
        assert {(t.start, t.end) for t in dates} <= {(t.start, t.end) for t in a.timexes}
        assert all(a.article.text[p.start:p.end] == p.text for p in places)
    assert duck_store.article("no-such-article") is None
