"""The one parser of the dates a reader gives: publication dates from flags, front matter, JSON lines, forms.

``YYYY-MM-DD``, or a longer ISO 8601 timestamp whose date part is kept (``2016-01-31T12:00``,
``2016-01-31T10:00:00Z``): every command accepts the same forms. An impossible day ("2025-02-30") is refused
with a message that names it, never moved to a nearby day; so is a year outside 1 to 9998.
"""
from __future__ import annotations

import datetime as dt
import re

from articles.errors import InputError

# The years a date may name: the calendar's own (1 to 9999) less its last, so that a day's week, month or next
# day always exists (9999-12-31's ISO week ends in the year 10000).
MIN_YEAR, MAX_YEAR = 1, 9998
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ]\d{2}(?::\d{2}){0,2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_date(value, *, what: str = "date") -> dt.date:
    """The day ``value`` names; ``InputError`` saying what is wrong with it otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InputError(f"invalid {what} {value!r}: expected YYYY-MM-DD")
    m = _ISO.fullmatch(value.strip())
    if not m:
        raise InputError(f"invalid {what} {value!r}: expected YYYY-MM-DD")
    if not MIN_YEAR <= int(m["y"]) <= MAX_YEAR:
        raise InputError(f"invalid {what} {value!r}: year {m['y']} is out of range ({MIN_YEAR} to {MAX_YEAR})")
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError as exc:  # "day is out of range for month"
        raise InputError(f"invalid {what} {value!r}: no such day ({exc})") from None


def iso_day(value) -> dt.date | None:
    """``parse_date`` for values already stored (a TIMEX's earliest/latest, a row's published): None, not an
    error, when there is no day in it ("PRESENT_REF", "2016-W05", None)."""
    if isinstance(value, str):
        value = value[:10]  # TIMEX3 values may go on past the day: "2016-01-31TMO", "2016-02-08T14:00"
    try:
        return parse_date(value)
    except InputError:
        return None
