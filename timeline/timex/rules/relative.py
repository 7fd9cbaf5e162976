"""Expressions whose date depends on when they are said or on the date just mentioned: "yesterday",
"on Thursday", "last week", "two weeks ago", "earlier this year", "the day before", "four days beforehand",
"later that week", "this morning", "10:35 a.m.".

Deictic ones count from the publication date; anaphoric ones from the reference time (Context.reference).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from timeline.timex.calendar import Period, add_months
from timeline.timex.context import finer_or_equal
from timeline.timex.lexicon import (UNITS_SMALL, CALENDAR_UNITS, MONTH_ABBREVIATIONS, DAY_PARTS, DAY_PART_RE, DEICTIC_DAYS, DEICTIC_DAY_RE, MONTHS,
                                    MONTH_ABBR_BARE_RE, MONTH_RE, NUMBER_RE, TIME_ZONE_RE, UNITS, UNIT_RE,
                                    VAGUE_UNITS, WEEKDAYS, WEEKDAY_ABBREVIATIONS, WEEKDAY_ANY_RE, WEEKDAY_RE,
                                    AMBIGUOUS_WEEKDAY_ABBREVIATIONS, alternatives, parse_number, plural, unit_key,
                                    weekday_number)
from timeline.timex.rules.base import YEAR, Resolution, at_sentence_start, hit, part_of, rule, words_before
from timeline.timex.rules.example import Example
from timeline.timex.tense import FUTURE, PAST, PRESENT

_PART = rf"(?P<part>{DAY_PART_RE})"


def _day_or_time(p: Period | None, part: str | None, *, kind: str = "DATE") -> Resolution:
    if p is None:
        return Resolution(type="TIME" if part else kind, precision="hour" if part else "day")
    if part:
        return Resolution(type="TIME", period=p.with_clock("T" + DAY_PARTS[part.lower()]))
    return Resolution(type=kind, period=p)


# --- today, yesterday, tonight ---------------------------------------------------------------------------
_GENERIC_TODAY = (r"['’]s\s+(?:\w+\s+)?(?:world|youth|society|generation|children|kids|young|teenagers|families"
                  r"|culture|economy|standards|technology|computers|cars|consumers|students|workers|women|men)\b")


@rule(rf"""(?<![\w-])(?i:(?:(?P<mod>late|early)\s+)?(?P<w>{DEICTIC_DAY_RE})(?!\w)
           (?:\s+{_PART}(?!\w))?)""", priority=3, triggers=('today', 'tonight', 'yesterday', 'tomorrow'),
      examples=(
          Example("He spoke yesterday.", "1998-08-07", "yesterday", "1998-08-06"),
          Example("They will talk tonight.", "1998-08-07", "tonight", "1998-08-07TNI"),
          Example("He resigned late yesterday afternoon.", "1998-08-07", "late yesterday afternoon", "1998-08-06TAF"),
      ))
def deictic_day(m, text):
    w = m["w"].lower()
    if w == "today":
        if m["w"] == "Today" and not m["mod"] and not at_sentence_start(text, m.start()) and \
                re.search(r"\b[A-Z][\w.&]*\s+$", text[max(0, m.start() - 20):m.start()]):
            return None  # a name: "USA Today", "VOA Today"
        if re.match(_GENERIC_TODAY, text[m.end():m.end() + 30], re.I):
            return None  # "today's world", "today's youth": the present age, not the day (not tagged)
    part = m["part"] or ("night" if w == "tonight" else None)

    def resolve(ctx):
        base = ctx.dct_period("day")
        return _day_or_time(base.shift(DEICTIC_DAYS[w]) if base else None, part)

    return hit(m, resolve)


@rule(r"""(?<![\w-])(?i:(?:the\s+)?day\s+(?P<dir>before\s+yesterday|after\s+tomorrow))(?!\w)""", priority=4, triggers=('yesterday', 'tomorrow'),
      examples=(
          Example("The ship docked the day before yesterday.",
                  "1998-08-07", "the day before yesterday", "1998-08-05"),
          Example("Let's meet day after tomorrow.", "2026-12-07", "day after tomorrow", "2026-12-09"),
      ))
def day_before_yesterday(m, text):
    n = -2 if m["dir"].lower().startswith("before") else 2

    def resolve(ctx):
        base = ctx.dct_period("day")
        return _day_or_time(base.shift(n) if base else None, None)

    return hit(m, resolve)


@rule(rf"""(?<![\w-])(?i:(?P<rel>this|last|that|the\s+same|the\s+next|the\s+following|the\s+previous|early\s+this
           |late\s+last|early|late)\s+{_PART})(?!\w)""", priority=2, triggers=('morning', 'afternoon', 'evening', 'night'),
      examples=(
          Example("He spoke this morning.", "1998-08-07", "this morning", "1998-08-07TMO"),
          Example("Rebels attacked the town last night.", "1998-08-07", "last night", "1998-08-06TNI"),
      ))
def part_of_day(m, text):
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    part = m["part"]
    if rel in ("early", "late"):
        return None  # "early morning" without a day: too vague to anchor

    def resolve(ctx):
        if rel in ("this", "early this"):
            base = ctx.dct_period("day")
        elif rel in ("last", "late last"):
            # "last night" is the night before publication; "last evening" likewise.
            base = ctx.dct_period("day")
            base = base.shift(-1) if base else None
        else:
            ref = ctx.reference()
            base = ref if ref is not None and ref.gran in ("day", "time") else None
            if base is not None:
                base = Period.day(base.start)
                if rel in ("the next", "the following"):
                    base = base.shift(1)
                elif rel == "the previous":
                    base = base.shift(-1)
        return _day_or_time(base, part)

    return hit(m, resolve)


# --- weekdays ----------------------------------------------------------------------------------------------
@rule(rf"""(?<![\w-])(?:(?P<rel>(?i:last|this\s+coming|this|next|this\s+past|early|late|early\s+next|late\s+last|early\s+last
           |the\s+previous|the\s+preceding|the\s+following))\s+)?
           (?P<wd>{WEEKDAY_ANY_RE})(?P<pl>s)?(?![\w-])(?P<poss>['’]s)?(?:\s+(?i:{_PART})(?P<ppl>s)?)?(?!\w)""",
      priority=2,
      examples=(
          Example("The minister said on Tuesday that talks failed.", "1989-10-26", "Tuesday", "1989-10-24"),
          Example("The minister will visit on Tuesday.", "1989-10-26", "Tuesday", "1989-10-31"),
          Example("Two flights will leave on Monday and Tuesday nights.",
                  "1998-08-07", "Tuesday nights", "XXXX-WXX-2TNI"),
          Example("Stocks fell Friday, down 4.5% from the previous Friday.",
                  "1989-10-30", "the previous Friday", "1989-10-20"),
          Example("He spoke on Friday.", None, "Friday", None),
          Example("The deadline is Tuesday.", "1998-08-07", "Tuesday", "1998-08-11"),
          Example("The board meets again on Thu.", "2026-12-07", "Thu.", "2026-12-10"),
          Example("Can we meet tues?", "2026-12-07", "tues", "2026-12-08"),
          Example("The review was moved to next Fri.", "2026-12-07", "next Fri.", "2026-12-11"),
          Example("The parcel arrived on Sat.", "2026-12-07", "Sat.", "2026-12-05"),
      ))
def weekday(m, text):
    wd = weekday_number(m["wd"])
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    part = m["part"]
    if m["wd"].lower().rstrip(".") in WEEKDAY_ABBREVIATIONS:
        if m["pl"] or not _abbreviated_weekday_ok(m, text):
            return None
    shared = None if part else re.match(rf"(?:,|\s+and|\s+or)\s+{WEEKDAY_RE}\s+{_PART}s\b", text[m.end():m.end() + 40])
    if shared and not m["rel"]:
        # "on Monday and Tuesday nights": the plural part of day is shared, every Monday night.
        v = f"XXXX-WXX-{wd + 1}T{DAY_PARTS[shared['part'].lower()]}"
        return hit(m, lambda ctx: Resolution(type="SET", value=v, precision="day", sets_reference=False),
                   end=m.end("wd"))
    if m["pl"] or m["ppl"]:
        # "Mondays": every Monday; "Tuesday nights": every Tuesday night.
        v = f"XXXX-WXX-{wd + 1}" + ("T" + DAY_PARTS[part.lower()] if m["ppl"] else "")
        return hit(m, lambda ctx: Resolution(type="SET", value=v, precision="day", sets_reference=False),
                   end=m.end() if m["ppl"] else m.end("pl"))
    # The possessive 's stays out of the span ("Friday's meeting" -> "Friday"), unless a day part follows.
    end = m.end() if part else m.end("wd")
    poss = bool(m["poss"])

    def resolve(ctx):
        if not ctx.dct:
            return _day_or_time(None, part)
        return _day_or_time(_weekday_period(ctx, wd, rel, possessive=poss and not part), part)

    return hit(m, resolve, end=end)


def _abbreviated_weekday_ok(m, text: str) -> bool:
    """"Thu", "Tues." are weekdays wherever they stand; "Sun", "Mon", "Sat", "Wed" are also names and words
    ("Sun Microsystems", "for Sun to meet demand"), so they count only after "on", "next", "until" ... and
    not before a capital or a possessive; "Mon", "Sat", "Wed" also at the end of a clause ("starts Sat.")."""
    word = m["wd"].lower().rstrip(".")
    if word not in AMBIGUOUS_WEEKDAY_ABBREVIATIONS:
        return True
    if m["poss"] or re.match(r"\s+[A-Z]", text[m.end("wd"):m.end("wd") + 2]):
        return False
    if m["rel"]:
        return True
    prev = text[max(0, m.start() - 12):m.start()].split()
    if prev and prev[-1].lower() in ("on", "until", "till", "by", "before", "after", "from", "every"):
        return True
    return word != "sun" and not at_sentence_start(text, m.start()) and bool(
        re.match(r"\.?\s*(?:[,;:!?)]|$)|\.\s", text[m.end("wd") - (1 if m["wd"].endswith(".") else 0):
                                                 m.end("wd") + 2]))


def _weekday_period(ctx, wd: int, rel: str, *, possessive: bool = False) -> Period | None:
    """The day a weekday names, with its modifier ("last", "next", "this", "the following" ...)."""
    today = ctx.dct.weekday()
    if rel in ("last", "this past", "late last", "early last"):
        back = (today - wd) % 7 or 7
        p = Period.day(ctx.dct - dt.timedelta(days=back))
    elif rel in ("next", "early next", "this coming"):
        fwd = (wd - today) % 7 or 7
        p = Period.day(ctx.dct + dt.timedelta(days=fwd))
    elif rel in ("the previous", "the preceding", "the following"):
        # Anaphoric: the one before / after the day being narrated ("down from the previous Friday").
        ref = ctx.reference()
        base = ref.start if ref is not None and ref.gran in ("day", "time") else ctx.dct
        if rel == "the following":
            p = Period.day(base + dt.timedelta(days=(wd - base.weekday()) % 7 or 7))
        else:
            p = Period.day(base - dt.timedelta(days=(base.weekday() - wd) % 7 or 7))
    elif rel == "this":
        p = ctx.weekday(wd, force=FUTURE if wd >= today else PAST)
    elif possessive:
        # "Wednesday's ruling" names an event already reported, whatever the verb of the clause.
        p = ctx.weekday(wd, force=PAST)
    else:
        p = ctx.weekday(wd)
    return p


# --- last week, this month, next year, earlier this year ---------------------------------------------------
_REL_UNIT = rf"(?P<unit>{alternatives(CALENDAR_UNITS)})"


@rule(rf"""(?<![\w-])(?i:(?:(?P<mod>earlier|later|early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of
           |the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of|sometime|some\s+time)(?:\s*-\s*|\s+))?
           (?P<rel>last|this|next|this\s+past|this\s+coming|the\s+current|the\s+previous|the\s+following
           |the\s+same|that|the\s+prior|the\s+next|the\s+past|the\s+coming|the\s+last|the\s+latest|past|coming)\s+
           (?P<fiscal>fiscal\s+|calendar\s+)?{_REL_UNIT})(?!\w)(?!-)""", priority=2, triggers=('week', 'month', 'quarter', 'year', 'decade', 'century'),
      examples=(
          Example("It grew last year.", "1998-08-07", "last year", "1997"),
          Example("They will meet next week.", "1998-08-07", "next week", "1998-W33"),
          Example("The nurse was hurt earlier this year.", "1998-08-07", "earlier this year", "1998"),
          Example("Sales rose over the past year.", "1998-08-07", "the past year", "P1Y"),
          Example("The contract ends by the end of next week.", "2026-12-07", "the end of next week", "2026-W51"),
          Example("The move happens early next month.", "2026-12-07", "early next month", "2027-01"),
      ))
def relative_unit(m, text):
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["unit"].lower()
    if m["unit"][0].isupper() and m["rel"][0].isupper() and not at_sentence_start(text, m.start()):
        return None  # "This Week" (a TV programme) in mid-sentence
    if rel == "the latest":
        if unit != "year" or not m["fiscal"]:
            return None
        rel = "last"
    mod = (m["mod"] or "").lower()
    if rel in ("the past", "the coming", "the last", "past", "coming", "the next"):
        # "the past week", "the next year": TimeML reads these as durations of one unit.
        if unit == "weekend":
            return None
        from timeline.timex.rules.base import duration_value

        return hit(m, lambda ctx: Resolution(type="DURATION", value=duration_value(1, unit),
                                             precision=_unit_precision(unit), sets_reference=False))

    def whole(ctx):
        if rel in ("that", "the same", "the previous", "the following", "the prior"):
            ref = ctx.reference()
            if ref is None:
                return Resolution(type="DATE", precision=_unit_precision(unit))
            gran = "week" if unit == "weekend" else unit
            base = Period.containing(gran, ref.start)
            if unit == "weekend":
                base = _weekend(base.start)
            step = {"the previous": -1, "the prior": -1, "the following": 1}.get(rel, 0)
            return Resolution(type="DATE", period=base.shift(step) if step else base)
        if not ctx.dct:
            return Resolution(type="DATE", precision=_unit_precision(unit))
        step = {"last": -1, "next": 1, "this coming": 1}.get(rel, 0)
        if rel == "this past" and unit in ("week", "weekend"):
            step = -1 if unit == "week" or ctx.dct.weekday() < 5 else 0
        if unit == "week" and step == -1 and rel == "last":
            return Resolution(type="DATE", period=ctx.last_week())
        if unit == "weekend":
            wk = ctx.dct_period("week")
            if rel == "last" and ctx.dct.weekday() >= 5:
                step = -1  # "last weekend" read on a Sunday is still the one before
            return Resolution(type="DATE", period=_weekend(wk.shift(step).start))
        return Resolution(type="DATE", period=ctx.dct_period(unit).shift(step))

    def resolve(ctx):
        res = whole(ctx)
        if not mod or res.period is None:
            return res
        return replace(res, period=part_of(res.period, mod, ctx.dct))  # "the end of next week", "early next month"

    return hit(m, resolve)


@rule(r"""(?<![\w-])(?i:(?P<mod>(?:the\s+)?(?:end|beginning|start|middle))\s+of\s+the\s+(?P<unit>week|month|quarter))
          (?![\w-])""", priority=2, triggers=("week", "month", "quarter"),
      examples=(
          Example("The report is due at the end of the month.", "2026-12-07", "the end of the month", "2026-12"),
          Example("Invoices go out at the beginning of the month.", "2025-03-12", "the beginning of the month",
                  "2025-03"),
          Example("The summit opened on March 3. By the end of the week the talks had failed.", "1998-08-07",
                  "the end of the week", "1998-W10"),
      ))
def part_of_the_unit(m, text):
    """"the end of the month", "the beginning of the week": a part of the week, month or quarter being
    narrated (the one holding the date just named), else of the publication date's; the value is the whole
    period, the bounds its part."""
    unit = m["unit"].lower()

    def resolve(ctx):
        ref = ctx.reference()
        if ref is None:
            return Resolution(type="DATE", precision=unit)
        base = Period.containing(unit, ref.start) if finer_or_equal(ref.gran, unit) else ctx.dct_period(unit)
        return Resolution(type="DATE", period=part_of(base, m["mod"] + " of", ctx.dct))

    return hit(m, resolve)


def _weekend(monday: dt.date) -> Period:
    return Period(gran="weekend", start=monday)


def _unit_precision(unit: str) -> str:
    return {"weekend": "day"}.get(unit, unit)


@rule(r"""(?<![\w-])(?i:(?P<the>the\s+)weekend)(?!\w)""", priority=1, triggers=('weekend',),
      examples=(
          Example("Talks resumed over the weekend.", "1998-08-07", "the weekend", "1998-W31-WE"),
      ))
def the_weekend(m, text):
    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="DATE", precision="day")
        wk = ctx.dct_period("week")
        # Published Monday-Friday, "the weekend" is the one just past unless the clause looks ahead.
        step = 0 if ctx.dct.weekday() >= 5 or ctx.tense() == FUTURE else -1
        return Resolution(type="DATE", period=_weekend(wk.shift(step).start))

    return hit(m, resolve)


