"""What detection needs to know about words: is this a place name, how strong a one, is it a demonym.

Backed by the gazetteer index plus two small word lists kept as data (demonyms, common words).
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from geo import feature_codes as fc
from geo import place_kinds
from geo.index import Gazetteer
from geo.names import name_key
from geo.place_kinds import Strength
from geo.records import GazetteerEntry
from geo.sources import DATA_DIR


def _read_words(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    return frozenset(
        line.strip() for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def entry_strength(entry: GazetteerEntry, mention: str, form: str | None = None) -> Strength:
    """How sure a bare mention of this name is a place, from the kind of place it names (``place_kinds``).

    A town matched through one of its GeoNames alternate names (which include abbreviations and old or
    foreign names: "Med" for Madinah, "Air" for Aripuanã) counts one level weaker than through its own name.
    """
    strength = place_kinds.strength(entry, mention)
    if entry.source == "geonames" and entry.feature_code in _TOWN_CODES and name_key(entry.name) != name_key(mention):
        return Strength(max(Strength.NONE, strength - 1))
    return strength


_TOWN_CODES = frozenset({fc.TOWN, fc.CAPITAL})
# Kinds whose short capitals are their own names ("UK", "US", "UAE", "EU"), not acronyms of organisations.
_ALIAS_CODE_KINDS = frozenset({fc.COUNTRY, fc.STATE, fc.REGION, fc.CONTINENT})
_SPEAKING_CODES = frozenset({fc.COUNTRY, fc.STATE, fc.CAPITAL})
BUILDING_CODES = fc.BUILDING_CODES  # importable from here as before


class Lexicon:
    def __init__(self, gazetteer: Gazetteer, *, data_dir: Path = DATA_DIR):
        self.gazetteer = gazetteer
        self.common_words = _read_words(data_dir / "common_words.txt")
        self.first_names = _read_words(data_dir / "first_names.txt")
        self.titles = _read_words(data_dir / "titles.txt")
        self.speech_verbs = _read_words(data_dir / "speech_verbs.txt")
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

    def _strength(self, text: str) -> Strength:
        return max((entry_strength(e, text) for e, _ in self.gazetteer.lookup(text)), default=Strength.NONE)

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

    def is_title(self, word: str) -> bool:
        """"Mr.", "Sgt.", "President": a capitalised title that stands before a person's name."""
        return word[:1].isupper() and word.rstrip(".").lower() in self.titles

    def is_speech_verb(self, word: str) -> bool:
        return word.lower() in self.speech_verbs

    def speaks_for_a_government(self, text: str) -> bool:
        """A country, a state or a capital: news lets them speak ("Texas said", "Moscow told Kiev")."""
        return any(e.feature_code in _SPEAKING_CODES for e, _ in self.gazetteer.lookup(text))

    def is_alias_code(self, word: str) -> bool:
        """Short capitals that are names of countries or states themselves: "UK", "US", "UAE", "EU"."""
        bare = word.replace(".", "")
        return any(e.feature_code in _ALIAS_CODE_KINDS and form.replace(".", "") == bare
                   for e, form in self.gazetteer.lookup(word))

    def key(self, text: str) -> str:
        return name_key(text)
