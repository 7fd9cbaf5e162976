"""An article's lead event: the main happening it reports (``Event.lead``), not its reporting verb.

What the opening of the article reports: among the events of its opening paragraphs of a happening type
(anything but STATEMENT and OTHER; a reporting verb is typed by what it reports), the first in text order,
preferring a clause that tells the happening itself to the reporting verb that frames it ("Police said" |
"a gunman killed two"), and an asserted one to a negated or hypothetical one ("officials said rebels could
attack" reports no attack); else the first happening anywhere, by the same preferences; else the first event.

A headline names the happening a report is about, and a report of a response (an arrest, a charge, an
investigation) names the happening it responds to after its own verb: "Man arrested in shooting", "Police
investigate shooting". So when the headline's words name happening types, the lead is the first asserted event
of the type named last in the headline's first clause (then the one before it ..., then the later clauses':
"8 hurt in shooting, 2 arrested"; violence before all: "Suspect accused of killing 2 arrested" is about the
killing), in the opening else anywhere. With no event of a type the headline names, the
first asserted event whose sentence names one ("Police are investigating after they say a teen was shot", typed
ACCUSE) is the lead, typed by the happening it tells; a headline that names none
lets the first choice's own sentence name it ("Police are investigating a shooting that ..."). Headline words are
read by their base form: the regular inflections and the irregular pasts of the lexicon's verbs.
The pipeline marks it on every analysis (``Event.lead``); the incidents (``timeline.incidents.leads``) take that
mark and choose the lead's place and day from the whole article.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Sequence

from timeline.events.type_lexicon import lexicon

NOT_HAPPENINGS = frozenset({"STATEMENT", "OTHER"})
VIOLENCE = frozenset({"ASSAULT"})  # PLOVER's use of force: the happening a report of a response is about
# irregular pasts of the lexicon's verbs, as a headline writes them ("Man shot", "Rebels struck")
IRREGULAR_PASTS = {"shot": "shoot", "fought": "fight", "struck": "strike", "blew": "blow", "blown": "blow",
                   "burnt": "burn", "beaten": "beat", "stolen": "steal", "stole": "steal"}
# regular inflections: (ending, what replaces it) -- "shootings", "wounded", "injured", "stabbing"
_INFLECTIONS = (("ings", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""),
                ("d", ""))
# what a web page appends to its headline: " - Site name", " | Site name"
_SITE_SUFFIX = re.compile(r"\s+\|\s.*$|\s+-\s+[^-]*$", re.S)
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


def _base_forms(word: str):
    """The forms a lexicon may list a word under: itself (or its verb, for an irregular past), then the word
    without each regular ending it has (a doubled last consonant undone: "stabbing" -> "stab")."""
    yield IRREGULAR_PASTS.get(word, word)
    for ending, added in _INFLECTIONS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[:-len(ending)]
            yield stem + added
            if not added and stem[-1] == stem[-2]:
                yield stem[:-1]


def named_happenings(words: str) -> tuple[str, ...]:
    """The happening types the words name (by the lexicon's verbs and nouns), the last named first, each once."""
    lex = lexicon()
    named = []
    for word in re.findall(r"[a-z]+", words.lower()):
        kind = next((k for f in _base_forms(word) if (k := lex.verbs.get(f) or lex.nouns.get(f))), None)
        if kind and kind not in NOT_HAPPENINGS:
            named.append(kind)
    return tuple(dict.fromkeys(reversed(named)))


def headline_happenings(title: str) -> tuple[str, ...]:
    """The happening types a headline names, without a site name the page appended: its first clause's (the
    news; a headline joins the follow-up after a comma: "8 hurt in shooting, 2 arrested") before the later
    ones', each clause's last named first."""
    clauses = re.split(r"[,;:]", _SITE_SUFFIX.sub("", title or ""))
    kinds = tuple(dict.fromkeys(kind for clause in clauses for kind in named_happenings(clause)))
    # Violence named beside other happenings is what they follow from: an arrest, a charge, an investigation, a
    # sentence, a release from hospital ("Suspect accused of killing 2 at nightclub arrested"). It comes first.
    return tuple(sorted(kinds, key=lambda k: k not in VIOLENCE))


def choose_lead(events: Sequence, text: str, reporting: frozenset = frozenset(), title: str = ""):
    """The article's lead event (see the module's docstring), or None for an article with no event;
    ``reporting``: the ids of the events whose predicate is a reporting verb (the pipeline knows them);
    ``title``: the article's headline."""
    if not events:
        return None
    ordered = sorted(events, key=lambda e: (e.start, e.end))
    end = opening_end(text, ordered)
    happenings = [e for e in ordered if e.type not in NOT_HAPPENINGS]
    opening = [e for e in happenings if e.start < end]
    rank = lambda e: (e.id in reporting, e.factuality != "asserted")  # noqa: E731
    first = next((min(pool, key=rank) for pool in (opening, happenings) if pool), ordered[0])
    # min keeps the first in text order among equals
    headline = headline_happenings(title)
    named = headline or tuple(k for k in named_happenings(first.sentence) if k != first.type)
    for kind in named:
        for pool in (opening, happenings):
            telling = [e for e in pool if e.type == kind and e.factuality == "asserted"]
            if telling:
                return min(telling, key=rank)
    for kind in headline:
        # No event is typed as the headline's happening, but a sentence names it beside the response its event
        # was typed by ("Police are investigating after they say a teen was shot", ACCUSE): that event tells
        # the happening the report is about, and is typed by it as the article's lead.
        for pool in (opening, happenings):
            telling = [e for e in pool if e.factuality == "asserted" and kind in named_happenings(e.sentence)]
            if telling:
                return replace(min(telling, key=rank), type=kind)
    return first


def lead_event(events: Sequence, text: str, title: str = ""):
    """The event an analysis marks as its lead (``Event.lead``), else (an analysis kept from before the mark)
    ``choose_lead`` without knowing which events are reporting verbs; None for an article with no event."""
    marked = next((e for e in events if e.lead), None)
    return marked if marked is not None else choose_lead(events, text, title=title)
