"""Fitting the lead's place and day choosers on gold incidents (numpy; run time scores in pure Python).

Each training case is one article's candidates (their feature rows) and which of them are right (a place
within 25 km of the incident's point; the incident's day). The model is a conditional logit: a softmax over the
candidates, the loss the log of the summed probability of the right ones; cases with no right candidate say
nothing and are left out. Cross-validation keeps every report of one incident in the same fold, so a model is
never scored on an incident it saw through another report.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

L2 = 1e-2
STEPS = 300
LEARNING_RATE = 0.1


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
    w = np.zeros(len(names))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        grad = 2 * l2 * w * len(usable)
        for xi, yi in zip(x, y):
            s = xi @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = np.where(yi, p, 0.0)
            q /= q.sum()
            grad += xi.T @ (p - q)
        grad /= len(usable)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= LEARNING_RATE * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
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
    w = np.zeros(len(names))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (sample * (p - y)) + 2 * l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= LEARNING_RATE * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return {n: round(float(wi), 4) for n, wi in zip(names, w)}


# --- from gold incident reports to training cases -------------------------------------------------------------

PLACE_KM = 25.0
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)  # the merge threshold is chosen among these by cross-validated B-cubed F1


@dataclass(frozen=True, slots=True)
class GoldReport:
    """One report of a gold incidents file, with its article's analysis."""

    analysis: object  # timeline Analysis
    incident: str
    day: object | None  # datetime.date of the incident, when the gold gives it
    point: tuple[float, float] | None


def choice_cases(reports: Sequence[GoldReport]) -> tuple[list[ChoiceCase], list[ChoiceCase]]:
    """The place and day choice cases of the reports whose gold gives a point or a day."""
    from geo.geometry import haversine_km
    from timeline.incidents import leads as L

    places, days = [], []
    for r in reports:
        a = r.analysis
        ev = L.lead_event(a.events, a.article.text)
        if ev is None:
            continue
        view = L.ArticleView.of(a, ev)
        if r.point is not None:
            cands = L.place_candidates(a.places)
            right = tuple(haversine_km(c.entry.lat, c.entry.lon, *r.point) <= PLACE_KM for c in cands)
            places.append(ChoiceCase(r.incident, tuple(view.place_rows(cands)), right))
        if r.day is not None:
            cands = L.day_candidates(a.events, a.article.published)
            days.append(ChoiceCase(r.incident, tuple(view.day_rows(cands)), tuple(c.day == r.day for c in cands)))
    return places, days
