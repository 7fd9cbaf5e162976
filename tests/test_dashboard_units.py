"""Unit tests of the dashboard's pure builders (no Streamlit server, no browser)."""
from __future__ import annotations

import dataclasses

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from dashboard import export, map_view, offline_assets, state, timeline_view
from dashboard import filters as flt
from dashboard.labels import date_label, place_name
from dashboard.mdtext import md_escape, md_link, safe_url
from dashboard.type_colors import SPARE_COLORS, TYPE_COLORS, type_color, type_colors
from geo.records import PlaceMention
from timeline.records import Event, StoredEvent, iso_day, timex_from_dict
from timeline.query import Bounds, Filters
from timeline.timex import Timex

FIXTURE = Path(__file__).parent / "fixtures" / "dashboard_events.json"
XSS = "<script>alert(1)</script>"


def stored_event(d: dict) -> StoredEvent:
    """The record of one enriched EVENT dict of the fixture, read as the store reads its rows."""
    loc = d.get("location")
    event = Event(id=d["id"], article_id=d["article_id"], sentence=d["sentence"], start=d["start"], end=d["end"],
                  type=d["type"], date=timex_from_dict(d.get("date")), date_basis=d["date_basis"],
                  location=PlaceMention.from_dict(loc) if loc else None,
                  places=tuple(PlaceMention.from_dict(p) for p in d.get("places") or ()),
                  actors=tuple(d.get("actors") or ()), lead=d["lead"], factuality=d["factuality"])
    return StoredEvent(event=event, article_title=d.get("article_title") or "", source=d.get("source") or "",
                       url=d.get("url") or "", published=iso_day(d.get("published")))


@pytest.fixture(scope="module")
def data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def events(data):
    return [stored_event(d) for d in data["events"]]


def by_id(events, suffix) -> StoredEvent:
    return next(e for e in events if e.event.id.endswith(suffix))


def ids(events) -> list[str]:
    return [e.event.id[-3:] for e in events]


# ---------------------------------------------------------------- fixture sanity
def test_fixture_records_give_back_the_fixture(data, events):
    # the fixture holds exactly what the records' JSON edge writes (no key the records lack or drop)
    assert [e.to_dict() for e in events] == data["events"]


def test_fixture_offsets_match_seed(events):
    text = (Path(__file__).parent.parent / "seeds" / "libya-channel-2016-01-31.md").read_text(encoding="utf-8")
    body = text.split("---", 2)[2]
    seed = [e.event for e in events if e.event.article_id == "libya-channel-2016-01-31"]
    assert len(seed) >= 12
    for e in seed:
        assert body[e.start:e.end] == e.sentence
        for p in e.places:
            assert body[p.start:p.end] == p.text


# ---------------------------------------------------------------- filters
def test_day_range_and_date_extent(events):
    assert by_id(events, "e01").event.day_range == (date(2016, 2, 8), date(2016, 2, 8))
    assert by_id(events, "e08").event.day_range == (date(2016, 1, 18), date(2016, 1, 24))
    assert by_id(events, "e11").event.day_range == (date(2011, 1, 1), date(2011, 12, 31))
    assert by_id(events, "e12").event.day_range is None
    assert flt.date_extent(events) == (date(2011, 1, 1), date(2016, 2, 8))


# the filters' rules themselves run on the real stores: tests/test_event_filters.py and tests/test_queries.py
def test_bounds_from_folium():
    assert flt.bounds_from_folium({"_southWest": {"lat": 1, "lng": 2}, "_northEast": {"lat": 3, "lng": 4}}) == (1, 2, 3, 4)
    assert flt.bounds_from_folium(None) is None
    assert flt.bounds_from_folium({"_southWest": {"lat": None, "lng": None}, "_northEast": {}}) is None


def test_events_at_and_actor_counts(events):
    at_libya = flt.events_at(events, 28.0, 17.0)
    assert set(ids(at_libya)) >= {"e04", "e06", "e07", "e09", "e10", "e11"}
    counts = flt.actor_counts(events)
    assert counts["Islamic State"] == 3 and list(counts)[0] in ("Islamic State", "United States")


def test_event_places_location_first_and_deduplicated(events):
    e1 = by_id(events, "e01").event
    assert [place_name(p) for p in flt.event_places(e1)] == ["Washington", "Rome"]
    assert flt.event_places(e1)[0] is e1.location
    assert by_id(events, "e06").event.location.entry.is_area and not e1.location.entry.is_area


def test_labels(events):
    assert date_label(by_id(events, "e01").event) == "2016-02-08"
    assert date_label(by_id(events, "e08").event) == "2016-01-18 to 2016-01-24 (week)"
    assert date_label(by_id(events, "e12").event) == "undated"
    unplaced = PlaceMention.from_dict({"text": "Wattiya", "start": 0, "end": 7})
    assert place_name(unplaced) == "Wattiya" and place_name(by_id(events, "e01").event.location) == "Washington"


def test_slider_extent_keeps_to_what_streamlit_can_show():
    assert flt.slider_extent(None) is None
    assert flt.slider_extent(EXTENT) == EXTENT
    assert flt.slider_extent((date(1617, 1, 1), date(2034, 12, 31))) == (flt.SLIDER_MIN, date(2034, 12, 31))
    assert flt.slider_extent((date(1, 1, 1), date(9999, 12, 31))) == (flt.SLIDER_MIN, flt.SLIDER_MAX)


def _dated(*ranges) -> list[StoredEvent]:
    """Events with just a date: each range as (earliest, latest) ISO days."""
    return [StoredEvent(Event(id=f"d{i}", article_id="a", sentence="", start=0, end=0, type="event", location=None,
                              date=Timex(text=lo, start=0, end=0, type="DATE", value=lo, earliest=lo, latest=hi,
                                         precision="day" if lo == hi else "month")))
            for i, (lo, hi) in enumerate(ranges)]


