"""Calendar expressions that name their date: "Jan. 5, 1998", "February 8", "the 1990s", "fiscal 1997",
"the third quarter", "the first half of 1998", "last summer", "Thanksgiving Day".

Spans follow TimeML: prepositions stay out ("on February 8" -> "February 8"), a leading "the" is kept
only when the timex heads its noun phrase ("the third quarter", "the 1990s"), not when it modifies a noun
("the 1996 law" -> "1996", "the November elections" -> "November").
"""
from __future__ import annotations

import datetime as dt
import re

from timeline.timex.calendar import (Period, add_months, date_to_hijri, easter, hijri_in_year, hijri_month_length, nowruz,
                                     nth_weekday)
from timeline.timex.lexicon import (DATE_PREPOSITIONS, DECADE_WORDS, DECADE_WORD_RE, HALF_RE, HALVES, HOLIDAYS,
                                    HOLIDAY_RE, HOLIDAY_TRIGGERS, LOWER_CASE_HOLIDAYS, holiday_key,
                                    DAY_ORDINALS, MEASURE_WORD_RE, MONTHS, MONTH_ABBR_BARE_RE, MONTH_RE, ORDINALS, MONTH_ABBREVIATIONS,
                                    ORDINAL_RE, QUARTER_ORDINALS, QUARTER_ORDINAL_RE, SEASONS, SEASON_RE,
                                    SPELLED_CENTURIES, TENS, WEEKDAYS, WEEKDAY_ANY_RE, WEEKDAY_RE, alternatives,
                                    number_words, weekday_number, AMBIGUOUS_WEEKDAY_ABBREVIATIONS)
from timeline.timex.rules.base import (YEAR, Resolution, at_sentence_start, hit, part_of, rule, word_after,
                                      words_before)
from timeline.timex.rules.example import Example

# A year is not a year inside money, measures, counts or identifiers.
_NOT_A_YEAR_AFTER = re.compile(rf"\s*(?:{MEASURE_WORD_RE})\b", re.I)
_NOT_A_YEAR_BEFORE = re.compile(r"(?:[$#£€]|No\.|Flight|Route|Room|Boeing|Airbus|about|some|nearly|over|"
                                r"than|almost|approximately|around)\s*$", re.I)


def _month_num(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _valid_day(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


# --- ISO and numeric dates ------------------------------------------------------------------------------
@rule(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T(?P<H>\d{2}):(?P<M>\d{2}))?(?![\d-])",
      priority=5,
      examples=(
          Example("The file is dated 1998-01-05.", "1998-08-07", "1998-01-05", "1998-01-05"),
          Example("The log entry reads 1998-01-05T14:30.", "1998-08-07", "1998-01-05T14:30", "1998-01-05T14:30"),
      ))
def iso_date(m, text):
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid_day(y, mo, d):
        return None
    p = Period.day(dt.date(y, mo, d))
    if m["H"]:
        p = p.with_clock(f"T{m['H']}:{m['M']}")
        return hit(m, lambda ctx: Resolution(type="TIME", period=p))
    return hit(m, lambda ctx: Resolution(type="DATE", period=p))


@rule(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<c>\d{4}|\d{2})(?![\d/])", priority=5,
      examples=(
          Example("The contract was signed on 05/01/1998.", "1998-08-07", "05/01/1998", "1998-05-01"),
          Example("The contract was signed on 05/01/1998.",
                  "1998-08-07", "05/01/1998", "1998-01-05", settings=(('DATE_ORDER', 'DMY'),)),
          Example("The lease expired 12/31/97.", "1998-08-07", "12/31/97", "1997-12-31"),
      ))
def numeric_date(m, text):
    def resolve(ctx):
        # dateparser knows the two-digit-year and day/month-order conventions; it runs only on this span.
        import dateparser

        parsed = dateparser.parse(m.group(), languages=["en"],
                                  settings={"DATE_ORDER": ctx.settings.DATE_ORDER, "STRICT_PARSING": True,
                                            "PREFER_DATES_FROM": "past"})
        if parsed is None:
            return None
        return Resolution(type="DATE", period=Period.day(parsed.date()))

    return hit(m, resolve)


# --- month and day -----------------------------------------------------------------------------------
_MOD = r"(?:(?P<mod>(?i:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|" \
       r"the\s+middle\s+of|the\s+first\s+week\s+of|the\s+last\s+week\s+of))(?:\s*-\s*|\s+))?"


def _day_of_month_hit(m):
    """"Jan. 6, 2000" is that day; "Jan. 6" is the Jan. 6 nearest the publication date."""
    mo = _month_num(m["mon"])
    d = int(m["day"]) if m.re.groupindex.get("day") and m["day"] else DAY_ORDINALS[m["dayw"].lower()]
    if m["year"]:
        y = int(m["year"])
        if not _valid_day(y, mo, d):
            return None
        p = Period.day(dt.date(y, mo, d))
        return hit(m, lambda ctx: Resolution(type="DATE", period=p))
    if not _valid_day(2000, mo, d):
        return None
    return hit(m, lambda ctx: Resolution(type="DATE", period=ctx.day_of_month(mo, d), precision="day"))


