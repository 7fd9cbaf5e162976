"""One happening, one event: the clauses and sentences of an article that tell the same happening become one.

A sentence often tells one happening in several clauses ("Obama has instructed advisors to explore military
action", "the President directed his team ..., the White House said"): clauses of one sentence with the same date
and no two places are one event (asserted if one of them is: "the US had not coordinated" beside what it denies is one telling), carrying every clause's actors and places, typed by the clause the fitted
type model is surest of (a happening type before STATEMENT, STATEMENT before OTHER), its span running over all
of them. An article also retells a happening ("Le Drian reiterated the calls ...", "... LE Drian told French TV",
"It's a major risk," he said): a later event joins an earlier one when a fitted pair model
(``data/event-merge-v1.json``, fitted on ECB+ dev's within-document event clusters by ``train_pair_model``) scores
the pair above its threshold, and a quote that runs on ("It's a major risk," he said) joins its speaker's statement
a sentence or two before; the first telling stays the event, the others become its ``mentions``.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from timeline.events.type_lexicon import OTHER, PLOVER_TYPES, STATEMENT
from timeline.records import Event

MODEL = Path(__file__).parent.parent / "data" / "event-merge-v1.json"  # timeline/data/, beside the type model
PAIR_FEATURES = ("bias", "same_lemma", "same_type", "both_statements", "shared_actor", "no_actors",
                 "same_place", "same_day", "dates_overlap", "dates_apart", "undated", "adjacent", "same_paragraph")


@dataclass(frozen=True, slots=True)
class Telling:
    """One event as the merge reads it: the event, its trigger's lemma, its sentence's and paragraph's numbers,
    and how sure the type model is of its type."""

    event: Event
    lemma: str
    sentence: int
    paragraph: int
    confidence: float
    reporting: bool = False  # its predicate is a reporting verb ("said"): no article's lead
    trigger: int = -1  # the character offset of its predicate (what a gold event mention is aligned by)
    by_pronoun: bool = False  # a reporting verb whose subject is "he" or "she" ("It's a major risk," he said)


def _rank(t: Telling) -> tuple:
    """An asserted clause first; then a happening type, then STATEMENT, then OTHER; among equals the surest type."""
    kind = 2 if t.event.type in PLOVER_TYPES else 1 if t.event.type == STATEMENT else 0
    return t.event.factuality == "asserted", kind, t.confidence


def _union(first: Sequence, rest: Sequence) -> tuple:
    out = list(first)
    for x in rest:
        if x not in out:
            out.append(x)
    return tuple(out)


def _place_id(place) -> tuple | None:
    """What tells one place from another (a curated place such as the White House has no GeoNames id)."""
    if place is None or place.entry is None:
        return None
    return place.entry.name, round(place.entry.lat, 3), round(place.entry.lon, 3)


def one_per_sentence_happening(tellings: Sequence[Telling]) -> list[Telling]:
    """The clauses of one sentence merged by date and factuality (see the module's docstring), in text order."""
    groups: list[tuple[tuple, list[Telling]]] = []  # (date, place id or None) and the tellings of one happening
    for t in tellings:
        d = t.event.date
        day = (d.value if d else None, d.precision if d else None)
        place = _place_id(t.event.location)
        for i, ((gday, gplace), members) in enumerate(groups):
            # one happening has one place: "host ... at the White House" and "be in Rome" are two
            if gday == day and (gplace is None or place is None or gplace == place):
                members.append(t)
                groups[i] = ((gday, gplace or place), members)
                break
        else:
            groups.append(((day, place), [t]))
    out = []
    for _key, group in groups:
        best = max(group, key=_rank)  # max keeps the first in text order among equals
        others = [t for t in group if t is not best]
        ev = best.event
        if others:
            ev = replace(ev, start=min(t.event.start for t in group), end=max(t.event.end for t in group),
                         actors=_union(ev.actors, [a for t in others for a in t.event.actors]),
                         places=tuple(sorted(_union(ev.places, [p for t in others for p in t.event.places]),
                                             key=lambda p: p.start)),
                         location=ev.location or next((t.event.location for t in others if t.event.location), None))
        out.append(replace(best, event=ev, reporting=all(t.reporting for t in group),
                           by_pronoun=all(t.by_pronoun for t in group)))
    return sorted(out, key=lambda t: t.event.start)


@dataclass(frozen=True, slots=True)
class _Keys:
    """What pair features read of one telling, computed once per telling (not once per pair: a long page pairs
    each telling with up to RETELL_REACH others, and the days and place ids were most of that work)."""

    days: tuple | None
    places: frozenset
    actors: frozenset

    @classmethod
    def of(cls, t: Telling) -> "_Keys":
        ev = t.event
        return cls(ev.day_range, frozenset({_place_id(p) for p in (*ev.places, ev.location)} - {None}),
                   frozenset(ev.actors))


def pair_features(a: Telling, b: Telling, ka: _Keys | None = None, kb: _Keys | None = None) -> dict[str, float]:
    """The features of a pair of tellings (``PAIR_FEATURES``), 1.0 or 0.0 each (``ka``, ``kb``: their keys, when
    the caller keeps them)."""
    ea, eb = a.event, b.event
    ka, kb = ka or _Keys.of(a), kb or _Keys.of(b)
    ra, rb = ka.days, kb.days
    overlap = ra is not None and rb is not None and ra[0] <= rb[1] and rb[0] <= ra[1]
    f = {"bias": 1.0, "same_lemma": float(a.lemma == b.lemma),
         "same_type": float(ea.type == eb.type and ea.type not in (OTHER, STATEMENT)),
         "both_statements": float(ea.type == eb.type == STATEMENT),
         "shared_actor": float(bool(ka.actors & kb.actors)),
         "no_actors": float(not ea.actors or not eb.actors),
         "same_place": float(bool(ka.places & kb.places)),
         "same_day": float(ra is not None and ra == rb and ra[0] == ra[1]),
         "dates_overlap": float(overlap), "dates_apart": float(ra is not None and rb is not None and not overlap),
         # a date the clause does not give itself (the article's day for a present clause, the narrative's)
         "undated": float(ea.date_basis != "own" or eb.date_basis != "own"),
         "adjacent": float(abs(a.sentence - b.sentence) <= 1), "same_paragraph": float(a.paragraph == b.paragraph)}
    return f


@dataclass(frozen=True, slots=True)
class PairModel:
    weights: Mapping[str, float]
    threshold: float

    def probability(self, a: Telling, b: Telling, ka: _Keys | None = None, kb: _Keys | None = None) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in pair_features(a, b, ka, kb).items())
        return 1.0 / (1.0 + math.exp(-z))


