"""``python -m timeline import acled|gdelt``: small ACLED and GDELT files written here, imported into a real SQLite
store and a real Parquet dataset (read back with DuckDB), checking what each row becomes."""
from __future__ import annotations

import csv
import dataclasses
import json
import datetime as dt
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli
from timeline.cli import main
from timeline.store.duck import DuckStore
from timeline.query import Filters
from timeline.store import Store

ACLED_HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                "fatalities", "tags", "timestamp"]
ATAREB_NOTES = 'On 15 March 2024, regime forces clashed with HTS fighters near Atareb, "west of Aleppo"; 3 killed.'
ACLED_ROWS = [
    # an exact day at an exact town; a week near a town; a month known only by its region (and its old date form)
    ["SYR123456", "2024-03-15", "2024", "1", "Political violence", "Battles", "Armed clash",
     "Military Forces of Syria (2000-2024)", "", "State forces", "Hayat Tahrir al-Sham", "", "Rebel group", "12", "",
     "760", "Middle East", "Syria", "Aleppo", "Jebel Saman", "Atareb", "Atareb", "36.1361", "36.8339", "1",
     "Syrian Observatory for Human Rights", "National", ATAREB_NOTES, "3", "", "1710700000"],
    ["NIG998877", "2024-02-07", "2024", "2", "Demonstrations", "Protests", "Peaceful protest",
     "Protesters (Nigeria)", "Labour Group (Nigeria)", "6", "", "", "", "60", "", "566", "Western Africa",
     "Nigeria", "Lagos", "Ikeja", "", "Ikeja", "6.6018", "3.3515", "2", "Punch (Nigeria)", "National",
     "During the week of 5 February 2024, workers protested near Ikeja against fuel prices.", "0", "", "1707800000"],
    ["UKR555111", "15 January 2024", "2024", "3", "Strategic developments", "Strategic developments", "Arrests",
     "Police Forces of Ukraine (2019-)", "", "1", "Civilians (Ukraine)", "", "7", "17", "", "804", "Europe",
     "Ukraine", "Kharkiv", "Kharkivskyi", "", "Kharkiv", "49.9935", "36.2304", "3", "Ukrainska Pravda", "National",
     "In January 2024, police detained several men in Kharkiv region.", "0", "", "1706000000"],
    # bad rows: no such day, an event type ACLED does not have, a latitude that is no number
    ["SYR000001", "2024-02-30"] + ["x"] * 29,
    ["SYR000002", "2024-03-01", "2024", "1", "", "Picnics", "", "A", "", "1", "", "", "", "", "", "760", "", "Syria",
     "", "", "", "Aleppo", "36.2", "37.1", "1", "", "", "notes", "0", "", ""],
    ["SYR000003", "2024-03-01", "2024", "1", "", "Riots", "Mob violence", "Rioters (Syria)", "", "5", "", "", "", "",
     "", "760", "", "Syria", "", "", "", "Aleppo", "north", "37.1", "1", "", "", "notes", "0", "", ""],
]


def write_acled(path: Path, rows=ACLED_ROWS) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ACLED_HEADER)
        w.writerows([r[:len(ACLED_HEADER)] + [""] * (len(ACLED_HEADER) - len(r)) for r in rows])
    return path


def gdelt_line(event_id, day, code, actor1=("", "", "", ""), actor2=("", "", "", ""), geo=("", "", "", "", ""),
               added="20240316081500", url="https://www.example-news.com/2024/03/16/story.html") -> str:
    """One GDELT 2.0 event line, its columns placed by their numbers in the GDELT 2.0 event codebook."""
    f = [""] * 61
    f[0], f[1], f[2], f[3], f[4] = event_id, day, day[:6], day[:4], f"{day[:4]}.2000"
    f[5], f[6], f[7], f[12] = actor1  # Actor1Code, Actor1Name, Actor1CountryCode, Actor1Type1Code
    f[15], f[16], f[17], f[22] = actor2
    f[25], f[26], f[27], f[28] = "1", code, code[:3], code[:2]  # IsRootEvent, EventCode, EventBaseCode, EventRootCode
    f[29], f[30], f[31], f[32], f[33], f[34] = "4", "-10.0", "6", "1", "6", "-8.5"
    f[51], f[52], f[53], f[56], f[57] = geo  # ActionGeo_Type, _FullName, _CountryCode (FIPS), _Lat, _Long
    f[59], f[60] = added, url
    return "\t".join(f)