# After a day and a month, four digits are the year, however far back (YEAR keeps bare years to 1500-2099):
# "31 December 1066" is that day, not the 31 December before the publication date.
_DAY_YEAR = r"(?:1\d\d\d|20\d\d)"


# A weekday right before the date belongs to it: "Saturday, April 25" is one timex (TimeBank), valued by
# the date.
@rule(rf"""(?<!\w)(?:(?<![\w-]){WEEKDAY_ANY_RE},?\s+)?(?P<mon>{MONTH_RE}|{MONTH_ABBR_BARE_RE}(?=\s+\d))\s*
           (?:(?i:the)\s+(?=\d{{1,2}}(?:st|nd|rd|th)))?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|:\d|\s*(?:%|percent|a\.m|p\.m))
           (?:,?\s*(?P<year>{_DAY_YEAR})(?!\d))?""", priority=4,
      examples=(
          Example("It happened on Jan. 5, 1998.", "1998-08-07", "Jan. 5, 1998", "1998-01-05"),
          Example("The dividend is payable Dec. 7.", "1989-10-26", "Dec. 7", "1989-12-07"),
          Example("The Times said in an editorial on Saturday, April 25: the court erred.",
                  "1998-04-24", "Saturday, April 25", "1998-04-25"),
          Example("Talks resume Aug 12.", "1998-08-07", "Aug 12", "1998-08-12"),
          Example("The hearing is on January the 15th.", "2026-12-07", "January the 15th", "2027-01-15"),
      ))
def month_day(m, text):
    return _day_of_month_hit(m)


_DAY_ORDINAL_WORDS = alternatives(sorted(DAY_ORDINALS, key=len, reverse=True))


@rule(rf"""(?<![\d.,\w])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH_RE})
           (?:,?\s*(?P<year>{_DAY_YEAR})(?!\d))?""", priority=4,
      examples=(
          Example("It happened on 5 January 1998.", "1998-08-07", "5 January 1998", "1998-01-05"),
          Example("They met on the 3rd of March.", "1998-08-07", "3rd of March", "1998-03-03"),
      ))
def day_month(m, text):
    """"5 January 1998", "the 3rd of March"."""
    return _day_of_month_hit(m)


@rule(rf"""(?<![\w-])(?P<dayw>(?i:{_DAY_ORDINAL_WORDS}))\s+of\s+(?P<mon>{MONTH_RE})(?:,?\s*(?P<year>{YEAR})(?!\d))?""",
      priority=4, triggers=tuple(f"of {a}" for a in (*MONTH_ABBREVIATIONS, "may")),
      examples=(
          Example("The audit will begin on the first of March.", "2026-12-07", "first of March", "2027-03-01"),
          Example("The vote was held on the twenty-second of June.", "2026-12-07", "twenty-second of June",
                  "2026-06-22"),
      ))
def ordinal_of_month(m, text):
    """"the first of March", "the twenty-second of June": an ordinal word, "of", a month."""
    return _day_of_month_hit(m)


# Every ordinal written with digits ends in one of these ("15th", "1st", "22nd").
_DIGIT_ORDINALS = tuple(f"{d}{suffix}" for d in range(10) for suffix in ("st", "nd", "rd", "th"))


# "on the 15th", "by the 1st": a day of the month named by its number alone, after a preposition of time and
# before the end of the phrase ("the 15th floor", "the 20th anniversary" are no dates).
@rule(r"""(?<![\w-])(?P<prep>(?i:on|by|until|till|before|after|since|from|for|of)\s+)(?P<the>(?i:the)\s+)
          (?P<d>[123]?\d)(?i:st|nd|rd|th)
          (?:\s+(?P<rel>(?i:of\s+(?:this|next|last|the\s+month|the\s+following\s+month)(?:\s+month)?)))?
          (?=\s*(?:[,.;:!?)]|$)|\s+(?i:at|in\s+the|to|through|and|or|until|-)\b)""",
      priority=3, triggers=_DIGIT_ORDINALS,
      examples=(
          Example("The meeting will be on the 15th.", "2026-12-07", "the 15th", "2026-12-15"),
          Example("The invoice was paid on the 2nd.", "2026-12-07", "the 2nd", "2026-12-02"),
          Example("Rent is due on the 1st.", "2026-12-07", "the 1st", "2027-01-01"),
          Example("The report is due on the 5th of next month.", "2026-12-07", "the 5th of next month", "2027-01-05"),
      ))
def ordinal_day(m, text):
    d = int(m["d"])
    if not 1 <= d <= 31:
        return None
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    step = 1 if "next" in rel or "following" in rel else -1 if "last" in rel else 0 if "this" in rel else None

    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="DATE", precision="day")
        if step is not None:
            first = add_months(ctx.dct.replace(day=1), step)
            return Resolution(type="DATE", period=Period.day(first.replace(day=d))) \
                if _valid_day(first.year, first.month, d) else None
        # "until the 30th", "by the 1st" look ahead (tense.py reads the preposition before the span).
        p = ctx.day_of_this_month(d)
        return Resolution(type="DATE", period=p) if p else None

    return hit(m, resolve, start=m.start("the"))