def test_default_window_leaves_out_far_off_background(events):
    extent = flt.slider_extent(flt.date_extent(events))
    assert extent == (date(2011, 1, 1), date(2016, 2, 8))
    # the 2011 revolution (e11) is background: the app opens on December 2015 (e10, a month, kept whole)
    # to the last reported day
    window = flt.default_window(events, extent)
    assert window == (date(2015, 12, 1), date(2016, 2, 8))
    outside = [e for e in events if e.event.day_range and (e.event.day_range[1] < window[0] or e.event.day_range[0] > window[1])]
    assert [e.event.id[-3:] for e in outside] == ["e11"]
    assert flt.default_window(events, None) is None


def test_default_window_is_the_extent_unless_a_few_events_are_far_off():
    days = [(f"2016-01-{d:02d}", f"2016-01-{d:02d}") for d in range(3, 29, 2)]  # 13 days of January
    extent = (date(2016, 1, 3), date(2016, 1, 27))
    assert flt.default_window(_dated(*days), extent) == extent  # nothing far off
    one_far = _dated(*days, ("2011-01-01", "2011-12-31"))
    assert flt.default_window(one_far, (date(2011, 1, 1), date(2016, 1, 27))) == extent
    late = _dated(*days, ("2016-11-01", "2016-11-30"))  # a misread month, far after the rest
    assert flt.default_window(late, (date(2016, 1, 3), date(2016, 11, 30))) == extent
    # two far-off events of 15 (a background year and an added article of another time) are still left out
    two_far = _dated(*days, ("2011-01-01", "2011-12-31"), ("2012-05-01", "2012-05-01"))
    assert flt.default_window(two_far, (date(2011, 1, 1), date(2016, 1, 27))) == extent
    # four of 17 are more than a fifth: that spread is the data
    four_far = _dated(*days, ("2011-01-01", "2011-12-31"), ("2012-05-01", "2012-05-01"), ("2005-03-12", "2005-03-12"),
                      ("2005-03-14", "2005-03-14"))
    assert flt.default_window(four_far, (date(2005, 3, 12), date(2016, 1, 27))) == (date(2005, 3, 12), date(2016, 1, 27))
    # with fewer than ten dated events not one may be left out
    few = _dated(*days[:8], ("2011-01-01", "2011-12-31"))
    assert flt.default_window(few, (date(2011, 1, 1), date(2016, 1, 17))) == (date(2011, 1, 1), date(2016, 1, 17))
    assert flt.default_window(_dated(*days[:9], ("2011-01-01", "2011-12-31")),
                              (date(2011, 1, 1), date(2016, 1, 19))) == (date(2016, 1, 3), date(2016, 1, 19))
    # a year that overlaps the weeks reported is kept, but only as far as the fences around them
    year = _dated(*days, ("2016-01-01", "2016-12-31"))
    lo, hi = flt.default_window(year, (date(2016, 1, 1), date(2016, 12, 31)))
    assert lo == date(2016, 1, 1) and date(2016, 1, 27) < hi < date(2016, 6, 1)
    # the window stays inside the extent the slider can hold
    old = _dated(*[(f"1600-01-{d:02d}", f"1600-01-{d:02d}") for d in range(3, 29, 2)], ("2016-01-01", "2016-01-01"))
    slider = flt.slider_extent(flt.date_extent(old))
    assert flt.default_window(old, slider) == slider


# ---------------------------------------------------------------- state / query params
KNOWN = {"actor": {"John Kerry", "Islamic State"}, "type": {"CONSULT"}, "source": {"Libya Channel"}, "article": {"a1"}}
EXTENT = (date(2011, 1, 1), date(2016, 2, 8))
DEFAULT = (date(2015, 12, 1), date(2016, 2, 8))


def test_default_window_and_the_url():
    # a link without dates opens on the default window; one with a date fills its open end from the extent
    assert state.window_or_extent(Filters(), EXTENT, DEFAULT) == DEFAULT
    assert state.window_or_extent(Filters(), EXTENT) == EXTENT
    assert state.window_or_extent(Filters(start=date(2012, 1, 1)), EXTENT, DEFAULT) == (date(2012, 1, 1), EXTENT[1])
    assert state.window_or_extent(Filters(), None, DEFAULT) is None
    # the default window is left out of the URL; the whole extent is not, and its link reopens it
    assert state.to_query(Filters(start=DEFAULT[0], end=DEFAULT[1]), DEFAULT) == {}
    q = state.to_query(Filters(start=EXTENT[0], end=EXTENT[1]), DEFAULT)
    assert q == {"from": "2011-01-01", "to": "2016-02-08"}
    back, notices = state.parse_query(q, known=KNOWN, extent=EXTENT)
    assert state.window_or_extent(back, EXTENT, DEFAULT) == EXTENT and notices == []
    assert state.effective_window(EXTENT, None, EXTENT) == (None, None)  # the whole extent filters nothing
    assert state.effective_window(DEFAULT, None, EXTENT) == DEFAULT


def test_query_roundtrip():
    f = Filters(actors=("John Kerry",), types=("CONSULT",), start=date(2016, 1, 30), end=date(2016, 2, 5))
    q = state.to_query(f, EXTENT)
    assert q == {"actor": ["John Kerry"], "type": ["CONSULT"], "from": "2016-01-30", "to": "2016-02-05"}
    back, notices = state.parse_query(q, known=KNOWN, extent=EXTENT)
    assert back == f and notices == []
    whole = Filters(start=EXTENT[0], end=EXTENT[1])
    assert state.to_query(whole, EXTENT) == {}


