"""Rankers: one weight per feature of ``geo.features``; a reading's score is the weighted sum of its features.

Two kinds, one shape. ``hand_ranker`` turns the named constants of ``ResolveSettings`` into weights (the
scoring as it was before any model was fitted); ``load_ranker`` reads a fitted model, a small JSON file
written by ``python -m geo train`` (geo/data/ranker-v2.json ships with the project). Scoring is a dot product
in pure Python, so run time needs neither numpy nor any training library.

Scale: a fitted model scores each reading against "none of them" at 0 (conditional logit with a null
option), so ``min_score`` is where "none" becomes likelier than the best reading.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from geo.exc import GeoError
from geo.features import NAMES

FORMAT = "geo-ranker"
FORMAT_VERSION = 1
DEFAULT_MODEL = Path(__file__).parent / "data" / "ranker-v2.json"


class RankerModelError(GeoError, ValueError):
    """A ranker model file is missing, unreadable or made for other features: the message names the file."""


@dataclass(frozen=True, slots=True)
class Ranker:
    name: str  # "hand" or the model file's name
    weights: Mapping[str, float]  # feature name -> weight (a read-only mapping)
    min_score: float  # a best score below this abstains (null coordinates)
    full_score_at: float  # a best score of this gives a mention its full confidence (min_score: none)

    def score(self, features: Mapping[str, float]) -> float:
        w = self.weights
        return sum(w.get(name, 0.0) * value for name, value in features.items())


def make_ranker(name: str, weights: Mapping[str, float], *, min_score: float, full_score_at: float) -> Ranker:
    unknown = set(weights) - set(NAMES)
    if unknown:
        raise RankerModelError(f"ranker {name}: unknown features {', '.join(sorted(unknown))}")
    return Ranker(name, MappingProxyType({k: float(v) for k, v in weights.items() if v}), float(min_score),
                  float(full_score_at))


def hand_ranker(settings) -> Ranker:
    """The hand weights of ``ResolveSettings``: the same scores the resolver added up term by term."""
    st = settings
    return make_ranker("hand", {
        "prior": 1.0, "exact_form": st.exact_form_bonus, "own_name": st.own_name_bonus,
        "alternate_name": st.alternate_name_penalty, "country_namesake": st.country_namesake_penalty,
        "hint_inside": st.hint_bonus, "hint_outside": st.hint_conflict, "county_pair": st.county_pair_bonus,
        "close_pairs": st.pair_bonus, "country_focus": st.country_focus_weight,
        "state_focus": st.admin1_focus_weight, "nearness": 1.0,
    }, min_score=st.min_score, full_score_at=st.full_score_at)


def ranker_to_dict(ranker: Ranker, *, about: Mapping) -> dict:
    """The model file's content: the features it expects (with what each measures), its weights, and ``about``."""
    from geo.features import CONTEXT, STATIC

    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "model": "linear: score = sum(weight * feature); a reading scored below min_score abstains",
        "features": {name: what for name, what in STATIC + CONTEXT},
        "weights": {name: round(ranker.weights.get(name, 0.0), 6) for name in NAMES},
        "min_score": round(ranker.min_score, 6), "full_score_at": round(ranker.full_score_at, 6),
        **about,
    }


def ranker_from_dict(data: dict, name: str) -> Ranker:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise RankerModelError(f"{name}: not a {FORMAT} file of format version {FORMAT_VERSION}")
    try:
        expected = list(data["features"])
        weights, min_score, full = data["weights"], data["min_score"], data["full_score_at"]
    except (KeyError, TypeError) as exc:
        raise RankerModelError(f"{name}: missing {exc}") from None
    if expected != list(NAMES) or set(weights) != set(NAMES):
        raise RankerModelError(f"{name}: made for other features than this code computes (geo.features.NAMES)")
    return make_ranker(name, weights, min_score=min_score, full_score_at=full)


def read_model_file(path: Path, what: str) -> dict:
    """A model file's JSON (ranker or keeper), or a one-line error naming the file."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RankerModelError(f"cannot read {what} model {path}: {exc}") from None


@lru_cache(maxsize=8)
def load_ranker(path: Path = DEFAULT_MODEL) -> Ranker:
    return ranker_from_dict(read_model_file(path, "ranker"), Path(path).name)