@rule(rf"""(?<![\w-])(?P<wd>{WEEKDAY_ANY_RE}),?\s+(?:(?i:the)\s+)?(?P<d>[123]?\d)(?i:st|nd|rd|th)(?![\w-])
           (?!\s+(?:of\s+)?(?:{MONTH_RE}))""",
      priority=4, triggers=_DIGIT_ORDINALS,
      examples=(
          Example("We will meet on Thursday the 9th.", "2026-06-30", "Thursday the 9th", "2026-07-09"),
          Example("The talks ended on Friday, the 13th.", "2026-06-30", "Friday, the 13th", "2026-03-13"),
      ))
def weekday_ordinal(m, text):
    """"Thursday the 9th": the 9th that is a Thursday, the nearest one ahead in a clause about what is to
    come, back otherwise (a month where it is not that weekday is skipped)."""
    wd, d = weekday_number(m["wd"]), int(m["d"])
    if not 1 <= d <= 31 or (m["wd"].lower().rstrip(".") in AMBIGUOUS_WEEKDAY_ABBREVIATIONS):
        return None

    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="DATE", precision="day")
        p = ctx.day_of_this_month(d, wd=wd)
        return Resolution(type="DATE", period=p) if p else None

    return hit(m, resolve)


_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
        "5th": 5, "last": -1, "final": -1}


@rule(rf"""(?<![\w-])(?P<the>(?i:the)\s+)?(?P<n>(?i:{alternatives(_NTH)}))\s+(?P<wd>{WEEKDAY_RE})\s+(?i:of|in)\s+
           (?:(?P<mon>{MONTH_RE})(?:,?\s+(?P<y>{YEAR}))?|(?P<rel>(?i:this|next|last|the\s+following))\s+(?i:month))
           (?![\w-])""",
      priority=4, triggers=("day",),
      examples=(
          Example("The election will be on the first Tuesday of October.", "2026-12-07",
                  "the first Tuesday of October", "2027-10-05"),
          Example("The fair was held on the last Friday of May.", "2026-12-07", "the last Friday of May",
                  "2026-05-29"),
          Example("The club meets on the third Thursday of next month.", "2024-08-21",
                  "the third Thursday of next month", "2024-09-19"),
          Example("Elections are held on the first Monday in May 2028.", "2026-12-07",
                  "the first Monday in May 2028", "2028-05-01"),
      ))
def nth_weekday_of_month(m, text):
    """"the first Tuesday of October", "the last Friday in May", "the third Thursday of next month"."""
    n = _NTH[m["n"].lower()]
    wd = WEEKDAYS[m["wd"].lower()]
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())

    def make(y: int, mo: int) -> Period | None:
        day = nth_weekday(y, mo, wd, n)
        return Period.day(day) if day.month == mo else None  # no fifth Monday that month

    def resolve(ctx):
        if m["y"]:
            p = make(int(m["y"]), _month_num(m["mon"]))
            return Resolution(type="DATE", period=p) if p else None
        if not ctx.dct:
            return Resolution(type="DATE", precision="day")
        if rel:
            step = {"this": 0, "next": 1, "the following": 1, "last": -1}[rel]
            first = add_months(ctx.dct.replace(day=1), step)
            p = make(first.year, first.month)
        else:
            mo = _month_num(m["mon"])
            p = ctx.pick_year(lambda y: make(y, mo))
        return Resolution(type="DATE", period=p) if p else None

    return hit(m, resolve)


@rule(rf"""(?<!\w){_MOD}(?P<mon>{MONTH_RE}|{MONTH_ABBR_BARE_RE})(?:\s+of)?,?\s+(?P<year>{YEAR})(?![\d,.]\d)""",
      priority=3,
      examples=(
          Example("It was signed in August 1988.", "1998-08-07", "August 1988", "1988-08"),
          Example("Prices rose in late March 1997.", "1998-08-07", "late March 1997", "1997-03"),
          Example("The fair is held in mid-July 2027.", "2027-05-14", "mid-July 2027", "2027-07"),
      ))
def month_year(m, text):
    p = part_of(Period.month(int(m["year"]), _month_num(m["mon"])), m["mod"], None)
    return hit(m, lambda ctx: Resolution(type="DATE", period=p))


@rule(rf"""(?<!\w){_MOD}(?P<mon>{MONTH_RE})(?:\s+of)?\s+(?P<rel>(?i:this|last|next))\s+(?i:year)(?![\w-])""",
      priority=3, triggers=('year',),
      examples=(
          Example("Sales rose in February this year.", "1998-08-07", "February this year", "1998-02"),
          Example("The plant opens in April next year.", "1998-08-07", "April next year", "1999-04"),
      ))
