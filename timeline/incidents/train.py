"""Fitting the lead's place and day choosers on gold incidents (numpy; run time scores in pure Python).

Each training case is one article's candidates (their feature rows) and which of them are right (a place
within 25 km of the incident's point; the incident's day). The model is a conditional logit: a softmax over the
candidates, the loss the log of the summed probability of the right ones; cases with no right candidate say
nothing and are left out. Cross-validation keeps every report of one incident in the same fold, so a model is
never scored on an incident it saw through another report.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from geo.adam import adam

L2 = 1e-2  # the choosers' ridge penalty: --cv 5 on gva-dev's first 1,000 reports, place 77.4 / 76.6 / 75.7 and
# day 73.9 / 74.0 / 71.9 at 1e-3 / 1e-2 / 1e-1
STEPS = 300


@dataclass(frozen=True, slots=True)
class ChoiceCase:
    group: str  # the gold incident (the fold follows it)
    rows: tuple[Mapping[str, float], ...]
    right: tuple[bool, ...]


def fit(cases: Sequence[ChoiceCase], names: Sequence[str], *, l2: float = L2, steps: int = STEPS) -> dict[str, float]:
    """Weights maximising the summed log-probability of the right candidates (Adam, full batch)."""
    import numpy as np

    usable = [c for c in cases if any(c.right) and len(c.rows) > 1]
    if not usable:
        return {n: 0.0 for n in names}
    x = [np.array([[row[n] for n in names] for row in c.rows], dtype=float) for c in usable]
    y = [np.array(c.right, dtype=bool) for c in usable]

    def gradient(w):
        grad = 2 * l2 * w * len(usable)
        for xi, yi in zip(x, y):
            s = xi @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = np.where(yi, p, 0.0)
            q /= q.sum()
            grad += xi.T @ (p - q)
        return grad / len(usable)

    w = adam(gradient, np.zeros(len(names)), steps)
    return {n: round(float(wi), 4) for n, wi in zip(names, w)}


def fold_of(group: str, k: int) -> int:
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % k


def accuracy(cases: Sequence[ChoiceCase], choose: Callable[[Sequence[Mapping[str, float]]], int | None]) -> float:
    """Share (percent) of cases whose chosen candidate is right (a case with no candidate counts as wrong)."""
    if not cases:
        return 0.0
    hits = 0
    for c in cases:
        i = choose(c.rows)
        hits += i is not None and c.right[i]
    return round(100 * hits / len(cases), 1)


def cross_validate(cases: Sequence[ChoiceCase], names: Sequence[str], k: int, **fit_args) -> float:
    """Accuracy with each case chosen by weights fitted on the other folds."""
    hits = 0
    for fold in range(k):
        train = [c for c in cases if fold_of(c.group, k) != fold]
        test = [c for c in cases if fold_of(c.group, k) == fold]
        w = fit(train, names, **fit_args)
        for c in test:
            if c.rows:
                scores = [sum(w[n] * row[n] for n in names) for row in c.rows]
                i = max(range(len(scores)), key=lambda j: (scores[j], -j))
                hits += c.right[i]
    return round(100 * hits / len(cases), 1) if cases else 0.0


def fit_logistic(rows: Sequence[Mapping[str, float]], labels: Sequence[bool], names: Sequence[str], *,
                 l2: float = L2, steps: int = STEPS) -> dict[str, float]:
    """Logistic regression weights (Adam, full batch; ``bias`` is a feature like any other, penalised too)."""
    import numpy as np

    if not rows:
        return {n: 0.0 for n in names}
    x = np.array([[r[n] for n in names] for r in rows], dtype=float)
    y = np.array(labels, dtype=float)
    # Same-incident pairs are few beside the others: weigh both classes equally, so the threshold means
    # "as likely one incident as two" rather than following the block's mix.
    pos = max(1.0, y.sum())
    neg = max(1.0, len(y) - y.sum())
    sample = np.where(y > 0, 0.5 / pos, 0.5 / neg)

    def gradient(w):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        return x.T @ (sample * (p - y)) + 2 * l2 * w

    w = adam(gradient, np.zeros(len(names)), steps)
    return {n: round(float(wi), 4) for n, wi in zip(names, w)}


# --- from gold incident reports to training cases -------------------------------------------------------------

PLACE_KM = 25.0
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)  # the merge threshold is chosen among these by cross-validated B-cubed F1


@dataclass(frozen=True, slots=True)
class GoldReport:
    """One report of a gold incidents file, with its article's analysis."""

    id: str  # the gold line's id (two lines may hold one article: the id of an Article is not enough)
    analysis: object | None  # timeline Analysis; None when the text is no article (empty, binary)
    incident: str
    day: object | None  # datetime.date of the incident, when the gold gives it
    point: tuple[float, float] | None
    block: str = ""  # what makes two different incidents easy to confuse: the same day and state, one topic


def choice_cases(reports: Sequence[GoldReport]) -> tuple[list[ChoiceCase], list[ChoiceCase]]:
    """The place and day choice cases of the reports whose gold gives a point or a day."""
    from geo.geometry import haversine_km
    from timeline.incidents import leads as L

    places, days = [], []
    for r in reports:
        a = r.analysis
        if a is None:
            continue
        ev = L.lead_event(a.events, a.article.text, a.article.title or "")
        if ev is None:
            continue
        view = L.ArticleView.of(a, ev)
        if r.point is not None:
            cands = L.place_candidates(a.places)
            right = tuple(haversine_km(c.entry.lat, c.entry.lon, *r.point) <= PLACE_KM for c in cands)
            places.append(ChoiceCase(r.incident, tuple(view.place_rows(cands)), right))
        if r.day is not None:
            cands = L.day_candidates(a.events, a.article.published, ev.type)
            days.append(ChoiceCase(r.incident, tuple(view.day_rows(cands)), tuple(c.day == r.day for c in cands)))
    return places, days


