"""The evidence that a detected span names a place at all, as named numbers: what the keep/drop model weighs.

Each span detection hands over (``geo.detect.Candidate``) is described once it is resolved: which pass found
it and under which NER label, how it is written (capitals, a dictionary word, the start of a sentence), how
often the article repeats it, and the features of the reading the ranker chose for it (``geo.features``).
A keeper (``geo.keeper``) turns them into the probability that the span is a place mention. The names are
the contract with the model files geo/data/keep-*.json: renaming one is a new model version.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from geo.features import all_capitals
from geo.names import name_key

ORIGINS = ("ner", "cue", "demonym", "inner", "gazetteer")
LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP")
# The chosen reading's features (geo.features) the keeper also reads, each as "best_" + name.
BEST = ("log_population", "exact_form", "alternate_name", "partial_name", "is_country", "is_state", "is_continent",
        "is_county", "is_capital", "is_town", "is_airport", "is_building", "is_other_kind", "is_curated",
        "hint_inside", "hint_outside", "country_focus", "state_focus", "nearness")

SPAN = (
    ("bias", "1.0 for every span"),
    *((f"origin_{o}", f"found by the {o} pass of geo.detect") for o in ORIGINS),
    *((f"label_{lab.lower()}", f"inside an entity spaCy labelled {lab}") for lab in LABELS),
    ("label_other", "inside an entity of another label"),
    ("all_caps", "written in capitals only, two letters or more ('NATO', 'US', 'BAGHDAD')"),
    ("all_caps_town", "written in capitals only and placed at a town: an acronym is seldom a village's name"),
    ("dictionary_word", "every word of it is an English dictionary word ('Republic', 'Mobile')"),
    ("sentence_initial", "it opens a sentence, where any word is capitalised"),
    ("extra_words", "its number of words beyond one (at most 3)"),
    ("repeated", "log2(1 + other spans of the same name in the article)"),
    ("unplaced", "the resolver abstained: no reading, or none scored above the ranker's min_score"),
    ("best_score", "the chosen reading's ranker score, clipped to [-10, 15], / 10"),
    ("margin", "its lead over the runner-up reading, clipped to [0, 10], / 10"),
    *((f"best_{name}", f"the chosen reading's {name} (geo.features)") for name in BEST),
)
NAMES = tuple(name for name, _ in SPAN)


def span_features(cand, chosen: Mapping[str, float] | None, *, score: float, margin: float, repeats: int,
                  dictionary: frozenset[str]) -> dict[str, float]:
    """The features of one resolved span. ``chosen``: the chosen reading's features, None when unplaced."""
    out = {"bias": 1.0, f"origin_{cand.origin}": 1.0}
    if cand.label:
        out[f"label_{cand.label.lower()}" if cand.label in LABELS else "label_other"] = 1.0
    words = cand.text.split()
    caps = all_capitals(cand.text)
    if caps:
        out["all_caps"] = 1.0
        if chosen is not None and chosen.get("is_town"):
            out["all_caps_town"] = 1.0
    if words and all(name_key(w) in dictionary for w in words):
        out["dictionary_word"] = 1.0
    if cand.sentence_initial:
        out["sentence_initial"] = 1.0
    if len(words) > 1:
        out["extra_words"] = float(min(3, len(words) - 1))
    if repeats:
        out["repeated"] = math.log2(1 + repeats)
    if chosen is None:
        out["unplaced"] = 1.0
        return out
    out["best_score"] = max(-10.0, min(15.0, score)) / 10.0
    out["margin"] = max(0.0, min(10.0, margin)) / 10.0
    for name in BEST:
        value = chosen.get(name)
        if value:
            out[f"best_{name}"] = float(value)
    return out


def _same(a, b) -> bool:
    """One place: one article's mentions of a name hold separate entry objects for it (one sense per article)."""
    return b is not None and (a is b or (a.geonameid is not None and a.geonameid == b.geonameid))


def spans_features(resolved: Sequence, dictionary: frozenset[str]) -> list[dict[str, float]]:
    """Per (candidate, mention, readings) of one article, its span features, in order."""
    counts: dict[str, int] = {}
    for cand, _, _ in resolved:
        key = name_key(cand.text)
        counts[key] = counts.get(key, 0) + 1
    out = []
    for cand, mention, readings in resolved:
        chosen = next((r for r in readings if _same(r.entry, mention.entry)), None)
        others = sorted((r.score for r in readings if r is not chosen), reverse=True)
        margin = chosen.score - others[0] if chosen is not None and others else 10.0
        out.append(span_features(cand, chosen.features if chosen is not None else None,
                                 score=chosen.score if chosen is not None else 0.0, margin=margin,
                                 repeats=counts[name_key(cand.text)] - 1, dictionary=dictionary))
    return out