def test_a_search_goes_into_the_link_and_back():
    f = Filters(actors=("John Kerry",), text="talks Rome")
    q = state.to_query(f, EXTENT)
    assert q == {"actor": ["John Kerry"], "q": "talks Rome"}
    back, notices = state.parse_query(q, known=KNOWN, extent=EXTENT)
    assert back == f and notices == []
    assert "q" not in state.to_query(Filters(text="   "), EXTENT)  # blanks search for nothing
    # a link's search is a few words: a page pasted into it is cut, and the last q counts
    back, _ = state.parse_query({"q": ["old", "x" * 5000]}, known=KNOWN, extent=EXTENT)
    assert back.text == "x" * state.MAX_SEARCH_CHARS


def test_unknown_actor_and_invalid_date_give_notices_not_errors():
    q = {"actor": ["John Kerry", "Nobody", XSS], "from": "2016-02-30", "to": "yesterday", "type": "CONSULT"}
    f, notices = state.parse_query(q, known=KNOWN, extent=EXTENT)
    assert f.actors == ("John Kerry",) and f.types == ("CONSULT",)
    assert f.start is None and f.end is None
    assert len(notices) == 4
    assert any("Nobody" in n for n in notices)
    assert all("<script>" not in n for n in notices)  # Markdown-escaped
    assert any("2016\\-02\\-30" in n for n in notices)


def test_reversed_and_out_of_range_windows():
    f, notices = state.parse_query({"from": "2016-02-05", "to": "2016-01-01"}, known=KNOWN, extent=EXTENT)
    assert (f.start, f.end) == (None, None) and len(notices) == 1
    f, notices = state.parse_query({"from": "1999-01-01", "to": "2016-01-31"}, known=KNOWN, extent=EXTENT)
    assert (f.start, f.end) == (EXTENT[0], date(2016, 1, 31)) and len(notices) == 1


def test_effective_window_and_step():
    s = (date(2016, 1, 1), date(2016, 2, 8))
    assert state.effective_window(s, None, EXTENT) == s
    assert state.effective_window(EXTENT, None, EXTENT) == (None, None)
    assert state.effective_window(s, (date(2016, 1, 25), date(2016, 1, 28)), EXTENT) == (date(2016, 1, 25), date(2016, 1, 28))
    assert state.step_window((date(2016, 1, 1), date(2016, 1, 10)), EXTENT) == (date(2016, 1, 10), date(2016, 1, 19))
    assert state.step_window((date(2016, 1, 30), date(2016, 2, 8)), EXTENT) == (date(2011, 1, 1), date(2011, 1, 10))


# ---------------------------------------------------------------- export
def test_csv_parses_back_and_is_defused(events):
    rows = list(csv.DictReader(io.StringIO(export.to_csv(events).decode("utf-8"))))
    assert len(rows) == len(events)
    e1 = next(r for r in rows if r["id"].endswith("e01"))
    assert e1["place"] == "Washington" and float(e1["lon"]) == pytest.approx(-77.03637)
    assert e1["actors"] == "Barack Obama; Sergio Mattarella" and e1["precision"] == "day"
    hostile = StoredEvent(Event(id="x", article_id="a", sentence="=HYPERLINK(\"http://evil\")", start=0, end=0,
                                type="event", date=None, location=None, actors=("@cmd",)))
    row = next(csv.DictReader(io.StringIO(export.to_csv([hostile]).decode("utf-8"))))
    assert row["sentence"].startswith("'=") and row["actors"].startswith("'@")


def test_geojson_has_a_feature_per_place_of_each_event(events):
    gj = json.loads(export.places_geojson(events))
    placed = [f for f in gj["features"] if f["geometry"]]
    assert gj["type"] == "FeatureCollection" and len(placed) == map_view.marker_count(events) > len(events) // 2
    unplaced = {se.event.id for se in events if not flt.event_places(se.event)}
    assert {f["properties"]["event_id"] for f in gj["features"] if not f["geometry"]} == unplaced
    assert any(e.endswith("e08") for e in unplaced)
    e01 = [f for f in placed if f["properties"]["event_id"].endswith("e01")]
    assert e01[0]["geometry"] == {"type": "Point", "coordinates": [-77.03637, 38.89511]}
    assert e01[0]["properties"]["role"] == "location" and e01[0]["properties"]["precision"] == "day"
    assert e01[0]["properties"]["place"] == "Washington"
    several = next(se for se in events if len(flt.event_places(se.event)) > 1)
    mine = [f for f in placed if f["properties"]["event_id"] == several.event.id]
    assert [f["properties"]["role"] for f in mine] == ["location"] + ["mentioned"] * (len(mine) - 1)
    assert [f["properties"]["place"] for f in mine] == [place_name(p) for p in flt.event_places(several.event)]