class MergeModelError(ValueError):
    """The pair model file is missing or not one: the message names the file."""


@lru_cache(maxsize=2)
def load_pair_model(path: Path = MODEL) -> PairModel:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        weights, threshold = data["weights"], float(data["threshold"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise MergeModelError(f"cannot read the event merge model {path}: {exc}") from None
    if set(weights) != set(PAIR_FEATURES):
        raise MergeModelError(f"{path}: expected the weights of {', '.join(PAIR_FEATURES)}")
    return PairModel({k: float(v) for k, v in weights.items()}, threshold)


QUOTE_REACH = 3  # paragraphs back to the speaker's last words: a web page gives each piece of a long quote its own


def _quote_runs_on(tellings: Sequence[Telling], j: int) -> int | None:
    """The earlier telling whose quote the statement ``j`` continues, or None: a statement whose speaker is "he"
    or "she" ("I think it's urgent," he added) goes on with what the same speaker last said or did in its
    paragraph or the few before (a web page gives each piece of a long quote its own paragraph), as a reader
    reads it: one statement over several sentences."""
    b = tellings[j]
    if not (b.by_pronoun and b.event.type == STATEMENT and b.event.actors):
        return None
    speaker = b.event.actors[0]
    for i in range(j - 1, -1, -1):
        a = tellings[i]
        if b.paragraph - a.paragraph > QUOTE_REACH:
            return None
        if speaker in a.event.actors and a.event.factuality == b.event.factuality:
            return i
    return None


# How many earlier tellings a telling is compared with: every earlier one made a long text quadratic (a
# million-character page: minutes instead of seconds); a news article has far fewer events than this.
RETELL_REACH = 200


def retellings(tellings: Sequence[Telling], model: PairModel) -> list[int]:
    """For each telling (in text order) the index of the telling that first told its happening (itself when
    none did): a telling joins the earlier cluster whose member it pairs with most surely, above the model's
    threshold (its factuality must match: a denied happening is not the one asserted)."""
    cluster = list(range(len(tellings)))
    keys = [_Keys.of(t) for t in tellings]
    for j, b in enumerate(tellings):
        said = _quote_runs_on(tellings, j)
        if said is not None:
            cluster[j] = cluster[said]
            continue
        best, best_p = None, model.threshold
        for i in range(max(0, j - RETELL_REACH), j):
            a = tellings[i]
            if a.event.factuality != b.event.factuality or a.sentence == b.sentence:
                continue
            p = model.probability(a, b, keys[i], keys[j])
            if p > best_p:
                best, best_p = cluster[i], p
        if best is not None:
            cluster[j] = best
    return cluster


def merge_retellings(tellings: Sequence[Telling], model: PairModel | None = None) -> list[Event]:
    """The article's events, each happening once: the first telling with the later ones' actors, places and
    spans (``Event.mentions``)."""
    model = model or load_pair_model()
    cluster = retellings(tellings, model)
    members: dict[int, list[Telling]] = {}
    for k, c in enumerate(cluster):
        members.setdefault(c, []).append(tellings[k])
    out = []
    for c in sorted(members):
        first, *later = members[c]
        ev = first.event
        if later:
            ev = replace(ev, actors=_union(ev.actors, [a for t in later for a in t.event.actors]),
                         location=ev.location or next((t.event.location for t in later if t.event.location), None),
                         mentions=tuple((t.event.start, t.event.end) for t in later))
        out.append(ev)
    return out
