"""How many a report says were killed, read from its lead sentence and headline (an incident's ``fatalities``).

English states a death toll in a few fixed shapes: a count before the verb or adjective of death ("three
people were killed", "2 dead", "four men died"), a count after a killing verb ("killed five people", "left two
dead"), and one person as a singular noun phrase ("a woman was shot and killed", "Man killed in ..."). A count
a negation takes back ("no one was killed") says nothing. A text that states no toll gives None: not zero,
because a report that tells no death does not say there was none.
"""
from __future__ import annotations

import re

_NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_COUNT = r"(\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")(?![\d-])"
_DEATH = r"(?:killed|dead|died|slain|murdered)"
_PERSON = r"(?:man|woman|boy|girl|person|teen|teenager|child|officer|student|driver|mother|father|toddler|baby)"
# a count, up to three words (people, "men and women", "were", "have") and a word of death
_BEFORE = re.compile(rf"\b(no\s+)?{_COUNT}\s+(?:[a-z]+\s+){{0,3}}?{_DEATH}\b", re.I)
# a killing verb and its count ("killed five", "killing 3 people", "left two dead")
_AFTER = re.compile(rf"\b(?:killed|killing|kills|kill|left)\s+(?:at\s+least\s+)?{_COUNT}\b(?:\s+[a-z]+)?", re.I)
# one person: "a woman was (shot and) killed", a headline's "Man killed"
_ONE = re.compile(rf"\b(?:(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?)?{_PERSON}\s+(?:was\s+|is\s+)?(?:shot\s+and\s+)?"
                  rf"(?:killed|slain|murdered|dead)\b", re.I)


def _value(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def fatalities(*texts: str) -> int | None:
    """The largest death toll any of ``texts`` states, or None when none states one."""
    found: list[int] = []
    for text in texts:
        for m in _BEFORE.finditer(text):
            if not m.group(1):  # "no one was killed" takes the count back
                found.append(_value(m.group(2)))
        for m in _AFTER.finditer(text):
            if m.group(0).lower().startswith("left") and not re.search(_DEATH, text[m.end():m.end() + 12], re.I):
                continue  # "left two" is a toll only when the dead follow ("left two dead")
            found.append(_value(m.group(1)))
        if _ONE.search(text):
            found.append(1)
    return max(found) if found else None
