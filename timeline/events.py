"""Events: one per reported happening or statement, with when, where, who and the sentence as evidence.

A trigger is a clause's verb, or an event noun a date hangs on ("2011 ... revolution"). Every date of a
sentence finds its trigger by walking up the dependency tree from the date; main clauses with a subject are
triggers too. Each event then takes the places, actors and date inside its own clause:
- date: the clause's date; else the one carried from the sentence before (kept to the day when the same
  paragraph goes on, a week's precision further away); else the publication date, marked ``reported``;
- location: a place the clause puts the happening in ("in Paris", "at the White House", "on their Wattiya
  base"), not one it merely names ("crossing to Europe");
- actors: the clause's actors; "he said" goes to the last person named before.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache

from timeline.actors import ActorFinder, ActorMention, source_actor
from timeline.boilerplate import all_boilerplate, boilerplate_spans
from timeline.event_types import EVENT_NOUNS, TYPES, classify
from geo.records import AREA_CODES, PlaceMention
from timeline.model import Analysis, Article, Event
from timeline.timex import Timex

LOCATIVE_PREPS = {"in", "at", "on", "near", "inside", "outside", "from"}
SPEECH = TYPES["statement"]
DATED_TYPES = {"DATE", "TIME"}
CLAUSE_DEPS = {"conj", "advcl", "relcl", "parataxis", "ccomp", "xcomp"}


@dataclass
class _Trigger:
    token: object  # spaCy Token: the clause's head
    tokens: set[int]  # token indices of its clause
    timex: Timex | None = None
    kind_token: object = None  # the word that says what kind of event, when not the head ("meet")


def _event_id(article_id: str, start: int, end: int, trigger: str) -> str:
    return hashlib.sha1(f"{article_id}:{start}:{end}:{trigger}".encode()).hexdigest()[:16]


def _has_subject(tok) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in tok.children)


def _clause_tokens(trigger, sent_triggers) -> set[int]:
    """The trigger's subtree, minus the subtrees of other triggers nested inside it."""
    inner = {t.i for t in trigger.subtree}
    for other in sent_triggers:
        if other is not trigger and other.i in inner and other.i != trigger.i:
            inner -= {t.i for t in other.subtree}
    if trigger.dep_ == "relcl":  # "2011 NATO-backed revolution which toppled ...": the noun's words count
        inner |= {t.i for t in trigger.head.lefts for t in t.subtree} | {trigger.head.i}
    return inner


def _trigger_of(tok):
    """Walk up from a date's token to the verb or event noun it dates."""
    seen = 0
    while seen < 12:
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ != "amod" or tok.lemma_.lower() in EVENT_NOUNS:
            return tok
        if tok.head is tok:
            return tok
        tok = tok.head
        seen += 1
    return tok


def _coarsen(timex: Timex) -> Timex:
    """A carried date is less sure: one step coarser (a day becomes its week)."""
    if timex.precision in {"day", "hour"} and timex.earliest:
        day = dt.date.fromisoformat(timex.earliest)
        monday = day - dt.timedelta(days=day.weekday())
        year, week, _ = day.isocalendar()
        return replace(timex, value=f"{year}-W{week:02d}", earliest=monday.isoformat(),
                       latest=(monday + dt.timedelta(days=6)).isoformat(), precision="week")
    return timex  # a week, a month or a year is already as coarse as a carried date should be


def _publication_day(day: dt.date) -> Timex:
    """The publication date as the date of an event that has none of its own."""
    return Timex(text="", start=None, end=None, type="DATE", value=day.isoformat(), earliest=day.isoformat(),
                 latest=day.isoformat(), precision="day")


