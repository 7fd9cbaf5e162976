"""Durations ("18-month", "two years", "the past three years"), sets ("daily", "each year") and references
to the present, past and future ("now", "currently", "recently", "the future").
"""
from __future__ import annotations

import re

from timeline.timex.calendar import Period
from timeline.timex.lexicon import (DAY_PARTS, DAY_PART_RE, MONTHS, MONTH_RE, NUMBER_RE, REFERENCES, REFERENCE_RE,
                                    SET_ADVERBS, SET_ADVERB_RE, UNITS, UNIT_RE, VAGUE_UNITS, WEEKDAYS, WEEKDAY_RE,
                                    alternatives, parse_number, plural, unit_key)
from timeline.timex.rules.base import YEAR, Resolution, duration_value, hit, part_of, rule, words_before
from timeline.timex.rules.example import Example
from timeline.timex.tense import PAST

_APPROX = (r"(?:about|nearly|almost|more\s+than|less\s+than|fewer\s+than|over|at\s+least|just|only|roughly"
           r"|around|approximately|barely|fully|up\s+to|exactly|a\s+full|a\s+mere|another|an\s+additional"
           r"|an\s+extra|the\s+better\s+part\s+of|well\s+over|close\s+to|under)")
_SPAN_WORD = (r"(?:the\s+)?(?:past|last|next|coming|first|previous|final|following|latest|recent|preceding"
              r"|ensuing|remaining|initial|prior|same|entire|full|whole|other|year-earlier|year-ago)")


_MODALS = frozenset("will would could may might can shall should 'll must hope hopes hoped".split())


def _precision(unit: str) -> str:
    return UNITS[unit][2]


def _duration(n, unit):
    value = duration_value(n, unit)
    return lambda ctx: Resolution(type="DURATION", value=value, precision=_precision(unit),
                                  sets_reference=False)


@rule(rf"""(?<![\w-])(?i:(?:(?P<approx>{_APPROX})\s+)?(?P<span>{_SPAN_WORD}\s+|the\s+|a\s+|an\s+)?
           (?P<num>{NUMBER_RE})(?P<sep>[\s-]+)(?:(?:more|additional|extra|long|straight|consecutive)\s+)?
           (?P<unit>{UNIT_RE})(?P<pl>s)?(?P<half>\s+and\s+a\s+half)?
           (?P<tail>[\s-]+(?:period|span|stretch|term|stint|spell|window|run|ahead|to\s+come))?)(?![\w])""",
      priority=2,
      examples=(
          Example("He waited three months.", "1998-08-07", "three months", "P3M"),
          Example("They lived in camps for 2 1/2 years.", "1998-08-07", "2 1/2 years", "P2Y6M"),
          Example("The flight took an hour and a half.", "1998-08-07", "an hour and a half", "PT1H30M"),
          Example("It cost $2 million a year.", "1998-08-07", "a year", "P1Y"),
          Example("Net rose 5% for the nine months.", "1989-10-26", "the nine months", "P9M"),
          Example("The country emerged from an 18-month civil war.", "1998-08-07", "18-month", "P18M"),
      ))
