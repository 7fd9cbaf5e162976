"""An article's lead: the main happening it reports, where and when (what incidents are merged on).

The lead event is what the opening of the article reports, not its reporting verb: ``timeline.events.lead``
chooses it (the pipeline marks it, ``Event.lead``, with the same rule).

Its place and day are chosen from the whole article, not only from the lead's clause: a report names its town
in the dateline, the first paragraph or the headline, and the clause that tells the shooting often names only
a street or nothing at all. Each distinct place the article names, and each day its events are dated to (with
the publication day), is a candidate; ``CandidateChooser`` (a softmax over the candidates' features, weights
fitted by ``timeline.incidents.train`` on gold incidents and shipped as JSON) picks one.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from geo.records import GazetteerEntry, PlaceMention
# the choice of the lead event lives below both rooms (timeline.events.lead); train.py reads lead_event here
from timeline.events.lead import NOT_HAPPENINGS, lead_event, opening_end as end_of_opening

DATA = Path(__file__).resolve().parent.parent / "data"
PLACE_MODEL = DATA / "lead-place-v1.json"
DAY_MODEL = DATA / "lead-day-v1.json"


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """One distinct place an article names: its first mention (a placed ``PlaceMention``) and how often."""

    mention: PlaceMention
    mentions: int

    @property
    def entry(self) -> GazetteerEntry:
        return self.mention.entry

    @property
    def first(self) -> int:
        return self.mention.start


@dataclass(frozen=True, slots=True)
class DayCandidate:
    """One day the article's events are dated to (or its publication day)."""

    day: dt.date
    first: int | None  # offset of the first event dated to it (None: only the publication day)
    events: int  # own-dated events on that day
    carried: int  # events carried to it from an earlier sentence
    words: str  # the date's words where it was first written ("" for the publication day)
    happenings: int = 0  # events of a happening type (not STATEMENT or OTHER) on that day, own-dated or carried
    of_lead_type: int = 0  # events of the lead's own type on that day


@dataclass(frozen=True, slots=True)
class Lead:
    """An article's main happening, read for merging: its event and the place and day chosen for it."""

    article_id: str
    event_id: str | None
    type: str
    sentence: str
    day: dt.date | None
    place: PlaceCandidate | None
    published: dt.date | None
    title: str = ""
    day_in_text: bool = False  # the day is one a sentence of the article dates an event to (not only its publication)


# --- candidates -----------------------------------------------------------------------------------------------

def place_candidates(places: Sequence) -> list[PlaceCandidate]:
    """The distinct placed places of an article (``PlaceMention``s), in order of first mention."""
    seen: dict[tuple, list] = {}
    for p in places:
        e = p.entry
        if e is None:
            continue
        key = (e.geonameid, e.name, round(e.lat, 3), round(e.lon, 3))
        if key in seen:
            seen[key][1] += 1
        else:
            seen[key] = [p, 1]
    return [PlaceCandidate(p, n) for p, n in seen.values()]


def day_candidates(events: Sequence, published: dt.date | None, lead_type: str | None = None) -> list[DayCandidate]:
    """The single days the article's events are dated to, and its publication day, in order of first use;
    ``lead_type``: the lead event's type, whose events on each day are counted apart."""
    found: dict[dt.date, list] = {}
    for ev in events:
        rng = ev.day_range
        if rng is None or rng[0] != rng[1] or ev.date_basis == "reported":
            continue
        slot = found.setdefault(rng[0], [ev.start, 0, 0, ev.date.text or "", 0, 0])
        slot[1 if ev.date_basis == "own" else 2] += 1
        slot[4] += ev.type not in NOT_HAPPENINGS
        slot[5] += ev.type == lead_type
    out = [DayCandidate(day, *slot) for day, slot in found.items()]
    if published is not None and published not in found:
        out.append(DayCandidate(published, None, 0, 0, ""))
    return out


# --- features -------------------------------------------------------------------------------------------------

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# a time of night: what happened then is often reported the next day ("late Saturday night", "about 1 a.m.")
_NIGHT_WORDS = ("night", "overnight", "midnight", "a.m.")
PLACE_FEATURES = ("town", "county", "state", "country", "other_kind", "first_rank", "in_opening", "in_title",
                  "in_lead", "mentions", "state_share", "country_share", "log_population",
                  "town_in_named_county", "county_with_named_town", "town_in_named_state")
