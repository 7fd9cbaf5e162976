"""GDELT 2.0 event records (the 15-minute or daily "export" files) read into ``FieldEvent`` records.

The files are tab-separated, without a header, 61 columns in the order of the GDELT 2.0 event codebook
(``COLUMNS``), shipped as ``YYYYMMDDHHMMSS.export.CSV.zip`` (one CSV inside) or unzipped. One line is one event:
``GLOBALEVENTID`` is the key, ``SQLDATE`` the day (GDELT dates every event to the day), ``DATEADDED`` the
publication day, ``EventCode`` the CAMEO code, ``Actor1Name``/``Actor2Name`` the actors, ``ActionGeo_*`` the
place (FIPS 10-4 country codes), ``SOURCEURL`` the article it was coded from.
"""
from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from articles.dates import MAX_YEAR
from articles.errors import one_line
from geo import feature_codes as fc
from timeline.errors import UsageError
from timeline.imports.cameo import plover_type
from timeline.imports.countries import country_entry, iso2_of_fips
from timeline.imports.record import FieldEvent, FieldPlace, RowError, RowResult
from timeline.records import Actor

SOURCE = "GDELT"
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
           *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
           "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
           "NumMentions", "NumSources", "NumArticles", "AvgTone",
           *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
           "DATEADDED", "SOURCEURL")
assert len(COLUMNS) == 61
_GDELT1_WIDTHS = (57, 58)  # GDELT 1.0 event files: no DATEADDED/SOURCEURL, or DATEADDED without ADM2 codes

# ActionGeo_Type -> the place's kind: 1 a country, 2 a US state, 3 a US city, 4 a world city, 5 a world state
# (a first-order division). 0 or empty: GDELT could not place the event.
PLACE_PRECISION = {"1": fc.COUNTRY, "2": fc.STATE, "3": fc.TOWN, "4": fc.TOWN, "5": fc.STATE}
# CAMEO actor type codes -> Actor.kind (anything else, or none, is a group unless the actor is a country).
_GOVERNMENT = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "SPM"}
_ORGANIZATION = {"IGO", "NGO", "NGM", "BUS", "MNC", "MED", "EDU", "HLH", "INT", "UIS", "AMN", "IRC", "GRP"}


def check(path: Path) -> None:
    """``UsageError`` unless ``path`` holds GDELT 2.0 event lines: its first line has 61 tab-separated fields,
    a numeric GLOBALEVENTID and an 8-digit SQLDATE."""
    with _lines(path) as lines:
        first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise UsageError(f"{path}: empty file, not a GDELT 2.0 events export")
    if first is TOO_LONG:
        raise UsageError(f"{path}: not a GDELT 2.0 events export (its first line is over {MAX_LINE_BYTES:,} bytes)")
    fields = first.split("\t")
    if len(fields) in _GDELT1_WIDTHS:
        raise UsageError(f"{path}: looks like a GDELT 1.0 events file ({len(fields)} columns); "
                         "this reads GDELT 2.0 events exports (61 columns)")
    if len(fields) != len(COLUMNS) or not fields[0].isdigit() or not (fields[1].isdigit() and len(fields[1]) == 8):
        raise UsageError(f"{path}: not a GDELT 2.0 events export (its first line has {len(fields)} tab-separated "
                         f"fields, expected {len(COLUMNS)} starting with GLOBALEVENTID and SQLDATE)")


def count(path: Path) -> int:
    """The events in the file; ``UsageError`` for a damaged .zip (counting reads every byte of it first, so a
    bad CRC stops the import before anything is stored)."""
    try:
        with _lines(path) as lines:
            return sum(1 for line in lines if line.strip())
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise UsageError(f"{path}: a damaged .zip ({one_line(exc)})") from None


def read(path: Path) -> Iterator[RowResult]:
    """Every line of a GDELT 2.0 events export (``check`` it first); line 1 is the first event."""
    with _lines(path) as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            if line is TOO_LONG:
                yield RowResult(n, None, f"a line over {MAX_LINE_BYTES:,} bytes, not a GDELT event")
                continue
            fields = line.split("\t")
            if len(fields) != len(COLUMNS):
                yield RowResult(n, None, f"{len(fields)} tab-separated fields, a GDELT 2.0 event has {len(COLUMNS)}")
                continue
            try:
                yield RowResult(n, event_of(dict(zip(COLUMNS, (f.strip() for f in fields)))))
            except RowError as exc:
                yield RowResult(n, None, str(exc))


