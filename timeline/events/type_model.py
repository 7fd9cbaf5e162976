"""The fitted event-type model: a multinomial logistic regression over the clause features of
``timeline.events.type_features``, read from a small JSON file (``data/types-v1.json``, written by
``python -m timeline train-types``) and applied in pure Python: run time needs neither numpy nor any training
library.

A clause's type is the class with the highest score, the score of a class being the sum of the weights its
features carry for it. The classes are PLOVER's sixteen types, STATEMENT and OTHER; the hand rules
(``timeline.events.types.classify``) are one of its features, and where the model file cannot be read the
pipeline fails with a one-line error naming it (nothing falls back silently).
"""
from __future__ import annotations

import json
import math
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

from timeline.events.type_lexicon import EVENT_TYPES

FORMAT = "timeline-types"
FORMAT_VERSION = 1
DEFAULT_MODEL = Path(__file__).parent.parent / "data" / "types-v1.json"  # timeline/data/


class TypeModelError(ValueError):
    """A type model file is missing, unreadable or of another format: the message names the file."""


@dataclass(frozen=True, slots=True)
class TypeModel:
    name: str
    classes: tuple[str, ...]
    weights: Mapping[str, Mapping[str, float]]  # feature -> {class: weight}; absent: 0

    def scores(self, features: Iterable[str]) -> dict[str, float]:
        out = dict.fromkeys(self.classes, 0.0)
        for f in features:
            for cls, w in self.weights.get(f, {}).items():
                out[cls] += w
        return out

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        s = self.scores(features)
        top = max(s.values())
        e = {k: math.exp(v - top) for k, v in s.items()}
        z = sum(e.values())
        return {k: v / z for k, v in e.items()}

    def predict(self, features: Iterable[str]) -> str:
        features = list(features)
        s = self.scores(features)
        best = max(self.classes, key=lambda c: s[c])  # ties: the first class in the file's order
        if best == "AGREE" and "rule=CONSULT" in features:
            # A meeting announced for later stays a meeting, as the PLOVER manual's own example has it ("Members
            # of the G-7 will meet in Ottawa" is CONSULT); plover-news's gold often types it AGREE (a promise to
            # meet), which the model learns: -0.2 points of CV accuracy, measured.
            return "CONSULT"
        return best


def model_to_dict(classes, weights: Mapping[str, Mapping[str, float]], *, about: Mapping) -> dict:
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "model": "multinomial logistic regression: score(class) = sum of the weights of the clause's features "
                     "(timeline.events.type_features) for that class; the highest score wins",
            **about, "classes": list(classes),
            "weights": {f: {c: round(w, 4) for c, w in ws.items() if round(w, 4)} for f, ws in sorted(weights.items())
                        if any(round(w, 4) for w in ws.values())}}


def model_from_dict(data: dict, name: str) -> TypeModel:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise TypeModelError(f"{name}: not a {FORMAT} file of format version {FORMAT_VERSION}")
    try:
        classes, weights = tuple(data["classes"]), data["weights"]
    except (KeyError, TypeError) as exc:
        raise TypeModelError(f"{name}: missing {exc}") from None
    unknown = set(classes) - set(EVENT_TYPES)
    if unknown or not classes:
        raise TypeModelError(f"{name}: unknown classes {', '.join(sorted(unknown)) or '(none)'}")
    if not isinstance(weights, dict) or any(not isinstance(v, dict) or set(v) - set(classes)
                                            for v in weights.values()):
        raise TypeModelError(f"{name}: weights must map each feature to weights of its classes")
    frozen = {f: MappingProxyType({c: float(w) for c, w in ws.items()}) for f, ws in weights.items()}
    return TypeModel(name, classes, MappingProxyType(frozen))


@lru_cache(maxsize=4)
def load_model(path: Path = DEFAULT_MODEL) -> TypeModel:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TypeModelError(f"cannot read the event type model {path}: {exc}") from None
    return model_from_dict(data, Path(path).name)


_RULES_ONLY = False


@contextmanager
def rules_only():
    """Type by the hand rules alone while inside (``train-types``: its examples do not depend on the types the
    pipeline gives, so it needs no model file, not even a broken one)."""
    global _RULES_ONLY
    before, _RULES_ONLY = _RULES_ONLY, True
    try:
        yield
    finally:
        _RULES_ONLY = before


def predict_type(token, model: TypeModel | None = None) -> str:
    """The event type of a trigger token in its clause, by the fitted model (the shipped one by default)."""
    if _RULES_ONLY and model is None:
        from timeline.events.types import classify

        return classify(token)
    from timeline.events.type_features import clause_features

    return (model or load_model()).predict(clause_features(token))


def type_confidence(token, event_type: str, model: TypeModel | None = None) -> float:
    """The fitted model's probability that the trigger's clause is of ``event_type`` (1.0 under the hand rules)."""
    if _RULES_ONLY and model is None:
        return 1.0
    from timeline.events.type_features import clause_features

    return (model or load_model()).probabilities(clause_features(token)).get(event_type, 0.0)
