"""Issue #22: people are not places, and the sentence and the dateline say which namesake a town is."""
from __future__ import annotations

import pytest

from geo import feature_codes as fc
from geo.context import dateline_container, sentence_ids


# -- people: a title, a first name or a verb of speech says the name is a person's ----------------------------
@pytest.mark.parametrize("text,name", [
    ("Mr. Jackson said the plan would work.", "Jackson"),
    ("Sgt. Lincoln told reporters that the suspect had fled.", "Lincoln"),
    ("President Tyler vetoed the bill.", "Tyler"),
    ("The portrait of Andrew Jackson hangs in the hall.", "Jackson"),
    ('"We will rebuild," Tyler said on Friday.', "Tyler"),
    ("Jackson told reporters he would run again.", "Jackson"),
])
def test_a_person_named_like_a_town_is_no_place(geoparser, text, name):
    found = [m.text for m in geoparser.parse(text)]
    assert name not in found, found


@pytest.mark.parametrize("text,name,code", [
    # countries, states and capitals speak for their governments
    ("Texas said it would sue the agency.", "Texas", fc.STATE),
    ("Moscow said the talks had failed.", "Moscow", fc.CAPITAL),
    # after a word the name is where the speakers are, not one of them
    ("Police in Jackson said the road was closed.", "Jackson", None),
    ("Officials in Tyler and Lincoln said the storm had passed.", "Lincoln", None),
])
def test_places_that_speak_or_stand_before_said_stay_places(geoparser, text, name, code):
    found = {m.text: m.entry for m in geoparser.parse(text)}
    assert name in found, found
    assert found[name] is not None
    assert code is None or found[name].feature_code == code


# -- sentences and datelines, read from the text alone ----------------------------------------------------------
def test_sentences_end_at_stops_but_not_inside_a_place_or_after_a_title():
    text = "Police in Portland, Ore., said Mr. Smith left. He went to Salem.\nMoscow is in Idaho."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Portland", "Ore.", "Salem", "Moscow", "Idaho")]
    assert sentence_ids(text, spans) == [0, 0, 1, 2, 2]


@pytest.mark.parametrize("text,names,container", [
    ("SPRINGFIELD, Mo. (AP) — The county board met.", ["SPRINGFIELD", "Mo."], 1),
    ("LONDON, Ky. (WKYT) - London Police have arrested two people.", ["LONDON", "Ky.", "London"], 1),
    # local papers open with the headline, then the dateline
    ("Mason charged. BANTAM, Conn. — A Danbury mason was charged.", ["BANTAM", "Conn.", "Danbury"], 1),
    # a dateline with no state or country, and no dateline at all
    ("BEIRUT — A cease-fire held in Aleppo.", ["BEIRUT", "Aleppo"], None),
    ("Officials in Springfield, Mo., said the board met.", ["Springfield", "Mo."], None),
])
def test_the_dateline_container(text, names, container):
    spans, at = [], 0
    for name in names:
        start = text.index(name, at)
        spans.append((start, start + len(name)))
        at = start + len(name)
    assert dateline_container(text, spans) == container


# -- the context decides between namesakes ------------------------------------------------------------------------
@pytest.mark.parametrize("text,mention,country,admin1", [
    # a state named in the same sentence, not beside the town
    ("The mayor of Moscow, a college town in northern Idaho, resigned on Friday.", "Moscow", "US", "ID"),
    # the dateline's state holds the rest of the story
    ("LONDON, Ky. (WKYT) - London Police have arrested two people after a chase.", "London", "US", "KY"),
    ("PARIS, Texas (AP) — Floods closed roads. Paris schools stayed shut on Monday.", "Paris", "US", "TX"),
    # and a state's abbreviation right after the town
    ("Police in Portland, Ore., said the man was arrested.", "Portland", "US", "OR"),
    ("Springfield, Ill. officials approved the budget.", "Springfield", "US", "IL"),
])
def test_the_sentence_and_the_dateline_choose_the_namesake(geoparser, text, mention, country, admin1):
    found = [m for m in geoparser.parse(text) if m.text == mention]
    assert found and found[-1].entry is not None, found
    assert (found[-1].entry.country_code, found[-1].entry.admin1) == (country, admin1)


# -- a town written with its state after a comma lies in that state ------------------------------------------------
@pytest.mark.parametrize("text,mention", [
    # the gazetteer has no Howland in Ohio, nor a Felton in Minnesota: their namesakes in Maine and California
    # are not the place, whatever their scores
    ("A man was shot in Howland, Ohio, on Saturday.", "Howland"),
    ("HOWLAND, Ohio (WKBN) - Police named four victims of a shooting at a Howland home.", "Howland"),
    ("Two men were hurt in Felton, Minn., on Friday.", "Felton"),
])
def test_a_town_with_no_reading_in_the_state_written_after_it_is_not_placed_elsewhere(geoparser, text, mention):
    placed = [m.entry for m in geoparser.parse(text) if m.text.lower() == mention.lower() and m.entry is not None]
    assert placed == [], placed


@pytest.mark.parametrize("text,mention,country,admin1", [
    ("He grew up in Paris, Texas. Paris is a small town.", "Paris", "US", "TX"),  # every Paris of the article
    ("Sales rose in Atlanta, Georgia, last year.", "Atlanta", "US", "GA"),  # "Georgia" may read the country
    ("The firm of Toronto, Ontario, Canada won the bid.", "Toronto", "CA", "08"),
    ("Trips to Saipan, Guam, Alaska and Hawaii are planned.", "Saipan", "MP", None),  # a list, not a state
])
def test_a_state_written_after_a_town_holds_it_and_nothing_else_does(geoparser, text, mention, country, admin1):
    found = [m for m in geoparser.parse(text) if m.text == mention]
    assert found and all(m.entry is not None for m in found), found
    assert all(m.entry.country_code == country and (admin1 is None or m.entry.admin1 == admin1) for m in found), \
        [(m.entry.country_code, m.entry.admin1) for m in found]


# -- detection recall: datelines in capitals, lists of divisions, a county inside an institution's name ------------
@pytest.mark.parametrize("text,names", [
    ("Man charged with fraud. CORSICANA — A Henderson County man was sentenced.", ["CORSICANA", "Henderson County"]),
    ("School boards in Barrow, Jackson and Madison counties met on Monday.", ["Barrow", "Jackson", "Madison"]),
    ("Troops moved through the Nineveh and Anbar governorates.", ["Nineveh", "Anbar"]),
    ("According to a report by Henry County Sheriff’s Department, the man fled.", ["Henry County"]),
    ("The Guernsey County Sheriff's Office reported the fire.", ["Guernsey County"]),
])
def test_places_detection_used_to_miss(geoparser, text, names):
    found = [c.text for c in geoparser.detector.detect(geoparser.nlp(text))]
    assert all(name in found for name in names), found


def test_a_plural_after_no_list_claims_nothing(geoparser):
    # "the Gulf states" is no list of states, and a lower-case word before the plural ends the list
    for text in ("Leaders of the Gulf states met in Riyadh.", "Several rural counties voted no."):
        found = [c.text for c in geoparser.detector.detect(geoparser.nlp(text)) if c.origin == "cue"]
        assert found == [], found
