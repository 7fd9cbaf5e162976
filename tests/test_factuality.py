"""timeline.events.factuality: asserted, negated or hypothetical, read from a clause's parse by general rules
of English grammar; each rule with its own rows (sentences written for these tests), on the real spaCy model."""
from __future__ import annotations

import pytest

from timeline.events.factuality import factuality

# (rule, sentence, the clause's predicate word, its factuality)
ROWS = [
    # a plain statement of what happened, or is arranged to happen ("will"), is asserted
    ("asserted", "Soldiers shelled the border town on Tuesday.", "shelled", "asserted"),
    ("asserted", "The two ministers will meet in Vienna next week.", "meet", "asserted"),
    ("asserted", "The governor said the bridge had reopened.", "said", "asserted"),
    ("asserted", "Rebels threatened to close the airport.", "threatened", "asserted"),  # a threat is an act
    ("asserted", "The council promised to rebuild the school.", "promised", "asserted"),
    # negation: a not / n't / never dependent
    ("negation", "The navy did not fire on the fishing boats.", "fire", "negated"),
    ("negation", "The union would not accept the new contract.", "accept", "negated"),
    ("negation", "Protesters never reached the parliament building.", "reached", "negated"),
    ("negation", "They won't sign the ceasefire.", "sign", "negated"),
    ("negation", "The rescue team could not make the crossing.", "make", "negated"),
    # a subject that is no one
    ("no one", "No one was hurt in the fire at the depot.", "hurt", "negated"),
    ("no one", "Nobody claimed the bombing of the pipeline.", "claimed", "negated"),
    # a denied complement; the denial itself is an asserted statement
    ("denial", "The ministry denied that its troops crossed the river.", "crossed", "negated"),
    ("denial", "The ministry denied that its troops crossed the river.", "denied", "asserted"),
    # failure: the complement did not happen, and the failure verb reports that
    ("failure", "Guards failed to stop the prisoners.", "stop", "negated"),
    ("failure", "Guards failed to stop the prisoners.", "failed", "negated"),
    # a supposing modal
    ("modal", "Smugglers could make the crossing before the storm.", "make", "hypothetical"),
    ("modal", "The prime minister may resign over the scandal.", "resign", "hypothetical"),
    ("modal", "The envoy should leave the country within days.", "leave", "hypothetical"),
    ("modal", "The board would approve the merger.", "approve", "hypothetical"),
    ("modal", "Investors might lose their savings.", "lose", "hypothetical"),
    # a condition: the "if"/"unless" clause and the clause it conditions; an open question ("whether")
    ("condition", "If the talks fail, the army will storm the city.", "fail", "hypothetical"),
    ("condition", "If the talks fail, the army will storm the city.", "storm", "hypothetical"),
    ("condition", "The strike will go ahead unless the company raises wages.", "raises", "hypothetical"),
    ("condition", "Reporters asked whether the mayor had resigned.", "resigned", "hypothetical"),
    ("condition", "Reporters asked whether the mayor had resigned.", "asked", "asserted"),
    # intention and expectation frame a happening that has not taken place
    ("intention", "The rebels plan to attack the capital.", "plan", "hypothetical"),
    ("intention", "The rebels plan to attack the capital.", "attack", "hypothetical"),
    ("asserted", "The president is expected to visit Cairo on Friday.", "visit", "asserted"),  # as "will visit"
    ("intention", "The farmers want to block the highway.", "want", "hypothetical"),
    ("intention", "The city intends to close the shelter.", "close", "hypothetical"),
    # a complement shares its governor's reading
    ("complement", "Police did not manage to catch the driver.", "catch", "negated"),
    ("complement", "The prisoners could try to escape.", "try", "hypothetical"),
    ("complement", "The troops began to withdraw from the valley.", "withdraw", "asserted"),
]


@pytest.fixture(scope="module")
def nlp():
    from geo.nlp import load_nlp

    return load_nlp()


@pytest.mark.parametrize("rule, sentence, word, want", ROWS, ids=[f"{r[0]}: {r[2]} in {r[1]}" for r in ROWS])
def test_each_rule(nlp, rule, sentence, word, want):
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == word)
    assert factuality(token) == want


def test_every_rule_has_rows_of_more_than_one_kind_of_answer():
    """The table is not all one answer: each factuality is asked for, by several rules."""
    by_answer: dict[str, set[str]] = {}
    for rule, _, _, want in ROWS:
        by_answer.setdefault(want, set()).add(rule)
    assert set(by_answer) == {"asserted", "negated", "hypothetical"}
    assert all(len(rules) >= 2 for rules in by_answer.values())
