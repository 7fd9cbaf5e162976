"""Actors: who acts in an article, each under one canonical name.

Mentions come from spaCy's entities (people, organisations, groups), from a table of well-known aliases
("ISIL", "ISIS", "the Pentagon"), from acronyms the article spells out ("the House of Representatives" ...
"the HoR"), from countries or their peoples acting as subjects ("America was forced", "the Americans"), and
from the subject of a clause when it names a group by its people or country ("Serb forces", "Sudan's
government", "Palestinians"): the source actor of what the clause reports, in the article's own words.
People are merged on their surname ("Barack Obama", "Obama", "LE Drian"), and "the President" goes to the
person the article titles President.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.feature_codes import COUNTRY
from geo.records import PlaceMention
from timeline.events.covered import Covered, any_span_within, any_start_in
from timeline.events.types import PLOVER_TYPES, REPORTING_VERBS, classify
from timeline.records import Actor

DATA = Path(__file__).parent.parent / "data"  # timeline/data/, beside the other curated tables
GOVERNMENT_WORDS = re.compile(
    r"\b(Government|Ministry|Department|Parliament|Congress|Council|House|Senate|Assembly|Cabinet|Presidency|"
    r"Administration|Air Force|Army|Navy|Police|Military|Forces|Commission|Agency|Office|Court)\b"
)
GROUP_WORDS = re.compile(r"\b(Brigade|Brigades|Militia|Front|Movement|Battalion|Army of|Rebels|Group|Jihad)\b")
PRONOUN_SUBJECTS = {"he", "she"}
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Modifiers that belong to a subject's name ("Israeli", "Sudan's", "Ivory Coast", "U.S. border").
NAME_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "case", "cc", "conj", "punct"})
PEOPLE_ENTITIES = frozenset({"NORP", "GPE", "ORG", "LOC", "FAC"})
# Plurals that name people by what they do ("bombers", "activists", "agents", "civilians"), beyond the nouns
# of data/actor_nouns.csv; "oil exports" or "fields" are no one.
AGENT_PLURAL = re.compile(r"(?:ers|ors|ists|ants|ents|ians|ees|ites)$")
COLLECTIVE_NOUNS = frozenset("group groups thousands hundreds dozens scores members member some many most one "
                             "two several delegation team".split())


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    name: str  # canonical


# Head nouns that only say what kind of body a name is: "the Taliban movement" is the Taliban.
GENERIC_BODY_NOUNS = frozenset("group movement organisation organization network faction".split())


def _read_aliases() -> dict[str, tuple[str, str]]:
    with (DATA / "actor_aliases.csv").open(encoding="utf-8", newline="") as fh:
        return {r["alias"]: (r["canonical"], r["kind"]) for r in csv.DictReader(fh)}


def _read_actor_nouns() -> dict[str, str]:
    with (DATA / "actor_nouns.csv").open(encoding="utf-8", newline="") as fh:
        return {r["noun"]: r["kind"] for r in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def _read_titles() -> frozenset[str]:
    lines = (DATA / "actor_titles.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def abbreviated_titles() -> frozenset[str]:
    """The titles written with a stop ("Sgt.", "Gen.", "Dr."): the stop ends the word, not the sentence."""
    return frozenset(t for t in _read_titles() if t.endswith("."))


def _read_given_names() -> frozenset[str]:
    lines = (DATA / "given_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().casefold() for w in lines if w.strip() and not w.startswith("#"))


# A headline in title case capitalises every word, so the tagger reads a fragment of it as a name ("Abbas
# Condemns Dvani Attack"); a name holds no inflected verb: a word ending so whose stem is a verb of the event
# or reporting vocabulary, on a title-case line, marks a fragment.
_VERB_ENDINGS = (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""))
TITLE_CASE_SHARE = 0.7  # of a line's words capitalised: a headline, not a sentence with a few names in it


def _stem_verb(word: str, verbs: frozenset[str]) -> bool:
    low = word.casefold()
    return any(low.endswith(end) and low[:len(low) - len(end)] + add in verbs for end, add in _VERB_ENDINGS)


def _title_case_line(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    words = [w for w in text[start:end if end >= 0 else len(text)].split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def _alias_inside_a_name(text: str, start: int, end: int) -> bool:
    """True when an alias's words are part of a longer proper name: "Congress" in "General National Congress"
    or "Congress Party" is another body than the US Congress (a name's last word does not stand for it)."""
    before = re.search(r"([A-Z][\w.'’-]*)[ \t]+$", text[max(0, start - 40):start])
    after = re.match(r"[ \t]+([A-Z][\w'’-]*)", text[end:end + 40])
    return bool(before and before.group(1) not in {"The", "A", "An"} or after and after.group(1) not in {"I"})


def _clean(text: str) -> str:
    text = re.sub(r"(?:'s|’s|'|’)$", "", text.strip())
    return re.sub(r"^(?:the|The)\s+", "", text).strip(" ,.;:")


def source_actor(trigger, mentions: list[ActorMention]) -> str | None:
    """The actor who does what the trigger's clause reports: the passive agent, else the subject.

    A clause without a subject of its own ("..., killing one person", "threatened today to strike") takes its
    governor's; reported speech typed by what it reports ("Libya has offered ..., a newspaper said") takes the
    reported clause's subject, not the speaker; a relative pronoun stands for the noun it hangs on.
    """
    tok = trigger
    if trigger.lemma_.lower() in REPORTING_VERBS:
        reported = next((c for c in trigger.children if c.dep_ == "ccomp"), None)
        if reported is not None and classify(reported) in PLOVER_TYPES:
            tok = reported
    for _ in range(8):
        agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        subj = agent or next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            if subj.tag_ in {"WDT", "WP"} and tok.dep_ == "relcl":
                subj = tok.head
            lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
            inner = [m for m in mentions if lo <= m.start < hi]
            # the mention that holds the subject's head word: "Karen rebels", not the "Karen" inside it
            return next((m.name for m in inner if m.start <= subj.idx < m.end), inner[0].name if inner else None)
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _subject_heads(doc):
    """Heads of clause subjects, their conjuncts, passive agents ("killed by Serb forces") and nouns a relative
    clause makes its subject ("rebels who attacked"); a collective head gives way to its members ("a group of
    Moroccan diplomats", "thousands of Nigerians")."""
    for tok in doc:
        if tok.dep_ in SUBJECT_DEPS or (tok.dep_ == "conj" and tok.head.dep_ in SUBJECT_DEPS) or (
                tok.dep_ == "pobj" and tok.head.dep_ == "agent") or _relative_subject(tok):
            while tok.lower_ in COLLECTIVE_NOUNS:
                members = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                                for g in c.children if g.dep_ == "pobj"), None)
                if members is None:
                    break
                tok = members
            if tok.pos_ in {"NOUN", "PROPN"}:
                yield tok


