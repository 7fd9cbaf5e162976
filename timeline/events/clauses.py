"""A sentence cut into clauses, one per predicate that reports a happening, from spaCy's dependency parse.

A predicate heads a clause when it is the sentence's root, a verb with a subject of its own ("who was
accused", "he said"), an adverbial or coordinated verb ("Found clinging to a tube ...", "and charged him"),
a reporting verb ("according to"), or a verb or noun that a date attaches to ("pleaded ... Thursday", "the
2011 revolution", "Friday's raid", "the revolution that brought Castro to power 41 years ago"). Every other
word belongs to the nearest predicate above it in the tree, so each word of the sentence lies in exactly one
clause; a clause's character span runs from its first word to its last, and a clause nested in another is
the smaller span around its own words.
"""
from __future__ import annotations

from dataclasses import dataclass

from timeline.events.types import EVENT_NOUNS, is_reporting
from timeline.timex import Timex

DATED_TYPES = {"DATE", "TIME"}
# A verb of its own clause even without a subject: "Found clinging to a tube ..., Elian has been ...".
ADVERBIAL_CLAUSES = {"advcl", "conj"}
SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"}
# A date that modifies a noun directly dates the noun: "the 2011 revolution", "Friday's raid".
NOUN_DATE_DEPS = {"compound", "poss", "nummod", "amod", "npadvmod", "nmod"}
NOMINAL_SUFFIXES = ("tion", "tions", "sion", "sions", "ment", "ments", "ing", "ings", "ure", "ures", "al", "als")
_PRECISION_RANK = {"hour": 0, "day": 1, "week": 2, "month": 3, "quarter": 4, "year": 5, "decade": 6, "century": 7}
_MAX_CLIMB = 12  # a date's predicate is a few arcs up; a walk this long has left its clause


@dataclass(frozen=True)
class Clause:
    head: object  # spaCy Token: the predicate
    tokens: tuple[int, ...]  # token indices of the clause's own words, in order
    start: int  # character span of those words (edge punctuation left out)
    end: int
    timex: Timex | None  # the date the tree attaches to the predicate, if any
    governor: int | None  # token index of the governing clause's predicate; None for the sentence's main clause


def has_subject(tok) -> bool:
    return any(c.dep_ in SUBJECTS for c in tok.children)


def _is_verbal(tok) -> bool:
    return tok.pos_ == "VERB" or tok.pos_ == "AUX" and tok.dep_ not in {"aux", "auxpass"}


def _eventive(noun) -> bool:
    """A noun that names a happening: an event noun, or one formed from a verb ("bombing", "election")."""
    word = noun.lower_
    return noun.lemma_.lower() in EVENT_NOUNS or word.endswith(NOMINAL_SUFFIXES)


def date_predicate(tok):
    """The verb or event noun a date's word belongs to: walk up the tree from the date."""
    head = tok.head
    if tok.dep_ in NOUN_DATE_DEPS and head.pos_ in {"NOUN", "PROPN"} and head is not tok and _eventive(head):
        return head
    for _ in range(_MAX_CLIMB):
        verbal = _is_verbal(tok) and tok.dep_ != "amod" and not _according(tok)  # a source has no date
        if verbal or tok.pos_ == "NOUN" and tok.lemma_.lower() in EVENT_NOUNS:
            return tok
        if tok.head is tok:
            return tok
        tok = tok.head
    return tok


def _according(tok) -> bool:
    """ "according to X" reports a source, whatever part of speech the tagger gives "according"."""
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


def _own_dates(sent, timexes) -> dict[int, Timex]:
    """Predicate token index -> its date; of two dates on one predicate the finer one ("10:35 a.m. Friday")."""
    doc = sent.doc
    out: dict[int, Timex] = {}
    for tx in timexes:
        if not (sent.start_char <= tx.start < sent.end_char) or tx.type not in DATED_TYPES or not tx.earliest:
            continue
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None:
            continue
        pred = date_predicate(span.root)
        if not sent.start <= pred.i < sent.end:
            continue  # a date running over the sentence's edge hangs on the next one: not this sentence's
        old = out.get(pred.i)
        if old is None or _PRECISION_RANK.get(tx.precision, 9) < _PRECISION_RANK.get(old.precision, 9):
            out[pred.i] = tx
    return out


def _span(tokens: list) -> tuple[int, int]:
    words = [t for t in tokens if not t.is_punct and not t.is_space] or tokens
    first, last = words[0], words[-1]  # tokens come in sentence order
    return first.idx, last.idx + len(last.text)


def sentence_clauses(sent, timexes) -> list[Clause]:
    """The sentence's clauses in word order (see the module docstring)."""
    dates = _own_dates(sent, timexes)
    tokens = list(sent)
    # "the revolution that brought Castro to power 41 years ago": a dated relative clause dates its event noun
    for i, tx in list(dates.items()):
        pred = tokens[i - sent.start]
        noun = pred.head
        if pred.dep_ == "relcl" and noun.pos_ == "NOUN" and noun.lemma_.lower() in EVENT_NOUNS:
            dates.setdefault(noun.i, tx)
    heads = {sent.root.i} | set(dates)
    for tok in tokens:
        if _is_verbal(tok) and (has_subject(tok) or is_reporting(tok) or tok.dep_ in ADVERBIAL_CLAUSES) \
                or _according(tok):
            heads.add(tok.i)
    owner: dict[int, int] = {}  # token index -> the head of the clause it belongs to

    def owner_of(tok) -> int:
        path = []
        while tok.i not in owner and tok.i not in heads and tok.head is not tok:
            path.append(tok.i)
            tok = tok.head
        found = owner.get(tok.i, tok.i if tok.i in heads else sent.root.i)
        for i in path:
            owner[i] = found
        return found

    members: dict[int, list] = {h: [] for h in heads}
    for tok in tokens:
        members[owner_of(tok)].append(tok)
    out = []
    for h in sorted(heads):
        head = tokens[h - sent.start]
        # a token that heads itself outside the root (a sentence cut by a segmenter, not by the parser, or no
        # parse at all) has no governing clause: its own clause governing it would loop for ever
        governor = None if h == sent.root.i or head.head.i == h else owner_of(head.head)
        start, end = _span(members[h])
        out.append(Clause(head=head, tokens=tuple(t.i for t in members[h]), start=start, end=end,
                          timex=dates.get(h), governor=governor))
    return out


def framing_date(sent, clauses: list[Clause], timexes) -> Timex | None:
    """A date fronted before the sentence's first predicate ("During the third quarter, the company ...",
    "On Sunday, police said ...") frames the whole sentence, whichever word the parser hung it on."""
    first = min((c.head.idx for c in clauses), default=sent.end_char)
    fronted = [tx for tx in timexes if sent.start_char <= tx.start and tx.end <= first
               and tx.type in DATED_TYPES and tx.earliest]
    return fronted[-1] if fronted else None


def merged(clause: Clause, other: Clause) -> Clause:
    """``clause`` grown by the words of a clause folded into it (one with nothing of its own to show)."""
    tokens = tuple(sorted(clause.tokens + other.tokens))
    return Clause(head=clause.head, tokens=tokens, start=min(clause.start, other.start),
                  end=max(clause.end, other.end), timex=clause.timex, governor=clause.governor)
