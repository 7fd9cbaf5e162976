"""The features of an event's clause that the fitted type model (``timeline.events.type_model``) reads.

Each feature is a name (binary: present or not), read from the spaCy trigger token the pipeline types, in its
clause: the trigger's lemma and part of speech, its particle, its direct object's head, its prepositions and
their objects, negation, modal and future auxiliaries, the passive, the verbs it frames (xcomp, ccomp,
purpose clauses), its subject's entity kind; and for each of those words its word class in
``data/plover_types.ini`` and the types whose PLOVER definition names it. The hand rules'
answer (``timeline.events.types.classify``) is one more feature, so the rules are evidence, not the decision.
Pure Python over the parse: run time needs no numpy.
"""
from __future__ import annotations

import re
from functools import lru_cache

from timeline.events.types import (MODALS, NEGATIONS, OBJECT_DEPS, REPORTING_VERBS, STATE_ENTITIES, STATE_NOUNS,
                                  _forms, classify)
from timeline.events.type_lexicon import FRAMES, PLOVER_TYPES, lexicon

PREP_DEPS = frozenset({"prep", "agent", "dative"})
CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp"})
CONTENT_POS = frozenset({"NOUN", "VERB", "PROPN", "ADJ"})
# Definition words too common to say anything about a type.
_DEFINITION_STOP = frozenset(
    "and or of to the a an as in on by for with without from such that which not yet other otherwise including "
    "mainly their its it is are be being immediate effect use can cause more than short".split())


@lru_cache(maxsize=1)
def definition_words() -> dict[str, frozenset[str]]:
    """Word stem (first 5 letters) -> the PLOVER types whose definition or CAMEO line names it."""
    lex = lexicon()
    out: dict[str, set[str]] = {}
    for name in PLOVER_TYPES:
        text = lex.definitions.get(name, "")
        for word in re.findall(r"[a-z]+", text.lower()):
            if len(word) >= 4 and word not in _DEFINITION_STOP:
                out.setdefault(word[:5], set()).add(name)
    return {k: frozenset(v) for k, v in out.items()}


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def word_classes(tok) -> list[str]:
    """The word classes of a token: its class in the lexicon (verb or noun table), its frames, speech, and the
    types whose definition names it."""
    lex = lexicon()
    forms = _forms(tok)
    out = []
    table = lex.nouns if tok.pos_ in {"NOUN", "PROPN"} else lex.verbs
    other = lex.verbs if table is lex.nouns else lex.nouns
    kind = next((table[f] for f in forms if f in table), None) or next((other[f] for f in forms if f in other), None)
    if kind:
        out.append(f"class:{kind}")
    for frame in FRAMES:
        if any(f in lex.frames[frame] for f in forms):
            out.append(f"frame:{frame}")
    if any(f in REPORTING_VERBS for f in forms):
        out.append("speech")
    defs = definition_words()
    for name in sorted({n for f in forms[:2] for n in defs.get(f[:5], ())}):
        out.append(f"def:{name}")
    return out


def _pobjs(prep):
    return [g for g in prep.children if g.dep_ in {"pobj", "pcomp"}]


def _add_word(feats: list[str], role: str, tok, *, lemma: bool = True) -> None:
    if lemma:
        feats.append(f"{role}={_lemma(tok)}")
    feats.extend(f"{role}.{c}" for c in word_classes(tok))


