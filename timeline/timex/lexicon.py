"""Word tables the temporal tagger matches against (English news text), and the regex fragments built
from them.

Kept apart from the rules so the regexes read as grammar and the vocabulary can grow without touching
them: every fragment below is generated from its table, so a word added to a table is recognised by the
rules that use the fragment. Every table maps a lower-cased surface form to its meaning. Where a table
feeds a regex alternation its order is the order the regex tries the words (a longer form before a form
that is its prefix).
"""
from __future__ import annotations

import re
from typing import Iterable


def alternatives(words: Iterable[str]) -> str:
    """``"a|b\\s+c"`` for a regex alternation; a space matches any white space (the rules compile in
    VERBOSE mode, where a literal space would be ignored). The words are plain: letters, digits, hyphens."""
    return "|".join(w.replace(" ", r"\s+") for w in words)


# --- months and weekdays ------------------------------------------------------------------------------------
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9, "sep": 9,
                       "oct": 10, "nov": 11, "dec": 12}
# "MAY" in an all-capitals headline is the verb far more often than the month.
NOT_IN_CAPITALS = frozenset({"may"})
MONTHS = {**{name: i for i, name in enumerate(MONTH_NAMES, 1)}, **MONTH_ABBREVIATIONS}

# Month names must be capitalised: lower-case "may", "march" are the verb, "Sun"/"Wed" are never read as days.
# Abbreviations need their period ("Jan.") unless a day number follows (handled in the rule).
# Messages and schedules write month names in lower case too; not those that are also words ("may", "march",
# "august") nor the abbreviations but before a day number (the rules ask for the number).
LOWER_CASE_MONTHS = tuple(n for n in MONTH_NAMES if n not in ("may", "march", "august"))
MONTH_ABBR_BARE_RE = (f"(?:{alternatives(a.title() for a in MONTH_ABBREVIATIONS)}"
                      f"|(?<![\\w-])(?:{alternatives(a for a in MONTH_ABBREVIATIONS if a not in ('mar', 'jun'))})(?=\\s*\\d))")
MONTH_RE = (f"(?:{alternatives(n.title() for n in MONTH_NAMES)}"
            f"|{alternatives(n.upper() for n in MONTH_NAMES if n not in NOT_IN_CAPITALS)}"
            f"|(?<![\\w-])(?:{alternatives(LOWER_CASE_MONTHS)})"
            f"|(?:{alternatives(a.title() for a in MONTH_ABBREVIATIONS)})\\.)")

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
# Written out, capitalised or (in messages) not: "Monday", "monday".
WEEKDAY_RE = f"(?:{alternatives(d.title() for d in WEEKDAYS)}|(?<![\\w-])(?:{alternatives(WEEKDAYS)}))"
# Abbreviated weekdays ("Thu", "Tues.", "Fri"), as schedules and messages write them. Capitalised ones only,
# except the forms that are no English word ("tues", "thurs"); "Sun", "Mon", "Sat" and "Wed" are also names or
# words, so the weekday rule asks more of them (see AMBIGUOUS_WEEKDAY_ABBREVIATIONS).
WEEKDAY_ABBREVIATIONS = {"mon": 0, "tues": 1, "tue": 1, "weds": 2, "wed": 2, "thurs": 3, "thur": 3, "thu": 3, "fri": 4,
                         "sat": 5, "sun": 6}
AMBIGUOUS_WEEKDAY_ABBREVIATIONS = frozenset({"mon", "wed", "sat", "sun"})
LOWER_CASE_WEEKDAY_ABBREVIATIONS = ("tues", "tue", "weds", "thurs", "thur", "thu")
# Longest first ("Thurs" before "Thu"); the period of an abbreviation is part of it.
WEEKDAY_ABBR_RE = (f"(?:(?:{alternatives(a.title() for a in WEEKDAY_ABBREVIATIONS)}"
                   f"|{alternatives(LOWER_CASE_WEEKDAY_ABBREVIATIONS)})\\.?)")