GDELT_LINES = [
    gdelt_line("1160000001", "20240315", "190", ("SYRMIL", "SYRIA", "SYR", "MIL"), ("SYRREB", "REBEL", "SYR", "REB"),
               ("4", "Atarib, Halab, Syria", "SY", "36.1389", "36.83")),
    gdelt_line("1160000002", "20240315", "036", ("DEU", "GERMANY", "DEU", ""), ("FRA", "FRANCE", "FRA", ""),
               ("1", "Germany", "GM", "51.5", "10.5")),
    gdelt_line("1160000003", "20240314", "141", ("USAEDU", "STUDENT", "USA", "EDU"), ("USAGOV", "GOVERNOR", "USA", "GOV"),
               ("2", "Texas, United States", "US", "31.106", "-97.6475")),
    gdelt_line("1160000004", "20240314", "0874", ("RUSMIL", "RUSSIA", "RUS", "MIL"), geo=(
               "5", "Kherson, Ukraine", "UP", "46.6354", "32.6169")),
    gdelt_line("1160000005", "20240313", "010", ("USAGOV", "WHITE HOUSE", "USA", "GOV"),
               geo=("3", "Austin, Texas, United States", "US", "30.2672", "-97.7431")),
    gdelt_line("1160000006", "20240313", "043", ("ZAF", "SOUTH AFRICA", "ZAF", "")),  # GDELT could not place it
    gdelt_line("1160000007", "20240313", "999", ("X", "X", "", "")),  # no CAMEO root 99
    "1160000008\t20240313\tshort line",
    gdelt_line("1160000009", "2024-03-13", "190"),
]


def write_gdelt(path: Path, lines=GDELT_LINES, *, zipped: bool = False) -> Path:
    text = "\n".join(lines) + "\n"
    if not zipped:
        path.write_text(text, encoding="utf-8")
        return path
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(path.name.removesuffix(".zip"), text)
    return path


def by_id(events):
    return {se.event.id: se for se in events}


# ------------------------------------------------------------------------------------------------ ACLED

