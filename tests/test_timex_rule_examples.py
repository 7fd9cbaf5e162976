"""Every rule's own examples (declared next to the rule, see timeline/timex/rules/example.py), run through
the real tagger: the span must come out with the example's value, and it must be that rule's hit that won
the span. Known failures are strict xfail rows with their reason, so fixing one is noticed too."""
from __future__ import annotations

import pytest

from timeline.timex import tag_dates
from timeline.timex.engine import propose, rules, select


def _rows():
    for r in rules():
        for i, example in enumerate(r.examples):
            marks = [pytest.mark.xfail(reason=example.xfail, strict=True)] if example.xfail else []
            yield pytest.param(r.name, example, id=f"{r.name}-{i}", marks=marks)


def test_every_rule_has_an_example_and_a_unique_name():
    names = [r.name for r in rules()]
    assert len(names) == len(set(names)), "two rules share a name"
    assert [n for n in names if not rules()[names.index(n)].examples] == []


@pytest.mark.parametrize("rule_name, example", list(_rows()))
def test_rule_example(rule_name, example):
    timexes = tag_dates(example.text, example.published_date, settings=dict(example.settings))
    tagged = [t for t in timexes if t.text == example.span]
    assert tagged, f"{example.span!r} not tagged in {example.text!r}; got {[t.text for t in timexes]}"
    t = tagged[0]
    assert t.value == example.value, f"{example.span!r}: value {t.value!r}, expected {example.value!r}"
    winners = {(h.start, h.end): h.rule for h in select(propose(example.text))}
    assert winners.get((t.start, t.end)) == rule_name, (
        f"{example.span!r} was tagged by {winners.get((t.start, t.end))!r}, not by {rule_name!r}")


def test_triggers_are_in_every_example():
    """A rule's triggers say which texts it can match at all; each example's span must hold one, else the
    trigger would hide matches the rule is for."""
    for r in rules():
        if not r.triggers:
            continue
        for example in r.examples:
            assert any(t in example.span.lower() for t in r.triggers), (r.name, example.span, r.triggers)