def test_acled_csv_has_acled_columns_and_precisions(events):
    rows = list(csv.DictReader(io.StringIO(export.acled_csv(events).decode("utf-8"))))
    assert list(rows[0]) == export.ACLED_COLUMNS and len(rows) == len(events)
    e01 = rows[events.index(by_id(events, "e01"))]
    assert (e01["actor1"], e01["actor2"], e01["location"], e01["geo_precision"]) == (
        "Barack Obama", "Sergio Mattarella", "Washington", "1")
    assert e01["time_precision"] == "1" and e01["event_date"] == by_id(events, "e01").event.day_range[0].isoformat()
    assert e01["country"] in ("United States", "US") and float(e01["longitude"]) == pytest.approx(-77.03637)
    for se, r in zip(events, rows):
        r_ = se.event.day_range
        if r_ is None:
            assert r["event_date"] == r["time_precision"] == ""
        else:
            assert r_[0].isoformat() <= r["event_date"] <= r_[1].isoformat()
            assert r["time_precision"] == ("1" if r_[0] == r_[1] else "2" if (r_[1] - r_[0]).days <= 7 else "3")
        places = flt.event_places(se.event)
        if places and places[0].entry.is_country:
            assert r["geo_precision"] == "3"
    hostile = StoredEvent(Event(id="x", article_id="a", sentence="=HYPERLINK(\"http://evil\")", start=0, end=0,
                                type="event", date=None, location=None, actors=("@cmd",)))
    row = next(csv.DictReader(io.StringIO(export.acled_csv([hostile]).decode("utf-8"))))
    assert row["notes"].startswith("'=") and row["actor1"].startswith("'@")


def test_json_parses_back(events):
    assert json.loads(export.to_json(events))["events"] == [e.to_dict() for e in events]


# ---------------------------------------------------------------- map builder
def _script(m):
    from streamlit_folium import _get_map_string

    m.get_root().render()
    return _get_map_string(m)


def test_marker_group_escapes_everything_from_articles(events):
    colors = type_colors(flt.distinct(e.event.type for e in events))
    fg = map_view.build_marker_group(events, colors)
    from streamlit_folium import generate_leaflet_string

    js = generate_leaflet_string(fg)
    assert "<script" not in js.lower() and "<img" not in js.lower()
    assert "javascript:alert" not in js  # unsafe URL not linked
    # the escaped text is there, JSON-encoded (\u0026lt; is "&lt;")
    assert "\\u0026lt;script\\u0026gt;alert(1)\\u0026lt;/script\\u0026gt;" in js
    assert "\\u0026quot;Mad\\u0026quot; O\\u0026#x27;Brien" in js
    assert "`" not in js  # no JS template literals holding article text
    assert len(_marker_records(fg)[0]) == map_view.marker_count(events)
    assert js.count("L.circleMarker(") == 1  # one loop over the data, not one element per marker


def test_a_type_named_by_a_data_set_cannot_close_the_script_its_cluster_pie_reads(events):
    """A cluster's pie names its markers' types (map_view._PIE_JS): an import's own type is text from a file."""
    from streamlit_folium import generate_leaflet_string

    hostile = [dataclasses.replace(se, event=dataclasses.replace(se.event, type=XSS)) for se in events[:3]]
    colors = type_colors([XSS])
    js = generate_leaflet_string(map_view.build_marker_group(hostile, colors))
    assert "<script" not in js.lower() and r"\u003cscript\u003e" in js  # the style's type, as data
    assert "iconCreateFunction" in js and "esc(by[k2].t)" in js  # and escaped again where the pie writes it


def test_popup_html_content(events):
    e = by_id(events, "xss-test-2016-02-01#e01")
    html = map_view.popup_html(e, e.event.location)
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "href" not in html  # javascript: URL dropped
    e1 = by_id(events, "e01")
    h1 = map_view.popup_html(e1, e1.event.location)
    assert 'href="http://en.libyaschannel.com/' in h1 and "Barack Obama" in h1 and "2016-02-08" in h1


def _marker_records(fg):
    """The ([lat, lon, style, popup, tooltip] records, style table) of a marker group's one cluster layer."""
    (layer,) = fg._children.values()
    return json.loads("[" + layer.data_js + "]"), json.loads(layer.styles_js)


def test_area_places_are_dashed_and_towns_solid(events):
    colors = type_colors(flt.distinct(e.event.type for e in events))
    from streamlit_folium import generate_leaflet_string

    e06, e03 = by_id(events, "e06"), by_id(events, "e03")
    fg = map_view.build_marker_group([e06, e03], colors)
    records, styles = _marker_records(fg)
    by_place = {r[4].split(" · ")[-1]: styles[r[2]] for r in records}
    area, town = place_name(e06.event.location), place_name(e03.event.location)
    assert by_place[area]["dashArray"] == "4 3"
    assert by_place[area]["className"] == "nm-area"
    assert by_place[town]["className"] == "nm-town"
    assert by_place[town]["dashArray"] is None
    assert by_place[town]["fillColor"] == colors[e03.event.type]
    js = generate_leaflet_string(fg)
    assert '"dashArray": "4 3"' in js and '"className": "nm-area"' in js and '"className": "nm-town"' in js


def test_marker_fragments_are_what_the_group_joins(events):
    colors = type_colors(flt.distinct(e.event.type for e in events))
    frags = map_view.marker_fragments(events, colors)
    assert len(frags) == len(events)
    assert [bool(f) for f in frags] == [bool(flt.event_places(e.event)) for e in events]
    some = events[2:9]
    assert _marker_records(map_view.build_marker_group(some, colors, frags[2:9])) == \
        _marker_records(map_view.build_marker_group(some, colors))


def test_base_map_loads_nothing_from_a_cdn(events):
    colors = type_colors(flt.distinct(e.event.type for e in events))
    m = map_view.build_base_map(events, colors, mode="offline", outlines=True)
    fg = map_view.build_marker_group(events, colors)
    fg.add_to(m)
    html = m.get_root().render()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert urls and all(u.startswith("/app/static/") for u in urls), urls
    links = [u for _, u in m.default_js + m.default_css]
    assert all(u.startswith("/app/static/vendor/") for u in links)
    assert "openstreetmap" not in _script(map_view.build_base_map(events, colors, mode="offline")).lower()
    assert "Offline map" in _script(map_view.build_base_map(events, colors, mode="offline"))
    assert "tile.openstreetmap.org" in _script(map_view.build_base_map(events, colors, mode="osm"))


