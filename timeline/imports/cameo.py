"""CAMEO event codes (GDELT's EventCode) to the project's PLOVER types.

The mapping is the one ``timeline/data/plover_types.ini`` records under each type's ``cameo`` key (from the
PLOVER manual: "08 yield (081 to 083)" under CONCEDE, "18 assault, 19 fight, ..." under ASSAULT), read from
there so the types and their CAMEO roots are written once. Two roots PLOVER leaves out of its sixteen types:
01 "make public statement" is the project's STATEMENT, 02 "appeal" is REQUEST (whose definition covers
appeals).
"""
from __future__ import annotations

import configparser
import re
from functools import lru_cache

from timeline.events.type_lexicon import DATA, PLOVER_TYPES, STATEMENT

_OUTSIDE_PLOVER = {"01": STATEMENT, "02": "REQUEST"}
# "08 yield (081 to 083)": a root, its words, and optionally the range of its 3-digit codes this type takes.
_ROOT = re.compile(r"\b(\d{2})\b[^,(]*(?:\((\d{3}) to (\d{3})\))?")


@lru_cache(maxsize=1)
def cameo_roots() -> tuple[tuple[str, str | None, str | None, str], ...]:
    """(root, first code, last code, PLOVER type) for each root the ini lists; codes None: the whole root."""
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",))
    parser.read(DATA, encoding="utf-8")
    out = []
    for name in PLOVER_TYPES:
        for m in _ROOT.finditer(parser[name].get("cameo", "")):
            out.append((m.group(1), m.group(2), m.group(3), name))
    return tuple(out)


def plover_type(event_code: str) -> str | None:
    """The PLOVER type of a CAMEO code ("190", "0874", "14"), or None when its root is not one of 01-20."""
    code = event_code.strip()
    if not (code.isdigit() and 2 <= len(code) <= 4):
        return None
    root, base = code[:2], code[:3]
    if root in _OUTSIDE_PLOVER:
        return _OUTSIDE_PLOVER[root]
    candidates = [(lo, hi, t) for r, lo, hi, t in cameo_roots() if r == root]
    for lo, hi, t in candidates:
        if lo is not None and len(base) == 3 and lo <= base <= hi:
            return t
    # a root split between types ("080 yield" in neither range): the first type listed, as the manual does
    return candidates[0][2] if candidates else None
