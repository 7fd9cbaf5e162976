"""The Streamlit app through streamlit.testing.v1.AppTest, on the real backend: a real SQLite store and the
real pipeline (spaCy model, gazetteer, temporal tagger, event extractor), nothing swapped out.

Most tests open a store built once per session by ingesting the short articles of
tests/fixtures/dashboard_articles/ with the real pipeline; each test gets its own copy of the file (at
``$NEWSMAP_DB``, where the app looks). What a test expects on the page is read from that store through its own
SQL filters (``Store.events``), not computed by the dashboard code under test. Two tests start from the seed
article instead: on an empty store (the app ingests the seeds itself) and on a copy of a seeded store.
"""
from __future__ import annotations

from dataclasses import replace

import os
import re
import sqlite3
import time
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from dashboard import backend
from timeline.ingest import find_article_files
from timeline.query import Filters
from timeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
ARTICLES = Path(__file__).resolve().parent / "fixtures" / "dashboard_articles"
SEEDS = ROOT / "seeds"


def _nothing(frac, msg) -> None:
    pass


@pytest.fixture(scope="session")
def article_store(tmp_path_factory) -> Path:
    """The fixture articles ingested through the real pipeline into a store file (built once per session)."""
    from timeline.events import analyse_article
    from timeline.ingest import ingest

    path = tmp_path_factory.mktemp("dashboard_articles") / "events.sqlite"
    with Store.open(path) as store:
        report = ingest([ARTICLES], store=store, analyse=analyse_article)
    assert report.ok and report.articles == len(find_article_files([ARTICLES])) == 3, report.to_dict()
    return path


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory) -> Path:
    """A store the backend seeded (as the app does on first start), built once per session."""
    path = tmp_path_factory.mktemp("dashboard_seeded") / "events.sqlite"
    with Store.open(path) as store:
        assert backend.ensure_seeded(store, SEEDS, _nothing) > 0
    return path


def _copy_store(src: Path, dest: Path) -> None:
    """A copy of a store file by SQLite's backup API (whatever is still in its WAL comes along)."""
    with closing(sqlite3.connect(src)) as a, closing(sqlite3.connect(dest)) as b:
        a.backup(b)


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMAP_DB", str(tmp_path / "events.sqlite"))
    monkeypatch.setenv("MAP_TILES", "offline")
    old = st_config.get_option("server.enableStaticServing")
    st_config.set_option("server.enableStaticServing", True)
    yield
    st_config.set_option("server.enableStaticServing", old)


def _own_copy(template: Path):
    """This test's copy of a session store, where the app opens it, and a reader on it."""
    db = Path(os.environ["NEWSMAP_DB"])
    _copy_store(template, db)
    with Store.open(db) as s:
        yield s


@pytest.fixture
def store(article_store):
    yield from _own_copy(article_store)


@pytest.fixture
def seeded(seeded_store):
    yield from _own_copy(seeded_store)


# The app shows asserted events only until the reader asks for the rest (unasserted=1 in the link); the tests
# of other features open with everything shown, so their counts are the store's, and the default has its own
# test (test_asserted_events_are_shown_until_the_rest_is_asked_for).
EVERYTHING = {"unasserted": "1"}