def test_tiles_mode_env(monkeypatch):
    monkeypatch.delenv("MAP_TILES", raising=False)
    assert map_view.tiles_mode() == "offline"
    monkeypatch.setenv("MAP_TILES", "OSM")
    assert map_view.tiles_mode() == "osm"
    monkeypatch.setenv("MAP_TILES", "bogus")
    assert map_view.tiles_mode() == "offline"


def test_js_str_cannot_close_a_script_block():
    s = map_view.js_str("</script><script>alert(1)</script>\u2028")
    assert "<" not in s and ">" not in s and json.loads(s.replace("\\u2028", "\\u2028")) is not None


# ---------------------------------------------------------------- timeline builder
def test_timeline_points_for_days_bars_for_ranges(events):
    colors = type_colors(flt.distinct(e.event.type for e in events))
    rows = {r["id"][-3:]: r for r in timeline_view.timeline_rows(events)}
    assert rows["e01"]["kind"] == "point"
    assert rows["e08"]["kind"] == "range" and rows["e08"]["start"] == "2016-01-18" and rows["e08"]["end"] == "2016-01-25"
    assert rows["e10"]["kind"] == "range" and rows["e11"]["kind"] == "range"
    assert "e12" not in rows  # undated
    spec = timeline_view.build_timeline(events, colors).to_dict()
    layers = spec["layer"]
    marks = [(l["mark"]["type"], l["transform"][0]["filter"]) for l in layers]
    # bars under points: a day inside a week of the same type is drawn on top of that week's bar
    assert marks[0][0] == "bar" and "range" in marks[0][1]
    assert marks[1][0] == "circle" and "point" in marks[1][1] and layers[1]["mark"]["stroke"] == "white"
    assert layers[0]["encoding"]["x2"]["field"] == "end"
    params = spec.get("params", []) + [p for l in layers for p in l.get("params", [])]
    assert params and params[0]["name"] == "brush" and params[0]["select"]["type"] == "interval"
    data = spec["datasets"][next(iter(spec["datasets"]))]
    assert {d["kind"] for d in data} == {"point", "range"}


def test_timeline_domain_and_window_dimming(events):
    colors = type_colors(flt.distinct(e.event.type for e in events))
    rows = timeline_view.timeline_rows(events, (date(2016, 1, 27), date(2016, 1, 31)))
    inw = {r["id"][-3:] for r in rows if r["in_window"]}
    assert inw == {"e03", "e04", "e05", "e06", "e07"}
    spec = timeline_view.build_timeline(events, colors, domain=(date(2016, 1, 1), date(2016, 2, 8))).to_dict()
    dom = next(l for l in spec["layer"] if l["mark"]["type"] == "circle")["encoding"]["x"]["scale"]["domain"]
    assert dom[0]["year"] == 2016 and dom[0]["month"] == 1 and dom[0]["date"] == 1


def test_timeline_frame_rows_match_timeline_rows(events):
    frame = timeline_view.timeline_frame(events)
    window = (date(2016, 1, 20), date(2016, 1, 28))
    picked = [i for i in range(len(events)) if i % 3]
    rows = timeline_view.select_rows(frame, picked, window)
    want = timeline_view.timeline_rows([events[i] for i in picked], window)
    assert list(rows.columns) == timeline_view.COLUMNS
    assert rows.to_dict("records") == want
    assert timeline_view.select_rows(frame, []).empty
    colors = type_colors(flt.distinct(e.event.type for e in events))
    assert timeline_view.build_timeline([], colors, window, rows=rows).to_dict() == \
        timeline_view.build_timeline([events[i] for i in picked], colors, window).to_dict()


def test_parse_brush():
    """A brush holds the days whose middle it covers (a dot sits at its day's noon, a bar spans the day): the
    window it gives is what it visibly holds (#21 defect 7: a box ending at a midnight took the next day too)."""
    from datetime import datetime, timezone

    def ms(d: date, hour: int = 0) -> int:
        return int(datetime(d.year, d.month, d.day, hour, tzinfo=timezone.utc).timestamp() * 1000)

    sel = {"brush": {"start": [ms(date(2016, 1, 28)), ms(date(2016, 1, 20))]}}
    assert timeline_view.parse_brush(sel) == (date(2016, 1, 20), date(2016, 1, 27))  # before: to the 28th
    assert timeline_view.parse_brush({"brush": {"start": ["2016-01-20T00:00:00Z", "2016-01-22"]}}) == \
        (date(2016, 1, 20), date(2016, 1, 21))
    # from past the 20th's noon to before the 24th's: the 21st to the 23rd
    assert timeline_view.parse_brush({"brush": {"start": [ms(date(2016, 1, 20), 13), ms(date(2016, 1, 24), 11)]}}) \
        == (date(2016, 1, 21), date(2016, 1, 23))
    # a box inside one day, short of its noon: that day
    assert timeline_view.parse_brush({"brush": {"start": [ms(date(2016, 1, 20), 1), ms(date(2016, 1, 20), 5)]}}) \
        == (date(2016, 1, 20), date(2016, 1, 20))
    # a share link's window drawn as a box reads back as the same days
    box = timeline_view.brush_box((date(2016, 1, 20), date(2016, 1, 27)))["x"]
    as_ms = [ms(date(d.year, d.month, d.date)) for d in box]
    assert timeline_view.parse_brush({"brush": {"start": as_ms}}) == (date(2016, 1, 20), date(2016, 1, 27))
    # the strip's brush is on the dots' field
    assert timeline_view.parse_brush({"brush": {timeline_view.NOON: sel["brush"]["start"]}}) == \
        (date(2016, 1, 20), date(2016, 1, 27))
    assert timeline_view.parse_brush({}) is None
    assert timeline_view.parse_brush({"brush": {}}) is None
    assert timeline_view.parse_brush({"brush": {"start": ["x", "y"]}}) is None


