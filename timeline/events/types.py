"""What kind of happening a trigger word reports: one of PLOVER's sixteen event types, STATEMENT, or OTHER.

The word classes are data (``data/plover_types.ini``, read by ``timeline.events.type_lexicon``), written from the
PLOVER manual's definitions (CC BY-SA 4.0). ``classify(token)`` reads the spaCy trigger token in its clause,
because the lemma alone is not enough:
- a phrase outranks its words ("hand over" RETREAT, "call off" SANCTION, "go on strike" PROTEST);
- a framing verb types its complement: "refused to meet" REJECT, "threatened to close" THREATEN, "urged them
  to withdraw" REQUEST, "offered to hand over" AGREE (an intent to use force is THREATEN), "failed to" a
  refusal; easing an action reverses it ("lifted the curfew" CONCEDE, "cut aid" SANCTION), raising keeps it,
  stopping dissent or talks is COERCE or SANCTION;
- a light verb takes its object's type ("held talks" CONSULT, "imposed a curfew" COERCE), a noun of no type
  its modifier's or complement's ("a mediation effort", "dollars of aid", "an attempt to assassinate");
- speech takes the type of what is reported ("said it would retaliate"; "said X must go" is a demand), else
  it is STATEMENT; a verb of no type takes its purpose's ("shunned work to protest"), its complement's
  ("decided to expel") or a conjoined verb's;
- negated cooperation is a refusal ("did not agree" REJECT); cooperation in the future tense an intention
  (AGREE), force in the future tense or under a condition a threat (THREATEN);
- a protest by a state is an official complaint (CAMEO 114, ACCUSE), by people a demonstration (PROTEST);
- violence told by its victims and its toll: harm ("died in a shooting", "suffering from gunshot wounds",
  "survived the stabbing") takes the type of the happening its preposition or object names, a toll ("a shooting
  left two dead", "the bombing claimed nine lives") its subject's, through a relative pronoun too ("a stabbing
  that left a cook injured", "an attack in which a clerk died"); drawing or aiming a weapon is an assault
  ("pulled out a pistol"; "pulled out of the valley" stays a withdrawal).
"""
from __future__ import annotations

from timeline.events.type_lexicon import EVENT_TYPES, OTHER, PLOVER_TYPES, STATEMENT, lexicon

__all__ = ["EVENT_NOUNS", "EVENT_TYPES", "OTHER", "PLOVER_TYPES", "REPORTING_VERBS", "STATEMENT", "classify",
           "event_type", "is_reporting", "lexicon"]

# Verbs that report speech, a source or results rather than a happening of their own: "said that ..." is
# typed by what it reports (else STATEMENT), "he said" goes to the last person named, and a reporting clause
# is dated as of the article's day. One list for all three (there were two, of 36 and 38 words, that
# disagreed on "warn", "deny", "think" ...). A constant, not data: the clause finder needs it at import.
REPORTING_VERBS = frozenset(
    "say tell add state claim announce confirm acknowledge report declare note explain insist argue "
    "write quote accord testify disclose reveal indicate estimate predict warn stress "
    "emphasize emphasise reiterate deny suggest describe admit concede contend assert maintain "
    "reply respond comment remark hint mention observe express believe think".split())
# Nouns a date hangs on ("2011 ... revolution"): where the clause finder stops walking up from a date.
EVENT_NOUNS = frozenset(
    "revolution war elections election vote meeting summit talks deal agreement attack attacks airstrikes strike "
    "offensive ceasefire truce visit referendum coup uprising invasion bombing explosion crisis conference "
    "incident photographs".split()
)

COOPERATION = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "AGREE", "CONCEDE"})
FORCE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
VERBAL_CONFLICT = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
STATE_ENTITIES = frozenset({"GPE", "ORG"})
STATE_NOUNS = frozenset("government ministry authorities authority parliament embassy cabinet state".split())
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "nsubjpass", "npadvmod"})
PHRASE_DEPS = OBJECT_DEPS | {"prt", "prep", "agent", "advmod", "acomp", "compound"}