# --- N units ago / earlier / later / beforehand ------------------------------------------------------------
_APPROX = (r"(?P<approx>about|nearly|almost|more\s+than|less\s+than|fewer\s+than|some|over|at\s+least|just"
           r"|only|roughly|around|approximately|barely|fully|up\s+to|exactly|precisely|a\s+full|a\s+mere)")


@rule(rf"""(?<![\w-])(?i:(?:{_APPROX}\s+)?(?P<num>{NUMBER_RE})[\s-]+(?P<unit>{UNIT_RE})s?
           (?P<dir>\s+(?:ago|earlier|later|before|after|beforehand|afterwards?|from\s+now|hence|back|
           previously|prior|on))(?!\w))""", priority=3,
      examples=(
          Example("He left two weeks ago.", "1998-08-07", "two weeks ago", "1998-W30"),
          Example("The summit opened on March 3. Two days later the talks collapsed.",
                  "1989-10-26", "Two days later", "1989-03-05"),
          Example("Sales rose a year earlier.", "1998-08-07", "a year earlier", "1997"),
          Example("Two years after the war began, talks resumed.", "1989-10-26", "Two years", "P2Y"),
          Example("The summit opened on March 3. Three nights later it closed.",
                  "1998-08-07", "Three nights later", "1998-03-06"),
      ))
