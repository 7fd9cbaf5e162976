"""Which occurrence a recurring date names: the one before the day of speaking or the coming one.

A bare weekday ("on Friday"), a day and month without a year ("Aug 8"), a month ("in February"), a holiday
("on Christmas"), a day named by its number alone ("on the 15th") and a quarter recur; which occurrence is
meant is decided here, once, from the tense of the clause (the past looks back; the future and the present of
arrangements, "the meeting is on Monday", look ahead) and the narrative (a month just named holds "the 15th").

Both sides of the project ask here: the tagger's resolvers through ``Context`` (timeline/timex/context.py),
with the tense its span reader gives (timeline/timex/tense.py), and event dating (timeline/events/dating.py)
through ``coming``, with the tense of the clause the date belongs to, when that clause is about what is to
come and the tagger read the date as past. ``coming`` resolves the same words again with the same rules, told
the clause looks ahead, so a date the words fix ("last Friday", "March 2015", "two days ago") stays as it is
and an open one moves by its own period (a week, a month, a year, or a holiday's own calendar).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from timeline.timex.calendar import Period, add_months
from timeline.timex.tense import FUTURE, PAST, PRESENT

if TYPE_CHECKING:
    from timeline.timex import Timex


def looks_ahead(tense: str | None) -> bool:
    """The future and the present of arrangements look ahead ("will be", "is due on the 1st")."""
    return tense in (FUTURE, PRESENT)


def weekday(dct: dt.date, wd: int, tense: str | None) -> Period:
    """A bare weekday: the next on or after the day of speaking when the clause looks ahead, else the most
    recent on or before it ("said on Sunday" in a Sunday paper is that day)."""
    if looks_ahead(tense):
        return Period.day(dct + dt.timedelta(days=(wd - dct.weekday()) % 7))
    return Period.day(dct - dt.timedelta(days=(dct.weekday() - wd) % 7))


def nearest_year(make: Callable[[int], Period | None], dct: dt.date, tense: str | None, *,
                 near_months: int = 2, far_months: int = 10) -> Period | None:
    """Choose among the same calendar point in the previous, current and next year (``make(year)``).

    Nearest to the day of speaking by default; the tense moves the choice to the other side only when that
    occurrence is near (within ``near_months``) or the nearest one is far (beyond ``far_months``), because a
    date payable "Dec. 7" in a past-tense sentence of late October is still next December.
    """
    options = [p for p in (make(dct.year + k) for k in (-1, 0, 1)) if p is not None]
    if not options:
        return None

    def months_from(p: Period) -> int:
        """Signed distance in months between the period and the day of speaking (0 if it holds it)."""
        a, b = p.bounds
        if a <= dct <= b:
            return 0
        if b < dct:
            return -((dct.year - b.year) * 12 + dct.month - b.month) or -1
        return ((a.year - dct.year) * 12 + a.month - dct.month) or 1

    past = [p for p in options if months_from(p) <= 0]
    future = [p for p in options if months_from(p) >= 0]
    last = max(past, key=lambda p: p.start) if past else None
    nxt = min(future, key=lambda p: p.start) if future else None
    if last is None or nxt is None:
        return last or nxt
    back, ahead = -months_from(last), months_from(nxt)
    if tense == PRESENT:
        # "The deadline is April 1", "the trip is on Oct 12": arrangements look ahead, unless the past
        # occurrence is clearly nearer ("the incidents of Aug. 7 underscore ...").
        return nxt if ahead <= back + 3 else last
    if tense == FUTURE:
        # Future cues ("will", "is expected to") are reliable, unless the date has only just passed (for a
        # single day: within the last few days; a clause about what is to come names no day weeks gone).
        if last.gran in ("day", "time"):
            return last if ahead > 6 and (dct - last.start).days <= 3 else nxt
        return last if ahead > 6 and back <= 1 else nxt
    if tense == PAST:
        return nxt if back > far_months and ahead <= near_months else last
    # No cue: news mostly reports the past; the coming occurrence wins only when clearly nearer.
    return nxt if back > 6 and ahead <= 3 else last


def day_in_month(dct: dt.date, d: int, tense: str | None, *, wd: int | None = None,
                 narrative: Period | None = None) -> Period | None:
    """A day named by its number alone ("on the 15th"), or with its weekday ("Thursday the 9th"): in the month
    the narrative has just named ("In March ... on the 15th"), else the nearest such day ahead of the day of
    speaking in a clause that looks ahead ("rent is due on the 1st"), the nearest one back otherwise. With a
    weekday, a month where that day is not that weekday is skipped."""
    if narrative is not None and narrative.gran == "month" and wd is None:
        try:
            return Period.day(narrative.start.replace(day=d))
        except ValueError:
            return None
    ahead = looks_ahead(tense)
    month = dct.replace(day=1)
    for _ in range(13 if wd is None else 30):  # a weekday falls on a given day within 28 months at most
        try:
            day = month.replace(day=d)
        except ValueError:
            day = None
        if day is not None and (wd is None or day.weekday() == wd) and (day >= dct if ahead else day <= dct):
            return Period.day(day)
        month = add_months(month, 1 if ahead else -1)
    return None


def quarter(dct: dt.date, q: int, tense: str | None) -> Period:
    """An ordinal quarter without a year: this year's, unless it has not started yet and the clause is not
    about the future (then last year's: "fourth-quarter profit" reported in January), or it ended before
    the last one and the clause is about the future (then next year's)."""
    current = (dct.month - 1) // 3 + 1
    year = dct.year
    if q > current and tense != FUTURE:
        year -= 1
    elif q < current - 1 and tense == FUTURE:
        year += 1  # "will pick up in the first quarter" in December: next year's (the quarter just ended is
        # still this year's: "will report third-quarter results" in October)
    return Period.quarter(year, q)


# How far around a date ``coming`` reads again: enough for the words a rule looks at before and after a
# span (a preposition, "the", a weekday before a date), never the whole article.
_WINDOW = 60


def coming(timex: "Timex", published: dt.date | None, text: str | None = None) -> "Timex":
    """The coming occurrence of a date the tagger put before ``published``, for a clause about what is to come
    ("will meet on Friday", "will close on Christmas"): the same words resolved again by the same rule in a
    clause that looks ahead. ``text`` is the text the timex's offsets point into (by default its own words).
    A date its words fix ("last Friday", "March 2015") comes back unchanged, and so does one whose coming
    reading would still lie before ``published``."""
    if published is None or not timex.latest or timex.latest[:10] >= published.isoformat() or timex.start is None:
        return timex
    if text is None:  # the words alone, after the preposition a date takes ("on the 3rd", "on March")
        text, start, end = "on " + timex.text, 3, 3 + len(timex.text)
    else:
        start, end = timex.start, timex.end
    from timeline.timex import resolve_span

    ahead = resolve_span(text, start, end, published, tense=FUTURE, window=_WINDOW)
    if ahead is None or ahead.value == timex.value or not ahead.latest or ahead.latest[:10] < published.isoformat():
        return timex
    return replace(ahead, text=timex.text, start=timex.start, end=timex.end)