def event_of(row: dict[str, str]) -> FieldEvent:
    """One GDELT event as a FieldEvent; ``RowError`` naming the first problem."""
    key = row["GLOBALEVENTID"]
    if not key.isdigit():
        raise RowError(f"invalid GLOBALEVENTID {key!r}: expected a number")
    day = _day(row["SQLDATE"], "SQLDATE")
    added = _day(row["DATEADDED"][:8], "DATEADDED") if row["DATEADDED"] else None
    code = row["EventCode"]
    plover = plover_type(code)
    if plover is None:
        raise RowError(f"invalid EventCode {code!r}: expected a CAMEO code of root 01 to 20")
    place = _place(row)
    actors = tuple(dict.fromkeys(a for a in (_actor(row, "Actor1"), _actor(row, "Actor2")) if a))
    url = row["SOURCEURL"] if row["SOURCEURL"].startswith(("http://", "https://")) else ""
    one, two = row["Actor1Name"], row["Actor2Name"]
    where = f" in {place.label}" if place else ""
    evidence = (f"{one or 'An unnamed actor'}{' and ' + two if two else ''}: CAMEO {code} ({plover}){where}; "
                f"coded by GDELT from {url or row['SOURCEURL'] or 'an unnamed source'}.")
    details = [f"GDELT event {key}, CAMEO {code} (root {row['EventRootCode']}), Goldstein {row['GoldsteinScale']}, "
               f"{row['NumMentions']} mentions in {row['NumArticles']} articles"]
    title = f"{one or 'Unnamed actor'} – {plover}{' – ' + two if two else ''}{where}"
    return FieldEvent(source=SOURCE, key=key, type=plover, day=day, granularity="day", evidence=evidence,
                      published=added or day, title=title, url=url, place=place, actors=actors,
                      details=tuple(details))


def _place(row: dict[str, str]) -> FieldPlace | None:
    kind = PLACE_PRECISION.get(row["ActionGeo_Type"])
    if kind is None or not row["ActionGeo_Lat"] or not row["ActionGeo_Long"]:
        return None  # GDELT did not place it: an unplaced event, not a bad row
    try:
        lat, lon = float(row["ActionGeo_Lat"]), float(row["ActionGeo_Long"])
    except ValueError:
        raise RowError(f"invalid ActionGeo_Lat/ActionGeo_Long {row['ActionGeo_Lat']!r}, "
                       f"{row['ActionGeo_Long']!r}: expected numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RowError(f"ActionGeo_Lat/ActionGeo_Long {lat}, {lon} out of range")
    full = row["ActionGeo_FullName"]
    iso2 = iso2_of_fips(row["ActionGeo_CountryCode"])
    country = country_entry(iso2) if kind == fc.COUNTRY else None
    name = full.split(",")[0].strip() or (country.name if country else "")
    return FieldPlace(name=name, lat=lat, lon=lon, country_code=iso2, feature_code=kind, label=full or name,
                      geonameid=country.geonameid if country else None)


def _actor(row: dict[str, str], which: str) -> Actor | None:
    name = row[f"{which}Name"]
    if not name:
        return None
    types = {row[f"{which}Type{i}Code"] for i in (1, 2, 3)} - {""}
    if types & _GOVERNMENT:
        kind = "government"
    elif types & _ORGANIZATION or row[f"{which}KnownGroupCode"]:
        kind = "organization"
    elif not types and row[f"{which}Code"] and row[f"{which}Code"] == row[f"{which}CountryCode"]:
        kind = "country"  # the actor is the country itself ("SYR": "SYRIA")
    else:
        kind = "group"
    return Actor(name=name, kind=kind)


def _day(value: str, column: str) -> dt.date:
    try:
        day = dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise RowError(f"invalid {column} {value!r}: expected YYYYMMDD") from None
    if day.year > MAX_YEAR:
        raise RowError(f"invalid {column} {value!r}: year {day.year} is out of range (1 to {MAX_YEAR})")
    return day


# A GDELT event line is a few hundred bytes (its SOURCEURL the longest field): a longer one is not an event,
# and is skipped without being held whole (a 306 KB .zip can inflate to one 300 MB line).
MAX_LINE_BYTES = 1 << 16


class _TooLong(str):
    pass


TOO_LONG = _TooLong("(a line too long)")  # stands for a line over MAX_LINE_BYTES (compare with ``is``)


@contextmanager
def _lines(path: Path):
    """The lines of the file, or of the one CSV inside a .zip as GDELT ships it; ``UsageError`` otherwise.
    A line over ``MAX_LINE_BYTES`` comes as ``TOO_LONG``."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            members = [m for m in z.namelist() if not m.endswith("/")]
            if len(members) != 1:
                raise UsageError(f"{path}: a GDELT export .zip holds one CSV, this one holds {len(members)} files")
            with z.open(members[0]) as raw:
                yield _bounded_lines(raw)
        return
    with open(path, "rb") as fh:
        yield _bounded_lines(fh)


def _bounded_lines(raw) -> Iterator[str]:
    while True:
        line = raw.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # the rest of the line, a block at a time, dropped
                line = raw.readline(MAX_LINE_BYTES)
            yield TOO_LONG
            continue
        yield line.decode("utf-8", errors="replace").rstrip("\r\n")