# ---------------------------------------------------------------- offline assets
def test_topojson_converter_decodes_quantized_arcs():
    topo = {"type": "Topology", "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
            "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "1", "properties": {"name": "Square"}},
                {"type": "MultiPolygon", "arcs": [[[~1, ~0]]], "id": "2", "properties": {"name": "Rev"}},
                {"type": None}]}}}
    gj = offline_assets.topojson_to_geojson(topo, "countries")
    assert len(gj["features"]) == 2
    ring = gj["features"][0]["geometry"]["coordinates"][0]
    assert ring == [[10, 20], [11, 20], [11, 21], [10, 21], [10, 20]]
    assert gj["features"][0]["properties"]["name"] == "Square"
    rev = gj["features"][1]["geometry"]["coordinates"][0][0]
    assert rev[0] == rev[-1] and len(rev) == 5


def test_sync_assets_copies_leaflet(tmp_path, monkeypatch):
    monkeypatch.setenv("WORLD_ATLAS_DIR", str(tmp_path / "none"))
    monkeypatch.setattr(offline_assets, "world_atlas_file", lambda: None)
    status = offline_assets.sync_assets(tmp_path)
    assert (tmp_path / "vendor" / "leaflet" / "leaflet.js").stat().st_size > 100_000
    assert (tmp_path / "vendor" / "markercluster" / "leaflet.markercluster.js").exists()
    assert (tmp_path / "vendor" / "leaflet" / "images" / "layers.png").exists()
    assert status["outlines"] is False


def test_md_escape_and_safe_url():
    s = md_escape(f"{XSS} [x](javascript:alert(1)) **b**")
    assert "<" not in s.replace("\\<", "") and "](" not in s
    assert safe_url("javascript:alert(1)") is None and safe_url("http://a.org/x") == "http://a.org/x"
    assert safe_url("https://a.org/x) [y](z") is None


def test_a_followed_feeds_url_is_a_link_worded_as_written_and_article_urls_stay_text():
    import re

    feed = "https://news.example.org/world/rss.xml?edition=int&x=1"
    shown = md_link(feed)
    words, href = re.fullmatch(r"\[(.*)\]\((.*)\)", shown).groups()
    assert href == feed and "\u2060" not in shown
    assert re.sub(r"\\(.)", r"\1", words) == feed  # the reader sees and copies the URL as typed
    assert md_link("javascript:alert(1)") == md_escape("javascript:alert(1)")  # not a link
    assert "\u2060" in md_escape(f"read {feed} now")  # a URL in an article's text is not made a live link


def test_polygons_across_the_antimeridian_are_cut_in_two():
    from dashboard.antimeridian import split_polygon

    # a box from 170°E to 170°W (stored as -170), as Natural Earth has Fiji and Chukotka
    ring = [[170, -10], [-170, -10], [-170, 10], [170, 10], [170, -10]]
    pieces = split_polygon([ring])
    assert len(pieces) == 2
    for (outer,) in pieces:
        assert outer[0] == outer[-1]
        lons = [p[0] for p in outer]
        assert max(lons) - min(lons) <= 10 and all(-180 <= x <= 180 for x in lons)
        assert all(abs(a[0] - b[0]) <= 180 for a, b in zip(outer, outer[1:]))
    assert sorted(min(p[0] for p in o) for (o,) in pieces) == [-180, 170]
    # a ring that does not cross, and one around the pole (Antarctica), are left as they are
    plain = [[10, 0], [20, 0], [20, 5], [10, 0]]
    assert split_polygon([plain]) == [[plain]]
    polar = [[-180, -80], [0, -80], [180, -80], [180, -90], [-180, -90], [-180, -80]]
    assert split_polygon([polar]) == [[polar]]


def test_the_shipped_outlines_have_no_edge_across_the_map():
    src = offline_assets.world_atlas_file()
    if src is None:
        pytest.skip("world-atlas is not installed")
    gj = offline_assets.topojson_to_geojson(json.loads(src.read_text(encoding="utf-8")), "countries")
    crossing = set()
    for f in gj["features"]:
        g = f["geometry"]
        for poly in [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]:
            for r in poly:
                if min(p[1] for p in r) > -80 and any(abs(a[0] - b[0]) > 180 for a, b in zip(r, r[1:])):
                    crossing.add(f["properties"]["name"])
    assert crossing == set()  # before the cut: {"Fiji", "Russia"}
    names = {f["properties"]["name"]: f["geometry"]["type"] for f in gj["features"]}
    assert names["Russia"] == names["Fiji"] == "MultiPolygon"