DAY_FEATURES = ("publication", "before_1", "before_2_7", "before_8_plus", "after", "in_opening", "in_lead",
                "own_events", "carried_events", "first_rank", "weekday_words", "relative_words", "explicit_words",
                "happening_events", "lead_type_events", "night_words", "weekday_day_before", "night_day_before",
                "publication_only")


def place_precision(entry: GazetteerEntry) -> str:
    """What kind of place an entry is, by its feature code: town, county, state, country or other
    (``timeline.records.PLACE_PRECISIONS``)."""
    code = entry.feature_code or ""
    if code.startswith("PPL") or code in ("TOWN", "CAPITAL", "CITY"):
        return "town"
    if code == "ADM2":
        return "county"
    if code == "ADM1":
        return "state"
    if code.startswith("PCL"):
        return "country"
    return "other"


def place_features(cands: Sequence[PlaceCandidate], *, title: str, opening_end: int,
                   lead_places: frozenset) -> list[dict[str, float]]:
    states: dict = {}
    countries: dict = {}
    for c in cands:
        e = c.entry
        if e.admin1:
            states[(e.country_code, e.admin1)] = states.get((e.country_code, e.admin1), 0) + c.mentions
        if e.country_code:
            countries[e.country_code] = countries.get(e.country_code, 0) + c.mentions
    total = sum(c.mentions for c in cands) or 1
    title_l = title.lower()
    # A town and the county or state it lies in, both named, say the same place twice, the town more exactly
    # ("in Howland, in Trumbull County"); a named county with a named town inside it is the less exact of two.
    kinds = [place_precision(c.entry) for c in cands]
    counties = {_county(c.entry) for c, k in zip(cands, kinds) if k == "county" and c.entry.admin2}
    towns_in = {_county(c.entry) for c, k in zip(cands, kinds) if k == "town" and c.entry.admin2}
    named_states = {(c.entry.country_code, c.entry.admin1) for c, k in zip(cands, kinds) if k == "state"}
    out = []
    for rank, c in enumerate(cands):
        e = c.entry
        kind = kinds[rank]
        out.append({
            "town": float(kind == "town"), "county": float(kind == "county"), "state": float(kind == "state"),
            "country": float(kind == "country"), "other_kind": float(kind == "other"),
            "first_rank": 1.0 / (1 + rank), "in_opening": float(c.first < opening_end),
            "in_title": float(bool(e.name) and e.name.lower() in title_l),
            "in_lead": float((e.geonameid, e.name) in lead_places),
            "mentions": math.log1p(c.mentions),
            "state_share": states.get((e.country_code, e.admin1), 0) / total if e.admin1 else 0.0,
            "country_share": countries.get(e.country_code, 0) / total if e.country_code else 0.0,
            "log_population": math.log10(1 + (e.population or 0)) / 7,
            "town_in_named_county": float(kind == "town" and bool(e.admin2) and _county(e) in counties),
            "county_with_named_town": float(kind == "county" and bool(e.admin2) and _county(e) in towns_in),
            "town_in_named_state": float(kind == "town" and (e.country_code, e.admin1) in named_states),
        })
    return out


def _county(e: GazetteerEntry) -> tuple:
    return e.country_code, e.admin1, e.admin2


def day_features(cands: Sequence[DayCandidate], *, published: dt.date | None, opening_end: int,
                 lead_day: dt.date | None) -> list[dict[str, float]]:
    out = []
    firsts = sorted(c.first for c in cands if c.first is not None)
    for c in cands:
        before = (published - c.day).days if published else 0
        words = c.words.lower()
        weekday = float(any(w in words for w in _WEEKDAYS))
        night = float(any(w in words for w in _NIGHT_WORDS))
        out.append({
            "publication": float(published is not None and c.day == published),
            "before_1": float(before == 1), "before_2_7": float(2 <= before <= 7),
            "before_8_plus": float(before >= 8), "after": float(before < 0),
            "in_opening": float(c.first is not None and c.first < opening_end),
            "in_lead": float(c.day == lead_day),
            "own_events": math.log1p(c.events), "carried_events": math.log1p(c.carried),
            "first_rank": 1.0 / (1 + firsts.index(c.first)) if c.first is not None else 0.0,
            "weekday_words": weekday,
            "relative_words": float(any(w in words for w in ("yesterday", "today", "tonight", "last night",
                                                              "this morning", "earlier"))),
            "explicit_words": float(any(ch.isdigit() for ch in words)),
            # the happening's day is the day its events are told on, not the day of what followed it
            "happening_events": math.log1p(c.happenings), "lead_type_events": math.log1p(c.of_lead_type),
            # "Saturday night" in a Sunday paper; a day named only by the publication
            "night_words": night, "weekday_day_before": weekday * (before == 1),
            "night_day_before": night * (before == 1),
            "publication_only": float(published is not None and c.day == published and c.first is None),
        })
    return out


