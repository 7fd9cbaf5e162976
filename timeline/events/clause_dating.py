"""Dating every clause of a sentence: which dates the tree gives a clause, then the rules of event_dates.

A clause's candidates are its own date, the nearest date among the verbs it governs (or an event noun its
verb lies in), its governing clause's date (a date fronted before the sentence governs the main clause),
and the story's date from the sentence before; ``event_dates.clause_date`` chooses among them by tense.
"""
from __future__ import annotations

import datetime as dt

from timeline.events.clauses import Clause, framing_date, sentence_clauses
from timeline.events.dating import clause_date, tense
from timeline.events.types import is_reporting
from timeline.timex import Timex

PAST = {"past", "nonfinite"}
CONTAINING_PREPS = {"in", "during", "amid", "at"}  # "killed in the attack": the attack's time holds the killing


Dated = tuple[Timex | None, str]  # (date, basis): basis is own, carried or reported


def date_clauses(sent, timexes, narrative: Timex | None, published: dt.date | None) -> list[tuple[Clause, Dated]]:
    """Each clause of the sentence with its (date, basis), governing clauses dated before those they govern.

    ``narrative`` is the date the story is at (the sentence before's, while the paragraph goes on)."""
    clauses = sentence_clauses(sent, timexes)
    by_head = {c.head.i: c for c in clauses}
    governs: dict[int, list[Clause]] = {}
    for c in clauses:
        if c.governor is not None:
            governs.setdefault(c.governor, []).append(c)
    frame = framing_date(sent, clauses, timexes)
    dated: dict[int, Dated] = {}

    def date_of(c: Clause) -> Dated:
        if c.head.i not in dated:
            # a relative clause describes its noun, not the governing happening: one in the present
            # ("which owns 50%") is as of the article's day; a past one goes on with the story's date
            inherits = c.governor is not None and (c.head.dep_ != "relcl" or tense(c.head) in PAST)
            governing = date_of(by_head[c.governor]) if inherits else None
            if c.governor is None and frame is not None:
                governing = (frame, "own")
            dated[c.head.i] = clause_date(own=c.timex, governing=governing, governed=governed_date(c, governs),
                                          tense_=tense(c.head), reporting=is_reporting(c.head),
                                          carried=narrative, published=published,
                                          source=c.head.lower_ == "according")
        return dated[c.head.i]

    return [(c, date_of(c)) for c in clauses]


def governed_date(c: Clause, governs: dict[int, list[Clause]]) -> Timex | None:
    """The date of the nearest clause ``c`` governs that has one (relative clauses keep theirs).

    A reporting verb's words are the source's: only a participle on the source ("said in the letter,
    dated Monday", "said a message read Wednesday night") dates them."""
    if is_reporting(c.head):
        return next((k.timex for k in governs.get(c.head.i, []) if k.timex is not None
                     and k.head.dep_ in {"acl", "relcl"} and k.head.tag_ == "VBN"), None)
    level = [k for k in governs.get(c.head.i, []) if _part_of(k, c)]
    while level:
        dated_here = [k.timex for k in level if k.timex is not None]
        if dated_here:
            return dated_here[0]
        level = [g for k in level for g in governs.get(k.head.i, []) if _part_of(g, k)]
    return None


def _part_of(k: Clause, parent: Clause) -> bool:
    """A verb, or an event noun the governing verb's happening lies in ("killed in an attack on Friday");
    not a noun it merely names ("rejected a clause in the December deal")."""
    if k.head.dep_ == "relcl":
        return False
    prep = k.head.head
    return k.head.pos_ in {"VERB", "AUX"} or (
        k.head.dep_ == "pobj" and prep.lower_ in CONTAINING_PREPS and prep.head.pos_ in {"VERB", "AUX"}
        and prep.head.i in parent.tokens)
