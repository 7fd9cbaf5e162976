"""Where the analysis starts a sentence (timeline.events.Pipeline.parse, the real spaCy model).

Two facts of written text, each with its rows: a blank line ends a sentence (a headline or credit line has
no full stop), and inside a line a sentence only starts after a stop, a quote or a bracket (the small parser
otherwise breaks some clauses in two, and each half became an event of its own).
"""
from __future__ import annotations

import pytest

from timeline.records import Article


@pytest.fixture(scope="module")
def pipeline(geoparser):
    from timeline.events import Pipeline

    return Pipeline(geoparser=geoparser)


def sentences(pipeline, text):
    return [s.text.strip() for s in pipeline.parse(Article(text=text)).sents if s.text.strip()]


@pytest.mark.parametrize("text,expected", [
    # a blank line ends the headline
    ("Coalition weighs strikes on Sirte\n\nDefence ministers met in Rome on February 2.",
     ["Coalition weighs strikes on Sirte", "Defence ministers met in Rome on February 2."]),
    # (a byline such as "Reporting by Jane Doe" is page furniture now: blanked before the parse)
    ("Smoke rose over the port\n\nTroops entered the town on Monday.",
     ["Smoke rose over the port", "Troops entered the town on Monday."]),
])
def test_a_blank_line_ends_a_sentence(pipeline, text, expected):
    assert sentences(pipeline, text) == expected


@pytest.mark.parametrize("begins,ends", [
    # the seed's long sentence, which the parser cut before "but also" in the article's context
    ("Nearly two years after America began airstrikes", "newer strongholds in central Libya."),
    ("US President Barack Obama has instructed key advisors", "to Europe."),
])
def test_no_sentence_starts_inside_a_line_without_a_stop_before_it(pipeline, seed_text, begins, ends):
    [sentence] = [s for s in sentences(pipeline, seed_text) if s.startswith(begins)]
    assert sentence.endswith(ends)


def test_a_paragraph_opening_on_a_modifier_stays_whole(pipeline):
    text = "Defence ministers met in Rome on February 2, 2016 to discuss the situation in Libya."
    assert sentences(pipeline, text) == [text]


@pytest.mark.parametrize("text,expected", [
    # stops, quotes and brackets still end sentences inside a line
    ("The army said it was ready. Rebels denied it.", ["The army said it was ready.", "Rebels denied it."]),
    ('"We will stay," he said. Talks resume on Monday.', ['"We will stay," he said.', "Talks resume on Monday."]),
])
def test_sentences_still_end_at_stops_inside_a_line(pipeline, text, expected):
    assert sentences(pipeline, text) == expected
