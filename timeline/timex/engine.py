"""Runs the registered rules over a text and settles overlapping proposals."""
from __future__ import annotations

from timeline.timex.rules.base import RULES, Hit

_LOADED = False


def _load_rules() -> None:
    """Importing the rule modules registers their rules (once)."""
    global _LOADED
    if not _LOADED:
        import timeline.timex.rules.absolute  # noqa: F401
        import timeline.timex.rules.duration  # noqa: F401
        import timeline.timex.rules.relative  # noqa: F401

        _LOADED = True


def propose(text: str) -> list[Hit]:
    _load_rules()
    hits: list[Hit] = []
    for r in RULES:
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
