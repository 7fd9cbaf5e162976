"""Merging leads into incidents: the reports of one happening become one incident with its sources.

Articles arrive one at a time (``IncidentMerger.add``), as an archive is ingested or a feed followed: each
lead is compared with the incidents already open near it in time and place (blocking: the cost grows with the
number of articles, not its square) and joins the one it most likely reports, or opens its own. The likelihood
that two leads report one happening is a logistic model of the pair's features (``pair_features``): type,
day gap, distance, and the words, names and numbers their headlines and opening sentences share; its weights
are fitted on gold incidents (``timeline.incidents.train``) and shipped as JSON. A lead joins an incident when
its mean likelihood against the incident's reports reaches ``threshold``: the mean, not the best, so one near
twin does not chain two different shootings of the same day and state together.

``identical_merge`` is the reference of the protocol: leads merged only when type, day and place are identical
(what GDELT is known to do).
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from geo.geometry import haversine_km
from timeline.incidents.leads import Lead

MODEL = Path(__file__).resolve().parent.parent / "data" / "merge-v1.json"
DAY_WINDOW = 3  # days: a lead is compared with incidents whose day lies this near its own (or its publication)
UNDATED_WINDOW = 7  # days around the publication day, for a lead with no day
# An incident's likelihood is the mean over at most this many of its reports: its first and its latest half
# each. A story covered a thousand times would otherwise cost a thousand comparisons for each new report
# (quadratic over an import of one day's coded rows); the earliest reports say what happened, the latest
# how the telling has moved, and the news incidents of the gold (at most a few dozen reports) are unchanged.
MEAN_OVER = 40

PAIR_FEATURES = ("bias", "same_type", "same_day", "day_1", "day_2_3", "no_day", "km_1", "km_25", "km_100",
                 "far", "no_place", "same_state", "title_words", "opening_words", "names", "numbers",
                 "title_overlap", "opening_overlap", "names_overlap", "numbers_overlap", "undated_opening",
                 "undated_names", "undated_type")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d+")
_STOP = frozenset("""a about after again against all also an and any are as at be been before being between both
but by can could did do does during each few for from further had has have he her here hers him his how i if in
into is it its just me more most my no nor not of off on once only or other our out over own said same she
should so some such than that the their them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your says say told news police
report reports according video photo photos update updated monday tuesday wednesday thursday friday saturday
sunday january february march april may june july august september october november december""".split())


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and not w.isdigit()}


def _names(text: str) -> set[str]:
    """Capitalised words not at a sentence start: people, streets, businesses (what tells two shootings apart)."""
    out = set()
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,})\b", text):
        if m.group(1).lower() not in _STOP:
            out.add(m.group(1).lower())
    return out


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\b\d{1,3}\b", text))


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _overlap(a: set, b: set) -> float:
    """The share of the smaller set the two share: a brief report of a happening holds few words, most of them in
    a longer report of it, which Jaccard (over the union) reads as barely alike."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


@dataclass(frozen=True, slots=True)
class LeadText:
    """What of a lead's words merging compares, computed once per lead."""

    title: frozenset[str]
    opening: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]

    @classmethod
    def of(cls, lead: Lead, opening: str) -> "LeadText":
        text = f"{lead.title}\n{lead.sentence}\n{opening}"
        return cls(frozenset(_words(lead.title)), frozenset(_words(f"{lead.sentence}\n{opening}")),
                   frozenset(_names(text)), frozenset(_numbers(text)))


def pair_features(a: Lead, b: Lead, ta: LeadText, tb: LeadText) -> dict[str, float]:
    gap = abs((a.day - b.day).days) if a.day and b.day else None
    pa, pb = (a.place.entry if a.place else None), (b.place.entry if b.place else None)
    km = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) if pa and pb else None
    opening, names, same_type = _jaccard(ta.opening, tb.opening), _jaccard(ta.names, tb.names), float(a.type == b.type)
    undated = float(gap is None)
    return {
        "bias": 1.0,
        "same_type": same_type,
        "same_day": float(gap == 0), "day_1": float(gap == 1), "day_2_3": float(gap is not None and 2 <= gap <= 3),
        "no_day": undated,
        "km_1": float(km is not None and km <= 1), "km_25": float(km is not None and 1 < km <= 25),
        "km_100": float(km is not None and 25 < km <= 100), "far": float(km is not None and km > 100),
        "no_place": float(km is None),
        "same_state": float(bool(pa and pb and pa.admin1 and pa.admin1 == pb.admin1
                                 and pa.country_code == pb.country_code)),
        "title_words": _jaccard(ta.title, tb.title), "opening_words": opening,
        "names": names, "numbers": _jaccard(ta.numbers, tb.numbers),
        "title_overlap": _overlap(ta.title, tb.title), "opening_overlap": _overlap(ta.opening, tb.opening),
        "names_overlap": _overlap(ta.names, tb.names), "numbers_overlap": _overlap(ta.numbers, tb.numbers),
        # With no day to compare, the words are most of the evidence (ECB+'s reports mostly carry no date): the
        # fit gives them their own weights there rather than the dated reports' weights.
        "undated_opening": undated * opening, "undated_names": undated * names, "undated_type": undated * same_type,
    }


