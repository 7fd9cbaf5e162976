"""Runs the registered rules over a text and settles overlapping proposals."""
from __future__ import annotations

import importlib

from timeline.timex.rules.base import RULES, Hit, Rule

# Importing a rule module registers its rules. The order is the tie-break between equal proposals (same
# span, same priority), so it is part of the tagger's behaviour.
RULE_MODULES = ("timeline.timex.rules.absolute", "timeline.timex.rules.duration", "timeline.timex.rules.relative")

_LOADED = False


def _load_rules() -> None:
    """Import the rule modules (once), on first use rather than when the tagger is imported."""
    global _LOADED
    if not _LOADED:
        for name in RULE_MODULES:
            importlib.import_module(name)
        _LOADED = True


def rules() -> tuple[Rule, ...]:
    """Every registered rule, in registration order."""
    _load_rules()
    return tuple(RULES)


def propose(text: str) -> list[Hit]:
    hits: list[Hit] = []
    lower = None
    for r in rules():
        if r.triggers:
            if lower is None:
                lower = text.lower()
            if not any(t in lower for t in r.triggers):
                continue
        for m in r.pattern.finditer(text):
            out = r.handler(m, text)
            if out is None:
                continue
            for h in out if isinstance(out, list) else [out]:
                if h.end > h.start:
                    hits.append(Hit(start=h.start, end=h.end, rule=r.name, resolve=h.resolve,
                                    priority=r.priority))
    return hits


def select(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits in text order: longer spans win, then higher rule priority, then earlier."""
    chosen: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), -h.priority, h.start)):
        if any(h.start < e and s < h.end for s, e in taken):
            continue
        chosen.append(h)
        taken.append((h.start, h.end))
    return sorted(chosen, key=lambda h: h.start)
