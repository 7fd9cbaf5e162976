"""What detection needs to know about words: is this a place name, how strong a one, is it a demonym.

Backed by the gazetteer index plus two small word lists kept as data (demonyms, common words).
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from geo.index import Gazetteer
from geo.names import name_key
from geo.records import GazetteerEntry
from geo.sources import DATA_DIR


def _read_words(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    return frozenset(
        line.strip() for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def entry_strength(entry: GazetteerEntry, mention: str, form: str | None = None) -> int:
    """0-4: how sure a bare mention of this name is a place, from the kind of place it names.

    A town matched through one of its GeoNames alternate names (which include abbreviations and old or
    foreign names: "Med" for Madinah, "Air" for Aripuanã) counts one level weaker than through its own name.
    """
    code = entry.feature_code
    if entry.source == "geonames" and code in {"PPL", "PPLC"} and name_key(entry.name) != name_key(mention):
        return max(0, _entry_strength(entry, mention) - 1)
    return _entry_strength(entry, mention)


def _entry_strength(entry: GazetteerEntry, mention: str) -> int:
    code = entry.feature_code
    if code in {"PCLI", "CONT", "ADM1"}:
        return 4
    if code == "ADM2":
        return 3 if mention.rstrip(".").endswith(("County", "Co", "Parish", "Borough")) else 1
    if code in {"AIRP", "AIRB"} and entry.source == "airportsdata":
        return 3 if any(w in mention for w in ("Airport", "Air Base", "Airbase", "Base")) else 0
    if entry.source != "geonames" and entry.source not in {"zipcodes", "airportsdata"}:  # curated places
        return 3 if entry.population >= 50000 else 2
    if entry.population >= 100_000 or code == "PPLC":
        return 3
    if entry.population >= 10_000:
        return 2
    return 1


BUILDING_CODES = frozenset({"BLDG", "FAC", "PAL", "CSTL", "GOVL", "MILB", "HSP", "SCH", "UNIV", "CH", "MUS", "STDM"})


class Lexicon:
    def __init__(self, gazetteer: Gazetteer, *, data_dir: Path = DATA_DIR):
        self.gazetteer = gazetteer
        self.common_words = _read_words(data_dir / "common_words.txt")
        self.first_names = _read_words(data_dir / "first_names.txt")
        self._demonyms: dict[str, tuple[str | None, str | None]] = {}
        path = data_dir / "demonyms.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    self._demonyms[row["demonym"].strip()] = (row["country_code"].strip(), None)
        path = data_dir / "region_demonyms.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    self._demonyms.setdefault(row["demonym"].strip(), (None, row["place_name"].strip()))
        self.dictionary = gazetteer.dictionary_words()
        self.strength = lru_cache(maxsize=20000)(self._strength)

    def known(self, keys) -> set[str]:
        return self.gazetteer.known(keys)

    def demonym(self, word: str) -> tuple[str | None, str | None] | None:
        """(country code, region name) a demonym stands for: "Libyan"/"Libyans" -> ("LY", None)."""
        if word in self._demonyms:
            return self._demonyms[word]
        for suffix in ("s", "es"):
            if word.endswith(suffix) and word[: -len(suffix)] in self._demonyms:
                return self._demonyms[word[: -len(suffix)]]
        if word.endswith("men") and word[:-3] + "man" in self._demonyms:  # Englishmen
            return self._demonyms[word[:-3] + "man"]
        return None

    def _strength(self, text: str) -> int:
        return max((entry_strength(e, text) for e, _ in self.gazetteer.lookup(text)), default=0)

    def is_building(self, text: str) -> bool:
        """Named after a building or site that also stands for the body in it (White House, Kremlin)."""
        return any(e.feature_code in BUILDING_CODES and e.source not in {"geonames", "zipcodes"}
                   for e, _ in self.gazetteer.lookup(text))

    def is_common_word(self, word: str) -> bool:
        return word in self.common_words or word.capitalize() in self.common_words

    def is_dictionary_word(self, word: str) -> bool:
        # "US" and "EU" in capitals are the codes of places, not the words "us" and "eu"
        if word.isupper() and self.is_alias_code(word):
            return False
        return name_key(word) in self.dictionary

    def is_first_name(self, word: str) -> bool:
        return word in self.first_names

    def is_alias_code(self, word: str) -> bool:
        """Short capitals that are names of countries or states themselves: "UK", "US", "UAE", "EU"."""
        bare = word.replace(".", "")
        return any(e.feature_code in {"PCLI", "ADM1", "RGN", "CONT"} and form.replace(".", "") == bare
                   for e, form in self.gazetteer.lookup(word))

    def key(self, text: str) -> str:
        return name_key(text)
