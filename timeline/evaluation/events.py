"""Scoring event dates against TimeML anchors (the protocol of ../shared/eval/README.md, "events/"; pure).

For each gold anchor (an event word TimeML ties to a date), the project's event around the word is the
smallest event whose ``[start, end)`` holds the anchor's start; it is dated right when that event's day range
lies inside the day range of the gold TIMEX3 value. An anchor with no event around it counts as wrong.
Anchors fall in two parts: those tied to a date of the text, and those tied to the publication date ("dct").

The reference beside each figure is the nearest-date baseline, computed from the same tagger output: the
date of the anchor's sentence nearest to the word by characters, else the publication date.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import astuple, dataclass, field
from typing import Iterable, Sequence

from timeline.records import Event, timex_range
from timeline.timex import Timex

DayRange = tuple[dt.date, dt.date]
PARTS = ("in_text", "publication")

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # winter runs into the next year
_VALUE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d\d)(?:-(?P<day>\d\d))?|W(?P<week>\d\d?)(?P<weekend>-WE)?|"
    r"Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)|(?P<unknown>WXX|QX|XX|XX-XX)))?(?:T.*)?$")


def value_range(value: str | None) -> DayRange | None:
    """The first and last day a TIMEX3 value covers ("1998-08", "1998-W32", "1998-Q3", "1998-SU", ...).

    A value with an unknown part ("1998-WXX": some week of 1998) covers what its known part does; values
    with no calendar anchor ("PRESENT_REF", "P1M") cover nothing.
    """
    m = _VALUE.match(value or "")
    if not m:
        return None
    year = int(m["year"])
    if m["day"]:
        day = dt.date(year, int(m["month"]), int(m["day"]))
        return day, day
    if m["month"]:
        month = int(m["month"])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if m["week"]:
        monday = dt.date.fromisocalendar(year, int(m["week"]), 1)
        if m["weekend"]:
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
        return monday, monday + dt.timedelta(days=6)
    if m["quarter"] or m["half"] or m["season"]:
        if m["quarter"]:
            first = 3 * int(m["quarter"]) - 2
            last = first + 2
        elif m["half"]:
            first = 6 * int(m["half"]) - 5
            last = first + 5
        else:
            first, last = _SEASON_MONTHS[m["season"]]
        end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
        return dt.date(year, first, 1), dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def event_around(events: Sequence[Event], offset: int) -> Event | None:
    """The smallest event whose ``[start, end)`` holds ``offset`` (the earliest of equals)."""
    best = None
    for e in events:
        if e.start <= offset < e.end and (best is None or e.end - e.start < best.end - best.start):
            best = e
    return best


def inside(pred: DayRange | None, gold: DayRange | None) -> bool:
    return pred is not None and gold is not None and gold[0] <= pred[0] and pred[1] <= gold[1]


def date_range(timex: Timex | None) -> DayRange | None:
    """The days a date covers: its bounds, else what its value names."""
    return timex_range(timex) or (value_range(timex.value) if timex is not None else None)


def nearest_date(timexes: Iterable[Timex], sentence: tuple[int, int], start: int, end: int) -> Timex | None:
    """The baseline's date: the calendar-anchored expression of the sentence nearest to [start, end)."""
    best, best_gap = None, None
    for tx in timexes:
        if not (sentence[0] <= tx.start < sentence[1]) or date_range(tx) is None:
            continue
        gap = max(tx.start - end, start - tx.end, 0)
        if best_gap is None or gap < best_gap:
            best, best_gap = tx, gap
    return best


@dataclass(frozen=True)
class PartCounts:
    """One part's tallies: anchors, those dated right, those with no event around them, the baseline's right."""
    anchors: int = 0
    right: int = 0
    no_event: int = 0
    baseline_right: int = 0

    def __add__(self, other: "PartCounts") -> "PartCounts":
        return PartCounts(*(a + b for a, b in zip(astuple(self), astuple(other))))


@dataclass
class DocScore:
    """One document's counts per part, its event count, and every anchor it dated wrong."""

    parts: dict[str, PartCounts] = field(default_factory=lambda: {p: PartCounts() for p in PARTS})
    events: int = 0
    errors: list[dict] = field(default_factory=list)


def score_document(anchors: Sequence[dict], events: Sequence[Event], baseline: Sequence[DayRange | None],
                   doc_id: str = "") -> DocScore:
    """Counts for one document; ``baseline[i]`` is the baseline's day range for ``anchors[i]``."""
    score = DocScore(events=len(events))
    for anchor, base in zip(anchors, baseline):
        gold = value_range(anchor.get("value"))
        name = "publication" if anchor.get("dct") else "in_text"
        event = event_around(events, anchor["start"])
        pred = date_range(event.date) if event is not None else None
        ok = inside(pred, gold)
        score.parts[name] += PartCounts(anchors=1, right=int(ok), no_event=int(event is None),
                                        baseline_right=int(inside(base, gold)))
        if not ok:
            score.errors.append({
                "id": doc_id, "anchor": anchor, "baseline_right": inside(base, gold),
                "event": None if event is None else {
                    "start": event.start, "end": event.end, "date": event.date.value if event.date else None,
                    "earliest": event.date.earliest if event.date else None,
                    "latest": event.date.latest if event.date else None,
                    "text": event.date.text if event.date else None, "basis": event.date_basis}})
    return score


def _share(n: int, d: int) -> float | None:
    return round(100.0 * n / d, 1) if d else None


def figures(scores: Sequence[DocScore]) -> dict:
    """Per part and in all: anchors, % dated right, % with no event, the baseline's %; events per article."""
    total = {p: sum((s.parts[p] for s in scores), PartCounts()) for p in PARTS}
    total["all"] = sum(total.values(), PartCounts())
    out = {p: {"anchors": c.anchors, "right": c.right, "dated_right": _share(c.right, c.anchors),
               "baseline_right": c.baseline_right, "baseline": _share(c.baseline_right, c.anchors),
               "no_event": _share(c.no_event, c.anchors)} for p, c in total.items()}
    out["documents"] = len(scores)
    out["events_per_article"] = round(sum(s.events for s in scores) / len(scores), 2) if scores else None
    return out


def table(fig: dict, title: str) -> str:
    lines = [title, f"{'part':<12} {'anchors':>7} {'dated right':>12} {'baseline':>9} {'no event':>9}"]
    for p in (*PARTS, "all"):
        f = fig[p]
        cell = lambda v: "-" if v is None else f"{v:.1f}%"  # noqa: E731
        lines.append(f"{p:<12} {f['anchors']:>7} {cell(f['dated_right']):>12} {cell(f['baseline']):>9} "
                     f"{cell(f['no_event']):>9}")
    lines.append(f"events per article: {fig['events_per_article']}")
    return "\n".join(lines)
