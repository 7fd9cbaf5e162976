"""Events: one per happening a clause reports, said or plans, with when, where, who and the sentence as evidence.

Each sentence is cut into clauses (``timeline.events.clauses``): its main clause, every clause with a subject
of its own ("who was accused ...", "he said"), and every verb or event noun a date attaches to ("pleaded ...
Thursday", "the 2011 revolution"). An event's ``start``/``end`` are its clause's character span; ``sentence``
is the whole sentence, as evidence (a blank line ends a sentence). A clause with no date and no named subject
of its own whose date is its governing clause's is folded into that clause, so two happenings with two
dates are two events and the list stays short. Each event takes what lies inside its own clause:
- date: by syntax and tense (``timeline.events.dating``): the
  clause's own date; else that of a verb it governs ("brought Castro to power 41 years ago"); else its
  governing clause's; else the publication date for reporting, present and present-perfect clauses
  (``reported``); a past one carries the date of the sentence before while the paragraph goes on
  (``carried``, a week's precision);
- location: a place the clause puts the happening in ("in Paris", "at the White House", "on their Wattiya
  base"), not one it merely names ("crossing to Europe");
- actors: the clause's actors, and for a clause with no subject of its own ("expected to meet") its
  governor's subject; "he said" goes to the last person named before;
- factuality: asserted, negated or hypothetical, from the clause's parse (``timeline.events.factuality``).
One happening gives one event (``timeline.events.happenings``): a sentence's clauses of one date and one place
become one event with all their actors, and a later sentence retelling a happening (a quote running on, or a
pair the fitted merge model joins) becomes a mention of the first telling.
The article's main happening is marked ``lead`` (``timeline.events.lead``).
Boilerplate (page furniture such as "In this article" or "Share this", copyright, bylines, photo credits,
flashes, the headline repeated with its outlet) is blanked before parsing (``timeline.events.boilerplate``): it
yields no events, actors, places or dates.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import replace
from functools import lru_cache

from geo.feature_codes import AREA_CODES
from geo.records import PlaceMention
from timeline.events.actors import ActorFinder, abbreviated_titles, source_actor
from timeline.events.boilerplate import mask_boilerplate
from timeline.events.clauses import SUBJECTS, Clause, has_subject, merged
from timeline.events.dating import date_clauses
from timeline.events.factuality import factuality
from timeline.events.lead import choose_lead
from timeline.events.happenings import Telling, merge_retellings, one_per_sentence_happening
from timeline.events.type_model import predict_type, type_confidence
from timeline.events.types import classify, is_reporting
from timeline.records import Analysis, Article, Event
from timeline.timex import Timex

LOCATIVE_PREPS = {"in", "at", "on", "near", "inside", "outside", "from"}
PERSON_PRONOUNS = {"he", "she"}


def event_id(article_id: str, start: int, end: int, trigger: str) -> str:
    return hashlib.sha1(f"{article_id}:{start}:{end}:{trigger}".encode()).hexdigest()[:16]


def _root_index(doc, mention) -> int | None:
    """The token index of a mention's syntactic head (a place or an actor is in the clause its head is in)."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root.i if span is not None else None


class _Spans:
    """What lies in a sentence, found by bisection: a long article's sentences each read only their own
    places, actors and dates, and the paragraph count comes from one pass over the text (not a count per
    sentence)."""

    def __init__(self, text: str, places, mentions, timexes):
        self._breaks = [m.end() for m in re.finditer("\n\n", text)]  # blank lines, as text.count sees them
        self._places = sorted(places, key=lambda p: p.start)
        self._mentions = sorted(mentions, key=lambda m: m.start)
        self._place_starts = [p.start for p in self._places]
        self._mention_starts = [m.start for m in self._mentions]
        self._timexes = list(timexes)
        self._timex_order = sorted(range(len(self._timexes)), key=lambda k: self._timexes[k].start)
        self._timex_starts = [self._timexes[k].start for k in self._timex_order]

    def paragraph(self, offset: int) -> int:
        return bisect.bisect_right(self._breaks, offset)

    def places(self, start: int, end: int) -> list:
        return self._places[bisect.bisect_left(self._place_starts, start):bisect.bisect_left(self._place_starts, end)]

    def mentions(self, start: int, end: int) -> list:
        lo, hi = bisect.bisect_left(self._mention_starts, start), bisect.bisect_left(self._mention_starts, end)
        return self._mentions[lo:hi]

    def timexes(self, start: int, end: int) -> list:
        """The dates that begin in [start, end), in the tagger's order (the clause rules take the first of
        equals)."""
        lo, hi = bisect.bisect_left(self._timex_starts, start), bisect.bisect_left(self._timex_starts, end)
        return [self._timexes[k] for k in sorted(self._timex_order[lo:hi])]


