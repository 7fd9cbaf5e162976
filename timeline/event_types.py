"""What kind of happening a trigger word reports: one of PLOVER's sixteen event types, STATEMENT, or OTHER.

The word classes live in ``data/plover_types.ini`` (written from the PLOVER manual's definitions, CC BY-SA
4.0). ``classify(token)`` reads the spaCy trigger token in its clause, because the lemma alone is not enough:
- a phrase outranks its words ("hand over" RETREAT, "call off" SANCTION, "go on strike" PROTEST);
- a light verb takes its object's type ("held talks" CONSULT, "imposed a curfew" COERCE);
- a framing verb types its complement: "refused to meet" REJECT, "threatened to close" THREATEN, "urged them
  to withdraw" REQUEST, "offered to hand over" AGREE (an intent to use force is THREATEN);
- speech takes the type of what is reported ("said it would retaliate"), else it is STATEMENT;
- negated cooperation is a refusal ("did not agree" REJECT); cooperation in the future tense an intention
  (AGREE) and force in the future tense a threat (THREATEN), as the manual asks;
- a protest by a state is an official complaint (CAMEO 114, ACCUSE), by people a demonstration (PROTEST).
"""
from __future__ import annotations

import configparser
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "plover_types.ini"

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
STATEMENT, OTHER = "STATEMENT", "OTHER"
EVENT_TYPES = PLOVER_TYPES + (STATEMENT, OTHER)

# Speech verbs: "said that ..." reports the event in its complement. A constant, not data: events.py needs
# the set when it is imported ("he said" goes to the last person named).
SPEECH_LEMMAS = frozenset(
    "say tell add state announce declare report claim note stress emphasize emphasise reiterate explain write "
    "reply respond comment remark describe predict suggest argue acknowledge admit confirm hint indicate "
    "disclose reveal mention assert maintain observe express insist believe think".split())
# Nouns a date hangs on ("2011 ... revolution"): where events.py stops walking up from a date.
EVENT_NOUNS = frozenset(
    "revolution war elections election vote meeting summit talks deal agreement attack attacks airstrikes strike "
    "offensive ceasefire truce visit referendum coup uprising invasion bombing explosion crisis conference "
    "incident photographs".split()
)
TYPES = {"statement": SPEECH_LEMMAS}  # the name events.py reads today; SPEECH_LEMMAS is the one to import

COOPERATION = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "AGREE", "CONCEDE"})
FORCE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
VERBAL_CONFLICT = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
STATE_ENTITIES = frozenset({"GPE", "ORG"})
STATE_NOUNS = frozenset("government ministry authorities authority parliament embassy cabinet state".split())
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "nsubjpass", "npadvmod"})
PHRASE_DEPS = OBJECT_DEPS | {"prt", "prep", "agent", "advmod", "acomp", "compound"}


@dataclass(frozen=True, slots=True)
class TypeLexicon:
    """The word classes of data/plover_types.ini, indexed by lemma."""

    verbs: dict[str, str]
    nouns: dict[str, str]
    phrases: dict[tuple[str, str], str]
    definitions: dict[str, str]
    intent: frozenset[str]
    intent_adjectives: frozenset[str]
    refusal: frozenset[str]
    threat: frozenset[str]
    demand: frozenset[str]
    light: frozenset[str]
    future: frozenset[str]


def _words(section, key) -> list[str]:
    return section.get(key, "").split()


