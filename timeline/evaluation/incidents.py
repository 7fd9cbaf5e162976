"""Scoring leads and incidents against gold incidents (pure: no I/O, no model; timeline.incidents makes them).

Protocol (../shared/eval/README.md, "incidents/"), over one run on a whole file:
- date: share of articles with a gold ``incident_date`` whose lead is dated to that one day
  (earliest = latest = the day);
- place: share of articles with a gold point whose lead's location lies within 25 km of it;
- type: share of articles whose lead is typed as the gold type (ASSAULT for every shooting report);
- merging: B-cubed precision, recall and F1 of the predicted incidents against the gold ones, over the
  articles; an article with no predicted incident is alone.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Hashable, Mapping

from geo.geometry import haversine_km

PLACE_KM = 25.0


@dataclass(frozen=True, slots=True)
class LeadCase:
    """One article: what the gold says of its incident and what the project made its lead."""

    article_id: str
    gold_day: dt.date | None
    gold_point: tuple[float, float] | None
    gold_type: str | None
    lead_type: str | None  # None: the article has no lead
    lead_days: tuple[dt.date, dt.date] | None
    lead_point: tuple[float, float] | None

    @property
    def date_hit(self) -> bool:
        return self.gold_day is not None and self.lead_days == (self.gold_day, self.gold_day)

    @property
    def place_hit(self) -> bool:
        return (self.gold_point is not None and self.lead_point is not None
                and haversine_km(*self.gold_point, *self.lead_point) <= PLACE_KM)

    @property
    def type_hit(self) -> bool:
        return self.gold_type is not None and self.lead_type == self.gold_type


def bcubed(predicted: Mapping[str, Hashable | None], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """B-cubed P/R/F1 (percent) of ``predicted`` clusters against ``gold`` over the articles of ``gold``.

    ``predicted`` maps an article to its incident; a missing or None incident leaves the article alone."""
    pred = {a: (predicted.get(a) if predicted.get(a) is not None else ("alone", a)) for a in gold}
    by_pred: dict = defaultdict(list)
    by_gold: dict = defaultdict(list)
    for a in gold:
        by_pred[pred[a]].append(a)
        by_gold[gold[a]].append(a)
    both = Counter((pred[a], gold[a]) for a in gold)
    p = r = 0.0
    for a in gold:
        shared = both[(pred[a], gold[a])]
        p += shared / len(by_pred[pred[a]])
        r += shared / len(by_gold[gold[a]])
    n = len(gold) or 1
    p, r = p / n, r / n
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(100 * p, 1), "R": round(100 * r, 1), "F1": round(100 * f1, 1)}


def wrongly_joined_pairs(predicted: Mapping[str, Hashable | None], gold: Mapping[str, Hashable],
                         same_block: Mapping[str, Hashable]) -> dict[str, float | int]:
    """Among pairs of gold incidents that share a block (e.g. the same day and state), how many the predicted
    incidents join (any article of one in a predicted incident with any article of the other)."""
    incidents_of_block: dict = defaultdict(set)
    for a, g in gold.items():
        incidents_of_block[same_block[a]].add(g)
    pairs = {tuple(sorted((x, y), key=str)) for inc in incidents_of_block.values()
             for x in inc for y in inc if str(x) < str(y)}
    joined = set()
    members: dict = defaultdict(set)
    for a, p in predicted.items():
        if p is not None and a in gold:
            members[p].add(gold[a])
    for golds in members.values():
        for x in golds:
            for y in golds:
                if str(x) < str(y):
                    joined.add((x, y))
    wrong = len(pairs & joined)
    return {"pairs": len(pairs), "joined": wrong, "share": round(100 * wrong / len(pairs), 1) if pairs else 0.0}


def lead_figures(cases: list[LeadCase]) -> dict[str, float | int]:
    """The date, place and type shares of the protocol (percent), each over the articles that can count."""
    dated = [c for c in cases if c.gold_day is not None]
    placed = [c for c in cases if c.gold_point is not None]
    typed = [c for c in cases if c.gold_type is not None]
    share = lambda hits, n: round(100 * hits / n, 1) if n else 0.0  # noqa: E731
    return {"articles": len(cases), "with_lead": sum(c.lead_type is not None for c in cases),
            "date": share(sum(c.date_hit for c in dated), len(dated)),
            "place": share(sum(c.place_hit for c in placed), len(placed)),
            "type": share(sum(c.type_hit for c in typed), len(typed))}