class EventExtractor:
    def __init__(self, *, actor_finder: ActorFinder | None = None, merge: bool = True):
        self.actor_finder = actor_finder or ActorFinder()
        self.merge = merge  # one event per happening (timeline.events.happenings); False: one per clause

    def extract(self, doc, article: Article, places: list[PlaceMention], timexes: list[Timex]):
        tellings, reporting, actors = self.tellings(doc, article, places, timexes)
        events = merge_retellings(tellings) if self.merge else [t.event for t in tellings]
        lead = choose_lead(events, article.text, frozenset(reporting), article.title or "")
        # the lead may come typed by the happening the headline names (``choose_lead``): it replaces its event
        return [replace(lead, lead=True) if lead is not None and e.id == lead.id else e for e in events], actors

    def tellings(self, doc, article: Article, places: list[PlaceMention], timexes: list[Timex]):
        """Each sentence's happenings in text order (one per clause, or with ``merge`` one per happening of the
        sentence), before any retelling across sentences is merged; the ids of the events whose predicate is a
        reporting verb; the article's actors."""
        mentions, actors = self.actor_finder.find(doc, places)
        spans = _Spans(doc.text, places, mentions, timexes)  # doc.text joins the tokens each time: read once
        article_id = article.id  # a hash of the whole text: once, not once per event
        person_names = {a.name for a in actors if a.kind == "person"}
        sentences: list[list[Telling]] = []  # each sentence's events, as the merge reads them
        narrative: tuple[Timex, int] | None = None  # the story's date and paragraph, for a past clause with none
        last_person: str | None = None
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            paragraph = spans.paragraph(sent.start_char)
            if narrative is not None and narrative[1] != paragraph:
                narrative = None  # a new paragraph, a new stretch of the story: no date runs on into it
            sent_places = spans.places(sent.start_char, sent.end_char)
            sent_mentions = spans.mentions(sent.start_char, sent.end_char)
            # a sentence's clauses read only dates that begin inside it
            sent_timexes = spans.timexes(sent.start_char, sent.end_char)
            clauses = date_clauses(sent, sent_timexes, narrative[0] if narrative else None, article.published,
                                   article.text)
            clauses = self._fold(doc, clauses, sent_mentions)
            told = []
            for clause, (date, basis) in clauses:
                ev = self._event(doc, article, article_id, sent, clause, date, basis, sent_places, sent_mentions,
                                 last_person)
                told.append(Telling(ev, clause.head.lemma_.lower(), len(sentences), paragraph,
                                    type_confidence(clause.head, ev.type), is_reporting(clause.head), clause.head.idx,
                                    _said_by_pronoun(clause.head)))
            sentences.append(one_per_sentence_happening(told) if self.merge else told)
            main = next((d for c, d in clauses if c.governor is None), None)
            # the story is at the main clause's own date; a sentence with none of its own ends the run
            narrative = (main[0], paragraph) if main is not None and main[1] == "own" else None
            for m in sent_mentions:
                if m.name in person_names:
                    last_person = m.name
        tellings = [t for told in sentences for t in told]
        return tellings, {t.event.id for t in tellings if t.reporting}, actors

    @staticmethod
    def _fold(doc, clauses, mentions):
        """Fold each clause with no date and no named subject of its own, dated as its governor, into the
        governor: "killing dozens", "that it was too big" add to their governor's happening, not a new one."""
        def own_subject(c: Clause) -> bool:
            subject = {t.i for s in c.head.children if s.dep_ in SUBJECTS for t in s.subtree}
            return (any(_root_index(doc, m) in subject for m in mentions)
                    or is_reporting(c.head) and any(doc[i].lower_ in PERSON_PRONOUNS for i in subject))

        current = {c.head.i: (c, d) for c, d in clauses}
        # deepest first: a clause's own words reach its governor before the governor is itself folded
        for c, d in sorted(clauses, key=lambda cd: -len(list(cd[0].head.ancestors))):
            c, d = current[c.head.i]
            if c.governor is None or c.timex is not None:
                continue
            gov, gov_date = current[c.governor]
            if d != gov_date or own_subject(c):
                continue
            current[gov.head.i] = (merged(gov, c), gov_date)
            for k, (other, od) in list(current.items()):
                if other.governor == c.head.i:
                    current[k] = (replace(other, governor=gov.head.i), od)
            del current[c.head.i]
        return sorted(current.values(), key=lambda cd: cd[0].start)

    def _event(self, doc, article, article_id, sent, clause: Clause, date, basis, sent_places, sent_mentions,
               last_person):
        tokens = set(clause.tokens)
        subject_words = self._controller_words(doc, clause)

        def holds(x, words) -> bool:
            return _root_index(doc, x) in words

        clause_places = [p for p in sent_places if holds(p, tokens)]
        names: list[str] = []
        for m in sent_mentions:
            if (holds(m, tokens) or holds(m, subject_words)) and m.name not in names:
                names.append(m.name)
        head = clause.head
        source = source_actor(head, sent_mentions)  # who did it comes first, wherever in the sentence it is named
        names = ([source] if source else []) + [n for n in names if n != source]
        if not names and is_reporting(head) and last_person:
            subj = [c for c in head.children if c.dep_ == "nsubj"]
            if subj and subj[0].lower_ in PERSON_PRONOUNS:
                names.append(last_person)
        location = self._location(doc, head, clause_places) or self._location(doc, head, sent_places,
                                                                              sentence=True)
        return Event(id=event_id(article_id, clause.start, clause.end, f"{head.idx}"), article_id=article_id,
                     sentence=_sentence_text(article.text, sent), start=clause.start, end=clause.end,
                     type=predict_type(head), date=date, date_basis=basis, location=location,
                     places=tuple(clause_places), actors=tuple(names), factuality=factuality(head))

    @staticmethod
    def _controller_words(doc, clause: Clause) -> set[int]:
        """A clause with no subject of its own ("expected to meet", "and charged") acts through its governor's."""
        head = clause.head
        if has_subject(head) or head.dep_ not in {"xcomp", "conj", "advcl"}:
            return set()
        for anc in head.ancestors:
            subj = [c for c in anc.children if c.dep_ in SUBJECTS]
            if subj:
                return {t.i for s in subj for t in s.subtree}
            if anc.dep_ not in {"xcomp", "conj", "advcl"}:
                break
        return set()

    @staticmethod
    def _location(doc, head, candidates, sentence=False) -> PlaceMention | None:
        """The place the clause puts its happening in: the object of a locative preposition, town first."""
        best, best_rank = None, None
        for p in candidates:
            if p.entry is None:
                continue
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            # climb compounds/modifiers ("their Wattiya base") to the preposition
            k = root
            for _ in range(3):
                if k.dep_ in {"compound", "amod", "poss", "nmod"}:
                    k = k.head
            prep = k.head if k.dep_ == "pobj" else None
            locative = prep is not None and prep.lower_ in LOCATIVE_PREPS and prep.lower_ != "from"
            if not locative and sentence:
                continue
            if not locative and root.dep_ in {"poss"}:
                continue
            area = p.entry.feature_code in AREA_CODES
            rank = (0 if locative else 1, 1 if area else 0, abs(root.i - head.i))
            if best_rank is None or rank < best_rank:
                best, best_rank = p, rank
        if best is not None and best_rank[0] == 1 and best_rank[1] == 1:
            return None  # a country merely named, not where it happened
        return best