@dataclass(frozen=True, slots=True)
class PairModel:
    weights: Mapping[str, float]
    threshold: float = 0.5

    def probability(self, features: Mapping[str, float]) -> float:
        s = sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))


def load_pair_model(path: Path = MODEL) -> PairModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = data.get("features") if isinstance(data, dict) else None
    threshold = data.get("threshold") if isinstance(data, dict) else None
    if not isinstance(weights, dict) or set(weights) != set(PAIR_FEATURES) or not isinstance(threshold, float):
        raise ValueError(f"{path}: not a merge model with the features {', '.join(PAIR_FEATURES)} and a threshold")
    return PairModel({k: float(v) for k, v in weights.items()}, threshold)


def compared_reports(reports: Sequence):
    """The reports of an incident a new lead is compared with (``MEAN_OVER``): all of them, or its first and
    its latest ``MEAN_OVER // 2`` in the order they joined."""
    half = MEAN_OVER // 2
    return reports if len(reports) <= MEAN_OVER else [*reports[:half], *reports[-half:]]


def best_incident(model: PairModel, lead: Lead, text: LeadText,
                  candidates: Iterable[tuple[object, Sequence[tuple[Lead, LeadText]]]]) -> object | None:
    """The incident ``lead`` joins among ``candidates`` ((incident, its reports' leads and texts), in the order
    they were opened), or None: the one with the highest mean likelihood (over ``compared_reports``) at or
    above the threshold (the later one on a tie). ``IncidentMerger`` and the SQLite store (timeline.store.incidents) both choose by it."""
    best, best_p = None, model.threshold
    for inc, reports in candidates:
        ps = [model.probability(pair_features(lead, other, text, other_text)) for other, other_text
              in compared_reports(reports)]
        p = sum(ps) / len(ps)
        if p >= best_p:
            best, best_p = inc, p
    return best


def anchor_day(lead: Lead) -> dt.date | None:
    """The day blocking files a lead under: its day, else its publication day."""
    return lead.day or lead.published




WORD_POSTINGS = 200  # a word shared by more incidents than this blocks nothing (it names no one happening)


@dataclass
class IncidentMerger:
    """Incidents so far, and where to look for those near a new lead: by day, and by the names and headline
    words they share (for leads with no day, which no day window can find)."""

    model: PairModel
    members: dict[int, list[int]] = field(default_factory=dict)  # incident -> lead numbers
    leads: list[Lead] = field(default_factory=list)
    texts: list[LeadText] = field(default_factory=list)
    incident_of: list[int] = field(default_factory=list)
    by_day: dict[dt.date, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_word: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    undated: set[int] = field(default_factory=set)

    def add(self, lead: Lead, opening: str = "", *, text: LeadText | None = None) -> int:
        """Attach ``lead`` to the incident it most likely reports, or open one; the incident's number.
        ``text``: the lead's words when they were read before (a dataset keeps them), else read from ``opening``."""
        n = len(self.leads)
        text = text or LeadText.of(lead, opening)
        best = best_incident(self.model, lead, text, ((inc, [(self.leads[m], self.texts[m]) for m in self.members[inc]])
                                                       for inc in sorted(self.near(lead, text))))
        inc = best if best is not None else len(self.members)
        self.members.setdefault(inc, []).append(n)
        self.leads.append(lead)
        self.texts.append(text)
        self.incident_of.append(inc)
        anchor = anchor_day(lead)
        if anchor is None:
            self.undated.add(inc)
        else:
            self.by_day[anchor].add(inc)
        for w in text.names | text.title:
            self.by_word[w].add(inc)
        return inc

    def near(self, lead: Lead, text: LeadText) -> set[int]:
        sharing = set()
        for w in text.names | text.title:
            postings = self.by_word.get(w)
            if postings and len(postings) <= WORD_POSTINGS:
                sharing |= postings
        anchor = anchor_day(lead)
        if anchor is None:
            return sharing
        window = DAY_WINDOW if lead.day else UNDATED_WINDOW
        out = sharing & self.undated
        for k in range(-window, window + 1):
            out |= self.by_day.get(anchor + dt.timedelta(days=k), set())
        return out


def merge_all(leads: Sequence[Lead | None], openings: Sequence[str], model: PairModel) -> list[int | None]:
    """Each lead's incident (None for an article with no lead), adding them in order of publication."""
    merger = IncidentMerger(model)
    order = sorted((i for i, lead in enumerate(leads) if lead is not None),
                   key=lambda i: (leads[i].published or dt.date.min, i))
    out: list[int | None] = [None] * len(leads)
    for i in order:
        out[i] = merger.add(leads[i], openings[i])
    return out


def identical_merge(leads: Iterable[Lead | None]) -> list[tuple | None]:
    """The reference: leads of identical type, day and place in one incident; the rest alone (None)."""
    out = []
    for lead in leads:
        if lead is None or lead.day is None or lead.place is None:
            out.append(None)
        else:
            out.append((lead.type, lead.day, lead.place.entry.geonameid, lead.place.entry.name))
    return out
