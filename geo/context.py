"""Where in the article a mention stands: which sentence it is in, and whether it is the article's dateline.

The resolver reads two kinds of context from here. A state or country named in the same sentence as a town
("Moscow, a college town in northern Idaho") says which of the town's namesakes the sentence means, as
"Moscow, Idaho" does right beside it. A dateline ("SPRINGFIELD, Mo. (AP) —", "LONDON, Ky. (WKYT) -") says
where the whole story is told from: the state or country it names holds most of the article's places.

Only the text and the candidates' offsets are read (the resolver gets no parse): a sentence ends at ".", "!"
or "?" before a space and a capital, unless the stop belongs to a candidate ("Ore.", "U.S.") or closes a
short abbreviation of a title ("Mr.", "Gov.", "Sgt.") or an initial ("John F."); a line break always ends one.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

# Titles and other short words whose stop never ends a sentence in news copy ("Gov. Brown", "Mt. Hood").
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st mt ft gen lt col sgt capt cpl pvt maj cmdr adm gov sen rep rev prof jr sr no vs inc co "
    "corp ltd bros dept est approx".split()
)
_STOP = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.$")
# A dateline: a place in capitals (two letters or more, spaces, dots, hyphens, apostrophes), optionally
# ", State" or ", Country", optionally "(AP)" or a station's call sign, then a dash, at the start of the text
# or of a line or right after the first sentence (local papers' texts open with their headline).
_DATELINE = re.compile(
    r"(?:^|\n|[.!?]\s+)\s*(?P<place>[A-Z][A-Z.'’ -]*[A-Z.])(?:,\s*(?P<container>[A-Z][A-Za-z.'’ ]{1,30}?))?"
    r"\s*(?:\([^()\n]{1,20}\)\s*)?(?:—|–|--+|-(?=\s))"
)
DATELINE_REACH = 400  # characters from the start of the text a dateline may stand (after a headline)


def sentence_ids(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """The number of the sentence each (start, end) span lies in, counted from 0 in text order.

    A stop inside one of ``spans`` ("Ore." of "Portland, Ore., said") ends no sentence.
    """
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    ends = []
    for m in _STOP.finditer(text):
        at = m.start()
        if m.group(0) != "\n":
            k = bisect_right(starts, at) - 1  # the last span starting at or before the stop (spans never overlap)
            if k >= 0 and at < ordered[k][1]:
                continue
            word = _WORD_BEFORE.search(text, max(0, at - 12), at + 1)
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        ends.append(at)
    return [bisect_left(ends, start) for start, _ in spans]  # the stops before a span: its sentence


def dateline_place(text: str) -> tuple[int, int] | None:
    """The (start, end) of the place in capitals that opens the article's dateline ("SPRINGFIELD" of
    "SPRINGFIELD, Mo. (AP) —"), or None when the article has none."""
    m = _DATELINE.search(text, 0, DATELINE_REACH)
    return None if m is None else m.span("place")


def dateline_container(text: str, spans: Sequence[tuple[int, int]]) -> int | None:
    """The index in ``spans`` of the state or country the dateline names after its place ("Ky." of
    "LONDON, Ky. (WKYT) -"), or None when the article has no dateline or its dateline names no container."""
    m = _DATELINE.search(text, 0, DATELINE_REACH)
    if m is None or m.group("container") is None:
        return None
    start, end = m.span("container")
    for k, (s, e) in enumerate(spans):
        if s >= start and e <= end + 1:
            return k
    return None
