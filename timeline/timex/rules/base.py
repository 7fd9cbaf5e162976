"""The rule registry: each rule is a regex plus a handler that turns a match into a ``Hit``.

Tagging runs in two passes (see timeline/timex/__init__.py): every rule proposes hits over the whole text,
overlapping hits are settled (longest wins), then the survivors are resolved left to right with a ``Context``
so anaphoric expressions ("the day before", "four days beforehand") can lean on the date mentioned just before
them.
A hit therefore carries a *resolver*, called only in the second pass.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from timeline.timex.calendar import Period
from timeline.timex.rules.example import Example

if TYPE_CHECKING:
    from timeline.timex.context import Context


@dataclass(frozen=True, kw_only=True)
class Resolution:
    """What a resolver found. ``period`` for anchored DATE/TIME; ``value`` alone for durations, sets and
    PRESENT_REF-style values; ``precision`` also reported when the period could not be anchored."""

    type: str
    value: str | None = None
    period: Period | None = None
    precision: str | None = None
    # Anchored dates become the reference time for what follows; vague ones ("recently") do not.
    sets_reference: bool = True


Resolver = Callable[["Context"], "Resolution | None"]


@dataclass(frozen=True, kw_only=True)
class Hit:
    start: int
    end: int
    rule: str
    resolve: Resolver
    priority: int = 0


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    handler: Callable[[re.Match, str], "Hit | list[Hit] | None"]
    priority: int
    # What the rule is for, as sentences the tagger must get right (run by one table-driven test).
    examples: tuple[Example, ...] = ()
    # Lower-case strings one of which every match contains: a text without any is not searched (a substring
    # test is far cheaper than a regex tried at every position).
    triggers: tuple[str, ...] = ()


RULES: list[Rule] = []


def rule(pattern: str, *, priority: int = 0, flags: int = 0, examples: tuple[Example, ...] = (),
         triggers: tuple[str, ...] = ()):
    """Register ``handler(match, text) -> Hit | None`` for ``pattern`` (verbose regex), with the
    ``examples`` that show what it tags and, optionally, the ``triggers`` (lower-case) a match must contain."""

    def register(handler):
        RULES.append(Rule(handler.__name__, re.compile(pattern, flags | re.VERBOSE), handler, priority,
                          tuple(examples), tuple(triggers)))
        return handler

    return register


def hit(m: re.Match, resolve: Resolver, *, group: int | str = 0, start: int | None = None,
        end: int | None = None, priority: int = 0, name: str = "") -> Hit:
    """A hit on the whole match, a group of it, or explicit offsets; trailing spaces are never in a span."""
    s = m.start(group) if start is None else start
    e = m.end(group) if end is None else end
    text = m.string
    while e > s and text[e - 1].isspace():
        e -= 1
    return Hit(start=s, end=e, rule=name or _caller_name(), resolve=resolve, priority=priority)


def _caller_name() -> str:
    import sys

    return sys._getframe(2).f_code.co_name


def part_of(p: Period | None, mod: str | None, dct: dt.date | None) -> Period | None:
    """``p`` with its bounds narrowed to the part of it ``mod`` names ("the end of", "mid", "late",
    "earlier": lexicon.PARTS); its value stays the period's (TimeML writes the part as a modifier)."""
    from timeline.timex.lexicon import PARTS

    if p is None or not mod:
        return p
    which = PARTS.get(re.sub(r"^the\s+|[\s-]+$", "", re.sub(r"[\s-]+", " ", mod.lower().strip())))
    lo, hi = p.bounds
    if which in ("early", "mid", "late"):
        return p.part(which)
    if which == "first week":
        return p.clamp(last=lo + dt.timedelta(days=6))
    if which == "last week":
        return p.clamp(first=hi - dt.timedelta(days=6))
    if dct is not None and lo <= dct <= hi and which in ("to now", "from now"):
        return p.clamp(last=dct) if which == "to now" else p.clamp(first=dct)
    return p


# A four-digit year as news writes them (1500-2099); wider ranges are amounts far more often than years.
YEAR = r"(?:1[5-9]\d\d|20\d\d)"


def at_sentence_start(text: str, pos: int) -> bool:
    """Only opening quotes or brackets between ``pos`` and the end of the previous sentence (or the text's
    start): a capital there says nothing about a name."""
    before = text[max(0, pos - 4):pos].rstrip(" \"'“‘`(")
    return not before or before[-1] in ".!?\n:"


def words_before(text: str, pos: int, n: int = 1) -> list[str]:
    """The ``n`` words (letters, digits, %, $) just before ``pos``, nearest last."""
    return re.findall(r"[\w$%'’.-]+", text[max(0, pos - 60):pos])[-n:]


def word_after(text: str, pos: int) -> str:
    m = re.match(r"\s*([\w$%'’-]+)", text[pos:pos + 40])
    return m.group(1) if m else ""


def duration_value(n: float | None, unit: str) -> str:
    """P18M, PT5H, PXY, P2DE ... (TIMEX3: time units after a T; X for an unknown amount)."""
    from timeline.timex.lexicon import UNITS

    designator, is_time, _ = UNITS[unit]
    # Decades and centuries are written in years when counted (TimeBank: "two decades" -> P20Y).
    scale = {"fortnight": (2, "W"), "decade": (10, "Y"), "century": (100, "Y")}.get(unit)
    if scale and n is not None:
        amount, designator = n * scale[0], scale[1]
    else:
        amount = n
        designator = designator.rstrip("2")
    if amount is None:
        return f"PTX{designator}" if is_time else f"PX{designator}"
    whole, frac = int(amount), amount - int(amount)
    # "2 1/2 years" -> P2Y6M, "5 1/2 hours" -> PT5H30M: the fraction goes to the next smaller unit.
    smaller = ({"H": (60, "M", True), "M": (60, "S", True)} if is_time else
               {"Y": (12, "M", False), "M": (30, "D", False), "W": (7, "D", False), "D": (24, "H", True),
                "Q": (3, "M", False)})
    if frac and designator in smaller:
        k, sub_unit, sub_is_time = smaller[designator]
        rest = f"{round(frac * k):g}{sub_unit}"
        head = f"{whole}{designator}" if whole else ""
        if is_time:
            return f"PT{head}{rest}"
        if sub_is_time:
            return f"P{head}T{rest}"
        return f"P{head}{rest}"
    num = str(whole) if not frac else f"{amount:g}"
    return f"PT{num}{designator}" if is_time else f"P{num}{designator}"
