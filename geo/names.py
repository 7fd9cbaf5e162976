"""How place names are compared: one normal form for the index and for the text."""
from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[.'’‘`´]")
_SPACE = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """Fold a place name to the key the index stores: no accents, no case, no dots or apostrophes.

    "U.S." and "US" meet, as do "al-Watiya" and "Al Watiya", "Sanaʽa" and "Sanaa".
    """
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    folded = _DROP.sub("", folded)
    folded = _SPACE.sub(" ", folded).strip()
    if folded.startswith("the "):
        folded = folded[4:]
    return folded
