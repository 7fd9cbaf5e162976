"""eval-events: the events/ protocol of ../shared/eval/README.md (real pipeline on corpora written here)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import run_cli
from timeline.evaluation.events import event_around, inside, score_document, value_range
from timeline.records import Event
from timeline.timex import Timex

D = dt.date


@pytest.mark.parametrize("value, expected", [
    ("1998-08-07", (D(1998, 8, 7), D(1998, 8, 7))),
    ("1998-08-07T10:35", (D(1998, 8, 7), D(1998, 8, 7))),
    ("1998-08-07TNI", (D(1998, 8, 7), D(1998, 8, 7))),
    ("1998-08", (D(1998, 8, 1), D(1998, 8, 31))),
    ("2000-02", (D(2000, 2, 1), D(2000, 2, 29))),
    ("1998-W32", (D(1998, 8, 3), D(1998, 8, 9))),
    ("1998-W32-WE", (D(1998, 8, 8), D(1998, 8, 9))),
    ("1989-Q3", (D(1989, 7, 1), D(1989, 9, 30))),
    ("1990-H1", (D(1990, 1, 1), D(1990, 6, 30))),
    ("1997-SU", (D(1997, 6, 1), D(1997, 8, 31))),
    ("1997-WI", (D(1997, 12, 1), D(1998, 2, 28))),
    ("1998-WXX", (D(1998, 1, 1), D(1998, 12, 31))),
    ("1998", (D(1998, 1, 1), D(1998, 12, 31))),
    ("PRESENT_REF", None),
    ("P1M", None),
])
def test_value_range(value, expected):
    assert value_range(value) == expected


def _event(start, end, value, earliest, latest):
    date = Timex(text="x", start=start, end=start + 1, type="DATE", value=value, earliest=earliest, latest=latest,
                 precision="day")
    return Event(id=f"{start}-{end}", article_id="a", sentence="s", start=start, end=end, type="other", date=date,
                 location=None)


def test_the_smallest_event_around_the_word_is_scored_and_ranges_must_lie_inside_the_gold_one():
    sentence = _event(0, 100, "1998-08-08", "1998-08-08", "1998-08-08")
    clause = _event(20, 40, "1998-08-07", "1998-08-07", "1998-08-07")
    week = _event(50, 60, "1998-W32", "1998-08-03", "1998-08-09")
    events = [sentence, clause, week]
    assert event_around(events, 25) is clause and event_around(events, 10) is sentence
    assert event_around(events, 40) is sentence and event_around(events, 100) is None
    assert inside((D(1998, 8, 7), D(1998, 8, 7)), value_range("1998-W32"))
    assert not inside((D(1998, 8, 3), D(1998, 8, 9)), value_range("1998-08-07"))
    anchors = [{"start": 25, "end": 30, "value": "1998-08-07", "dct": False},   # clause: right
               {"start": 55, "end": 58, "value": "1998-08-07", "dct": False},   # a week is not the day: wrong
               {"start": 5, "end": 9, "value": "1998-08-08", "dct": True},      # sentence: right
               {"start": 150, "end": 155, "value": "1998-08-08", "dct": True}]  # no event: wrong
    baseline = [None, (D(1998, 8, 7), D(1998, 8, 7)), (D(1998, 8, 8), D(1998, 8, 8)), None]
    score = score_document(anchors, events, baseline)
    text, pub = score.parts["in_text"], score.parts["publication"]
    assert (text.anchors, text.right, text.no_event, text.baseline_right) == (2, 1, 0, 1)
    assert (pub.anchors, pub.right, pub.no_event, pub.baseline_right) == (2, 1, 1, 1)
    assert len(score.errors) == 2 and score.errors[1]["event"] is None


def _anchor(text, word, value, dct, timex=None):
    start = text.index(word)
    return {"start": start, "end": start + len(word), "event": word, "timex": timex, "value": value, "dct": dct,
            "rel": "IS_INCLUDED"}


def test_eval_events_command_scores_the_project_beside_the_nearest_date_baseline(tmp_path, capsys):
    from timeline.cli import main

    text = "On Monday the mayor, who resigned in May, said the town was calm. Police have arrested two men."
    doc = {"id": "d1", "published": "2016-06-15", "text": text, "anchors": [
        _anchor(text, "said", "2016-06-13", False, "On Monday"),     # the baseline takes "in May", nearer
        _anchor(text, "resigned", "2016-05", False, "in May"),
        _anchor(text, "arrested", "2016-06-15", True)]}
    corpus = tmp_path / "anchors.jsonl"
    corpus.write_text(json.dumps(doc) + "\n" + json.dumps({"id": "d2", "published": "2016-06-15",
                                                           "text": "Nothing dated here."}) + "\n")
    errors = tmp_path / "errors.jsonl"
    code, out, err = run_cli(main, ["eval-events", str(corpus), "--errors", str(errors)], capsys=capsys)
    assert code == 0, err
    fig = json.loads(out)
    assert fig["documents"] == 2 and fig["in_text"]["anchors"] == 2 and fig["publication"]["anchors"] == 1
    assert fig["in_text"]["dated_right"] == 100.0 and fig["in_text"]["baseline"] == 50.0
    assert fig["publication"]["dated_right"] == 100.0 and fig["publication"]["baseline"] == 100.0
    assert fig["all"]["no_event"] == 0.0 and fig["events_per_article"] > 0
    assert len(fig["halves"]) == 2 and "baseline" in err and "dated right" in err
    assert errors.read_text() == ""


@pytest.mark.parametrize("content, message", [
    (None, "cannot read"),
    ("{not json\n", "not JSON"),
    ('{"id": "x"}\n', '"text" string'),
])
def test_eval_events_bad_input_is_one_line(tmp_path, capsys, content, message):
    from timeline.cli import main

    path = tmp_path / "corpus.jsonl"
    if content is not None:
        path.write_text(content)
    code, out, err = run_cli(main, ["eval-events", str(path)], capsys=capsys)
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1