# --- the chooser ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CandidateChooser:
    """Scores candidates by a weighted sum of their features; the best one wins (a softmax's argmax)."""

    name: str
    weights: Mapping[str, float]

    def score(self, features: Mapping[str, float]) -> float:
        return sum(self.weights.get(k, 0.0) * v for k, v in features.items())

    def choose(self, feature_rows: Sequence[Mapping[str, float]]) -> int | None:
        if not feature_rows:
            return None
        return max(range(len(feature_rows)), key=lambda i: (self.score(feature_rows[i]), -i))


def load_chooser(path: Path, names: Sequence[str]) -> CandidateChooser:
    """A chooser from its JSON file (``{"features": {name: weight}, ...}``), checked against ``names``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = data.get("features") if isinstance(data, dict) else None
    if not isinstance(weights, dict) or set(weights) != set(names) or not all(
            isinstance(w, (int, float)) and not isinstance(w, bool) for w in weights.values()):
        raise ValueError(f"{path}: not a chooser model with the features {', '.join(names)}")
    return CandidateChooser(path.name, {k: float(v) for k, v in weights.items()})


# --- the lead -------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ArticleView:
    """What the choosers read of an article beside the candidates themselves."""

    title: str
    published: dt.date | None
    opening_end: int
    lead_places: frozenset
    lead_day: dt.date | None

    @classmethod
    def of(cls, analysis, event) -> "ArticleView":
        article = analysis.article
        rng = event.day_range
        return cls(title=article.title, published=article.published,
                   opening_end=end_of_opening(article.text, sorted(analysis.events, key=lambda e: e.start)),
                   lead_places=frozenset((p.entry.geonameid, p.entry.name) for p in (event.location, *event.places)
                                         if p is not None and p.entry is not None),
                   lead_day=rng[0] if rng and rng[0] == rng[1] else None)

    def place_rows(self, cands: Sequence[PlaceCandidate]) -> list[dict[str, float]]:
        return place_features(cands, title=self.title, opening_end=self.opening_end, lead_places=self.lead_places)

    def day_rows(self, cands: Sequence[DayCandidate]) -> list[dict[str, float]]:
        return day_features(cands, published=self.published, opening_end=self.opening_end, lead_day=self.lead_day)


@dataclass(frozen=True, slots=True)
class LeadReader:
    """Reads an article's ``Lead`` from its analysis with the place and day choosers."""

    places: CandidateChooser
    days: CandidateChooser

    @classmethod
    def shipped(cls) -> "LeadReader":
        return cls(load_chooser(PLACE_MODEL, PLACE_FEATURES), load_chooser(DAY_MODEL, DAY_FEATURES))

    def read(self, analysis) -> Lead | None:
        article = analysis.article
        ev = lead_event(analysis.events, article.text, article.title or "")
        if ev is None:
            return None
        view = ArticleView.of(analysis, ev)
        places = place_candidates(analysis.places)
        pi = self.places.choose(view.place_rows(places))
        days = day_candidates(analysis.events, article.published, ev.type)
        di = self.days.choose(view.day_rows(days))
        return Lead(article_id=article.id, event_id=ev.id, type=ev.type, sentence=ev.sentence,
                    day=days[di].day if di is not None else None,
                    place=places[pi] if pi is not None else None, published=article.published,
                    title=article.title, day_in_text=di is not None and days[di].first is not None)


def lead_record(lead: Lead, event) -> dict:
    """The lead as an EVENT record (README): the lead event's own record, with the place and the day chosen
    for the happening as its ``location`` and ``date`` (the event's own stay in ``places``)."""
    d = event.to_dict()
    d["location"] = lead.place.mention.to_dict() if lead.place is not None else None
    if lead.day is not None:
        iso = lead.day.isoformat()
        d["date"] = {"text": "", "start": None, "end": None, "type": "DATE", "value": iso, "earliest": iso,
                     "latest": iso, "precision": "day"}
    else:
        d["date"] = None
    return d