# A weekday written out or abbreviated.
WEEKDAY_ANY_RE = f"(?:{WEEKDAY_RE}|{WEEKDAY_ABBR_RE})"


def weekday_number(word: str) -> int:
    """'Tuesday' -> 1, 'Thu.' -> 3, 'tues' -> 1."""
    w = word.lower().rstrip(".")
    return WEEKDAYS[w] if w in WEEKDAYS else WEEKDAY_ABBREVIATIONS[w]


# Days named from the day of speaking -> offset in days.
DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
DEICTIC_DAY_RE = alternatives(DEICTIC_DAYS)

# Part of day -> TIMEX3 code.
DAY_PARTS = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}
DAY_PART_RE = alternatives(DAY_PARTS)

# US time zones and the usual others in wire copy ("5 p.m. EST").
TIME_ZONES = ("EDT", "EST", "CDT", "CST", "MDT", "MST", "PDT", "PST", "GMT", "UTC", "BST", "CET")
TIME_ZONE_RE = alternatives(TIME_ZONES)

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_RE = alternatives(SEASONS)

# --- ordinals, halves, decades ----------------------------------------------------------------------------
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
    "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9,
    "tenth": 10, "10th": 10, "eleventh": 11, "11th": 11, "twelfth": 12, "12th": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}
# The days of a month as ordinal words ("the twenty-second of June").
DAY_ORDINALS = {**{w: n for w, n in ORDINALS.items() if not w[0].isdigit()}, "twenty-second": 22,
                "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
                "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30, "thirty-first": 31}
# Longest first, so "twenty-first" is not read as "twenty" and "1st" never stops short.
ORDINAL_RE = "|".join(sorted(ORDINALS, key=len, reverse=True))

# Which quarter of the year: the ordinals up to four, and "the final quarter".
QUARTER_ORDINALS = {**{w: n for w, n in ORDINALS.items() if n <= 4}, "final": 4}
QUARTER_ORDINAL_RE = alternatives(QUARTER_ORDINALS)

# Which half of the year.
HALVES = {"first": 1, "second": 2, "last": 2, "latter": 2, "final": 2, "1st": 1, "2nd": 2}
HALF_RE = alternatives(HALVES)

# "the nineties" -> the 9th decade of a century.
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}
DECADE_WORD_RE = alternatives(DECADE_WORDS)

# --- numbers ---------------------------------------------------------------------------------------------
UNITS_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
# Spelled amounts beyond units and tens; like them they may take "and a half".
NUMBER_PHRASES = {"a hundred": 100, "one hundred": 100, "a dozen": 12, "dozen": 12}
# An article or "couple" as the amount ("a year", "half an hour"); TimeBank: "a couple of years" -> P2Y.
ARTICLE_AMOUNTS = {"a": 1, "an": 1, "half an": 0.5, "half a": 0.5, "a couple of": 2, "couple of": 2}
# Quantities whose size is unknown: TIMEX3 writes them with X ("several years" -> PXY).
VAGUE_QUANTITIES = ("several", "a few", "few", "some", "many", "a number of")

# Spelled years of transcribed broadcasts: "nineteen ninety-six" is the 1900s plus ninety-six.
SPELLED_CENTURIES = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}

_SMALL = "|".join(sorted(UNITS_SMALL, key=len, reverse=True))
_TENS = alternatives(TENS)
NUMBER_WORD_RE = rf"(?:(?:{_TENS})(?:[-\s](?:{_SMALL}))?|{_SMALL}|{alternatives(NUMBER_PHRASES)})"
NUMBER_RE = (
    rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|{NUMBER_WORD_RE}(?:\s+and\s+a\s+half)?|{alternatives(ARTICLE_AMOUNTS)}"
    rf"|{alternatives(VAGUE_QUANTITIES)})"
)


def number_words(low: int, high: int) -> str:
    """Alternation of the unit words (UNITS_SMALL) worth ``low`` to ``high``, in table order."""
    return alternatives(w for w, n in UNITS_SMALL.items() if low <= n <= high)


