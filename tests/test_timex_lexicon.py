"""Every word of the lexicon's tables is recognised by the rules built from them: the rows come from the
tables themselves, so a word added to a table is tested here without touching this file."""
from __future__ import annotations

import datetime as dt

import pytest

from timeline.timex import tag_dates
from timeline.timex import lexicon as lx

FRIDAY = dt.date(1998, 8, 7)


def tagged(sentence: str, published: dt.date | None = FRIDAY) -> dict[str, str | None]:
    return {t.text: t.value for t in tag_dates(sentence, published)}


@pytest.mark.parametrize("name", lx.MONTH_NAMES)
def test_month_names(name):
    month = lx.MONTHS[name]
    assert tagged(f"It was signed in {name.title()} 1988.") == {f"{name.title()} 1988": f"1988-{month:02d}"}


@pytest.mark.parametrize("abbr", lx.MONTH_ABBREVIATIONS)
def test_month_abbreviations(abbr):
    month = lx.MONTH_ABBREVIATIONS[abbr]
    assert tagged(f"It was signed on {abbr.title()}. 5, 1988.") == {
        f"{abbr.title()}. 5, 1988": f"1988-{month:02d}-05"}


@pytest.mark.parametrize("day", lx.WEEKDAYS)
def test_weekdays(day):
    # past-tense narration: the most recent such day on or before publication (a Friday)
    back = (FRIDAY.weekday() - lx.WEEKDAYS[day]) % 7
    assert tagged(f"The minister spoke on {day.title()}.") == {
        day.title(): (FRIDAY - dt.timedelta(days=back)).isoformat()}


@pytest.mark.parametrize("word", lx.DEICTIC_DAYS)
def test_deictic_days(word):
    day = (FRIDAY + dt.timedelta(days=lx.DEICTIC_DAYS[word])).isoformat()
    value = tagged(f"The minister will speak {word}.")[word]
    assert value.startswith(day)


@pytest.mark.parametrize("part", lx.DAY_PARTS)
def test_day_parts(part):
    assert tagged(f"They met this {part}.") == {f"this {part}": f"1998-08-07T{lx.DAY_PARTS[part]}"}


@pytest.mark.parametrize("zone", lx.TIME_ZONES)
def test_time_zones(zone):
    assert tagged(f"Trading stopped at 4 p.m. {zone} Tuesday.") == {f"4 p.m. {zone} Tuesday": "1998-08-04T16:00"}


@pytest.mark.parametrize("season", lx.SEASONS)
def test_seasons(season):
    assert tagged(f"The talks collapsed in the {season} of 1996.") == {
        f"the {season} of 1996": f"1996-{lx.SEASONS[season]}"}


@pytest.mark.parametrize("word", lx.QUARTER_ORDINALS)
def test_quarter_ordinals(word):
    assert tagged(f"Profit fell in the {word} quarter of 1997.") == {
        f"the {word} quarter of 1997": f"1997-Q{lx.QUARTER_ORDINALS[word]}"}


@pytest.mark.parametrize("word", lx.HALVES)
def test_halves(word):
    assert tagged(f"Profit fell in the {word} half of 1997.") == {
        f"the {word} half of 1997": f"1997-H{lx.HALVES[word]}"}


@pytest.mark.parametrize("word", [w for w, n in lx.ORDINALS.items() if not w[0].isdigit()])
def test_ordinal_centuries(word):
    assert tagged(f"It was built in the {word} century.") == {
        f"the {word} century": f"{lx.ORDINALS[word] - 1:02d}"}


@pytest.mark.parametrize("word", lx.DECADE_WORDS)
def test_decade_words(word):
    assert tagged(f"Inflation soared in the {word}.") == {f"the {word}": f"19{lx.DECADE_WORDS[word]}"}


@pytest.mark.parametrize("word", [*(w for w, n in lx.UNITS_SMALL.items() if n), *lx.TENS, *lx.NUMBER_PHRASES])
def test_number_words(word):
    n = lx.parse_number(word)
    assert tagged(f"He waited {word} years.") == {f"{word} years": f"P{n:g}Y"}


@pytest.mark.parametrize("unit", lx.UNITS)
def test_units(unit):
    from timeline.timex.rules.base import duration_value

    assert tagged(f"He waited three {lx.plural(unit)}.") == {f"three {lx.plural(unit)}": duration_value(3, unit)}


@pytest.mark.parametrize("word", lx.SET_ADVERBS)
def test_set_adverbs(word):
    assert tagged(f"The council meets {word}.") == {word: lx.SET_ADVERBS[word][0]}


@pytest.mark.parametrize("name", lx.HOLIDAYS)
def test_holidays(name):
    title = " ".join(w[:1].upper() + w[1:] for w in name.split())
    value = tagged(f"The offices close on {title} 1999.")[f"{title} 1999"]
    assert value.startswith("1999-")
