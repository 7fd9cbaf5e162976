"""Scoring of event types and source actors against PLOVER-style gold sentences (pure: no I/O, no model).

Protocol (shared/eval/README.md): each sentence is one article; the project's event is the smallest event
whose ``[start, end)`` holds the first gold event word; its type counts when it equals the gold type; its
actors count when one of them and one gold source actor contain each other, case-insensitively. A sentence
with no event around the word counts as wrong on both. A record with a source and target span instead of
event words (plover-news-dev) takes the smallest event holding both their starts, else the source's, else
the target's; its gold YIELD (the older root) takes CONCEDE or RETREAT.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from timeline.records import Event

NO_EVENT = "(no event)"
# Gold labels that more than one predicted type satisfies: YIELD is the older root of CONCEDE and RETREAT.
GOLD_ALTERNATIVES = {"YIELD": frozenset({"CONCEDE", "RETREAT"})}


def type_matches(predicted: str, gold: str) -> bool:
    return predicted == gold or predicted in GOLD_ALTERNATIVES.get(gold, ())


@dataclass(frozen=True, slots=True)
class TypeCase:
    """One gold sentence and what the project made of it."""

    id: str
    gold_type: str
    gold_sources: tuple[str, ...]
    predicted_type: str  # NO_EVENT when no event holds the word
    actors: tuple[str, ...]
    actor_hit: bool
    # Events as small as the chosen one (same span, the sentence's other clauses): the type and actor
    # figures if such ties went the best way, to tell the classifier's errors from the tie-break's.
    tied_type_hit: bool = False
    tied_actor_hit: bool = False

    @property
    def type_hit(self) -> bool:
        return type_matches(self.predicted_type, self.gold_type)

    def to_dict(self) -> dict:
        return {"id": self.id, "gold": self.gold_type, "predicted": self.predicted_type,
                "tied_type_hit": self.tied_type_hit,
                "sources": list(self.gold_sources), "actors": list(self.actors), "actor_hit": self.actor_hit}


def events_at(events: Sequence[Event], offset: int, *more: int) -> list[Event]:
    """The smallest events holding ``offset`` (and each of ``more``), in the order reported (more than one when
    spans are equal)."""
    holding = [e for e in events if all(e.start <= o < e.end for o in (offset, *more))]
    if not holding:
        return []
    size = min(e.end - e.start for e in holding)
    return [e for e in holding if e.end - e.start == size]


def event_at(events: Sequence[Event], offset: int) -> Event | None:
    """The smallest event holding ``offset``; among equal spans the first reported."""
    tied = events_at(events, offset)
    return tied[0] if tied else None


def actors_match(actors: Iterable[str], sources: Iterable[str]) -> bool:
    """True when one actor and one gold source contain each other ("Serb forces" / "Serb")."""
    sources = [s.casefold().strip() for s in sources if s.strip()]
    for actor in actors:
        a = actor.casefold().strip()
        if a and any(a in s or s in a for s in sources):
            return True
    return False


def anchor_events(record: Mapping, events: Sequence[Event]) -> list[Event]:
    """The events the protocol scores for a record (ties of equal span, the first counts)."""
    words = record.get("event_words") or []
    if words:
        return events_at(events, words[0]["start"])
    src, tgt = record.get("source_span"), record.get("target_span")
    offsets = [span[0] for span in (src, tgt) if span]
    if len(offsets) == 2:
        tied = events_at(events, *offsets)
        if tied:
            return tied
    for offset in offsets:
        tied = events_at(events, offset)
        if tied:
            return tied
    return []


def gold_sources(record: Mapping) -> tuple[str, ...]:
    source = record.get("source") or ()
    return (source,) if isinstance(source, str) else tuple(source)


def score_case(record: Mapping, events: Sequence[Event]) -> TypeCase:
    tied = anchor_events(record, events)
    event = tied[0] if tied else None
    sources = gold_sources(record)
    actors = event.actors if event else ()
    return TypeCase(id=str(record.get("id", "")), gold_type=record["event"], gold_sources=sources,
                    predicted_type=event.type if event else NO_EVENT, actors=tuple(actors),
                    actor_hit=bool(event) and actors_match(actors, sources),
                    tied_type_hit=any(type_matches(e.type, record["event"]) for e in tied),
                    tied_actor_hit=any(actors_match(e.actors, sources) for e in tied))


def figures(cases: Sequence[TypeCase]) -> dict:
    """Type accuracy, macro-F1 over the gold classes, source-actor share, the majority-class reference,
    per-type counts and confusions."""
    n = len(cases)
    pct = lambda k: round(100 * k / n, 1) if n else 0.0  # noqa: E731
    gold = Counter(c.gold_type for c in cases)
    majority, majority_n = gold.most_common(1)[0] if gold else ("", 0)
    per_type = {}
    for name in sorted(gold):
        mine = [c for c in cases if c.gold_type == name]
        wrong = Counter(c.predicted_type for c in mine if not c.type_hit)
        per_type[name] = {"gold": len(mine), "right": sum(c.type_hit for c in mine),
                          "predicted": sum(type_matches(c.predicted_type, name) for c in cases),
                          "confused_with": dict(wrong.most_common())}
    f1s = [2 * row["right"] / (row["gold"] + row["predicted"]) if row["gold"] + row["predicted"] else 0.0
           for row in per_type.values()]
    return {"sentences": n, "type_accuracy": pct(sum(c.type_hit for c in cases)),
            "macro_f1": round(100 * sum(f1s) / len(f1s), 1) if f1s else 0.0,
            "source_actor": pct(sum(c.actor_hit for c in cases)),
            "no_event": pct(sum(c.predicted_type == NO_EVENT for c in cases)),
            "best_tie": {"type_accuracy": pct(sum(c.tied_type_hit for c in cases)),
                         "source_actor": pct(sum(c.tied_actor_hit for c in cases))},
            "majority_class": {"type": majority, "accuracy": pct(majority_n)}, "per_type": per_type}


def table(figs: Mapping, *, title: str) -> str:
    lines = [f"{title}: {figs['sentences']} sentences",
             f"  type accuracy   {figs['type_accuracy']:5.1f}%   (majority class {figs['majority_class']['type']}: "
             f"{figs['majority_class']['accuracy']:.1f}%), macro-F1 {figs.get('macro_f1', 0.0):.1f}",
             f"  source actor    {figs['source_actor']:5.1f}%",
             f"  no event        {figs['no_event']:5.1f}%",
             f"  ties the best way: type {figs['best_tie']['type_accuracy']:.1f}%, source actor "
             f"{figs['best_tie']['source_actor']:.1f}% (events of equal span, the first counts)",
             f"  {'type':<10} {'gold':>4} {'right':>5} {'pred':>4}  confused with"]
    for name, row in figs["per_type"].items():
        confused = ", ".join(f"{k} {v}" for k, v in row["confused_with"].items())
        lines.append(f"  {name:<10} {row['gold']:>4} {row['right']:>5} {row['predicted']:>4}  {confused}")
    return "\n".join(lines)
