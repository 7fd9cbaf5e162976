"""The plain records the geoparser passes around.

``GazetteerEntry`` is one place the gazetteer knows; ``PlaceMention`` is one mention of a place in a text,
resolved to an entry or not (printed as the PLACE record of README.md).
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.feature_codes import AREA_CODES, COUNTRY_CODES

__all__ = ["PLACE_KEYS", "GazetteerEntry", "PlaceMention"]


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place a gazetteer can answer with."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country_code: str | None
    feature_code: str  # one of geo.feature_codes: TOWN, CAPITAL, COUNTRY, STATE, COUNTY, SEA, AIR_BASE, ...
    population: int = 0
    admin1: str | None = None
    source: str = "geonames"
    admin2: str | None = None  # the county, for US towns (from zipcodes) and US counties themselves

    @property
    def is_country(self) -> bool:
        return self.feature_code in COUNTRY_CODES

    @property
    def is_area(self) -> bool:
        """True for places larger than a town (countries, regions, seas): drawn differently on the map."""
        return self.feature_code in AREA_CODES


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One place mention: ``text[start:end] == self.text``; ``entry`` is None when it could not be placed."""

    text: str
    start: int
    end: int
    entry: GazetteerEntry | None
    score: float

    def to_dict(self, *, admin1: bool = False) -> dict:
        """The PLACE record of README.md (its keys, ``PLACE_KEYS``, are a public contract).

        ``admin1=True``: with the entry's first-level region code too, when it has one (the stores keep it for
        the region filter; the printed record leaves it out). ``from_dict`` reads either back."""
        e = self.entry
        d = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": e.name if e else None,
            "lat": round(e.lat, 5) if e else None,
            "lon": round(e.lon, 5) if e else None,
            "country_code": e.country_code if e else None,
            "geonameid": e.geonameid if e else None,
            "feature_code": e.feature_code if e else None,
            "score": round(self.score, 3),
            "source": e.source if e else None,
        }
        if admin1 and e is not None and e.admin1:
            d["admin1"] = e.admin1
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "PlaceMention":
        """``to_dict``'s inverse: placed when the record has a name and coordinates. What the record does not
        hold (population, admin2) is left at the entry's defaults."""
        entry = None
        if d.get("name") is not None and d.get("lat") is not None and d.get("lon") is not None:
            entry = GazetteerEntry(geonameid=d.get("geonameid"), name=d["name"], lat=float(d["lat"]),
                                   lon=float(d["lon"]), country_code=d.get("country_code"),
                                   feature_code=d.get("feature_code") or "", source=d.get("source"),
                                   admin1=d.get("admin1"))
        return cls(text=d.get("text") or "", start=d.get("start"), end=d.get("end"), entry=entry,
                   score=float(d.get("score") or 0.0))


# The keys of the PLACE record, in its order: the SQLite store's ``places`` columns are these.
PLACE_KEYS = ("text", "start", "end", "name", "lat", "lon", "country_code", "geonameid", "feature_code", "score",
              "source")
