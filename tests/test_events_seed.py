"""The seed article's events, as the timeline issue lists them (real model, real gazetteer, real tagger)."""
from __future__ import annotations

import datetime as dt

import pytest

from geo.geometry import haversine_km
from articles import split_front_matter
from tests.conftest import SEED
from timeline.records import Article

WASHINGTON = (38.8951, -77.0364)
ROME = (41.8919, 12.5113)
PARIS = (48.8534, 2.3488)
WATTIYA = (32.47, 11.90)


@pytest.fixture(scope="module")
def analysis(geoparser):
    from timeline.events import Pipeline

    meta, body = split_front_matter(SEED.read_text(encoding="utf-8"))
    article = Article(text=body, title=meta["title"], source=meta["source"], url=meta["url"],
                      published=dt.date(2016, 1, 31))
    pipeline = Pipeline(nlp=None)
    return pipeline.analyse(article)


def find(analysis, actor=None, word=None, value=None):
    out = []
    for e in analysis.events:
        if actor and actor not in e.actors:
            continue
        if word and word not in e.sentence:
            continue
        if value and (e.date.value if e.date else None) != value:
            continue
        out.append(e)
    return out


def near(place, point, km=30):
    return place is not None and place.entry is not None and haversine_km(place.entry.lat, place.entry.lon, *point) <= km


def test_baldanza_told_afp_on_saturday(analysis):
    assert find(analysis, actor="Michelle Baldanza", word="told AFP", value="2016-01-30")


def test_obama_hosts_mattarella_at_the_white_house(analysis):
    events = find(analysis, actor="Barack Obama", word="Mattarella", value="2016-02-08")
    assert events and events[0].type == "CONSULT"
    assert near(events[0].location, WASHINGTON, km=5)


def test_kerry_meets_in_rome_four_days_beforehand(analysis):
    events = find(analysis, actor="John Kerry", value="2016-02-04")
    assert events and near(events[0].location, ROME)


def test_le_drian_on_french_tv_in_paris(analysis):
    events = find(analysis, actor="Jean-Yves Le Drian", word="French TV")
    assert events
    assert events[0].date.earliest <= "2016-01-31" <= events[0].date.latest
    assert near(events[0].location, PARIS)


def test_white_house_statement_and_carter_warning_on_thursday(analysis):
    assert find(analysis, actor="White House", word="National Security Council", value="2016-01-28")
    assert find(analysis, actor="Ash Carter", word="warned", value="2016-01-28")


def test_peter_cook_the_day_before(analysis):
    assert find(analysis, actor="Peter Cook", word="confirmed", value="2016-01-27")


def test_hor_vote_last_week(analysis):
    events = [e for e in find(analysis, word="voted against") if e.type == "REJECT"]
    assert events
    date = events[0].date
    assert date.precision == "week" and date.earliest <= "2016-01-25" <= date.latest
    assert "House of Representatives" in events[0].actors


def test_photographs_at_wattiya_two_weeks_ago(analysis):
    events = [e for e in find(analysis, word="Wattiya") if e.date and e.date.precision == "week"
              and e.date_basis != "carried"]
    assert events
    date = events[0].date
    assert date.earliest <= "2016-01-17" <= date.latest
    assert near(events[0].location, WATTIYA, km=25)


def test_peace_deal_in_december_and_the_2011_revolution(analysis):
    deal = find(analysis, word="peace deal", value="2015-12")
    assert deal and deal[0].date.precision == "month"
    revolution = find(analysis, word="revolution", value="2011")
    assert revolution and revolution[0].date.precision == "year"


def test_one_sentence_two_happenings_two_events_each_with_its_own_span_date_and_place(analysis):
    host = find(analysis, actor="Barack Obama", value="2016-02-08")[0]
    meet = find(analysis, actor="John Kerry", value="2016-02-04")[0]
    assert host.sentence == meet.sentence and host.id != meet.id
    assert host.end <= meet.start or meet.end <= host.start  # two clauses, neither inside the other
    assert near(host.location, WASHINGTON, km=5) and near(meet.location, ROME)
    text = analysis.article.text
    assert "White House" in text[host.start:host.end] and "Rome" in text[meet.start:meet.end]


def test_event_spans_are_clauses_of_their_sentence(analysis):
    text = analysis.article.text
    for e in analysis.events:
        assert text[e.start:e.end] and text[e.start:e.end] in e.sentence
    told = find(analysis, actor="Jean-Yves Le Drian", word="French TV")[0]
    clause = text[told.start:told.end]
    assert "told French TV in Paris" in clause and len(clause) < len(told.sentence)


def test_one_actor_per_entity(analysis):
    names = {a.name: a for a in analysis.actors}
    islamic_state = names["Islamic State"]
    assert {"IS", "ISIL", "ISIS"} <= set(islamic_state.aliases)
    assert not {"IS", "ISIL", "ISIS", "Obama"} & set(names)
    assert names["Barack Obama"].kind == "person" and "Obama" in names["Barack Obama"].aliases
    assert names["US Department of Defense"].kind == "government"
    assert names["Ash Carter"].title == "US Defense Secretary"


def test_places_are_not_actors_and_ids_are_stable(analysis, geoparser):
    assert "Lampedusa" not in {a.name for a in analysis.actors}
    from timeline.events import Pipeline

    again = Pipeline().analyse(analysis.article)
    assert [e.id for e in again.events] == [e.id for e in analysis.events]
    assert len({e.id for e in analysis.events}) == len(analysis.events)


def test_undated_events_fall_back_to_the_publication_date_marked_reported(analysis):
    reported = [e for e in analysis.events if e.date_basis == "reported"]
    assert reported and all(e.date.value == "2016-01-31" for e in reported)


def test_page_furniture_gives_no_event(analysis):
    assert not [e for e in analysis.events if e.sentence in {"In this article", "Libya Channel"}]


def test_a_quote_running_on_is_one_statement_of_its_speaker(analysis):
    assert not [e for e in analysis.events if e.sentence.startswith(("It’s a major risk", "I think it’s urgent"))]
    told = find(analysis, actor="Jean-Yves Le Drian", word="French TV")[0]
    assert told.mentions  # the quote's later pieces are its mentions
