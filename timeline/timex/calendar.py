"""Calendar periods: a granularity plus a start day, with their TIMEX3 value, bounds and shifts.

Every anchored timex resolves to one ``Period``; the tagger never does date arithmetic anywhere else, so
the week/quarter/season conventions live in one place.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

# Granularity -> the `precision` reported (the contract's list has no season or half: a season is reported
# as "quarter" (three months), a half-year as "quarter" too, its bounds tell the real extent).
PRECISION = {
    "time": "hour", "day": "day", "week": "week", "weekend": "day", "month": "month", "quarter": "quarter",
    "season": "quarter", "half": "quarter", "year": "year", "decade": "decade", "century": "century",
}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def add_months(d: dt.date, n: int) -> dt.date:
    """Shift by whole months, clamping the day (Jan 31 + 1 month -> Feb 29/28)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def monday_of(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def nth_weekday(y: int, month: int, wd: int, n: int) -> dt.date:
    """n-th (1-based; -1 = last) weekday ``wd`` of a month."""
    if n > 0:
        first = dt.date(y, month, 1)
        return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(y + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - wd) % 7)


def easter(y: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * mm + 114) // 31
    day = (h + ll - 7 * mm + 114) % 31 + 1
    return dt.date(y, month, day)


@dataclass(frozen=True, kw_only=True)
class Period:
    """An anchored stretch of calendar time. ``start`` is the first day; ``code`` holds the season code,
    the quarter/half number is derived from ``start``; ``clock`` is a TIMEX3 time suffix ('T10:35', 'TMO')."""

    gran: str
    start: dt.date
    code: str | None = None
    clock: str | None = None
    # Set when the bounds deliberately differ from the value's: wider (see ``last_week``, a feast of several
    # days) or narrower (a part of the period: ``part``, ``clamp``).
    wide: tuple[dt.date, dt.date] | None = None

    # --- constructors -------------------------------------------------------------------------------
    @classmethod
    def day(cls, d: dt.date) -> "Period":
        return cls(gran="day", start=d)

    @classmethod
    def week(cls, d: dt.date) -> "Period":
        return cls(gran="week", start=monday_of(d))

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(gran="month", start=dt.date(year, month, 1))

    @classmethod
    def quarter(cls, year: int, q: int) -> "Period":
        return cls(gran="quarter", start=dt.date(year, 3 * (q - 1) + 1, 1))

    @classmethod
    def half(cls, year: int, h: int) -> "Period":
        return cls(gran="half", start=dt.date(year, 1 if h == 1 else 7, 1))

    @classmethod
    def season(cls, year: int, code: str) -> "Period":
        return cls(gran="season", start=dt.date(year, SEASON_START[code], 1), code=code)

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(gran="year", start=dt.date(year, 1, 1))

    @classmethod
    def decade(cls, first_year: int) -> "Period":
        return cls(gran="decade", start=dt.date(first_year - first_year % 10, 1, 1))

    @classmethod
    def century(cls, first_year: int) -> "Period":
        return cls(gran="century", start=dt.date(max(1, first_year - first_year % 100), 1, 1))

    @classmethod
    def containing(cls, gran: str, d: dt.date) -> "Period":
        """The period of granularity ``gran`` that contains day ``d``."""
        if gran == "day":
            return cls.day(d)
        if gran == "week":
            return cls.week(d)
        if gran == "month":
            return cls.month(d.year, d.month)
        if gran == "quarter":
            return cls.quarter(d.year, (d.month - 1) // 3 + 1)
        if gran == "half":
            return cls.half(d.year, 1 if d.month <= 6 else 2)
        if gran == "year":
            return cls.year(d.year)
        if gran == "decade":
            return cls.decade(d.year)
        if gran == "century":
            return cls.century(d.year)
        raise ValueError(f"no period of granularity {gran!r}")

    # --- views ---------------------------------------------------------------------------------------
    @property
    def value(self) -> str:
        s = self.start
        if self.gran in ("day", "time"):
            return s.isoformat() + (self.clock or "")
        if self.gran == "week":
            y, w, _ = s.isocalendar()
            return f"{y}-W{w:02d}"
        if self.gran == "weekend":
            y, w, _ = s.isocalendar()
            return f"{y}-W{w:02d}-WE"
        if self.gran == "month":
            return f"{s.year:04d}-{s.month:02d}"
        if self.gran == "quarter":
            return f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}"
        if self.gran == "half":
            return f"{s.year:04d}-H{1 if s.month <= 6 else 2}"
        if self.gran == "season":
            return f"{s.year:04d}-{self.code}"
        if self.gran == "year":
            return f"{s.year:04d}"
        if self.gran == "decade":
            return f"{s.year // 10:03d}"
        if self.gran == "century":
            return f"{s.year // 100:02d}"
        raise ValueError(self.gran)

    @property
    def end(self) -> dt.date:
        """Last day of the period (inclusive)."""
        s = self.start
        if self.gran in ("day", "time"):
            return s
        if self.gran == "week":
            return s + dt.timedelta(days=6)
        if self.gran == "weekend":
            return s + dt.timedelta(days=6)
        months = {"month": 1, "quarter": 3, "season": 3, "half": 6, "year": 12, "decade": 120,
                  "century": 1200}[self.gran]
        return add_months(s, months) - dt.timedelta(days=1)

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        if self.wide:
            return self.wide
        if self.gran == "weekend":
            return self.start + dt.timedelta(days=5), self.start + dt.timedelta(days=6)
        return self.start, self.end

    @property
    def precision(self) -> str:
        return PRECISION[self.gran]

    def part(self, which: str) -> "Period":
        """The same period (its value unchanged) with its bounds narrowed to its "early", "mid" or "late"
        third: a month's days 1-10, 11-20, 21 to the end (as the month is commonly cut in three); else whole
        units, the first third rounded up, the last likewise, the middle between: a week's Monday-Wednesday,
        Wednesday-Friday, Friday-Sunday; a year's January-April, May-August, September-December; a decade's
        first four years, its years 3-6, its last four. A day keeps its bounds."""
        if self.gran in ("day", "time"):
            return self
        lo, hi = self.bounds
        if self.gran == "month":
            first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, hi.day)}[which]
            return replace(self, wide=(lo.replace(day=first), lo.replace(day=last)))
        if self.gran in ("week", "weekend"):
            n = (hi - lo).days + 1
            begin = lambda i: lo + dt.timedelta(days=i)  # noqa: E731
            finish = begin
        else:
            months = 12 if self.gran in ("decade", "century") else 1  # count in years or in months
            n = ((hi.year - lo.year) * 12 + hi.month - lo.month + 1) // months
            begin = lambda i: add_months(lo, i * months)  # noqa: E731
            finish = lambda i: add_months(lo, (i + 1) * months) - dt.timedelta(days=1)  # noqa: E731
        third_up, third_down = -(-n // 3), n // 3
        i, j = {"early": (0, third_up - 1), "mid": (third_down, n - third_down - 1),
                "late": (n - third_up, n - 1)}[which]
        return replace(self, wide=(begin(i), finish(j)))

    def clamp(self, first: dt.date | None = None, last: dt.date | None = None) -> "Period":
        """The same period with its bounds cut to begin no earlier than ``first`` and end no later than
        ``last`` ("later this year": from the day of speaking on), when that leaves a stretch inside it."""
        lo, hi = self.bounds
        lo2, hi2 = max(lo, first) if first else lo, min(hi, last) if last else hi
        return replace(self, wide=(lo2, hi2)) if lo2 <= hi2 and (lo2, hi2) != (lo, hi) else self

    # --- arithmetic ----------------------------------------------------------------------------------
    def shift(self, n: int, unit: str | None = None) -> "Period":
        """Move by ``n`` units (default: the period's own unit), keeping the granularity."""
        unit = unit or self.gran
        s = self.start
        if unit in ("day", "time"):
            new = s + dt.timedelta(days=n)
        elif unit in ("week", "weekend"):
            new = s + dt.timedelta(weeks=n)
        else:
            months = {"month": 1, "quarter": 3, "season": 12, "half": 6, "year": 12, "decade": 120,
                      "century": 1200}[unit]
            new = add_months(s, n * months)
        if self.gran in ("day", "time", "season", "weekend"):
            return replace(self, start=new, wide=None)
        return Period.containing(self.gran, new)

    def with_clock(self, clock: str) -> "Period":
        return replace(self, gran="time", clock=clock)


# --- other calendars: the tabular Islamic calendar and the March equinox ----------------------------------
# The tabular (arithmetical) Islamic calendar: 30-year cycles of 10,631 days, months alternating 30 and 29 days,
# the twelfth month taking a 30th day in the 11 leap years of each cycle (2, 5, 7, 10, 13, 16, 18, 21, 24, 26,
# 29); day 1 of year 1 is 16 July 622 (Julian), 19 July 622 in the proleptic Gregorian calendar Python uses.
# Announced dates follow the sighting of the moon and may differ from it by a day or two.
_HIJRI_EPOCH = dt.date(622, 7, 19).toordinal()


def hijri_to_date(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of day ``day`` of month ``month`` (1 = Muharram) of Hijri year ``year``."""
    days_before_month = 29 * (month - 1) + month // 2  # ceil(29.5 * (month - 1))
    days_before_year = (year - 1) * 354 + (3 + 11 * year) // 30
    return dt.date.fromordinal(_HIJRI_EPOCH + days_before_year + days_before_month + day - 1)


def hijri_month_length(year: int, month: int) -> int:
    if month == 12:
        return 30 if (14 + 11 * year) % 30 < 11 else 29
    return 30 if month % 2 else 29


def hijri_in_year(gregorian_year: int, month: int, day: int) -> list[dt.date]:
    """The days ``day``/``month`` of the Hijri calendar that fall in a Gregorian year (one, sometimes two:
    the Hijri year is eleven days shorter)."""
    approx = int((gregorian_year - 622) * 33 / 32)
    out = [hijri_to_date(h, month, day) for h in range(approx - 1, approx + 3)]
    return [d for d in out if d.year == gregorian_year]


def _march_equinox(year: int) -> dt.datetime:
    """The moment (UTC) of the March equinox: Meeus' mean-equinox polynomial for the years 1000-3000, good
    to well under an hour in the years news writes about."""
    y = (year - 2000) / 1000
    jde = 2451623.80984 + 365242.37404 * y + 0.05169 * y * y - 0.00411 * y ** 3 - 0.00057 * y ** 4
    return dt.datetime(2000, 1, 1, 12) + dt.timedelta(days=jde - 2451545.0)  # JD 2451545.0: 2000-01-01 12:00


def nowruz(year: int) -> dt.date:
    """The Iranian new year: the day of the March equinox when it falls before noon in Tehran (UTC+3:30),
    else the next day."""
    moment = _march_equinox(year) + dt.timedelta(hours=3.5)
    return moment.date() if moment.hour < 12 else moment.date() + dt.timedelta(days=1)


def date_to_hijri(d: dt.date) -> tuple[int, int, int]:
    """(year, month, day) of the tabular Islamic calendar for a Gregorian date (on or after its epoch)."""
    days = d.toordinal() - _HIJRI_EPOCH  # days since 1 Muharram 1
    year = (30 * days + 10646) // 10631
    while hijri_to_date(year + 1, 1, 1) <= d:
        year += 1
    while hijri_to_date(year, 1, 1) > d:
        year -= 1
    month = 1
    while month < 12 and hijri_to_date(year, month + 1, 1) <= d:
        month += 1
    return year, month, (d - hijri_to_date(year, month, 1)).days + 1