def _index(parser, key: str, path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in EVENT_TYPES:
        if not parser.has_section(name):
            continue
        for word in _words(parser[name], key):
            if out.get(word, name) != name:
                raise ValueError(f"{path}: {key[:-1]} {word!r} is listed under both {out[word]} and {name}")
            out[word] = name
    return out


@lru_cache(maxsize=1)
def lexicon(path: Path = DATA) -> TypeLexicon:
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",), inline_comment_prefixes=None)
    parser.read(path, encoding="utf-8")
    unknown = [s for s in parser.sections() if s not in EVENT_TYPES and s != "frames"]
    if unknown:
        raise ValueError(f"{path}: unknown section(s) {', '.join(unknown)}; expected PLOVER types or [frames]")
    phrases: dict[tuple[str, str], str] = {}
    for name in EVENT_TYPES:
        if parser.has_section(name):
            for phrase in parser[name].get("phrases", "").split(","):
                words = tuple(phrase.split())
                if not words:
                    continue
                if len(words) != 2:
                    raise ValueError(f"{path}: [{name}] phrase {phrase.strip()!r}: expected two words")
                phrases[words] = name
    frames = parser["frames"]
    return TypeLexicon(
        verbs=_index(parser, "verbs", path), nouns=_index(parser, "nouns", path), phrases=phrases,
        definitions={n: " ".join(parser[n].get("definition", "").split()) for n in EVENT_TYPES if parser.has_section(n)},
        **{k: frozenset(_words(frames, k)) for k in
           ("intent", "intent_adjectives", "refusal", "threat", "demand", "light", "future")})


def classify(token) -> str:
    """The event type of a trigger token (a verb or an event noun) read in its clause."""
    kind = _type_of(token, depth=0)
    if kind:
        return kind
    return STATEMENT if _lemma(token) in SPEECH_LEMMAS else OTHER


def event_type(lemma: str) -> str:
    """The type a bare lemma names, without its clause (for callers that have no token)."""
    lex = lexicon()
    lemma = lemma.lower()
    return lex.verbs.get(lemma) or lex.nouns.get(lemma) or (STATEMENT if lemma in SPEECH_LEMMAS else OTHER)


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _child(tok, deps) -> object | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _phrase_words(tok):
    """The words a phrase may pair with the token: particles, objects, prepositions and their objects."""
    for c in tok.children:
        if c.dep_ in PHRASE_DEPS:
            yield c
            if c.dep_ in {"prep", "agent"}:
                yield from (g for g in c.children if g.dep_ == "pobj")


def _noun_type(tok) -> str | None:
    lex = lexicon()
    for c in tok.children:  # "hunger strike"
        if c.dep_ in {"compound", "amod"} and (_lemma(c), _lemma(tok)) in lex.phrases:
            return lex.phrases[(_lemma(c), _lemma(tok))]
    return lex.nouns.get(_lemma(tok)) or lex.nouns.get(tok.lower_)


def _object(tok):
    obj = _child(tok, OBJECT_DEPS)
    if obj is None:  # "carried out attacks": the object may hang on a particle's preposition
        prep = _child(tok, {"prep"})
        obj = _child(prep, {"pobj"}) if prep is not None else None
    return obj


def _by_state(tok) -> bool:
    subj = _child(tok, {"nsubj"})
    return subj is not None and (subj.ent_type_ in STATE_ENTITIES or _lemma(subj) in STATE_NOUNS)


def _type_of(tok, depth: int) -> str | None:
    if tok is None or depth > 4:
        return None
    lex = lexicon()
    lemma = _lemma(tok)
    if tok.pos_ in {"NOUN", "PROPN"}:
        return _noun_type(tok)
    kind = next((lex.phrases[(lemma, _lemma(w))] for w in _phrase_words(tok) if (lemma, _lemma(w)) in lex.phrases),
                None)
    if kind is None and lemma in lex.light:
        obj = _object(tok)
        kind = _noun_type(obj) if obj is not None else None
    xcomp = _child(tok, {"xcomp"})
    if xcomp is None:  # "is ready to talk"
        adj = next((c for c in tok.children if c.dep_ == "acomp" and _lemma(c) in lex.intent_adjectives), None)
        xcomp = _child(adj, {"xcomp"}) if adj is not None else None
        if adj is not None and xcomp is not None and kind is None:
            kind = _intended(_type_of(xcomp, depth + 1))
    complement = xcomp if xcomp is not None else _child(tok, {"ccomp"})
    if kind is None and xcomp is not None:
        if lemma in lex.refusal:
            kind = "REJECT"
        elif lemma in lex.threat:
            kind = "THREATEN"
        elif lemma in lex.intent:
            kind = _intended(_type_of(xcomp, depth + 1))
    if kind is None and complement is not None and lemma in lex.demand:
        kind = "REQUEST"
    if kind is None and lemma in SPEECH_LEMMAS:
        kind = _type_of(_child(tok, {"ccomp"}), depth + 1) or _type_of(_child(tok, {"xcomp"}), depth + 1)
    if kind is None:
        kind = lex.verbs.get(lemma)
        if kind == "PROTEST" and _by_state(tok):
            kind = "ACCUSE"
    if kind is None and xcomp is not None:  # "decided to expel", "began to withdraw"
        kind = _type_of(xcomp, depth + 1)
    return _with_modality(tok, kind)


def _intended(inner: str | None) -> str:
    """An intention: to use force is a threat, to criticise or refuse is that act, anything else AGREE."""
    if inner in FORCE:
        return "THREATEN"
    return inner if inner in VERBAL_CONFLICT else "AGREE"


def _with_modality(tok, kind: str | None) -> str | None:
    if kind is None:
        return None
    lex = lexicon()
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in NEGATIONS) for c in tok.children):
        return "REJECT" if kind in COOPERATION else None  # "did not agree"; a denied attack is no attack
    if kind not in {"AGREE", "CONCEDE", "THREATEN"} and any(
            c.dep_ == "aux" and _lemma(c) in lex.future for c in tok.children):
        if kind in COOPERATION:
            return "AGREE"
        if kind in FORCE:
            return "THREATEN"
    return kind
