"""An article's lead event: the main happening it reports (``Event.lead``), not its reporting verb.

What the opening of the article reports: among the events of its opening paragraphs of a happening type
(anything but STATEMENT and OTHER; a reporting verb is typed by what it reports), the first in text order,
preferring a clause that tells the happening itself to the reporting verb that frames it ("Police said" |
"a gunman killed two"), and an asserted one to a negated or hypothetical one ("officials said rebels could
attack" reports no attack); else the first happening anywhere, by the same preferences; else the first event.
The pipeline marks it on every analysis (``Event.lead``); the incidents (``timeline.incidents.leads``) take that
mark and choose the lead's place and day from the whole article.
"""
from __future__ import annotations

import bisect
import re
from typing import Sequence

NOT_HAPPENINGS = frozenset({"STATEMENT", "OTHER"})
OPENING_PARAGRAPHS = 3  # the paragraphs (with events) that make the opening of a report


def opening_end(text: str, events: Sequence) -> int:
    """The offset where the opening of the article ends: after its first paragraphs that hold events.

    The paragraph breaks are found once (a search back from each event scanned a whole unbroken text for every
    event: minutes for an article of a million characters)."""
    breaks = [m.start() for m in re.finditer("(?=\n\n)", text)]  # each, overlapping: "\n\n\n" holds two
    paragraphs = 0
    last_break = -1
    for start in sorted({ev.start for ev in events}):
        i = bisect.bisect_right(breaks, start - 2)  # the breaks that end before the event begins
        brk = breaks[i - 1] if i else -1
        if brk != last_break:
            paragraphs += 1
            last_break = brk
            if paragraphs > OPENING_PARAGRAPHS:
                return brk
    return len(text)


def choose_lead(events: Sequence, text: str, reporting: frozenset = frozenset()):
    """The article's lead event (see the module's docstring), or None for an article with no event;
    ``reporting``: the ids of the events whose predicate is a reporting verb (the pipeline knows them)."""
    if not events:
        return None
    ordered = sorted(events, key=lambda e: (e.start, e.end))
    end = opening_end(text, ordered)
    happenings = [e for e in ordered if e.type not in NOT_HAPPENINGS]
    opening = [e for e in happenings if e.start < end]
    for pool in (opening, happenings):
        if pool:  # min keeps the first in text order among equals
            return min(pool, key=lambda e: (e.id in reporting, e.factuality != "asserted"))
    return ordered[0]


def lead_event(events: Sequence, text: str):
    """The event an analysis marks as its lead (``Event.lead``), else (an analysis kept from before the mark)
    ``choose_lead`` without knowing which events are reporting verbs; None for an article with no event."""
    marked = next((e for e in events if e.lead), None)
    return marked if marked is not None else choose_lead(events, text)