def counted_relative(m, text):
    unit = unit_key(m["unit"])
    direction = re.sub(r"\s+", " ", m["dir"].strip().lower())
    num_text = m["num"].lower()
    if unit == "second" and num_text in ("a", "an"):
        return None  # "a second time"
    n = parse_number(num_text)
    if direction in ("before", "after", "prior", "on"):
        # "two years after America began airstrikes": the anchor is an event, not a date; TimeML tags the
        # duration "two years" (with "after" as a signal). At the end of a clause ("the day before.") or
        # before a date ("two days before Friday") it is anaphoric to the reference time instead.
        tail = text[m.end():m.end() + 25]
        clause_end = re.match(r"\s*(?:[,.;:)!?\"'”’]|$|\s*(?:and|but|when|while|that)\b)", tail)
        if direction in ("on", "prior") or not clause_end:
            from timeline.timex.rules.base import duration_value

            return hit(m, lambda ctx: Resolution(type="DURATION", value=duration_value(n, unit),
                                                 precision=_unit_precision(unit), sets_reference=False),
                       end=m.start("dir"))
    back = direction in ("ago", "earlier", "before", "beforehand", "back", "previously")
    anaphoric = direction not in ("ago", "from now", "hence", "back")

    def resolve(ctx):
        if n is None or not float(n).is_integer():
            # "years ago", "a few days earlier": only the direction is known.
            if anaphoric and direction not in ("earlier", "later"):
                return None
            return Resolution(type="DATE", value="PAST_REF" if back else "FUTURE_REF", sets_reference=False)
        amount = int(n) * (-1 if back else 1)
        # Comparisons ("up from a year earlier") do not move the narrative's reference time.
        keep_ref = unit in ("day", "night", "week", "hour", "minute", "second")
        if unit == "year" and amount == -1 and ctx.year_to_date and ctx.dct:
            # "... compared with $2 million a year earlier" after "for the nine months": the previous year.
            return Resolution(type="DATE", period=Period.year(ctx.dct.year - 1), sets_reference=False)
        if unit == "year" and amount == -1 and ctx.last_quarter is not None:
            # "profit rose from a year ago": results news compares with the same quarter a year before.
            return Resolution(type="DATE", period=ctx.last_quarter.shift(-1, "year"), sets_reference=False)
        p = ctx.shift_reference(amount, unit, anaphoric=anaphoric)
        if p is None and anaphoric:
            p = ctx.shift_reference(amount, unit, anaphoric=False)
        if p is None:
            return Resolution(type="DATE", precision=_unit_precision(unit))
        if unit in ("hour", "minute", "second"):
            return Resolution(type="TIME", period=p, sets_reference=False)
        return Resolution(type="DATE", period=p, sets_reference=keep_ref)

    return hit(m, resolve)