def run(query: dict | None = None, *, default_view: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in ({**({} if default_view else EVERYTHING), **(query or {})}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> tuple[int, int]:
    for m in at.markdown:
        hit = re.match(r"Showing \*\*(\d+)\*\* of (\d+) events", m.value)
        if hit:
            return int(hit.group(1)), int(hit.group(2))
    raise AssertionError("no event count on the page")


def cards(at: AppTest) -> list[str]:
    """The event cards listed (each starts with its bold date)."""
    return [m.value for m in at.markdown if m.value.startswith("**")]


def field(widgets, label: str):
    """The one widget of a kind whose label starts with ``label``."""
    hits = [w for w in widgets if w.label.startswith(label)]
    assert len(hits) == 1, [w.label for w in widgets]
    return hits[0]


def n_events(store: Store, **filters) -> int:
    return len(store.events(Filters(**filters)))


def stored_extent(store: Store) -> tuple[date, date]:
    ranges = [se.event.day_range for se in store.events() if se.event.day_range]
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def slider_range(slider) -> tuple[date, date]:
    """The (min, max) dates of a date slider (AppTest gives them as microseconds since 1970, UTC)."""
    return tuple(datetime.fromtimestamp(v / 1e6, tz=timezone.utc).date() for v in (slider.min, slider.max))


def param(at: AppTest, key: str):
    v = at.query_params.get(key)
    return v[0] if isinstance(v, list) and len(v) == 1 else v


# ---------------------------------------------------------------- first start, default window
def test_first_start_seeds_the_empty_store_and_opens_on_the_reported_weeks():
    at = run()
    with Store.open(os.environ["NEWSMAP_DB"]) as store:
        assert len(store.article_ids()) == len(find_article_files([SEEDS]))
        total = store.count()["events"]
        lo, hi = stored_extent(store)
        slider = at.sidebar.slider(key="f_window")
        # The seed recalls the 2011 revolution: the window opens on the weeks the article reports instead,
        # on a track around them (a third of it), not a sliver of the five years.
        assert lo.year == 2011
        w0, w1 = slider.value
        t0, t1 = slider_range(slider)
        assert lo <= t0 <= w0 <= w1 <= t1 <= hi and (w1 - w0) >= (t1 - t0) / 4
        assert date(2011, 12, 31) < w0 <= date(2016, 1, 31) <= w1 <= hi  # published 2016-01-31
        n = n_events(store, start=w0, end=w1)
        assert shown(at) == (n, total)
        assert 10 < n < total
        assert n_events(store, end=date(2011, 12, 31)) > 0  # and those are what the window leaves out
        assert param(at, "from") is None and param(at, "to") is None  # the opening window is not in the URL
        assert any("Opened on the weeks most events fall in" in c.value for c in at.sidebar.caption)
        counts = {sa.actor.name: sa.events for sa in store.actors()}
    assert f"Islamic State ({counts['Islamic State']})" in at.sidebar.multiselect(key="f_actors").options
    assert not at.warning and not at.error
    assert len(at.get("download_button")) == 4  # CSV, GeoJSON (per place), ACLED CSV, JSON
    at.sidebar.button(key="nm_all").click().run()  # "All dates": the slider reaches every stored date
    assert slider_range(at.sidebar.slider(key="f_window")) == at.sidebar.slider(key="f_window").value == (lo, hi)
    assert shown(at) == (total, total)


def test_the_whole_extent_is_reachable_and_its_link_reopens_it(seeded):
    total = seeded.count()["events"]
    lo, hi = stored_extent(seeded)
    at = run()
    window = at.sidebar.slider(key="f_window").value
    assert window != (lo, hi) and shown(at)[0] < total
    at.sidebar.button(key="nm_all").click().run()
    at.sidebar.slider(key="f_window").set_value((lo, hi)).run()
    assert shown(at) == (total, total)
    assert (param(at, "from"), param(at, "to")) == (lo.isoformat(), hi.isoformat())
    again = run({"from": lo.isoformat(), "to": hi.isoformat()})
    assert again.sidebar.slider(key="f_window").value == (lo, hi)
    assert shown(again) == (total, total) and not again.warning
    again.sidebar.button(key="nm_reset").click().run()  # back to the opening window
    assert again.sidebar.slider(key="f_window").value == window
    # Reset also hides the negated and hypothetical events again, as a first opening does
    assert shown(again)[0] == n_events(seeded, start=window[0], end=window[1], factualities=("asserted",))
    assert param(again, "unasserted") is None


# ---------------------------------------------------------------- filters and the URL (fixture articles)
def test_store_of_the_fixture_articles_opens_on_everything(store):
    total = store.count()["events"]
    assert len(store.article_ids()) == 3 and total >= 10
    at = run()
    assert shown(at) == (total, total)
    assert len(cards(at)) == total
    slider = at.sidebar.slider(key="f_window")
    assert slider.value == slider_range(slider) == stored_extent(store)
    titles = {a["title"] for a in store.articles()}
    assert set(at.sidebar.multiselect(key="f_articles").options) == titles  # listed by title
    assert "Misrata port reopens to fuel tankers" in titles
    assert set(at.sidebar.multiselect(key="f_sources").options) == {"Coastal Courier", "Maghreb Wire"}
    assert not at.warning and not at.error


def test_actor_filter_narrows_the_list_and_goes_into_the_url(store):
    total = store.count()["events"]
    actor = "Martin Kobler"
    want = n_events(store, actors=(actor,))
    assert 0 < want < total
    at = run()
    box = at.sidebar.multiselect(key="f_actors")
    assert f"{actor} ({want})" in box.options
    box.select(actor).run()
    assert shown(at) == (want, total)
    assert len(cards(at)) == want and all(actor in c for c in cards(at))
    assert param(at, "actor") == actor
    theirs = {se.event.type for se in store.events(Filters(actors=(actor,)))}
    other = sorted({se.event.type for se in store.events()} - theirs)[0]
    at.sidebar.multiselect(key="f_types").select(other).run()
    assert n_events(store, actors=(actor,), types=(other,)) == 0
    assert shown(at) == (0, total) and cards(at) == []
    at.sidebar.multiselect(key="f_types").unselect(other).select(sorted(theirs)[0]).run()
    assert shown(at) == (n_events(store, actors=(actor,), types=(sorted(theirs)[0],)), total)


def test_date_slider_narrows_the_list(store):
    total = store.count()["events"]
    lo, hi = date(2016, 3, 12), date(2016, 3, 14)
    want = n_events(store, start=lo, end=hi)
    assert 0 < want < total
    at = run()
    at.sidebar.slider(key="f_window").set_value((lo, hi)).run()
    assert shown(at) == (want, total)
    assert (param(at, "from"), param(at, "to")) == ("2016-03-12", "2016-03-14")
    assert any("Date window: 2016-03-12 to 2016-03-14" in c.value for c in at.caption)


def test_sidebar_counts_follow_the_selection(store):
    """Issue #21 defect 10: a list's counts are its values' events under the rest of the selection (the window,
    the other lists), not the whole store's; picking a value then shows as many events as its label said."""
    lo, hi = date(2016, 3, 12), date(2016, 3, 14)
    at = run()
    at.sidebar.slider(key="f_window").set_value((lo, hi)).run()
    in_window = Filters(start=lo, end=hi)
    whole = {v.value: v.count for v in store.value_counts("countries")}
    now = {v.value: v.count for v in store.value_counts("countries", in_window)}
    assert any(now.get(c, 0) < n for c, n in whole.items())  # the window leaves some countries fewer events
    box = at.sidebar.multiselect(key="f_countries")
    labels = {c: box.format_func(c) for c in box.options}
    assert all(labels[c].endswith(f"({now.get(c, 0)})") for c in box.options), labels  # before: whole counts
    country = max(now, key=now.get)
    box.select(country).run()
    assert shown(at)[0] == now[country] == store.event_count(replace(in_window, countries=(country,)))
    # a list's own choice leaves its counts as they were; another list's narrows them
    box = at.sidebar.multiselect(key="f_countries")
    assert box.format_func(country).endswith(f"({now[country]})")
    actors = at.sidebar.multiselect(key="f_actors")
    under = {v.value: v.count for v in store.value_counts("actors", replace(in_window, countries=(country,)))}
    assert all(actors.format_func(a).endswith(f"({under.get(a, 0)})") for a in actors.options)


def test_query_parameters_restore_a_view(store):
    total = store.count()["events"]
    actor, lo, hi = "United Nations", date(2016, 3, 14), date(2016, 3, 20)
    want = n_events(store, actors=(actor,), start=lo, end=hi)
    assert 0 < want < n_events(store, actors=(actor,))  # both the actor and the window narrow it
    at = run({"actor": [actor], "from": lo.isoformat(), "to": hi.isoformat()})
    assert at.sidebar.multiselect(key="f_actors").value == [actor]
    assert at.sidebar.slider(key="f_window").value == (lo, hi)
    assert shown(at) == (want, total)
    assert not at.warning


def test_unknown_actor_and_invalid_date_are_ignored_with_a_notice(store):
    total = store.count()["events"]
    at = run({"actor": ["Martin Kobler", "Nobody <script>"], "from": "2016-02-31", "type": "nonsense"})
    notices = " ".join(w.value for w in at.warning)
    assert "Nobody" in notices and "<script>" not in notices
    assert "2016\\-02\\-31" in notices and "nonsense" in notices
    assert len(at.warning) == 3
    assert at.sidebar.multiselect(key="f_actors").value == ["Martin Kobler"]
    assert at.sidebar.slider(key="f_window").value == stored_extent(store)  # the bad date set no window
    assert shown(at) == (n_events(store, actors=("Martin Kobler",)), total)


def test_step_button_moves_the_window(store):
    total = store.count()["events"]
    assert stored_extent(store)[1] >= date(2016, 3, 13)
    at = run({"from": "2016-03-07", "to": "2016-03-10"})
    assert shown(at) == (n_events(store, start=date(2016, 3, 7), end=date(2016, 3, 10)), total)
    at.sidebar.button(key="nm_step").click().run()
    assert at.sidebar.slider(key="f_window").value == (date(2016, 3, 10), date(2016, 3, 13))
    assert shown(at) == (n_events(store, start=date(2016, 3, 10), end=date(2016, 3, 13)), total)



def _due(at: AppTest) -> AppTest:
    """The run the playback timer asks for once a step's interval has passed (dashboard.playback.due)."""
    at.session_state["nm_play_at"] = 0.0
    return at.run()


def test_play_moves_the_window_step_by_step_and_pause_holds_it(store):
    total = store.count()["events"]
    at = run({"from": "2016-03-07", "to": "2016-03-10"})
    at.sidebar.toggle(key="nm_playing").set_value(True).run()  # Play steps at once
    assert at.sidebar.slider(key="f_window").value == (date(2016, 3, 10), date(2016, 3, 13))
    # a rerun before the step's interval: no step (the clock is set to "just stepped": on a busy machine the run
    # above can take longer than a step's interval, and then a step would be due)
    at.session_state["nm_play_at"] = time.monotonic()
    at.run()
    assert at.sidebar.slider(key="f_window").value == (date(2016, 3, 10), date(2016, 3, 13))
    _due(at)
    assert at.sidebar.slider(key="f_window").value == (date(2016, 3, 13), date(2016, 3, 16))
    assert shown(at) == (n_events(store, start=date(2016, 3, 13), end=date(2016, 3, 16)), total)
    at.sidebar.toggle(key="nm_playing").set_value(False).run()
    _due(at)
    assert at.sidebar.slider(key="f_window").value == (date(2016, 3, 13), date(2016, 3, 16))


def test_play_stops_at_the_end_unless_loop_wraps_it(store):
    lo, hi = stored_extent(store)
    end_window = (hi - timedelta(days=3), hi)
    at = run({"from": str(hi - timedelta(days=6)), "to": str(hi - timedelta(days=3))})
    at.sidebar.toggle(key="nm_playing").set_value(True).run()
    assert at.sidebar.slider(key="f_window").value == end_window
    _due(at)
    assert at.sidebar.slider(key="f_window").value == end_window and not at.sidebar.toggle(key="nm_playing").value
    at.sidebar.checkbox(key="nm_play_loop").check().run()
    at.sidebar.toggle(key="nm_playing").set_value(True).run()  # from the very end: Play starts over
    assert at.sidebar.slider(key="f_window").value == (lo, lo + timedelta(days=3))
    at = run({"from": str(hi - timedelta(days=6)), "to": str(hi - timedelta(days=3))})
    at.sidebar.checkbox(key="nm_play_loop").check().run()
    at.sidebar.toggle(key="nm_playing").set_value(True).run()
    _due(at)  # at the end with Loop: back to the start, still playing
    assert at.sidebar.slider(key="f_window").value == (lo, lo + timedelta(days=3))
    assert at.sidebar.toggle(key="nm_playing").value


def test_the_country_and_region_filters_narrow_the_list_and_the_link(store):
    total = store.count()["events"]
    at = run()
    countries = at.sidebar.multiselect(key="f_countries").options  # as shown: name (events)
    assert countries[0] == f"Libya ({n_events(store, countries=('LY',))})" and "Tunisia (3)" in countries
    regions = at.sidebar.multiselect(key="f_regions").options
    assert regions and all(re.match(r"(Libya|Tunisia|Malta) · region \w+", r) for r in regions), regions
    at.sidebar.multiselect(key="f_countries").set_value(["TN"]).run()
    tunisian = at.sidebar.multiselect(key="f_regions").options
    assert tunisian and all(r.startswith("Tunisia · region ") for r in tunisian) and len(tunisian) < len(regions)
    code = "TN." + re.match(r"Tunisia · region (\w+)", tunisian[0]).group(1)
    window = at.sidebar.slider(key="f_window").value
    at.sidebar.multiselect(key="f_regions").set_value([code]).run()
    want = n_events(store, countries=("TN",), regions=(code,), start=window[0], end=window[1])
    assert shown(at) == (want, total) and 0 < want < n_events(store, start=window[0], end=window[1])
    link = {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}
    assert link["region"] == [code] and link["country"] == ["TN"]
    again = run({"region": code, "country": "TN"})  # the link reopens on them
    assert again.sidebar.multiselect(key="f_regions").value == [code]
    assert run({"region": "ZZ.99"}).warning[0].value.startswith("Ignored unknown region")

# ---------------------------------------------------------------- adding an article (real add_article)
def _unchanged(store: Store, before: tuple) -> bool:
    return (store.count(), store.article_ids()) == before


def test_pasted_article_with_no_places_is_refused_and_nothing_stored(store):
    before = (store.count(), store.article_ids())
    total = before[0]["events"]
    at = run()
    at.text_area(key="up_text").input("Nothing happened anywhere, ever, as far as anyone knows.").run()
    at.button(key="up_go").click().run()
    assert any("Not added" in e.value and "No places" in e.value for e in at.error), [e.value for e in at.error]
    assert not at.success
    assert _unchanged(store, before)
    assert shown(at) == (total, total)


def test_pasted_article_with_no_dates_is_refused(store):
    before = (store.count(), store.article_ids())
    total = before[0]["events"]
    at = run()
    at.text_area(key="up_text").input("Officials met in Tripoli to talk.").run()
    at.button(key="up_go").click().run()
    assert any("Not added" in e.value and "No dates" in e.value for e in at.error), [e.value for e in at.error]
    assert _unchanged(store, before)
    assert shown(at) == (total, total)


def test_oversized_paste_is_refused_before_processing(store):
    before = (store.count(), store.article_ids())
    total = before[0]["events"]
    at = run()
    at.text_area(key="up_text").input("Tripoli 2016-02-01. " * 120_000).run()
    assert any("2 MB" in e.value for e in at.error)
    assert at.button(key="up_go").disabled
    assert _unchanged(store, before)
    assert shown(at) == (total, total)


def test_good_article_appears_in_the_views(store):
    before = store.count()
    old_ids = store.article_ids()
    at = run()
    at.text_area(key="up_text").input(
        "---\ntitle: Talks in Tripoli\nsource: Test Desk\npublished: 2016-02-05\n---\n"
        "On 3 February 2016 the mayor of Tripoli met officials from Misrata to discuss security in Sirte.").run()
    # the form is filled from the front matter; the reader edits the title
    assert field(at.text_input, "Publication date").value == "2016-02-05"
    assert field(at.text_input, "Source").value == "Test Desk"
    assert field(at.text_input, "Title").value == "Talks in Tripoli"
    field(at.text_input, "Title").input("Tripoli talks").run()
    assert field(at.text_input, "Title").value == "Tripoli talks"  # kept while the text stays the same
    at.button(key="up_go").click().run()
    assert not at.error, [e.value for e in at.error]
    msg = " ".join(s.value for s in at.success)
    hit = re.search(r"Added “(.+?)”: (\d+) events, (\d+) places, (\d+) dates", msg)
    assert hit, msg
    assert hit.group(1) == "Tripoli talks"  # the reader's title, not the article's hash id
    (new_id,), n_new = store.article_ids() - old_ids, int(hit.group(2))
    stored = store.article(new_id)
    assert (stored["title"], stored["source"], stored["published"]) == ("Tripoli talks", "Test Desk", "2016-02-05")
    assert stored["text"].startswith("On 3 February 2016 the mayor of Tripoli")  # the body, not the front matter
    new_events = store.events(Filters(articles=(new_id,)))
    assert len(new_events) == n_new > 0
    assert any(p.entry and p.entry.name == "Tripoli" for se in new_events for p in se.event.places)
    total = before["events"] + n_new
    assert store.count()["events"] == total
    # the window stays on the fixture articles' March (one February event would stretch it over weeks):
    # the sidebar offers the new article's dates instead
    w0, w1 = at.sidebar.slider(key="f_window").value
    assert w0 > date(2016, 2, 3)
    at.sidebar.button(key="nm_show_added").click().run()
    assert at.sidebar.slider(key="f_window").value == (date(2016, 2, 3), date(2016, 2, 3))
    assert shown(at) == (n_events(store, start=date(2016, 2, 3), end=date(2016, 2, 3)), total)
    assert not [b for b in at.sidebar.button if b.key == "nm_show_added"]
    at.sidebar.button(key="nm_all").click().run()
    assert shown(at) == (total, total)
    assert "Tripoli talks" in at.sidebar.multiselect(key="f_articles").options
    at.sidebar.multiselect(key="f_articles").select(new_id).run()
    assert shown(at) == (n_new, total)
    assert all("Tripoli talks" in c for c in cards(at))


# ---------------------------------------------------------------- counts per country (issue #10, "Counts")
def _per_country(events) -> dict[str, int]:
    """Events per country code read off the store's records: each event once per country of its location
    and its other places."""
    out: dict[str, int] = {}
    for se in events:
        mentions = (se.event.location, *se.event.places)
        for code in {p.entry.country_code for p in mentions if p and p.entry and p.entry.country_code}:
            out[code] = out.get(code, 0) + 1
    return out


def test_events_per_country_follow_the_filters(store):
    at = run()
    table = at.dataframe[0].value
    assert dict(zip(table["code"], table["events"])) == _per_country(store.events())
    assert list(table["events"]) == sorted(table["events"], reverse=True)
    assert "Libya" in set(table["country"])
    actor = "Martin Kobler"
    at.sidebar.multiselect(key="f_actors").select(actor).run()
    table = at.dataframe[0].value
    want = _per_country(store.events(Filters(actors=(actor,))))
    assert dict(zip(table["code"], table["events"])) == want and sum(want.values()) < sum(
        _per_country(store.events()).values())


# ---------------------------------------------------------------- asserted, negated, hypothetical (issue #19)
def test_asserted_events_are_shown_until_the_rest_is_asked_for(seeded):
    everything = seeded.events()
    total = len(everything)
    asserted = [se for se in everything if se.event.factuality == "asserted"]
    assert 0 < len(asserted) < total  # the seed negates and supposes some ("could make the crossing")
    at = run(default_view=True)
    assert at.sidebar.checkbox(key="f_unasserted").value is False
    at.sidebar.button(key="nm_all").click().run()
    assert shown(at) == (len(asserted), total)
    assert param(at, "unasserted") is None
    at.sidebar.checkbox(key="f_unasserted").check().run()
    assert shown(at) == (total, total) and param(at, "unasserted") == "1"
    again = run({"unasserted": "1", "from": param(at, "from"), "to": param(at, "to")}, default_view=True)
    assert again.sidebar.checkbox(key="f_unasserted").value is True and shown(again) == (total, total)
    again.sidebar.checkbox(key="f_unasserted").uncheck().run()
    assert shown(again) == (len(asserted), total)


# ---------------------------------------------------------------- how sure (issue #10)
def test_needs_review_lists_doubtful_places_and_borrowed_dates_and_goes_into_the_url(seeded):
    from dashboard.labels import DOUBTFUL_PLACE_SCORE

    total = seeded.count()["events"]
    everything = seeded.events()
    # the rule, read off the stored records: a placed place under the score, or a date not its own
    doubtful = {se.event.id for se in everything
                if se.event.date is None or se.event.date_basis != "own"
                or any(p and p.entry and p.score < DOUBTFUL_PLACE_SCORE for p in (se.event.location, *se.event.places))}
    assert 0 < len(doubtful) < total
    at = run()
    at.sidebar.button(key="nm_all").click().run()
    assert shown(at) == (total, total)
    assert all("How sure: place score" in c or "How sure: no date" in c or "How sure: date" in c for c in cards(at))
    at.sidebar.checkbox(key="f_review").check().run()
    assert shown(at) == (len(doubtful), total)
    assert param(at, "review") == "1"
    assert all(("doubtful" in c) or ("carried" in c) or ("publication date" in c) or ("no date" in c)
               for c in cards(at)[:150])
    again = run({"review": "1", "from": param(at, "from"), "to": param(at, "to")})
    assert again.sidebar.checkbox(key="f_review").value is True and shown(again) == (len(doubtful), total)


# ---------------------------------------------------------------- incidents (issue #20 item 4)
STORM = [("Fiji storm", "Fiji Times", "2016-02-22", "https://example.org/fiji-times/storm",
          "Cyclone Winston struck Suva on February 20. The Red Cross sent aid to Fiji on Monday."),
         ("Cyclone Winston hits Fiji", "Fiji Sun", "2016-02-23", "https://example.org/fiji-sun/winston",
          "Cyclone Winston struck Suva in Fiji on Saturday, February 20, tearing roofs from houses.")]


def test_two_reports_of_one_storm_are_one_card_until_every_report_is_asked_for():
    from timeline.events import analyse_article
    from timeline.records import Article

    with Store.open(os.environ["NEWSMAP_DB"]) as store:
        for title, source, day, url, text in STORM:
            store.save(analyse_article(Article(text=text, title=title, source=source, url=url,
                                               published=date.fromisoformat(day))))
        (incident,) = [i for i in store.incidents() if i.reports > 1]
        every = len(store.events(Filters(factualities=("asserted",))))
        one = len(store.events(Filters(factualities=("asserted",), per_incident=True)))
    assert one == every - 1
    at = run(default_view=True)
    at.sidebar.button(key="nm_all").click().run()
    assert at.sidebar.checkbox(key="f_every_report").value is False
    assert shown(at)[0] == one
    told = [c for c in cards(at) if "**2 reports**" in c]
    assert len(told) == 1 and "Suva" in told[0]
    # its evidence lists both articles' sentences, outlets and links
    lead = next(b for b in at.button if b.key and b.key.startswith("nm_ev_") and b.key[6:] in incident.event_ids)
    lead.click().run()
    listed = next(m.value for m in at.markdown if m.value.startswith("**Reported by 2 articles**"))
    assert "(Fiji Times)" in listed and "(Fiji Sun)" in listed
    assert "(https://example.org/fiji-times/storm)" in listed and "(https://example.org/fiji-sun/winston)" in listed
    at.sidebar.checkbox(key="f_every_report").check().run()
    assert shown(at)[0] == every and param(at, "reports") == "1"
    again = run({"reports": "1", "from": param(at, "from"), "to": param(at, "to")}, default_view=True)
    assert again.sidebar.checkbox(key="f_every_report").value is True and shown(again)[0] == every


def _holding(store: Store, text: str) -> int:
    """Events whose sentence or article title holds every word of ``text`` (the search rule, by hand)."""
    words = text.lower().split()
    return sum(all(w in se.event.sentence.lower() or w in se.article_title.lower() for w in words)
               for se in store.events())


def test_search_narrows_the_list_goes_into_the_link_and_reset_clears_it(store):
    total = store.count()["events"]
    want = _holding(store, "Misrata")
    assert 0 < want < total
    at = run()
    at.sidebar.text_input(key="f_text").input("  MISRATA ").run()
    assert shown(at) == (want, total)
    assert param(at, "q") == "MISRATA"
    assert any("matching “MISRATA”" in m.value for m in at.markdown)
    assert all("misrata" in c.lower() for c in cards(at))
    # the sidebar's counts follow the search: each actor's events that hold the word
    matched = [se for se in store.events() if "misrata" in (se.event.sentence + " " + se.article_title).lower()]
    counts = {o.rsplit(" (", 1)[0]: int(o.rsplit(" (", 1)[1][:-1]) for o in at.sidebar.multiselect(key="f_actors").options}
    assert counts and all(n == sum(a in se.event.actors for se in matched) for a, n in counts.items())
    assert any(n == 0 for n in counts.values())  # an actor of the other articles only
    reopened = run({"q": "misrata"})
    assert shown(reopened) == (want, total)
    at.sidebar.button(key="nm_reset").click().run()
    # Reset clears the search with the rest (the negated and hypothetical events of the link's unasserted=1 too)
    assert shown(at) == shown(run(default_view=True)) and at.sidebar.text_input(key="f_text").value == ""
    assert param(at, "q") is None


def test_a_search_for_words_nowhere_lists_nothing_and_says_so(store):
    at = run({"q": "<b>zzqx</b>"})
    assert shown(at)[0] == 0
    said = next(m.value for m in at.markdown if m.value.startswith("Showing"))
    assert "<b>" not in said  # the reader's text is escaped before it reaches the page


def test_the_list_as_a_table_holds_the_listed_events(store):
    total = store.count()["events"]
    at = run()
    at.session_state["nm_list_as"] = "Table"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    frame = at.dataframe[-1].value
    assert list(frame.columns) == ["Date", "Type", "Place", "Actors", "Sentence", "Source", "Article", "Reports",
                                   "Link"]
    assert len(frame) == shown(at)[0] == total and cards(at) == []
    assert sorted(frame["Sentence"]) == sorted(se.event.sentence for se in store.events())
    at.sidebar.text_input(key="f_text").input("misrata").run()
    assert len(at.dataframe[-1].value) == _holding(store, "misrata")