def month_of_relative_year(m, text):
    """"in February this year", "June last year", "April next year"."""
    mo = _month_num(m["mon"])
    step = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]

    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="DATE", precision="month")
        return Resolution(type="DATE", period=part_of(Period.month(ctx.dct.year + step, mo), m["mod"], ctx.dct))

    return hit(m, resolve)


@rule(rf"""(?<!\w){_MOD}(?P<rel>(?i:last|this|next|this\s+past|the\s+following|the\s+previous)\s+)?
           (?P<mon>{MONTH_RE})(?![\w-])(?!\s*\d)""", priority=2,
      examples=(
          Example("The law took effect in May.", "1998-08-07", "May", "1998-05"),
          Example("The deal was signed in December.", "1989-10-26", "December", "1988-12"),
          Example("The deal will be signed in December.", "1989-10-26", "December", "1989-12"),
          Example("Talks resume next March.", "1998-08-07", "next March", "1999-03"),
          Example("The vote is set for mid-March.", "2026-12-07", "mid-March", "2027-03"),
          Example("Prices rose in the first week of March.", "2025-11-19", "the first week of March", "2025-03"),
          Example("The law took effect in May.", None, "May", None),
      ))
def month_alone(m, text):
    word = m["mon"]
    mo = _month_num(word)
    prev = words_before(text, m.start())
    prev_word = prev[-1].lower() if prev else ""
    if not m["mod"] and not m["rel"]:
        if word in ("May", "March") and not _month_context(prev_word, text, m.end()):
            return None  # "May I ...", "March on Washington"
        if prev and prev[-1][:1].isupper() and prev_word not in DATE_PREPOSITIONS and not at_sentence_start(
                text, m.start()):
            return None  # "Theresa May", part of a name
        nxt = word_after(text, m.end())
        if nxt[:1].isupper() and prev_word not in DATE_PREPOSITIONS and nxt.lower() not in DATE_PREPOSITIONS:
            return None  # "April Glaspie"
    rel = (m["rel"] or "").strip().lower()
    # "the November elections": the month modifies a noun, "the" is not part of the timex (TimeML).
    start = m.start() if (m["mod"] or m["rel"]) else m.start("mon")

    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="DATE", precision="month")
        if rel in ("last", "the previous"):
            y = ctx.dct.year if mo < ctx.dct.month else ctx.dct.year - 1
        elif rel in ("next", "the following"):
            y = ctx.dct.year if mo > ctx.dct.month else ctx.dct.year + 1
        elif rel in ("this", "this past"):
            y = ctx.dct.year
        else:
            return Resolution(type="DATE", period=part_of(ctx.month(mo), m["mod"], ctx.dct))
        return Resolution(type="DATE", period=part_of(Period.month(y, mo), m["mod"], ctx.dct))

    return hit(m, resolve, start=start)


def _month_context(prev_word: str, text: str, end: int) -> bool:
    """May/March are months only after a date preposition or before a year/day number."""
    if re.match(r"\s*,?\s*\d", text[end:end + 4]):
        return True
    if re.match(r"\s+(?:on|against|through|into|towards?|past|down|up|ahead)\b", text[end:end + 10], re.I):
        return False  # "plan to March on Washington"
    if prev_word == "the":
        return not re.match(r"\s+(?:on|to|for|against|through|of|from)\b", text[end:end + 10], re.I)
    return prev_word in DATE_PREPOSITIONS


# --- years, decades, centuries ---------------------------------------------------------------------------
@rule(rf"""(?:(?<![\w-])(?P<pre>(?i:fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|the\s+end\s+of
           |the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|early|late|mid|pre|post)(?:\s*-\s*|\s+))
           |(?<![\w$#£€.,/-]))(?P<year>{YEAR})(?![\w%/]|[.,]\d|-\d|’s|'s\b)""", priority=1,
      examples=(
          Example("The war began in 1991.", "1998-08-07", "1991", "1991"),
          Example("Sales in fiscal 1997 rose.", "1998-08-07", "fiscal 1997", "1997"),
          Example("The plant will open in late 2027.", "2026-12-07", "late 2027", "2027"),
      ))
def year(m, text):
    if _NOT_A_YEAR_AFTER.match(text, m.end()) or (
            not m["pre"] and _NOT_A_YEAR_BEFORE.search(text[max(0, m.start() - 12):m.start()])):
        return None
    p = part_of(Period.year(int(m["year"])), m["pre"], None)
    return hit(m, lambda ctx: Resolution(type="DATE", period=p))


@rule(rf"""(?<![\w-])(?P<the>(?i:the)\s+)?(?:(?P<mod>(?i:early|late|mid))(?:\s*-\s*|\s+))?
           (?:(?P<full>1[5-9]\d|20\d)0(?:s|’s|'s)|['’](?P<short>\d)0s)(?!\w)""", priority=2, triggers=('0s', "0's", '0’s'),
      examples=(
          Example("Prices rose in the 1990s.", "1998-08-07", "the 1990s", "199"),
          Example("The band was big in the '60s.", "1998-08-07", "the '60s", "196"),
          Example("The programme ran in the late 1990s.", "2026-01-28", "the late 1990s", "199"),
      ))
