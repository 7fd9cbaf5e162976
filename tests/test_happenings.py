"""One happening, one event (issue #19 item 5): clauses of one sentence and retellings across sentences merge
(real model, real gazetteer, the shipped type and merge models)."""
from __future__ import annotations

import datetime as dt

import pytest

from timeline.events.happenings import PAIR_FEATURES, PairModel, Telling, load_pair_model, merge_retellings
from timeline.records import Article, Event
from timeline.timex import Timex

PUBLISHED = dt.date(2016, 1, 31)


@pytest.fixture(scope="module")
def pipelines(geoparser):
    from timeline.events import Pipeline

    merged = Pipeline(geoparser=geoparser)
    per_clause = Pipeline(geoparser=geoparser, nlp=merged.nlp)
    per_clause.extractor.merge = False
    return merged, per_clause


def events(pipeline, text):
    return pipeline.analyse(Article(text=text, published=PUBLISHED)).events


def test_clauses_of_one_happening_are_one_event_with_every_actor(pipelines):
    merged, per_clause = pipelines
    text = "France warns of IS crossing the Med to Europe, US mulls military action in Libya"
    assert len(events(per_clause, text)) == 2  # one per clause, as the pipeline gave before
    (one,) = events(merged, text)
    assert {"France", "United States"} <= set(one.actors)
    assert one.type != "OTHER" and one.start == 0 and one.end == len(text)


def test_a_denial_beside_what_it_denies_is_one_telling(pipelines):
    merged, per_clause = pipelines
    text = ("The Libyan military said that the Americans had not coordinated their visit with the authorities "
            "in a statement.")
    assert len(events(per_clause, text)) == 2
    (one,) = events(merged, text)
    assert one.factuality == "asserted" and "Libyan military" in one.actors


def test_two_places_are_two_happenings_even_on_one_day(pipelines):
    merged, _ = pipelines
    text = ("Obama will host Italian President Sergio Mattarella at the White House on February 8, while his "
            "Secretary of State John Kerry is expected in Rome.")
    places = {e.location.text for e in events(merged, text) if e.location}
    assert {"White House", "Rome"} <= places


def test_two_dates_are_two_happenings(pipelines):
    merged, _ = pipelines
    text = "Police said on Monday that a gunman killed two men in Dayton on Friday."
    dates = sorted(e.date.value for e in events(merged, text))
    assert dates == ["2016-01-25", "2016-01-29"]


def _telling(start, sentence, type_, actors, day="2016-01-31", lemma="say", factuality="asserted"):
    ev = Event(id=f"e{start}", article_id="a", sentence="s", start=start, end=start + 5, type=type_,
               date=Timex(text=day, start=0, end=0, type="DATE", value=day, earliest=day, latest=day, precision="day"), location=None, actors=tuple(actors),
               factuality=factuality)
    return Telling(ev, lemma, sentence, sentence, 0.9)


def test_retellings_join_the_first_telling_with_their_actors_and_spans():
    weights = dict.fromkeys(PAIR_FEATURES, 0.0)
    weights.update(bias=-3.0, shared_actor=2.0, both_statements=1.0, dates_overlap=1.0)
    model = PairModel(weights, 0.5)
    tellings = [_telling(0, 0, "STATEMENT", ["Le Drian", "IS"]), _telling(50, 1, "STATEMENT", ["Le Drian"]),
                _telling(90, 2, "ASSAULT", ["Gunmen"], lemma="attack"),
                _telling(120, 3, "STATEMENT", ["Le Drian"], factuality="negated")]
    out = merge_retellings(tellings, model)
    assert [e.id for e in out] == ["e0", "e90", "e120"]  # a denial is not the statement it denies
    assert out[0].mentions == ((50, 55),) and out[0].actors == ("Le Drian", "IS")


def test_the_shipped_merge_model_reads():
    model = load_pair_model()
    assert set(model.weights) == set(PAIR_FEATURES) and 0 < model.threshold < 1


def test_a_quote_that_runs_on_is_its_speakers_one_statement(pipelines):
    merged, per_clause = pipelines
    text = ("French Defence Minister Jean-Yves Le Drian told French TV on Sunday that the militants were spreading."
            "\n\n“It’s a major risk,” he said.\n\nThe rain stopped in Paris on Saturday.\n\n"
            "“I think it’s urgent,” he added.")
    assert sum("Le Drian" in " ".join(e.actors) for e in events(per_clause, text)) >= 3
    said = [e for e in events(merged, text) if "Jean-Yves Le Drian" in e.actors]
    assert len(said) == 1 and len(said[0].mentions) == 2
    assert "told French TV" in said[0].sentence