def clause_features(tok) -> list[str]:
    """The feature names of the trigger ``tok`` in its clause (see the module docstring), without repeats."""
    feats = ["bias", f"rule={classify(tok)}", f"pos={tok.pos_}", f"dep={tok.dep_}"]
    lemma = _lemma(tok)
    _add_word(feats, "trig", tok)
    for c in tok.children:
        dep = c.dep_
        if dep == "prt":
            feats += [f"prt={_lemma(c)}", f"trig_prt={lemma}_{_lemma(c)}"]
        elif dep in OBJECT_DEPS and dep != "npadvmod":
            role = "subjpass" if dep == "nsubjpass" else "obj"
            _add_word(feats, role, c)
            feats.append(f"trig_{role}={lemma}_{_lemma(c)}")
            for g in c.children:  # "a state of emergency", "air strikes", "political leaders"
                if g.dep_ in {"compound", "amod"}:
                    _add_word(feats, f"{role}_mod", g, lemma=False)
                elif g.dep_ == "prep" and g.lower_ == "of":
                    for p in _pobjs(g):
                        _add_word(feats, f"{role}_of", p)
                elif g.dep_ == "conj" and g.pos_ in {"NOUN", "PROPN"}:  # "killings and beheadings"
                    _add_word(feats, role, g)
        elif dep in PREP_DEPS:
            prep = c.lower_
            feats += [f"prep={prep}", f"trig_prep={lemma}_{prep}"]
            for p in _pobjs(c):
                feats.append(f"pobj={prep}_{_lemma(p)}")
                feats.extend(f"pobj.{k}" for k in word_classes(p))
                feats.extend(f"pobj_{prep}.{k}" for k in word_classes(p) if k.startswith("class:"))
            if dep == "dative" and not _pobjs(c):
                feats.append("dative_object")
        elif dep == "neg" or (dep == "advmod" and c.lower_ in NEGATIONS):
            feats.append("negated")
        elif dep == "aux":
            if c.lower_ in MODALS or c.lower_ in lexicon().frames["obligation"]:
                feats.append(f"modal={c.lower_}")
            if c.lower_ == "to":
                feats.append("infinitive")
        elif dep == "auxpass":
            feats.append("passive")
        elif dep in {"nsubj", "nsubjpass"}:
            kind = c.ent_type_ or ("STATE" if _lemma(c) in STATE_NOUNS else c.pos_)
            feats.append(f"subj_kind={kind}")
            if c.ent_type_ in STATE_ENTITIES or _lemma(c) in STATE_NOUNS:
                feats.append("subj_state")
            if c.pos_ == "NOUN":
                _add_word(feats, "subj", c)
        elif dep in CLAUSE_DEPS and c.pos_ in {"VERB", "NOUN", "AUX"}:
            role = "purpose" if dep == "advcl" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children) \
                else dep
            feats.append(f"{role}.rule={classify(c)}")
            _add_word(feats, role, c)
            for g in c.children:
                if g.dep_ in OBJECT_DEPS and g.dep_ != "npadvmod":
                    _add_word(feats, f"{role}_obj", g)
                elif g.dep_ == "neg":
                    feats.append(f"{role}.negated")
        elif dep in {"compound", "amod"} and tok.pos_ in {"NOUN", "PROPN"}:
            _add_word(feats, "mod", c)
    # the words of the clause below the trigger, by class only: evidence the dependencies above may miss
    for t in tok.subtree:
        if t is not tok and t.pos_ in CONTENT_POS:
            feats.extend(f"sub.{k}" for k in word_classes(t) if k.startswith(("class:", "def:")))
    feats.extend(_crossed(feats))
    return list(dict.fromkeys(feats))


def _crossed(feats: list[str]) -> list[str]:
    """Pairs a linear model cannot add up: the trigger's class (and the rules' type) with negation, a modal, and
    its object's or complement's class ("will meet": a promise to meet; "ordered the release"); the trigger's
    lemma with those classes."""
    rule = feats[1].split("=", 1)[1]
    trig = [f.split(":", 1)[1] for f in feats if f.startswith("trig.class:")] or ["none"]
    objs = [f.split(":", 1)[1] for f in feats if f.startswith(("obj.class:", "obj_of.class:", "xcomp.class:",
                                                                "pobj.class:"))]
    modals = [f.split("=", 1)[1] for f in feats if f.startswith("modal=")]
    out = []
    for t in set(trig) | {rule}:
        if "negated" in feats:
            out.append(f"neg*{t}")
        if modals:
            out.append(f"modal*{t}")
        for o in objs:
            out.append(f"{t}*{o}")
    lemma = next((f.split("=", 1)[1] for f in feats if f.startswith("trig=")), "")
    out.extend(f"{lemma}*{o}" for o in objs)
    return out
