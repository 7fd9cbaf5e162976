"""The tagger on everyday dates, as a news reader or a scheduler writes them: clock times, ordinal days,
abbreviations, holidays, "in a week", and tense deciding which "Thursday" is meant.

tests/data/everyday_dates.jsonl holds sentences written for this project (about coming and past meetings,
trips and deadlines), each with its reference day (the publication date given to the tagger), the words of
the expected timex and its TIMEX3 value; a row about a part of a period ("the end of the month", "mid-March")
also gives the bounds (earliest, latest). A row counts as right when the timex covering those words has that
value (and those bounds). Each row is a test (known failures are strict xfail rows carrying their reason, so a fix is noticed);
``test_share_right`` reports the share right per kind and holds a floor.

Run ``python tests/test_timex_everyday.py`` for the table alone.
"""
from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path

import pytest

from timeline.timex import tag_dates

ROWS_FILE = Path(__file__).parent / "data" / "everyday_dates.jsonl"
FLOOR = 0.85  # share of rows right, over all kinds


def load_rows() -> list[dict]:
    return [json.loads(line) for line in ROWS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


def tagged_value(row: dict) -> tuple[bool, str | None, str | None]:
    """(found, value, text) of the timex the row is about: the one with exactly the row's words, else the
    first one overlapping them; a row with bounds has them appended to the value ("2027-03 2027-03-11..")."""
    timexes = tag_dates(row["text"], dt.date.fromisoformat(row["ref"]))
    start = row["text"].index(row["span"])
    end = start + len(row["span"])
    exact = [t for t in timexes if t.start == start and t.end == end]
    near = exact or [t for t in timexes if t.start < end and start < t.end]
    if not near:
        return False, None, None
    t = near[0]
    return True, (f"{t.value} {t.earliest}..{t.latest}" if "earliest" in row else t.value), t.text


def expected(row: dict) -> str:
    return f"{row['value']} {row['earliest']}..{row['latest']}" if "earliest" in row else row["value"]


def is_right(row: dict) -> bool:
    found, value, _ = tagged_value(row)
    return found and value == expected(row)


def score(rows: list[dict]) -> dict[str, tuple[int, int]]:
    """kind -> (right, total), plus "all"."""
    out: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for row in rows:
        ok = is_right(row)
        for k in (row["kind"], "all"):
            out[k][0] += ok
            out[k][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def _params():
    for i, row in enumerate(load_rows()):
        marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if row.get("xfail") else []
        yield pytest.param(row, id=f"{row['kind']}-{i}", marks=marks)


@pytest.mark.parametrize("row", list(_params()))
def test_everyday_row(row):
    found, value, text = tagged_value(row)
    assert found, f"{row['span']!r} not tagged in {row['text']!r}"
    assert value == expected(row), f"{row['text']!r} (ref {row['ref']}): {text!r} -> {value!r}, " \
                                   f"expected {expected(row)!r}"


def test_rows_are_well_formed():
    rows = load_rows()
    assert len(rows) >= 150
    for row in rows:
        assert row["span"] in row["text"]
        dt.date.fromisoformat(row["ref"])
        assert row["kind"] in {"tense", "clock", "ordinal", "abbrev", "holiday", "relative", "part"}


def test_share_right():
    table = score(load_rows())
    report = ", ".join(f"{k} {r}/{n}" for k, (r, n) in sorted(table.items()))
    right, total = table["all"]
    print(f"everyday dates: {right / total:.1%} right ({report})")
    assert right / total >= FLOOR, report


if __name__ == "__main__":
    for kind, (right, total) in sorted(score(load_rows()).items()):
        print(f"{kind:10s} {right:4d}/{total:<4d} {right / total:6.1%}")
