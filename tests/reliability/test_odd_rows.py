"""Issue #18, items 4 to 7: one odd row or line (a date at the calendar's end, a lone surrogate, an overlong CSV
field, a byte that is not UTF-8) costs that row only, named in one line; the rows after it are still read.

Every command runs as a real process from the checkout (tests/reliability/helpers.py) on real files.
"""
from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from tests.reliability.helpers import run

GOOD = {"id": "good", "text": "Clashes in Sirte on Saturday.", "published": "2016-01-31"}


def _jsonl(*records) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


# --- item 5: a publication date at either end of the calendar -------------------------------------------------

def test_dates_with_a_publication_date_at_the_end_of_the_calendar(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Talks resume next year; the envoy left yesterday.", encoding="utf-8")
    late = run("timeline", "dates", str(article), "--published", "9999-12-31")
    err = late.stderr.decode()
    assert late.returncode == 2 and "Traceback" not in err, err
    assert err.count("\n") == 1 and "9999-12-31" in err and "out of range" in err
    early = run("timeline", "dates", str(article), "--published", "0001-01-01")
    assert early.returncode == 0, early.stderr.decode()[-2000:]
    found = {t["text"]: t for t in json.loads(early.stdout)["timexes"]}
    assert found["next year"]["value"] == "0002"  # "yesterday" has no day in the calendar: left unresolved or out


def test_dates_jsonl_answers_the_lines_after_a_date_at_the_end_of_the_calendar():
    text = "Talks resume next year; the envoy left yesterday."
    stdin = _jsonl({"id": "late", "text": text, "published": "9999-12-31"},
                   {"id": "early", "text": text, "published": "0001-01-01"}, GOOD)
    proc = run("timeline", "dates", "--jsonl", stdin=stdin)
    err = proc.stderr.decode()
    assert "Traceback" not in err and proc.returncode == 1, err
    assert [json.loads(line)["id"] for line in proc.stdout.decode().splitlines()] == ["early", "good"]
    assert "line 1:" in err and "out of range" in err


# --- item 6: a lone surrogate in a JSONL line -----------------------------------------------------------------

SURROGATE_TEXT = b'{"id": "s1", "text": "Clashes in Sirte \\ud800 on Saturday.", "published": "2016-01-31"}'
SURROGATE_ID = b'{"id": "s\\ud800", "text": "Clashes in Sirte on Saturday.", "published": "2016-01-31"}'


@pytest.mark.parametrize("module,args", [("geo", ("parse", "--jsonl")), ("timeline", ("dates", "--jsonl")),
                                         ("timeline", ("events", "--jsonl"))])
def test_a_lone_surrogate_costs_its_own_line_only(module, args):
    proc = run(module, *args, stdin=_jsonl(SURROGATE_TEXT, SURROGATE_ID, GOOD))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err[-3000:]
    assert [json.loads(line)["id"] for line in proc.stdout.decode().splitlines()] == ["good"]
    assert err.count("line 1:") == 1 and err.count("line 2:") == 1 and "surrogate" in err


def test_build_leaves_out_the_line_with_a_surrogate_and_keeps_its_unit(tmp_path):
    from timeline.duck_store import DuckStore

    lines = [SURROGATE_TEXT, SURROGATE_ID] + [
        {"id": f"a{i}", "text": f"Police clashed with protesters in Nairobi on Saturday, day {i}.",
         "published": "2016-03-14", "title": f"Nairobi {i}"} for i in range(4)]
    source = tmp_path / "in.jsonl"
    source.write_bytes(_jsonl(*lines))
    out = tmp_path / "ds"
    first = run("timeline", "build", str(source), "--out", str(out), "--workers", "1", "--partition-size", "50")
    err = first.stderr.decode()
    assert first.returncode == 1 and "Traceback" not in err, err[-3000:]
    summary = json.loads(first.stdout)
    assert summary["articles"] == 4, summary
    assert sum("surrogate" in f["error"] for f in summary["failed"]) == 2, summary
    with DuckStore(out) as d:
        assert d.count()["articles"] == 4
    again = run("timeline", "build", str(source), "--out", str(out), "--workers", "1", "--partition-size", "50")
    summary = json.loads(again.stdout)
    assert summary["articles"] == 0 and summary["skipped_units"] == summary["units"], summary  # not "left for later"
