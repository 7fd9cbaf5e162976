"""Event dates by syntax and tense, one event per happening (real spaCy model, real tagger, real gazetteer).

Each rule of timeline/events/dating.py has its own rows; the sentences are written for these tests.
"""
from __future__ import annotations

import datetime as dt

import pytest

from timeline.events.dating import clause_date, coarsen, publication_date
from timeline.records import Article
from timeline.timex import Timex, occurrence

PUBLISHED = dt.date(2016, 6, 15)  # a Wednesday


@pytest.fixture(scope="module")
def pipeline(geoparser):
    from timeline.events import Pipeline

    return Pipeline(geoparser=geoparser)


def analyse(pipeline, text, published=PUBLISHED):
    return pipeline.analyse(Article(text=text, published=published))


def event_at(analysis, word):
    """The smallest event around the first occurrence of ``word`` (the scoring rule of eval-events)."""
    start = analysis.article.text.index(word)
    around = [e for e in analysis.events if e.start <= start < e.end]
    assert around, f"no event around {word!r}"
    return min(around, key=lambda e: e.end - e.start)


def place_name(event):
    return event.location.entry.name if event.location and event.location.entry else None


# --- rule 1: a clause's own date; relative clauses keep theirs ---------------------------------------------

def test_two_happenings_in_one_sentence_are_two_events_with_their_own_dates_and_places(pipeline):
    a = analyse(pipeline, "A woman who was arrested in Boston last March appeared in court in Chicago on Tuesday.")
    arrested, appeared = event_at(a, "arrested"), event_at(a, "appeared")
    assert arrested is not appeared
    assert (arrested.date.value, arrested.date_basis) == ("2016-03", "own")
    assert (appeared.date.value, appeared.date_basis) == ("2016-06-14", "own")
    assert place_name(arrested) == "Boston" and place_name(appeared) == "Chicago"
    assert a.article.text[arrested.start:arrested.end] == "who was arrested in Boston last March"
    assert arrested.sentence == appeared.sentence == a.article.text and appeared.start == 0


def test_a_relative_clause_in_the_present_is_as_of_the_article_not_the_main_clause(pipeline):
    a = analyse(pipeline, "The firm, which employs 300 people, cut its prices on Monday.")
    assert event_at(a, "cut").date.value == "2016-06-13"
    employs = event_at(a, "employs")
    assert (employs.date.value, employs.date_basis) == ("2016-06-15", "reported")


def test_reported_speech_keeps_its_own_date(pipeline):
    a = analyse(pipeline, "On Monday the mayor, who resigned in May, said the town was calm.")
    assert event_at(a, "said").date.value == "2016-06-13"
    assert event_at(a, "resigned").date.value == "2016-05"


@pytest.mark.parametrize("text, word, value", [
    # rule 2: a past clause takes the date of the infinitive it governs ...
    ("Officials were not available to comment on Tuesday.", "available", "2016-06-14"),
    # ... of the participle it governs, even as an adverbial verb with no subject ...
    ("Found clinging to a raft off the coast in late November, the sailor has recovered.", "Found", "2015-11"),
    # ... or of the event noun its happening lies in
    ("Two guards were wounded in an attack on Sunday.", "wounded", "2016-06-12"),
    # rule 2: a reporting verb takes the date of a participle on its source
    ("The minister said in a letter dated June 13 that talks would resume.", "said", "2016-06-13"),
    # an event noun takes the date of its relative clause; the main clause keeps its own
    ("Veterans of the revolution that toppled the king in 1979 gathered in Tehran on Monday.", "revolution", "1979"),
    ("Veterans of the revolution that toppled the king in 1979 gathered in Tehran on Monday.", "gathered",
     "2016-06-13"),
    # rule 3: a participle with no date happens when its governor does
    ("Rebels attacked the town on Sunday, killing five soldiers.", "killing", "2016-06-12"),
    # rule 3: a date fronted before the sentence's first predicate frames every clause
    ("During the second quarter, the bank sold two branches and closed a third.", "sold", "2016-Q2"),
    ("During the second quarter, the bank sold two branches and closed a third.", "closed", "2016-Q2"),
])
def test_a_clause_with_no_date_of_its_own_takes_the_one_syntax_gives_it(pipeline, text, word, value):
    assert event_at(analyse(pipeline, text), word).date.value == value