# What easing, raising or stopping an action of each type amounts to ("lifted the curfew" CONCEDE).
EASED = {"COERCE": "CONCEDE", "SANCTION": "RETREAT", "ASSAULT": "RETREAT", "MOBILIZE": "RETREAT", "AID": "SANCTION",
         "COOPERATE": "SANCTION", "CONSULT": "SANCTION", "PROTEST": "CONCEDE"}
RAISED = {k: k for k in ("COERCE", "SANCTION", "ASSAULT", "MOBILIZE", "AID", "COOPERATE", "PROTEST")}
STOPPED = {"PROTEST": "COERCE", "CONSULT": "SANCTION", "AID": "SANCTION", "COOPERATE": "SANCTION",
           "ASSAULT": "RETREAT"}
CONDITIONS = frozenset({"if", "unless"})
MODALS = frozenset({"may", "might", "could", "will", "would"})


def classify(token) -> str:
    """The event type of a trigger token (a verb or an event noun) read in its clause."""
    kind = _type_of(token, depth=0)
    if kind:
        return kind
    return STATEMENT if _lemma(token) in REPORTING_VERBS else OTHER


def is_reporting(tok) -> bool:
    """A predicate that reports words or a source ("said", "according to") rather than a happening."""
    return tok.lemma_.lower() in REPORTING_VERBS or tok.lower_ == "according"


def event_type(lemma: str) -> str:
    """The type a bare lemma names, without its clause (for callers that have no token)."""
    lex = lexicon()
    lemma = lemma.lower()
    return lex.verbs.get(lemma) or lex.nouns.get(lemma) or (STATEMENT if lemma in REPORTING_VERBS else OTHER)


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _forms(tok) -> tuple[str, ...]:
    """The token's lemma, then guesses from its surface form: the small model lemmatises "staged" as "stag"."""
    lemma, low = _lemma(tok), tok.lower_
    forms = [lemma, low]
    for suffix, repl in (("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", "")):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            forms.append(low[: -len(suffix)] + repl)
    return tuple(dict.fromkeys(forms))


def _lookup(table, tok) -> str | None:
    return next((table[f] for f in _forms(tok) if f in table), None)


def _in_frame(frame: str, tok) -> bool:
    words = lexicon().frames[frame]
    return any(f in words for f in _forms(tok))


def _child(tok, deps) -> object | None:
    return next((c for c in tok.children if c.dep_ in deps), None) if tok is not None else None


def _pobjs(tok, preps=None):
    """Objects of the token's prepositions ("went on strike", "died of torture"), optionally of some only."""
    for c in tok.children:
        if c.dep_ in {"prep", "agent"} and (preps is None or c.lower_ in preps):
            yield from (g for g in c.children if g.dep_ in {"pobj", "pcomp"})


def _object(tok):
    """The direct object, else the object of the first preposition ("carried out attacks", "engaged in")."""
    return _child(tok, OBJECT_DEPS) or next(_pobjs(tok), None)


def _phrase_type(tok) -> str | None:
    """A verb with a particle or object word: "hand over", "go on strike", "lift a state of emergency"."""
    phrases = lexicon().phrases
    words = []
    for c in tok.children:
        if c.dep_ in PHRASE_DEPS:
            words.append(c)
            words.extend(g for g in c.children if g.dep_ == "pobj" and c.dep_ in {"prep", "agent"})
    obj = _child(tok, OBJECT_DEPS)
    if obj is not None:  # "a state of emergency": the object's own "of" noun
        words.extend(_pobjs(obj, {"of"}))
    for form in _forms(tok):
        for w in words:
            if (form, _lemma(w)) in phrases:
                return phrases[(form, _lemma(w))]
    return None


