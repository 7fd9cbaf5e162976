"""When a clause's happening took place, from syntax and tense rather than from proximity: "when did this
happen" in one module.

``date_clauses`` dates every clause of a sentence: it gathers the dates the dependency tree gives a clause (its
own date, the nearest date among the verbs it governs or an event noun its verb lies in, its governing clause's
date, a date fronted before the sentence, the story's date from the sentence before) and ``clause_date``
chooses among them by tense. The rules, in order (``clause_date``):
1. a clause's own temporal expression (one the dependency tree attaches to its predicate) dates it; in a
   future clause ("will meet on Friday", "is expected to ... at the weekend", "will close on Christmas") a
   recurring date the tagger put before the publication date is its coming occurrence, as
   ``timeline.timex.occurrence`` (the tagger's own rule of which occurrence) gives it for that clause;
2. a past or future clause with none takes the date of the nearest verb it governs that has one ("were not
   available to comment late yesterday", "that brought Castro to power 41 years ago", "will begin
   withdrawing troops on Friday"), or of an event noun its verb lies in ("wounded in an attack on Sunday"):
   they name part of its own happening. A reporting verb takes only the date of a participle on its source
   ("said in a letter dated Monday");
3. a subordinate clause with none ("killing dozens", "and charged him") happens when its governing clause
   does, when that one has a date of its own; a future one never before the publication date; "according
   to" names a source, as of the article's day, not a part of the happening. A relative
   clause in the present ("which owns 50%") describes its noun as of the article's day: it does not inherit.
   A date fronted before the sentence's first predicate ("During the third quarter, ...") governs its main
   clause, whichever word the parser hung it on;
4. a reporting clause ("said", "according to"), a present or present-perfect one ("has pleaded") with none
   is dated by the publication date, marked ``reported``: the article reports it as of its day;
5. a past clause with none takes the date of the sentence before when the text goes on with the same
   narrative (same paragraph, a main clause with a date of its own just before): ``carried``, its precision
   lowered to a week; else the publication date (``reported``).
Without a publication date rules 4 and 5 leave the clause undated, never today's date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from timeline.events.clauses import Clause, framing_date, sentence_clauses
from timeline.events.types import is_reporting
from timeline.timex import Timex, occurrence
from timeline.timex.tense import clause_tense

PAST = {"past", "nonfinite"}  # tenses of a relative clause that goes on with the story's date
CONTAINING_PREPS = {"in", "during", "amid", "at"}  # "killed in the attack": the attack's time holds the killing

Dated = tuple[Timex | None, str]  # (date, basis): basis is own, carried or reported


def publication_date(day: dt.date) -> Timex:
    """The publication date as the date of a clause that has none of its own."""
    iso = day.isoformat()
    return Timex(text="", start=None, end=None, type="DATE", value=iso, earliest=iso, latest=iso, precision="day")


def coarsen(timex: Timex) -> Timex:
    """A carried date is less sure: one step coarser (a day becomes its week)."""
    if timex.precision in {"day", "hour"} and timex.earliest:
        day = dt.date.fromisoformat(timex.earliest[:10])
        monday = day - dt.timedelta(days=day.weekday())
        year, week, _ = day.isocalendar()
        return replace(timex, value=f"{year}-W{week:02d}", earliest=monday.isoformat(),
                       latest=(monday + dt.timedelta(days=6)).isoformat(), precision="week")
    return timex  # a week, a month or a year is already as coarse as a carried date should be


def _ends_before(timex: Timex, day: dt.date) -> bool:
    return bool(timex.latest) and timex.latest[:10] < day.isoformat()


def clause_date(*, own: Timex | None, governing: tuple[Timex | None, str] | None, governed: Timex | None,
                tense_: str, reporting: bool, carried: Timex | None, published: dt.date | None,
                source: bool = False, text: str | None = None) -> tuple[Timex | None, str]:
    """(date, basis) of one clause by the rules of this module's docstring; basis is own/carried/reported.

    ``governing`` is the (date, basis) of the clause this one depends on (None for a main clause);
    ``governed`` the date of the nearest clause this one governs that has a date of its own; ``source`` is
    true for a phrase naming where the words come from ("according to officials"): it is as of the
    article's day, never the happening's. ``text`` is the article's text, which the dates' offsets point into
    (the coming occurrence of a future clause's date is read from its words there).
    """
    future = tense_ == "future"
    if own is not None:
        return (occurrence.coming(own, published, text) if future else own), "own"
    if governed is not None and tense_ in {"past", "nonfinite", "future"}:
        return governed, "own"
    if governing is not None and governing[0] is not None and governing[1] != "reported" and not source:
        return _not_past(governing, published) if future else governing
    if governing is not None and governing[0] is not None and not source:
        return _not_past(governing, published) if future else governing
    if published is None:
        return None, "reported"
    if reporting or tense_ in {"present", "perfect", "future"} or carried is None:
        return publication_date(published), "reported"
    return coarsen(carried), "carried"


def _not_past(dated: tuple[Timex | None, str], published: dt.date | None) -> tuple[Timex | None, str]:
    """A future clause takes its governor's date only when that date is not before the publication date."""
    if published is not None and dated[0] is not None and _ends_before(dated[0], published):
        return publication_date(published), "reported"
    return dated


def date_clauses(sent, timexes, narrative: Timex | None, published: dt.date | None,
                 text: str | None = None) -> list[tuple[Clause, Dated]]:
    """Each clause of the sentence with its (date, basis), governing clauses dated before those they govern.

    ``narrative`` is the date the story is at (the sentence before's, while the paragraph goes on); ``text`` the
    article's text, which the dates' offsets point into (the caller has it: ``Doc.text`` joins every token)."""
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
            inherits = c.governor is not None and (c.head.dep_ != "relcl" or clause_tense(c.head) in PAST)
            governing = date_of(by_head[c.governor]) if inherits else None
            if c.governor is None and frame is not None:
                governing = (frame, "own")
            dated[c.head.i] = clause_date(own=c.timex, governing=governing, governed=governed_date(c, governs),
                                          tense_=clause_tense(c.head), reporting=is_reporting(c.head),
                                          carried=narrative, published=published,
                                          source=c.head.lower_ == "according", text=text)
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
