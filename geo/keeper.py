"""The keep/drop model of detected spans: a logistic regression on ``geo.span_features``.

Detection proposes spans by hand-made passes; the keeper, fitted by ``python -m geo train`` on the same gold
corpora as the ranker, weighs each resolved span's features into the probability that it is a place mention
at all, and spans below ``threshold`` are dropped ("NATO" placed at a Philippine village, a dictionary word at
the start of a sentence). geo/data/keep-v2.json ships with the project; scoring is pure Python.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from geo.ranker import RankerModelError, read_model_file
from geo.span_features import NAMES, SPAN

FORMAT = "geo-keeper"
FORMAT_VERSION = 1
DEFAULT_MODEL = Path(__file__).parent / "data" / "keep-v2.json"


@dataclass(frozen=True, slots=True)
class Keeper:
    name: str  # the model file's name, or "fitted"
    weights: Mapping[str, float]  # span feature name -> weight (a read-only mapping)
    threshold: float  # a span whose probability of being a place is below this is dropped

    def probability(self, features: Mapping[str, float]) -> float:
        z = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def keeps(self, features: Mapping[str, float]) -> bool:
        return self.probability(features) >= self.threshold


def make_keeper(name: str, weights: Mapping[str, float], *, threshold: float) -> Keeper:
    unknown = set(weights) - set(NAMES)
    if unknown:
        raise RankerModelError(f"keeper {name}: unknown features {', '.join(sorted(unknown))}")
    return Keeper(name, MappingProxyType({k: float(v) for k, v in weights.items() if v}), float(threshold))


def keeper_to_dict(keeper: Keeper, *, about: Mapping) -> dict:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "model": "logistic: p(place) = 1 / (1 + exp(-sum(weight * feature))); a span below threshold is dropped",
        "features": dict(SPAN),
        "weights": {name: round(keeper.weights.get(name, 0.0), 6) for name in NAMES},
        "threshold": keeper.threshold,
        **about,
    }


def keeper_from_dict(data: dict, name: str) -> Keeper:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise RankerModelError(f"{name}: not a {FORMAT} file of format version {FORMAT_VERSION}")
    try:
        expected, weights, threshold = list(data["features"]), data["weights"], data["threshold"]
    except (KeyError, TypeError) as exc:
        raise RankerModelError(f"{name}: missing {exc}") from None
    if expected != list(NAMES) or set(weights) != set(NAMES):
        raise RankerModelError(f"{name}: made for other features than this code computes (geo.span_features.NAMES)")
    return make_keeper(name, weights, threshold=threshold)


@lru_cache(maxsize=8)
def load_keeper(path: Path = DEFAULT_MODEL) -> Keeper:
    return keeper_from_dict(read_model_file(path, "keeper"), Path(path).name)