def _said_by_pronoun(head) -> bool:
    """A reporting verb whose subject is "he" or "she": the speaker named before goes on speaking."""
    return is_reporting(head) and any(c.dep_ == "nsubj" and c.lower_ in PERSON_PRONOUNS for c in head.children)


def _after_a_title(doc, i: int, titles: frozenset[str]) -> bool:
    """True when the token before ``doc[i]`` ends an abbreviated title ("Sgt." as one token, or "Sgt" ".")."""
    before = doc[i - 1]
    if before.text in titles:
        return True
    return before.text == "." and i >= 2 and not doc[i - 2].whitespace_ and doc[i - 2].text + "." in titles


def _sentence_text(text: str, sent) -> str:
    """The sentence's words in the article's own text: from its first word to its last that is not blank in the
    parsed text (boilerplate blanked after a sentence is whitespace to the parser, not part of the evidence)."""
    words = [t for t in sent if not t.is_space]
    if not words:
        return ""
    return text[words[0].idx:words[-1].idx + len(words[-1].text)].strip()


# What may end a sentence inside a line: a stop, or a closing quote or bracket (which may follow one).
_MAY_END_SENTENCE = frozenset(".!?…;:\"'”’)]»")


def _inside_a_line(before) -> bool:
    """True when the token after ``before`` continues a line and ``before`` cannot end a sentence."""
    return not before.is_space and "\n" not in before.whitespace_ and not _MAY_END_SENTENCE & set(before.text)


