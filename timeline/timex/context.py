"""What a resolver may consult: the publication date, the tense of the clause, the last date mentioned.

News conventions encoded here (each one is a choice; the comments say why):
- a bare weekday in past-tense narration is the most recent such day on or before publication ("said on
  Sunday" in a Sunday paper is that day); in future-tense context it is the next one on or after it;
- a month or day-and-month without a year is the occurrence nearest to publication, unless the tense
  says otherwise and the tense-consistent occurrence is not absurdly far away;
- anaphoric expressions ("the day before", "four days beforehand") count from the reference time, the
  last anchored date in the text, falling back on the publication date.
"""
from __future__ import annotations

import datetime as dt

from timeline.timex.calendar import Period
from timeline.timex.settings import TimexSettings
from timeline.timex.tense import FUTURE, PAST, PRESENT, TenseReader

GRAN_ORDER = ["time", "day", "weekend", "week", "month", "quarter", "season", "half", "year", "decade",
              "century"]


# Counted units that are not calendar periods -> (how many of which calendar unit).
_COUNTED_AS = {"night": (1, "day"), "fortnight": (2, "week"), "decade": (10, "year"), "century": (100, "year")}


def finer_or_equal(a: str, b: str) -> bool:
    return GRAN_ORDER.index(a) <= GRAN_ORDER.index(b)