def decade(m, text):
    def resolve(ctx):
        if m["full"]:
            return Resolution(type="DATE", period=part_of(Period.decade(int(m["full"]) * 10), m["mod"], None))
        if not ctx.dct:
            return Resolution(type="DATE", precision="decade")
        # "the '80s": the latest such decade that is not in the future.
        y = (ctx.dct.year // 100) * 100 + int(m["short"]) * 10
        if y > ctx.dct.year:
            y -= 100
        return Resolution(type="DATE", period=part_of(Period.decade(y), m["mod"], None))

    return hit(m, resolve)


@rule(rf"""(?<![\w-])(?P<the>(?i:the|this|last|next)\s+)?
           (?:(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|(?i:{ORDINAL_RE}))[\s-]+)?
           (?i:century)(?!\w)""", priority=2, triggers=('century',),
      examples=(
          Example("It was built in the 20th century.", "1998-08-07", "the 20th century", "19"),
          Example("Leaders looked ahead to the twenty-first century.",
                  "1998-08-07", "the twenty-first century", "20"),
      ))
def century(m, text):
    det = (m["the"] or "").strip().lower()
    if not m["ord"] and det not in ("this", "last", "next"):
        return None  # bare "century" / "the century": a duration or an event reference

    def resolve(ctx):
        if m["ord"]:
            n = ORDINALS.get(m["ord"].lower()) or int(re.match(r"\d+", m["ord"]).group())
            return Resolution(type="DATE", period=Period.century((n - 1) * 100))
        base = ctx.dct_period("century")
        if base is None:
            return Resolution(type="DATE", precision="century")
        return Resolution(type="DATE", period=base.shift({"this": 0, "last": -1, "next": 1}[det]))

    return hit(m, resolve)


# "nineteen ninety-six": the century word, then ten to ninety-nine (or "hundred": "nineteen hundred").
_TEEN_TENS = "|".join([number_words(10, 19), alternatives(TENS)])
_ONES = number_words(1, 9)


@rule(rf"""(?<![\w-])(?:(?P<the>(?i:the\s+year)\s+)|(?P<mon>{MONTH_RE})\s+(?:(?i:of)\s+)?
           |(?P<season>(?i:(?:the\s+)?(?:{SEASON_RE}))),?\s+(?:(?i:of)\s+)?)?(?:
           (?P<c>(?i:{alternatives(SPELLED_CENTURIES)}))[\s-]+
           (?P<rest>(?i:(?:{_TEEN_TENS})(?:[\s-](?:{_ONES}))?|hundred))
           |(?P<k>(?i:two\s+thousand))(?:\s+(?i:and\s+)?(?P<k1>(?i:{_ONES}|{number_words(10, 12)})))?)(?![\w-])""",
      priority=2, triggers=('eighteen', 'nineteen', 'twenty', 'thousand'),
      examples=(
          Example("January nineteen ninety-seven. Atlanta again.",
                  "1998-02-27", "January nineteen ninety-seven", "1997-01"),
          Example("Prices fell in the winter of nineteen ninety-four.",
                  "1998-02-23", "the winter of nineteen ninety-four", "1994-WI"),
          Example("The bug may strike in the year two thousand.", "1998-08-07", "the year two thousand", "2000"),
      ))
def spelled_year(m, text):
    """Transcribed broadcasts write years out: "nineteen ninety-six", "the year two thousand", "January
    nineteen ninety-seven" (a month), "the winter of nineteen ninety-four" (a season)."""
    from timeline.timex.lexicon import parse_number

    if m["k"]:
        y = 2000 + int(parse_number(m["k1"]) or 0) if m["k1"] else 2000
        if not m["the"] and not m["k1"]:
            prev = words_before(text, m.start())
            if not m["mon"] and not m["season"] and (
                    not prev or prev[-1].lower() not in ("in", "since", "by", "until", "of", "before", "after")):
                return None  # "two thousand people"
    else:
        rest = m["rest"].lower()
        n = 0 if rest == "hundred" else parse_number(rest)
        if n is None:
            return None
        y = SPELLED_CENTURIES[m["c"].lower()] + int(n)
        if re.match(r"\s+(?:people|years|dollars|percent|troops|of)\b", text[m.end():m.end() + 12], re.I):
            return None
    if m["mon"]:
        p = Period.month(y, _month_num(m["mon"]))
    elif m["season"]:
        p = Period.season(y, SEASONS[m["season"].split()[-1].lower()])
    else:
        p = Period.year(y)
    return hit(m, lambda ctx: Resolution(type="DATE", period=p))


@rule(rf"""(?<![\w-])(?i:the\s+(?:(?:early|late|mid)[\s-]+)?(?P<w>{DECADE_WORD_RE}))(?![\w-])""", priority=2, triggers=('ties',),
      examples=(
          Example("Inflation soared in the seventies.", "1998-08-07", "the seventies", "197"),
      ))
def decade_word(m, text):
    """"the nineties": the latest such decade not in the future."""
    k = DECADE_WORDS[m["w"].lower()]

    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="DATE", precision="decade")
        y = (ctx.dct.year // 100) * 100 + 10 * k
        return Resolution(type="DATE", period=Period.decade(y - 100 if y > ctx.dct.year else y))

    return hit(m, resolve)


# --- quarters, halves, seasons ----------------------------------------------------------------------------
_QORD = rf"(?P<q>{QUARTER_ORDINAL_RE})"


_YEAR_AGO = (r"(?:(?:same|corresponding|comparable)\s+)?"
             r"(?:year-ago|year-earlier|year\s+earlier|prior-year|previous-year)")


@rule(rf"""(?<![\w-])(?i:(?P<the>the\s+)?(?:(?P<py>{YEAR})(?:'s|’s)?\s+|(?P<rely>this|last|next)\s+year(?:'s|’s)\s+
           |(?P<ago>{_YEAR_AGO})\s+)?
           (?:(?:fiscal|calendar)[\s-]+)?{_QORD}(?:[\s-]+(?:fiscal|calendar))?[\s-]+quarter
           (?:\s+of\s+(?:(?:fiscal\s+)?(?P<y>{YEAR})|(?P<rely2>this|last|next)\s+year))?)(?!\w)""",
      priority=3, triggers=('quarter',),
      examples=(
          Example("Profit fell in the third quarter.", "1998-08-07", "the third quarter", "1998-Q3"),
          Example("The company in the year-ago third quarter earned $22.5 million.",
                  "1989-10-26", "the year-ago third quarter", "1988-Q3"),
          Example("Results for the final quarter of 1997 were restated.",
                  "1998-08-07", "the final quarter of 1997", "1997-Q4"),
      ))
def ordinal_quarter(m, text):
    q = QUARTER_ORDINALS[m["q"].lower()]
    explicit = m["py"] or m["y"]
    rel = (m["rely"] or m["rely2"] or "").lower()
    # "After a flat second quarter, ...": an indefinite noun phrase mentions a quarter in passing, not the one
    # the story reports, so later comparisons ("a year ago") keep pointing at the reported one. ("posted a
    # third-quarter loss" is different: there the quarter modifies the reported result.)
    prev = [w.lower() for w in words_before(text, m.start(), 2)]
    passing = not m["the"] and ("a" in prev or "an" in prev) and not re.search(r"-quarter$", m.group(), re.I)

    def resolve(ctx):
        if explicit:
            return Resolution(type="DATE", period=Period.quarter(int(explicit), q))
        if not ctx.dct:
            return Resolution(type="DATE", precision="quarter")
        if rel:
            return Resolution(type="DATE", period=Period.quarter(
                ctx.dct.year + {"this": 0, "last": -1, "next": 1}[rel], q))
        if m["ago"]:
            # "the year-ago third quarter": that quarter one year before the one being reported.
            return Resolution(type="DATE", period=ctx.quarter(q).shift(-1, "year"), sets_reference=False)
        return Resolution(type="DATE", period=ctx.quarter(q), sets_reference=not passing)

    return hit(m, resolve)


@rule(rf"""(?<![\w-])(?i:(?P<the>the\s+)?(?P<which>latest|current|last|past|previous|preceding|most\s+recent|recent
          |{_YEAR_AGO}|same|comparable|corresponding|year\s+ago|next|coming|this|fiscal
          |first|final)?[\s-]*(?P<unit>quarter|period)(?!\w))""", priority=1, triggers=('quarter', 'period'),
      examples=(
          Example("Sales rose in the latest quarter.", "1989-10-26", "the latest quarter", "1989-Q3"),
          Example("Net fell in the third quarter. In the comparable year-ago quarter, it earned $2 million.",
                  "1989-10-26", "the comparable year-ago quarter", "1988-Q3"),
      ))
def named_quarter(m, text):
    which = re.sub(r"\s+", " ", (m["which"] or "").lower())
    if re.fullmatch(_YEAR_AGO, which) or which == "corresponding":
        which = "year-earlier" if which != "corresponding" else "comparable"
    if m["unit"].lower() == "period" and which not in ("latest", "year-earlier", "year-ago", "year earlier",
                                                       "year ago", "comparable", "same", "prior-year"):
        return None  # "the period" on its own rarely names a quarter
    if not m["the"] and which not in ("last", "this", "next"):
        return None  # "a quarter of the vote", "quarter-point"
    if which in ("first", "final"):
        return None  # ordinal_quarter handles the numbered ones

    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="DATE", precision="quarter")
        cur = ctx.dct_period("quarter")
        ref = ctx.last_quarter
        if which in ("year-earlier", "year-ago", "year earlier", "year ago", "comparable", "prior-year"):
            if ctx.year_to_date and m["unit"].lower() == "period":
                # "the year-earlier period" after "for the nine months": that stretch a year before.
                return Resolution(type="DURATION", value=ctx.year_to_date, precision="month",
                                  sets_reference=False)
            return Resolution(type="DATE", period=(ref or cur.shift(-1)).shift(-4), sets_reference=False)
        if which in ("current", "this"):
            return Resolution(type="DATE", period=cur)
        if which in ("next", "coming"):
            return Resolution(type="DATE", period=cur.shift(1))
        if which == "same" and ref:
            return Resolution(type="DATE", period=ref)
        # "the quarter", "the latest quarter", "last quarter": the last quarter reported, i.e. the one
        # before publication, unless the text has just named a quarter.
        if which in ("", "fiscal") and ref:
            return Resolution(type="DATE", period=ref)
        return Resolution(type="DATE", period=cur.shift(-1))

    return hit(m, resolve)