def counted_duration(m, text):
    unit = unit_key(m["unit"])
    num = re.sub(r"\s+", " ", m["num"].lower())
    after = text[m.end():m.end() + 10]
    if re.match(r"[\s-]*old\b", after, re.I) or re.match(r"-olds?\b", after):
        return None  # ages: "a 52-year-old doctor"
    if unit == "quarter" and re.match(r"\s+of\b", after):
        return None  # "three-quarters of its food": a fraction
    if m["unit"][0].isupper() and not m["num"][0].isupper():
        return None  # "60 Minutes": a title, not a duration
    if re.fullmatch(YEAR, num) and not m["pl"]:
        return None  # "the 1988 quarter": a year, see year_quarter
    if unit == "second" and (num in ("a", "an") or not m["pl"] and num not in ("one",)
                             and not num[0].isdigit()):
        return None  # "a second time", "the second day"
    if num in ("a", "an"):
        prev = words_before(text, m.start(), 2)
        # "$1.76 a year", "twice a year", "5% a year": a frequency, not a duration.
        if not m["span"] and not m["approx"] and prev and re.match(
                r"(?:[\d$%.,]+%?|\d.*|times|once|twice|thrice|billion|million|thousand|percent|cents?|dollars?"
                r"|points?|hundred|dozen|each|per)$", prev[-1], re.I):
            v = duration_value(1, unit)
            return hit(m, lambda ctx: Resolution(type="SET", value=v, precision=_precision(unit),
                                                 sets_reference=False), start=m.start("num"))
        if m["span"] is None and not m["approx"] and unit in ("day", "night", "year", "month", "week") \
                and not m["tail"] and _event_reading(text, m.end()):
            return None
    if num in ("some", "many") and not m["pl"]:
        return None  # "some day", "many a year"
    if num == "one" and unit == "day" and not m["pl"] and not m["span"] and not m["approx"]:
        prev = words_before(text, m.start())
        if prev and (prev[-1].lower() in _MODALS or prev[-1].lower().endswith(("'ll", "’ll"))):
            # "Islam will one day be the second largest religion": someday, TimeML FUTURE_REF.
            return hit(m, lambda ctx: Resolution(type="DATE", value="FUTURE_REF", sets_reference=False))
    n = parse_number(num)
    if n is not None and n == 0:
        return None
    if n is not None and m["half"]:
        n += 0.5  # "a minute and a half" -> PT1M30S
    span = re.sub(r"\s+", " ", (m["span"] or "").strip().lower())
    if unit == "month" and n is not None and 4 <= n <= 11 and float(n).is_integer() and not m["approx"] \
            and span in ("the", "the first", "the latest") and not m["tail"] \
            and not re.match(r"\s+(?:ended|ending)\b", after, re.I):
        # "the nine months", "the first six months": a results period running from the start of the
        # (fiscal) year; comparisons that follow ("a year earlier") are with the previous year.
        return hit(m, _year_to_date(n))
    if (m["approx"] or "").lower() == "over" and span:
        # "over the past three years": here "over" is a preposition, not "more than".
        return hit(m, _duration(n, unit), start=m.start("span"))
    if m["sep"].strip() == "-" and not m["tail"] and span in ("the", "a", "an"):
        # "an 18-month civil war": the article belongs to the noun, the timex is the compound alone.
        return hit(m, _duration(n, unit), start=m.start("num"))
    return hit(m, _duration(n, unit))


def _year_to_date(n):
    value = duration_value(n, "month")

    def resolve(ctx):
        ctx.last_quarter = None
        ctx.year_to_date = value
        return Resolution(type="DURATION", value=value, precision="month", sets_reference=False)

    return resolve


def _event_reading(text: str, end: int) -> bool:
    """'a day after', 'a year ago', 'a week earlier' are left to counted_relative; 'a day' before
    'of'/'in which' reads as a period anyway, so only the relative readings are rejected here."""
    return bool(re.match(r"\s+(?:ago|earlier|later|before|after|beforehand|afterwards?)\b", text[end:end + 14],
                         re.I))


@rule(rf"""(?<![\w-])(?i:(?P<pre>(?:for|in|over|within)\s+)?
           (?P<q>several|a\s+few|few|many|some|the\s+past\s+few|the\s+last\s+few|the\s+next\s+few
           |the\s+coming|the\s+past|the\s+next|recent|coming)?\s*
           (?P<unit>{alternatives(plural(u) for u in VAGUE_UNITS)})
           (?P<ahead>\s+ahead|\s+to\s+come)?)(?![\w-])""", priority=1,
      examples=(
          Example("The talks dragged on for years.", "1998-08-07", "years", "PXY"),
          Example("Prices will rise in the coming months.", "1998-08-07", "the coming months", "PXM"),
          Example("Crime fell in recent years.", "1998-08-07", "recent years", "PAST_REF"),
      ))
def vague_duration(m, text):
    unit = unit_key(m["unit"])
    q = re.sub(r"\s+", " ", (m["q"] or "").lower())
    pre = (m["pre"] or "").lower()
    if not q and not pre and not m["ahead"]:
        return None
    if not q and pre and not m["ahead"]:
        # "for years", "in days": only with "for"/"over"/"within", or "in recent..." (handled by q)
        if not re.match(r"(?:for|over|within)\s", pre):
            return None
    start = m.start("q") if q else m.start("unit")
    if pre and not q:
        start = m.start("unit")
    if q == "recent" and unit in ("year", "decade", "century"):
        # TimeBank: "in recent years" is PAST_REF, "in recent weeks/months" a vague duration (PXW, PXM).
        return hit(m, lambda ctx: Resolution(type="DATE", value="PAST_REF", sets_reference=False),
                   start=start)
    if q in ("the coming", "coming") or m["ahead"]:
        start = m.start("q") if q else m.start("unit")
        prev = text[max(0, start - 4):start].lower()
        if prev.endswith("the ") and not q:
            start -= 4
    value = duration_value(None, unit)
    return hit(m, lambda ctx: Resolution(type="DURATION", value=value, precision=_precision(unit),
                                         sets_reference=False), start=start)


