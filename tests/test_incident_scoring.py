"""The incidents protocol's figures (timeline.evaluation.incidents) and the identical-attribute reference, on
clusterings small enough to count by hand."""
from __future__ import annotations

import datetime as dt

import pytest

from geo.records import GazetteerEntry, PlaceMention
from timeline.incidents.leads import Lead, PlaceCandidate
from timeline.incidents.merging import identical_merge
from timeline.evaluation.incidents import LeadCase, bcubed, lead_figures, wrongly_joined_pairs

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 3}


def test_every_article_alone_has_full_precision_and_recall_of_singletons():
    # recall: a, b, c each see 1 of 3; d and e are whole -> (1/3 * 3 + 2) / 5 = 0.6
    assert bcubed({}, GOLD) == {"P": 100.0, "R": 60.0, "F1": 75.0}


def test_the_gold_clustering_scores_100():
    assert bcubed({k: f"x{v}" for k, v in GOLD.items()}, GOLD) == {"P": 100.0, "R": 100.0, "F1": 100.0}


def test_one_big_cluster_keeps_recall_and_loses_precision():
    # precision: a, b, c see 3 of 5; d and e see 1 of 5 -> (3 * 0.6 + 2 * 0.2) / 5 = 0.44
    assert bcubed({k: "all" for k in GOLD}, GOLD) == {"P": 44.0, "R": 100.0, "F1": 61.1}


def test_none_leaves_an_article_alone_and_never_joins_other_nones():
    assert bcubed({"a": None, "b": None, "c": None, "d": None, "e": None}, GOLD) == bcubed({}, GOLD)


def test_gold_incidents_of_one_block_that_a_prediction_joins_are_counted():
    block = {"a": "OH-03-12", "b": "OH-03-12", "c": "OH-03-12", "d": "OH-03-12", "e": "TX-03-12"}
    joined = wrongly_joined_pairs({"a": 7, "d": 7, "e": 8}, GOLD, block)
    assert joined == {"pairs": 1, "joined": 1, "share": 100.0}  # incidents 1 and 2 share Ohio that day
    assert wrongly_joined_pairs({"a": 7, "e": 7}, GOLD, block)["joined"] == 0  # 1 and 3: not one block


def _lead(day, gid, name, type_="ASSAULT"):
    entry = GazetteerEntry(gid, name, 39.76, -84.19, "US", "PPL", 140_000, "OH")
    place = PlaceCandidate(PlaceMention(name, 0, len(name), entry, 0.9), 1) if name else None
    return Lead("x", None, type_, "", day, place, day)


def test_the_identical_attribute_reference_needs_type_day_and_place():
    day = dt.date(2016, 3, 12)
    keys = identical_merge([_lead(day, 1, "Dayton"), _lead(day, 1, "Dayton"), _lead(day, 2, "Toledo"),
                            _lead(day, 1, "Dayton", "PROTEST"), _lead(None, 1, "Dayton"), None])
    assert keys[0] == keys[1] and len({keys[0], keys[2], keys[3]}) == 3
    assert keys[4] is None and keys[5] is None


def test_lead_figures_count_each_share_over_the_articles_that_can_count():
    day = dt.date(2016, 3, 12)
    cases = [LeadCase("1", day, (39.76, -84.19), "ASSAULT", "ASSAULT", (day, day), (39.80, -84.20)),  # all right
             LeadCase("2", day, (39.76, -84.19), "ASSAULT", "ASSAULT", (day, day + dt.timedelta(1)), (41.65, -83.54)),
             LeadCase("3", None, None, "ASSAULT", None, None, None)]  # no lead: wrong type, not dated or placed
    assert lead_figures(cases) == {"articles": 3, "with_lead": 2, "date": 50.0, "place": 50.0, "type": 66.7}


@pytest.mark.parametrize("km_apart,hit", [(0.0, True), (24.0, True), (26.0, False)])
def test_a_lead_is_placed_right_within_25_km(km_apart, hit):
    lat = 39.76 + km_apart / 111.2  # a degree of latitude is about 111.2 km
    case = LeadCase("1", None, (39.76, -84.19), None, "ASSAULT", None, (lat, -84.19))
    assert case.place_hit is hit