class Context:
    def __init__(self, *, text: str, published: dt.date | None, tense: TenseReader,
                 settings: TimexSettings) -> None:
        self.text = text
        self.dct = published
        self.tenses = tense
        self.settings = settings
        self.ref: Period | None = None
        # The last quarter named: results news compares "a year earlier" with that quarter.
        self.last_quarter: Period | None = None
        # The part-year results period just named ("the nine months" -> "P9M"): until the next quarter is
        # named, "a year earlier" compares with the previous year, not with a quarter.
        self.year_to_date: str | None = None
        # Offsets of the hit being resolved, so resolvers can ask for its tense without carrying them.
        self.start = 0
        self.end = 0

    # --- the clause around the current hit ---------------------------------------------------------
    def tense(self) -> str | None:
        return self.tenses.at(self.start, self.end)

    def reference(self) -> Period | None:
        """The last anchored date, else the publication day."""
        if self.ref is not None:
            return self.ref
        return Period.day(self.dct) if self.dct else None

    def dct_period(self, gran: str) -> Period | None:
        return Period.containing(gran, self.dct) if self.dct else None

    # --- conventions ---------------------------------------------------------------------------------
    def weekday(self, wd: int, *, force: str | None = None) -> Period | None:
        """Bare weekday: most recent on/before publication in the past, next on/after in the future."""
        if not self.dct:
            return None
        policy = self.settings.BARE_WEEKDAY
        direction = force or (PAST if policy == "past" else FUTURE if policy == "future" else self.tense())
        if direction == PRESENT:
            direction = FUTURE  # "the meeting is on Monday": the coming Monday
        delta = (self.dct.weekday() - wd) % 7
        if direction == FUTURE:
            return Period.day(self.dct + dt.timedelta(days=(wd - self.dct.weekday()) % 7))
        return Period.day(self.dct - dt.timedelta(days=delta))

    def pick_year(self, make, *, near_months: int = 2, far_months: int = 10) -> Period | None:
        """Choose among the same calendar point in the previous, current and next year.

        ``make(year) -> Period | None``. Nearest to publication by default; the clause tense moves the
        choice to the other side of publication only when that occurrence is near (within ``near_months``)
        or the nearest one is far (beyond ``far_months``), because a date payable "Dec. 7" in a past-tense
        sentence of late October is still next December.
        """
        if not self.dct:
            return None
        options = [p for p in (make(self.dct.year + k) for k in (-1, 0, 1)) if p is not None]
        if not options:
            return None
        cur = self.dct

        def months_from(p: Period) -> int:
            """Signed distance in months between the period and publication (0 if it contains it)."""
            a, b = p.bounds
            if a <= cur <= b:
                return 0
            if b < cur:
                return -((cur.year - b.year) * 12 + cur.month - b.month) or -1
            return ((a.year - cur.year) * 12 + a.month - cur.month) or 1

        past = [p for p in options if months_from(p) <= 0]
        future = [p for p in options if months_from(p) >= 0]
        last = max(past, key=lambda p: p.start) if past else None
        nxt = min(future, key=lambda p: p.start) if future else None
        if last is None or nxt is None:
            return last or nxt
        back, ahead = -months_from(last), months_from(nxt)
        tense = self.tense()
        if tense == PRESENT:
            # "The deadline is April 1", "the trip is on Oct 12": arrangements look ahead, unless the past
            # occurrence is clearly nearer ("the incidents of Aug. 7 underscore ...").
            return nxt if ahead <= back + 3 else last
        if tense == FUTURE:
            # Future cues ("will", "is expected to") are reliable, unless the date has only just passed (for a
            # single day: within the last few days; a clause about what is to come names no day weeks gone).
            if last.gran in ("day", "time"):
                return last if ahead > 6 and (cur - last.start).days <= 3 else nxt
            return last if ahead > 6 and back <= 1 else nxt
        if tense == PAST:
            return nxt if back > far_months and ahead <= near_months else last
        # No cue: news mostly reports the past; the coming occurrence wins only when clearly nearer.
        return nxt if back > 6 and ahead <= 3 else last

    def month(self, month: int) -> Period | None:
        return self.pick_year(lambda y: Period.month(y, month))

    def day_of_month(self, month: int, day: int) -> Period | None:
        def make(y: int) -> Period | None:
            try:
                return Period.day(dt.date(y, month, day))
            except ValueError:  # Feb 29 in a common year
                return None

        return self.pick_year(make)

    def day_of_this_month(self, d: int) -> Period | None:
        """A day named by its number alone ("on the 15th"): in the month just named if there is one ("In
        March ... on the 15th"); else the nearest such day ahead of publication in a clause about what is to
        come (or arranged: "rent is due on the 1st"), the nearest one back otherwise."""
        from timeline.timex.calendar import add_months

        if not self.dct:
            return None
        ref = self.ref
        if ref is not None and ref.gran == "month":
            try:
                return Period.day(ref.start.replace(day=d))
            except ValueError:
                return None
        ahead = self.tense() in (FUTURE, PRESENT)
        month = self.dct.replace(day=1)
        for _ in range(13):
            try:
                day = month.replace(day=d)
            except ValueError:
                day = None
            if day is not None and ((ahead and day >= self.dct) or (not ahead and day <= self.dct)):
                return Period.day(day)
            month = add_months(month, 1 if ahead else -1)
        return None

    def quarter(self, q: int) -> Period | None:
        """An ordinal quarter without a year: this year's, unless it has not started yet and the clause
        is not about the future (then last year's: "fourth-quarter profit" reported in January), or it ended
        before the last one and the clause is about the future (then next year's)."""
        if not self.dct:
            return None
        current = (self.dct.month - 1) // 3 + 1
        year = self.dct.year
        tense = self.tense()
        if q > current and tense != FUTURE:
            year -= 1
        elif q < current - 1 and tense == FUTURE:
            year += 1  # "will pick up in the first quarter" in December: next year's (the quarter just ended
            # is still this year's: "will report third-quarter results" in October)
        return Period.quarter(year, q)

    def season(self, code: str, *, which: str) -> Period | None:
        """which: 'last' (most recent one that has ended), 'this' (this year's), 'next', 'bare'."""
        if not self.dct:
            return None
        d = self.dct
        this = Period.season(d.year if not (code == "WI" and d.month <= 2) else d.year - 1, code)
        if which == "this":
            return this
        if which == "next":
            return this if this.start > d else this.shift(1, "year")
        if which == "last":
            return this if this.end < d else this.shift(-1, "year")
        # bare "the summer": this year's unless it is still ahead in a past-tense clause
        if this.start > d and self.tense() == PAST:
            return this.shift(-1, "year")
        return this

    def last_week(self) -> Period | None:
        """The ISO week before publication. Published on a weekend, "last week" is often the week now
        ending, so the bounds are widened to run from the previous Monday to the day before publication."""
        if not self.dct:
            return None
        p = Period.week(self.dct - dt.timedelta(days=7))
        if self.settings.WIDEN_LAST_WEEK_ON_WEEKENDS and self.dct.weekday() >= 5:
            from dataclasses import replace

            return replace(p, wide=(p.start, self.dct - dt.timedelta(days=1)))
        return p

    def shift_reference(self, n: int, unit: str, *, anaphoric: bool) -> Period | None:
        """``n`` units from the reference time (anaphoric) or from publication (deictic), keeping the
        reference's granularity when it is at least as fine as the unit ("a year earlier" after "the third
        quarter" -> the same quarter a year before), else the unit's own granularity."""
        base = self.reference() if anaphoric else (Period.day(self.dct) if self.dct else None)
        if base is None:
            return None
        if anaphoric and self.ref is None:
            anaphoric = False  # nothing mentioned yet: "a year earlier" counts from publication
        # Units with no period of their own count in a calendar unit ("three nights later" is three days).
        factor, unit = _COUNTED_AS.get(unit, (1, unit))
        n *= factor
        if unit in ("hour", "minute", "second"):
            return base if base.gran in ("day", "time") else None
        if not finer_or_equal(base.gran, unit):
            return None
        try:
            moved = base.shift(n, unit)
        except (ValueError, OverflowError):  # before year 1 or after 9999: no calendar value to give
            return None
        if anaphoric or base.gran != "day":
            return moved
        return Period.containing(unit, moved.start)

