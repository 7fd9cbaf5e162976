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
