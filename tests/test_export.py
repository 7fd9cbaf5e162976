"""``timeline.export``: the GeoJSON of ``python -m timeline events --format geojson`` is the dashboard's, one feature
per placed place of each event (it used to be one per event, at its main place only)."""
from __future__ import annotations

import json

from tests.conftest import SEED, run_cli
from dashboard.export import places_geojson
from timeline.cli import main
from timeline.export import to_geojson
from timeline.store import Store


def test_cli_geojson_has_a_feature_per_place_of_each_event(capsys):
    code, out, _ = run_cli(main, ["events", str(SEED), "--format", "geojson"], capsys=capsys)
    assert code == 0
    features = json.loads(out)["features"]
    code, out, _ = run_cli(main, ["events", str(SEED)], capsys=capsys)
    events = json.loads(out)["events"]
    # what each event's features must be: its location, then its other places, one per coordinate
    expected = []
    for e in events:
        points = []
        for p in [e["location"], *e["places"]]:
            if p and p["lat"] is not None and [p["lon"], p["lat"]] not in points:
                points.append([p["lon"], p["lat"]])
        expected += [(e["id"], pt) for pt in points] or [(e["id"], None)]
    got = [(f["properties"]["event_id"], f["geometry"]["coordinates"] if f["geometry"] else None) for f in features]
    assert got == expected
    assert len(features) > len(events)  # some event names more than one place: the case the old export dropped
    several = next(e["id"] for e in events if sum(1 for i, _ in expected if i == e["id"]) > 1)
    roles = [f["properties"]["role"] for f in features if f["properties"]["event_id"] == several]
    assert roles[0] == "location" and set(roles[1:]) == {"mentioned"}
    assert [f["id"] for f in features if f["properties"]["event_id"] == several] == [
        f"{several}#{i}" for i in range(len(roles))]


def test_dashboard_geojson_is_the_cli_s(tmp_path, capsys):
    """One implementation: the dashboard's download and the CLI's bytes are the same for the same events."""
    db = tmp_path / "e.db"
    assert run_cli(main, ["ingest", str(SEED), "--db", str(db)], capsys=capsys)[0] == 0
    with Store.open(db) as store:
        events = store.events()
    assert events and places_geojson(events) == to_geojson(events)


def test_an_incident_exports_as_one_acled_row_with_all_its_sources_and_an_id_per_feature(tmp_path):
    """Two outlets' reports of one storm: one incident. Listed one per incident, the ACLED file has one row for
    it with both outlets in `source` and both reports' addresses in `notes`; the GeoJSON's and the CSV's lead
    features carry the incident's id and its count of reports."""
    import csv
    import datetime as dt
    import io
    import json

    from dashboard import export
    from timeline.events import analyse_article
    from timeline.query import Filters
    from timeline.records import Article
    from timeline.store import Store

    texts = [("Fiji storm", "Fiji Times", "2016-02-22",
              "Cyclone Winston struck Suva on February 20. The Red Cross sent aid to Fiji on Monday."),
             ("Cyclone Winston hits Fiji", "Fiji Sun", "2016-02-23",
              "Cyclone Winston struck Suva in Fiji on Saturday, February 20, tearing roofs from houses.")]
    with Store.open(tmp_path / "s.sqlite") as store:
        for title, source, day, text in texts:
            store.save(analyse_article(Article(text=text, title=title, source=source, url=f"https://example.org/{source}",
                                               published=dt.date.fromisoformat(day))))
        (incident,) = [i for i in store.incidents() if i.reports > 1]
        one = Filters(per_incident=True)
        events = list(export.iter_events(store, one))
        assert len(events) == len(list(export.iter_events(store, Filters()))) - 1  # the later report's lead folds in
        rows = list(csv.DictReader(io.StringIO(export.acled_csv(events, {"FJ": "Fiji"}, store.incidents(one)).decode())))
        (storm,) = [r for r in rows if "Fiji Times" in r["source"] and "Fiji Sun" in r["source"]]
        assert storm["notes"].endswith("[2 reports: https://example.org/Fiji Times; https://example.org/Fiji Sun]")
        assert sum("Fiji Sun" in r["source"] for r in rows) == 1  # no row of the second report's lead by itself
        features = json.loads(export.places_geojson(export.iter_events(store, Filters())))["features"]
        leads = {f["properties"]["event_id"]: f["properties"] for f in features if f["properties"]["lead"]}
        assert {p["incident_id"] for p in leads.values()} == {incident.id}
        assert all(p["reports"] == 2 for p in leads.values())
        assert all(f["properties"]["incident_id"] is None for f in features if not f["properties"]["lead"])
        table = list(csv.DictReader(io.StringIO(export.to_csv(events).decode())))
        assert [r["reports"] for r in table if r["incident_id"] == incident.id] == ["2"]
