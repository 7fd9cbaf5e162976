"""articles.dates: the one parser of publication dates, the same for every command and the upload form."""
from __future__ import annotations

import datetime as dt

import pytest

from articles import InputError, iso_day, parse_date
from tests.conftest import run_cli
from timeline.cli import main as timeline_main

D = dt.date(2016, 1, 31)


@pytest.mark.parametrize("value", [
    "2016-01-31",                 # the plain day
    " 2016-01-31 ",               # stray spaces from a form or front matter
    "2016-01-31T12:00",           # an ISO timestamp keeps its date part
    "2016-01-31T10:00:00Z",
    "2016-01-31T10:00:00.123+01:00",
    "2016-01-31 10:00",
    D,
    dt.datetime(2016, 1, 31, 23, 59),
])
def test_accepted_forms_give_the_day(value):
    assert parse_date(value) == D


@pytest.mark.parametrize("value, needle", [
    ("2025-02-30", "no such day"),       # an impossible day is named, never moved to a nearby one
    ("2016-13-01", "no such day"),
    ("31/01/2016", "expected YYYY-MM-DD"),
    ("2016-1-31", "expected YYYY-MM-DD"),
    ("yesterday", "expected YYYY-MM-DD"),
    ("2016-01-31Tnoon", "expected YYYY-MM-DD"),
    (20160131, "expected YYYY-MM-DD"),  # a JSON number, not a date string
    (["2016-01-31"], "expected YYYY-MM-DD"),
])
def test_refused_forms_name_the_value(value, needle):
    with pytest.raises(InputError) as ei:
        parse_date(value, what="--published")
    message = str(ei.value)
    assert needle in message and "--published" in message and repr(value) in message and "\n" not in message


def test_input_error_is_also_a_value_error():
    assert issubclass(InputError, ValueError)


@pytest.mark.parametrize("value, day", [("2016-01-31TMO", D), ("2016-02-08T14:00", dt.date(2016, 2, 8)),
                                        ("PRESENT_REF", None), ("2016-W05", None), (None, None), ("2016", None)])
def test_iso_day_reads_stored_values_leniently(value, day):
    assert iso_day(value) == day


@pytest.mark.parametrize("command", ["dates", "events"])
def test_every_command_takes_the_same_published_forms(command, tmp_path, capsys):
    # `timeline dates` used to accept a timestamp that `timeline events` refused.
    f = tmp_path / "a.txt"
    f.write_text("The minister spoke in Tripoli on Saturday.\n", encoding="utf-8")
    code, out, err = run_cli(timeline_main, [command, str(f), "--published", "2016-01-31T12:00"], capsys=capsys)
    assert code == 0, err
    assert "2016-01-30" in out  # "Saturday" resolved against the timestamp's day
    code, out, err = run_cli(timeline_main, [command, str(f), "--published", "2016-02-30"], capsys=capsys)
    assert code == 2 and out == "" and err.startswith("python -m timeline: error: ") and "2016-02-30" in err