# --- in a week, a week from Friday ------------------------------------------------------------------------
_DAY_UNITS = r"(?P<unit>day|week|fortnight|month)"
_DAYS_IN = {"day": 1, "week": 7, "fortnight": 14}


def _later(day: dt.date, n: int, unit: str) -> Period:
    """The day ``n`` days, weeks, fortnights or months after ``day`` (a month on from Jan 31 is Feb 28/29)."""
    if unit == "month":
        return Period.day(add_months(day, n))
    return Period.day(day + dt.timedelta(days=n * _DAYS_IN[unit]))


@rule(rf"""(?<![\w-])(?i:in\s+(?:(?:just|only|another|about|around)\s+)?)(?P<num>(?i:{NUMBER_RE}))\s+
           (?i:(?:{_DAY_UNITS}|(?P<year>year))s?)(?![\w-])(?:['’]s?\s+(?i:time)(?!\w))?
           (?!\s+(?i:of|and|or|to|before|after|since|ago)\b)""",
      priority=3,
      examples=(
          Example("The meeting will be in a week.", "2026-12-07", "a week", "2026-12-14"),
          Example("We will decide in two weeks.", "2026-12-07", "two weeks", "2026-12-21"),
          Example("The results come out in 3 days.", "2026-12-07", "3 days", "2026-12-10"),
          Example("His second letter in two weeks was published.", "2000-02-16", "two weeks", "P2W"),
          Example("The audit will be finished in a month.", "2026-12-07", "a month", "2027-01-07"),
          Example("The rules take effect in two weeks' time.", "2026-12-07", "two weeks' time", "2026-12-21"),
          Example("The loan must be repaid in three months.", "2026-06-30", "three months", "2026-09-30"),
          Example("The stock would be redeemed in five years.", "1989-11-02", "five years", "1994"),
          Example("The prototype was built in a month.", "2026-12-07", "a month", "P1M"),
      ))