def _noun_type(tok, depth: int) -> str | None:
    """An event noun's type; a noun of no type takes that of its modifier or complement ("mediation effort",
    "5 million dollars of aid", "an attempt to assassinate", "a reminder that it must cooperate")."""
    if tok is None or depth > 4:
        return None
    lex = lexicon()
    for c in tok.children:  # "hunger strike"
        if c.dep_ in {"compound", "amod"} and (_lemma(c), _lemma(tok)) in lex.phrases:
            return lex.phrases[(_lemma(c), _lemma(tok))]
    kind = _lookup(lex.nouns, tok)
    if kind:
        return kind
    for c in tok.children:
        if c.dep_ == "compound" and c.pos_ in {"NOUN", "PROPN"}:
            kind = kind or _lookup(lex.nouns, c)
    for c in _pobjs(tok, {"of"}):
        kind = kind or _noun_type(c, depth + 1)
    clause = _child(tok, {"acl", "ccomp"})
    return kind or (_reported(clause, depth + 1) if clause is not None else None)


def _reported(clause, depth: int) -> str | None:
    """What a reported clause says happened; "X must ..." is a demand."""
    if clause is None:
        return None
    if any(c.dep_ == "aux" and _in_frame("obligation", c) for c in clause.children):
        return "REQUEST"
    return _type_of(clause, depth)


def _complement(tok):
    """What a framing verb governs: "refused to meet", "is committed to opening", "committed to a settlement"
    ("agreed to the demands" is a phrase, CONCEDE, and phrases come first)."""
    return _child(tok, {"xcomp"}) or next(_pobjs(tok, {"to"}), None) if tok is not None else None


def _framed_type(tok, depth: int) -> str | None:
    """Verbs that frame their complement or object: intent, refusal, threat, demand, failure, easing ..."""
    xcomp = _complement(tok)
    adj = next((c for c in tok.children if c.dep_ == "acomp" and _in_frame("intent_adjectives", c)), None)
    if adj is not None and _complement(adj) is not None:  # "is ready to talk"
        return _intended(_type_of(_complement(adj), depth + 1))
    if xcomp is not None:
        if _in_frame("refusal", tok):
            return "REJECT"
        if _in_frame("threat", tok):
            return "THREATEN"
        if _in_frame("intent", tok):
            return _intended(_type_of(xcomp, depth + 1))
        if _in_frame("failure", tok):
            inner = _type_of(xcomp, depth + 1)
            return "REJECT" if inner in COOPERATION else None
    if _in_frame("demand", tok) and (xcomp is not None or _child(tok, {"ccomp"}) is not None):
        return "REQUEST"
    for frame, table in (("ease", EASED), ("raise", RAISED), ("stop", STOPPED)):
        if _in_frame(frame, tok):
            inner = _noun_type(_object(tok), depth + 1)
            if inner in table:
                return table[inner]
    if _in_frame("motion", tok):  # "return to Geneva for talks"
        return next((k for k in (_noun_type(o, depth + 1) for o in _pobjs(tok, {"for"})) if k), None)
    return None


def _antecedent(word, clause):
    """A relative pronoun of a relative clause ("a shooting that left two dead", "an attack in which two died")
    stands for the noun the clause hangs on; any other word stands for itself."""
    if word is not None and word.tag_ in {"WDT", "WP"} and clause.dep_ == "relcl":
        return clause.head
    return word


def _subject(tok):
    """The clause's subject, or the noun its relative pronoun stands for."""
    return _antecedent(_child(tok, {"nsubj"}), tok)


def _drawn_weapon(tok) -> str | None:
    """Drawing or aiming a weapon ("pulled out a gun", "pointed a rifle at him") is an assault, whatever the verb's
    phrase means without it ("pull out" of a province is a withdrawal)."""
    if not _in_frame("wield", tok):
        return None
    obj = _child(tok, {"dobj"})
    return "ASSAULT" if obj is not None and _in_frame("weapon", obj) else None


def _by_state(tok) -> bool:
    subj = _child(tok, {"nsubj"})
    return subj is not None and (subj.ent_type_ in STATE_ENTITIES or _lemma(subj) in STATE_NOUNS)


