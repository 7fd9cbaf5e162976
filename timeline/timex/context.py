"""What a resolver may consult: the publication date, the tense of the clause, the last date mentioned.

News conventions encoded here (each one is a choice; the comments say why):
- which occurrence a recurring date names (a bare weekday, a month or day-and-month without a year, a
  holiday, "the 15th", an ordinal quarter) is decided in ``occurrence.py`` from the tense of the clause, the
  one module event dating asks too; the methods here hand it the publication date and the tense;
- anaphoric expressions ("the day before", "four days beforehand") count from the reference time, the
  last anchored date in the text, falling back on the publication date.
"""
from __future__ import annotations

import datetime as dt

from timeline.timex import occurrence
from timeline.timex.calendar import Period
from timeline.timex.settings import TimexSettings
from timeline.timex.tense import FUTURE, PAST, TenseReader

GRAN_ORDER = ["time", "day", "weekend", "week", "month", "quarter", "season", "half", "year", "decade",
              "century"]


# Counted units that are not calendar periods -> (how many of which calendar unit).
_COUNTED_AS = {"night": (1, "day"), "fortnight": (2, "week"), "decade": (10, "year"), "century": (100, "year")}


def finer_or_equal(a: str, b: str) -> bool:
    return GRAN_ORDER.index(a) <= GRAN_ORDER.index(b)


class Context:
    def __init__(self, *, text: str, published: dt.date | None, tense: TenseReader,
                 settings: TimexSettings, forced_tense: str | None = None) -> None:
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
        # The tense to resolve by instead of the one read around a span (``timeline.timex.resolve_span``).
        self.forced_tense = forced_tense
        # Offsets of the hit being resolved, so resolvers can ask for its tense without carrying them.
        self.start = 0
        self.end = 0

    # --- the clause around the current hit ---------------------------------------------------------
    def tense(self) -> str | None:
        if self.forced_tense is not None:
            return self.forced_tense
        return self.tenses.at(self.start, self.end)

    def reference(self) -> Period | None:
        """The last anchored date, else the publication day."""
        if self.ref is not None:
            return self.ref
        return Period.day(self.dct) if self.dct else None

    def dct_period(self, gran: str) -> Period | None:
        return Period.containing(gran, self.dct) if self.dct else None

    # --- conventions: which occurrence of a recurring date (decided in occurrence.py) -----------------
    def weekday(self, wd: int, *, force: str | None = None) -> Period | None:
        """Bare weekday: most recent on/before publication in the past, next on/after in the future."""
        if not self.dct:
            return None
        policy = self.settings.BARE_WEEKDAY
        tense = force or (PAST if policy == "past" else FUTURE if policy == "future" else self.tense())
        return occurrence.weekday(self.dct, wd, tense)

    def pick_year(self, make, *, near_months: int = 2, far_months: int = 10) -> Period | None:
        """The same calendar point (``make(year) -> Period | None``) in the year the tense and publication
        give (``occurrence.nearest_year``)."""
        if not self.dct:
            return None
        return occurrence.nearest_year(make, self.dct, self.tense(), near_months=near_months,
                                       far_months=far_months)

    def month(self, month: int) -> Period | None:
        return self.pick_year(lambda y: Period.month(y, month))

    def day_of_month(self, month: int, day: int) -> Period | None:
        def make(y: int) -> Period | None:
            try:
                return Period.day(dt.date(y, month, day))
            except ValueError:  # Feb 29 in a common year
                return None

        return self.pick_year(make)

    def day_of_this_month(self, d: int, *, wd: int | None = None) -> Period | None:
        """A day named by its number alone ("on the 15th") or with its weekday ("Thursday the 9th"), in the
        month just named or the nearest one the tense gives (``occurrence.day_in_month``)."""
        if not self.dct:
            return None
        return occurrence.day_in_month(self.dct, d, self.tense(), wd=wd, narrative=self.ref)

    def quarter(self, q: int) -> Period | None:
        """An ordinal quarter without a year (``occurrence.quarter``)."""
        return occurrence.quarter(self.dct, q, self.tense()) if self.dct else None

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

