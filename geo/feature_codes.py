"""The feature codes places carry: GeoNames' own (https://www.geonames.org/export/codes.html) plus "OSM".

One vocabulary for the whole geo package, so a kind of place is spelled once and named for what it is.
Every entry of the gazetteer and every online answer carries one of these in ``GazetteerEntry.feature_code``;
the PLACE records of README.md print them as they are.
"""
from __future__ import annotations

# Political and administrative areas.
COUNTRY = "PCLI"  # an independent country: the one code the gazetteer's countries carry
DEPENDENT_COUNTRY = "PCLD"
FREELY_ASSOCIATED_STATE = "PCLF"
SEMI_INDEPENDENT_COUNTRY = "PCLS"
SECTION_OF_COUNTRY = "PCLIX"
POLITICAL_ENTITY = "PCL"
TERRITORY = "TERR"
CONTINENT = "CONT"
STATE = "ADM1"  # a first-order division: a US state, a province, a governorate
COUNTY = "ADM2"  # a second-order division: a US county
DISTRICT = "ADM3"
REGION = "RGN"
HISTORICAL_REGION = "RGNH"
ZONE = "ZN"
AREA = "AREA"

# Populated places.
TOWN = "PPL"  # any populated place that is not a capital, from a hamlet to a city of millions
CAPITAL = "PPLC"
SECTION_OF_TOWN = "PPLX"
LOCALITY = "LCTY"

# Water and land forms.
SEA = "SEA"
OCEAN = "OCN"
GULF = "GULF"
BAY = "BAY"
STRAIT = "STRT"
LAKE = "LK"
STREAM = "STM"
ISLAND = "ISL"
ISLANDS = "ISLS"
PENINSULA = "PEN"
CAPE = "CAPE"
PEAK = "PK"
MOUNTAINS = "MTS"
DESERT = "DSRT"
PLAIN = "PLN"
VALLEY = "VAL"

# Sites and buildings.
AIRPORT = "AIRP"
AIR_BASE = "AIRB"
MILITARY_BASE = "MILB"
BUILDING = "BLDG"
FACILITY = "FAC"
PALACE = "PAL"
CASTLE = "CSTL"
GOVERNMENT_BUILDING = "GOVL"
HOSPITAL = "HSP"
SCHOOL = "SCH"
UNIVERSITY = "UNIV"
CHURCH = "CH"
MUSEUM = "MUS"
STADIUM = "STDM"

# Not GeoNames: an online answer whose OpenStreetMap class has no GeoNames counterpart here.
OSM_OTHER = "OSM"

COUNTRY_CODES = frozenset({COUNTRY, DEPENDENT_COUNTRY, FREELY_ASSOCIATED_STATE, SEMI_INDEPENDENT_COUNTRY,
                           SECTION_OF_COUNTRY, POLITICAL_ENTITY, TERRITORY})
# Places larger than a town: the map draws them as areas, not pins.
AREA_CODES = COUNTRY_CODES | frozenset(
    {STATE, COUNTY, DISTRICT, REGION, CONTINENT, SEA, OCEAN, GULF, BAY, STRAIT, ISLANDS, PENINSULA, MOUNTAINS,
     DESERT, PLAIN, VALLEY, STREAM, LAKE, ZONE, AREA, HISTORICAL_REGION}
)
AIRPORT_CODES = frozenset({AIRPORT, AIR_BASE})
POPULATED_PLACE_PREFIX = "PPL"  # every populated-place code starts so: PPL, PPLC, PPLX, PPLA...
# Buildings and sites whose name also stands for the body in them ("the White House said").
BUILDING_CODES = frozenset({BUILDING, FACILITY, PALACE, CASTLE, GOVERNMENT_BUILDING, MILITARY_BASE, HOSPITAL,
                            SCHOOL, UNIVERSITY, CHURCH, MUSEUM, STADIUM})
