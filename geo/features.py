"""The evidence for one reading of a mention, as named numbers: what the ranker weighs.

Every candidate reading (a gazetteer entry a mention may mean) is described by the features below, each
computed by the resolver's own code (``geo.resolve``). A ranker (``geo.ranker``) turns them into one score
with one weight per feature; the hand weights of ``ResolveSettings`` are one such ranker, a fitted model
(``python -m geo train``) another. The names are the contract between the resolver and the model files in
geo/data/ranker-*.json: renaming one is a new model version.

Static features depend on the mention and the entry alone; context features on the rest of the article
and on the previous round's choices, so they are recomputed every round.
"""
from __future__ import annotations

import math

from geo import feature_codes as fc
from geo.place_kinds import prior
from geo.records import GazetteerEntry

# (name, what it measures). Indicator features are 1.0 or absent.
STATIC = (
    ("reading", "1.0 for every reading: the offset of a reading against 'none of them' (the kinds vary from it)"),
    ("prior", "place_kinds.prior: the kind's rank, or log10(population + 10) plus the capital bonus"),
    ("log_population", "log10(population + 10), whatever the kind"),
    ("exact_form", "the mention spells a name exactly as the gazetteer does"),
    ("own_name", "the mention is the entry's main name (or it plus ' City')"),
    ("alternate_name", "the mention matched only an alternate name of the entry"),
    ("case_mismatch", "the mention is in capitals, the name it matched is not ('NATO' for Nato, 'EU' for Eu)"),
    ("country_namesake", "a town or capital sharing the name of a country the mention also names"),
    ("is_country", "a country"),
    ("is_state", "a first-order division (state, province, governorate)"),
    ("is_continent", "a continent"),
    ("is_county", "a second-order division (US county)"),
    ("is_capital", "a country's capital"),
    ("is_town", "any other populated place"),
    ("is_airport", "an airport or air base"),
    ("is_building", "a building or site whose name stands for the body in it ('White House', 'Pentagon')"),
    ("is_other_kind", "any other kind: seas, islands, regions, buildings, ..."),
    ("is_curated", "from a hand-curated source rather than a bulk one"),
    ("in_us", "in the United States (local news names many small US towns)"),
    ("partial_name", "only a run of the mention's words names it ('Butler County' in 'Butler County Jail')"),
)
CONTEXT = (
    ("hint_inside", "'X, Y' / 'X in Y': the reading lies inside the container Y names"),
    ("hint_outside", "'X, Y' / 'X in Y': the reading lies outside it"),
    ("sentence_inside", "the reading lies inside a state or country named elsewhere in its sentence ('Moscow, a town "
                        "in northern Idaho')"),
    ("dateline_inside", "the reading lies inside the state or country of the article's dateline ('SPRINGFIELD, Mo. "
                        "(AP) —')"),
    ("county_pair", "the reading's county (or, for a county, one of its towns) is named too"),
    ("close_pairs", "other names with a reading within pair_km of this one (at most pair_max_neighbours)"),
    ("country_focus", "share of the other names' previous choices in this reading's country"),
    ("state_focus", "share of the other names' previous choices in this reading's state, among its country's"),
    ("focus_elsewhere", "share of the other names' previous choices in other countries than this reading's"),
    ("alternate_elsewhere", "focus_elsewhere of a reading matched only by an alternate name (a foreign spelling)"),
    ("nearness", "the nearness bonus to the other names' anchored choices (ResolveSettings.near_km)"),
)
NAMES = tuple(name for name, _ in STATIC + CONTEXT)

_BULK_SOURCES = frozenset({"geonames", "zipcodes", "airportsdata"})


def all_capitals(text: str) -> bool:
    """Written in capitals only, two letters or more: "NATO", "U.S.", "BAGHDAD" (an acronym, or a dateline)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def kind_feature(entry: GazetteerEntry) -> str:
    """The one ``is_*`` feature of the entry's kind."""
    code = entry.feature_code
    if code == fc.COUNTRY:
        return "is_country"
    if code == fc.STATE:
        return "is_state"
    if code == fc.CONTINENT:
        return "is_continent"
    if code == fc.COUNTY:
        return "is_county"
    if code == fc.CAPITAL:
        return "is_capital"
    if code.startswith(fc.POPULATED_PLACE_PREFIX):
        return "is_town"
    if code in fc.AIRPORT_CODES:
        return "is_airport"
    if code in fc.BUILDING_CODES:
        return "is_building"
    return "is_other_kind"


def static_features(entry: GazetteerEntry, mention: str, *, exact_form: bool = False, own_name: bool | None = None,
                    namesake: bool = False, partial: bool = False, case_mismatch: bool = False) -> dict[str, float]:
    """The features of one reading that do not depend on the rest of the article.

    ``own_name`` None: no name was matched (a demonym's country, a region word's region).
    """
    out = {
        "reading": 1.0,
        "prior": prior(entry, mention),
        "log_population": math.log10(entry.population + 10),
        kind_feature(entry): 1.0,
    }
    if own_name is not None:
        out["own_name" if own_name else "alternate_name"] = 1.0
    if exact_form:
        out["exact_form"] = 1.0
    if namesake:
        out["country_namesake"] = 1.0
    if entry.source not in _BULK_SOURCES:
        out["is_curated"] = 1.0
    if entry.country_code == "US":
        out["in_us"] = 1.0
    if partial:
        out["partial_name"] = 1.0
    if case_mismatch:
        out["case_mismatch"] = 1.0
    return out
