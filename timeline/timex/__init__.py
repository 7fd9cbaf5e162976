"""Temporal tagging: find temporal expressions in news text and normalise them to TIMEX3 values.

Public API::

    tag_dates(text, published, *, settings=None) -> list[Timex]
    tag_doc(doc, published, *, settings=None) -> list[Timex]     # a spaCy Doc parsed elsewhere
    resolve_span(text, start, end, published, *, tense) -> Timex | None   # one span, as in a clause of that tense

``published`` anchors relative expressions ("yesterday", "last week", "on Friday"); with ``None`` they are
still found but left unresolved (value/earliest/latest None), never anchored on today.

How it works: regex rules (``rules/``) propose spans; overlapping proposals are settled, longest first
(``engine.py``); the survivors are resolved left to right against a Context (``context.py``) holding the
publication date, the clause tense (``tense.py``) and the last date mentioned, which anaphoric expressions
count from. Every anchored value is a calendar Period (``calendar.py``); the vocabulary the rules match lives
in ``lexicon.py``, the settings table in ``settings.py``, TempEval-3 scoring in ``evaluation.py``. The TIMEX
record is the one README.md documents for ``python -m timeline dates``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, replace
from typing import Any, Iterable, Mapping

from timeline.timex.settings import TimexSettings, coerce

__all__ = ["PRECISIONS", "TYPES", "Timex", "TimexSettings", "resolve_span", "tag_dates", "tag_doc", "unresolved"]

TYPES = ("DATE", "TIME", "DURATION", "SET")
PRECISIONS = ("hour", "day", "week", "month", "quarter", "year", "decade", "century")


@dataclass(frozen=True, kw_only=True)
class Timex:
    """One temporal expression; ``text == source[start:end]``.

    ``earliest``/``latest`` are ISO dates bounding an anchored DATE/TIME (None for durations, sets and
    unresolved ones): the value's period, or the part of it the words name ("late 2027" is 2027, from
    2027-09-01 to 2027-12-31; "the end of next week" that week's Friday to Sunday); ``precision`` is one of
    PRECISIONS, or None for PRESENT_REF-style values.
    """

    text: str
    start: int
    end: int
    type: str
    value: str | None
    earliest: str | None
    latest: str | None
    precision: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def tag_dates(text: str, published: dt.date | None, *,
              settings: TimexSettings | Mapping[str, Any] | None = None) -> list[Timex]:
    """Temporal expressions of ``text`` normalised against the publication date ``published``."""
    cfg = coerce(settings)
    doc = None
    if cfg.USE_SPACY:
        from timeline.timex.spacy_parse import parse

        doc = parse(text, cfg.SPACY_MODEL)
    return _tag(text, published, cfg, doc)


def tag_doc(doc, published: dt.date | None, *,
            settings: TimexSettings | Mapping[str, Any] | None = None) -> list[Timex]:
    """Same as ``tag_dates`` on an already parsed spaCy ``Doc`` (so other modules can share one parse);
    its POS tags then decide the tense of each clause."""
    return _tag(doc.text, published, coerce(settings), doc)


def _tag(text: str, published: dt.date | None, cfg: TimexSettings, doc) -> list[Timex]:
    if isinstance(published, dt.datetime):
        published = published.date()
    from timeline.timex.context import Context
    from timeline.timex.engine import propose, select
    from timeline.timex.tense import TenseReader

    ctx = Context(text=text, published=published, tense=TenseReader(text, doc), settings=cfg)
    out: list[Timex] = []
    for h in select(propose(text)):
        res, timex = _resolve(text, h, ctx)
        if timex is None:
            continue
        out.append(timex)
        if res.period is not None and res.sets_reference and res.type in ("DATE", "TIME"):
            ctx.ref = res.period
            if res.period.gran == "quarter":
                ctx.last_quarter = res.period
                ctx.year_to_date = None
    return out


def resolve_span(text: str, start: int, end: int, published: dt.date | None, *, tense: str, window: int = 60,
                 settings: TimexSettings | Mapping[str, Any] | None = None) -> Timex | None:
    """The timex the rules find at exactly ``text[start:end]``, resolved as in a clause of ``tense`` (PAST,
    FUTURE or PRESENT of ``timeline.timex.tense``) instead of the tense read around it; only the words within
    ``window`` characters of the span are read (event dating asks this of one date, not of a whole article).
    None when no rule finds exactly those words."""
    if isinstance(published, dt.datetime):
        published = published.date()
    from timeline.timex.context import Context
    from timeline.timex.engine import propose
    from timeline.timex.tense import TenseReader

    # The piece begins and ends at white space, so no rule sees the half of a cut word.
    lo, hi = max(0, start - window), min(len(text), end + window)
    if lo > 0:
        first = re.search(r"\s", text[lo:start])
        lo = lo + first.end() if first else start
    if hi < len(text):
        last = text[end:hi].rstrip().rfind(" ")
        hi = end + last if last >= 0 else end
    piece = text[lo:hi]
    hits = [h for h in propose(piece) if (h.start, h.end) == (start - lo, end - lo)]
    if not hits:
        return None
    h = max(hits, key=lambda h: h.priority)  # the first of the highest priority, as ``select`` settles a tie
    ctx = Context(text=piece, published=published, tense=TenseReader(piece), settings=coerce(settings),
                  forced_tense=tense)
    timex = _resolve(piece, h, ctx)[1]
    return None if timex is None else replace(timex, start=start, end=end)


def _resolve(text: str, h, ctx) -> tuple[Any, Timex | None]:
    """(resolution, timex) of one hit; (None, None) for a day the calendar does not have."""
    ctx.start, ctx.end = h.start, h.end
    try:
        res = h.resolve(ctx)
        return res, None if res is None else _to_timex(text, h.start, h.end, res)
    except (OverflowError, ValueError) as exc:
        if "out of range" not in str(exc):
            raise
        return None, None  # "next year" of 9999-12-31, "yesterday" of 0001-01-01


def _to_timex(text: str, start: int, end: int, res) -> Timex:
    p = res.period
    if p is not None:
        lo, hi = p.bounds
        return Timex(text=text[start:end], start=start, end=end, type=res.type, value=p.value,
                     earliest=lo.isoformat(), latest=hi.isoformat(), precision=p.precision)
    return Timex(text=text[start:end], start=start, end=end, type=res.type, value=res.value,
                 earliest=None, latest=None, precision=res.precision)


def unresolved(timexes: Iterable[Timex]) -> list[Timex]:
    """Timexes that needed a publication date and got none (DATE/TIME with no value)."""
    return [t for t in timexes if t.type in ("DATE", "TIME") and t.value is None]