def _relative_subject(tok) -> bool:
    """True for the noun a relative clause makes its subject ("the rebels who attacked the convoy")."""
    return any(c.dep_ == "relcl" and any(g.dep_ in SUBJECT_DEPS and g.tag_ in {"WDT", "WP"} for g in c.children)
               for c in tok.children)


def _named_place_after(tok):
    """The last word of an "of"/"in"/"from" phrase naming a place or people after a group noun ("parties in
    Nepal", "Palestinians of the West Bank"), or None."""
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ in {"of", "in", "from"}:
            obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.ent_type_ in PEOPLE_ENTITIES:
                return max(obj.subtree, key=lambda t: t.i)
    return None


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


class ActorFinder:
    def __init__(self):
        self.aliases = _read_aliases()
        self.titles = _read_titles()
        self.actor_nouns = _read_actor_nouns()
        self.given_names = _read_given_names()
        from timeline.events.type_lexicon import lexicon  # the event verbs, read once per finder

        self.verbs = frozenset(lexicon().verbs) | REPORTING_VERBS
        self._alias_re = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(a) for a in sorted(self.aliases, key=len, reverse=True)) + r")(?![\w-])"
        )

    def find(self, doc, places: list[PlaceMention]) -> tuple[list[ActorMention], list[Actor]]:
        text = doc.text
        found: list[tuple[int, int, str, str, str | None, str]] = []  # start, end, canonical, kind, title, surface

        # Known aliases anywhere in the text ("IS" is missed by the small model).
        for m in self._alias_re.finditer(text):
            if _alias_inside_a_name(text, m.start(), m.end()):
                continue
            canonical, kind = self.aliases[m.group(1)]
            found.append((m.start(), m.end(), canonical, kind, None, m.group(1)))

        people: dict[str, dict] = {}  # surname (casefolded) -> {"name", "title", "aliases"}
        org_names = _names_by_initials(e for e in doc.ents if e.label_ == "ORG")
        # an entity inside an alias or an earlier entity's find is taken; the entities come in text order
        in_alias, in_entity = Covered((st, en) for st, en, *_ in found), Covered()
        for ent in doc.ents:
            surface = _clean(ent.text)
            if not surface or in_alias.covers(ent.start_char) or in_entity.covers(ent.start_char):
                continue
            kept = len(found)
            if self._no_name(text, ent.start_char, surface):
                continue
            if ent.label_ == "PERSON" and len(surface) > 1:
                key = surface.split()[-1].casefold()
                title = self._title_before(doc, ent.start)
                rec = people.setdefault(key, {"name": surface, "title": None, "aliases": set()})
                if len(surface.split()) > len(rec["name"].split()) or (
                        len(surface.split()) == len(rec["name"].split()) and rec["name"].isupper()):
                    rec["name"] = surface
                rec["title"] = rec["title"] or title
                rec["aliases"].add(surface)
                start = ent.start_char + (len(ent.text) - len(ent.text.lstrip()))
                found.append((start, start + len(surface), key, "person", title, surface))
            elif ent.label_ == "ORG":
                end = ent.end_char
                if surface.count("(") > surface.count(")") and text[end:end + 1] == ")":
                    # a name's bracket closes inside it: NER stops before it ("Homeland Union (Conservatives")
                    surface, end = surface + ")", end + 1
                canonical = self._expand_acronym(surface, org_names) or surface
                if canonical in self.aliases:
                    canonical, kind = self.aliases[canonical]
                else:
                    kind = "group" if GROUP_WORDS.search(canonical) else \
                        "government" if GOVERNMENT_WORDS.search(canonical) else "organization"
                if surface.split()[-1].casefold() in people and len(surface.split()) == 1:
                    found.append((ent.start_char, ent.end_char, surface.casefold(), "person", None, surface))
                else:
                    found.append((ent.start_char, end, canonical, kind, None, surface))
            for st, en, *_ in found[kept:]:
                in_entity.add(st, en)

        # A first name alone is the person the article names in full ("Kate" after "Kate Smith"); a common
        # first name with no full name names nobody in particular.
        firsts = {rec["name"].split()[0].casefold(): k for k, rec in people.items() if len(rec["name"].split()) > 1}
        for key in [k for k, rec in people.items() if len(rec["name"].split()) == 1]:
            if key in firsts or key in self.given_names:
                del people[key]
                found = [f for f in found if not (f[3] == "person" and f[2] == key)] if key not in firsts else [
                    (st, en, firsts[key] if kd == "person" and c == key else c, kd, t, sf)
                    for st, en, c, kd, t, sf in found]
        # A person's surname on its own, wherever it stands, in any case ("LE Drian told French TV").
        surnames = {k for k, rec in people.items() if len(rec["name"].split()) > 1}
        taken = Covered({(st, en) for st, en, *_ in found})
        for tok in doc:
            key = tok.text.casefold()
            if key in surnames and tok.text[:1].isupper() and not taken.covers(tok.idx):
                start = tok.idx
                if tok.i > 0 and doc[tok.i - 1].text.casefold() in {"le", "la", "de", "al", "el", "van", "von", "da"}:
                    start = doc[tok.i - 1].idx
                found.append((start, tok.idx + len(tok.text), key, "person", None, text[start:tok.idx + len(tok.text)]))

        # Places are not actors: "Lampedusa" tagged PERSON, "Wattiya" tagged ORG were placed on the map.
        placed = Covered((p.start, p.end) for p in places if p.entry is not None and p.entry.feature_code != COUNTRY)
        found = [f for f in found if f[3] == "country" or not placed.covers(f[0])]
        # A lone title word is no actor ("Secretary of State" gives NER the ORG "State").
        found = [f for f in found if not (f[3] != "person" and f[5] in self.titles)]

        # Countries and peoples acting as subjects: "America was forced", "the Americans ... exploring".
        for p in places:
            if p.entry is None or p.entry.feature_code != COUNTRY:
                continue
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            if root.dep_ in {"nsubj", "nsubjpass"} or (root.text.endswith("s") and root.dep_ in {"nsubj", "nsubjpass", "conj"}):
                found.append((p.start, p.end, p.entry.name, "country", None, p.text))

        found.extend(self._subject_groups(doc, found, places))

        # Surnames seen only as ORG/PERSON fragments become the person's canonical name.
        mentions, actors = [], {}
        for start, end, canonical, kind, title, surface in sorted(found):
            if kind == "person":
                rec = people.get(canonical)
                if rec is None:
                    continue
                canonical, title = rec["name"], rec["title"]
            prev = actors.get(canonical)
            aliases = set(prev.aliases) if prev else set()
            if surface != canonical:
                aliases.add(surface)
            actors[canonical] = Actor(name=canonical, kind=prev.kind if prev else kind,
                                      aliases=tuple(sorted(aliases)), title=(prev.title if prev else None) or title)
            if not any(m.start == start and m.name == canonical for m in mentions[-3:]):
                mentions.append(ActorMention(start, end, canonical))

        # "the President" refers to the person titled President.
        presidents = [a for a in actors.values() if a.kind == "person" and a.title and "President" in a.title]
        if presidents:
            head = presidents[0]
            for m in re.finditer(r"\bthe [Pp]resident\b(?! of)", text):
                mentions.append(ActorMention(m.start() + 4, m.end(), head.name))
            actors[head.name] = Actor(name=head.name, kind="person",
                                      aliases=tuple(sorted(set(head.aliases) | {"the President"})), title=head.title)
        mentions.sort(key=lambda m: m.start)
        return mentions, list(actors.values())

    def _subject_groups(self, doc, found, places) -> list[tuple[int, int, str, str, str | None, str]]:
        """Clause subjects that name a group by its people or country: "Serb forces", "the Palestinians".

        The head must be a noun of data/actor_nouns.csv or an agent plural, named by a proper-name modifier or place
        ("Israeli police", "opposition parties in Nepal", not "the police"), or a people's name on its own
        ("Palestinians"). A subject that holds a person already found stays that person's ("Serbian President
        Vojislav Kostunica"). A place or demonym the geoparser found names a group too ("Somali troops").
        """
        people = sorted(st for st, _en, _c, kind, *_ in found if kind == "person")
        named = sorted((st, en) for st, en, _c, kind, *_ in found if kind not in ("person", "country"))
        named_cover = Covered(named)
        placed = {p.start for p in places if p.entry is not None}
        countries = [p for p in places if p.entry is not None and p.entry.feature_code == COUNTRY]
        named_countries = set()  # the countries the article names as such ("the United States", "US"), not by people
        for p in countries:
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is not None and span.root.ent_type_ != "NORP":
                named_countries.add(p.entry.name)
        out = []
        for tok in _subject_heads(doc):
            noun = tok.lower_
            named_people = tok.ent_type_ == "NORP" and (tok.pos_ == "PROPN" or noun.endswith("s"))
            if noun not in self.actor_nouns and not (tok.tag_ == "NNS" and AGENT_PLURAL.search(noun)) \
                    and not named_people:
                continue
            mods = [c for c in tok.lefts if c.dep_ in NAME_MODIFIER_DEPS]
            first = min((m.left_edge for m in mods), key=lambda t: t.i, default=tok)
            last = _named_place_after(tok) or tok
            words = doc[first.i:last.i + 1]
            if not named_people and not any(w.ent_type_ in PEOPLE_ENTITIES or w.pos_ == "PROPN" or w.idx in placed
                                            for w in words if w.i != tok.i):
                continue  # "the police", "senior officials": no one in particular
            start = words.start_char
            if any_start_in(people, start, words.end_char):
                continue
            name = _clean(words.text)
            country = next((p.entry.name for p in countries if p.start <= words.start_char < p.end
                            and p.entry.name in named_countries), None) if named_people else None
            if name and country:  # a people acting is its country when the article names it ("the Americans")
                out.append((start, words.end_char, country, "country", None, name))
                continue
            if name:
                begin = start + words.text.find(name)
                if named_cover.holds(begin, begin + len(name)) or (
                        noun in GENERIC_BODY_NOUNS and any_span_within(named, begin, tok.idx)):
                    continue  # an actor already, by its own name ("the Islamic State group", "the Taliban movement")
                out.append((begin, begin + len(name), name, self.actor_nouns.get(noun, "group"), None, name))
        return out

    def _no_name(self, text: str, start: int, surface: str) -> bool:
        """An entity that names no one: ranks and titles alone ("Sgt", "Gen."), or a fragment of a title-case
        headline holding an inflected verb ("Abbas Condemns Dvani Attack")."""
        words = surface.split()
        if all(w in self.titles or w.rstrip(".") in self.titles for w in words):
            return True
        return any(_stem_verb(w, self.verbs) for w in words[1:] + words[:1]) and _title_case_line(text, start)

    def _title_before(self, doc, i: int) -> str | None:
        words = []
        k = i - 1
        while k >= 0 and (doc[k].text in self.titles or (doc[k].ent_type_ in {"GPE", "NORP"} and words)):
            words.insert(0, doc[k].text)
            k -= 1
        if k >= 0 and doc[k].ent_type_ in {"GPE", "NORP"} and words:
            words.insert(0, doc[k].text)
        return " ".join(words) or None

    @staticmethod
    def _expand_acronym(surface: str, org_names: dict[str, list[str]]) -> str | None:
        """"HoR" after "the House of Representatives": an acronym whose capitals are a longer name's initials
        (the first such organisation the article names)."""
        if " " in surface or not (2 <= len(surface) <= 6) or sum(ch.isupper() for ch in surface) < 2:
            return None
        caps = "".join(ch for ch in surface if ch.isupper())
        return next((name for name in org_names.get(caps, ()) if name != surface), None)


def _names_by_initials(orgs) -> dict[str, list[str]]:
    """Initials -> the first two distinct organisation names with them, in text order: the first one that is
    not the acronym itself is among them (one table per article, not a pass over its organisations per
    acronym)."""
    out: dict[str, list[str]] = {}
    for ent in orgs:
        name = _clean(ent.text)
        names = out.setdefault(_initials(name), [])
        if len(names) < 2 and name not in names:
            names.append(name)
    return out
