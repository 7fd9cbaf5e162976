"""The executable example every rule carries (HeidelTime writes one above each rule; ours are run by
tests/test_timex_rule_examples.py through the real tagger)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Example:
    """``text`` published on ``published`` (ISO date, or None for no publication date) makes the rule tag
    ``span`` with TIMEX3 ``value`` (None when the value cannot be anchored). ``settings`` are tagger settings
    as (key, value) pairs; ``xfail`` is the reason when the tagger is known to get the example wrong, so a
    known failure stays on record instead of being dropped."""

    text: str
    published: str | None
    span: str
    value: str | None
    settings: tuple[tuple[str, Any], ...] = ()
    xfail: str | None = None

    def __post_init__(self) -> None:
        if self.span not in self.text:
            raise ValueError(f"example span {self.span!r} is not in its text {self.text!r}")
        if self.published is not None:
            dt.date.fromisoformat(self.published)  # a malformed date fails where the example is written

    @property
    def published_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.published) if self.published else None
