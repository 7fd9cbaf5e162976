"""What kind of happening a trigger word reports, from its lemma."""
from __future__ import annotations

TYPES: dict[str, frozenset[str]] = {
    "statement": frozenset(
        "say tell add warn state claim announce confirm acknowledge emphasize emphasise reiterate deny insist urge "
        "call criticize criticise accuse demand rebuke hint note declare stress argue explain write report "
        "threaten vow pledge promise predict suggest describe reply respond comment admit".split()),
    "meeting": frozenset("meet host visit talk discuss summit meeting talks visit gather convene receive".split()),
    "military action": frozenset(
        "strike attack bomb airstrike kill fight shell capture retake seize launch clash raid ambush destroy "
        "shoot fire invade bombard airstrikes offensive assault battle war revolution topple overthrow "
        "intervene intervention".split()),
    "deployment": frozenset("send deploy dispatch station withdraw evacuate move arrive".split()),
    "vote": frozenset("vote elect reject approve endorse ratify veto elections election referendum ballot".split()),
    "agreement": frozenset("sign agree deal accord treaty ceasefire truce agreement".split()),
    "investigation": frozenset("investigate probe arrest charge detain photograph photographs take".split()),
}
EVENT_NOUNS = frozenset(
    "revolution war elections election vote meeting summit talks deal agreement attack attacks airstrikes strike "
    "offensive ceasefire truce visit referendum coup uprising invasion bombing explosion crisis conference "
    "incident photographs".split()
)


def event_type(lemma: str) -> str:
    lemma = lemma.lower()
    for name, words in TYPES.items():
        if lemma in words:
            return name
    return "other"