# --- the year, the full year ---------------------------------------------------------------------------
@rule(r"""(?<![\w-])(?i:(?P<pre>(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|balance)\s+of\s+)?
          the\s+(?P<adj>full\s+|fiscal\s+|entire\s+|whole\s+)?year)(?![\w-])(?!\s+(?:before|after|earlier|ago))""",
      priority=0, triggers=('year',),
      examples=(
          Example("For the year, pet food volume was flat.", "1989-10-26", "the year", "1989"),
          Example("It had revenue of $76 million for the year ended March 31.", "1989-10-26", "the year", "P1Y"),
      ))
def the_year(m, text):
    """"the year" names the current year ("for the year", "earlier in the year", "the end of the year",
    "the full year", "for the fiscal year": TimeBank DATE); a year identified by its closing date ("the
    year ended March 31", "in the fiscal year ending June 30") or spanned throughout ("throughout the
    fiscal year", "over the year") is a one-year period (DURATION P1Y)."""
    prev = words_before(text, m.start())
    prev_word = prev[-1].lower() if prev else ""
    adj = (m["adj"] or "").strip().lower()
    closed = re.match(r"\s+(?:just\s+)?(?:ended|ending|that\s+ended|which\s+ended|to)\b",
                      text[m.end():m.end() + 20], re.I)
    spanned = prev_word in ("throughout", "over", "during", "all", "within", "across")
    if m["pre"] or adj == "full" or not (closed or spanned):
        def resolve(ctx):
            p = part_of(ctx.dct_period("year"), m["pre"], ctx.dct)
            return Resolution(type="DATE", period=p, precision="year", sets_reference=False)

        return hit(m, resolve)
    return hit(m, _duration(1, "year"))


@rule(r"""(?<![\w-])(?i:(?:around\s+|by\s+)?(?P<w>year[-\s]end|year['’]s\s+end|end\s+of\s+the\s+year))(?![\w-])""",
      priority=1, triggers=('year',),
      examples=(
          Example("The plant will close by year-end.", "1998-08-07", "year-end", "1998"),
      ))
def year_end(m, text):
    """"by year-end": the end of this year (the year of publication, the previous one after "since")."""
    since = re.search(r"since\s+$", text[max(0, m.start() - 8):m.start()], re.I)

    def resolve(ctx):
        p = ctx.dct_period("year")
        if p is None:
            return Resolution(type="DATE", precision="year")
        return Resolution(type="DATE", period=part_of(p.shift(-1) if since else p, "end of", None),
                          sets_reference=False)

    return hit(m, resolve, start=m.start("w"))


# --- adjectival compounds: year-earlier, year-ago ------------------------------------------------------
@rule(r"""(?<![\w-])(?i:(?P<the>the\s+)?(?:year-earlier|year-ago|year\s+earlier|prior-year)(?=[\s-]+\w))""",
      priority=1, triggers=('year',),
      examples=(
          Example("Net rose in the third quarter from year-earlier levels.", "1989-10-26", "year-earlier", "1988-Q3"),
      ))
def year_earlier_adj(m, text):
    def resolve(ctx):
        ref = ctx.last_quarter or ctx.ref
        if ctx.year_to_date and ctx.dct:
            # "compared with year-earlier net" after "for the nine months": the previous year.
            return Resolution(type="DATE", period=Period.year(ctx.dct.year - 1), sets_reference=False)
        if ref is not None and ref.gran in ("quarter", "half", "month"):
            return Resolution(type="DATE", period=ref.shift(-1, "year"), sets_reference=False)
        base = ctx.dct_period("year")
        if base is None:
            return Resolution(type="DATE", precision="year")
        return Resolution(type="DATE", period=base.shift(-1), sets_reference=False)

    return hit(m, resolve)


# --- sets -------------------------------------------------------------------------------------------------
@rule(rf"""(?<![\w-])(?i:(?P<w>{SET_ADVERB_RE}))(?![\w-])""",
      priority=1,
      examples=(
          Example("Rallies are held weekly.", "1998-08-07", "weekly", "P1W"),
          Example("Commemorations are held here annually.", "1998-08-07", "annually", "P1Y"),
      ))
def set_adverb(m, text):
    w = m["w"].lower()
    # TimeBank tags "daily" even in "the Communist Party daily Granma", so no newspaper filter here. But an
    # adverb of rate after a quantity ("rise 8.5% annually", "10,000 units annually", "$2 million yearly") is
    # part of a measure, not a recurring time, and is left untagged.
    if w in ("annually", "yearly") and re.search(
            r"(?:\d%?|%|percent|million|billion|thousand|units|shares|tons|barrels|dollars|cents)\s+(?:\w+\s+)?$",
            text[max(0, m.start() - 40):m.start()], re.I):
        return None
    value, precision = SET_ADVERBS[w]
    return hit(m, lambda ctx: Resolution(type="SET", value=value, precision=precision, sets_reference=False))