def in_days(m, text):
    """"in a week", "in three days", "in a month", "in two weeks' time": in a clause about what is to come,
    the day that many days, weeks or months after the day of speaking ("in five years": that year); in the
    past ("the second letter in two weeks was published") a duration."""
    unit = "year" if m["year"] else m["unit"].lower()
    n = parse_number(m["num"])
    if n is None or not float(n).is_integer():
        return None
    from timeline.timex.rules.base import duration_value

    value = duration_value(n, unit)

    # "the first time in two weeks", "the biggest rise in three days": a stretch looked back over.
    prev = words_before(text, m.start())
    looking_back = bool(prev) and (prev[-1].lower() in ("time", "ever", "first", "once") or
                                   prev[-1].lower().endswith("est"))

    def resolve(ctx):
        if ctx.dct and not looking_back and ctx.tense() != PAST:
            if unit == "year":
                return Resolution(type="DATE", period=Period.year(ctx.dct.year + int(n)))
            return Resolution(type="DATE", period=_later(ctx.dct, int(n), unit))
        return Resolution(type="DURATION", value=value, precision=UNITS[unit][2], sets_reference=False)

    return hit(m, resolve, start=m.start("num"))


# What "from" is followed by in days_from's matches (one space between: the trigger is a plain substring).
_FROM_DAY = tuple(f"from {w}" for w in ("now", "today", "tomorrow", "yesterday", "this", "next", "mon", "tue", "wed",
                                        "thu", "fri", "sat", "sun", *MONTH_ABBREVIATIONS, "may"))


@rule(rf"""(?<![\w-])(?P<num>(?i:{NUMBER_RE}))\s+(?i:{_DAY_UNITS}s?)\s+(?i:from)\s+
           (?:(?P<w>(?i:now|today|tomorrow|yesterday))|(?:(?i:this|next)\s+)?(?P<wd>{WEEKDAY_ANY_RE})
           |(?P<mon>{MONTH_RE}|{MONTH_ABBR_BARE_RE})\s*(?P<md>\d{{1,2}})(?:st|nd|rd|th)?)(?![\w-])""",
      priority=4, triggers=_FROM_DAY,
      examples=(
          Example("The review is a week from today.", "2026-12-07", "a week from today", "2026-12-14"),
          Example("The payment is due a week from Friday.", "2026-12-07", "a week from Friday", "2026-12-18"),
          Example("The trip is three days from now.", "2026-12-07", "three days from now", "2026-12-10"),
          Example("We will know more a month from now.", "2024-08-21", "a month from now", "2024-09-21"),
          Example("The visa expires a month from today.", "2027-05-14", "a month from today", "2027-06-14"),
          Example("The review is a fortnight from today.", "2024-08-21", "a fortnight from today", "2024-09-04"),
      ))
def days_from(m, text):
    """"a week from today", "two weeks from tomorrow", "a week from Friday", "a month from now": that day,
    counted from the day named (a weekday is the coming one)."""
    unit = m["unit"].lower()
    n = parse_number(m["num"])
    if n is None or not float(n).is_integer():
        return None
    w = (m["w"] or "").lower()
    if m["mon"]:
        try:
            dt.date(2000, MONTHS[m["mon"].lower().rstrip(".")], int(m["md"]))
        except ValueError:
            return None

    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="DATE", precision="day")
        if m["wd"]:
            wd = weekday_number(m["wd"])  # the coming one ("a week from Monday" said on a Monday: the next)
            base = Period.day(ctx.dct + dt.timedelta(days=(wd - ctx.dct.weekday()) % 7 or 7))
        elif m["mon"]:
            base = ctx.day_of_month(MONTHS[m["mon"].lower().rstrip(".")], int(m["md"]))
        else:
            base = Period.day(ctx.dct + dt.timedelta(days=DEICTIC_DAYS.get(w, 0)))
        if base is None:
            return None
        return Resolution(type="DATE", period=_later(base.start, int(n), unit))

    return hit(m, resolve)


# --- anaphoric days: the day before, that day, the next day, later that week --------------------------------
@rule(r"""(?<![\w-])(?i:(?:(?P<mod>earlier|later|early|late)\s+)?
          (?:(?P<a>the\s+day\s+(?:before|after)|the\s+(?:previous|next|following|preceding)\s+day|
          (?:that|the\s+same|that\s+same)\s+day|the\s+(?:day|week|month|year)\s+(?:before|after)
          |the\s+(?:previous|preceding)\s+(?:week|month|year)|that\s+(?:week|month|year)
          |the\s+same\s+(?:week|month|year)))(?![\w-]))""", priority=3, triggers=('day', 'week', 'month', 'year'),
      examples=(
          Example("The summit opened on March 3. The day before, police had sealed the city.",
                  "1989-10-26", "The day before", "1989-03-02"),
          Example("The summit opened on March 3. Later that week they resumed.",
                  "1989-10-26", "Later that week", "1989-W09"),
      ))
def anaphoric_unit(m, text):
    phrase = re.sub(r"\s+", " ", m["a"].lower())
    unit = next(u for u in ("day", "week", "month", "year") if u in phrase)
    step = -1 if re.search(r"before|previous|preceding", phrase) else 1 if re.search(r"after|next|following",
                                                                                    phrase) else 0
    if "before" in phrase or "after" in phrase:
        # "the day before the election" anchors on an event; only the bare phrase is anaphoric to a date.
        tail = text[m.end():m.end() + 20]
        if not re.match(r"\s*(?:[,.;:)!?\"'”’]|$|\s*(?:and|but|when|while|that)\b|\s+[A-Z])", tail):
            if not re.match(r"\s+(?:yesterday|today|tomorrow)", tail, re.I):
                return None

    def resolve(ctx):
        ref = ctx.reference()
        if ref is None:
            return Resolution(type="DATE", precision=unit)
        if unit == "day" and ref.gran not in ("day", "time"):
            # "strong redemptions that day" with no day narrated: generic, nothing to anchor on (TimeBank
            # leaves it untagged); never report a DATE without a value when publication is known.
            return None if ctx.dct else Resolution(type="DATE", precision="day")
        base = Period.containing(unit, ref.start)
        return Resolution(type="DATE", period=base.shift(step) if step else base)

    return hit(m, resolve)


