"""The seed article: every place the issue names, placed where it is."""
from __future__ import annotations

import pytest

from geo import feature_codes as fc
from geo.geometry import haversine_km

# name in the text -> (lat, lon) of the real place (GeoNames), all within 25 km to pass
TOWNS = {
    "Sirte": (31.20892, 16.58866),
    "Lampedusa": (35.50142, 12.60964),
    "Wattiya": (32.47, 11.90),  # al-Watiya air base, south-west of Tripoli
    "Tripoli": (32.88743, 13.18733),
    "Rome": (41.89193, 12.51133),
    "Raqqa": (35.95283, 39.00788),
    "Mosul": (36.335, 43.11889),
    "Paris": (48.85341, 2.3488),
}
COUNTRIES = {"Libya": "LY", "Iraq": "IQ", "Syria": "SY", "France": "FR", "Italy": "IT"}


@pytest.fixture(scope="module")
def seed_places(geoparser, seed_text):
    return geoparser.parse(seed_text)


@pytest.mark.parametrize("name,point", TOWNS.items())
def test_seed_town_within_25_km(seed_places, name, point):
    hits = [m for m in seed_places if m.text == name]
    assert hits, f"{name} not detected"
    for m in hits:
        assert m.entry is not None, f"{name} detected but not placed"
        assert haversine_km(m.entry.lat, m.entry.lon, *point) <= 25, (name, m.entry)


@pytest.mark.parametrize("name,iso", COUNTRIES.items())
def test_seed_countries_are_countries(seed_places, name, iso):
    hits = [m for m in seed_places if m.text == name]
    assert hits
    assert all(m.entry and m.entry.feature_code == fc.COUNTRY and m.entry.country_code == iso for m in hits)


def test_mediterranean_is_on_the_sea(seed_places):
    hits = [m for m in seed_places if m.text == "Mediterranean"]
    assert hits
    for m in hits:
        assert m.entry is not None and m.entry.feature_code == fc.SEA
        # open water between Sicily and Libya, not a town called Mediterranean
        assert 30 < m.entry.lat < 40 and 10 < m.entry.lon < 25


def test_demonyms_are_their_countries(seed_places):
    libyan = [m for m in seed_places if m.text == "Libyan"]
    assert libyan and all(m.entry.country_code == "LY" and m.entry.is_country for m in libyan)


def test_offsets_round_trip(seed_places, seed_text):
    assert seed_places
    for m in seed_places:
        assert seed_text[m.start:m.end] == m.text


def test_acronyms_and_people_are_not_places(seed_places):
    texts = {m.text for m in seed_places}
    assert not texts & {"IS", "AFP", "UN", "HoR", "Obama", "Baldanza", "Haftar", "Air", "NATO"}