def test_acled_into_the_store(tmp_path, capsys):
    db = tmp_path / "events.db"
    code, out, err = run_cli(main, ["import", "acled", str(write_acled(tmp_path / "acled.csv")), "--db", str(db)],
                             capsys=capsys)
    assert code == 1  # three bad rows
    lines = err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("python -m timeline: error: ") for line in lines)
    assert "row 5:" in lines[0] and "event_date '2024-02-30'" in lines[0]
    assert "row 6:" in lines[1] and "'Picnics'" in lines[1]
    assert "row 7:" in lines[2] and "latitude 'north'" in lines[2]
    with Store.open(db) as store:
        events = by_id(store.events())
        actors = {a.actor.name: a.actor.kind for a in store.actors()}
    assert set(events) == {"acled-SYR123456", "acled-NIG998877", "acled-UKR555111"}

    clash = events["acled-SYR123456"]
    assert clash.source == "ACLED" and clash.event.type == "ASSAULT"
    assert clash.event.sentence == ATAREB_NOTES  # the notes are the evidence
    loc = clash.event.location
    assert (loc.entry.name, loc.entry.feature_code, loc.entry.country_code) == ("Atareb", "PPL", "SY")
    assert (loc.entry.lat, loc.entry.lon) == (36.1361, 36.8339)
    assert clash.event.date.precision == "day" and clash.event.day_range == (dt.date(2024, 3, 15),) * 2
    assert clash.event.actors == ("Military Forces of Syria (2000-2024)", "Hayat Tahrir al-Sham")
    assert actors["Military Forces of Syria (2000-2024)"] == "government" and actors["Hayat Tahrir al-Sham"] == "group"

    protest = events["acled-NIG998877"]
    assert protest.event.type == "PROTEST" and protest.event.actors == ("Protesters (Nigeria)",)
    assert protest.event.location.entry.feature_code == "ADM2"  # near a town: an area around it
    assert protest.event.location.entry.country_code == "NG"
    assert protest.event.date.precision == "week" and protest.event.date.value == "2024-W06"
    assert protest.event.day_range == (dt.date(2024, 2, 5), dt.date(2024, 2, 11))

    arrests = events["acled-UKR555111"]
    assert arrests.event.type == "COERCE"  # Strategic developments: Arrests
    assert (arrests.event.location.entry.name, arrests.event.location.entry.feature_code) == ("Kharkiv", "ADM1")
    assert arrests.event.date.precision == "month" and arrests.event.date.value == "2024-01"
    assert arrests.event.day_range == (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert actors["Civilians (Ukraine)"] == "group" and actors["Police Forces of Ukraine (2019-)"] == "government"

    with Store.open(db) as store:  # the event's offsets are the article's: date and place are where they say
        text = store.article(clash.event.article_id)["text"]
    assert text[loc.start:loc.end] == "Atareb" and text[:clash.event.end] == ATAREB_NOTES
    assert "Sources: Syrian Observatory for Human Rights" in text and "Fatalities: 3" in text


def test_acled_import_again_replaces_never_duplicates(tmp_path, capsys):
    db, path = tmp_path / "events.db", write_acled(tmp_path / "acled.csv", ACLED_ROWS[:3])
    assert run_cli(main, ["import", "acled", str(path), "--db", str(db)], capsys=capsys)[0] == 0
    with Store.open(db) as store:
        before = store.count()
    corrected = [list(r) for r in ACLED_ROWS[:3]]
    corrected[0][27] = "Corrected: regime forces and HTS clashed in Atareb."
    corrected[0][22] = "36.1400"
    code, _, _ = run_cli(main, ["import", "acled", str(write_acled(tmp_path / "v2.csv", corrected)), "--db", str(db)],
                         capsys=capsys)
    assert code == 0
    with Store.open(db) as store:
        assert store.count() == before == {"articles": 3, "events": 3, "places": 3, "actors": 5, "timexes": 3}
        clash = by_id(store.events())["acled-SYR123456"]
    assert clash.event.sentence.startswith("Corrected:") and clash.event.location.entry.lat == 36.14


def test_the_project_s_own_acled_export_reads_back(tmp_path, capsys):
    """The dashboard's ACLED-style CSV has no event ids: a row is keyed by its content, so it still imports once."""
    from dashboard.export import acled_csv

    db = tmp_path / "a.db"
    run_cli(main, ["import", "acled", str(write_acled(tmp_path / "acled.csv", ACLED_ROWS[:3])), "--db", str(db)],
            capsys=capsys)
    with Store.open(db) as store:
        exported = tmp_path / "export.csv"
        exported.write_bytes(acled_csv(store.events()))
    again = tmp_path / "b.db"
    for _ in range(2):
        code, _, err = run_cli(main, ["import", "acled", str(exported), "--db", str(again)], capsys=capsys)
        assert code == 0, err
    with Store.open(db) as a, Store.open(again) as b:
        assert b.count()["events"] == 3
        old = sorted((se.event.type, se.event.day_range, se.event.location.entry.name) for se in a.events())
        new = sorted((se.event.type, se.event.day_range, se.event.location.entry.name) for se in b.events())
    assert [(t, d) for t, d, _ in new] == [(t, d) for t, d, _ in old]
    with Store.open(again) as b:
        assert sorted(se.event.location.entry.country_code for se in b.events()) == ["NG", "SY", "UA"]



def test_the_dashboard_s_acled_export_of_analysed_articles_reads_back_with_no_row_refused(tmp_path, capsys):
    """Events of analysed news have no place, or no date, where ACLED's rows always have both: the export
    writes those columns blank, and the reader takes them as an unplaced or undated event (it refused them,
    "invalid latitude ''", 30 of the 85 rows of the seeds and the dashboard's articles)."""
    from articles import Article, read_article
    from dashboard.export import acled_csv
    from tests.conftest import SEED
    from timeline.events import analyse_article
    from timeline.imports import acled

    db = tmp_path / "news.db"
    undated = Article(text="Rebels attacked a convoy near the border. The army said it had repelled them.",
                      title="No date", source="wire")
    with Store.open(db) as store:
        store.save(analyse_article(read_article(SEED)))
        store.save(analyse_article(undated))
        exported = tmp_path / "export.csv"
        exported.write_bytes(acled_csv(store.events()))
        events = store.events()
    rows = list(acled.read(exported))
    assert [r.error for r in rows if r.error] == []
    assert len(rows) == len(events)
    assert any(se.event.location is None for se in events) and any(se.event.date is None for se in events)
    again = tmp_path / "again.db"
    code, _, err = run_cli(main, ["import", "acled", str(exported), "--db", str(again)], capsys=capsys)
    assert code == 0, err
    with Store.open(again) as b:
        back = b.events()
    assert len(back) == len(events)
    assert sorted(se.event.type for se in back) == sorted(se.event.type for se in events)
    assert sum(se.event.location is None for se in back) == sum(not acled.event_places(se.event) for se in events)
    assert sum(se.event.date is None for se in back) == sum(se.event.day_range is None for se in events)

# ------------------------------------------------------------------------------------------------ GDELT

def test_gdelt_zip_into_a_dataset(tmp_path, capsys):
    out = tmp_path / "dataset"
    export = write_gdelt(tmp_path / "20240316081500.export.CSV.zip", zipped=True)
    code, summary, err = run_cli(main, ["import", "gdelt", str(export), "--out", str(out)], capsys=capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert [line.split(": row ")[1].split(":")[0] for line in lines] == ["7", "8", "9"]
    assert "EventCode '999'" in lines[0] and "3 tab-separated fields" in lines[1] and "SQLDATE '2024-03-13'" in lines[2]
    assert '"events": 6' in summary
    with DuckStore(out) as ds:
        events = by_id(ds.events())
    assert set(events) == {f"gdelt-116000000{i}" for i in range(1, 7)}
    kinds = {i: events[f"gdelt-116000000{i}"].event.location for i in range(1, 7)}
    assert (kinds[1].entry.name, kinds[1].entry.feature_code, kinds[1].entry.country_code) == ("Atarib", "PPL", "SY")
    assert (kinds[2].entry.feature_code, kinds[2].entry.country_code) == ("PCLI", "DE")  # FIPS GM is Germany
    assert (kinds[3].entry.name, kinds[3].entry.feature_code, kinds[3].entry.country_code) == ("Texas", "ADM1", "US")
    assert (kinds[4].entry.feature_code, kinds[4].entry.country_code) == ("ADM1", "UA")  # FIPS UP is Ukraine
    assert (kinds[5].entry.name, kinds[5].entry.feature_code) == ("Austin", "PPL")
    assert kinds[6] is None and events["gdelt-1160000006"].event.places == ()
    types = {i: events[f"gdelt-116000000{i}"].event.type for i in range(1, 7)}
    assert types == {1: "ASSAULT", 2: "AGREE", 3: "PROTEST", 4: "RETREAT", 5: "STATEMENT", 6: "CONSULT"}
    clash = events["gdelt-1160000001"]
    assert clash.event.actors == ("SYRIA", "REBEL") and clash.source == "GDELT"
    assert clash.url == "https://www.example-news.com/2024/03/16/story.html"  # the evidence: the article coded
    assert clash.published == dt.date(2024, 3, 16)  # DATEADDED
    assert clash.event.date.precision == "day" and clash.event.day_range == (dt.date(2024, 3, 15),) * 2


def test_gdelt_dataset_import_again_adds_nothing(tmp_path, capsys):
    out = tmp_path / "dataset"
    export = write_gdelt(tmp_path / "e.CSV", GDELT_LINES[:3])
    assert run_cli(main, ["import", "gdelt", str(export), "--out", str(out)], capsys=capsys)[0] == 0
    code, summary, _ = run_cli(main, ["import", "gdelt", str(export), "--out", str(out)], capsys=capsys)
    assert code == 0 and '"events": 0' in summary and '"skipped": 3' in summary
    # another file repeating one event: the repeat is skipped, the new one goes in
    other = write_gdelt(tmp_path / "f.CSV", GDELT_LINES[2:4])
    code, summary, _ = run_cli(main, ["import", "gdelt", str(other), "--out", str(out)], capsys=capsys)
    assert code == 0 and '"events": 1' in summary and '"skipped": 1' in summary
    with DuckStore(out) as ds:
        assert ds.count()["events"] == 4 and len({se.event.id for se in ds.events()}) == 4


def test_the_source_filter_tells_the_data_sets_apart(tmp_path, capsys):
    db, out = tmp_path / "events.db", tmp_path / "dataset"
    acled, gdelt = write_acled(tmp_path / "a.csv", ACLED_ROWS[:3]), write_gdelt(tmp_path / "g.CSV", GDELT_LINES[:6])
    for target in (["--db", str(db)], ["--out", str(out)]):
        assert run_cli(main, ["import", "acled", str(acled), *target], capsys=capsys)[0] == 0
        assert run_cli(main, ["import", "gdelt", str(gdelt), *target], capsys=capsys)[0] == 0
    with Store.open(db) as store:
        kinds = {a.actor.name: a.actor.kind for a in store.actors()}
    assert (kinds["GERMANY"], kinds["SYRIA"], kinds["REBEL"], kinds["STUDENT"], kinds["GOVERNOR"]) == (
        "country", "government", "group", "organization", "government")
    with Store.open(db) as store, DuckStore(out) as ds:
        for s in (store, ds):
            assert {(v.value, v.count) for v in s.value_counts("sources")} == {("ACLED", 3), ("GDELT", 6)}
            assert {se.event.id.split("-")[0] for se in s.events(Filters(sources=("GDELT",)))} == {"gdelt"}
            assert len(s.events(Filters(sources=("ACLED",), types=("ASSAULT",)))) == 1
            assert {se.event.id for se in s.events(Filters(countries=("SY",)))} == {"acled-SYR123456",
                                                                                      "gdelt-1160000001"}


# ------------------------------------------------------------------------------------------------ not the format

@pytest.mark.parametrize("fmt, make, message", [
    ("gdelt", lambda p: write_acled(p / "acled.csv"), "not a GDELT 2.0 events export"),
    ("acled", lambda p: write_gdelt(p / "g.CSV"), "not an ACLED CSV export"),
    ("gdelt", lambda p: write_gdelt(p / "old.CSV", ["\t".join(["1"] * 57)]), "GDELT 1.0"),
    ("acled", lambda p: (p / "empty.csv").write_text("") or p / "empty.csv", "empty file"),
])
def test_a_file_of_another_format_stores_nothing(tmp_path, capsys, fmt, make, message):
    path = make(tmp_path)
    for target in (["--db", str(tmp_path / "x.db")], ["--out", str(tmp_path / "ds")]):
        code, out, err = run_cli(main, ["import", fmt, str(path), *target], capsys=capsys)
        assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "ds").exists()


def test_save_many_is_one_transaction(tmp_path):
    """The import's store writes: a batch goes in whole, replacing earlier copies, or not at all."""
    from timeline.imports.acled import event_of
    from timeline.imports.record import to_analysis
    from timeline.records import Actor
    from timeline.store import StoreError

    rows = [dict(zip(ACLED_HEADER, r)) for r in ACLED_ROWS[:3]]
    analyses = [to_analysis(event_of(r)) for r in rows]
    with Store.open(tmp_path / "s.db") as store:
        store.save_many(analyses)
        store.save_many(analyses[:1])  # again: replaced, not added
        assert store.count()["events"] == 3
        assert {a.actor.name: a.articles for a in store.actors()}["Military Forces of Syria (2000-2024)"] == 1
        fresh = to_analysis(event_of(dict(rows[0], event_id_cnty="SYR777777")))
        bad = dataclasses.replace(fresh, actors=(Actor(name="Military Forces of Syria (2000-2024)", kind="army"),))
        with pytest.raises(StoreError, match="kind 'army'"):
            store.save_many([to_analysis(event_of(dict(rows[1], event_id_cnty="NIG000000"))), bad])
        assert store.count()["events"] == 3 and "acled-NIG000000" not in by_id(store.events())


def test_a_killed_dataset_import_resumes_without_duplicates(tmp_path):
    """SIGKILL once the first unit is committed; the same command again commits the rest, and no event twice."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from timeline.imports.run import UNIT_ROWS

    n = UNIT_ROWS * 2 + 1500  # three units
    lines = [gdelt_line(str(1180000000 + i), f"2024{i % 12 + 1:02d}{i % 28 + 1:02d}", "190",
                        ("SYRMIL", "SYRIA", "SYR", "MIL"), geo=("4", "Atarib, Halab, Syria", "SY",
                                                                f"{30 + i % 10}.5", f"{30 + i % 17}.25"))
             for i in range(n)]
    export, out = write_gdelt(tmp_path / "big.CSV", lines), tmp_path / "ds"
    root = Path(__file__).resolve().parent.parent
    cmd = [sys.executable, "-m", "timeline", "import", "gdelt", str(export), "--out", str(out)]
    env = dict(os.environ, PYTHONPATH=str(root))
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if list((out / "_manifest").glob("import-*.json")):
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.communicate()
    killed = proc.returncode == -signal.SIGKILL
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["events"] + summary["skipped"] == n
    if killed:  # (a machine fast enough to finish first has nothing to resume)
        assert summary["skipped"] >= UNIT_ROWS and summary["events"] < n
    with DuckStore(out) as ds:
        assert ds.count()["events"] == n
        assert len({se.event.id for se in ds.events(Filters(sources=("GDELT",)))}) == n
