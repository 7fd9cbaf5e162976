"""Toponym detection: which spans of a text name places.

Four passes over one spaCy Doc, each a list of ``Candidate`` spans:
1. NER places (GPE, LOC, FAC), trimmed of a leading "the" and a trailing "'s", split at commas;
2. demonyms ("Libyan", "Turks") when asked for, reported as the country they belong to;
3. places inside other entities: "Paris Police Department", "University of Pennsylvania", or a place the
   small model mislabels as a person or organisation ("Lampedusa", "Wattiya");
4. a gazetteer pass over capitalised words no entity covers ("Raqqa"), guarded against common words.
The passes never overlap: an earlier pass wins.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from geo.context import DATELINE_REACH, dateline_place
from geo.lexicon import Lexicon
from geo.names import name_key
from geo.place_kinds import Strength

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels whose text may hide a place name ("Paris Police Department", "Lampedusa" as PERSON).
HOST_LABELS = frozenset({"ORG", "PERSON", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})
# A word before a name that says the name is a place: "in Raqqa", "island of Lampedusa", "near Sirte".
PLACE_CUES = frozenset(
    "in at from to near into across outside inside around toward towards of via through throughout "
    "between within off island city town village province region district county state capital base".split()
)
PERSON_CUES = frozenset(
    "mr mrs ms dr miss president minister secretary senator rep gov governor general gen lt col colonel "
    "sir lord king queen prince princess pope judge justice sen spokesman spokeswoman chief mayor said "
    "told says".split()
)
MAX_NGRAM = 4
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday christmas easter "
    "ramadan eid hanukkah thanksgiving new year years day days week weeks month months".split()
)
# "Northbrook-based", "U.S.-led", "Saudi-backed": the word before the hyphen is a place.
HYPHEN_CUES = frozenset("based led backed born bred headquartered owned funded run brokered area wide".split())
_HYPHEN_CUE = re.compile(r"^(.+?)-(" + "|".join(sorted(HYPHEN_CUES)) + r")$")
# "Rep. Joseph Wagner, D-Chicopee," and "(R-Ocilla)": a legislator's party and home town.
PARTIES = frozenset({"D", "R", "I", "DFL"})
# Abbreviations and fragments NER sometimes hands over as places.
NOT_PLACES = frozenset("Co. Inc. Ltd. Corp. Sen. Rep. Gov. Mr. Mrs. Ms. Dr. St. Mt. Ft. Gen. Lt. Col. Sgt. n’t n't".split())
STREET_WORDS = re.compile(
    r"\b(Street|St\.|Avenue|Ave\.?|Road|Rd\.?|Highway|Hwy\.?|Route|Boulevard|Blvd\.?|Lane|Drive|Interstate|"
    r"I-\d+|Center|Centre|Hall|Building|Plaza|Square|Mall)\b"
)
# Words that end the name of an institution named after its place ("Paris Police Department").
INSTITUTION_HEADS = frozenset(
    "Police Department University College School Hospital Council County City Airport Times Post Herald "
    "Tribune Journal Gazette Club Stadium Museum Library Court Fire Sheriff Board District Authority "
    "Chamber Church Cathedral Zoo Symphony Orchestra Bank Jail Courthouse Prison Clerk Commission Office".split()
)
# Plural heads after a list of divisions: "Barrow, Jackson and Madison counties", "Nineveh and Anbar
# governorates": every name of the list is one.
DIVISION_PLURALS = frozenset(
    "counties parishes boroughs districts governorates provinces prefectures oblasts".split()
)
LIST_JOINERS = frozenset({",", "and", "or", "&"})


@dataclass(frozen=True, slots=True, kw_only=True)
class DetectConfidence:
    """How sure each pass is that its span is a place (the resolver scales it by how sure the reading is)."""

    ner: float = 0.9  # the model itself called it a place
    cue: float = 0.8  # the grammar says so: "Northbrook-based", "D-Chicopee"
    demonym: float = 0.8  # "Libyan": sure of the country, less of its being a mention of the place
    inner: float = 0.6  # a place inside another entity's name: "Paris Police Department"
    gazetteer: float = 0.5  # a capitalised run only the gazetteer knows, guarded by the checks of the pass


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span that may name a place. ``country`` is set for demonyms (the country they stand for)."""

    start: int
    end: int
    text: str
    origin: str  # ner, demonym, inner, gazetteer
    confidence: float
    country: str | None = None
    region: str | None = None
    label: str = ""  # the NER label of the entity it came from ("GPE", "ORG", ...), "" for none
    sentence_initial: bool = False  # the span opens a sentence (where any name is capitalised)


_TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _trim(span: Span) -> tuple[int, int] | None:
    """Token bounds of the span without a leading article and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].text in {"'s", "’s", "'", "’"}):
        end -= 1
    return (start, end) if start < end else None


def _char_span(doc: Doc, start: int, end: int) -> tuple[int, int, str]:
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    # The span's own text, not ``doc.text[s:e]``: spaCy rebuilds the whole text on each ``doc.text``, which
    # made detection quadratic in the article's length (a 999,000-character article took 16 minutes).
    text = doc[start:end].text
    m = _TRAILING_POSSESSIVE.search(text)
    if m and m.start() > 0:
        e -= len(m.group(0))
        text = text[: m.start()]
    return s, e, text


def _sentence_initial(doc: Doc, i: int) -> bool:
    if i == 0:
        return True
    prev = doc[i - 1]
    return prev.text in {".", "!", "?", "“", '"', "”", ":", ";", "—", "–", "-"} or "\n" in prev.text or \
        prev.is_space or prev.text.endswith(".")


def _after_place(doc: Doc, i: int) -> bool:
    """"Syria's Raqqa", "Gainesville and Lindsay": a name right after a place, joined to it, is one too."""
    return i >= 2 and doc[i - 1].lower_ in {"’s", "'s", "and", "or", ","} and doc[i - 2].ent_type_ in PLACE_LABELS


class Detector:
    """Finds candidate place spans in a parsed Doc. ``lexicon`` knows demonyms and which keys are places."""

    def __init__(self, *, lexicon: Lexicon, demonyms: bool = False, confidence: DetectConfidence | None = None):
        self.lexicon = lexicon
        self.demonyms = demonyms
        self.confidence = confidence or DetectConfidence()

    def detect(self, doc: Doc) -> list[Candidate]:
        conf = self.confidence
        taken = [False] * len(doc)  # token already claimed by a place candidate
        out: list[Candidate] = []

        def claim(start: int, end: int, origin: str, conf: float, **extra) -> None:
            if any(taken[start:end]) or (end - start == 1 and doc[start].text in NOT_PLACES):
                return
            s, e, text = _char_span(doc, start, end)
            if not text:
                return
            for k in range(start, end):
                taken[k] = True
            out.append(Candidate(s, e, text, origin, conf, label=doc[start].ent_type_,
                                 sentence_initial=_sentence_initial(doc, start), **extra))

        ents = list(doc.ents)
        keys_needed = set()
        for tokens in self._title_runs(doc):
            for n in range(1, MAX_NGRAM + 1):
                for i in range(len(tokens) - n + 1):
                    keys_needed.add(name_key(doc[tokens[i] : tokens[i + n - 1] + 1].text))
        for ent in ents:
            bounds = _trim(ent)
            if bounds:
                keys_needed.add(name_key(doc[bounds[0] : bounds[1]].text))
        for tok in doc:
            m = _HYPHEN_CUE.match(tok.text)
            if m:
                keys_needed.add(name_key(m.group(1)))
        known = self.lexicon.known(keys_needed)
        # Words NER put inside a person's name somewhere in this article: "Saakashvili" tagged GPE once and
        # PERSON elsewhere is a person.
        # One name, one reading within an article, by majority: "Gainesville" tagged GPE eight times and
        # PERSON three times is a place; "Saakashvili" tagged PERSON more often than GPE is a person.
        votes: Counter = Counter()
        for ent in ents:
            if ent.label_ == "PERSON" and len(ent) > 1:  # a lone "Gainesville" PERSON is weak evidence
                for t in ent:
                    if t.text[:1].isupper():
                        votes[t.text] -= 1
            elif ent.label_ in {"GPE", "LOC"} and len(ent) == 1:
                votes[ent.text] += 1
        person_words = {w for w, v in votes.items() if v < 0}
        place_words = {name_key(w) for w, v in votes.items() if v > 0}

        # 1. NER places, split at commas ("Ankara, Turkey").
        for ent in ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            bounds = _trim(ent)
            if not bounds:
                continue
            for start, end in self._split_hyphens(doc, self._split_commas(doc, *bounds), known):
                if self._is_person_like(doc, start, end, known):
                    continue
                text = doc[start:end].text
                if name_key(text) not in known and (hit := self.lexicon.demonym(text)) is not None:
                    # NER calls "Sri Lankan" a GPE at times: a demonym all the same, kept only when asked for
                    if self.demonyms:
                        claim(start, end, "demonym", conf.demonym, country=hit[0], region=hit[1])
                    continue
                strength = self.lexicon.strength(text) if name_key(text) in known else Strength.NONE
                if end - start == 1 and text in person_words and strength < Strength.CERTAIN:
                    continue
                if strength == Strength.NONE and (ent.label_ == "FAC" or STREET_WORDS.search(text)):
                    # streets and buildings no gazetteer knows are not places to map; the place an
                    # institution's building is named after is ("Henry County Sheriff's Department")
                    if ent.label_ == "FAC" and not STREET_WORDS.search(text) and self._institution(doc, start, end):
                        for s, e in self._inner_places(doc, start, end, known):
                            claim(s, e, "inner", conf.inner)
                    continue
                claim(start, end, "ner", conf.ner)

        # 1b. Places named by their grammar: "Northbrook-based", "U.S.-led", "D-Chicopee".
        for start, end in self._hyphen_places(doc, known):
            claim(start, end, "cue", conf.cue)
        for tok in doc:
            m = _HYPHEN_CUE.match(tok.text)
            if m and not taken[tok.i] and name_key(m.group(1)) in known and m.group(1)[:1].isupper() \
                    and not self._acronym(m.group(1), before_cue=True):
                # one token ("U.S.-led"): the place is its first part
                taken[tok.i] = True
                out.append(Candidate(tok.idx, tok.idx + len(m.group(1)), m.group(1), "cue", conf.cue,
                                     label=tok.ent_type_, sentence_initial=_sentence_initial(doc, tok.i)))

        # 1c. The place of the dateline, in capitals NER seldom reads ("CORSICANA —", "BANTAM, Conn. —"),
        # and the names of a list of divisions ("Barrow, Jackson and Madison counties").
        for start, end in self._dateline_place(doc, known) + self._listed_divisions(doc, known):
            claim(start, end, "cue", conf.cue)

        # 2. Demonyms, from NER's NORP label or any capitalised word in the demonym table.
        if self.demonyms:
            for tok in doc:
                if taken[tok.i] or not tok.text[:1].isupper():
                    continue
                # two words first: "Sri Lankan", "South Ossetian", "North Korean"
                for n in (2, 1):
                    if tok.i + n > len(doc) or any(taken[tok.i:tok.i + n]):
                        continue
                    hit = self.lexicon.demonym(doc[tok.i:tok.i + n].text)
                    if hit is not None:
                        # "the Libyan Air Force": still the country, as the evaluation corpora annotate it.
                        claim(tok.i, tok.i + n, "demonym", conf.demonym, country=hit[0], region=hit[1])
                        break

        # 3. Places hidden in other entities.
        for ent in ents:
            if ent.label_ not in HOST_LABELS:
                continue
            bounds = _trim(ent)
            if not bounds:
                continue
            start, end = bounds
            whole = name_key(doc[start:end].text)
            if whole in known and (whole in place_words and self.lexicon.strength(doc[start:end].text) >= Strength.WEAK
                                   or self._mislabelled_place(doc, start, end, ent.label_)):
                claim(start, end, "inner", conf.inner)
                continue
            if ent.label_ == "PERSON":
                continue
            for s, e in self._inner_places(doc, start, end, known):
                claim(s, e, "inner", conf.inner)

        # 4. Gazetteer pass over capitalised runs no entity covers.
        in_entity = [False] * len(doc)
        for ent in ents:
            for k in range(ent.start, ent.end):
                # NER sometimes hands a place to DATE ("in Manbij"); calendar words stay out of reach
                in_entity[k] = ent.label_ not in {"DATE", "TIME"} or doc[k].lower_ in CALENDAR_WORDS
        for tokens in self._title_runs(doc):
            i = 0
            while i < len(tokens):
                matched = False
                for n in range(min(MAX_NGRAM, len(tokens) - i), 0, -1):
                    s, e = tokens[i], tokens[i + n - 1] + 1
                    if any(in_entity[s:e]) or any(taken[s:e]) or (e - s == 1 and doc[s].text in person_words):
                        continue
                    key = name_key(doc[s:e].text)
                    if key in known and self._gazetteer_hit(doc, s, e, key):
                        claim(s, e, "gazetteer", conf.gazetteer)
                        i += n
                        matched = True
                        break
                if not matched:
                    i += 1

        out.sort(key=lambda c: c.start)
        return out

    # -- helpers -------------------------------------------------------------------------------------------
    @staticmethod
    def _title_runs(doc: Doc) -> list[list[int]]:
        """Runs of adjacent capitalised tokens (allowing inner "of", "al-", "de"), as token indices."""
        runs, cur = [], []
        for tok in doc:
            if not cur and tok.lower_ == "the":
                continue  # "The Guernsey County Sheriff's Office": the article opens the sentence, not the name
            if tok.text[:1].isupper() and any(ch.isalpha() for ch in tok.text):
                cur.append(tok.i)
            elif cur and tok.text in {"-", "of", "de", "del", "al", "el", "upon", "on"} and tok.i + 1 < len(doc) \
                    and doc[tok.i + 1].text[:1].isupper():
                cur.append(tok.i)
            else:
                if cur:
                    runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        # Contiguous index lists only: an n-gram must be a contiguous span of the doc.
        return runs

    def _hyphen_places(self, doc: Doc, known: set[str]) -> list[tuple[int, int]]:
        """Token spans a hyphen cue marks as places: "X - based" and "D - X ," (X up to three tokens)."""
        found = []
        for i, tok in enumerate(doc):
            if tok.text != "-" or i == 0 or i + 1 >= len(doc):
                continue
            if doc[i + 1].lower_ in HYPHEN_CUES:
                for n in (3, 2, 1):
                    s = i - n
                    if s >= 0 and all(t.text[:1].isupper() for t in doc[s:i]) and \
                            name_key(doc[s:i].text) in known and not self._common(doc, s, i) and \
                            not self._acronym(doc[s:i].text, before_cue=True):
                        found.append((s, i))
                        break
            elif doc[i - 1].text in PARTIES and (i < 2 or doc[i - 2].text in {",", "("}):
                for n in (3, 2, 1):
                    e = i + 1 + n
                    if e < len(doc) and doc[e].text in {",", ")"} and \
                            all(t.text[:1].isupper() for t in doc[i + 1:e]) and name_key(doc[i + 1:e].text) in known:
                        found.append((i + 1, e))
                        break
        return found

    def _dateline_place(self, doc: Doc, known: set[str]) -> list[tuple[int, int]]:
        end_token = next((t.i for t in doc if t.idx >= DATELINE_REACH), len(doc))
        where = dateline_place(doc[:end_token].text) if end_token else None
        if where is None:
            return []
        span = doc.char_span(*where, alignment_mode="expand")
        if span is None or name_key(span.text) not in known or self.lexicon.strength(span.text) < Strength.WEAK:
            return []
        return [(span.start, span.end)]

    def _listed_divisions(self, doc: Doc, known: set[str]) -> list[tuple[int, int]]:
        """Each capitalised name of the list before a plural division word, back to the first other word."""
        found = []
        for tok in doc:
            if tok.lower_ not in DIVISION_PLURALS or tok.i == 0 or not doc[tok.i - 1].text[:1].isupper():
                continue
            i = tok.i
            while i > 0:
                end = i
                while i > 0 and doc[i - 1].text[:1].isupper() and end - (i - 1) <= 3:
                    i -= 1
                if i == end:
                    break
                if name_key(doc[i:end].text) in known and not self._common(doc, i, end):
                    found.append((i, end))
                if i > 0 and doc[i - 1].lower_ in LIST_JOINERS:
                    i -= 1
                    if i > 0 and doc[i - 1].lower_ in LIST_JOINERS:  # ", and"
                        i -= 1
                else:
                    break
        return found

    @staticmethod
    def _split_hyphens(doc: Doc, parts: list[tuple[int, int]], known: set[str]) -> list[tuple[int, int]]:
        """"Logan-Rogersville", "Nelson-Creston": two places a hyphen joins, when the whole is no place."""
        out = []
        for start, end in parts:
            cuts = [k for k in range(start + 1, end - 1) if doc[k].text == "-"]
            if not cuts or name_key(doc[start:end].text) in known:
                out.append((start, end))
                continue
            bounds = [start, *[c for c in cuts], end]
            pieces = [(bounds[0], bounds[1])] + [(c + 1, nxt) for c, nxt in zip(bounds[1:-1], bounds[2:])]
            if all(name_key(doc[a:b].text) in known for a, b in pieces):
                out.extend(pieces)
            else:
                out.append((start, end))
        return out

    @staticmethod
    def _split_commas(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        parts, s = [], start
        for k in range(start, end):
            if doc[k].text == ",":
                if s < k:
                    parts.append((s, k))
                s = k + 1
        if s < end:
            parts.append((s, end))
        return parts

    def _is_person_like(self, doc: Doc, start: int, end: int, known: set[str]) -> bool:
        """NER sometimes calls a person's surname a GPE; a title right before it says otherwise."""
        if start > 0 and doc[start - 1].lower_.rstrip(".") in PERSON_CUES - {"said", "told", "says"} \
                and name_key(doc[start:end].text) not in known:
            return True
        return self._named_as_person(doc, start, end)

    def _named_as_person(self, doc: Doc, start: int, end: int) -> bool:
        """The text says the name is a person's: a title before it ("Mr. Jackson", "Sgt. Lincoln"), a first
        name right before it ("Andrew Jackson", where NER tagged only the surname), or, for one word, a verb
        of speech right after it when it opens its clause ("Jackson said", not "police in Jackson said").
        Countries, states and capitals are exempt: news lets "Texas" and "Moscow" speak for their governments."""
        lex = self.lexicon
        prev = doc[start - 1] if start > 0 else None
        titled = prev is not None and lex.is_title(prev.text)
        first_name = prev is not None and prev.whitespace_ == " " and prev.text[:1].isupper() and \
            lex.is_first_name(prev.text)
        # the speaker opens its clause ("Jackson said", "..." Jackson said"): after a word ("police in
        # Jackson said", "Tyler and Lincoln said") the name may be where the speakers are
        speaks = end - start == 1 and end < len(doc) and lex.is_speech_verb(doc[end].text) and \
            (prev is None or prev.is_punct or prev.is_space)
        if not (titled or first_name or speaks):
            return False
        return not lex.speaks_for_a_government(doc[start:end].text)

    def _mislabelled_place(self, doc: Doc, start: int, end: int, label: str) -> bool:
        """A PERSON/ORG span that is really a place: a place cue before it and a strong gazetteer entry."""
        text = doc[start:end].text
        prev = doc[start - 1].lower_ if start > 0 else ""
        nxt = doc[end].lower_ if end < len(doc) else ""
        if prev.rstrip(".") in PERSON_CUES or self.lexicon.is_first_name(doc[start].text) and end - start > 1 or \
                self._named_as_person(doc, start, end):
            return False
        strength = self.lexicon.strength(text)
        cue = prev in PLACE_CUES or nxt in {"base", "airbase", "air", "island", "province", "region"} or \
            _after_place(doc, start)
        if end - start == 1 and strength < Strength.CERTAIN and self.lexicon.is_dictionary_word(text):
            return cue and strength >= Strength.MODERATE  # "Nice work" is no town in France, "in Nice" is
        if label == "ORG" and self.lexicon.is_building(text):
            # "the White House said" is the administration; "at the White House" is the place
            return cue
        if strength >= Strength.STRONG:  # a country, a state, a big city, a curated place
            # a whole "person" that is a country's or state's name ("Tamil Nadu said") is the place speaking
            return label != "PERSON" or end - start == 1 or strength == Strength.CERTAIN
        return cue and strength >= Strength.WEAK

    def _inner_places(self, doc: Doc, start: int, end: int, known: set[str]) -> list[tuple[int, int]]:
        """Place names inside an organisation's name: the longest known n-gram of capitalised tokens."""
        found = []
        i = start
        while i < end:
            hit = None
            for n in range(min(MAX_NGRAM, end - i), 0, -1):
                s, e = i, i + n
                if not doc[s].text[:1].isupper() or (s, e) == (start, end):
                    continue
                key = name_key(doc[s:e].text)
                strength = self.lexicon.strength(doc[s:e].text) if key in known else Strength.NONE
                if strength < Strength.MODERATE or self._common(doc, s, e):
                    continue
                if strength == Strength.MODERATE and not self._institution(doc, start, end):
                    continue  # "Trent Polk": a small town's name inside a name is usually not the town
                if e - s == 1 and self.lexicon.is_dictionary_word(doc[s].text) and strength < Strength.CERTAIN \
                        and not (strength == Strength.STRONG and s == start and self._institution(doc, start, end)):
                    continue  # "Air" in "Libyan Air Force"; but "Paris Police Department" keeps Paris
                hit = (s, e)
                break
            if hit:
                found.append(hit)
                i = hit[1]
            else:
                i += 1
        return found

    def _acronym(self, text: str, *, before_cue: bool = False) -> bool:
        """"UN", "IS", "AFP" are organisations; "US", "UK", "U.S." are the alias codes of countries.

        Capitals of any length are an abbreviation ``before_cue`` ("NATO-backed", "ISIS-held"): a place
        written in capitals (a dateline, a headline) never stands before "-led" or "-based".
        """
        return text.isupper() and (before_cue or len(text.replace(".", "")) <= 3) and \
            not self.lexicon.is_alias_code(text)

    @staticmethod
    def _institution(doc: Doc, start: int, end: int) -> bool:
        return any(t.text in INSTITUTION_HEADS for t in doc[start:end])

    def _common(self, doc: Doc, s: int, e: int) -> bool:
        text = doc[s:e].text
        if text.isupper() and self.lexicon.is_alias_code(text):
            return False  # "US", "EU": codes of places, not the words "us" and "eu"
        return e - s == 1 and (text.lower() in STOP_WORDS or self.lexicon.is_common_word(text))

    def _gazetteer_hit(self, doc: Doc, s: int, e: int, key: str) -> bool:
        """A capitalised run NER ignored: keep it only when it is very likely a place."""
        prev = doc[s - 1].lower_ if s > 0 else ""
        cue = prev in PLACE_CUES or _after_place(doc, s)
        strength = self.lexicon.strength(doc[s:e].text)
        if self._common(doc, s, e) or (
                e - s == 1 and strength < Strength.CERTAIN and self.lexicon.is_dictionary_word(doc[s].text)):
            return cue and strength >= Strength.MODERATE and not _sentence_initial(doc, s)
        if e - s == 1 and self._acronym(doc[s].text):
            return False  # "IS", "UN", "AFP": acronyms, not places
        if self._named_as_person(doc, s, e):
            return False
        if self.lexicon.is_first_name(doc[s].text) and e < len(doc) and doc[e].text[:1].isupper():
            return False
        if _sentence_initial(doc, s) and strength < Strength.STRONG:
            return False
        return strength >= Strength.STRONG or (cue and strength >= Strength.MODERATE)