# --- rule 4: reporting, present and present-perfect clauses with no date: the publication date -------------

@pytest.mark.parametrize("text, word", [
    ("The mayor said the bridge would stay closed.", "said"),
    ("The company has closed three factories.", "closed"),
    ("The river is rising fast.", "rising"),
    ("Sales fell sharply last week, according to the company.", "according"),  # a source, not the fall
])
def test_undated_reporting_present_and_perfect_clauses_are_dated_by_publication(pipeline, text, word):
    event = event_at(analyse(pipeline, text), word)
    assert (event.date.value, event.date_basis) == ("2016-06-15", "reported")


# --- future: never before the publication date -------------------------------------------------------------

def test_a_future_clause_under_a_past_dated_one_is_not_before_publication(pipeline):
    a = analyse(pipeline, "On Monday the mayor said she will resign.")
    assert event_at(a, "said").date.value == "2016-06-13"
    resign = event_at(a, "resign")
    assert resign.date.earliest >= "2016-06-15"


def test_an_expected_happening_at_the_weekend_is_the_coming_weekend(pipeline):
    a = analyse(pipeline, "The council is expected to vote at the weekend.")
    vote = event_at(a, "vote")
    assert vote.date.earliest >= "2016-06-15" and vote.date.value.endswith("-WE")
    assert event_at(a, "expected").date_basis == "reported"


def _open(text, value, earliest, latest, precision="day"):
    return Timex(text=text, start=0, end=len(text), type="DATE", value=value, earliest=earliest, latest=latest,
                 precision=precision)


@pytest.mark.parametrize("timex, value", [
    # a weekday moves a week, a month a year (the tagger's rule of which occurrence, told the clause looks ahead)
    (_open("Friday", "2016-06-10", "2016-06-10", "2016-06-10"), "2016-06-17"),
    (_open("March", "2016-03", "2016-03-01", "2016-03-31", "month"), "2017-03"),
    # a holiday moves to its own day in the coming year, not a week on
    (_open("Christmas", "2015-12-25", "2015-12-25", "2015-12-25"), "2016-12-25"),
    (_open("Easter", "2016-03-27", "2016-03-27", "2016-03-27"), "2017-04-16"),
    # a day named by its number moves a month
    (_open("the 3rd", "2016-06-03", "2016-06-03", "2016-06-03"), "2016-07-03"),
    (_open("the first Tuesday of March", "2016-03-01", "2016-03-01", "2016-03-01"), "2017-03-07"),
    # the words fix the date: kept
    (_open("last Friday", "2016-06-10", "2016-06-10", "2016-06-10"), "2016-06-10"),
    (_open("March 2015", "2015-03", "2015-03-01", "2015-03-31", "month"), "2015-03"),
    (_open("two days ago", "2016-06-13", "2016-06-13", "2016-06-13"), "2016-06-13"),
])
def test_the_coming_occurrence_of_a_future_clause_date(timex, value):
    coming = occurrence.coming(timex, PUBLISHED)
    assert coming.value == value
    assert (coming.text, coming.start, coming.end) == (timex.text, timex.start, timex.end)


@pytest.mark.parametrize("text, word, value", [
    # the tagger reads the nearest cue ("officials said", past); the clause of "reopen" is future
    ("The museum will reopen on Christmas, officials said.", "reopen", "2016-12-25"),
    ("The talks will resume on Easter, diplomats said.", "resume", "2017-04-16"),
    ("The school will reopen on the 3rd, officials said.", "reopen", "2016-07-03"),
])
def test_a_future_clause_takes_the_coming_occurrence_whatever_the_nearest_cue(pipeline, text, word, value):
    event = event_at(analyse(pipeline, text), word)
    assert (event.date.value, event.date_basis) == (value, "own")


# --- rule 5: carried only while the narrative goes on, a week's precision ----------------------------------

def test_a_date_is_carried_within_a_paragraph_only_and_made_coarser(pipeline):
    a = analyse(pipeline, "Police raided a house in Leeds on Monday. They arrested two men.\n\n"
                          "The neighbours were shocked.")
    arrested = event_at(a, "arrested")
    assert arrested.date_basis == "carried" and arrested.date.precision == "week"
    assert arrested.date.earliest <= "2016-06-13" <= arrested.date.latest
    shocked = event_at(a, "shocked")
    assert (shocked.date.value, shocked.date_basis) == ("2016-06-15", "reported")
    assert place_name(event_at(a, "raided")) == "Leeds"