def _week_fold(report: GoldReport, k: int) -> int:
    """Folds for merging keep whole weeks together: an incident's confusers (same days, same state) stay in its
    fold, so a held-out week is merged against all the reports it would meet in a real archive."""
    day = report.day or (report.analysis.article.published if report.analysis is not None else None)
    return fold_of(str(day.isocalendar()[:2]) if day else report.incident, k)


def _leads(reports: Sequence[GoldReport], reader) -> list:
    from timeline.incidents.run import read_leads

    return read_leads([r.analysis for r in reports], reader)


def _pairs(leads: Sequence, reports: Sequence[GoldReport]) -> tuple[list[dict], list[bool]]:
    """Feature rows of every pair of leads that blocking lets meet, and whether they are one gold incident."""
    from timeline.incidents.merging import IncidentMerger, LeadText, PairModel, pair_features

    rows, labels = [], []
    # A merger that joins nothing sees, for each lead, exactly the earlier leads that blocking offers.
    probe = IncidentMerger(PairModel({}, threshold=2.0))
    texts = {}
    order = sorted((i for i, x in enumerate(leads) if x.lead is not None),
                   key=lambda i: (leads[i].lead.published or _DATE_MIN, i))
    for i in order:
        text = LeadText.of(leads[i].lead, leads[i].opening)
        for inc in probe.near(leads[i].lead, text):
            j = order[inc]
            rows.append(pair_features(leads[i].lead, leads[j].lead, text, texts[j]))
            labels.append(reports[i].incident == reports[j].incident)
        texts[i] = text
        probe.add(leads[i].lead, leads[i].opening)
    return rows, labels


_DATE_MIN = dt.date.min


def _all_pairs(corpora: Iterable[Sequence[GoldReport]], reader) -> tuple[list[dict], list[bool]]:
    """The pairs of every corpus (each its own run: leads of two corpora never meet), their rows and labels."""
    rows, labels = [], []
    for reports in corpora:
        r_rows, r_labels = _pairs(_leads(reports, reader), reports)
        rows += r_rows
        labels += r_labels
    return rows, labels


@dataclass(frozen=True, slots=True)
class IncidentModels:
    """The fitted weights of the place chooser, the day chooser and the pair model, with their CV figures."""

    place: dict[str, float]
    day: dict[str, float]
    pair: dict[str, float]
    threshold: float
    figures: dict


def train_incident_models(corpora: Mapping[str, Sequence[GoldReport]], *, k: int = 5,
                          log: Callable[[str], None] = lambda _: None) -> IncidentModels:
    """Fit the three models on gold reports (one run per corpus), with ``k``-fold figures: the choosers' share
    right, and per corpus the B-cubed F1 of merging at each threshold, every fold merged by models that never
    saw it. The threshold shipped is the one with the best mean F1 over the corpora."""
    from timeline.incidents import leads as L
    from timeline.incidents.merging import PAIR_FEATURES, PairModel, merge_all
    from timeline.evaluation.incidents import bcubed

    everything = [r for reports in corpora.values() for r in reports]
    places, days = choice_cases(everything)
    figures: dict = {"place_cv": cross_validate(places, L.PLACE_FEATURES, k),
                     "day_cv": cross_validate(days, L.DAY_FEATURES, k), "merge_cv": {}}
    log(f"choosers: place {figures['place_cv']}%, day {figures['day_cv']}% right ({k}-fold)")
    predicted: dict = {(name, t): {} for name in corpora for t in THRESHOLDS}
    for fold in range(k):
        train = {name: [r for r in rs if _week_fold(r, k) != fold] for name, rs in corpora.items()}
        test = {name: [r for r in rs if _week_fold(r, k) == fold] for name, rs in corpora.items()}
        tp, td = choice_cases([r for rs in train.values() for r in rs])
        reader = L.LeadReader(L.CandidateChooser("cv", fit(tp, L.PLACE_FEATURES)),
                              L.CandidateChooser("cv", fit(td, L.DAY_FEATURES)))
        weights = fit_logistic(*_all_pairs(train.values(), reader), PAIR_FEATURES)
        for name, rs in test.items():
            leads = _leads(rs, reader)
            for t in THRESHOLDS:
                incidents = merge_all([x.lead for x in leads], [x.opening for x in leads], PairModel(weights, t))
                for r, inc in zip(rs, incidents):
                    predicted[(name, t)][r.id] = None if inc is None else (fold, inc)
        log(f"fold {fold + 1}/{k} merged")
    gold = {name: {r.id: r.incident for r in rs} for name, rs in corpora.items()}
    for (name, t), pred in predicted.items():
        figures["merge_cv"].setdefault(name, {})[str(t)] = bcubed(pred, gold[name])
    threshold = max(THRESHOLDS, key=lambda t: sum(figures["merge_cv"][n][str(t)]["F1"] for n in corpora))
    reader = L.LeadReader(L.CandidateChooser("all", fit(places, L.PLACE_FEATURES)),
                          L.CandidateChooser("all", fit(days, L.DAY_FEATURES)))
    return IncidentModels(dict(reader.places.weights), dict(reader.days.weights),
                          fit_logistic(*_all_pairs(corpora.values(), reader), PAIR_FEATURES), threshold, figures)
