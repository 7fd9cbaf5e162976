"""What in an article is not its news: page furniture, meta-text, bylines, credits, the outlet's name.

Copyright notices, bylines and photo credits name people and organisations ("By Jon Herskovitz", "Photo: Jane
Doe/AFP") and dates ("Copyright 2024 ..."); page furniture ("In this article", "Read more", "Share this",
"Advertisement", "Related: ...") is text about the page, not about the world. Left in, they would become events
and actors nobody reported. The patterns are data (``data/boilerplate.txt``, a name and a regular expression a
line, compiled once); ``Pipeline.parse`` blanks what they match before anything reads the text, so no part of the
analysis (places, dates, actors, events) sees it, and every offset still points into the article's own text.
Two kinds of furniture depend on the article: a line holding nothing but the outlet's own name, and the headline
repeated with the outlet appended ("Man shot in Dayton - WHIO") or repeated a second time.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

PATTERNS = Path(__file__).parent.parent / "data" / "boilerplate.txt"  # timeline/data/, beside the other curated tables
# What joins a headline to the outlet's name in a page title: "Headline | Outlet", "Headline - Outlet".
_TITLE_SEPARATOR = r"[ \t]*(?:\||-|–|—|::?|·)[ \t]*"
_OUTLET_WORDS = 6  # an outlet's name is short ("The Atlanta Journal-Constitution", "WSB-TV Atlanta")


@lru_cache(maxsize=1)
def named_patterns(path: Path = PATTERNS) -> tuple[tuple[str, re.Pattern], ...]:
    """(name, compiled pattern) for each line of the data file, in its order."""
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, pattern = line.partition("\t")
        if not sep or not name.strip() or not pattern:
            raise ValueError(f"{path}:{lineno}: expected a name, a tab and a pattern")
        try:  # case-sensitive: a byline's name is capitalised; the patterns mark their (?i:...) parts
            out.append((name.strip(), re.compile(pattern, re.MULTILINE)))
        except re.error as exc:
            raise ValueError(f"{path}:{lineno}: bad pattern: {exc}") from None
    return tuple(out)


def _headline_repeats(text: str, title: str) -> list[tuple[int, int]]:
    """The headline repeated as a page title: with an outlet's name after it, or a second time on its own."""
    title = " ".join(title.split())
    if len(title) < 12:  # a one-word title would match ordinary lines
        return []
    words = r"[ \t]+".join(re.escape(w) for w in title.split())
    outlet = rf"{_TITLE_SEPARATOR}(?:\S+[ \t]*){{1,{_OUTLET_WORDS}}}"
    spans = []
    alone_seen = False
    for m in re.finditer(rf"^[ \t]*{words}(?P<outlet>{outlet})?[ \t]*$", text, re.MULTILINE):
        if m.group("outlet") or alone_seen:
            spans.append((m.start(), m.end()))
        alone_seen = True
    return spans


def boilerplate_spans(text: str, source: str = "", title: str = "") -> list[tuple[int, int]]:
    """The sorted [start, end) spans of ``text`` that are boilerplate; a line holding nothing but the outlet's
    own name (``source``: "Libya Channel" under the headline) is a credit too, and so is the headline
    (``title``) repeated with an outlet's name or a second time."""
    spans = [(m.start(), m.end()) for _name, p in named_patterns() for m in p.finditer(text) if m.end() > m.start()]
    if source.strip():  # the outlet's name alone on a line, or appended to one ("Any headline | Libya Channel")
        name = re.escape(source.strip())
        outlet = re.compile(rf"^[ \t]*{name}[ \t]*$|{_TITLE_SEPARATOR}{name}[ \t]*$", re.MULTILINE | re.IGNORECASE)
        spans += [(m.start(), m.end()) for m in outlet.finditer(text)]
    spans += _headline_repeats(text, title)
    return sorted(spans)


def mask_boilerplate(text: str, source: str = "", title: str = "") -> str:
    """``text`` with its boilerplate blanked out (spaces, so every offset still points into ``text``)."""
    chars = list(text)
    for start, end in boilerplate_spans(text, source, title):
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