@rule(r"""(?<![\w-])(?i:(?:the\s+(?:(?:same|corresponding|comparable|year-ago|year-earlier)\s+)?(?P<unit>quarter|period)
          \s+(?:a\s+year\s+(?:ago|earlier|before)|(?:of\s+)?last\s+year
          |(?:of\s+)?the\s+(?:previous|prior|preceding)\s+year))
          |(?:last|the\s+prior|the\s+previous)\s+year['’]s\s+(?P<unit2>quarter|period))(?![\w-])""",
      priority=3, triggers=('quarter', 'period'),
      examples=(
          Example("Net fell in the third quarter. For the quarter a year ago, it earned $16 million.",
                  "1989-10-26", "the quarter a year ago", "1988-Q3"),
          Example("Net fell in the third quarter, against $3 million for the corresponding period last year.",
                  "1989-10-26", "the corresponding period last year", "1988-Q3"),
      ))
def quarter_a_year_earlier(m, text):
    """"the quarter a year ago", "the corresponding period last year", "last year's quarter": one timex
    (TimeBank), the quarter being reported one year back."""
    unit = (m["unit"] or m["unit2"]).lower()

    def resolve(ctx):
        if not ctx.dct:
            return Resolution(type="DATE", precision="quarter")
        if ctx.year_to_date and unit == "period":
            return Resolution(type="DURATION", value=ctx.year_to_date, precision="month",
                              sets_reference=False)
        ref = ctx.last_quarter or ctx.dct_period("quarter").shift(-1)
        return Resolution(type="DATE", period=ref.shift(-1, "year"), sets_reference=False)

    return hit(m, resolve)