class EventExtractor:
    def __init__(self, *, actor_finder: ActorFinder | None = None):
        self.actor_finder = actor_finder or ActorFinder()

    def extract(self, doc, article: Article, places: list[PlaceMention], timexes: list[Timex]):
        mentions, actors = self.actor_finder.find(doc, places)
        events: list[Event] = []
        carried: tuple[Timex, int] | None = None  # last date, and the paragraph it was in
        last_person: str | None = None
        person_names = {a.name for a in actors if a.kind == "person"}
        furniture = boilerplate_spans(doc.text)
        for sent in doc.sents:
            if not sent.text.strip() or all_boilerplate(doc.text, furniture, sent.start_char, sent.end_char):
                continue
            paragraph = doc.text.count("\n\n", 0, sent.start_char)
            triggers = self._triggers(sent, timexes)
            sent_events, kept_triggers = [], []
            for trig in triggers:
                span_tokens = trig.tokens
                in_clause = lambda s, e: any(doc[i].idx <= s < doc[i].idx + len(doc[i].text) + 1 for i in span_tokens) if span_tokens else False
                clause_places = [p for p in places if sent.start_char <= p.start < sent.end_char and in_clause(p.start, p.end)]
                clause_actors = [m for m in mentions if sent.start_char <= m.start < sent.end_char and in_clause(m.start, m.end)]
                names = []
                for m in clause_actors:
                    if m.name not in names:
                        names.append(m.name)
                source = source_actor(trig.token, mentions)  # who did it comes first, from wherever it is named
                names = ([source] if source else []) + [n for n in names if n != source]
                lemma = (trig.kind_token or trig.token).lemma_.lower()
                if not names and lemma in SPEECH and last_person:
                    subj = [c for c in trig.token.children if c.dep_ == "nsubj"]
                    if subj and subj[0].lower_ in {"he", "she"}:
                        names.append(last_person)
                date, basis = trig.timex, "own"
                if date is None and carried is not None:
                    date, basis = (carried[0] if carried[1] == paragraph else _coarsen(carried[0])), "carried"
                if date is None and article.published:
                    date, basis = _publication_day(article.published), "reported"
                if not names and not clause_places and trig.timex is None:
                    continue  # nothing to show on a map, a timeline or an actor filter
                location = self._location(doc, trig, clause_places) or self._location(
                    doc, trig, [p for p in places if sent.start_char <= p.start < sent.end_char], sentence=True)
                kept_triggers.append(trig)
                sent_events.append(Event(
                    id=_event_id(article.id, sent.start_char, sent.end_char, f"{trig.token.idx}"),
                    article_id=article.id, sentence=sent.text.strip(), start=sent.start_char,
                    end=sent.start_char + len(sent.text.rstrip()), type=classify(trig.token),
                    date=date, date_basis=basis, location=location, places=tuple(clause_places),
                    actors=tuple(names)))
            # One sentence, several clauses: keep the informative ones (an own date or an actor), at least one.
            if len(sent_events) > 1:
                keep = [e for e, t in zip(sent_events, kept_triggers) if t.timex is not None or e.actors]
                sent_events = keep or sent_events[:1]
            for trig in triggers:
                if trig.timex is not None and trig.timex.earliest:
                    carried = (trig.timex, paragraph)
            for m in mentions:
                if sent.start_char <= m.start < sent.end_char and m.name in person_names:
                    last_person = m.name
            events.extend(sent_events)
        return events, actors

    def _triggers(self, sent, timexes) -> list[_Trigger]:
        doc = sent.doc
        by_token: dict[int, _Trigger] = {}
        order = []
        for tx in timexes:
            if not (sent.start_char <= tx.start < sent.end_char) or tx.type not in DATED_TYPES or not tx.earliest:
                continue
            span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if span is None:
                continue
            trig = _trigger_of(span.root)
            # "Kerry is expected to meet ... four days beforehand": the date's verb has no subject of its own;
            # the clause is its governor's ("expected"), the kind of event its own ("meet").
            while trig.dep_ in {"xcomp"} and not _has_subject(trig) and trig.head is not trig:
                governor = trig.head
                if governor.i in by_token:
                    break
                by_token[governor.i] = _Trigger(governor, set(), tx)
                by_token[governor.i].kind_token = trig
                order.append(governor.i)
                trig = None
                break
            if trig is None:
                continue
            if trig.i not in by_token:
                by_token[trig.i] = _Trigger(trig, set(), tx)
                order.append(trig.i)
        for tok in sent:
            if tok.pos_ in {"VERB", "AUX"} and (tok.dep_ == "ROOT" or tok.dep_ in {"conj", "advcl", "parataxis"} and _has_subject(tok)):
                if tok.i not in by_token and _has_subject(tok):
                    by_token[tok.i] = _Trigger(tok, set())
                    order.append(tok.i)
        toks = [by_token[i].token for i in order]
        for i in order:
            by_token[i].tokens = _clause_tokens(by_token[i].token, toks)
        return sorted((by_token[i] for i in order), key=lambda t: t.token.i)

    @staticmethod
    def _location(doc, trig, candidates, sentence=False) -> PlaceMention | None:
        """The place the clause puts its happening in: the object of a locative preposition, town first."""
        best, best_rank = None, None
        for p in candidates:
            if p.entry is None:
                continue
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            # climb compounds/modifiers ("their Wattiya base") to the preposition
            k = head
            for _ in range(3):
                if k.dep_ in {"compound", "amod", "poss", "nmod"}:
                    k = k.head
            prep = k.head if k.dep_ == "pobj" else None
            locative = prep is not None and prep.lower_ in LOCATIVE_PREPS and prep.lower_ != "from"
            if not locative and sentence:
                continue
            if not locative and head.dep_ in {"poss"}:
                continue
            area = p.entry.feature_code in AREA_CODES
            rank = (0 if locative else 1, 1 if area else 0, abs(head.i - trig.token.i))
            if best_rank is None or rank < best_rank:
                best, best_rank = p, rank
        if best is not None and best_rank[0] == 1 and best_rank[1] == 1:
            return None  # a country merely named, not where it happened
        return best


class Pipeline:
    """The models an analysis needs, loaded once: the full spaCy pipeline, the geoparser, the tagger."""

    def __init__(self, *, geoparser=None, nlp=None, demonyms: bool = True):
        from geo.nlp import load_nlp
        from geo.parser import GeoparseSettings, Geoparser

        self.nlp = nlp or load_nlp()
        self.geoparser = geoparser or Geoparser(settings=GeoparseSettings(demonyms=demonyms), nlp=self.nlp)
        self.extractor = EventExtractor()

    def analyse(self, article: Article) -> Analysis:
        from timeline.timex import tag_doc

        doc = self.nlp(article.text)
        places = list(self.geoparser.parse_doc(doc))
        timexes = list(tag_doc(doc, article.published))
        warnings = []
        if article.published is None:
            warnings.append("no publication date: relative dates are left unresolved")
        events, actors = self.extractor.extract(doc, article, places, timexes)
        return Analysis(article=article, events=tuple(events), actors=tuple(actors), places=tuple(places),
                        timexes=tuple(timexes), warnings=tuple(warnings))


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline()


def analyse_article(article: Article) -> Analysis:
    return default_pipeline().analyse(article)
