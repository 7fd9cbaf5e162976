"""Word tables the temporal tagger matches against (English news text).

Kept apart from the rules so the regexes read as grammar and the vocabulary can grow without touching them.
Every table maps a lower-cased surface form to its meaning.
"""
from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

# Month names must be capitalised: lower-case "may", "march" are the verb, "Sun"/"Wed" are never read as days.
# Abbreviations need their period ("Jan.") unless a day number follows (handled in the rule).
MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)"
)
# Abbreviation without a period, only allowed right before a day number ("Aug 7").
MONTH_ABBR_BARE_RE = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Part of day -> TIMEX3 code.
DAY_PARTS = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
    "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9,
    "tenth": 10, "10th": 10, "eleventh": 11, "11th": 11, "twelfth": 12, "12th": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}

UNITS_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}

# Quantities whose size is unknown: TIMEX3 writes them with X ("several years" -> PXY).
# "a couple of" counts as two (TimeBank: "a couple of years" -> P2Y).
VAGUE_QUANTITIES = {"several", "a few", "few", "some", "many", "a number of",
                    "numerous", "dozens of", "hundreds of", "thousands of"}

_SMALL = "|".join(sorted(UNITS_SMALL, key=len, reverse=True))
_TENS = "|".join(TENS)
# Spaces are written \s+ because the rules compile these fragments in VERBOSE mode.
NUMBER_WORD_RE = rf"(?:(?:{_TENS})(?:[-\s](?:{_SMALL}))?|{_SMALL}|a\s+hundred|one\s+hundred|a\s+dozen|dozen)"
NUMBER_RE = (
    rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|{NUMBER_WORD_RE}(?:\s+and\s+a\s+half)?|a|an|half\s+an|half\s+a"
    r"|several|a\s+few|few|some|many|a\s+couple\s+of|couple\s+of|a\s+number\s+of)"
)


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
    if w in ("half an", "half a"):
        return 0.5
    if w in ("a", "an"):
        return 1 + half
    if w in ("a couple of", "couple of"):
        return 2 + half
    if w in ("a dozen", "dozen"):
        return 12 + half
    if w in ("a hundred", "one hundred"):
        return 100 + half
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


# Duration units -> (TIMEX3 designator, whether it goes after the T, precision name).
UNITS = {
    "second": ("S", True, "hour"), "minute": ("M", True, "hour"), "hour": ("H", True, "hour"),
    "day": ("D", False, "day"), "night": ("D", False, "day"), "week": ("W", False, "week"),
    "fortnight": ("W2", False, "week"), "month": ("M", False, "month"), "quarter": ("Q", False, "quarter"),
    "year": ("Y", False, "year"), "decade": ("DE", False, "decade"), "century": ("CE", False, "century"),
}
UNIT_RE = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century|centurie)"


def unit_key(word: str) -> str:
    """'Years' -> 'year', 'centuries' -> 'century'."""
    w = word.lower()
    if w.startswith("centur"):
        return "century"
    return w[:-1] if w.endswith("s") else w


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
aims aim hopes hope would next upcoming coming ahead eyeing forthcoming tomorrow
""".split())

# Words after which a bare month or weekday is certainly a date (prepositions and determiners).
DATE_PREPOSITIONS = frozenset("""
in on since until till by from through to of during before after last next this early late mid the each
every between and or around about throughout into for starting beginning ending as at
""".split())
