"""One table of filter rules, run against both stores' SQL: the SQLite store (``Store.events``) and DuckDB over a
Parquet dataset of the same analyses (``DuckStore.events``).

The SQLite store is a real file in tmp_path, filled through ``Store.save`` with ``Analysis`` records of three
small articles whose places are real gazetteer entries: Libya and Italy, the Pacific on both sides of the
antimeridian (Suva 178.4 E, Auckland 174.8 E, Apia 171.8 W, Nuku'alofa 175.2 W), Tokyo, and one mention
the gazetteer could not place; the dataset is built from the same records (``unit_tables``, one unit per
article). Each case names the events it must keep; both stores must keep exactly those.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from geo.records import PlaceMention
from timeline.dataset.parquet import Dataset, unit_tables
from timeline.records import Actor, Analysis, Article, Event
from timeline.query import Bounds, Filters, needs_review
from timeline.store import Store
from timeline.store.duck import DuckStore
from timeline.timex import Timex

# word in the text -> (gazetteer name, country code); None: a mention the gazetteer could not place
PLACES = {"Rome": ("Rome", "IT"), "Tripoli": ("Tripoli", "LY"), "Sirte": ("Sirte", "LY"), "Libya": ("Libya", "LY"),
          "Suva": ("Suva", "FJ"), "Apia": ("Apia", "WS"), "Nuku'alofa": ("Nuku'alofa", "TO"),
          "Auckland": ("Auckland", "NZ"), "Tokyo": ("Tokyo", "JP"), "Wattiya": None}
DOUBTFUL = {"Nuku'alofa": 0.5}  # read with a score under timeline.query.REVIEW_PLACE_SCORE (the others 0.9)
# what timeline.events.factuality reads from these sentences (the others asserted), and each article's lead event
FACTUALITY = {"a3": "hypothetical", "c2": "negated"}
LEADS = {"a1", "b1", "c1"}
ACTORS = {"Barack Obama": "person", "Italy": "country", "Islamic State": "group", "Muammar Gaddafi": "person"}

# (key, type, sentence, date as (words, value, earliest, latest, precision[, date_basis]) or None,
#  location word or None, place words, actors)
ARTICLES = {
    "coast": dict(title="Talks and attacks on the coast", source="Coast Wire", published=dt.date(2016, 1, 31), events=[
        ("a1", "CONSULT", "Barack Obama will meet Italian leaders in Rome on February 8.",
         ("on February 8", "2016-02-08", "2016-02-08", "2016-02-08", "day"), "Rome", ["Rome"],
         ["Barack Obama", "Italy"]),
        ("a2", "STATEMENT", "Islamic State fighters held Tripoli and Wattiya in December.",
         ("in December", "2015-12", "2015-12-01", "2015-12-31", "month", "carried"), "Tripoli", ["Tripoli", "Wattiya"],
         ["Islamic State"]),
        ("a3", "STATEMENT", "Nobody said when Wattiya would reopen.", None, None, ["Wattiya"], []),
        ("a4", "ASSAULT", "Islamic State attacked Sirte in Libya in the week of 18 January.",
         ("the week of 18 January", "2016-W03", "2016-01-18", "2016-01-24", "week"), None, ["Sirte", "Libya"],
         ["Islamic State"]),
    ]),
    "pacific": dict(title="A month in the Pacific", source="Pacific Desk", published=dt.date(2016, 3, 1), events=[
        ("b1", "CONSULT", "Barack Obama met the Fijian cabinet in Suva on 1 March.",
         ("on 1 March", "2016-03-01", "2016-03-01", "2016-03-01", "day"), "Suva", ["Suva"], ["Barack Obama"]),
        ("b2", "OTHER", "Storms hit Apia and Nuku'alofa all through 2016.",
         ("2016", "2016", "2016-01-01", "2016-12-31", "year"), "Apia", ["Apia", "Nuku'alofa"], []),
        ("b3", "ASSAULT", "Gunmen attacked a bank in Auckland on 2 and 3 March.",
         ("on 2 and 3 March", "2016-03-02", "2016-03-02", "2016-03-03", "day", "reported"), "Auckland", ["Auckland"],
         []),
    ]),
    "revolution": dict(title="Looking back at 2011", source="Coast Wire", published=dt.date(2011, 6, 1), events=[
        ("c1", "PROTEST", "Crowds marched against Muammar Gaddafi across Libya in 2011.",
         ("in 2011", "2011", "2011-01-01", "2011-12-31", "year"), "Libya", ["Libya"], ["Muammar Gaddafi"]),
        ("c2", "CONSULT", "Envoys did not meet in Tokyo to talk about Libya.", None, "Tokyo", ["Tokyo", "Libya"],
         []),
    ]),
}
ALL = {"a1", "a2", "a3", "a4", "b1", "b2", "b3", "c1", "c2"}
PLACED = ALL - {"a3"}
LIBYA = Bounds(19.0, 9.0, 34.0, 26.0)
PACIFIC = {"b1", "b2", "b3"}
REVIEW = {"a2", "a3", "b2", "b3", "c2"}
D = dt.date

CASES = [  # (name, filters, bbox, the events kept)
    ("nothing chosen", Filters(), None, ALL),
    ("one actor", Filters(actors=("Barack Obama",)), None, {"a1", "b1"}),
    ("any of the actors", Filters(actors=("Islamic State", "Nobody")), None, {"a2", "a4"}),
    ("an unknown actor", Filters(actors=("Nobody",)), None, set()),
    ("one type", Filters(types=("CONSULT",)), None, {"a1", "b1", "c2"}),
    ("any of the types", Filters(types=("ASSAULT", "OTHER")), None, {"a4", "b2", "b3"}),
    ("one source", Filters(sources=("Pacific Desk",)), None, PACIFIC),
    ("a source of two articles", Filters(sources=("Coast Wire",)), None, {"a1", "a2", "a3", "a4", "c1", "c2"}),
    ("one article", Filters(articles=("revolution",)), None, {"c1", "c2"}),
    ("actor and type", Filters(actors=("Islamic State",), types=("ASSAULT",)), None, {"a4"}),
    ("source and type", Filters(sources=("Coast Wire",), types=("CONSULT",)), None, {"a1", "c2"}),
    ("a window overlapping a week and a year", Filters(start=D(2016, 1, 20), end=D(2016, 1, 28)), None, {"a4", "b2"}),
    ("a start only", Filters(start=D(2016, 3, 2)), None, {"b2", "b3"}),
    ("an end only", Filters(end=D(2011, 12, 31)), None, {"c1"}),
    ("a one-day window on a day's event", Filters(start=D(2016, 2, 8), end=D(2016, 2, 8)), None, {"a1", "b2"}),
    ("a window touching a month's last and a year's first day", Filters(start=D(2015, 12, 31), end=D(2016, 1, 17)),
     None, {"a2", "b2"}),
    ("a window with no event", Filters(start=D(2013, 1, 1), end=D(2014, 12, 31)), None, set()),
    ("a box on Libya: locations and other places", Filters(), LIBYA, {"a2", "a4", "c1", "c2"}),
    ("a box on Europe", Filters(), Bounds(35.0, -12.0, 60.0, 30.0), {"a1"}),
    ("the antimeridian as west > east", Filters(), Bounds(-40.0, 170.0, 0.0, -170.0), PACIFIC),
    ("the antimeridian with east past 180", Filters(), Bounds(-40.0, 170.0, 0.0, 190.0), PACIFIC),
    ("the antimeridian with west past -180", Filters(), Bounds(-40.0, -190.0, 0.0, -170.0), PACIFIC),
    ("a narrow antimeridian box: a place, not the location", Filters(), Bounds(-25.0, 179.0, 0.0, -172.0), {"b2"}),
    ("the world", Filters(), Bounds(-90.0, -180.0, 90.0, 180.0), PLACED),
    ("a world wider than 360 degrees", Filters(), Bounds(-90.0, -540.0, 90.0, 540.0), PLACED),
    ("a world panned east (360 degrees wide)", Filters(), Bounds(-85.0, -100.0, 85.0, 260.0), PLACED),
    ("a band of latitudes", Filters(), Bounds(-90.0, -180.0, -30.0, 180.0), {"b3"}),
    ("a box with no event", Filters(), Bounds(60.0, 60.0, 70.0, 70.0), set()),
    ("actor, window and box", Filters(actors=("Islamic State",), start=D(2016, 1, 1), end=D(2016, 1, 31)), LIBYA,
     {"a4"}),
    ("type and the world", Filters(types=("CONSULT",)), Bounds(-90.0, -180.0, 90.0, 180.0), {"a1", "b1", "c2"}),
    ("a country: its towns and itself", Filters(countries=("LY",)), None, {"a2", "a4", "c1", "c2"}),
    ("a first-level region (Rome's Lazio, GeoNames IT.07)", Filters(regions=("IT.07",)), None, {"a1"}),
    ("any of the regions; the country itself lies in none", Filters(regions=("LY.77", "LY.76")), None, {"a2", "a4"}),
    ("a region and a window", Filters(regions=("LY.77", "LY.76"), start=D(2016, 1, 1)), None, {"a4"}),
    ("a region and a country of other events", Filters(regions=("IT.07",), countries=("LY",)), None, set()),
    ("a region code without admin1, or unknown", Filters(regions=("LY", "LY.00", "ZZ.01")), None, set()),
    ("a region across the antimeridian and a box", Filters(regions=("FJ.01",)), Bounds(-40.0, 170.0, 0.0, -170.0),
     {"b1"}),
    # review: undated (a3, c2), dated from context (a2, carried) or the publication date (b3, reported), a
    # doubtful place though the location is sure (b2's Nuku'alofa)
    ("the events to review", Filters(review=True), None, REVIEW),
    ("the events to review in a country", Filters(review=True, countries=("LY",)), None, {"a2", "c2"}),
    ("the events to review in a box", Filters(review=True), Bounds(-40.0, 170.0, 0.0, -170.0), {"b2", "b3"}),
    ("type, start and the world: undated drops out", Filters(types=("CONSULT",), start=D(2016, 1, 1)),
     Bounds(-90.0, -180.0, 90.0, 180.0), {"a1", "b1"}),
    # factuality: a3 supposes ("would reopen"), c2 is negated ("did not meet"); the dashboard keeps the asserted
    ("the asserted events", Filters(factualities=("asserted",)), None, ALL - {"a3", "c2"}),
    ("the negated and the hypothetical", Filters(factualities=("negated", "hypothetical")), None, {"a3", "c2"}),
    ("the asserted in a country", Filters(factualities=("asserted",), countries=("LY",)), None, {"a2", "a4", "c1"}),
    ("the negated to review in a box", Filters(factualities=("negated",), review=True), LIBYA, {"c2"}),
]


def _span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def _analysis(spec: dict, gazetteer) -> tuple[Analysis, dict[str, str]]:
    """The article of ``spec`` as the pipeline would hand it to the store, and its event ids by key."""
    text = " ".join(ev[2] for ev in spec["events"])
    article = Article(text=text, title=spec["title"], source=spec["source"], published=spec["published"],
                      url=f"https://news.example.org/{spec['title'].lower().replace(' ', '-')}")
    events, places, timexes, keys = [], [], [], {}
    for n, (key, type_, sentence, date, location, words, actors) in enumerate(spec["events"], 1):
        s0, s1 = _span(text, sentence)
        mentions = {}
        for w in words:
            p0, p1 = _span(text, w, s0)
            where = PLACES[w]
            entry = None if where is None else next(e for e, _ in gazetteer.lookup(where[0]) if e.country_code == where[1])
            score = DOUBTFUL.get(w, 0.9) if entry else 0.0
            mentions[w] = PlaceMention(text=w, start=p0, end=p1, entry=entry, score=score)
        timex = None
        if date:
            t0, t1 = _span(text, date[0], s0)
            timex = Timex(text=date[0], start=t0, end=t1, type="DATE", value=date[1], earliest=date[2],
                          latest=date[3], precision=date[4])
            timexes.append(timex)
        places += mentions.values()
        event_id = f"{article.id}#e{n}"
        keys[event_id] = key
        events.append(Event(id=event_id, article_id=article.id, sentence=sentence, start=s0, end=s1, type=type_,
                            date=timex, date_basis=date[5] if date and len(date) > 5 else "own",
                            location=mentions[location] if location else None,
                            places=tuple(mentions.values()), actors=tuple(actors), lead=key in LEADS,
                            factuality=FACTUALITY.get(key, "asserted")))
    actors = {a for ev in events for a in ev.actors}
    return Analysis(article=article, events=tuple(events), actors=tuple(Actor(a, ACTORS[a]) for a in sorted(actors)),
                    places=tuple(places), timexes=tuple(timexes)), keys


@pytest.fixture(scope="module")
def world(tmp_path_factory, gazetteer):
    """(SQLite store, DuckDB store over a dataset of the same analyses, event id -> key, article name -> id)."""
    folder = tmp_path_factory.mktemp("event_filters")
    keys, article_ids = {}, {}
    dataset = Dataset(folder / "dataset")
    dataset.open_for_build(1)
    with Store.open(folder / "events.sqlite") as store:
        for name, spec in ARTICLES.items():
            analysis, ids = _analysis(spec, gazetteer)
            store.save(analysis)
            dataset.commit(name, name, unit_tables([analysis]), [], set())
            keys.update(ids)
            article_ids[name] = analysis.article.id
        assert store.count()["events"] == len(ALL)
        from timeline.dataset.incidents import write_incidents

        write_incidents(dataset)  # the build's last pass: the dataset's incidents, as the store merged its own
        with DuckStore(folder / "dataset") as duck:
            yield store, duck, keys, article_ids


def _filters(f: Filters, article_ids: dict[str, str]) -> Filters:
    """The case's filters with article names turned into the stored article ids."""
    return dataclasses.replace(f, articles=tuple(article_ids[a] for a in f.articles))


