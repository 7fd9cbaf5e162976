"""The death toll a report states (timeline.incidents.fatalities): each shape of English it reads, and what
it must not read as a toll."""
from __future__ import annotations

import pytest

from timeline.incidents.fatalities import fatalities


@pytest.mark.parametrize("text, toll", [
    # a count before the word of death
    ("Three people were killed Saturday in the blast.", 3),
    ("2 dead in overnight shooting", 2),
    ("Four men died when the roof fell.", 4),
    # a count after a killing verb
    ("A gunman killed five people at a bus stop.", 5),
    ("The airstrike killed at least 12, officials said.", 12),
    ("The crash left two dead and four hurt.", 2),
    # one person, a singular noun phrase
    ("A 31-year-old woman was shot and killed Saturday night.", 1),
    ("Man killed in Toledo shooting", 1),
    # no toll: none stated, a negation, wounds, an age, "left" without the dead
    ("A 24-year-old man was shot Saturday night.", None),
    ("No one was killed in the fire.", None),
    ("Police said two men were wounded.", None),
    ("The storm left two injured.", None),
])
def test_the_toll_a_text_states(text, toll):
    assert fatalities(text) == toll


def test_the_largest_toll_of_several_texts_wins():
    assert fatalities("One dead after shooting", "The attack killed three people.") == 3
