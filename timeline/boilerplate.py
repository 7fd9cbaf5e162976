"""Boilerplate in an article (copyright notices, bylines, wire flashes, photo credits): no events, no actors.

The patterns are data (data/boilerplate.txt); ``boilerplate_spans`` finds them once per article, and the
actor finder and the event extractor leave out what lies inside.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

PATTERNS = Path(__file__).parent / "data" / "boilerplate.txt"


@lru_cache(maxsize=1)
def _patterns(path: Path = PATTERNS) -> tuple[re.Pattern, ...]:
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:  # case-sensitive: a byline's name is capitalised; the patterns mark their (?i:...) parts
            out.append(re.compile(line, re.MULTILINE))
        except re.error as exc:
            raise ValueError(f"{path}:{lineno}: bad pattern: {exc}") from None
    return tuple(out)


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of boilerplate in ``text``, sorted."""
    return sorted((m.start(), m.end()) for p in _patterns() for m in p.finditer(text) if m.end() > m.start())


def inside(spans: list[tuple[int, int]], start: int) -> bool:
    """True when the character at ``start`` lies in one of the spans."""
    return any(s <= start < e for s, e in spans)


def all_boilerplate(text: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when every word character of ``text[start:end]`` lies in boilerplate (a sentence to leave out)."""
    return any(ch.isalnum() for ch in text[start:end]) and not any(
        ch.isalnum() and not inside(spans, start + k) for k, ch in enumerate(text[start:end]))