def _type_of(tok, depth: int) -> str | None:
    if tok is None or depth > 4:
        return None
    if tok.pos_ in {"NOUN", "PROPN"}:
        return _noun_type(tok, depth)
    purpose = _purpose_type(tok, depth)
    if purpose == "PROTEST":  # "occupied the university to protest": an act done as a protest is a protest
        return purpose
    kind = _drawn_weapon(tok) or _phrase_type(tok) or _framed_type(tok, depth)
    if kind is None and _in_frame("light", tok):  # "held talks", "imposed a curfew"
        kind = _noun_type(_object(tok), depth + 1)
    if kind is None:
        kind = _lookup(lexicon().verbs, tok)
        if kind == "PROTEST" and _by_state(tok):
            kind = "ACCUSE"
    # "said it would retaliate": speech is typed by what it reports, unless the verb has a type of its own
    # ("warned that ..." THREATEN, "denied that ..." REJECT)
    if kind is None and _lemma(tok) in REPORTING_VERBS:
        kind = _reported(_child(tok, {"ccomp"}), depth + 1) or _type_of(_child(tok, {"xcomp"}), depth + 1)
    if kind is None and (_in_frame("happen", tok) or _in_frame("toll", tok)):  # "fighting broke out"
        kind = _noun_type(_subject(tok), depth + 1)  # "a shooting that left two dead"
    if kind is None and _in_frame("harm", tok):  # "died in a shooting", "survived the attack"
        kind = next((k for k in (_noun_type(_antecedent(o, tok), depth + 1)
                                 for o in (_child(tok, {"dobj"}), *_pobjs(tok))) if k), None)
    if kind is None:  # "decided to expel", "began to withdraw"; "remained on alert"; "confirmed ... and denounced"
        kind = _type_of(_complement(tok), depth + 1) or purpose or next(
            (k for k in (_noun_type(o, depth + 1) for o in _pobjs(tok, {"in", "on", "of", "into"})) if k), None)
        kind = kind or next((k for k in (_type_of(c, depth + 1) for c in tok.children if c.dep_ == "conj"
                                         and c.pos_ == "VERB" and _child(c, {"nsubj", "nsubjpass"}) is None) if k),
                            None)
    return _with_modality(tok, kind)


def _purpose_type(tok, depth: int) -> str | None:
    """The type of what an act is for: "shunned work to protest", "in protest at the arrests"."""
    clause = next((c for c in tok.children if c.dep_ == "advcl" and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    if clause is not None:
        return _type_of(clause, depth + 1)
    return next((k for k in (_noun_type(o, depth + 1) for o in _pobjs(tok, {"in"})) if k == "PROTEST"), None)


def _intended(inner: str | None) -> str:
    """An intention: to use force is a threat, to criticise or refuse is that act, anything else AGREE."""
    if inner in FORCE:
        return "THREATEN"
    return inner if inner in VERBAL_CONFLICT else "AGREE"


def _with_modality(tok, kind: str | None) -> str | None:
    if kind is None:
        return None
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in NEGATIONS) for c in tok.children):
        return "REJECT" if kind in COOPERATION else None  # "did not agree"; a denied attack is no attack
    auxes = [c for c in tok.children if c.dep_ == "aux"]
    if kind in FORCE and any(a.lower_ in MODALS for a in auxes) and any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in c.children)
            for c in tok.children):
        return "THREATEN"  # "may halt mediation if ...": an ultimatum
    # "will provide aid" is a promise (AGREE), "will attack" a threat; "will meet" stays CONSULT, as the manual's
    # own example of a future context ("Members of the G-7 will meet in Ottawa") has it.
    if kind not in {"AGREE", "CONCEDE", "THREATEN", "CONSULT"} and any(_in_frame("future", a) for a in auxes):
        if kind in COOPERATION:
            return "AGREE"
        if kind in FORCE:
            return "THREATEN"
    return kind