@rule(rf"""(?<![\w-])(?i:(?P<q>every|each|per)\s+(?:other\s+)?(?:(?P<num>{NUMBER_RE})\s+)?
           (?P<unit>{UNIT_RE}|{DAY_PART_RE}|weekend|{WEEKDAY_RE}|{MONTH_RE})(?P<pl>s)?)(?![\w-])""",
      priority=2, triggers=('every', 'each', 'per'),
      examples=(
          Example("The race is held each year.", "1998-08-07", "each year", "P1Y"),
          Example("The market opens every Monday.", "1998-08-07", "every Monday", "XXXX-WXX-1"),
          Example("He trains every other night.", "1998-08-07", "every other night", "P2D"),
      ))
def set_every(m, text):
    word = m["unit"].lower()
    if word in WEEKDAYS:
        v = f"XXXX-WXX-{WEEKDAYS[word] + 1}"
        return hit(m, lambda ctx: Resolution(type="SET", value=v, precision="day", sets_reference=False))
    if word.rstrip(".") in MONTHS and word not in ("second",):
        v = f"XXXX-{MONTHS[word.rstrip('.')]:02d}"
        return hit(m, lambda ctx: Resolution(type="SET", value=v, precision="month", sets_reference=False))
    if word in DAY_PARTS and word not in UNITS:  # "night" is also a counted unit: "every other night" -> P2D
        return hit(m, lambda ctx: Resolution(type="SET", value="P1D", precision="day", sets_reference=False))
    if word == "weekend":
        return hit(m, lambda ctx: Resolution(type="SET", value="P1W", precision="week", sets_reference=False))
    unit = unit_key(word)
    n = parse_number(m["num"]) if m["num"] else 1
    if "other" in m.group().lower() and n is not None:
        n *= 2
    value = duration_value(n, unit)
    return hit(m, lambda ctx: Resolution(type="SET", value=value, precision=_precision(unit),
                                         sets_reference=False))


# --- references to the present, past and future ----------------------------------------------------------
@rule(rf"""(?<![\w-])(?i:(?P<w>{REFERENCE_RE}))(?![\w-])""", priority=0,
      examples=(
          Example("It is now over.", "1998-08-07", "now", "PRESENT_REF"),
          Example("He recently resigned.", "1998-08-07", "recently", "PAST_REF"),
          Example("We will see in the future.", "1998-08-07", "the future", "FUTURE_REF"),
          Example("Holders may buy shares at half the then-current market price.",
                  "1998-08-07", "then-current", "PAST_REF"),
          Example("He is a former minister.",
                  "1998-08-07", "former", "PAST_REF", settings=(('FORMER_AS_PAST_REF', True),)),
      ))
def reference_word(m, text):
    w = re.sub(r"[\s-]+", " ", m["w"].lower())  # "then-current" -> "then current"
    start, end = m.start(), m.end()
    if w in ("former", "formerly"):
        return _settings_gated(m, "PAST_REF")
    if w == "right now":
        start = end - 3  # TimeML leaves the intensifier out
    if w.startswith("at ") and w != "at the moment":
        start = m.start() + 3
    if w == "future":
        # "future" as a bare adjective ("future earnings") is only sometimes a timex; keep "in future".
        prev = words_before(text, m.start())
        if not prev or prev[-1].lower() not in ("in", "for", "near", "distant"):
            return None
    if w == "the future" and re.match(r"\s+of\b", text[end:end + 6], re.I):
        return None  # "the future of our peoples": their fate, not a time
    if w == "soon":
        if re.match(r"\s+(?:as|after|afterwards?|thereafter|enough)\b", text[end:end + 14], re.I) or \
                re.search(r"\bas\s*$", text[max(0, start - 4):start], re.I):
            return None  # "as soon as", "soon after": a relation, not a time

    value = REFERENCES[w]
    prev = words_before(text, start)
    # "they may soon seek", "expects sales to soon grow": the modal settles it whatever the main verb's tense.
    looks_ahead = bool(prev) and (prev[-1].lower() in _MODALS or prev[-1].lower() == "to")

    def resolve(ctx):
        if w == "soon" and not looks_ahead and ctx.tense() == PAST:
            return None  # "soon became a flood": narrated past, not the future
        return Resolution(type="DATE", value=value, sets_reference=False)

    return hit(m, resolve, start=start, end=end)


def _settings_gated(m, value):
    def resolve(ctx):
        if not ctx.settings.FORMER_AS_PAST_REF:
            return None
        return Resolution(type="DATE", value=value, sets_reference=False)

    return hit(m, resolve, name="former")