def parse_number(words: str) -> float | None:
    """'two' -> 2, 'twenty-five' -> 25, '5 1/2' -> 5.5, 'a' -> 1; None for vague quantities ('several')."""
    w = re.sub(r"\s+", " ", words.strip().lower())
    if w in VAGUE_QUANTITIES:
        return None
    half = 0.0
    if w.endswith(" and a half"):
        w, half = w[: -len(" and a half")], 0.5
    if w.endswith(" 1/2"):
        w, half = w[:-4], 0.5
    if w in ARTICLE_AMOUNTS:
        return ARTICLE_AMOUNTS[w] + half
    if w in NUMBER_PHRASES:
        return NUMBER_PHRASES[w] + half
    try:
        return float(w) + half
    except ValueError:
        pass
    parts = re.split(r"[- ]", w)
    total = 0
    for p in parts:
        if p in TENS:
            total += TENS[p]
        elif p in UNITS_SMALL:
            total += UNITS_SMALL[p]
        else:
            return None
    return total + half


# --- units of time --------------------------------------------------------------------------------------
# Duration units -> (TIMEX3 designator, whether it goes after the T, precision name).
UNITS = {
    "second": ("S", True, "hour"), "minute": ("M", True, "hour"), "hour": ("H", True, "hour"),
    "day": ("D", False, "day"), "night": ("D", False, "day"), "week": ("W", False, "week"),
    "fortnight": ("W2", False, "week"), "month": ("M", False, "month"), "quarter": ("Q", False, "quarter"),
    "year": ("Y", False, "year"), "decade": ("DE", False, "decade"), "century": ("CE", False, "century"),
}
IRREGULAR_PLURALS = {"century": "centuries"}
# The rules write a unit as ``{UNIT_RE}s?``, so an irregular plural enters as its stem before the "s".
UNIT_RE = f"(?:{alternatives([*UNITS, *(p[:-1] for p in IRREGULAR_PLURALS.values())])})"

# Units that "last/this/next/the same ..." name as one calendar period ("last week", "this century").
CALENDAR_UNITS = ("week", "weekend", "month", "quarter", "year", "decade", "century")
# Units counted vaguely in the plural ("for years", "several hours", "months ago").
VAGUE_UNITS = ("year", "month", "week", "day", "hour", "minute", "decade", "century")


def plural(unit: str) -> str:
    return IRREGULAR_PLURALS.get(unit, unit + "s")


def unit_key(word: str) -> str:
    """'Years' -> 'year', 'centuries' -> 'century' (also the stem 'centurie' that UNIT_RE captures)."""
    w = word.lower()
    for singular, plural_form in IRREGULAR_PLURALS.items():
        if w in (plural_form, plural_form[:-1]):
            return singular
    return w[:-1] if w.endswith("s") else w


# Adverbs of recurrence -> (TIMEX3 SET value, precision).
SET_ADVERBS = {"daily": ("P1D", "day"), "weekly": ("P1W", "week"), "monthly": ("P1M", "month"),
               "annually": ("P1Y", "year"), "yearly": ("P1Y", "year"), "hourly": ("PT1H", "hour"),
               "nightly": ("P1D", "day"), "biweekly": ("P2W", "week"), "semiannually": ("P6M", "month")}
SET_ADVERB_RE = alternatives(SET_ADVERBS)

# Words and phrases that refer to the present, past or future as a whole (TIMEX3 *_REF values).
REFERENCES = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "presently": "PRESENT_REF", "at present": "PRESENT_REF", "the present": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "the present time": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "then current": "PAST_REF",
    "former": "PAST_REF", "formerly": "PAST_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF", "a later date": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the long term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the near term": "FUTURE_REF", "as soon as possible": "FUTURE_REF",
}
# Phrases also written hyphenated ("then-current").
HYPHENATED_REFERENCES = frozenset({"then current"})
# Longest first: "the present time" must be tried before "the present".
REFERENCE_RE = "|".join(p.replace(" ", r"[\s-]+" if p in HYPHENATED_REFERENCES else r"\s+")
                        for p in sorted(REFERENCES, key=len, reverse=True))

