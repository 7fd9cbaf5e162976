"""Whether a clause asserts its happening, negates it, or only supposes it (``Event.factuality``).

Read from the clause's parse, by general facts of English grammar, each checked in tests/test_factuality.py:
- a condition: the clause is the "if"/"unless"/"whether" clause ("if the talks fail") or the main clause it
  conditions ("the army will attack if ..."): hypothetical;
- negation: a "not"/"n't"/"never" dependent ("did not attack", "would not accept", "never arrived"), or a subject
  that is no one ("no one was hurt", "nobody came"): negated (before the modal: "could not cross" did not happen);
- a clause whose governor denies it ("denied that troops fired") or says it failed ("failed to stop"): negated;
  so is a failure verb that frames a complement ("police failed to stop him"): what it reports did not happen,
  while a denial is itself an asserted statement;
- a modal auxiliary other than the future's will/shall ("could make the crossing", "may resign", "should
  leave", "would accept"): hypothetical; "will meet" is an arrangement the article states, asserted;
- a verb of intention that frames another ("plans to attack", "wants to leave", "is considering to ..."), and
  the framed verb itself: hypothetical; an expected arrangement ("is expected to meet") is asserted like "will";
- a complement ("xcomp") shares its governor's reading ("did not manage to cross", "could try to flee").
Anything else is asserted. Promises, threats and offers are acts of their own (AGREE, THREATEN), asserted.
"""
from __future__ import annotations

ASSERTED, NEGATED, HYPOTHETICAL = "asserted", "negated", "hypothetical"

# "if" and "unless" open a condition; "whether" an open question ("asked whether he would resign").
CONDITIONS = frozenset({"if", "unless", "whether"})
NEGATIONS = frozenset({"not", "n't", "never"})
NO_ONE = frozenset({"nobody", "none", "nothing", "noone"})  # "no one" is "one" with the determiner "no"
# The modal auxiliaries that suppose rather than state; "will"/"shall" ('ll, wo of won't) state an arrangement.
SUPPOSING_MODALS = frozenset({"can", "ca", "could", "may", "might", "must", "should", "would", "'d", "ought"})
# Verbs that frame a happening someone intends or wishes, not one that took place. Not "expect" ("is expected
# to meet" is an arrangement, as "will meet" is) nor "propose", "offer", "promise" (acts of their own).
INTENTION = frozenset({"plan", "intend", "want", "hope", "aim", "seek", "wish", "mean", "consider",
                       "contemplate", "like", "prefer"})
# Verbs that say their complement did not happen: a denial (itself a statement) and a failure.
DENIAL = frozenset({"deny", "refute"})
FAILURE = frozenset({"fail", "neglect"})
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "pcomp"})


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _conditional(tok) -> bool:
    """The clause opens with a condition, or governs one ("... will attack if the talks fail")."""
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in tok.children):
        return True
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in c.children)
               for c in tok.children if c.lower_ != "if")


def _negated(tok) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in NEGATIONS):
            return True
        if c.dep_ in {"nsubj", "nsubjpass"} and (c.lower_ in NO_ONE or any(
                d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
            return True
    return False


def _supposed(tok) -> bool:
    """A supposing modal on the clause, or an intention verb that frames another (or is framed by one)."""
    if any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ in SUPPOSING_MODALS) and c.lower_ in SUPPOSING_MODALS
           for c in tok.children):
        return True
    if _lemma(tok) in INTENTION and any(c.dep_ == "xcomp" for c in tok.children):
        return True
    return tok.dep_ == "xcomp" and _lemma(tok.head) in INTENTION


def factuality(tok, _depth: int = 0) -> str:
    """The factuality of the clause whose predicate is ``tok`` (a spaCy token): one of FACTUALITIES."""
    if _conditional(tok):
        return HYPOTHETICAL
    if _negated(tok):
        return NEGATED
    if tok.dep_ in _COMPLEMENTS and _lemma(tok.head) in DENIAL | FAILURE and tok.head is not tok:
        return NEGATED
    if _lemma(tok) in FAILURE and any(c.dep_ == "xcomp" for c in tok.children):
        return NEGATED
    if _supposed(tok):
        return HYPOTHETICAL
    if tok.dep_ == "xcomp" and tok.head is not tok and _depth < 4:
        return factuality(tok.head, _depth + 1)
    return ASSERTED
