"""The resolver's ranking, focus counts and close-pair bonus, on a small gazetteer of a few hand-made entries.

The end-to-end tables (tests/test_geo_disambiguation.py) show the ranking on real articles and the real
index; here each rule is isolated: a real SQLite index written by ``geo.index.write``, holding only the places
a case needs, so the one rule under test decides. Coordinates are real where the place is; the namesakes
("Valence" in Ohio and in the south of France, the two small-town clusters) are made up and placed so no other rule reaches them.
"""
from __future__ import annotations

import pytest

from geo import feature_codes as fc
from geo.detect import Candidate
from geo.index import Gazetteer, write
from geo.place_kinds import COUNTY_BARE, COUNTY_NAMED, Strength, prior, strength
from geo.records import GazetteerEntry
from geo.resolve import ResolveSettings, Resolver


def place(name, lat, lon, cc, code=fc.TOWN, population=0, admin1=None, *, gid, aliases=(), source="geonames"):
    return GazetteerEntry(gid, name, lat, lon, cc, code, population, admin1, source), [name, *aliases]


PARIS = place("Paris", 48.853, 2.349, "FR", fc.CAPITAL, 2_138_551, gid=1)
DALLAS = place("Dallas", 32.783, -96.807, "US", population=1_300_092, admin1="TX", gid=2)
VALENCE_FR = place("Valence", 43.6, 3.9, "FR", population=60_000, gid=3)  # 590 km from Paris: not "near"
VALENCE_US = place("Valence", 40.0, -83.0, "US", population=70_000, admin1="OH", gid=4)  # 1,500 km from Dallas
GEORGIA = place("Georgia", 42.0, 43.5, "GE", fc.COUNTRY, 3_700_000, gid=5)
GEORGIA_US = place("Georgia", 32.75, -83.5, "US", fc.STATE, admin1="GA", gid=6, source="geonames+curated")
ATLANTA = place("Atlanta", 33.749, -84.388, "US", population=498_715, admin1="GA", gid=7)
KUWAIT = place("Kuwait", 29.5, 47.75, "KW", fc.COUNTRY, 4_137_000, gid=8)
KUWAIT_CITY = place("Kuwait City", 29.370, 47.976, "KW", fc.CAPITAL, 60_064, gid=9, aliases=("Kuwait",))
# Two small towns of one local paper, 20 km apart in Iowa, each with a larger namesake far away.
ASHFORD_IA = place("Ashford", 41.00, -91.50, "US", population=5_000, admin1="IA", gid=10)
ASHFORD_CT = place("Ashford", 41.87, -72.12, "US", population=20_000, admin1="CT", gid=11)
BRANTLEY_IA = place("Brantley", 41.10, -91.70, "US", population=8_000, admin1="IA", gid=12)
BRANTLEY_MI = place("Brantley", 42.73, -84.55, "US", population=30_000, admin1="MI", gid=13)
ALL = [PARIS, DALLAS, VALENCE_FR, VALENCE_US, GEORGIA, GEORGIA_US, ATLANTA, KUWAIT, KUWAIT_CITY,
       ASHFORD_IA, ASHFORD_CT, BRANTLEY_IA, BRANTLEY_MI]