# Holidays -> how their day is found: (month, day) for a fixed date; (month, weekday, n, days after) for the
# n-th weekday of the month (-1: the last), Election Day being the Tuesday after the first Monday of November;
# ("easter", days after) for the feasts counted from Gregorian Easter; ("hijri", month, day, days it lasts) for
# the Islamic ones, on the tabular Islamic calendar (calendar.hijri_to_date); ("nowruz",) for the Iranian new
# year, the day of the March equinox (calendar.nowruz). A feast of several days (Ramadan) is valued by its first
# day and bounded by its last.
HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "new year's eve": (12, 31),
    "new year's day": (1, 1), "independence day": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
    "veterans day": (11, 11), "thanksgiving day": (11, "thursday", 4, 0), "thanksgiving": (11, "thursday", 4, 0),
    "labor day": (9, "monday", 1, 0), "memorial day": (5, "monday", -1, 0), "easter": ("easter", 0),
    "easter sunday": ("easter", 0), "election day": (11, "monday", 1, 1), "martin luther king day": (1, "monday", 3, 0),
    "boxing day": (12, 26), "st. patrick's day": (3, 17), "saint patrick's day": (3, 17), "juneteenth": (6, 19),
    "groundhog day": (2, 2), "earth day": (4, 22), "bastille day": (7, 14), "canada day": (7, 1),
    "mother's day": (5, "sunday", 2, 0), "father's day": (6, "sunday", 3, 0),
    "presidents' day": (2, "monday", 3, 0), "presidents day": (2, "monday", 3, 0),
    "columbus day": (10, "monday", 2, 0),
    "good friday": ("easter", -2), "easter monday": ("easter", 1), "holy saturday": ("easter", -1),
    "palm sunday": ("easter", -7), "maundy thursday": ("easter", -3), "ash wednesday": ("easter", -46),
    "pentecost": ("easter", 49), "whit monday": ("easter", 50), "ascension day": ("easter", 39),
    "eid al-adha": ("hijri", 12, 10, 4), "eid ul-adha": ("hijri", 12, 10, 4), "eid el-adha": ("hijri", 12, 10, 4),
    "eid al-fitr": ("hijri", 10, 1, 3), "eid ul-fitr": ("hijri", 10, 1, 3), "eid el-fitr": ("hijri", 10, 1, 3),
    "ramadan": ("hijri", 9, 1, 0), "ramadhan": ("hijri", 9, 1, 0), "islamic new year": ("hijri", 1, 1, 1),
    "ashura": ("hijri", 1, 10, 1), "mawlid": ("hijri", 3, 12, 1), "arafat day": ("hijri", 12, 9, 1),
    "nowruz": ("nowruz",), "norouz": ("nowruz",), "nowrouz": ("nowruz",), "navruz": ("nowruz",),
    "nauryz": ("nowruz",),
}
# Holidays whose name in lower case is still only the holiday (messages write "christmas", "ramadan").
LOWER_CASE_HOLIDAYS = frozenset({"christmas eve", "christmas day", "christmas", "easter", "easter sunday",
                                 "easter monday", "halloween", "ramadan", "ramadhan", "nowruz", "eid al-adha",
                                 "eid ul-adha", "eid el-adha", "eid al-fitr", "eid ul-fitr", "eid el-fitr",
                                 "new year's eve", "new year's day", "valentine's day", "boxing day"})
# Longest first ("Christmas Eve" before "Christmas"); the apostrophe may be typographic, the period of "St."
# left out, and hyphens and spaces stand for each other ("Eid al Adha", "Eid-al-Adha").
HOLIDAY_RE = "|".join(r"[\s-]+".join(w.replace("'", "['’]").replace(".", r"\.?") for w in re.split(r"[ -]", k))
                      for k in sorted(HOLIDAYS, key=len, reverse=True))