# --- clock times ------------------------------------------------------------------------------------------
_TZ = rf"(?:\s+(?:{TIME_ZONE_RE})|\s+local\s+time)"
_HOUR_WORDS = {w: n for w, n in UNITS_SMALL.items() if 1 <= n <= 12}
# Minutes before or after the hour, as said: "a quarter past 3", "half past six", "twenty to five".
_MINUTE_WORDS = {"a quarter": 15, "quarter": 15, "half": 30, "twenty-five": 25, "twenty five": 25, "twenty": 20,
                 "ten": 10, "five": 5}
# Parts of the day that say which half of the clock is meant ("3:15 in the afternoon", "8 tonight").
_CLOCK_PARTS = {"in the morning": "MO", "this morning": "MO", "in the afternoon": "AF", "this afternoon": "AF",
                "in the evening": "EV", "this evening": "EV", "tonight": "NI", "at night": "NI"}


def _clock_re(p: str) -> str:
    """A clock time, its groups named with the prefix ``p`` (a rule may hold two): "10:35 a.m.", "5pm",
    "15:15", "3:15 in the afternoon", "8 tonight", "a quarter past 3pm", "twenty to five", "11 o'clock"."""
    return rf"""(?:(?P<{p}mw>(?i:{alternatives(_MINUTE_WORDS)})|\d{{1,2}}\s+(?i:minutes?))\s+(?P<{p}dir>(?i:past|after|to))\s+
        |(?P<{p}md>\d{{1,2}})\s+(?P<{p}dir2>(?i:past|after))\s+)?
        (?<![\d:.])(?:(?P<{p}h>\d{{1,2}})(?:(?::|\.(?=\d\d\s*(?i:a\.?m|p\.?m)))(?P<{p}min>[0-5]\d))?(?![\d:]|[.,]\d)
        |(?P<{p}hw>(?i:{alternatives(_HOUR_WORDS)}))(?![\w-]))
        (?:\s*(?P<{p}ampm>(?i:a\.m\.?|p\.m\.?|am|pm)(?!\w))|\s+(?P<{p}oc>(?i:o['’]clock))
        |\s+(?P<{p}part>(?i:{alternatives(_CLOCK_PARTS)}))(?!\w))?
        (?P<{p}tz>{_TZ})?"""


def _clock(m, p: str = "", *, hint: str | None = None, bare_ok: bool = False) -> tuple[str, str | None] | None:
    """(TIMEX3 clock suffix "T15:15", the part of day that also names the day or None) of a ``_clock_re``
    match; None when the numbers are no clock time (a bare "8", "3:75"). ``hint``: the part of day of the day
    it is joined to ("tomorrow evening at 7": EV); ``bare_ok``: an hour alone counts ("tomorrow at 5"), read
    in working hours (1 to 6 after noon, 7 to 11 before)."""
    g = lambda k: m.group(p + k)  # noqa: E731
    hour = int(g("h")) if g("h") else _HOUR_WORDS[g("hw").lower()]
    minute = int(g("min") or 0)
    ampm, part = (g("ampm") or "").lower(), (g("part") or "").lower()
    part = re.sub(r"\s+", " ", part)
    said = g("mw") or g("md")
    if said:
        if g("min"):
            return None  # "ten past 3:15"
        w = re.sub(r"\s+", " ", said.lower())
        offset = _MINUTE_WORDS.get(w) or int(re.match(r"\d+", w).group())
        if not 0 < offset < 60:
            return None
        if g("md") and not (ampm or part or g("oc")):
            return None  # "2 past 4" is a count as often as a time; the words ("ten past four") are clear
        minute = offset if (g("dir") or g("dir2")).lower() in ("past", "after") else 60 - offset
        if minute != offset:
            hour -= 1  # "a quarter to 5" is 4:45
            if hour == 0:
                hour = 12
    elif not (ampm or g("oc") or part or hint or bare_ok) and (g("hw") or not g("min")):
        return None  # a bare number ("at five" alone: an amount as often as a time)
    if not part and hint and not ampm:
        part = next(k for k, v in _CLOCK_PARTS.items() if v == hint)
    if not (ampm or part or g("min") or said) and bare_ok and g("oc") is None:
        if not 1 <= hour <= 12:
            return None
        ampm = "pm" if hour <= 6 else "am"  # "tomorrow at 5": 17:00; "Friday at 9": 09:00
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    elif part:
        if not 0 <= hour <= 23:
            return None
        code = _CLOCK_PARTS[part]
        if code in ("AF", "EV") and hour < 12:
            hour += 12
        elif code == "NI" and 6 <= hour < 12:
            hour += 12  # "8 tonight"; "2 at night" stays in the small hours
        elif code == "MO" and hour == 12:
            hour = 0
    elif not 0 <= hour <= 23 or (g("oc") and not 1 <= hour <= 12):
        return None
    # the day a part of day names ("this morning", "tonight"): today
    today = part in ("this morning", "this afternoon", "this evening", "tonight")
    return f"T{hour:02d}:{minute:02d}", ("today" if today else None)


# The day a clock time is joined to, before or after it ("tomorrow at 5pm", "5 p.m. EST Tuesday").
def _day_re(p: str) -> str:
    return rf"""(?:(?P<{p}dad>(?i:(?:the\s+)?day\s+(?:after\s+tomorrow|before\s+yesterday)))
        |(?P<{p}this>(?i:this\s+(?:morning|afternoon|evening)))
        |(?:(?P<{p}deictic>(?i:today|tomorrow|yesterday|tonight))
        |(?:(?P<{p}rel>(?i:next|this|last|this\s+coming|this\s+past))\s+)?(?P<{p}wd>{WEEKDAY_ANY_RE}))
        (?:\s+(?P<{p}dpart>(?i:morning|afternoon|evening|night))(?!\w))?
        |(?P<{p}ord>(?i:the\s+)?[123]?\d(?i:st|nd|rd|th))(?![\w-])
        |(?P<{p}mon>{MONTH_RE}|{MONTH_ABBR_BARE_RE})\s*(?P<{p}md>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s*(?P<{p}year>{YEAR}))?)"""