@pytest.fixture(scope="module")
def small_gazetteer(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "gazetteer.sqlite"
    write(path, ALL)
    gazetteer = Gazetteer(path)
    yield gazetteer
    gazetteer.close()


def resolve(gazetteer, *names, settings=None) -> dict[str, list[int | None]]:
    """Resolve the names as one article ("A and B and ..."): name -> geonameid chosen at each mention."""
    text, cands = "", []
    for name in names:
        if text:
            text += " and "  # no "," or "in" between: no container hints
        cands.append(Candidate(len(text), len(text) + len(name), name, "ner", 0.9))
        text += name
    chosen: dict[str, list[int | None]] = {}
    for m in Resolver(gazetteer=gazetteer, settings=settings).resolve(text, cands):
        chosen.setdefault(m.text, []).append(m.entry.geonameid if m.entry else None)
    return chosen


# -- the place-kind table ---------------------------------------------------------------------------------
def test_kinds_rank_countries_over_states_over_towns():
    country, state, town = GEORGIA[0], GEORGIA_US[0], ATLANTA[0]
    assert prior(country, "Georgia") > prior(state, "Georgia") > prior(town, "Atlanta")
    assert strength(country, "Georgia") == strength(state, "Georgia") == Strength.CERTAIN
    assert strength(town, "Atlanta") == Strength.STRONG  # a city of 100,000 or more


def test_a_county_is_strong_only_when_named_as_one():
    county = GazetteerEntry(None, "Henry County", 36.33, -88.30, "US", fc.COUNTY, 0, "TN", "zipcodes", "Henry County")
    assert prior(county, "Henry County") == COUNTY_NAMED.prior and strength(county, "Henry County") == Strength.STRONG
    assert prior(county, "Henry") == COUNTY_BARE.prior and strength(county, "Henry") == Strength.WEAK


def test_a_capital_outranks_a_larger_town_of_its_name():
    capital = GazetteerEntry(1, "Tripoli", 32.89, 13.19, "LY", fc.CAPITAL, 1_150_989)
    town = GazetteerEntry(2, "Tripoli", 34.44, 35.85, "LB", fc.TOWN, 1_500_000)
    assert prior(capital, "Tripoli") > prior(town, "Tripoli")


# -- ranking of the readings of one name ------------------------------------------------------------------
def test_a_country_own_name_demotes_its_capital(small_gazetteer):
    st = ResolveSettings()
    options = dict((e.geonameid, score) for e, score in Resolver(gazetteer=small_gazetteer).options(
        Candidate(0, 6, "Kuwait", "ner", 0.9)))
    capital = KUWAIT_CITY[0]
    # matched through its alias "Kuwait", exactly as written, and "Kuwait" + " City" is its own name
    expected = prior(capital, "Kuwait") + st.exact_form_bonus + st.own_name_bonus + st.country_namesake_penalty
    assert options[capital.geonameid] == pytest.approx(expected)
    assert resolve(small_gazetteer, "Kuwait") == {"Kuwait": [KUWAIT[0].geonameid]}


def test_a_country_wins_alone_and_a_state_wins_beside_its_cities(small_gazetteer):
    assert resolve(small_gazetteer, "Georgia")["Georgia"] == [GEORGIA[0].geonameid]
    assert resolve(small_gazetteer, "Atlanta", "Georgia")["Georgia"] == [GEORGIA_US[0].geonameid]


def test_below_min_score_the_resolver_abstains(small_gazetteer):
    # Valence's best static score is about 6: a min_score above it leaves the mention unplaced
    assert resolve(small_gazetteer, "Valence", settings=ResolveSettings(min_score=7.0)) == {"Valence": [None]}


# -- focus counts -----------------------------------------------------------------------------------------
def test_a_repeated_name_votes_once(small_gazetteer):
    # Paris (France) five times and Dallas (US) once: one vote each, so Valence keeps its slightly stronger
    # American reading. Counted per mention, five French votes would pull it to France.
    chosen = resolve(small_gazetteer, "Paris", "Paris", "Paris", "Paris", "Paris", "Dallas", "Valence")
    assert chosen["Valence"] == [VALENCE_US[0].geonameid]


def test_a_name_does_not_vote_for_itself(small_gazetteer):
    # Valence's own first guess (the US one) is no evidence: Paris alone says France.
    chosen = resolve(small_gazetteer, "Valence", "Valence", "Valence", "Paris")
    assert chosen["Valence"] == [VALENCE_FR[0].geonameid] * 3


def test_without_other_places_the_prior_decides(small_gazetteer):
    assert resolve(small_gazetteer, "Valence")["Valence"] == [VALENCE_US[0].geonameid]


def test_focus_weight_is_what_moves_the_reading(small_gazetteer):
    no_focus = ResolveSettings(country_focus_weight=0.0)
    assert resolve(small_gazetteer, "Valence", "Paris", settings=no_focus)["Valence"] == [VALENCE_US[0].geonameid]


# -- close pairs ------------------------------------------------------------------------------------------
def test_small_towns_near_each_other_pick_each_other(small_gazetteer):
    chosen = resolve(small_gazetteer, "Ashford", "Brantley")
    assert chosen == {"Ashford": [ASHFORD_IA[0].geonameid], "Brantley": [BRANTLEY_IA[0].geonameid]}


def test_without_the_pair_bonus_the_larger_namesakes_win(small_gazetteer):
    chosen = resolve(small_gazetteer, "Ashford", "Brantley", settings=ResolveSettings(pair_bonus=0.0))
    assert chosen == {"Ashford": [ASHFORD_CT[0].geonameid], "Brantley": [BRANTLEY_MI[0].geonameid]}


def test_a_city_is_not_outvoted_by_a_namesake_village(small_gazetteer):
    # with its larger reading counted a city, Ashford no longer pairs, and neither town is pulled to Iowa
    chosen = resolve(small_gazetteer, "Ashford", "Brantley", settings=ResolveSettings(pair_city_population=20_000))
    assert chosen == {"Ashford": [ASHFORD_CT[0].geonameid], "Brantley": [BRANTLEY_MI[0].geonameid]}
