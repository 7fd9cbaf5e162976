"""Actors named by the clause subject, the source actor of a clause, and boilerplate left out (real pipeline)."""
from __future__ import annotations

import datetime as dt

import pytest

from timeline.events.actors import source_actor
from timeline.events.boilerplate import boilerplate_spans, mask_boilerplate
from timeline.records import Article


@pytest.fixture(scope="module")
def pipeline(geoparser):
    from timeline.events import Pipeline

    return Pipeline(geoparser=geoparser)


def analyse(pipeline, text):
    return pipeline.analyse(Article(text=text, published=dt.date(2020, 5, 4)))


def names(analysis):
    return {a.name for a in analysis.actors}


@pytest.mark.parametrize("text,actor", [
    ("Kenyan police arrested the smugglers.", "Kenyan police"),  # a people's adjective and an actor noun
    ("Sudan's government lifted the state of emergency.", "Sudan's government"),  # a possessive country
    ("The Palestinians rejected the plan.", "Palestinians"),  # a people on its own
    ("A group of Moroccan diplomats visited Paris.", "Moroccan diplomats"),  # a collective gives way
    ("Thousands of Nigerians marched in Lagos.", "Nigerians"),
    ("Opposition parties in Nepal called a general strike.", "Opposition parties in Nepal"),  # a place after
    ("The village was shelled by Serb forces.", "Serb forces"),  # a passive agent
])
def test_subject_groups_are_actors(pipeline, text, actor):
    a = analyse(pipeline, text)
    assert actor in names(a)
    assert any(actor in e.actors for e in a.events)


def test_no_one_in_particular_is_no_actor(pipeline):
    assert "police" not in {n.lower() for n in names(analyse(pipeline, "The police arrested three men."))}
    # a named plural is a group only when it names people by what they do
    assert "Kurdish activists" in names(analyse(pipeline, "Kurdish activists blocked the road to Erbil."))
    assert not any("exports" in n for n in names(analyse(pipeline, "Iranian oil exports fell in March.")))


def test_a_person_in_the_subject_stays_the_person(pipeline):
    a = analyse(pipeline, "Serbian President Boris Tadic met the envoy on Monday.")
    assert "Boris Tadic" in names(a) and not any("President" in n for n in names(a))


@pytest.mark.parametrize("text,actor", [
    # a subject that is a known actor by its own name is that actor, not a second "X group" actor
    ("Libya, where the Islamic State group holds the coastal city of Sirte.", "Islamic State"),
    ("The Taliban movement seized the district on Sunday.", "Taliban"),
])
def test_a_subject_named_by_a_known_actor_is_that_actor(pipeline, text, actor):
    a = analyse(pipeline, text)
    assert actor in names(a)
    assert not [n for n in names(a) if n != actor and n.startswith(actor)], names(a)


def test_an_organisation_keeps_its_closing_bracket(pipeline):
    a = analyse(pipeline, "The Homeland Union (Conservatives) began collecting signatures in Vilnius.")
    assert "Homeland Union (Conservatives)" in names(a), names(a)


def _first_event_actor(pipeline, text):
    a = analyse(pipeline, text)
    return a.events[0].actors[0] if a.events and a.events[0].actors else None


def test_source_actor_comes_first(pipeline):
    # the speaker is on the event too, but the one who acts is the reported clause's subject
    a = analyse(pipeline, "Iraq has offered to free the pilots, Egyptian officials said on Sunday.")
    assert a.events and a.events[0].actors[0] == "Iraq"


def test_source_actor_of_a_clause_without_subject(pipeline):
    nlp = pipeline.nlp
    doc = nlp("Egyptian police opened fire on the crowd, killing two people.")
    mentions, _actors = pipeline.extractor.actor_finder.find(doc, [])
    killing = [t for t in doc if t.lower_ == "killing"][0]
    assert source_actor(killing, mentions) == "Egyptian police"


def test_source_actor_of_a_relative_clause(pipeline):
    doc = pipeline.nlp("The army hunted the Chechen rebels who attacked the convoy.")
    mentions, _ = pipeline.extractor.actor_finder.find(doc, [])
    attacked = [t for t in doc if t.lower_ == "attacked"][0]
    assert source_actor(attacked, mentions) == "Chechen rebels"


def test_source_actor_is_none_when_the_subject_names_no_actor(pipeline):
    doc = pipeline.nlp("The storm destroyed the harbour.")
    mentions, _ = pipeline.extractor.actor_finder.find(doc, [])
    assert source_actor(doc[2], mentions) is None


BOILERPLATE_ARTICLE = """FLASH: Kenyan police arrested the smugglers on Monday.
By Jane Kamau and Omar Said, Reuters

Somali troops attacked the port on Monday, officials said.
Photo: Peter Mwangi/AFP
Copyright 2020 Reuters. All rights reserved.
"""


def test_boilerplate_spans():
    text = BOILERPLATE_ARTICLE
    found = [text[s:e] for s, e in boilerplate_spans(text)]
    assert "FLASH: " in found and "By Jane Kamau and Omar Said, Reuters" in found
    assert "Photo: Peter Mwangi/AFP" in found
    assert "Copyright 2020 Reuters. All rights reserved." in found
    assert not boilerplate_spans("He travelled by bus to Nairobi.\nThe photo shows the port.")


def test_masking_keeps_every_offset_and_blanks_only_the_boilerplate():
    text = "Copyright 2020 Reuters.\nSomali troops attacked.\nLibya Channel\n"
    masked = mask_boilerplate(text, source="Libya Channel")
    assert len(masked) == len(text) and masked.splitlines()[1] == "Somali troops attacked."
    assert not masked.splitlines()[0].strip() and not masked.splitlines()[2].strip()
    assert mask_boilerplate(text) .splitlines()[2] == "Libya Channel"  # only the article's own outlet is a credit


def test_boilerplate_is_no_actor_and_no_event(pipeline):
    a = analyse(pipeline, BOILERPLATE_ARTICLE)
    assert not {"Jane Kamau", "Omar Said", "Peter Mwangi", "Reuters", "AFP"} & names(a)
    assert not any(e.sentence.startswith(("Copyright", "Photo")) for e in a.events)
    assert any("Kenyan police" in e.actors and e.type == "COERCE" for e in a.events)  # the flash's news stays