@pytest.mark.parametrize("name, f, bbox, want", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("which", ["sqlite", "duckdb"])
def test_the_stores_keep_what_the_rule_says(world, which, name, f, bbox, want):
    store = world[0] if which == "sqlite" else world[1]
    _, _, keys, article_ids = world
    assert {keys[se.event.id] for se in store.events(_filters(f, article_ids), bbox=bbox)} == want


def test_the_stores_read_back_the_same_records(world):
    store, duck, keys, _ = world
    # the same EVENT records in the same order (the dataset keeps the gazetteer entries whole: compared as records)
    # (less the incidents' ids, which each store numbers its own way; their reports are compared)
    same = lambda se: {k: v for k, v in se.to_dict().items() if k != "incident_id"}  # noqa: E731
    assert [same(se) for se in duck.events()] == [same(se) for se in store.events()]
    assert set(keys.values()) == ALL
    for events in (store.events(), duck.events()):  # lead and factuality kept as analysed
        assert {keys[se.event.id] for se in events if se.event.lead} == LEADS
        unasserted = {keys[se.event.id]: se.event.factuality for se in events if se.event.factuality != "asserted"}
        assert unasserted == FACTUALITY
    suva = next(se for se in store.events() if keys[se.event.id] == "b1").event.location
    assert (suva.entry.name, suva.entry.country_code) == ("Suva", "FJ") and suva.entry.lon > 178


def test_the_python_rule_of_review_keeps_what_the_stores_keep(world):
    store, _, keys, _ = world
    assert {keys[se.event.id] for se in store.events() if needs_review(se.event)} == REVIEW