def _day_of(m, p: str) -> tuple | None:
    """What a ``_day_re`` match names, checked once when the rule matches (None: no day there)."""
    g = lambda k: m.group(p + k)  # noqa: E731
    if g("dad"):
        return ("shift", 2 if "after" in g("dad").lower() else -2)
    if g("this"):
        return ("shift", 0)
    if g("deictic"):
        return ("shift", DEICTIC_DAYS[g("deictic").lower()])
    if g("ord"):
        d = int(re.search(r"\d+", g("ord")).group())
        return ("ordinal", d) if 1 <= d <= 31 else None
    if g("wd"):
        return ("weekday", weekday_number(g("wd")), re.sub(r"\s+", " ", (g("rel") or "").lower()))
    if g("mon"):
        mo, d = MONTHS[g("mon").lower().rstrip(".")], int(g("md"))
        try:
            dt.date(int(g("year") or 2000), mo, d)
        except ValueError:
            return None
        return ("date", mo, d, int(g("year")) if g("year") else None)
    return None


def _day_part(m, p: str) -> str | None:
    """The part of day a ``_day_re`` match names ("tomorrow evening", "tonight", "this morning"): MO/AF/EV/NI."""
    words = m.group(p + "dpart") or m.group(p + "this") or m.group(p + "deictic") or ""
    w = words.lower().split()[-1] if words else ""
    return {"tonight": "NI", "night": "NI", "morning": "MO", "afternoon": "AF", "evening": "EV"}.get(w)


def _resolve_day(ctx, day: tuple | None) -> Period | None:
    """The day of a ``_day_of`` reading; with none, the day being narrated (if one was just named) or
    the publication day."""
    if day is None:
        ref = ctx.ref
        return Period.day(ref.start) if ref is not None and ref.gran in ("day", "time") else Period.day(ctx.dct)
    if day[0] == "shift":
        return Period.day(ctx.dct + dt.timedelta(days=day[1]))
    if day[0] == "weekday":
        return _weekday_period(ctx, day[1], day[2])
    if day[0] == "ordinal":
        return ctx.day_of_this_month(day[1])
    _, mo, d, y = day
    return Period.day(dt.date(y, mo, d)) if y else ctx.day_of_month(mo, d)


def _time_on(day, clock: str, *, today: bool = False):
    def resolve(ctx):
        if day and day[0] == "date" and day[3]:
            return Resolution(type="TIME", period=Period.day(dt.date(day[3], day[1], day[2])).with_clock(clock))
        if not ctx.dct:
            return Resolution(type="TIME", precision="hour")
        p = Period.day(ctx.dct) if today and day is None else _resolve_day(ctx, day)
        return Resolution(type="TIME", period=p.with_clock(clock)) if p else None

    return resolve


@rule(rf"""(?<![\w:.-]){_clock_re("")}(?:,?\s+(?:on\s+)?{_day_re("d")}(?![\w-]))?""",
      priority=3,
      examples=(
          Example("The bomb went off at 10:35 a.m.", "1998-08-07", "10:35 a.m.", "1998-08-07T10:35"),
          Example("The offer was extended until 5 p.m. EST Nov. 9.",
                  "1989-10-26", "5 p.m. EST Nov. 9", "1989-11-09T17:00"),
          Example("The meeting starts at 15:15.", "2026-12-07", "15:15", "2026-12-07T15:15"),
          Example("Doors open at 7.30pm.", "2026-12-07", "7.30pm", "2026-12-07T19:30"),
          Example("Let's meet at 3:15 in the afternoon.", "2026-12-07", "3:15 in the afternoon", "2026-12-07T15:15"),
          Example("The shop opens at a quarter past 3pm.", "2026-12-07", "a quarter past 3pm", "2026-12-07T15:15"),
          Example("The party starts at 8 tonight.", "2026-12-07", "8 tonight", "2026-12-07T20:00"),
          Example("The flight leaves at 07:45 tomorrow.", "2026-12-07", "07:45 tomorrow", "2026-12-08T07:45"),
          Example("The call ends at twenty to five in the afternoon.", "2026-12-07",
                  "twenty to five in the afternoon", "2026-12-07T16:40"),
          Example("The meeting is at 5pm the day after tomorrow.", "2026-12-07",
                  "5pm the day after tomorrow", "2026-12-09T17:00"),
          Example("The meeting is the day after tomorrow at 5pm.", "2026-12-07",
                  "the day after tomorrow at 5pm", "2026-12-09T17:00"),
          Example("The meeting is day after tomorrow 5pm.", "2026-12-07", "day after tomorrow 5pm",
                  "2026-12-09T17:00"),
          Example("We will meet on Thursday at 10am.", "2026-12-07", "Thursday at 10am", "2026-12-10T10:00"),
          Example("The board met on Tuesday at 9am.", "2026-12-07", "Tuesday at 9am", "2026-12-01T09:00"),
          Example("The webinar is on March 20 at 6pm.", "2025-03-12", "March 20 at 6pm", "2025-03-20T18:00"),
          Example("The interview is tomorrow at 11:30.", "2026-12-07", "tomorrow at 11:30", "2026-12-08T11:30"),
          Example("Dinner is tomorrow evening at 7.", "2026-12-07", "tomorrow evening at 7", "2026-12-08T19:00"),
          Example("The call is tomorrow at 4.", "2026-12-07", "tomorrow at 4", "2026-12-08T16:00"),
          Example("The vote is on the 15th at 3pm.", "2026-12-07", "the 15th at 3pm", "2026-12-15T15:00"),
      ))
