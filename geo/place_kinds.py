"""How strong and how large each kind of place is: the one table detection and resolution both read.

Two readings of one table:
* ``strength``: how sure a bare mention of a name is a place at all (detection asks for more evidence for
  a weak one, e.g. "Reading" the verb or the town);
* ``prior``: how likely a bare mention means this entry rather than another of the same name, before any
  context (resolution adds the article's evidence to it).
Countries, continents and states rank by their kind; counties and airports by their kind when the mention
names it ("Henry County", "Benina Airport"); every other place by its population.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from geo import feature_codes as fc
from geo.records import GazetteerEntry


class Strength(IntEnum):
    """How sure a bare mention is a place, from the kind and size of the place it names."""

    NONE = 0  # no place on its own: an airport's name without "Airport" ("Benina")
    WEAK = 1  # a village; a county named without "County"
    MODERATE = 2  # a town of 10,000 or more; a small curated place
    STRONG = 3  # a city of 100,000 or more, a capital, a larger curated place, "Henry County", "X Airport"
    CERTAIN = 4  # a country, a continent, a state


@dataclass(frozen=True, slots=True)
class KindRank:
    strength: Strength
    prior: float  # on the scale of log10(population): 6.0 ranks like a town of a million


# Kinds that rank by what they are, whatever their population.
_RANK_BY_KIND = {
    # a country's name means the country: above the capital or town that shares it ("Mexico", "Kuwait")
    fc.COUNTRY: KindRank(Strength.CERTAIN, 9.0),
    # "Europe", "Africa": as sure as a country, a shade below one that shares the name ("Australia")
    fc.CONTINENT: KindRank(Strength.CERTAIN, 8.5),
    # "Ohio", "Punjab": above any town of under a million that shares the state's name
    fc.STATE: KindRank(Strength.CERTAIN, 6.0),
}
# A county named as one ("Henry County") outranks a town of about 300,000; "Henry" alone is barely a county.
COUNTY_NAMED = KindRank(Strength.STRONG, 5.5)
COUNTY_BARE = KindRank(Strength.WEAK, 1.0)
# An airport named as one ranks like a city of 100,000; its bare name ("Benina") is no airport at all.
AIRPORT_NAMED = KindRank(Strength.STRONG, 5.0)
AIRPORT_BARE = KindRank(Strength.NONE, 0.0)

# Places ranked by their size.
CITY_POPULATION = 100_000  # a city: a strong place name (the gazetteer pass takes it without a cue)
TOWN_POPULATION = 10_000  # a town: a fair place name (needs a cue such as "in" before it)
CURATED_CITY_POPULATION = 50_000  # a curated place of importance 3 or more (79,000 and up) is strong
CAPITAL_PRIOR_BONUS = 1.5  # "Tripoli" is Libya's capital before it is Lebanon's second city
POPULATION_PRIOR_FLOOR = 10  # log10(population + 10): a place of unknown population still ranks at 1.0
_BULK_SOURCES = frozenset({"geonames", "zipcodes", "airportsdata"})  # every other source is curated by hand

# Whether a mention names the kind of its county or airport reading. Detection and ranking test this
# differently ("X Airfield" names an airport for ranking only, "TexCo" a county for detection only); both
# tests are kept as they were, because issue #8's house-keeping changes no figure.
_COUNTY_SUFFIXES = ("County", "Co", "Parish", "Borough")
_AIRPORT_WORDS = ("Airport", "Air Base", "Airbase", "Base")
_COUNTY_WORD = re.compile(r"\b(County|Co\.?|Parish|Borough)$")
_AIRPORT_WORD = re.compile(r"Airport|Air ?[Bb]ase|Airfield|\bBase\b")

SaysKind = Callable[[str, str], bool]  # (feature code, mention) -> does the mention name that kind


def says_kind_for_detection(code: str, mention: str) -> bool:
    if code == fc.COUNTY:
        return mention.rstrip(".").endswith(_COUNTY_SUFFIXES)
    return any(w in mention for w in _AIRPORT_WORDS)


def says_kind_for_ranking(code: str, mention: str) -> bool:
    if code == fc.COUNTY:
        return _COUNTY_WORD.search(mention) is not None
    return _AIRPORT_WORD.search(mention) is not None


def kind_rank(entry: GazetteerEntry, mention: str, says_kind: SaysKind) -> KindRank | None:
    """The rank the entry's kind gives it, or None for a place ranked by its size."""
    code = entry.feature_code
    if code in _RANK_BY_KIND:
        return _RANK_BY_KIND[code]
    if code == fc.COUNTY:
        return COUNTY_NAMED if says_kind(code, mention) else COUNTY_BARE
    # only the airport table's airports: a curated air base ranks by its importance like other curated places
    if code in fc.AIRPORT_CODES and entry.source == "airportsdata":
        return AIRPORT_NAMED if says_kind(code, mention) else AIRPORT_BARE
    return None


def strength(entry: GazetteerEntry, mention: str) -> Strength:
    """How sure a bare mention of this entry's name is a place."""
    rank = kind_rank(entry, mention, says_kind_for_detection)
    if rank is not None:
        return rank.strength
    if entry.source not in _BULK_SOURCES:
        return Strength.STRONG if entry.population >= CURATED_CITY_POPULATION else Strength.MODERATE
    if entry.population >= CITY_POPULATION or entry.feature_code == fc.CAPITAL:
        return Strength.STRONG
    if entry.population >= TOWN_POPULATION:
        return Strength.MODERATE
    return Strength.WEAK


def prior(entry: GazetteerEntry, mention: str) -> float:
    """How likely a bare mention means this entry, before any context."""
    rank = kind_rank(entry, mention, says_kind_for_ranking)
    if rank is not None:
        return rank.prior
    base = math.log10(entry.population + POPULATION_PRIOR_FLOOR)
    if entry.feature_code == fc.CAPITAL:
        base += CAPITAL_PRIOR_BONUS
    return base


def country_prior() -> float:
    """The prior of a country's own entry, for a demonym that stands for the country ("Libyan")."""
    return _RANK_BY_KIND[fc.COUNTRY].prior