def test_histogram_counts_events_per_bin_and_type_and_carries_the_brush():
    days = [("2016-01-04", "2016-01-04"), ("2016-01-05", "2016-01-05"), ("2016-01-05", "2016-01-05"),
            ("2016-01-12", "2016-01-12"), ("2016-01-01", "2016-01-31")]
    rows = timeline_view.select_rows(timeline_view.timeline_frame(_dated(*days)), range(5),
                                     (date(2016, 1, 5), None))
    by_day = timeline_view.histogram_rows(rows, "day")
    assert dict(zip(by_day["start"], by_day["n"])) == {"2016-01-01": 1, "2016-01-04": 1, "2016-01-05": 2,
                                                       "2016-01-12": 1}
    weeks = timeline_view.histogram_rows(rows, "week")  # weeks from Monday; the month counts at its first day
    assert sorted(zip(weeks["start"], weeks["end"], weeks["n"], weeks["in_window"])) == [
        ("2015-12-28", "2016-01-04", 1, True), ("2016-01-04", "2016-01-11", 1, False),
        ("2016-01-04", "2016-01-11", 2, True), ("2016-01-11", "2016-01-18", 1, True)]
    months = timeline_view.histogram_rows(rows, "month")
    assert set(months["start"]) == {"2016-01-01"} and months["n"].sum() == 5
    assert [timeline_view.bin_days(d) for d in (30, 400, 2000)] == ["day", "week", "month"]
    spec = timeline_view.build_histogram(rows, {"event": "#123456"}, brush=(date(2016, 1, 4), date(2016, 1, 8))).to_dict()
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["y"]["stack"] == "zero"
    assert spec["encoding"]["color"]["field"] == "type"
    (param,) = spec["params"]
    assert param["name"] == timeline_view.BRUSH and param["select"]["encodings"] == ["x"]
    assert param["value"]["x"][0] == {"year": 2016, "month": 1, "date": 4, "utc": True}


# ---------------------------------------------------------------- slider track and share-link view (issue #10)
def test_slider_track_is_the_window_padded_by_its_width_and_moves_when_an_end_reaches_it():
    ext = (date(2011, 1, 1), date(2016, 11, 30))
    win = (date(2015, 12, 1), date(2016, 2, 8))
    track = state.track_for(win, ext)
    assert track == (date(2015, 9, 23), date(2016, 4, 17))  # 69 days each side: the window is a third
    assert state.track_for((date(2016, 1, 5), date(2016, 1, 5)), ext) == (date(2015, 12, 29), date(2016, 1, 12))
    assert state.track_for(ext, ext) == ext  # "All dates"
    assert state.track_after((date(2016, 1, 1), date(2016, 2, 1)), track, ext) == track  # inside: kept
    moved = state.track_after((date(2016, 1, 1), track[1]), track, ext)  # dragged to the end: moved on
    assert moved[1] > track[1] and moved[0] < date(2016, 1, 1)
    assert state.track_after(ext, ext, ext) == ext  # at the extent's own ends it stays


def test_share_link_view_reads_back_what_it_writes_and_names_bad_values():
    from timeline.query import Bounds

    lv = state.LinkView(brush=(date(2016, 1, 20), date(2016, 2, 1)), view=Bounds(30.1, 10.0, 45.0, 20.5),
                        at=(41.89193, 12.51133))
    q = state.link_view_query(lv)
    assert q == {"brush": "2016-01-20..2016-02-01", "view": "30.1000,10.0000,45.0000,20.5000",
                 "at": "41.891930,12.511330"}
    assert state.parse_link_view(q) == (lv, [])
    assert state.link_view_query(state.LinkView()) == {}
    back, notices = state.parse_link_view({"brush": "2016-02-30..2016-03-01", "view": "1,2,3", "at": "91,0"})
    assert back == state.LinkView() and len(notices) == 3
    assert "2016\\-02\\-30" in notices[0] and "“1,2,3”" in notices[1]
    back, notices = state.parse_link_view({"brush": "2016-03-01..2016-02-01", "view": "<script>,1,2,3"})
    assert back == state.LinkView() and "<script>" not in " ".join(notices)


@pytest.mark.parametrize("code,country,precision", [
    ("PPL", False, 1),  # a town
    ("ADM2", False, 2),  # a district or county: part of a region
    ("ADM1", False, 3),  # a state or province: ACLED's 3, read back as ADM1 by `timeline import acled`
    ("PCLI", True, 3),  # a country
])
def test_acled_geo_precision_by_place_kind(code, country, precision):
    from geo.records import GazetteerEntry, PlaceMention
    from timeline.imports.acled import geo_precision

    entry = GazetteerEntry(geonameid=1, name="X", lat=0.0, lon=0.0, country_code="LY", feature_code=code)
    assert entry.is_country == country
    assert geo_precision(PlaceMention(text="X", start=0, end=1, score=1.0, entry=entry)) == precision


@pytest.mark.parametrize("view, fly, landed", [
    # the view streamlit-folium opens at zoom 8 on Benghazi: the point at its centre (Mercator, not mid-latitude)
    (Bounds(31.1, 19.0, 33.1, 21.5), (32.11, 20.25, 8), True),
    # the reader dragged it a fifth of its height north: the view is theirs now
    (Bounds(31.5, 19.0, 33.5, 21.5), (32.11, 20.25, 8), False),
    # ... or a fifth of its width east
    (Bounds(31.1, 19.5, 33.1, 22.0), (32.11, 20.25, 8), False),
    # a view across the antimeridian, centred on Fiji's 180th meridian
    (Bounds(-19.0, 179.0, -17.0, -179.0), (-18.0, 180.0, 8), True),
    # far north, where mid-latitude and the Mercator centre part: the Mercator centre is what Leaflet keeps
    (Bounds(50.0, 10.0, 80.0, 30.0), (69.76, 20.0, 3), True),
    (Bounds(50.0, 10.0, 80.0, 30.0), (65.0, 20.0, 3), False),
    (None, (32.1, 20.25, 8), False),
    (Bounds(31.1, 19.0, 33.1, 21.5), None, False),
])
def test_a_view_the_map_flew_to_for_the_evidence_is_told_from_a_readers_drag(view, fly, landed):
    from dashboard.evidence_panel import landed_at

    assert landed_at(view, fly) is landed