@rule(rf"""(?<![\w-])(?i:the\s+(?P<y>{YEAR})\s+(?P<unit>quarter|period))(?![\w-])""", priority=3, triggers=('quarter', 'period'),
      examples=(
          Example("Net fell in the third quarter from $1 million in the 1988 quarter.",
                  "1989-10-26", "the 1988 quarter", "1988-Q3"),
          Example("Results in the 1988 period were restated.", "1989-10-26", "the 1988 period", "1988"),
      ))
def year_quarter(m, text):
    """"the 1988 quarter", "the 1988 period": in results news, the quarter being reported, in that year
    (after "the nine months" the period is the year itself)."""
    y = int(m["y"])

    def resolve(ctx):
        ref = ctx.last_quarter
        if ref is None or (ctx.year_to_date and m["unit"].lower() == "period"):
            return Resolution(type="DATE", period=Period.year(y), sets_reference=False)
        return Resolution(type="DATE", period=Period.quarter(y, (ref.start.month - 1) // 3 + 1),
                          sets_reference=False)

    return hit(m, resolve)


@rule(rf"""(?<![\w-])(?i:(?P<the>the\s+)?(?P<h>{HALF_RE})[\s-]+half
           (?:\s+of\s+(?:(?:fiscal\s+)?(?P<y>{YEAR})|(?P<rel>this|last|next)\s+year|the\s+year))?)(?!\w)""",
      priority=2, triggers=('half',),
      examples=(
          Example("Profit fell in the first half.", "1998-08-07", "the first half", "1998-H1"),
          Example("Sales should pick up in the second half of next year.",
                  "1998-08-07", "the second half of next year", "1999-H2"),
      ))
def half_year(m, text):
    h = HALVES[m["h"].lower()]
    if not m["the"] and not m["y"] and not m["rel"] and not re.match(r"[\s-]+\w", text[m.end():m.end() + 3]):
        return None  # "the second half" needs its article; "second-half profit" is fine

    def resolve(ctx):
        if m["y"]:
            return Resolution(type="DATE", period=Period.half(int(m["y"]), h))
        if not ctx.dct:
            return Resolution(type="DATE", precision="quarter")
        y = ctx.dct.year + {"this": 0, "last": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
        return Resolution(type="DATE", period=Period.half(y, h))

    return hit(m, resolve)


@rule(rf"""(?<![\w-])(?i:(?P<det>(?:last|this|next|this\s+past|the|early|late|mid|the\s+early|the\s+late)(?:\s*-\s*|\s+))?
           (?P<s>{SEASON_RE})(?:(?:\s+of)?,?\s+(?P<y>{YEAR}))?)(?![\w-])""", priority=2, triggers=('spring', 'summer', 'fall', 'autumn', 'winter'),
      examples=(
          Example("They met last summer.", "1998-08-07", "last summer", "1997-SU"),
          Example("The talks collapsed in the spring of 1996.", "1998-08-07", "the spring of 1996", "1996-SP"),
      ))
def season(m, text):
    code = SEASONS[m["s"].lower()]
    det = re.sub(r"\s+", " ", (m["det"] or "").strip().lower())
    if not det and not m["y"]:
        prev = words_before(text, m.start())
        if not prev or prev[-1].lower() not in ("in", "this", "during", "since", "until", "by", "through"):
            return None  # "prices fall", "summer camp"
        if code == "FA":
            return None
    if not m["y"] and re.match(r"\s+of\s+(?!\d)", text[m.end():m.end() + 6], re.I):
        return None  # "the fall of the Berlin Wall"
    which = ("last" if det.startswith("last") or det == "this past" else "this" if det == "this"
             else "next" if det == "next" else "bare")

    def resolve(ctx):
        if m["y"]:
            return Resolution(type="DATE", period=part_of(Period.season(int(m["y"]), code), det, None))
        p = part_of(ctx.season(code, which=which), det, ctx.dct)
        return Resolution(type="DATE", period=p, precision="quarter")

    return hit(m, resolve)


# --- holidays -------------------------------------------------------------------------------------------
def _holiday(name: str, y: int) -> Period | None:
    """The day of holiday ``name`` (a key of lexicon.HOLIDAYS) in Gregorian year ``y`` (None when an Islamic
    feast does not fall in that year); a feast of several days keeps its first day as value and its last
    day as bound."""
    how = HOLIDAYS[name]
    if how[0] == "easter":
        return Period.day(easter(y) + dt.timedelta(days=how[1]))
    if how[0] == "nowruz":
        return Period.day(nowruz(y))
    if how[0] == "hijri":
        _, month, day, lasts = how
        days = hijri_in_year(y, month, day)
        if not days:
            return None
        first = days[0]
        if lasts == 0:  # the whole month (Ramadan)
            hy, _, _ = date_to_hijri(first)
            lasts = hijri_month_length(hy, month) - day + 1
        if lasts > 1:
            return Period(gran="day", start=first, wide=(first, first + dt.timedelta(days=lasts - 1)))
        return Period.day(first)
    if len(how) == 2:
        return Period.day(dt.date(y, *how))
    month, weekday, n, days_after = how
    return Period.day(nth_weekday(y, month, WEEKDAYS[weekday], n) + dt.timedelta(days=days_after))


@rule(rf"""(?<![\w-])(?P<rel>(?i:last|this|next)\s+)?(?P<h>(?i:{HOLIDAY_RE}))(?:,?\s+(?P<y>{YEAR}))?(?![\w-])""",
      priority=2, triggers=HOLIDAY_TRIGGERS,
      examples=(
          Example("He arrived on Thanksgiving Day.", "1998-08-07", "Thanksgiving Day", "1997-11-27"),
          Example("The shops close early on Christmas Eve 1998.", "1998-08-07", "Christmas Eve 1998", "1998-12-24"),
          Example("Clinton won on Election Day 1996.", "1998-08-07", "Election Day 1996", "1996-11-05"),
          Example("The parade is held on Memorial Day 1999.", "1998-08-07", "Memorial Day 1999", "1999-05-31"),
          Example("The office will be closed on Christmas.", "2026-12-07", "Christmas", "2026-12-25"),
          Example("The family gathered at home on Christmas.", "2026-03-02", "Christmas", "2025-12-25"),
          Example("Markets will close for Eid al-Adha.", "2025-03-12", "Eid al-Adha", "2025-06-07"),
          Example("Shops opened late during Ramadan.", "2024-08-21", "Ramadan", "2024-03-11"),
          Example("The ministry will close for Nowruz.", "2026-12-07", "Nowruz", "2027-03-21"),
          Example("Offices will close on Good Friday.", "2026-12-07", "Good Friday", "2027-03-26"),
          Example("We will meet after christmas.", "2025-11-19", "christmas", "2025-12-25"),
      ))
def holiday(m, text):
    name = holiday_key(m["h"])
    if not m["h"][0].isupper() and (name not in LOWER_CASE_HOLIDAYS or m["h"] != m["h"].lower()):
        return None

    def make(y: int) -> Period | None:
        return _holiday(name, y)

    rel = (m["rel"] or "").strip().lower()

    def resolve(ctx):
        if m["y"]:
            p = make(int(m["y"]))
            return Resolution(type="DATE", period=p) if p else None
        if not ctx.dct:
            return Resolution(type="DATE", precision="day")
        if rel in ("last", "next"):
            candidates = [p for p in (make(ctx.dct.year + k) for k in (-1, 0, 1)) if p is not None]
            if rel == "last":
                past = [p for p in candidates if p.start < ctx.dct]
                return Resolution(type="DATE", period=past[-1]) if past else None
            ahead = [p for p in candidates if p.start > ctx.dct]
            return Resolution(type="DATE", period=ahead[0]) if ahead else None
        return Resolution(type="DATE", period=ctx.pick_year(make), precision="day")

    return hit(m, resolve)
