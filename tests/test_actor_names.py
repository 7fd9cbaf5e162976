"""Which words name an actor, and under which name (issue #19 item 6): real model, real gazetteer.

Each rule has rows that must hold and rows that show what it leaves alone."""
from __future__ import annotations

import datetime as dt

import pytest

from timeline.records import Article


@pytest.fixture(scope="module")
def pipeline(geoparser):
    from timeline.events import Pipeline

    return Pipeline(geoparser=geoparser)


def actors(pipeline, text):
    return {a.name for a in pipeline.analyse(Article(text=text, published=dt.date(2016, 1, 31))).actors}


# An alias inside a longer proper name is that name, not the alias's body.
@pytest.mark.parametrize("text,present,absent", [
    ("The General National Congress opposed the deal on Monday.", "General National Congress", "US Congress"),
    ("The Congress Party won the vote in Delhi.", None, "US Congress"),
    ("Congress passed the bill on Monday.", "US Congress", None),  # the alias alone keeps its body
    ("The US Congress passed the bill on Monday.", "US Congress", None),
    ("The Pentagon said troops would stay.", "US Department of Defense", None),
])
def test_no_alias_across_organisations(pipeline, text, present, absent):
    found = actors(pipeline, text)
    assert present is None or present in found
    assert absent is None or absent not in found


# A rank or title alone names no one; before a name it is the person's title and ends no sentence.
@pytest.mark.parametrize("text,present,absent", [
    ("Sgt said the victim died at the scene.", None, "Sgt"),
    ("Gen. told reporters the attack failed.", None, "Gen."),
    ("Sgt. Derek Glenn said the man was shot.", "Derek Glenn", "Sgt"),
])
def test_ranks_alone_are_no_actors(pipeline, text, present, absent):
    found = actors(pipeline, text)
    assert present is None or present in found
    assert absent not in found


def test_a_title_stop_ends_no_sentence(pipeline):
    a = pipeline.analyse(Article(text="Sgt. Derek Glenn said the man was shot.", published=dt.date(2016, 1, 31)))
    assert {e.sentence for e in a.events} == {"Sgt. Derek Glenn said the man was shot."}


# A first name alone is nobody, unless the article names the person in full.
@pytest.mark.parametrize("text,present,absent", [
    ('Jackman was nominated for his role in "Kate and Leopold."', None, "Kate"),
    ("Kate Smith was arrested on Monday. Kate said she was innocent.", "Kate Smith", "Kate"),
    ("Police arrested Mary Jones on Friday. Mary told the court she fired once.", "Mary Jones", "Mary"),
])
def test_first_names_alone(pipeline, text, present, absent):
    found = actors(pipeline, text)
    assert present is None or present in found
    assert absent not in found


# A title-case headline's fragment is no name; a name of the same words in a sentence stays.
@pytest.mark.parametrize("text,absent,present", [
    ("Abbas Condemns Dvani Attack\n\nPalestinian President Mahmoud Abbas condemned the attack on Monday.",
     "Abbas Condemns Dvani Attack", "Mahmoud Abbas"),
    ("Mayor Johnson Announces New Police Chief\n\nMayor Ray Johnson named a new police chief on Monday.",
     "Johnson Announces New Police Chief", "Ray Johnson"),
    ("The Syrian Observatory for Human Rights reported the attack on Monday.", None,
     "Syrian Observatory for Human Rights"),
])
def test_headline_fragments_are_no_actors(pipeline, text, absent, present):
    found = actors(pipeline, text)
    assert absent is None or not any(absent in name for name in found)
    assert present in found


# Variants of one person, and a country and its people, are one actor.
@pytest.mark.parametrize("text,one,others", [
    ("Abbas condemned the attack. Palestinian President Mahmoud Abbas later met Kerry.", "Mahmoud Abbas",
     {"Abbas"}),
    ("The Americans attacked the base. The United States said the US would act.", "United States",
     {"Americans", "US"}),
    ("The French said they would act. France sent two warships.", "France", {"French"}),
])
def test_variants_merge(pipeline, text, one, others):
    found = actors(pipeline, text)
    assert one in found and not others & found
