"""Expressions whose date depends on when they are said or on the date just mentioned: "yesterday",
"on Thursday", "last week", "two weeks ago", "earlier this year", "the day before", "four days beforehand",
"later that week", "this morning", "10:35 a.m.".

Deictic ones count from the publication date; anaphoric ones from the reference time (Context.reference).
"""
from __future__ import annotations

import datetime as dt
import re

from timeline.timex.calendar import Period
from timeline.timex.lexicon import (CALENDAR_UNITS, DAY_PARTS, DAY_PART_RE, DEICTIC_DAYS, DEICTIC_DAY_RE, MONTHS,
                                    MONTH_ABBR_BARE_RE, MONTH_RE, NUMBER_RE, TIME_ZONE_RE, UNITS, UNIT_RE,
                                    VAGUE_UNITS, WEEKDAYS, WEEKDAY_RE, alternatives, parse_number, plural,
                                    unit_key)
from timeline.timex.rules.base import YEAR, Resolution, at_sentence_start, hit, rule
from timeline.timex.rules.example import Example
from timeline.timex.tense import FUTURE, PAST

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
           (?:\s+{_PART}(?!\w))?)""", priority=3,
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


@rule(r"""(?<![\w-])(?i:the\s+day\s+(?P<dir>before\s+yesterday|after\s+tomorrow))(?!\w)""", priority=4,
      examples=(
          Example("The ship docked the day before yesterday.",
                  "1998-08-07", "the day before yesterday", "1998-08-05"),
      ))
def day_before_yesterday(m, text):
    n = -2 if m["dir"].lower().startswith("before") else 2

    def resolve(ctx):
        base = ctx.dct_period("day")
        return _day_or_time(base.shift(n) if base else None, None)

    return hit(m, resolve)


@rule(rf"""(?<![\w-])(?i:(?P<rel>this|last|that|the\s+same|the\s+next|the\s+following|the\s+previous|early\s+this
           |late\s+last|early|late)\s+{_PART})(?!\w)""", priority=2,
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
@rule(rf"""(?<![\w-])(?:(?P<rel>(?i:last|this|next|this\s+past|early|late|early\s+next|late\s+last|early\s+last
           |the\s+previous|the\s+preceding|the\s+following))\s+)?
           (?P<wd>{WEEKDAY_RE})(?P<pl>s)?(?![\w-])(?P<poss>['’]s)?(?:\s+(?i:{_PART})(?P<ppl>s)?)?(?!\w)""",
      priority=2,
      examples=(
          Example("The minister said on Tuesday that talks failed.", "1989-10-26", "Tuesday", "1989-10-24"),
          Example("The minister will visit on Tuesday.", "1989-10-26", "Tuesday", "1989-10-31"),
          Example("Two flights will leave on Monday and Tuesday nights.",
                  "1998-08-07", "Tuesday nights", "XXXX-WXX-2TNI"),
          Example("Stocks fell Friday, down 4.5% from the previous Friday.",
                  "1989-10-30", "the previous Friday", "1989-10-20"),
          Example("He spoke on Friday.", None, "Friday", None),
          Example("The deadline is Tuesday.", "1998-08-07", "Tuesday", "1998-08-11",
                  xfail="no tense cue in 'is': a bare weekday is read as the most recent one"),
      ))
def weekday(m, text):
    wd = WEEKDAYS[m["wd"].lower()]
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    part = m["part"]
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

    def resolve(ctx):
        if not ctx.dct:
            return _day_or_time(None, part)
        today = ctx.dct.weekday()
        if rel in ("last", "this past", "late last", "early last"):
            back = (today - wd) % 7 or 7
            p = Period.day(ctx.dct - dt.timedelta(days=back))
        elif rel in ("next", "early next"):
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
        elif m["poss"] and not part:
            # "Wednesday's ruling" names an event already reported, whatever the verb of the clause.
            p = ctx.weekday(wd, force=PAST)
        else:
            p = ctx.weekday(wd)
        return _day_or_time(p, part)

    return hit(m, resolve, end=end)


# --- last week, this month, next year, earlier this year ---------------------------------------------------
_REL_UNIT = rf"(?P<unit>{alternatives(CALENDAR_UNITS)})"


@rule(rf"""(?<![\w-])(?i:(?:(?P<mod>earlier|later|early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of
           |the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of|sometime|some\s+time)(?:\s*-\s*|\s+))?
           (?P<rel>last|this|next|this\s+past|this\s+coming|the\s+current|the\s+previous|the\s+following
           |the\s+same|that|the\s+prior|the\s+next|the\s+past|the\s+coming|the\s+last|the\s+latest|past|coming)\s+
           (?P<fiscal>fiscal\s+|calendar\s+)?{_REL_UNIT})(?!\w)(?!-)""", priority=2,
      examples=(
          Example("It grew last year.", "1998-08-07", "last year", "1997"),
          Example("They will meet next week.", "1998-08-07", "next week", "1998-W33"),
          Example("The nurse was hurt earlier this year.", "1998-08-07", "earlier this year", "1998"),
          Example("Sales rose over the past year.", "1998-08-07", "the past year", "P1Y"),
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

    def resolve(ctx):
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

    return hit(m, resolve)


def _weekend(monday: dt.date) -> Period:
    return Period(gran="weekend", start=monday)


def _unit_precision(unit: str) -> str:
    return {"weekend": "day"}.get(unit, unit)


@rule(r"""(?<![\w-])(?i:(?P<the>the\s+)weekend)(?!\w)""", priority=1,
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


# --- anaphoric days: the day before, that day, the next day, later that week --------------------------------
@rule(r"""(?<![\w-])(?i:(?:(?P<mod>earlier|later|early|late)\s+)?
          (?:(?P<a>the\s+day\s+(?:before|after)|the\s+(?:previous|next|following|preceding)\s+day|
          (?:that|the\s+same|that\s+same)\s+day|the\s+(?:day|week|month|year)\s+(?:before|after)
          |the\s+(?:previous|preceding)\s+(?:week|month|year)|that\s+(?:week|month|year)
          |the\s+same\s+(?:week|month|year)))(?![\w-]))""", priority=3,
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


@rule(rf"""(?<![\d:.])(?P<h>\d{{1,2}})(?:[:.](?P<min>\d\d))?\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am|pm)(?!\w))
           (?P<tz>{_TZ})?(?:,?\s+(?:on\s+)?(?P<day>(?i:{DEICTIC_DAY_RE})|{WEEKDAY_RE}
           |(?P<mon>{MONTH_RE}|{MONTH_ABBR_BARE_RE})\s*(?P<md>\d{{1,2}})(?!\d)(?:,\s*(?P<year>{YEAR}))?))?""",
      priority=3,
      examples=(
          Example("The bomb went off at 10:35 a.m.", "1998-08-07", "10:35 a.m.", "1998-08-07T10:35"),
          Example("The offer was extended until 5 p.m. EST Nov. 9.",
                  "1989-10-26", "5 p.m. EST Nov. 9", "1989-11-09T17:00"),
      ))
def clock_time(m, text):
    """"10:35 a.m.", "5 p.m. EST Tuesday", "5 p.m. EST Nov. 9" (one timex with its day, TimeBank)."""
    h, mi = int(m["h"]), int(m["min"] or 0)
    if not (1 <= h <= 12 and mi < 60):
        return None
    pm = m["ampm"].lower().startswith("p")
    h = (h % 12) + (12 if pm else 0)
    clock = f"T{h:02d}:{mi:02d}"
    day = (m["day"] or "").lower()
    month_day, end = None, m.end()
    if m["mon"]:
        month_day = (MONTHS[m["mon"].lower().rstrip(".")], int(m["md"]))
        try:
            dt.date(int(m["year"] or 2000), *month_day)
        except ValueError:  # "Sept. 31": keep the clock time alone
            month_day, day, end = None, "", m.end("tz") if m["tz"] else m.end("ampm")

    def resolve(ctx):
        if month_day and m["year"]:
            return Resolution(type="TIME", period=Period.day(dt.date(int(m["year"]), *month_day)).with_clock(clock))
        if not ctx.dct:
            return Resolution(type="TIME", precision="hour")
        if month_day:
            p = ctx.day_of_month(*month_day)
        elif day in WEEKDAYS:
            p = ctx.weekday(WEEKDAYS[day])
        elif day:
            p = Period.day(ctx.dct + dt.timedelta(days=DEICTIC_DAYS[day]))
        else:
            ref = ctx.ref
            # A clock time alone belongs to the day being narrated, if one was just named.
            p = Period.day(ref.start) if ref is not None and ref.gran in ("day", "time") else Period.day(ctx.dct)
        return Resolution(type="TIME", period=p.with_clock(clock))

    return hit(m, resolve, end=end)


@rule(rf"""(?<![\w-])(?i:(?P<w>noon|midnight|midday))(?!\w)(?:,?\s+(?:on\s+)?(?P<day>(?i:{DEICTIC_DAY_RE})
           |{WEEKDAY_RE})(?!\w))?""", priority=2,
      examples=(
          Example("The polls closed at midnight.", "1998-08-07", "midnight", "1998-08-07T24:00"),
          Example("Rebels attacked at noon yesterday.", "1998-08-07", "noon yesterday", "1998-08-06T12:00"),
      ))
def named_time(m, text):
    if text[max(0, m.start() - 5):m.start()].lower().endswith(("high ", "after")):
        return None  # "High Noon", "mid-afternoon"
    clock = {"noon": "T12:00", "midday": "T12:00", "midnight": "T24:00"}[m["w"].lower()]

    day = (m["day"] or "").lower()

    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="TIME", precision="hour")
        ref = ctx.ref
        if day in WEEKDAYS:
            p = ctx.weekday(WEEKDAYS[day])
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
      priority=1,
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