class Pipeline:
    """The models an analysis needs, loaded once: the full spaCy pipeline, the geoparser, the tagger."""

    def __init__(self, *, geoparser=None, nlp=None, demonyms: bool = True):
        from geo.nlp import load_nlp
        from geo.parser import GeoparseSettings, Geoparser

        self.nlp = nlp or load_nlp()
        self.geoparser = geoparser or Geoparser(settings=GeoparseSettings(demonyms=demonyms), nlp=self.nlp)
        self.extractor = EventExtractor()

    def parse(self, article: Article):
        """The spaCy parse of the article's text, boilerplate lines blanked (``analyse`` takes it, so callers
        can read its sentences); offsets are the text's. A text over ``geo.long_docs.PIECE_CHARS`` is parsed in
        pieces cut at paragraph breaks (spaCy's memory grows faster than the text), as ``geo parse`` does."""
        from geo.long_docs import parse_long

        return parse_long(self._parse_piece, mask_boilerplate(article.text, article.source, article.title or ""))

    def _parse_piece(self, text: str):
        from spacy.attrs import SENT_START

        doc = self.nlp.make_doc(text)
        # a blank line ends a sentence (a headline, a credit line, a paragraph without its full stop); the
        # parser keeps boundaries set before it runs. Set in one array: ``Token.is_sent_start = ...`` checks
        # the whole Doc each time, quadratic in a text of many short paragraphs.
        starts = doc.to_array([SENT_START]).astype("int64").reshape(-1, 1)  # 1 starts, -1 does not, 0 unset
        titles = abbreviated_titles()  # "Sgt. Derek Glenn": a title's stop ends no sentence
        for tok in doc[1:]:
            before = doc[tok.i - 1]
            if tok.is_space:
                continue
            if before.is_space and "\n\n" in before.text or "\n\n" in before.whitespace_:
                starts[tok.i, 0] = 1
            elif _inside_a_line(before) or _after_a_title(doc, tok.i, titles):
                # within a line, a sentence only starts after a stop, a quote or a bracket: the small
                # parser's own breaks elsewhere cut a clause in two ("Defence | ministers met in Rome")
                starts[tok.i, 0] = -1
        doc.from_array([SENT_START], starts.astype("uint64"))
        for _name, component in self.nlp.pipeline:
            doc = component(doc)
        return doc

    def analyse(self, article: Article, *, doc=None) -> Analysis:
        from timeline.timex import tag_doc

        doc = doc if doc is not None else self.parse(article)
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