def _holiday_trigger(name: str) -> str:
    """A lower-case part every spelling of the holiday contains: the name up to its apostrophe ("mother" of
    "mother's day"), its last word after an abbreviation ("patrick"), its last part when hyphens and spaces
    vary ("adha" of "eid al-adha")."""
    if "-" in name:
        return name.rsplit("-", 1)[-1]
    base = name.split("'")[0]
    return base.split()[-1] if "." in base else base


# A holiday name holds one of these (what the holiday rule's trigger looks for).
HOLIDAY_TRIGGERS = tuple(sorted({_holiday_trigger(k) for k in HOLIDAYS}))


def holiday_key(words: str) -> str:
    """The HOLIDAYS key of a matched holiday name ("Eid al Adha" -> "eid al-adha", "St Patrick’s Day" ->
    "st. patrick's day")."""
    import re as _re

    w = _re.sub(r"\s+", " ", words.lower().replace("’", "'"))
    if w in HOLIDAYS:
        return w
    flat = _re.sub(r"[\s.-]+", "", w)
    for k in HOLIDAYS:
        if _re.sub(r"[\s.-]+", "", k) == flat:
            return k
    raise KeyError(words)

# Nouns of measure and count after which a number is an amount, not a year ("1990 people", "2000 tons").
MEASURE_WORDS = (
    "%", "percent", "per cent", "people", "persons", "troops", "soldiers", "shares", "feet", "foot", "miles",
    "meters", "metres", "km", "kilometers", "kilometres", "tons", "tonnes", "barrels", "dollars", "yen", "marks",
    "francs", "pounds", "units", "workers", "employees", "members", "acres", "votes", "cars", "homes", "jobs",
    "points", "cases", "deaths", "children", "men", "women", "students", "hours", "minutes", "seconds", "years",
    "days", "weeks", "months",
)
MEASURE_WORD_RE = alternatives(MEASURE_WORDS)

# Past-tense forms that do not end in -ed (news verbs first); used when no POS tags are available.
IRREGULAR_PAST = frozenset("""
said told was were had did made took came went met saw gave found left began held sent won lost got became
brought built bought caught chose drew drove fell felt fought flew forgot grew heard hid kept knew laid led
meant paid ran rose sold spoke spent stood struck taught thought threw understood wore wrote shot stole broke
swore sought sank sat slept slid spread split stuck stung swept swung tore woke wept withdrew overtook
undertook upheld overcame foresaw arose beat bore bound bled bent bid bit blew burnt dealt dug fed fled
flung forbade forgave froze ground hung lay lent lit quit rang rode shook shone shrank sang slung sprang
strove strode tossed underwent
""".split())

# Words that mark a statement about the future (TimeML tense is what decides which "Friday" is meant).
FUTURE_CUES = frozenset("""
will 'll shall wo going expected expects expect plans plan planning scheduled schedule intends intend
aims aim hopes hope would next upcoming coming ahead eyeing forthcoming tomorrow let's
""".split())

# The present tense that speaks of what is arranged ("the meeting is on Monday", "the train leaves at 5"): the
# copula and the verbs of timetables. A bare day in such a clause is the coming one.
PRESENT_CUES = frozenset("""
is are am 're isn't aren't
starts begins opens closes ends runs leaves departs arrives meets resumes reopens returns launches kicks comes
start begin open close end leave depart arrive meet resume reopen return launch come
""".split())

# Words after which a bare month or weekday is certainly a date (prepositions and determiners).
# Words that name a part of a period ("the end of next week", "mid-March", "late 2027") -> which part
# (calendar.Period.part): the first, middle or last third; "first week", "last week" a week at either end;
# "earlier" runs to the day of speaking, "later", "the rest of" from it.
PARTS = {"early": "early", "beginning of": "early", "start of": "early", "mid": "mid", "middle of": "mid",
         "late": "late", "end of": "late", "first week of": "first week", "last week of": "last week",
         "earlier": "to now", "later": "from now", "rest of": "from now", "remainder of": "from now",
         "balance of": "from now"}


DATE_PREPOSITIONS = frozenset("""
in on since until till by from through to of during before after last next this early late mid the each
every between and or around about throughout into for starting beginning ending as at
""".split())