def test_every_event_type_has_its_own_fixed_colour_whatever_else_is_present():
    from timeline.events.types import EVENT_TYPES

    assert set(TYPE_COLORS) == set(EVENT_TYPES)
    colours = [*TYPE_COLORS.values(), *SPARE_COLORS]
    assert len(set(colours)) == len(colours)  # before: 18 types on 10 colours, ASSAULT = RETREAT
    alone, among_all = type_colors(["ASSAULT"]), type_colors(EVENT_TYPES)
    assert alone["ASSAULT"] == among_all["ASSAULT"] == TYPE_COLORS["ASSAULT"]  # before: it moved as types came
    assert list(type_colors(["OTHER", "ASSAULT", "AGREE"])) == ["AGREE", "ASSAULT", "OTHER"]  # PLOVER's order


@pytest.mark.parametrize("name", ["Battles", "Violence against civilians", "Strategic developments"])
def test_a_type_outside_plover_gets_a_spare_colour_by_its_name_alone(name):
    assert type_color(name) in SPARE_COLORS
    assert type_colors([name])[name] == type_colors([name, "ASSAULT", "Riots"])[name]


# The 10,000-event benchmark's shape: one event in 1712 (a misread year), the news in 2016.
SPARSE = ((date(1712, 3, 1), date(1712, 3, 1)), (date(2016, 1, 3), date(2016, 1, 20)),
          (date(2016, 2, 1), date(2016, 2, 29)))
SPARSE_EXTENT = (date(1712, 3, 1), date(2016, 2, 29))


@pytest.mark.parametrize("window, after", [
    # a window with events after it steps on as before
    ((date(2016, 1, 1), date(2016, 1, 8)), (date(2016, 1, 8), date(2016, 1, 15))),
    # the next week is empty (Jan 21-31): the window goes to the next stretch with events, on its first day
    ((date(2016, 1, 14), date(2016, 1, 21)), (date(2016, 2, 1), date(2016, 2, 8))),
    # at the end it wraps to the first events, not to the extent's first day's empty weeks after it
    ((date(2016, 2, 22), date(2016, 2, 29)), (date(1712, 3, 1), date(1712, 3, 8))),
    # from 1712, the next step skips three centuries of empty weeks (before: 1712-03-08, 1712-03-15, ...)
    ((date(1712, 3, 1), date(1712, 3, 8)), (date(2016, 1, 3), date(2016, 1, 10))),
])
def test_step_skips_stretches_with_no_event(window, after):
    assert state.step_window(window, SPARSE_EXTENT, SPARSE) == after


def test_dated_spans_merge_touching_ranges_and_playback_stops_after_the_last_without_loop():
    from dashboard import playback

    ranges = [(date(2016, 1, 3), date(2016, 1, 10), 4), (date(2016, 1, 11), date(2016, 1, 20), 2),
              (date(1712, 3, 1), date(1712, 3, 1), 1), (date(2016, 2, 1), date(2016, 2, 29), 9),
              (date(2016, 2, 5), date(2016, 2, 6), 3)]
    assert flt.dated_spans(ranges) == SPARSE
    last = (date(2016, 2, 22), date(2016, 2, 29))
    assert playback.next_window(last, SPARSE_EXTENT, False, SPARSE) is None
    assert playback.next_window(last, SPARSE_EXTENT, True, SPARSE) == (date(1712, 3, 1), date(1712, 3, 8))
    assert playback.next_window((date(1712, 3, 1), date(1712, 3, 8)), SPARSE_EXTENT, False, SPARSE) == (
        date(2016, 1, 3), date(2016, 1, 10))


@pytest.mark.parametrize("count, most, cls", [
    (0, 10, 0), (1, 10, 0), (10, 10, 4), (3, 10, 2), (1, 1, 2), (5, 1000, 1), (999, 1000, 4), (1000, 1000, 4)])
def test_heat_class_climbs_with_the_count_on_a_log_scale(count, most, cls):
    assert map_view.heat_class(count, most) == cls


def test_heat_group_holds_numbers_only():
    from streamlit_folium import generate_leaflet_string
    from timeline.query import MapCell

    js = generate_leaflet_string(map_view.build_heat_group([MapCell(south=30.0, west=10.0, size=5.0, count=7),
                                                            MapCell(south=35.0, west=10.0, size=5.0, count=1)]))
    assert "[30.0,10.0,5.0,7,4]" in js and "[35.0,10.0,5.0,1,0]" in js and "nm-heat" in js


def test_the_trail_keeps_the_last_steps_while_the_window_is_where_they_led():
    from dashboard import playback

    w = [(date(2016, 1, d), date(2016, 1, d + 6)) for d in (1, 8, 15, 22)]
    ss = {"f_window": w[0]}
    assert playback.trail(ss) == []
    for a, b in zip(w, w[1:]):
        playback.note_step(ss, a, b)
        ss["f_window"] = b
    assert playback.trail(ss) == [w[2], w[1]]  # the latest first, TRAIL_STEPS of them
    ss["f_window"] = (date(2016, 2, 1), date(2016, 2, 7))  # moved otherwise: no trail
    assert playback.trail(ss) == []
    playback.note_step(ss, ss["f_window"], w[0])  # a step from there starts a new trail
    ss["f_window"] = w[0]
    assert playback.trail(ss) == [(date(2016, 2, 1), date(2016, 2, 7))]


def test_a_played_step_notes_the_trail_too():
    from dashboard import playback

    extent = (date(2016, 1, 1), date(2016, 3, 1))
    ss = {"f_window": (date(2016, 1, 1), date(2016, 1, 8)), "nm_playing": True, "nm_play_at": 0.0}
    assert playback.step_if_due(ss, extent, now=100.0)
    assert playback.trail(ss) == [(date(2016, 1, 1), date(2016, 1, 8))]