def clock_time(m, text):
    """"10:35 a.m.", "15:15", "a quarter past 3pm", "5 p.m. EST Tuesday", "5 p.m. EST Nov. 9" (one timex
    with its day, TimeBank); or a day, then its clock time: "tomorrow at 5pm", "Thursday at 10am", "March
    20, 6pm", "tomorrow evening at 7" (without "at" the time must say it is one: "5pm", "14:00", not
    "Friday 10"; an hour alone after "at" and a day is read in working hours: "tomorrow at 4" is 16:00)."""
    read = _clock(m)
    before = None
    if not any(m.group("d" + k) for k in ("mon", "wd", "deictic", "dad", "this", "ord")):
        before = _day_before(text, m.start()) if read is not None or text[max(0, m.start() - 3):m.start()] \
            .lower() in ("at ", " @ ") else None
    if before is not None:
        dm, lo = before
        day = _day_of(dm, "d")
        bare_ok = bool(dm["at"]) and bool(re.match(r"\s*(?:[,.;:!?)]|$|(?:and|or|to|for|with|in|on|until)\b)",
                                                    text[m.end():m.end() + 8]))
        read = _clock(m, hint=_day_part(dm, "d"), bare_ok=bare_ok)
        if read is None or day is None:
            return None
        if not dm["at"] and not (m["ampm"] or m["min"] or m["part"] or m["oc"]):
            return None
        if dm["dwd"] and dm["dwd"].lower().rstrip(".") in AMBIGUOUS_WEEKDAY_ABBREVIATIONS and \
                not dm["dwd"][:1].isupper():
            return None
        return hit(m, _time_on(day, read[0]), start=lo + dm.start(), end=_clock_end(m, "", tz=True))
    if read is None:
        return None
    clock, today = read
    day, end = _day_of(m, "d"), m.end()
    if day is None and any(m.group("d" + k) for k in ("mon", "wd", "deictic", "dad")):
        end = m.end("tz") if m["tz"] else _clock_end(m, "")
    if m["dwd"] and day and not _abbreviated_ok_after_clock(m["dwd"]):
        day, end = None, m.end("tz") if m["tz"] else _clock_end(m, "")
    return hit(m, _time_on(day, clock, today=today), end=end)


def _clock_end(m, p: str, *, tz: bool = False) -> int:
    for k in (("tz",) if tz else ()) + ("part", "oc", "ampm", "min", "h", "hw"):
        if m.group(p + k):
            return m.end(p + k)
    return m.end()


def _abbreviated_ok_after_clock(word: str) -> bool:
    """After a clock time even "Sun" and "Sat" are weekdays ("5pm Sat"), unless written "sun"/"sat"."""
    return word[:1].isupper()


# A day right before a clock time, found by looking back from the clock (one pass over the text less than a
# rule of its own): "the day after tomorrow at 5pm", "Thursday at 10am", "March 20, 6pm".
_DAY_BEFORE = re.compile(rf"""(?<![\w-]){_day_re("d")}(?:,\s*|\s+)(?P<at>(?i:at|@)\s*)?$""", re.VERBOSE)
_DAY_BEFORE_WINDOW = 48


def _day_before(text: str, start: int):
    """The day phrase ending right before ``start`` (with its "at"), as (match, offset of the window)."""
    lo = max(0, start - _DAY_BEFORE_WINDOW)
    window = text[lo:start]
    if not window or window[-1] not in " ,@\t\n":
        return None
    dm = _DAY_BEFORE.search(window)
    return (dm, lo) if dm else None


@rule(rf"""(?<![\w-])(?i:(?P<w>noon|midnight|midday))(?!\w)(?:,?\s+(?:on\s+)?(?P<day>(?i:{DEICTIC_DAY_RE})
           |{WEEKDAY_ANY_RE})(?!\w))?""", priority=2, triggers=('noon', 'midnight', 'midday'),
      examples=(
          Example("The polls closed at midnight.", "1998-08-07", "midnight", "1998-08-07T24:00"),
          Example("Rebels attacked at noon yesterday.", "1998-08-07", "noon yesterday", "1998-08-06T12:00"),
          Example("Lunch is on Friday at noon.", "2026-12-07", "Friday at noon", "2026-12-11T12:00"),
      ))
def named_time(m, text):
    if text[max(0, m.start() - 5):m.start()].lower().endswith(("high ", "after")):
        return None  # "High Noon", "mid-afternoon"
    clock = {"noon": "T12:00", "midday": "T12:00", "midnight": "T24:00"}[m["w"].lower()]

    day = (m["day"] or "").lower()
    if not day:
        before = _day_before(text, m.start())
        if before is not None and _day_of(before[0], "d") is not None:
            dm, lo = before
            return hit(m, _time_on(_day_of(dm, "d"), clock), start=lo + dm.start())  # "Friday at noon"

    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="TIME", precision="hour")
        ref = ctx.ref
        if day and day.rstrip(".") not in DEICTIC_DAYS:
            p = ctx.weekday(weekday_number(day))
        elif day:
            p = Period.day(ctx.dct + dt.timedelta(days=DEICTIC_DAYS[day]))
        elif ref is not None and ref.gran in ("day", "time"):
            p = Period.day(ref.start)
        else:
            p = Period.day(ctx.dct)
        return Resolution(type="TIME", period=p.with_clock(clock))

    return hit(m, resolve)



# The vague units of a day or longer: "hours ago" is not read as PAST_REF.
_VAGUE_AGO_UNITS = alternatives(plural(u) for u in VAGUE_UNITS if not UNITS[u][1])


@rule(rf"""(?<![\w-])(?i:(?:(?P<q>several|many|a\s+few|few|some|a\s+couple\s+of|countless)\s+)?
          (?P<unit>{_VAGUE_AGO_UNITS})\s+(?P<dir>ago|earlier|later|before|after))(?!\w)""",
      priority=1, triggers=('ago', 'earlier', 'later'),
      examples=(
          Example("The feud began years ago.", "1998-08-07", "years ago", "PAST_REF"),
          Example("Months earlier, he had resigned.", "1998-08-07", "Months earlier", "PAST_REF"),
      ))
def vague_ago(m, text):
    """"years ago", "a few days earlier": only the direction is known (TimeML PAST_REF / FUTURE_REF)."""
    direction = m["dir"].lower()
    if direction in ("before", "after"):
        return None  # "weeks before the shooting": a vague duration, left to vague_duration
    value = "FUTURE_REF" if direction == "later" else "PAST_REF"
    return hit(m, lambda ctx: Resolution(type="DATE", value=value, sets_reference=False))
