"""The scoring protocol on hand-made gold and predictions (pure: no model)."""
from __future__ import annotations

from geo.evaluate import align, evaluate, format_table, score_document


def gold(start, end, lat=10.0, lon=10.0, gid="1"):
    return {"start": start, "end": end, "phrase": "x", "lat": lat, "lon": lon, "geonameid": gid}


def pred(start, end, lat=10.0, lon=10.0, gid=1):
    return {"start": start, "end": end, "lat": lat, "lon": lon, "geonameid": gid}


def test_overlap_alignment_is_one_to_one_largest_first():
    g = [gold(0, 10), gold(12, 20)]
    p = [pred(2, 11), pred(0, 4), pred(13, 19)]
    assert sorted(align(g, p, exact=False)) == [(0, 0), (1, 2)]
    assert align(g, p, exact=True) == []


def test_scores():
    g = [gold(0, 5), gold(10, 15, lat=None), gold(20, 25, gid=None), gold(30, 35)]
    p = [pred(0, 5), pred(20, 25, lat=12.0), pred(40, 45)]  # second is ~222 km off
    t = score_document(g, p, exact=False)
    assert (t.gold, t.pred, t.aligned, t.within) == (3, 3, 2, 1)
    fig = t.figures()
    assert fig["acc@161"] == 33.3 and fig["precision"] == 66.7 and fig["recall"] == 66.7
    assert fig["em"] == 50.0  # one of two gold with an id matched


def test_unresolved_prediction_counts_for_detection_not_accuracy():
    t = score_document([gold(0, 5)], [pred(0, 5, lat=None, lon=None, gid=None)], exact=True)
    assert t.aligned == 1 and t.within == 0 and t.errors_km == []


def test_pooled_report():
    corpora = {"a": [{"toponyms": [gold(0, 5)]}], "b": [{"toponyms": [gold(0, 5)]}]}
    preds = {"a": [[pred(0, 5)]], "b": [[]]}
    report = evaluate(corpora, preds)
    assert report["overlap"]["pooled"]["acc@161"] == 50.0
    assert report["overlap"]["a"]["f1"] == 100.0 and report["overlap"]["b"]["recall"] == 0.0


def test_errors_are_shared_out_by_cause():
    # four gold toponyms: one right, one not detected, one detected without a place, one placed 222 km off
    g = [gold(0, 5), gold(10, 15), gold(20, 25), gold(30, 35)]
    p = [pred(0, 5), pred(20, 25, lat=None, lon=None, gid=None), pred(30, 35, lat=12.0)]
    fig = score_document(g, p, exact=False).figures()
    assert fig["error_causes"] == {"missed": 33.3, "unplaced": 33.3, "misplaced": 33.3}
    assert score_document([gold(0, 5)], [pred(0, 5)], exact=False).figures()["error_causes"] == {
        "missed": 0.0, "unplaced": 0.0, "misplaced": 0.0}
    assert "misplaced%" in format_table(evaluate({"a": [{"toponyms": g}]}, {"a": [p]}))