def test_clause_date_rules_in_order():
    monday = Timex(text="Monday", start=0, end=6, type="DATE", value="2016-06-13", earliest="2016-06-13",
                   latest="2016-06-13", precision="day")
    pub = publication_date(PUBLISHED)
    common = dict(governed=None, carried=None, published=PUBLISHED, reporting=False)
    assert clause_date(own=monday, governing=None, tense_="past", **common) == (monday, "own")
    assert clause_date(own=None, governing=(monday, "own"), tense_="nonfinite", **common) == (monday, "own")
    assert clause_date(own=None, governing=(monday, "own"), tense_="future", **common) == (pub, "reported")
    tuesday = Timex(text="Tuesday", start=0, end=7, type="DATE", value="2016-06-14", earliest="2016-06-14",
                    latest="2016-06-14", precision="day")
    governs = dict(common, governed=tuesday)
    assert clause_date(own=None, governing=(monday, "own"), tense_="past", **governs) == (tuesday, "own")
    assert clause_date(own=None, governing=(monday, "own"), tense_="present", **governs) == (monday, "own")
    assert clause_date(own=None, governing=None, tense_="perfect", **common) == (pub, "reported")
    carried = dict(common, carried=monday)
    assert clause_date(own=None, governing=None, tense_="past", **carried) == (coarsen(monday), "carried")
    assert clause_date(own=None, governing=None, tense_="present", **carried) == (pub, "reported")
    no_date = dict(common, published=None)
    assert clause_date(own=None, governing=None, tense_="past", **no_date) == (None, "reported")


# --- bad input: no publication date ------------------------------------------------------------------------

def test_without_a_publication_date_nothing_is_dated_by_today(pipeline):
    a = analyse(pipeline, "Police raided a house on Monday. The mayor said the town was calm.", published=None)
    assert a.warnings and "no publication date" in a.warnings[0]
    today = dt.date.today().isoformat()
    assert all(e.date is None or e.date.value != today for e in a.events)
    said = event_at(a, "said")
    assert said.date is None


# --- boilerplate -------------------------------------------------------------------------------------------

def test_bylines_notices_and_credits_make_no_events_or_actors(pipeline):
    text = ("By John Smith\n\nCopyright 2016 Example News. All rights reserved.\n\nPhoto: Jane Doe/Reuters\n\n"
            "Police in Leeds arrested Peter Jones on Monday.")
    a = analyse(pipeline, text)
    body = text.index("Police")
    assert a.events and all(e.start >= body for e in a.events)
    names = {x.name for x in a.actors}
    assert "Peter Jones" in names and not {"John Smith", "Jane Doe", "Example News", "Reuters"} & names
    assert event_at(a, "arrested").date.value == "2016-06-13"


def test_the_outlets_name_alone_on_a_line_is_a_credit_not_news(pipeline):
    text = "Floods close roads in Leeds\n\nYorkshire Daily\n\nFloods closed roads in Leeds on Monday."
    a = pipeline.analyse(Article(text=text, source="Yorkshire Daily", published=PUBLISHED))
    credit = text.index("Yorkshire")
    assert not any(e.start <= credit < e.end for e in a.events)
    assert "Yorkshire Daily" not in {x.name for x in a.actors}


def test_clauses_of_a_sentence_cut_without_a_parse_are_dated_not_looped():
    # A pipeline without the parser (sentences cut by the senter, verbs still tagged) leaves every token heading
    # itself: a clause head other than the sentence's root was its own governor, and dating it recursed for ever.
    import spacy

    from geo.nlp import MODEL_NAMES
    from timeline.events.dating import date_clauses

    nlp = spacy.load(MODEL_NAMES[-1], exclude=["parser"])
    nlp.enable_pipe("senter")
    sent = next(nlp("Police said on Monday that gunmen attacked the checkpoint, and officials confirmed it.").sents)
    dated = date_clauses(sent, [], None, dt.date(2016, 1, 31))
    assert len(dated) > 1 and all(c.governor != c.head.i for c, _ in dated)
    assert {basis for _, (_, basis) in dated} == {"reported"}
