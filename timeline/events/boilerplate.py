"""What in an article is not its news: copyright notices, bylines, photo credits, wire flashes, the outlet's name.

They name people and organisations ("By Jon Herskovitz", "Photo: Jane Doe/AFP") and dates ("Copyright 2024
..."), so left in they would become events and actors nobody reported. The patterns are data
(``data/boilerplate.txt``, one regular expression a line, compiled once); ``Pipeline.parse`` blanks what they
match before anything reads the text, so no part of the analysis (places, dates, actors, events) sees it, and
every offset still points into the article's own text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

PATTERNS = Path(__file__).parent.parent / "data" / "boilerplate.txt"  # timeline/data/, beside the other curated tables


@lru_cache(maxsize=1)
def _patterns(path: Path = PATTERNS) -> tuple[re.Pattern, ...]:
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:  # case-sensitive: a byline's name is capitalised; the patterns mark their (?i:...) parts
            out.append(re.compile(line, re.MULTILINE))
        except re.error as exc:
            raise ValueError(f"{path}:{lineno}: bad pattern: {exc}") from None
    return tuple(out)


def boilerplate_spans(text: str, source: str = "") -> list[tuple[int, int]]:
    """The sorted [start, end) spans of ``text`` that are boilerplate; a line holding nothing but the outlet's
    own name (``source``: "Libya Channel" under the headline) is a credit too."""
    spans = [(m.start(), m.end()) for p in _patterns() for m in p.finditer(text) if m.end() > m.start()]
    if source.strip():
        outlet = re.compile(rf"^[ \t]*{re.escape(source.strip())}[ \t]*$", re.MULTILINE | re.IGNORECASE)
        spans += [(m.start(), m.end()) for m in outlet.finditer(text)]
    return sorted(spans)


def mask_boilerplate(text: str, source: str = "") -> str:
    """``text`` with its boilerplate blanked out (spaces, so every offset still points into ``text``)."""
    chars = list(text)
    for start, end in boilerplate_spans(text, source):
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
