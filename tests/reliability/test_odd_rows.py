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
    from timeline.store.duck import DuckStore

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


# --- item 4: a date past 9998 in an imported row ------------------------------------------------------------

ACLED_HEADER = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                "country", "iso", "admin1", "location", "latitude", "longitude", "geo_precision", "notes"]


def _acled_row(key: str, day: str, precision: str = "1", notes: str = "Clashes in Sirte.") -> list[str]:
    return [key, day, precision, "Battles", "Armed clash", "Militia", "Libya", "434", "Sirte", "Sirte",
            "31.2", "16.6", "1", notes]


def _write_acled(path, rows, encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh)
        w.writerow(ACLED_HEADER)
        w.writerows(rows)
    return path


def _stored_articles(db) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


@pytest.mark.parametrize("precision", ["1", "2", "3"])
def test_acled_row_dated_9999_is_refused_by_itself(tmp_path, precision):
    path = _write_acled(tmp_path / "acled.csv", [_acled_row("LBY1", "2016-01-30"),
                                                 _acled_row("LBY2", "9999-12-31", precision),
                                                 _acled_row("LBY3", "31 December 9999", precision),
                                                 _acled_row("LBY4", "2016-01-31")])
    db = tmp_path / "store.sqlite"
    proc = run("timeline", "import", "acled", str(path), "--db", str(db))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err[-3000:]
    summary = json.loads(proc.stdout)
    assert summary["events"] == 2 and [f["row"] for f in summary["failed"]] == [3, 4], summary
    assert all("out of range" in f["error"] for f in summary["failed"])
    assert _stored_articles(db) == 2


def _gdelt_line(key: str, sqldate: str) -> str:
    from timeline.imports.gdelt import COLUMNS

    row = dict.fromkeys(COLUMNS, "")
    row.update(GLOBALEVENTID=key, SQLDATE=sqldate, EventCode="190", EventRootCode="19", Actor1Name="MILITIA",
               ActionGeo_Type="4", ActionGeo_FullName="Sirte, Surt, Libya", ActionGeo_CountryCode="LY",
               ActionGeo_Lat="31.2", ActionGeo_Long="16.6", DATEADDED="20160131120000",
               SOURCEURL="https://example.org/a")
    return "\t".join(row[c] for c in COLUMNS)


def test_gdelt_line_dated_99991231_is_refused_by_itself(tmp_path):
    path = tmp_path / "x.export.CSV"
    path.write_text("\n".join([_gdelt_line("1", "20160130"), _gdelt_line("2", "99991231"),
                               _gdelt_line("3", "20160131")]) + "\n", encoding="utf-8")
    db = tmp_path / "store.sqlite"
    proc = run("timeline", "import", "gdelt", str(path), "--db", str(db))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err[-3000:]
    summary = json.loads(proc.stdout)
    assert summary["events"] == 2 and [f["row"] for f in summary["failed"]] == [2], summary
    assert "out of range" in summary["failed"][0]["error"]


def test_the_dashboard_survives_an_event_stored_on_9999_12_31(tmp_path, monkeypatch):
    """A store written before the importers refused such rows: "All dates" with "Counts", and a share link."""
    import datetime as dt

    from streamlit import config as st_config
    from streamlit.testing.v1 import AppTest

    from geo import feature_codes as fc
    from tests.reliability.helpers import ROOT
    from timeline.imports.record import FieldEvent, FieldPlace, to_analysis
    from timeline.store import Store

    db = tmp_path / "store.sqlite"
    monkeypatch.setenv("NEWSMAP_DB", str(db))
    monkeypatch.setenv("MAP_TILES", "offline")
    place = FieldPlace(name="Sirte", lat=31.2, lon=16.6, country_code="LY", feature_code=fc.TOWN, label="Sirte, Libya")
    with Store.open(db) as store:
        for key, day in (("1", dt.date(2016, 1, 30)), ("2", dt.date(9999, 12, 31)), ("3", dt.date(2016, 2, 1))):
            store.save(to_analysis(FieldEvent(source="GDELT", key=key, type="ASSAULT", day=day, granularity="day",
                                              evidence="Clashes in Sirte.", published=dt.date(2016, 1, 31),
                                              place=place)))
    old = st_config.get_option("server.enableStaticServing")
    st_config.set_option("server.enableStaticServing", True)
    try:
        app = str(ROOT / "dashboard" / "app.py")
        at = AppTest.from_file(app, default_timeout=120)
        at.session_state["nm_tl_mode"] = "counts"
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        next(b for b in at.button if b.label == "All dates").click().run()
        assert not at.exception, [e.value for e in at.exception]
        link = AppTest.from_file(app, default_timeout=120)
        link.query_params["from"], link.query_params["to"] = "2016-01-01", "9999-12-31"
        link.session_state["nm_tl_mode"] = "counts"
        link.run()
        assert not link.exception, [e.value for e in link.exception]
    finally:
        st_config.set_option("server.enableStaticServing", old)


# --- item 7: ACLED files with a long field or a byte that is not UTF-8 -----------------------------------------

def test_acled_field_over_131072_characters_reads(tmp_path):
    long_notes = "Clashes in Sirte went on. " * 6000  # 156,000 characters: one long sentence of an export
    path = _write_acled(tmp_path / "acled.csv", [_acled_row("LBY1", "2016-01-30", notes=long_notes),
                                                 _acled_row("LBY2", "2016-01-31")])
    db = tmp_path / "store.sqlite"
    proc = run("timeline", "import", "acled", str(path), "--db", str(db))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr.decode(), proc.stderr.decode()[-3000:]
    assert json.loads(proc.stdout)["events"] == 2 and _stored_articles(db) == 2


def test_acled_byte_that_is_not_utf8_costs_its_row_only(tmp_path):
    path = _write_acled(tmp_path / "acled.csv", [_acled_row(f"LBY{i}", "2016-01-30") for i in range(6005)])
    data = path.read_bytes().replace(b"LBY6000,", b"LBY6000\xff,")  # row 6,002 of the file (the header is row 1)
    path.write_bytes(data)
    db = tmp_path / "store.sqlite"
    proc = run("timeline", "import", "acled", str(path), "--db", str(db))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err[-3000:]
    summary = json.loads(proc.stdout)
    assert [f["row"] for f in summary["failed"]] == [6002] and "not UTF-8" in summary["failed"][0]["error"]
    assert summary["events"] == 6004 and _stored_articles(db) == 6004
